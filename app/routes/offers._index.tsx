import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { and, asc, eq } from "drizzle-orm";
import { COMMUNICATION_SUPPORT, DELIVERY_MODES, LANGUAGES, frameworkLots, frameworks } from "@db/schema";
import { getActor } from "~/auth/session.server";
import { Button, DsForm, ErrorSummary, InsetText, Pagination, Radios, Select, Tag, TextInput } from "~/components/ds";
import { OutcomesList } from "~/components/people/person-record";
import { budgetsInView } from "~/domain/agreements/agreements.server";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { BUDGET_UNITS, COMMUNICATION_SUPPORT_LABELS, COST_UNIT_LABELS, DELIVERY_MODE_LABELS, LANGUAGE_LABELS, outcomeMatchText, SEARCH_TEXT_MAX } from "~/domain/offers/labels";
import { budgetUnitOf, offerQueryFromParams, personOutcomeIdsFor, searchableCouncils, searchCouncil, searchOffers } from "~/domain/offers/search.server";
import { capacityText, costText, deliveryText } from "~/domain/offers/view";
import { BUDGET_PERIOD_LABELS, OPTION_LABELS } from "~/domain/people/labels";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import type { FormProblems } from "~/lib/forms";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (page: { problems: FormProblems | null }) => `${page.problems ? "Error: " : ""}Find support` };

const FILTERS = ["q", "outcome", "lot", "locality", "careGroup", "age", "deliveryMode", "language", "accepting", "budget", "budgetUnit", "sort", "council"];

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const db = database();
    const actor = await getActor(request);
    const params = new URL(request.url).searchParams;
    const council = searchCouncil(db, params.get("council"), actor);
    if (!council) return { council: null, councils: [], budgets: [], values: {} as Record<string, string>, options: null, page: null, query: "", problems: null, budgetFilter: null };
    const { query, problems } = offerQueryFromParams(params, council.id);
    const refused = Object.keys(problems).length > 0;
    const page = refused ? null : searchOffers(db, { ...query, personOutcomeIds: personOutcomeIdsFor(db, actor) }, actor);
    const lots = db
      .select({ id: frameworkLots.id, name: frameworkLots.name })
      .from(frameworkLots)
      .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
      .where(and(eq(frameworks.councilId, council.id), frameworkInForce(frameworks.id)))
      .orderBy(asc(frameworkLots.position))
      .all();
    const values = Object.fromEntries(FILTERS.map((name) => [name, params.get(name)?.slice(0, 200) ?? ""]));
    values.budgetUnit = budgetUnitOf(params);
    return data(
      {
        council,
        councils: searchableCouncils(db).map((c) => ({ slug: c.slug, name: c.name })),
        budgets: actor ? budgetsInView(db, actor) : [],
        values,
        problems: refused ? ({ fieldErrors: problems, values } satisfies FormProblems) : null,
        budgetFilter: query.maxCost && !refused ? `${formatPence(query.maxCost.pence)} or less ${COST_UNIT_LABELS[query.maxCost.unit]}` : null,
        query: new URLSearchParams(FILTERS.flatMap((name) => (values[name] ? [[name, values[name]!]] : []))).toString(),
        options: {
          outcomes: councilList(db, council.id, "outcome"),
          localities: councilList(db, council.id, "locality"),
          careGroups: councilList(db, council.id, "care_group"),
          lots,
        },
        page: page && {
          ...page,
          results: page.results.map((r) => ({
            id: r.id,
            title: r.title,
            summary: r.summary,
            provider: r.provider,
            lot: r.lot,
            accepting: r.accepting,
            capacity: capacityText(r.accepting, r.places),
            localities: r.localities.join(", "),
            delivery: deliveryText(r.deliveryModes),
            cost: r.lowestCost ? `From ${costText(r.lowestCost)}` : "",
            outcomesMatched: r.outcomesMatched,
          })),
        },
      },
      { status: refused ? 400 : 200 },
    );
  });
}

export default function FindSupport() {
  const { council, councils, budgets, values, options, page, query, problems, budgetFilter } = useLoaderData<typeof loader>();
  if (!council || !options) {
    return (
      <>
        <h1 className="ds_page-header__title">Find support</h1>
        <p>There are no councils using this service yet.</p>
      </>
    );
  }
  const pageHref = (p: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(p));
    return `/offers?${params.toString()}`;
  };
  const any = (label: string) => label;
  return (
    <div className="app-wide">
      <ErrorSummary problems={problems} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{council.name}</span>
        <h1 className="ds_page-header__title">Find support</h1>
      </header>
      <p className="ds_lead">Search the support offered by providers on {council.name}'s provider framework. You can use your Self-directed Support budget with any of them.</p>
      {councils.length > 1 && (
        <DsForm method="get" action="/offers" defaults={{ council: council.slug }} summary={false}>
          <Select name="council" label="Council" hint="Search the offers in another council's area" options={councils.map((c) => ({ value: c.slug, label: c.name }))} />
          <Button variant="secondary">Change council</Button>
        </DsForm>
      )}
      <div className="app-search">
        <div className="app-search__filters">
          <DsForm method="get" action="/offers" defaults={values} problems={problems} summary={false}>
            <input type="hidden" name="council" value={council.slug} />
            <TextInput name="q" label="Search" hint="For example: gardening, dementia or a provider's name" type="search" maxLength={SEARCH_TEXT_MAX} />
            <Select name="outcome" label="Outcome it helps with" placeholder={any("Any outcome")} options={options.outcomes.map((o) => ({ value: o.id, label: o.label }))} />
            <Select name="locality" label="Area" placeholder={any("Any area")} options={options.localities.map((o) => ({ value: o.id, label: o.label }))} />
            <Select name="lot" label="Type of support" placeholder={any("Any type")} options={options.lots.map((o) => ({ value: o.id, label: o.name }))} />
            <Select name="careGroup" label="Who it is for" placeholder={any("Anyone")} options={options.careGroups.map((o) => ({ value: o.id, label: o.label }))} />
            <TextInput name="age" label="Age of the person" width={3} inputMode="numeric" />
            <Select name="deliveryMode" label="How it is delivered" placeholder={any("Any way")} options={DELIVERY_MODES.map((m) => ({ value: m, label: DELIVERY_MODE_LABELS[m] }))} />
            <Select
              name="language"
              label="Language or communication support"
              placeholder={any("Any")}
              options={[...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] })), ...COMMUNICATION_SUPPORT.map((c) => ({ value: c, label: COMMUNICATION_SUPPORT_LABELS[c] }))]}
            />
            <Radios
              name="accepting"
              legend="Taking new people"
              small
              options={[
                { value: "", label: "Show all" },
                { value: "yes", label: "Accepting new people now" },
                { value: "waiting_list", label: "Accepting now or has a waiting list" },
              ]}
            />
            <TextInput
              name="budget"
              label="Fits my budget: most I can pay"
              hint="In pounds, like 25 or 25.50. We compare your amount with offers priced the same way. Offers priced only another way are not shown when this is set."
              prefix="£"
              width={5}
              inputMode="decimal"
            />
            <Radios name="budgetUnit" legend="My budget is" small options={BUDGET_UNITS.map((unit) => ({ value: unit, label: COST_UNIT_LABELS[unit].charAt(0).toUpperCase() + COST_UNIT_LABELS[unit].slice(1) }))} />
            <Select
              name="sort"
              label="Sort by"
              options={[
                { value: "best", label: "Best match" },
                { value: "cost", label: "Lowest cost" },
                { value: "recent", label: "Most recently updated" },
              ]}
            />
            <Button>Search</Button>
          </DsForm>
          <p>
            <Link to={`/offers?council=${council.slug}`}>Clear all filters</Link>
          </p>
        </div>
        <div className="app-search__results">
          {budgets.map((b) => (
            <BudgetInView key={b.personId} person={b} />
          ))}
          {page ? <Results page={page} pageHref={pageHref} budgetFilter={budgetFilter} /> : <p>Correct the answers marked as having a problem, then search again to see the offers.</p>}
        </div>
      </div>
    </div>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * What the person browsing has to spend and wants from support, for each person they act for: the budget and its
 * split by option, what is left for a new Option 2 agreement (for those who may choose and sign), and the outcomes.
 */
function BudgetInView({ person: p }: { person: PageData["budgets"][number] }) {
  const whose = p.self ? "Your" : `${p.name}'s`;
  const per = p.budget ? BUDGET_PERIOD_LABELS[p.budget.period] : "";
  return (
    <InsetText>
      <h2 className="ds_h3">{whose} budget</h2>
      {p.budget ? (
        <>
          <p>
            {formatPence(p.budget.amountPence)} {per}, from {formatDate(p.budget.startsOn)}
            {p.budget.endsOn ? ` to ${formatDate(p.budget.endsOn)}` : ""}
            {p.budget.ended ? ". This budget has ended." : "."}
          </p>
          {p.budget.options.length === 0 ? (
            <p>How the budget is used has not been chosen yet.</p>
          ) : (
            <ul>
              {p.budget.options.map((o) => (
                <li key={o.option}>
                  {OPTION_LABELS[o.option]}: {formatPence(o.pence)} {per}
                </li>
              ))}
            </ul>
          )}
          {p.option2 && (
            <p>
              Not yet used by agreements, from {formatDate(p.option2.from)} to {formatDate(p.option2.to)}: <strong>{formatPence(p.option2.availablePence)}</strong>.
            </p>
          )}
        </>
      ) : (
        <p>No budget has been recorded yet.</p>
      )}
      <details className="ds_details">
        <summary className="ds_details__summary">
          {whose} outcomes ({p.outcomes.length})
        </summary>
        <div className="ds_details__text">
          <OutcomesList outcomes={p.outcomes} />
        </div>
      </details>
    </InsetText>
  );
}

/** The number found, one page of results, and links to the other pages. */
function Results({ page, pageHref, budgetFilter }: { page: NonNullable<PageData["page"]>; pageHref: (page: number) => string; budgetFilter: string | null }) {
  return (
    <>
      <h2 aria-live="polite">
        {page.total === 0 ? "No offers found" : `${page.total} ${page.total === 1 ? "offer" : "offers"} found`}
        {page.pageCount > 1 && (
          <span className="ds_hint-text">
            {" "}
            (page {page.page} of {page.pageCount})
          </span>
        )}
      </h2>
      {budgetFilter && <p>Offers with a price of {budgetFilter}. Offers priced only another way are not shown.</p>}
      {page.total === 0 && <p>Try fewer words, or remove some filters.</p>}
      <ol className="ds_search-results__list app-results">
        {page.results.map((r) => (
          <li className="ds_search-result" key={r.id}>
            <h3 className="ds_search-result__title">
              <Link className="ds_search-result__link" to={`/offers/${r.id}`}>
                {r.title}
              </Link>
            </h3>
            <p className="ds_search-result__summary">{r.summary}</p>
            <dl className="ds_metadata ds_metadata--inline">
              <div className="ds_metadata__item">
                <dt className="ds_metadata__key">Provider</dt> <dd className="ds_metadata__value">{r.provider}</dd>
              </div>
              <div className="ds_metadata__item">
                <dt className="ds_metadata__key">Type</dt> <dd className="ds_metadata__value">{r.lot}</dd>
              </div>
              {r.cost && (
                <div className="ds_metadata__item">
                  <dt className="ds_metadata__key">Cost</dt> <dd className="ds_metadata__value">{r.cost}</dd>
                </div>
              )}
              <div className="ds_metadata__item">
                <dt className="ds_metadata__key">Areas</dt> <dd className="ds_metadata__value">{r.localities}</dd>
              </div>
              <div className="ds_metadata__item">
                <dt className="ds_metadata__key">Delivered</dt> <dd className="ds_metadata__value">{r.delivery}</dd>
              </div>
            </dl>
            <p>
              <Tag colour={r.accepting === "yes" ? "green" : r.accepting === "waiting_list" ? "orange" : "grey"}>{r.capacity}</Tag>
              {page.personOutcomeCount > 0 && <> {outcomeMatchText(r.outcomesMatched, page.personOutcomeCount)}</>}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={page.page} pageCount={page.pageCount} href={pageHref} />
    </>
  );
}

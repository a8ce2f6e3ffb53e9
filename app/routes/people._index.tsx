import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ButtonLink, PageHeader, Pagination, Table, Tag } from "~/components/ds";
import { SearchSchema } from "~/domain/people/people.schema";
import { NO_LOCALITY } from "~/domain/people/labels";
import { searchPeople } from "~/domain/people/people.server";
import { BUDGET_FILTER_TEXT } from "~/domain/reporting/labels";
import { can } from "~/auth/permissions";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "People" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const search = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const canRecord = can(actor, "people.record", { councilId: actor.councilId ?? "" });
    const mine = canRecord && search.show === "mine";
    const result = searchPeople(database(), actor, { ...search, mine });
    return { ...result, q: search.q, mine, filter: { outcome: search.outcome, status: search.status ?? "", option: search.option ?? ("" as const), locality: search.locality }, canRecord };
  });
}

export default function People() {
  const { rows, total, page, pageCount, q, mine, filter, outcome, locality, canRecord } = useLoaderData<typeof loader>();
  const filters = Object.fromEntries(Object.entries(filter).filter(([, value]) => value));
  const href = (p: number) => `/people?${new URLSearchParams({ ...(q ? { q } : {}), ...(mine ? { show: "mine" } : {}), ...filters, page: String(p) })}`;
  return (
    <div className="app-wide">
      <PageHeader title="People" />
      {canRecord && <ButtonLink to="/people/new">Record a new person</ButtonLink>}
      <form method="get" className="ds_site-search" role="search">
        <label className="ds_label" htmlFor="q">
          Search by name or reference number
        </label>
        <div className="ds_input__wrapper ds_input__wrapper--has-icon">
          <input className="ds_input" type="search" id="q" name="q" defaultValue={q} />
          <button className="ds_button ds_button--small" type="submit">
            Search
          </button>
        </div>
        {canRecord && (
          <fieldset className="ds_!_margin-top--2">
            <legend className="ds_label">Show</legend>
            <div className="ds_field-group ds_field-group--inline">
              <div className="ds_radio ds_radio--small">
                <input className="ds_radio__input" type="radio" id="show-all" name="show" value="all" defaultChecked={!mine} />
                <label className="ds_radio__label" htmlFor="show-all">
                  Everyone in the council
                </label>
              </div>
              <div className="ds_radio ds_radio--small">
                <input className="ds_radio__input" type="radio" id="show-mine" name="show" value="mine" defaultChecked={mine} />
                <label className="ds_radio__label" htmlFor="show-mine">
                  My caseload
                </label>
              </div>
            </div>
          </fieldset>
        )}
        {Object.entries(filters).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </form>
      <p role="status">
        {total === 0 ? "No people found" : total === 1 ? "1 person" : `${total} people`}
        {mine && " in your caseload"}
        {filter.status && ` with ${filter.status === "open" ? "an open" : "a closed"} record`}
        {filter.outcome && ` with the outcome “${outcome ?? "unknown"}” in their support plan`}
        {filter.option && ` ${BUDGET_FILTER_TEXT[filter.option]}`}
        {filter.locality && (filter.locality === NO_LOCALITY ? " with no locality recorded" : ` in ${locality ?? "an unknown locality"}`)}
        {q && ` matching “${q}”`}
      </p>
      {Object.keys(filters).length > 0 && (
        <p>
          <Link to="/people">Show everyone</Link>
        </p>
      )}
      <Table
        caption={mine ? "Your caseload" : "People in your council"}
        rows={rows}
        rowKey={(r) => r.id}
        empty="Nobody matches your search."
        columns={[
          { header: "Name", cell: (r) => <Link to={`/people/${r.id}`}>{r.name}</Link> },
          { header: "Reference", cell: (r) => r.reference },
          { header: "Date of birth", cell: (r) => formatDate(r.dateOfBirth) },
          { header: "Practitioner", cell: (r) => r.practitioner ?? "None" },
          { header: "Status", cell: (r) => (r.status === "open" ? <Tag colour="green">Open</Tag> : <Tag colour="grey">Closed</Tag>) },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} href={href} />
    </div>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BarChart } from "~/components/bar-chart";
import { SummaryList, Table } from "~/components/ds";
import { HeatTable } from "~/components/heat-table";
import { OutcomesMetTables } from "~/components/outcomes-met";
import { MEDIAN_WINDOW_DAYS } from "~/domain/reporting/median";
import { currentDashboard } from "~/domain/reporting/dashboard-cache.server";
import type { DashboardTable, ForecastLinks, LotSpend, SpendRow } from "~/domain/reporting/dashboard.server";
import { outcomesMet, type OutcomesMetTable } from "~/domain/reporting/outcomes-met.server";
import { OPTION_COLUMN_LABELS, OPTION_KEYS, type OptionKey } from "~/domain/reporting/labels";
import { formatDate, todayIso } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Commissioning dashboard" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const today = todayIso();
    const db = database();
    return { ...currentDashboard(db, actor, today), outcomesMet: outcomesMet(db, actor, today) };
  });
}

function Download({ table, what }: { table: DashboardTable | OutcomesMetTable; what: string }) {
  return (
    <p>
      <a href={`/commissioning/dashboard/${table}.csv`} download>
        Download {what} as CSV
      </a>
    </p>
  );
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** The median in words, linked to the list of the cases it is taken over. */
const medianText = (figure: { days: number | null; count: number; href: string }, what: string) => (
  <Link to={figure.href}>
    {figure.days === null ? `No ${what} in the last ${MEDIAN_WINDOW_DAYS} days` : `${days(figure.days)} (over ${plural(figure.count, what.replace(/s$/, ""), what)})`}
  </Link>
);

const funds = (n: number) => plural(n, "fund", "funds");
/** "2 funds, by £340.00", linked to the funds list behind it when there is one. */
const forecastText = (count: number, pence: number, how: string, href?: string) => {
  if (count === 0) return "None";
  const text = `${funds(count)}, ${how} ${formatPence(pence)}`;
  return href ? <Link to={href}>{text}</Link> : text;
};

const spendColumns = <T extends Omit<SpendRow, "key" | "label" | "href"> & Partial<ForecastLinks>>() => [
  { header: "Funds", cell: (r: T) => r.accounts, numeric: true },
  { header: "Budget", cell: (r: T) => formatPence(r.funding), numeric: true },
  { header: "Planned to date", cell: (r: T) => formatPence(r.expected), numeric: true },
  { header: "Spent to date", cell: (r: T) => formatPence(r.spent), numeric: true },
  { header: "Forecast to overspend", cell: (r: T) => forecastText(r.overspend, r.overspendPence, "by", r.overspendHref) },
  { header: "Forecast to underspend", cell: (r: T) => forecastText(r.underspend, r.underspendPence, "leaving", r.underspendHref) },
];

export default function CommissioningDashboard() {
  const dashboard = useLoaderData<typeof loader>();
  const { waiting, lots, people, option2, spend, market, outcomes, applicationsToReview } = dashboard;
  const awaitingApproval = waiting.find((w) => w.key === "agreements_awaiting_approval")!;
  const gaps = dashboard.localityByLot.filter((c) => c.gap);
  return (
    <>
      <h1 className="ds_page-header__title">Commissioning dashboard</h1>
      <p className="ds_lead">Your council's figures on {formatDate(dashboard.today)}. Each figure links to the list behind it.</p>

      <ul className="app-figures" aria-label="Key figures">
        <li className="app-figures__item">
          <Link to={applicationsToReview.href}>
            <span className="app-figures__number">{applicationsToReview.count}</span>
            {applicationsToReview.count === 1 ? "application" : "applications"} to review
          </Link>
        </li>
        <li className="app-figures__item">
          <Link to={awaitingApproval.href}>
            <span className="app-figures__number">{awaitingApproval.count}</span>
            {awaitingApproval.count === 1 ? "agreement" : "agreements"} awaiting approval
          </Link>
        </li>
        <li className="app-figures__item">
          <a href="#gaps">
            <span className="app-figures__number">{market.gaps}</span>
            {market.gaps === 1 ? "gap" : "gaps"} in the market: a lot with no provider accepting new people in a locality
          </a>
        </li>
        <li className="app-figures__item">
          <Link to={people.hrefs.total}>
            <span className="app-figures__number">{people.totals.total}</span>
            {people.totals.total === 1 ? "person" : "people"} with a budget today
          </Link>
        </li>
        <li className="app-figures__item">
          <Link to={option2.href}>
            <span className="app-figures__number">{formatPence(option2.yearlyPence)}</span>a year in Option 2 budgets for {option2.people} {option2.people === 1 ? "person" : "people"}
          </Link>
        </li>
        <li className="app-figures__item">
          <Link to={spend.overspendHref}>
            <span className="app-figures__number">{spend.overspend}</span>
            {spend.overspend === 1 ? "fund" : "funds"} forecast to overspend{spend.overspend > 0 && `, by ${formatPence(spend.overspendPence)} in all`}
          </Link>
        </li>
      </ul>

      <h2>Work waiting</h2>
      <Table
        caption="Work waiting for the commissioning team"
        rows={waiting}
        rowKey={(w) => w.key}
        columns={[
          { header: "Waiting", cell: (w) => <Link to={w.href}>{w.label}</Link> },
          { header: "Number", cell: (w) => w.count, numeric: true },
          {
            header: "Age",
            cell: (w) =>
              w.oldestDays === null
                ? "None"
                : w.key === "evidence_expiring"
                  ? `First expires in ${days(w.oldestDays)}`
                  : w.key === "evidence_expired"
                    ? `Oldest expired ${days(w.oldestDays)} ago`
                    : `Oldest waiting ${days(w.oldestDays)}`,
          },
        ]}
      />
      <Download table="waiting" what="work waiting" />

      <h2>Market picture</h2>
      <BarChart
        heading="Providers admitted to each lot"
        labelHeader="Lot"
        valueHeader="Providers admitted"
        bars={lots.map((l) => ({ key: l.lotId, label: l.lot, value: l.admitted }))}
        labelCell={(bar) => <Link to={lots.find((l) => l.lotId === bar.key)!.href}>{bar.label}</Link>}
      />
      <Table
        caption="Providers on each lot of your frameworks"
        rows={lots}
        rowKey={(l) => l.lotId}
        empty="Your council has no published framework yet."
        columns={[
          { header: "Framework", cell: (l) => l.framework },
          { header: "Lot", cell: (l) => <Link to={l.href}>{l.lot}</Link> },
          { header: "Admitted", cell: (l) => l.admitted, numeric: true },
          { header: "Suspended", cell: (l) => <Link to={`/commissioning/applications?status=suspended&lot=${l.lotId}`}>{l.suspended}</Link>, numeric: true },
        ]}
      />
      <Download table="lots" what="providers per lot" />

      <h3>Offers and places by locality</h3>
      <p>
        Published service offers that people can find (from providers admitted to the lot and not suspended), by the localities they serve. Each cell gives the
        number of different providers accepting new people there, the number with a published offer there whatever its capacity, and the offers by capacity.
        A <strong>gap</strong> is a lot with no provider accepting new people in a locality, even if offers there have a waiting list or are full. Each cell
        links to the offers search for that lot and locality.
      </p>
      <HeatTable
        caption="Providers accepting new people, by locality and lot"
        rowHeader="Locality"
        rows={market.localities.map((l) => ({ key: l.id, label: l.label }))}
        columns={market.lots.map((l) => ({ key: l.id, label: l.label }))}
        cells={dashboard.localityByLot.map((c) => ({
          rowKey: c.localityId,
          columnKey: c.lotId,
          value: c.providersAccepting,
          gap: c.gap,
          detail:
            c.offers === 0
              ? "No offers"
              : `${plural(c.providersWithOffer, "provider", "providers")} with an offer. ${plural(c.offers, "offer", "offers")}: ${c.accepting} accepting, ${c.waitingList} waiting list, ${c.full} full`,
          href: c.href,
        }))}
        valueLabel={(n) => `${n} ${n === 1 ? "provider" : "providers"} accepting`}
      />
      <h3 id="gaps">Gaps</h3>
      <Table
        caption="Lots with no provider accepting new people, by locality"
        rows={gaps}
        rowKey={(c) => `${c.localityId}-${c.lotId}`}
        empty="No gaps: every lot has a provider accepting new people in every locality."
        columns={[
          { header: "Locality", cell: (c) => c.locality },
          { header: "Lot", cell: (c) => c.lot },
          { header: "Providers with an offer", cell: (c) => c.providersWithOffer, numeric: true },
          { header: "Offers there", cell: (c) => <Link to={c.href}>{c.offers === 0 ? "None" : `${plural(c.offers, "offer", "offers")}: ${c.waitingList} waiting list, ${c.full} full`}</Link> },
        ]}
      />
      <Download table="market" what="offers by locality and lot" />

      <h2>People by SDS option</h2>
      <BarChart
        heading="People with a budget today, by SDS option"
        labelHeader="SDS option"
        valueHeader="People"
        bars={OPTION_KEYS.map((key) => ({ key, label: OPTION_COLUMN_LABELS[key], value: people.totals[key] }))}
        labelCell={(bar) => <Link to={people.hrefs[bar.key as OptionKey]}>{bar.label}</Link>}
      />
      <Download table="people-by-option" what="people by SDS option" />
      <Table
        caption="People with a budget today, by locality and SDS option"
        rows={people.byLocality}
        rowKey={(r) => r.key || "not-recorded"}
        columns={[
          { header: "Locality", cell: (r) => <Link to={r.hrefs.total}>{r.label}</Link> },
          ...OPTION_KEYS.map((key) => ({
            header: OPTION_COLUMN_LABELS[key],
            cell: (r: (typeof people.byLocality)[number]) => (r.counts[key] === 0 ? 0 : <Link to={r.hrefs[key]}>{r.counts[key]}</Link>),
            numeric: true,
          })),
          { header: "Total", cell: (r) => (r.counts.total === 0 ? 0 : <Link to={r.hrefs.total}>{r.counts.total}</Link>), numeric: true },
        ]}
      />
      <Download table="people-by-locality" what="people by locality" />
      <p>
        <Link to="/reports/sds-return">SDS return for a period, by age band, care group and locality</Link>
      </p>

      <h2 id="option2">Option 2 in numbers</h2>
      <SummaryList
        rows={[
          { key: "People with an Option 2 budget today (Option 2, or Option 4 with an Option 2 part)", value: <Link to={option2.href}>{option2.people}</Link> },
          { key: "Option 2 budgets a year", value: formatPence(option2.yearlyPence) },
          {
            key: "Agreements in force today",
            value: (
              <Link to={option2.inForce.href}>
                {plural(option2.inForce.count, "agreement", "agreements")} worth {formatPence(option2.inForce.valuePence)}
              </Link>
            ),
          },
          { key: "Median days from choosing a provider to an approved agreement", value: medianText(option2.daysToApproval, "agreements") },
          { key: "Median days to pay an invoice", value: medianText(option2.daysToPay, "invoices") },
        ]}
      />
      <details className="ds_details">
        <summary className="ds_details__summary">How these are counted</summary>
        <div className="ds_details__text">
          <p>
            <strong>Agreements in force</strong> are active agreements (or ones under notice) whose approved version covers today; their worth is the ISF
            amount of that version.
          </p>
          <p>
            <strong>Days from choosing a provider to an approved agreement</strong> run from the day the person (or their representative or practitioner)
            chose the provider, which starts the agreement, to the day the commissioning team first approved it, in calendar days. The median is over the
            agreements first approved from {formatDate(option2.daysToApproval.from)} to {formatDate(option2.daysToApproval.to)}; a later change to an
            agreement does not count again.
          </p>
          <p>
            <strong>Days to pay an invoice</strong> run from the day the provider first submitted it (a query does not stop the clock) to the day it was paid,
            as in council finance's prompt-payment figures. The median is over the invoices paid from {formatDate(option2.daysToPay.from)} to{" "}
            {formatDate(option2.daysToPay.to)}; credit notes do not count. With an even number of cases the median is halfway between the middle two.
          </p>
        </div>
      </details>
      <Download table="option2" what="Option 2 in numbers" />

      <h2 id="spend">Individual Service Funds</h2>
      <p>
        {spend.accounts} open {spend.accounts === 1 ? "fund" : "funds"}: {formatPence(spend.spent)} spent of {formatPence(spend.funding)}.{" "}
        <Link to={spend.overspendHref}>{funds(spend.overspend)} forecast to overspend</Link>
        {spend.overspend > 0 && `, by ${formatPence(spend.overspendPence)} in all`}, and <Link to={spend.underspendHref}>{funds(spend.underspend)} to underspend</Link> by
        more than a fifth{spend.underspend > 0 && `, leaving ${formatPence(spend.underspendPence)} unspent in all`}.
      </p>
      <p>
        Planned to date is the budget spent evenly, day by day, over each fund's period. A fund is forecast to overspend when its spending so far plus the
        last 8 weeks' rate would pass its budget, and to underspend when more than a fifth would be left; neither is judged in a fund's first 8 weeks.
      </p>
      <Table
        caption="Spend to date against budget, by provider"
        rows={spend.byProvider}
        rowKey={(p) => p.organisationId}
        empty="No Individual Service Fund is open yet."
        columns={[{ header: "Provider", cell: (p) => <Link to={`/funds?provider=${p.organisationId}`}>{p.provider}</Link> }, ...spendColumns<(typeof spend.byProvider)[number]>()]}
      />
      <Download table="spend" what="spend by provider" />
      <BarChart
        heading="Spent to date, by lot"
        labelHeader="Lot"
        valueHeader="Spent to date"
        bars={spend.byLot.map((l) => ({ key: l.key || "none", label: l.label, value: l.spent }))}
        format={formatPence}
      />
      <Table
        caption="Spend to date against budget, by lot"
        rows={spend.byLot}
        rowKey={(l) => l.key || "none"}
        empty="No Individual Service Fund is open yet."
        columns={[{ header: "Lot", cell: (l) => <Link to={l.href}>{l.label}</Link> }, ...spendColumns<LotSpend>()]}
      />
      <Download table="spend-by-lot" what="spend by lot" />

      <h2 id="outcomes">Outcomes</h2>
      <p>
        For each outcome on the council's list: the people whose support plan has it (open records), what the agreements of open funds plan to spend on it,
        and what those funds have spent on it so far.
      </p>
      <p>
        <strong>How spending is attributed to outcomes:</strong> spending recorded against an outcome (an invoice line for that outcome) counts for it.
        Spending recorded without an outcome, such as management fees, is shared between the outcomes in that fund's agreement in proportion to the amounts
        planned for each. A fund whose agreement plans nothing shows that spending as "Not attributed to an outcome".
      </p>
      <BarChart
        heading="Spent to date, by outcome"
        labelHeader="Outcome"
        valueHeader="Spent to date"
        bars={outcomes.map((o) => ({ key: o.outcomeId ?? "none", label: o.outcome, value: o.spent }))}
        format={formatPence}
      />
      <Table
        caption="People, planned and spent money, by outcome"
        rows={outcomes}
        rowKey={(o) => o.outcomeId ?? "none"}
        empty="Your council has no outcomes on its list yet."
        columns={[
          { header: "Outcome", cell: (o) => (o.href ? <Link to={o.href}>{o.outcome}</Link> : o.outcome) },
          { header: "People", cell: (o) => o.people, numeric: true },
          { header: "Planned", cell: (o) => formatPence(o.planned), numeric: true },
          { header: "Spent against the outcome", cell: (o) => formatPence(o.spentDirect), numeric: true },
          { header: "Shared pro rata", cell: (o) => formatPence(o.spentShared), numeric: true },
          { header: "Spent in all", cell: (o) => formatPence(o.spent), numeric: true },
        ]}
      />
      <Download table="outcomes" what="outcomes" />
      <h3>Outcomes met</h3>
      <p>At each agreement's latest outcome review, how many of the person's outcomes were met, partly met or not met.</p>
      <OutcomesMetTables report={dashboard.outcomesMet} />
      <Download table="outcomes-by-provider" what="outcomes met by provider" />
      <Download table="outcomes-by-lot" what="outcomes met by lot" />
    </>
  );
}

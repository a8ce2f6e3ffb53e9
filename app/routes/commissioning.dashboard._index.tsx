import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BarChart } from "~/components/bar-chart";
import { Table } from "~/components/ds";
import { commissioningDashboard, type DashboardTable } from "~/domain/reporting/dashboard.server";
import { OPTION_COLUMN_LABELS, OPTION_KEYS } from "~/domain/reporting/labels";
import { formatDate, todayIso } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Commissioning dashboard" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => commissioningDashboard(database(), await requireActor(request), todayIso()));
}

function Download({ table, what }: { table: DashboardTable; what: string }) {
  return (
    <p>
      <a href={`/commissioning/dashboard/${table}.csv`} download>
        Download {what} as CSV
      </a>
    </p>
  );
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export default function CommissioningDashboard() {
  const dashboard = useLoaderData<typeof loader>();
  const { waiting, lots, people, option2, spend } = dashboard;
  return (
    <>
      <h1 className="ds_page-header__title">Commissioning dashboard</h1>
      <p className="ds_lead">Your council's figures on {formatDate(dashboard.today)}. Each figure links to the list behind it.</p>

      <ul className="app-figures" aria-label="Key figures">
        <li className="app-figures__item">
          <Link to="/commissioning/applications?status=submitted">
            <span className="app-figures__number">{waiting.filter((w) => w.key === "submitted" || w.key === "under_review").reduce((n, w) => n + w.count, 0)}</span>
            applications to review
          </Link>
        </li>
        <li className="app-figures__item">
          <Link to="/reports/sds-return">
            <span className="app-figures__number">{people.totals.total}</span>
            people with a budget today
          </Link>
        </li>
        <li className="app-figures__item">
          <Link to="/people">
            <span className="app-figures__number">{formatPence(option2.yearlyPence)}</span>a year in Option 2 budgets for {option2.people} {option2.people === 1 ? "person" : "people"}
          </Link>
        </li>
        <li className="app-figures__item">
          <a href="#spend">
            <span className="app-figures__number">{spend.overspend}</span>
            {spend.overspend === 1 ? "fund" : "funds"} forecast to overspend
          </a>
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

      <h2>People by SDS option</h2>
      <BarChart
        heading="People with a budget today, by SDS option"
        labelHeader="SDS option"
        valueHeader="People"
        bars={OPTION_KEYS.map((key) => ({ key, label: OPTION_COLUMN_LABELS[key], value: people.totals[key] }))}
      />
      <Download table="people-by-option" what="people by SDS option" />
      <Table
        caption="People with a budget today, by locality and SDS option"
        rows={people.byLocality}
        rowKey={(r) => r.key || "not-recorded"}
        columns={[
          { header: "Locality", cell: (r) => r.label },
          ...OPTION_KEYS.map((key) => ({ header: OPTION_COLUMN_LABELS[key], cell: (r: (typeof people.byLocality)[number]) => r.counts[key], numeric: true })),
          { header: "Total", cell: (r) => r.counts.total, numeric: true },
        ]}
      />
      <Download table="people-by-locality" what="people by locality" />
      <p>
        <Link to="/reports/sds-return">SDS return for a period, by age band, care group and locality</Link>
      </p>

      <h2 id="spend">Individual Service Funds</h2>
      <p>
        {spend.accounts} open {spend.accounts === 1 ? "fund" : "funds"}: {formatPence(spend.spent)} spent of {formatPence(spend.funding)}. {spend.overspend} forecast to
        overspend and {spend.underspend} to underspend by more than a fifth.
      </p>
      <Table
        caption="Spend to date against budget, by provider"
        rows={spend.byProvider}
        rowKey={(p) => p.organisationId}
        empty="No Individual Service Fund is open yet."
        columns={[
          { header: "Provider", cell: (p) => p.provider },
          { header: "Funds", cell: (p) => p.accounts, numeric: true },
          { header: "Budget", cell: (p) => formatPence(p.funding), numeric: true },
          { header: "Planned to date", cell: (p) => formatPence(p.expected), numeric: true },
          { header: "Spent to date", cell: (p) => formatPence(p.spent), numeric: true },
          { header: "Forecast overspend", cell: (p) => p.overspend, numeric: true },
          { header: "Forecast underspend", cell: (p) => p.underspend, numeric: true },
        ]}
      />
      <Download table="spend" what="spend by provider" />
    </>
  );
}

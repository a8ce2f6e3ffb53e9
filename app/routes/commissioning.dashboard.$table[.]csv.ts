import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { toCsv, csvResponse } from "~/lib/csv";
import { currentDashboard } from "~/domain/reporting/dashboard-cache.server";
import { dashboardCsv, DASHBOARD_TABLES, type DashboardTable } from "~/domain/reporting/dashboard.server";
import { outcomesMet, outcomesMetCsv, OUTCOMES_MET_TABLES, type OutcomesMetTable } from "~/domain/reporting/outcomes-met.server";
import { todayIso } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { notFound, withDomainErrors } from "~/lib/http.server";

const isDashboardTable = (table: string): table is DashboardTable => (DASHBOARD_TABLES as readonly string[]).includes(table);
const isOutcomesMetTable = (table: string): table is OutcomesMetTable => (OUTCOMES_MET_TABLES as readonly string[]).includes(table);

/** One table of the commissioning dashboard as CSV: counts and sums only, never a person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const table = params.table ?? "";
    const today = todayIso();
    const { header, rows } = isOutcomesMetTable(table)
      ? outcomesMetCsv(outcomesMet(database(), actor, today), table)
      : isDashboardTable(table)
        ? dashboardCsv(currentDashboard(database(), actor, today), table)
        : notFound();
    return csvResponse(toCsv(header, rows), `dashboard-${table}-${today}.csv`);
  });
}

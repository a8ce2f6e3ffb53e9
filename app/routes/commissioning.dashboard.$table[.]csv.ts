import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { toCsv, csvResponse } from "~/domain/reporting/csv";
import { currentDashboard } from "~/domain/reporting/dashboard-cache.server";
import { dashboardCsv, DASHBOARD_TABLES, type DashboardTable } from "~/domain/reporting/dashboard.server";
import { todayIso } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { notFound, withDomainErrors } from "~/lib/http.server";

/** One table of the commissioning dashboard as CSV: counts and sums only, never a person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const table = params.table as DashboardTable;
    if (!DASHBOARD_TABLES.includes(table)) notFound();
    const today = todayIso();
    const { header, rows } = dashboardCsv(currentDashboard(database(), actor, today), table);
    return csvResponse(toCsv(header, rows), `dashboard-${table}-${today}.csv`);
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorise } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { csvResponse, toCsv } from "~/lib/csv";
import { exportFileName, FINANCE_EXPORTS, financeExport, type FinanceExport } from "~/domain/reporting/finance-exports.server";
import { periodFromRequest } from "~/domain/reporting/period.server";
import { database } from "~/lib/db.server";
import { badRequest, notFound, withDomainErrors } from "~/lib/http.server";

/** Approved invoice lines or payments for a period, as CSV for the council's ledger: council finance only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    authorise(actor, "finance.export", { councilId: actor.councilId ?? "" });
    const which = params.export as FinanceExport;
    if (!FINANCE_EXPORTS.includes(which)) notFound();
    const chosen = periodFromRequest(request);
    if (!chosen.ok) badRequest(Object.values(chosen.problems.fieldErrors).join(". "));
    const { header, rows } = financeExport(database(), actor, which, chosen.period);
    return csvResponse(toCsv(header, rows), exportFileName(which, chosen.period));
  });
}

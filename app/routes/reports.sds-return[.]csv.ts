import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorise } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { csvResponse, toCsv } from "~/lib/csv";
import { periodFromRequest } from "~/domain/reporting/period.server";
import { sdsReturn, sdsReturnCsv } from "~/domain/reporting/sds-return.server";
import { database } from "~/lib/db.server";
import { badRequest, withDomainErrors } from "~/lib/http.server";

/** The SDS return for a period as CSV: counts only. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const chosen = periodFromRequest(request);
    if (!chosen.ok) {
      authorise(actor, "reporting.people", { councilId: actor.councilId ?? "" });
      badRequest(Object.values(chosen.problems.fieldErrors).join(". "));
    }
    const { header, rows } = sdsReturnCsv(sdsReturn(database(), actor, chosen.period));
    return csvResponse(toCsv(header, rows), `sds-return-${chosen.period.from}-to-${chosen.period.to}.csv`);
  });
}

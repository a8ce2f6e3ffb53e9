import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSession } from "~/auth/session.server";
import {
  bacsFile,
  paymentRunView,
} from "~/domain/invoices/payment-runs.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** The run's BACS bank file (layout in docs/decisions/010-invoicing.md): full bank details, so finance only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const { run } = paymentRunView(db, actor, params.runId ?? "");
    return new Response(bacsFile(db, actor, run.id), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="bacs-${run.reference}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

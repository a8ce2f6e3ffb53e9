import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSession } from "~/auth/session.server";
import { problemsCsv, uploadResult } from "~/domain/invoices/import.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** Every problem found in an uploaded CSV file, by row, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { invoice, upload } = uploadResult(database(), actor, params.invoiceId ?? "", params.uploadId ?? "");
    return new Response(problemsCsv(upload.problems), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${invoice.reference}-upload-problems.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

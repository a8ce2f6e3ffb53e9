import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { StatementDownloadSchema } from "~/domain/ledger/funds.schema";
import { fundsStatementPdf } from "~/domain/ledger/funds.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { badRequest, queryForm, withDomainErrors } from "~/lib/http.server";

/** The statement of an account for a period (`from`, `to`), standard or Easy Read (`format=easy-read`), as a PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const parsed = parseForm(StatementDownloadSchema, queryForm(request));
    if (!parsed.ok) return badRequest(Object.values(parsed.fieldErrors)[0]);
    const { from, to, format } = parsed.data;
    const { pdf, fileName } = await fundsStatementPdf(database(), actor, params.accountId ?? "", { from, to, easyRead: format === "easy-read" });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

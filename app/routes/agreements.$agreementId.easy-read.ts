import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { agreementDocument } from "~/domain/agreements/agreements.server";
import { easyReadPdf } from "~/domain/agreements/pdf.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** The Easy Read summary of the agreement, given to the person with it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const requested = new URL(request.url).searchParams.get("version");
    const version = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : undefined;
    const document = agreementDocument(database(), actor, params.agreementId ?? "", version);
    const pdf = await easyReadPdf(document.content, { draft: document.draft });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${document.agreement.reference}-easy-read.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { agreementDocument } from "~/domain/agreements/agreements.server";
import { agreementPdf } from "~/domain/agreements/pdf.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** The agreement as a PDF: the version in force (with its signature page) unless `?version=N` asks for another. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const requested = new URL(request.url).searchParams.get("version");
    const version = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : undefined;
    const document = agreementDocument(database(), actor, params.agreementId ?? "", version);
    const pdf = await agreementPdf(document.content, document.fingerprint, { signatures: document.signatures, approval: document.approval });
    const name = `${document.agreement.reference}-v${document.version.number}${document.draft ? "-draft" : ""}.pdf`;
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "private, no-store" },
    });
  });
}

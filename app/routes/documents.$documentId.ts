import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { downloadDocument } from "~/domain/frameworks/compliance.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** An evidence document, only for its organisation and the framework council's commissioners. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const document = downloadDocument(database(), await requireActor(request), params.documentId ?? "");
    return new Response(new Uint8Array(document.bytes), {
      headers: {
        "Content-Type": document.contentType,
        "Content-Disposition": `attachment; filename="${document.fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { personRecord } from "~/domain/people/people.server";
import { renderPersonRecordPdf } from "~/domain/people/record-pdf.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** The record as a PDF, for anyone who may see the person (staff downloads are audited as views). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const record = personRecord(database(), actor, params.personId ?? "");
    const pdf = await renderPersonRecordPdf(record);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="support-record-${record.person.reference}.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { invoiceDetail } from "~/domain/invoices/invoices.server";
import { invoicePdf } from "~/domain/invoices/pdf.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";

/** The invoice or credit note as a PDF, for its provider and the council's finance team. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const detail = invoiceDetail(
      database(),
      await requireActor(request),
      params.invoiceId ?? "",
      undefined,
      { all: true }
    );
    const pdf = await invoicePdf(detail);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${detail.invoice.reference}.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

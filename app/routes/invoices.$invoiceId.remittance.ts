import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { invoiceDetail } from "~/domain/invoices/invoices.server";
import { remittancePdf } from "~/domain/invoices/pdf.server";
import { database } from "~/lib/db.server";
import { notFound, withDomainErrors } from "~/lib/http.server";

/** The remittance advice of a paid invoice as a PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const detail = invoiceDetail(
      database(),
      await requireActor(request),
      params.invoiceId ?? "",
      undefined,
      { all: true }
    );
    if (!detail.invoice.paidOn) notFound();
    const pdf = await remittancePdf(detail);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="remittance-${detail.invoice.reference}.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

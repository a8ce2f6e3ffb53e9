import {
  heading,
  keyValues,
  paragraph,
  renderPdf,
  table,
} from "~/lib/pdf.server";
import { formatDate, todayIso } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import type { InvoiceDetail } from "./invoices.server";
import { INVOICE_STATUS_LABELS } from "./lifecycle";

const dates = (l: { startOn: string; endOn: string }) =>
  l.startOn === l.endOn
    ? formatDate(l.startOn)
    : `${formatDate(l.startOn)} to ${formatDate(l.endOn)}`;

function linesTable(
  pdf: Parameters<Parameters<typeof renderPdf>[1]>[0],
  detail: InvoiceDetail,
  onlyPaid: boolean
) {
  const rows = detail.lines.filter((l) =>
    onlyPaid
      ? l.line.status === "approved" || l.line.status === "credited"
      : l.line.status !== "rejected"
  );
  // The columns fill the A4 page between its margins (483 points).
  table(
    pdf,
    [
      { header: "Line", width: 26 },
      { header: "Person and agreement", width: 92 },
      { header: "Dates", width: 72 },
      { header: "Support", width: 88 },
      { header: "Outcome", width: 75 },
      { header: "Units", width: 40, align: "right" },
      { header: "Rate", width: 42, align: "right" },
      { header: "Amount", width: 48, align: "right" },
    ],
    rows.map((l) => [
      String(l.line.position),
      `${l.personName}\n${l.agreementReference}`,
      dates(l.line),
      l.line.description,
      l.outcome ?? "None given",
      `${l.line.units} ${l.line.unitKind}`,
      formatPence(l.line.ratePence),
      formatPence(l.line.amountPence),
    ])
  );
}

/** The invoice (or credit note) as the provider sends it to the council. A credit note is credit, never a sum due. */
export function invoicePdf(detail: InvoiceDetail): Promise<Buffer> {
  const { invoice } = detail;
  const credit = invoice.kind === "credit_note";
  const title = `${credit ? "Credit note" : "Invoice"} ${invoice.reference}`;
  return renderPdf({ title }, (pdf) => {
    heading(pdf, title, 20);
    keyValues(pdf, [
      ["From", detail.providerName],
      ["To", detail.councilName],
      [
        "Period",
        `${formatDate(invoice.periodStart)} to ${formatDate(
          invoice.periodEnd
        )}`,
      ],
      [
        "Submitted",
        invoice.submittedOn
          ? formatDate(invoice.submittedOn)
          : "Not yet submitted",
      ],
      ["Status", INVOICE_STATUS_LABELS[invoice.status]],
      [credit ? "Credit" : "Total", formatPence(detail.total)],
    ]);
    linesTable(pdf, detail, false);
    paragraph(
      pdf,
      credit
        ? `Credit: ${formatPence(detail.total)}. Once approved, it is taken off the council's next payment to the provider.`
        : `Total due: ${formatPence(detail.total)}. Public contracts are paid within 28 days of a valid invoice.`
    );
  });
}

/** The remittance advice: what the council paid, when, how, for which lines, and any credit taken off. */
export function remittancePdf(detail: InvoiceDetail): Promise<Buffer> {
  const { invoice, payment } = detail;
  const credits = payment?.credits ?? [];
  return renderPdf(
    { title: `Remittance advice ${invoice.reference}` },
    (pdf) => {
      heading(pdf, `Remittance advice for invoice ${invoice.reference}`, 20);
      keyValues(pdf, [
        ["Paid to", detail.providerName],
        ["Paid by", detail.councilName],
        [
          "Date paid",
          invoice.paidOn ? formatDate(invoice.paidOn) : "Not yet paid",
        ],
        [
          "Paid by method",
          invoice.paymentMethod === "stripe" ? "Stripe transfer" : "BACS",
        ],
        ["Payment reference", invoice.paymentReference ?? ""],
        ...(credits.length > 0
          ? ([
              ["Invoice total", formatPence(payment!.amount)],
              ["Credit taken off", credits.map((c) => `${formatPence(c.amountPence)} (credit note ${c.reference})`).join(", ")],
            ] as [string, string][])
          : []),
        ["Amount paid", formatPence(payment?.paid ?? 0)],
        ["Days from submission to payment", String(detail.daysToPay ?? "")],
      ]);
      linesTable(pdf, detail, true);
      paragraph(pdf, `Produced on ${formatDate(todayIso())}.`);
    }
  );
}

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SummaryList } from "~/components/ds";
import type { InvoiceDetail } from "~/domain/invoices/invoices.server";
import { invoiceMoneyRows, PartialReversalWarning } from "./invoice-money";

type Detail = Parameters<typeof invoiceMoneyRows>[0];
const invoice = (fields: Partial<InvoiceDetail["invoice"]>) => ({ status: "approved", paidOn: null, ...fields }) as InvoiceDetail["invoice"];
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("the money of an invoice or credit note", () => {
  it("shows a credit note as credit, with where it was taken off, and never as days outstanding", () => {
    const detail: Detail = {
      invoice: invoice({ kind: "credit_note" }),
      total: 32250,
      daysToPay: 0,
      daysWaiting: 0,
      payment: null,
      recovery: { recoveries: [{ amountPence: 20000, invoiceReference: "INV-000012", paidOn: "2026-12-10", runReference: "PR-00003" }], outstanding: 12250 },
    };
    const council = text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(detail, "council")} />));
    expect(council).toContain("Credit £322.50");
    expect(council).toContain("£200.00 off invoice INV-000012 in payment run PR-00003, paid on 10 December 2026");
    expect(council).toContain("£122.50 still to be taken off the next payment run");
    expect(council).not.toMatch(/Total|Days outstanding|Days to pay/);
    const provider = text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(detail, "provider")} />));
    expect(provider).toContain("£122.50 still to be taken off your next payment");
  });

  it("shows an invoice's total, the credit taken off it, what was paid and the days to pay", () => {
    const detail: Detail = {
      invoice: invoice({ kind: "invoice", status: "paid", paidOn: "2026-12-10" }),
      total: 107500,
      daysToPay: 12,
      daysWaiting: 0,
      recovery: null,
      payment: { amount: 107500, paid: 75250, credits: [{ reference: "CN-000001", amountPence: 32250 }] },
    };
    const html = text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(detail, "council")} />));
    expect(html).toContain("Total £1,075.00");
    expect(html).toContain("Credit taken off £322.50 (CN-000001: £322.50)");
    expect(html).toContain("Amount paid £752.50");
    expect(html).toContain("Paid on 10 December 2026");
    expect(html).toContain("Days to pay 12 days");
  });

  it("shows how many of an invoice's days outstanding it waited for the provider's answer, in each reader's words", () => {
    const detail: Detail = { invoice: invoice({ kind: "invoice", status: "queried" }), total: 5000, daysToPay: 12, daysWaiting: 5, recovery: null, payment: null };
    expect(text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(detail, "council")} />))).toContain("Days outstanding 12 days (5 waiting for the provider)");
    expect(text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(detail, "provider")} />))).toContain("Days outstanding 12 days (5 waiting for your answer)");
    const late: Detail = { ...detail, daysToPay: 30 };
    expect(text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(late, "council")} />))).toContain("Days outstanding 30 days (over 28) (5 waiting for the provider)");
    const never: Detail = { ...detail, daysWaiting: 0 };
    expect(text(renderToStaticMarkup(<SummaryList rows={invoiceMoneyRows(never, "council")} />))).not.toContain("waiting");
  });

  it("tells the council, in its own words, that part of a Stripe payment came back", () => {
    const html = text(renderToStaticMarkup(<PartialReversalWarning reader="council" reversal={{ reversedPence: 100, transferPence: 101050, reversedOn: "2026-12-04", dealtWith: null }} />));
    expect(html).toContain("£1.00 of the £1,010.50 paid to the provider's Stripe account was taken back on 4 December 2026");
    expect(html).toContain("agree with the provider what is owed");
  });

  it("shows the council who dealt with it, when and how, and the provider only that it was", () => {
    const reversal = { reversedPence: 100, transferPence: 101050, reversedOn: "2026-12-04", dealtWith: { by: "Fiona Finance", at: "2026-12-07T10:05:00.000Z", note: "Paid the £1.00 by BACS" } };
    const council = text(renderToStaticMarkup(<PartialReversalWarning reader="council" reversal={reversal} />));
    expect(council).toContain("£1.00 of the £1,010.50 paid to the provider's Stripe account was taken back on 4 December 2026.");
    expect(council).toContain("Dealt with by Fiona Finance on 7 December 2026 at 10:05am: Paid the £1.00 by BACS");
    expect(council).not.toMatch(/Warning|agree with the provider/);
    const provider = text(renderToStaticMarkup(<PartialReversalWarning reader="provider" reversal={reversal} />));
    expect(provider).toContain("The council's finance team recorded on 7 December 2026 that this has been dealt with.");
    expect(provider).not.toContain("BACS");
  });
});

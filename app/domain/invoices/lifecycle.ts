import type { InvoiceStatus } from "@db/schema";

/**
 * The invoice's lifecycle: for each command, the statuses it may start from, where it leaves the invoice and who
 * may give it. Every transition is audited by the command that makes it.
 */
export const INVOICE_TRANSITIONS = {
  submit: { from: ["draft", "queried"], to: "submitted", by: "provider" },
  approve: { from: ["submitted"], to: "approved", by: "finance" },
  query: { from: ["submitted"], to: "queried", by: "finance" },
  reject: { from: ["submitted", "queried"], to: "rejected", by: "finance" },
  pay: { from: ["approved"], to: "paid", by: "payment" },
  reversePayment: { from: ["paid"], to: "approved", by: "payment" },
  credit: { from: ["paid"], to: "credited", by: "finance" },
} as const satisfies Record<
  string,
  {
    from: readonly InvoiceStatus[];
    to: InvoiceStatus;
    by: "provider" | "finance" | "payment";
  }
>;

export type InvoiceCommand = keyof typeof INVOICE_TRANSITIONS;

export function invoiceAllows(
  status: InvoiceStatus,
  command: InvoiceCommand
): boolean {
  return (
    INVOICE_TRANSITIONS[command].from as readonly InvoiceStatus[]
  ).includes(status);
}

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  submitted: "Awaiting approval",
  queried: "Queried",
  approved: "Approved",
  rejected: "Rejected",
  paid: "Paid",
  credited: "Credited",
};

/** Lines shown on one page of an invoice: an invoice of 5,000 lines is read and drawn a page at a time. */
export const LINE_PAGE_SIZE = 50;

/** Public contracts should be paid within 28 days of a valid invoice. */
export const PAYMENT_TARGET_DAYS = 28;

/** Statuses whose pending lines commit money on the fund (submitted, not yet approved). */
export const COMMITTING: InvoiceStatus[] = ["submitted", "queried"];
/** Statuses whose lines count as invoiced, for the duplicate check. */
export const INVOICED: InvoiceStatus[] = [
  "submitted",
  "queried",
  "approved",
  "paid",
  "credited",
];

/** The invoice's page for the provider or for council finance. */
export const invoicePath = (invoice: { id: string }, side: "provider" | "council") => `/${side}/invoices/${invoice.id}`;

/**
 * Exports for the council's ledger (its finance system): the invoice lines council finance approved in a
 * period, and the invoices paid in a period, as CSV. Only the council's own finance staff may download them
 * (`finance.export`): they approve and pay these lines anyway. A person appears only by the council's case
 * reference, never by name or date of birth: the ledger needs to know whose fund a cost falls on, not who they are.
 *
 * Dates are ISO (YYYY-MM-DD, UTC); money is net in pounds with two decimals (Option 2 support is not charged
 * VAT in this service, so net is the whole amount). A credit note's lines are negative.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import type { InvoiceStatus, LineStatus, PaymentState, UnitKind } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { INVOICE_STATUS_LABELS } from "~/domain/invoices/lifecycle";
import { addDays, daysBetween } from "~/lib/dates";
import { csvMoney, type CsvCell } from "~/lib/csv";
import { checkPeriod, type Period } from "./sds-return.server";

export const FINANCE_EXPORTS = ["approved-invoices", "payments"] as const;
export type FinanceExport = (typeof FINANCE_EXPORTS)[number];

export const PAYMENT_STATE_LABELS: Record<PaymentState, string> = {
  none: "Not started",
  sending: "Sending",
  sent: "Sent, waiting for confirmation",
  failed: "Failed",
  awaiting_bank: "In the bank file",
  confirmed: "Paid",
  reversed: "Reversed",
};
const METHOD_LABELS: Record<string, string> = { stripe: "Stripe", bacs: "BACS" };
const LINE_STATUS_LABELS: Record<LineStatus, string> = { pending: "Pending", approved: "Approved", rejected: "Rejected", credited: "Credited" };

const pounds = csvMoney;
/** The instants of a period's first moment and the moment after its last day (UTC). */
const bounds = (period: Period) => ({ from: Date.parse(`${period.from}T00:00:00Z`), to: Date.parse(`${addDays(period.to, 1)}T00:00:00Z`) });
const providerNumber = (charity: string, company: string) => [charity && `OSCR ${charity}`, company && `Companies House ${company}`].filter(Boolean).join("; ");

function councilFor(actor: Actor, period: Period): string {
  authorise(actor, "finance.export", { councilId: actor.councilId ?? "" });
  checkPeriod(period);
  return actor.councilId!;
}

type ApprovedLineRow = {
  reference: string;
  kind: "invoice" | "credit_note";
  credits: string | null;
  provider: string;
  charity_number: string;
  company_number: string;
  submitted_on: string | null;
  approved_on: string;
  period_start: string;
  period_end: string;
  position: number;
  person_reference: string;
  agreement_reference: string;
  start_on: string;
  end_on: string;
  outcome: string | null;
  description: string;
  unit_kind: UnitKind;
  units: number;
  rate_pence: number;
  amount_pence: number;
  line_status: LineStatus;
  invoice_status: InvoiceStatus;
  paid_on: string | null;
};

function approvedLines(db: Tx, councilId: string, period: Period): ApprovedLineRow[] {
  const { from, to } = bounds(period);
  return db.all<ApprovedLineRow>(sql`
    select i.reference, i.kind, c.reference as credits, o.name as provider, o.charity_number, o.company_number, i.submitted_on,
      date(i.decided_at / 1000, 'unixepoch') as approved_on, i.period_start, i.period_end,
      l.position, p.reference as person_reference, a.reference as agreement_reference, l.start_on, l.end_on, oc.label as outcome,
      l.description, l.unit_kind, l.units, l.rate_pence, l.amount_pence, l.status as line_status, i.status as invoice_status, i.paid_on
    from invoices i
    join invoice_lines l on l.invoice_id = i.id and l.status in ('approved', 'credited')
    join organisations o on o.id = i.provider_organisation_id
    join people p on p.id = l.person_id
    join agreements a on a.id = l.agreement_id
    left join council_list_items oc on oc.id = l.outcome_id
    left join invoices c on c.id = i.credits_invoice_id
    where i.council_id = ${councilId} and i.status in ('approved', 'paid', 'credited')
      and i.decided_at >= ${from} and i.decided_at < ${to}
    order by i.decided_at, i.reference, l.position`);
}

/** The invoice and credit-note lines council finance approved in the period, one row per line, for the council's ledger. */
export function approvedInvoicesExport(db: Tx, actor: Actor, period: Period): { header: string[]; rows: CsvCell[][] } {
  const councilId = councilFor(actor, period);
  const header = [
    "Invoice number",
    "Type",
    "Credits invoice",
    "Provider",
    "Provider registration",
    "Submitted on",
    "Approved on",
    "Invoice period start",
    "Invoice period end",
    "Line",
    "Person reference",
    "Agreement reference",
    "Support from",
    "Support to",
    "Outcome",
    "Description",
    "Units",
    "Unit",
    "Rate (£)",
    "Net amount (£)",
    "Line status",
    "Invoice status",
    "Paid on",
  ];
  const rows = approvedLines(db, councilId, period).map((r) => {
    const sign = r.kind === "credit_note" ? -1 : 1;
    return [
      r.reference,
      r.kind === "credit_note" ? "Credit note" : "Invoice",
      r.credits ?? "",
      r.provider,
      providerNumber(r.charity_number, r.company_number),
      r.submitted_on ?? "",
      r.approved_on,
      r.period_start,
      r.period_end,
      r.position,
      r.person_reference,
      r.agreement_reference,
      r.start_on,
      r.end_on,
      r.outcome ?? "",
      r.description,
      r.units,
      r.unit_kind,
      pounds(r.rate_pence),
      pounds(sign * r.amount_pence),
      LINE_STATUS_LABELS[r.line_status],
      INVOICE_STATUS_LABELS[r.invoice_status],
      r.paid_on ?? "",
    ];
  });
  return { header, rows };
}

type PaymentRow = {
  reference: string;
  provider: string;
  charity_number: string;
  company_number: string;
  payment_run: string | null;
  paid_on: string;
  payment_method: string | null;
  payment_reference: string | null;
  payment_state: PaymentState;
  submitted_on: string | null;
  approved_on: string | null;
  lines: number;
  net_pence: number;
  status: InvoiceStatus;
};

function payments(db: Tx, councilId: string, period: Period): PaymentRow[] {
  return db.all<PaymentRow>(sql`
    select i.reference, o.name as provider, o.charity_number, o.company_number, r.reference as payment_run, i.paid_on,
      i.payment_method, i.payment_reference, i.payment_state, i.submitted_on, date(i.decided_at / 1000, 'unixepoch') as approved_on,
      (select count(*) from invoice_lines l where l.invoice_id = i.id and l.status in ('approved', 'credited')) as lines,
      coalesce((select sum(l.amount_pence) from invoice_lines l where l.invoice_id = i.id and l.status in ('approved', 'credited')), 0) as net_pence,
      i.status
    from invoices i
    join organisations o on o.id = i.provider_organisation_id
    left join payment_runs r on r.id = i.payment_run_id
    where i.council_id = ${councilId} and i.kind = 'invoice' and i.paid_on between ${period.from} and ${period.to}
    order by i.paid_on, i.reference`);
}

/** The invoices paid in the period, one row per payment, with how and when they were paid. No person appears. */
export function paymentsExport(db: Tx, actor: Actor, period: Period): { header: string[]; rows: CsvCell[][] } {
  const councilId = councilFor(actor, period);
  const header = [
    "Invoice number",
    "Provider",
    "Provider registration",
    "Payment run",
    "Paid on",
    "Payment method",
    "Payment reference",
    "Payment status",
    "Submitted on",
    "Approved on",
    "Days from submission to payment",
    "Lines",
    "Net amount (£)",
    "Invoice status",
  ];
  const rows = payments(db, councilId, period).map((r) => [
    r.reference,
    r.provider,
    providerNumber(r.charity_number, r.company_number),
    r.payment_run ?? "",
    r.paid_on,
    r.payment_method ? (METHOD_LABELS[r.payment_method] ?? r.payment_method) : "",
    r.payment_reference ?? "",
    PAYMENT_STATE_LABELS[r.payment_state],
    r.submitted_on ?? "",
    r.approved_on ?? "",
    r.submitted_on ? daysBetween(r.submitted_on, r.paid_on) : "",
    r.lines,
    pounds(r.net_pence),
    INVOICE_STATUS_LABELS[r.status],
  ]);
  return { header, rows };
}

export function financeExport(db: Tx, actor: Actor, which: FinanceExport, period: Period) {
  return which === "approved-invoices" ? approvedInvoicesExport(db, actor, period) : paymentsExport(db, actor, period);
}

/** What the exports page says about the period before downloading: how many rows each export has and their totals. */
export function financeExportSummary(db: Tx, actor: Actor, period: Period) {
  const councilId = councilFor(actor, period);
  const lines = approvedLines(db, councilId, period);
  const paid = payments(db, councilId, period);
  return {
    period,
    approved: {
      invoices: new Set(lines.map((l) => l.reference)).size,
      lines: lines.length,
      netPence: lines.reduce((sum, l) => sum + (l.kind === "credit_note" ? -l.amount_pence : l.amount_pence), 0),
    },
    payments: { invoices: paid.length, netPence: paid.reduce((sum, p) => sum + p.net_pence, 0) },
  };
}

export const exportFileName = (which: FinanceExport, period: Period): string => `${which}-${period.from}-to-${period.to}.csv`;

import type { SummaryRow } from "~/components/ds";
import { InsetText, WarningText } from "~/components/ds";
import type { InvoiceDetail } from "~/domain/invoices/invoices.server";
import { formatDate, formatDateTime, toIsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { DaysToPay } from "./invoice-lines";

/** Who reads the page: the provider is "you", the council reads about "the provider". */
export type InvoiceReader = "provider" | "council";

type MoneyDetail = Pick<InvoiceDetail, "invoice" | "total" | "recovery" | "payment" | "daysToPay" | "daysWaiting">;

/**
 * The money rows of an invoice or credit note, the same on the provider's page and the council's: a credit note shows
 * its credit and where it was taken off; an invoice its total, any credit taken off it, what was paid and the days to pay
 * (with those spent waiting for the provider's answers to questions).
 */
export function invoiceMoneyRows(detail: MoneyDetail, reader: InvoiceReader): SummaryRow[] {
  const { invoice } = detail;
  if (detail.recovery) {
    return [
      { key: "Credit", value: formatPence(detail.total) },
      { key: "Taken off payments", value: <Recovery recovery={detail.recovery} approved={invoice.status === "approved"} reader={reader} /> },
    ];
  }
  const credits =
    detail.payment && detail.payment.credits.length > 0
      ? [
          {
            key: "Credit taken off",
            value: `${formatPence(detail.payment.amount - detail.payment.paid)} (${detail.payment.credits
              .map((c) => `${c.reference}: ${formatPence(c.amountPence)}`)
              .join(", ")})`,
          },
          { key: invoice.paidOn ? "Amount paid" : "Amount to pay", value: formatPence(detail.payment.paid) },
        ]
      : [];
  return [
    { key: "Total", value: formatPence(detail.total) },
    ...credits,
    { key: "Paid on", value: invoice.paidOn ? formatDate(invoice.paidOn) : "Not yet" },
    {
      key: invoice.paidOn ? "Days to pay" : "Days outstanding",
      value: <DaysToPay days={detail.daysToPay} waiting={detail.daysWaiting} waitingFor={reader === "provider" ? "your answer" : "the provider"} />,
    },
  ];
}

/** Where a credit note's money came back from: the payments it was taken off, and what is still to come off. */
function Recovery({ recovery, approved, reader }: { recovery: NonNullable<InvoiceDetail["recovery"]>; approved: boolean; reader: InvoiceReader }) {
  const next = reader === "provider" ? "the council's next payment to you" : "the next payment run to the provider";
  if (!approved && recovery.recoveries.length === 0) return <>Once the council approves it, it is taken off {next}</>;
  return (
    <>
      {recovery.recoveries.map((r) => (
        <p key={`${r.runReference}-${r.invoiceReference}`}>
          {formatPence(r.amountPence)} off invoice {r.invoiceReference} in payment run {r.runReference},{" "}
          {r.paidOn ? `paid on ${formatDate(r.paidOn)}` : "not yet paid"}
        </p>
      ))}
      {recovery.outstanding > 0 && (
        <p>
          {recovery.recoveries.length > 0
            ? `${formatPence(recovery.outstanding)} still to be taken off ${reader === "provider" ? "your next payment" : "the next payment run"}`
            : `Not yet: ${formatPence(recovery.outstanding)} will be taken off ${next}`}
        </p>
      )}
    </>
  );
}

/**
 * A Stripe payment of which part came back: the invoice stays paid and is not paid again by itself. Once council
 * finance has recorded dealing with it, the council reads who did, when and how; the provider reads that it was.
 */
export function PartialReversalWarning({ reversal, reader }: { reversal: InvoiceDetail["partialReversal"]; reader: InvoiceReader }) {
  if (!reversal) return null;
  const cameBack = (
    <>
      {formatPence(reversal.reversedPence)} of the {formatPence(reversal.transferPence)} paid to{" "}
      {reader === "provider" ? "your" : "the provider's"} Stripe account was taken back on {formatDate(reversal.reversedOn)}.
    </>
  );
  const { dealtWith } = reversal;
  if (dealtWith) {
    return (
      <InsetText>
        <p>{cameBack}</p>
        <p>
          {reader === "provider" ? (
            `The council's finance team recorded on ${formatDate(toIsoDate(new Date(dealtWith.at)))} that this has been dealt with.`
          ) : (
            <>
              <strong>Dealt with</strong> by {dealtWith.by} on {formatDateTime(new Date(dealtWith.at))}: {dealtWith.note}
            </>
          )}
        </p>
      </InsetText>
    );
  }
  return (
    <WarningText>
      {cameBack} The invoice stays paid and is not paid again automatically:{" "}
      {reader === "provider" ? "the council's finance team will agree with you what is owed." : "agree with the provider what is owed."}
    </WarningText>
  );
}

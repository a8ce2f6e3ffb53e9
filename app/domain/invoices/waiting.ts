import { daysBetween, toIsoDate, type IsoDate } from "~/lib/dates";

/** When council finance asked a question about an invoice, and when the provider answered it (null while unanswered). */
export type QueryTimes = { askedAt: Date; answeredAt: Date | null };

/**
 * How many of an invoice's days outstanding (from its first submission to its payment, or to today while unpaid:
 * `daysToPay`) it spent waiting for the provider's answer to a question: from the day each question was asked to
 * the day it was answered (or to the end, while unanswered), in calendar days (UTC). Days when more than one
 * question was waiting count once. The days outstanding themselves are not changed: the 28-day clock keeps running
 * while an invoice is queried. Null for an invoice never submitted.
 */
export function daysWaitingForProvider(invoice: { submittedOn: IsoDate | null; paidOn: IsoDate | null }, queries: readonly QueryTimes[], today: IsoDate): number | null {
  if (!invoice.submittedOn) return null;
  const from = invoice.submittedOn;
  const to = invoice.paidOn ?? today;
  const spans = queries
    .map((q) => {
      const asked = toIsoDate(q.askedAt);
      const answered = q.answeredAt ? toIsoDate(q.answeredAt) : to;
      return [asked < from ? from : asked, answered > to ? to : answered] as const;
    })
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0].localeCompare(b[0]));
  let days = 0;
  let reached: IsoDate = from;
  for (const [start, end] of spans) {
    if (end <= reached) continue;
    days += daysBetween(start > reached ? start : reached, end);
    reached = end;
  }
  return days;
}

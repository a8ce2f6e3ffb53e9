/**
 * An ended agreement's fund stays open for a run-off (decision 017): invoices for support given up to the end date
 * can still be sent for RUN_OFF_DAYS days after it, and paid. Then the fund closes, once no invoice is waiting for
 * approval, and what is left is returned. Money committed to an invoice is never returned.
 */
import { addDays, formatDate, type IsoDate } from "~/lib/dates";

/** Days after an agreement ends in which invoices for support before its end can still be sent. */
export const RUN_OFF_DAYS = 90;

/** The last day invoices for an agreement that ended on `endedOn` can be sent. */
export const runOffEnds = (endedOn: IsoDate): IsoDate => addDays(endedOn, RUN_OFF_DAYS);

export type FundStanding = {
  reference: string;
  status: string;
  /** The last day of support: the day it ended, or the day notice ends it. */
  endsOn: IsoDate | null;
  closedOn: IsoDate | null;
  /** Pence on invoices waiting for approval. */
  committed: number;
};

/**
 * Where a fund stands once its agreement is ending or has ended, in words everyone can read; null while the
 * agreement simply runs.
 */
export function fundStanding(fund: FundStanding, today: IsoDate): string | null {
  if (fund.closedOn) return `This fund closed on ${formatDate(fund.closedOn)}: what was left in it has been returned.`;
  if (!fund.endsOn || (fund.status !== "ended" && fund.status !== "ending")) return null;
  const end = formatDate(fund.endsOn);
  const until = formatDate(runOffEnds(fund.endsOn));
  if (fund.status === "ending") {
    return `Agreement ${fund.reference} ends on ${end}. Invoices for support given up to then can still be paid until ${until}; then the fund closes and what is left is returned.`;
  }
  if (today <= runOffEnds(fund.endsOn)) {
    return `Agreement ${fund.reference} ended on ${end}; invoices for support before that date can still be paid until ${until}. Then the fund closes and what is left is returned.`;
  }
  return fund.committed > 0
    ? `Agreement ${fund.reference} ended on ${end}. No more invoices can be sent; the fund closes once the invoices waiting for approval are decided, and what is left is then returned.`
    : `Agreement ${fund.reference} ended on ${end}. No more invoices can be sent; the fund is closing and what is left will be returned.`;
}

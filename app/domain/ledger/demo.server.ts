import { eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { ledgerEntries } from "@db/schema";
import { addDays, formatDate, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { postEntries, type LedgerActor, type PostInput } from "./ledger.server";

export type DemoLedgerOptions = {
  /** The first day of support; each 4-week invoice is paid 7 days after its 4 weeks end. */
  from: IsoDate;
  /** How many 4-weekly invoices to draw down (5 is about five months). */
  invoices: number;
  /** The agreed hourly rate in pence and the hours of support per week, split across the outcomes. */
  hourlyRate: number;
  hoursPerWeek: number;
  /** The outcomes the hours are spent on; one invoice line per outcome. */
  outcomeIds: string[];
  /** Who approved the invoices (council finance). */
  actor: LedgerActor;
};

/**
 * Demo drawdown for an account: 4-weekly invoices of hours at the agreed rate, one line per outcome, with the
 * hours varying a little as real weeks do, and one mistaken line (a week charged twice) reversed a few days
 * after it was paid. Idempotent: an account that already has more than its opening entry is left alone.
 */
export function seedDemoLedger(tx: Tx, accountId: string, options: DemoLedgerOptions): void {
  const existing = tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).limit(2).all();
  if (existing.length > 1) return;
  const outcomes = options.outcomeIds.length > 0 ? options.outcomeIds : [null];
  const variation = [0, -2, 1, -1, 2, 0, -3, 1];
  for (let invoice = 0; invoice < options.invoices; invoice++) {
    const start = addDays(options.from, invoice * 28);
    const end = addDays(start, 27);
    const paidOn = addDays(end, 7);
    const lines: PostInput[] = outcomes.map((outcomeId, index) => {
      const hours = Math.max(1, Math.round((options.hoursPerWeek * 4) / outcomes.length) + (variation[(invoice + index) % variation.length] ?? 0));
      return {
        accountId,
        kind: "drawdown",
        amount: -hours * options.hourlyRate,
        entryDate: paidOn,
        reference: `demo-invoice-${invoice + 1}-line-${index + 1}`,
        outcomeId,
        description: `Support, ${formatDate(start)} to ${formatDate(end)}: ${hours} hours at ${formatPence(options.hourlyRate)}`,
      };
    });
    const posted = postEntries(tx, lines, options.actor);
    if (invoice === 2) {
      const first = posted[0]!;
      const [duplicate] = postEntries(
        tx,
        [{ accountId, kind: "drawdown", amount: first.amount, entryDate: paidOn, reference: `demo-invoice-${invoice + 1}-line-duplicate`, outcomeId: first.outcomeId, description: first.description }],
        options.actor,
      );
      postEntries(tx, [{ kind: "reversal", reversesEntryId: duplicate!.id, entryDate: addDays(paidOn, 3), reason: "The same week was invoiced twice" }], options.actor);
    }
  }
}

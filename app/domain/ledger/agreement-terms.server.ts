/**
 * What the ledger takes from the agreement in force on an account: the plan (planned spend per outcome) and the
 * management fee (how much of the fund the provider's fee may take, and the fee taken on approved invoices).
 * See docs/decisions/012-ledger-entries-by-finance.md.
 */
import { and, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Tx } from "@db/client.server";
import { ledgerEntries } from "@db/schema";
import { feeOf, inForceVersion } from "~/domain/agreements/agreements.server";
import { feePence, type ManagementFee } from "~/domain/agreements/document";
import type { IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { accountById, balanceOf, type IsfAccount, type MovementInput, type PostInput } from "./ledger.server";

export type PlannedOutcome = { outcomeId: string; planned: number };

/** The plan of the agreement version in force, summed per outcome in the plan's order (empty without one). */
export function plannedPerOutcome(db: Tx, agreementId: string): PlannedOutcome[] {
  const version = inForceVersion(db, agreementId);
  const planned = new Map<string, number>();
  for (const line of version?.plan ?? []) {
    if (!line.outcomeId || line.amountPence <= 0) continue;
    planned.set(line.outcomeId, (planned.get(line.outcomeId) ?? 0) + line.amountPence);
  }
  return [...planned].map(([outcomeId, amount]) => ({ outcomeId, planned: amount }));
}

export type FeeAllowance = {
  fee: Exclude<ManagementFee, { kind: "none" }>;
  /** The fee the agreement allows from the fund for its period, in pence. */
  agreed: number;
  /** Management fees already taken from the fund, net of any reversed. */
  taken: number;
  left: number;
};

/** Management fees taken from the account so far, less those reversed. */
function feesTaken(db: Tx, accountId: string): number {
  const fees = db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "management_fee")));
  const row = db
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.accountId, accountId),
        sql`(${ledgerEntries.kind} = 'management_fee' or ${inArray(ledgerEntries.reversesEntryId, fees)})`,
      ),
    )
    .get();
  return 0 - (row?.total ?? 0);
}

/**
 * The management fee the fund pays under the agreement in force, or null when it pays none (no fee, or the
 * council pays the fee on top of the fund).
 */
export function feeAllowance(db: Tx, account: Pick<IsfAccount, "id" | "agreementId">): FeeAllowance | null {
  const version = inForceVersion(db, account.agreementId);
  if (!version) return null;
  const fee = feeOf(version);
  if (fee.kind === "none" || fee.funding !== "from_fund") return null;
  const agreed = feePence(fee, version.isfPence);
  const taken = feesTaken(db, account.id);
  return { fee, agreed, taken, left: Math.max(0, agreed - taken) };
}

/**
 * The management fee entries for an approved invoice's drawdowns. Where the agreement in force sets a percentage
 * fee paid from the fund, the fee is that percentage of what the invoice draws from each fund, rounded to the
 * penny, but never more than the agreed fee still to take, nor more than the fund holds once the support is paid
 * (support is paid first; a fee never dips into the contingency). Fixed fees are recorded by council finance.
 * The reference `fee-<invoice id>` makes the fee once per invoice and fund.
 */
export function managementFeesFor(
  db: Tx,
  drawdowns: Pick<MovementInput, "accountId" | "amount">[],
  invoice: { id: string; reference: string },
  entryDate: IsoDate,
): MovementInput[] {
  const drawn = new Map<string, number>();
  for (const d of drawdowns) drawn.set(d.accountId, (drawn.get(d.accountId) ?? 0) - d.amount);
  const fees: MovementInput[] = [];
  for (const [accountId, amount] of drawn) {
    if (amount <= 0) continue;
    const allowance = feeAllowance(db, accountById(db, accountId));
    if (!allowance || allowance.fee.kind !== "percent") continue;
    const percentage = Math.round((amount * allowance.fee.basisPoints) / 10_000);
    const fee = Math.min(percentage, allowance.left, Math.max(0, balanceOf(db, accountId) - amount));
    if (fee <= 0) continue;
    fees.push({
      accountId,
      kind: "management_fee",
      amount: -fee,
      entryDate,
      reference: `fee-${invoice.id}`,
      description: `Management fee: ${percentText(allowance.fee.basisPoints)} of ${formatPence(amount)} on ${invoice.reference}`,
    });
  }
  return fees;
}

/**
 * When a credit note gives back lines of an approved invoice, the management fee taken on them comes back too. On
 * each fund the fee standing for the invoice is reversed and the share of the first fee for the lines still drawn
 * down is taken again (a reversal and a new entry, as every correction on the ledger): the first fee times what is
 * still drawn over what was drawn, rounded to the penny, so crediting every line gives back the whole fee.
 * `lines` are the invoice's drawn lines with `credited` true for those given back, this credit note's included.
 */
export function managementFeeCorrections(
  db: Tx,
  invoice: { id: string; reference: string },
  creditNote: { id: string; reference: string },
  lines: { accountId: string | null; amountPence: number; credited: boolean }[],
  entryDate: IsoDate,
): PostInput[] {
  const shares = new Map<string, { drawn: number; still: number }>();
  for (const line of lines) {
    if (!line.accountId) continue;
    const share = shares.get(line.accountId) ?? { drawn: 0, still: 0 };
    share.drawn += line.amountPence;
    if (!line.credited) share.still += line.amountPence;
    shares.set(line.accountId, share);
  }
  const reversal = alias(ledgerEntries, "reversal");
  const corrections: PostInput[] = [];
  for (const [accountId, share] of shares) {
    const first = db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "management_fee"), eq(ledgerEntries.reference, `fee-${invoice.id}`)))
      .get();
    const standing = db
      .select({ entry: ledgerEntries })
      .from(ledgerEntries)
      .leftJoin(reversal, eq(reversal.reversesEntryId, ledgerEntries.id))
      .where(
        and(
          eq(ledgerEntries.accountId, accountId),
          eq(ledgerEntries.kind, "management_fee"),
          or(eq(ledgerEntries.reference, `fee-${invoice.id}`), like(ledgerEntries.reference, `fee-${invoice.id}-%`)),
          isNull(reversal.id),
        ),
      )
      .get()?.entry;
    if (!first || !standing || share.drawn <= 0) continue;
    const fee = Math.round((first.amount * share.still) / share.drawn);
    if (fee === standing.amount) continue;
    const given = share.drawn - share.still;
    corrections.push({
      kind: "reversal",
      reversesEntryId: standing.id,
      entryDate,
      reason: `Credit note ${creditNote.reference} gives back ${formatPence(given)} of ${invoice.reference}`,
      description: `Management fee on ${invoice.reference} given back: credit note ${creditNote.reference}`,
    });
    if (fee < 0)
      corrections.push({
        accountId,
        kind: "management_fee",
        amount: fee,
        entryDate,
        reference: `fee-${invoice.id}-${creditNote.id}`,
        description: `Management fee on the ${formatPence(share.still)} of ${invoice.reference} not credited`,
      });
  }
  return corrections;
}

const percentText = (basisPoints: number) => `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, "")}%`;

/**
 * What the ledger takes from the agreement in force on an account: the plan (planned spend per outcome) and the
 * management fee (how much of the fund the provider's fee may take, and the fee taken on approved invoices).
 * See docs/decisions/012-ledger-entries-by-finance.md.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { ledgerEntries } from "@db/schema";
import { feeOf, inForceVersion } from "~/domain/agreements/agreements.server";
import { feePence, type ManagementFee } from "~/domain/agreements/document";
import type { IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { accountById, balanceOf, type IsfAccount, type MovementInput } from "./ledger.server";

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

const percentText = (basisPoints: number) => `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, "")}%`;

/**
 * Council finance's hand on a fund: recording the person's contribution received, a management fee or an
 * adjustment, and reversing an earlier entry (once). Anyone who may read the account may read an entry; only the
 * finance team of the account's council may record or reverse (everyone else who can see the fund is refused).
 * See docs/decisions/012-ledger-entries-by-finance.md. From a payment for invoiced support, the person (or someone
 * acting for them) may say they did not get that support, as they may on the page of the support they were charged for.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { invoiceLines, ledgerEntries, users } from "@db/schema";
import { authorise, can, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { mayFlagLine } from "~/domain/invoices/invoices.server";
import { formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import { feeAllowance } from "./agreement-terms.server";
import type { RecordEntryInput, ReverseEntryInput } from "./entries.schema";
import { readableAccount } from "./funds.server";
import { KIND_LABELS } from "./kinds";
import { balanceOf, postEntry, reverseEntry, type IsfAccount, type LedgerEntry } from "./ledger.server";

/** The account, if the actor may read it (NotFound otherwise), and may record on it (Forbidden otherwise). */
export function accountForRecording(db: Tx, actor: Actor, accountId: string): IsfAccount {
  const { account } = readableAccount(db, actor, accountId);
  authorise(actor, "ledger.record", { councilId: account.councilId });
  return account;
}

/** The account as `accountForRecording` gives it, while it is open. */
function recordableAccount(db: Tx, actor: Actor, accountId: string): IsfAccount {
  const account = accountForRecording(db, actor, accountId);
  if (account.closedAt) throw new RuleBroken("This fund is closed: nothing more can be recorded on it");
  return account;
}

/** Entries on or before today, and not before the fund's start. */
function checkDate(account: IsfAccount, date: IsoDate, today: IsoDate, field: string, notBefore?: { date: IsoDate; what: string }) {
  const fail = (message: string): never => {
    throw new RuleBroken(message, { [field]: message });
  };
  if (date > today) fail("The date must be today or in the past");
  if (date < account.periodStart) fail(`The date must be on or after the fund's start, ${formatDate(account.periodStart)}`);
  if (notBefore && date < notBefore.date) fail(`The date must be on or after ${notBefore.what}, ${formatDate(notBefore.date)}`);
}

/** What the "record money" page needs: the fund's balance, and the management fee the agreement allows from it. */
export function recordEntryView(db: Tx, actor: Actor, accountId: string) {
  const account = recordableAccount(db, actor, accountId);
  return { account, balance: balanceOf(db, account.id), fee: feeAllowance(db, account) };
}

/** Records a contribution received, a management fee or an adjustment typed in by council finance. */
export function recordEntry(db: Db, actor: Actor, accountId: string, input: RecordEntryInput, today: IsoDate = todayIso()): LedgerEntry {
  const account = recordableAccount(db, actor, accountId);
  checkDate(account, input.entryDate, today, "entryDate");
  const reference = input.reference || null;
  if (input.kind === "management_fee") {
    const fee = feeAllowance(db, account);
    if (!fee) throw new RuleBroken("The agreement for this fund does not pay a management fee from the fund", { kind: "The agreement for this fund does not pay a management fee from the fund" });
    if (input.amount > fee.left) {
      const message = `The agreement allows ${formatPence(fee.agreed)} in management fees from this fund and ${formatPence(fee.taken)} has been taken: the most you can record is ${formatPence(fee.left)}`;
      throw new RuleBroken(message, { amount: message });
    }
  }
  const signed = input.direction === "in" ? input.amount : -input.amount;
  const description =
    input.kind === "adjustment"
      ? input.reason
      : `${input.kind === "contribution_received" ? "The person's contribution" : "The provider's management fee"}${reference ? ` (reference ${reference})` : ""}`;
  try {
    return postEntry(db, { accountId: account.id, kind: input.kind, amount: signed, entryDate: input.entryDate, reference, description, reason: input.reason || null }, actor);
  } catch (error) {
    // The ledger keys its refusals by reference or position; on this form they are about the amount.
    if (error instanceof RuleBroken && Object.keys(error.fieldErrors).length > 0) throw new RuleBroken(error.message, { amount: error.message });
    throw error;
  }
}

function entryOf(db: Tx, account: IsfAccount, entryId: string): LedgerEntry {
  const entry = db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId)).get();
  if (!entry || entry.accountId !== account.id) throw new NotFound("Ledger entry not found");
  return entry;
}

const REVERSIBLE = new Set<LedgerEntry["kind"]>(["budget_variation", "contribution_received", "drawdown", "management_fee", "adjustment"]);

const linkOf = (entry: LedgerEntry | undefined) =>
  entry ? { id: entry.id, sequence: entry.sequence, entryDate: entry.entryDate, kindLabel: KIND_LABELS[entry.kind] } : null;

/** The invoice line a drawdown paid for (the drawdown's reference is the line's id), if the entry is one. */
function invoiceLineOf(db: Tx, entry: LedgerEntry) {
  if (entry.kind !== "drawdown" || !entry.reference) return undefined;
  return db
    .select({ id: invoiceLines.id, personId: invoiceLines.personId, flaggedAt: invoiceLines.flaggedAt, flagResolvedAt: invoiceLines.flagResolvedAt, flagResolution: invoiceLines.flagResolution })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.id, entry.reference), eq(invoiceLines.accountId, entry.accountId)))
    .get();
}

/**
 * One entry of a fund, with the reversal that cancelled it or the entry it reverses, who recorded it, and whether
 * the actor may reverse it. For a payment for invoiced support, the person and those acting for them (nobody else)
 * also get where their "I did not get this support" stands: not said, being looked into, or what was found.
 * Council staff's views are audited like the account page's.
 */
export function entryDetail(db: Tx, actor: Actor, accountId: string, entryId: string) {
  const { account, viewer } = readableAccount(db, actor, accountId);
  const entry = entryOf(db, account, entryId);
  if (viewer === "council") {
    recordAudit(db, { actor, action: "isf_account.viewed", subjectType: "isf_account", subjectId: account.id, councilId: account.councilId, detail: `Entry ${entry.sequence}` });
  }
  const reversal = db.select().from(ledgerEntries).where(eq(ledgerEntries.reversesEntryId, entry.id)).get();
  const reverses = entry.reversesEntryId ? db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.reversesEntryId)).get() : undefined;
  const line = invoiceLineOf(db, entry);
  const recordedBy = entry.actorUserId ? (db.select({ name: users.name }).from(users).where(eq(users.id, entry.actorUserId)).get()?.name ?? null) : null;
  return {
    account,
    viewer,
    entry: { ...entry, kindLabel: KIND_LABELS[entry.kind] },
    recordedBy,
    reversedBy: linkOf(reversal),
    reverses: linkOf(reverses),
    canReverse: can(actor, "ledger.record", { councilId: account.councilId }) && !account.closedAt && !reversal && REVERSIBLE.has(entry.kind),
    flag: line && mayFlagLine(db, actor, line) ? { open: line.flaggedAt !== null && line.flagResolvedAt === null, resolution: line.flagResolvedAt ? line.flagResolution : null } : null,
  };
}

/**
 * The invoice line a payment from the fund was for, when the actor may say they did not get that support: NotFound
 * when the entry paid for no invoice line, Forbidden to anyone else who may read the fund.
 */
export function lineToFlag(db: Tx, actor: Actor, accountId: string, entryId: string) {
  const { account } = readableAccount(db, actor, accountId);
  const line = invoiceLineOf(db, entryOf(db, account, entryId));
  if (!line) throw new NotFound("This entry is not a payment for invoiced support");
  if (!mayFlagLine(db, actor, line)) throw new Forbidden("Only the person and those acting for them can say they did not get this support");
  return line;
}

/** What the reversal page shows: the entry to reverse, if it still can be. */
export function reverseEntryView(db: Tx, actor: Actor, accountId: string, entryId: string) {
  const account = recordableAccount(db, actor, accountId);
  const entry = entryOf(db, account, entryId);
  const reversal = db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.reversesEntryId, entry.id)).get();
  const refusal = reversal
    ? "This entry has already been reversed. An entry can be reversed only once: to correct a reversal, record a new entry."
    : !REVERSIBLE.has(entry.kind)
      ? `${KIND_LABELS[entry.kind]} entries cannot be reversed.`
      : null;
  return { account, entry: { ...entry, kindLabel: KIND_LABELS[entry.kind] }, refusal };
}

/** Reverses an entry of this fund, once, dated between the entry's date and today, with a reason. */
export function reverseFundEntry(db: Db, actor: Actor, accountId: string, entryId: string, input: ReverseEntryInput, today: IsoDate = todayIso()): LedgerEntry {
  const account = recordableAccount(db, actor, accountId);
  const entry = entryOf(db, account, entryId);
  checkDate(account, input.entryDate, today, "entryDate", { date: entry.entryDate, what: "the date of the entry it reverses" });
  try {
    return reverseEntry(db, entry.id, input.reason, actor, input.entryDate);
  } catch (error) {
    if (error instanceof RuleBroken && Object.keys(error.fieldErrors).length > 0) throw new RuleBroken(error.message);
    throw error;
  }
}

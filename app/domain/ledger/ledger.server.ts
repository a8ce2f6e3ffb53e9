/**
 * Commands of the ISF ledger: open an account, post entries, reverse one, close the account.
 *
 * Every posting runs inside one transaction that reads the balance, checks it and appends the entries, so two
 * postings can never both spend the same pound. Called from a route, `postEntry` and `reverseEntry` open a
 * BEGIN IMMEDIATE transaction themselves. Other areas (agreements, invoices) call `openAccount`, `postEntries`
 * and `closeAccount` inside their own `immediate(db, tx => …)`, so their change and the ledger's commit or
 * fail together.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import { councilListItems, isfAccounts, ledgerEntries } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorise, type Actor } from "~/auth/permissions";
import { formatDate, isIsoDate, type IsoDate } from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import { entryHash, GENESIS_HASH } from "./chain.server";
import { fundsBySource, totals } from "./figures";
import { KIND_LABELS } from "./kinds";

export type IsfAccount = typeof isfAccounts.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
/** Who posted: a signed-in user, or null for the service itself (a scheduled job). */
export type LedgerActor = Pick<Actor, "id" | "councilId"> | null;

/**
 * Runs `body` atomically whatever the caller passed: inside a caller's transaction as a savepoint (so a failure
 * undoes only this, and the caller's transaction decides the rest), or on a bare handle in a new IMMEDIATE
 * transaction.
 */
function atomically<T>(tx: Tx, body: (tx: Tx) => T): T {
  if ("$client" in tx && !(tx as Db).$client.inTransaction) return immediate(tx as Db, body);
  return tx.transaction(body);
}

export type OpenAccountInput = {
  councilId: string;
  agreementId: string;
  personId: string;
  providerOrganisationId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** The ISF amount for the period, in pence. */
  openingAmount: number;
  contingencyAllowed?: number;
  surplusWeeksWorth?: number;
  surplusHeldForWeeks?: number;
  contributionFirst?: boolean;
};

function requirePence(value: number, name: string, { positive = false } = {}) {
  if (!Number.isSafeInteger(value) || value < 0 || (positive && value === 0)) {
    throw new RuleBroken(`${name} must be a whole number of pence${positive ? " above zero" : ""}`);
  }
}

/** Opens the ISF account of an approved agreement and posts its opening budget. One account per agreement. */
export function openAccount(tx: Tx, input: OpenAccountInput, actor: LedgerActor): IsfAccount {
  if (!isIsoDate(input.periodStart) || !isIsoDate(input.periodEnd) || input.periodStart > input.periodEnd) {
    throw new RuleBroken("The fund's period must have a start date on or before its end date");
  }
  requirePence(input.openingAmount, "The opening amount", { positive: true });
  requirePence(input.contingencyAllowed ?? 0, "The contingency");
  for (const weeks of [input.surplusWeeksWorth, input.surplusHeldForWeeks]) {
    if (weeks !== undefined && (!Number.isInteger(weeks) || weeks < 1)) throw new RuleBroken("The surplus rule must be a whole number of weeks");
  }
  return atomically(tx, (t) => {
    if (t.select({ id: isfAccounts.id }).from(isfAccounts).where(eq(isfAccounts.agreementId, input.agreementId)).get()) {
      throw new Conflict("This agreement already has an Individual Service Fund account");
    }
    const account = t
      .insert(isfAccounts)
      .values({
        councilId: input.councilId,
        agreementId: input.agreementId,
        personId: input.personId,
        providerOrganisationId: input.providerOrganisationId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        openingAmount: input.openingAmount,
        contingencyAllowed: input.contingencyAllowed,
        surplusWeeksWorth: input.surplusWeeksWorth,
        surplusHeldForWeeks: input.surplusHeldForWeeks,
        contributionFirst: input.contributionFirst,
        openedByUserId: actor?.id ?? null,
      })
      .returning()
      .get();
    append(t, account, tailOf(t, account.id), {
      kind: "opening_budget",
      amount: input.openingAmount,
      entryDate: input.periodStart,
      reference: "opening",
      description: `Budget for ${formatDate(input.periodStart)} to ${formatDate(input.periodEnd)}`,
    }, actor);
    recordAudit(t, {
      actor,
      councilId: account.councilId,
      action: "isf_account.opened",
      subjectType: "isf_account",
      subjectId: account.id,
      detail: `Opened with ${formatPence(input.openingAmount)} for agreement ${input.agreementId}`,
    });
    return account;
  });
}

/** The kinds anyone may post directly; the opening budget, reversals and returns have their own commands. */
export const POSTABLE_KINDS = ["budget_variation", "contribution_received", "drawdown", "management_fee", "adjustment"] as const;
export type PostableKind = (typeof POSTABLE_KINDS)[number];

/**
 * A movement of money. `amount` is signed pence: positive into the fund, negative out of it, so a drawdown of
 * £45.00 is −4500. Drawdowns need a `reference` (the invoice line id); variations and adjustments need a `reason`.
 */
export type MovementInput = {
  accountId: string;
  kind: PostableKind;
  amount: number;
  entryDate: IsoDate;
  reference?: string | null;
  outcomeId?: string | null;
  description: string;
  reason?: string | null;
};

/** Cancels an earlier entry with an equal and opposite one. */
export type ReversalInput = { kind: "reversal"; reversesEntryId: string; entryDate: IsoDate; reason: string; description?: string };

export type PostInput = MovementInput | ReversalInput;

const SIGN_RULES: Record<PostableKind, { sign: "in" | "out" | "either"; needs?: "reference" | "reason" }> = {
  budget_variation: { sign: "either", needs: "reason" },
  contribution_received: { sign: "in" },
  drawdown: { sign: "out", needs: "reference" },
  management_fee: { sign: "out" },
  adjustment: { sign: "either", needs: "reason" },
};

type NewEntry = Pick<LedgerEntry, "kind" | "amount" | "entryDate" | "description"> &
  Partial<Pick<LedgerEntry, "reference" | "outcomeId" | "reversesEntryId" | "reason">>;

export function accountById(tx: Tx, accountId: string): IsfAccount {
  const account = tx.select().from(isfAccounts).where(eq(isfAccounts.id, accountId)).get();
  if (!account) throw new NotFound("Individual Service Fund account not found");
  return account;
}

/** Money out may take the balance down to zero, or into the agreed contingency, and no further. */
function checkBalance(account: IsfAccount, balance: number, entry: NewEntry, key: string) {
  if (entry.amount >= 0 || entry.kind === "return_of_unspent") return;
  const canPay = balance + account.contingencyAllowed;
  const shortBy = -entry.amount - canPay;
  if (shortBy <= 0) return;
  const what = entry.kind === "reversal" ? "Reversing this entry" : `The ${KIND_LABELS[entry.kind].toLowerCase()}`;
  const limit =
    account.contingencyAllowed === 0
      ? `the ${formatPence(Math.max(0, balance))} left in this fund`
      : `the ${formatPence(Math.max(0, canPay))} this fund can still pay, including its ${formatPence(account.contingencyAllowed)} contingency`;
  const message = `${what} of ${formatPence(-entry.amount)} is ${formatPence(shortBy)} more than ${limit}`;
  throw new RuleBroken(message, { [key]: message });
}

/** Where an account's chain ends: its balance, last sequence number and last hash. */
type Tail = { balance: number; sequence: number; previousHash: string };

function tailOf(tx: Tx, accountId: string): Tail {
  const last = tx
    .select({ sequence: ledgerEntries.sequence, hash: ledgerEntries.hash })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .orderBy(desc(ledgerEntries.sequence))
    .limit(1)
    .get();
  return { balance: balanceOf(tx, accountId), sequence: last?.sequence ?? 0, previousHash: last?.hash ?? GENESIS_HASH };
}

/**
 * Appends one entry to an account's chain and moves the tail on: balance check, next sequence number, hash over
 * the previous hash. Synchronous, inside the caller's transaction.
 */
function append(tx: Tx, account: IsfAccount, tail: Tail, entry: NewEntry, actor: LedgerActor, key = "0"): LedgerEntry {
  checkBalance(account, tail.balance, entry, key);
  const row = {
    id: crypto.randomUUID(),
    accountId: account.id,
    sequence: tail.sequence + 1,
    kind: entry.kind,
    amount: entry.amount,
    entryDate: entry.entryDate,
    reference: entry.reference ?? null,
    outcomeId: entry.outcomeId ?? null,
    reversesEntryId: entry.reversesEntryId ?? null,
    description: entry.description,
    reason: entry.reason ?? null,
    actorUserId: actor?.id ?? null,
    createdAt: new Date(),
    previousHash: tail.previousHash,
  };
  const hash = entryHash(row);
  const inserted = tx.insert(ledgerEntries).values({ ...row, hash }).returning().get();
  tail.balance += entry.amount;
  tail.sequence = row.sequence;
  tail.previousHash = hash;
  return inserted;
}

/** The balance of an account now: the sum of every entry. */
export function balanceOf(tx: Tx, accountId: string): number {
  const row = tx
    .select({ balance: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .get();
  return row?.balance ?? 0;
}

function validateMovement(tx: Tx, account: IsfAccount, input: MovementInput, key: string): NewEntry {
  const fail = (message: string): never => {
    throw new RuleBroken(message, { [key]: message });
  };
  const rule = SIGN_RULES[input.kind];
  if (!rule) fail(`Entries of kind "${input.kind}" cannot be posted directly`);
  if (!Number.isSafeInteger(input.amount) || input.amount === 0) fail("The amount must be a whole number of pence, not zero");
  if (rule.sign === "in" && input.amount < 0) fail(`A ${KIND_LABELS[input.kind].toLowerCase()} must be money into the fund`);
  if (rule.sign === "out" && input.amount > 0) fail(`A ${KIND_LABELS[input.kind].toLowerCase()} must be money out of the fund (a negative amount)`);
  if (!isIsoDate(input.entryDate)) fail("The entry date must be a real date");
  if (!input.description.trim()) fail("Every entry needs a description");
  if (rule.needs === "reference" && !input.reference) fail(`A ${KIND_LABELS[input.kind].toLowerCase()} needs a reference, such as the invoice line it pays`);
  if (rule.needs === "reason" && !input.reason?.trim()) fail(`Give a reason for the ${KIND_LABELS[input.kind].toLowerCase()}`);
  if (input.reference) {
    const duplicate = tx
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, account.id), eq(ledgerEntries.kind, input.kind), eq(ledgerEntries.reference, input.reference)))
      .get();
    if (duplicate) throw new Conflict(`${KIND_LABELS[input.kind]} ${input.reference} has already been posted to this fund`);
  }
  if (input.outcomeId) {
    const outcome = tx
      .select({ id: councilListItems.id })
      .from(councilListItems)
      .where(and(eq(councilListItems.id, input.outcomeId), eq(councilListItems.councilId, account.councilId), eq(councilListItems.kind, "outcome")))
      .get();
    if (!outcome) fail("The outcome is not one of this council's personal outcomes");
  }
  return {
    kind: input.kind,
    amount: input.amount,
    entryDate: input.entryDate,
    reference: input.reference ?? null,
    outcomeId: input.outcomeId ?? null,
    description: input.description.trim(),
    reason: input.reason?.trim() || null,
  };
}

function validateReversal(tx: Tx, input: ReversalInput, key: string): { account: IsfAccount; entry: NewEntry } {
  const original = tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, input.reversesEntryId)).get();
  if (!original) throw new NotFound("Ledger entry not found");
  const fail = (message: string): never => {
    throw new RuleBroken(message, { [key]: message });
  };
  if (original.kind === "reversal") fail("A reversal cannot itself be reversed: post a new entry instead");
  if (original.kind === "opening_budget" || original.kind === "return_of_unspent") {
    fail(`The ${KIND_LABELS[original.kind].toLowerCase()} cannot be reversed: post a budget change instead`);
  }
  if (!input.reason.trim()) fail("Give a reason for the reversal");
  if (!isIsoDate(input.entryDate)) fail("The entry date must be a real date");
  const already = tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.reversesEntryId, original.id)).get();
  if (already) throw new Conflict("This entry has already been reversed");
  return {
    account: accountById(tx, original.accountId),
    entry: {
      kind: "reversal",
      amount: -original.amount,
      entryDate: input.entryDate,
      outcomeId: original.outcomeId,
      reversesEntryId: original.id,
      description: input.description?.trim() || `Reversal of: ${original.description}`,
      reason: input.reason.trim(),
    },
  };
}

/**
 * Posts several entries, on one account or many, all or nothing: if any is refused (balance, duplicate
 * reference, closed account) nothing is posted and the error says which (`fieldErrors` is keyed by the
 * input's reference, or its position). Balances are checked cumulatively in the order given.
 *
 * Call it inside your own `immediate(db, tx => …)` so your change and these entries commit together; on a bare
 * handle it opens one itself. It checks no permission: the calling command has authorised its own action.
 */
export function postEntries(tx: Tx, inputs: PostInput[], actor: LedgerActor): LedgerEntry[] {
  return atomically(tx, (t) => {
    const posted: LedgerEntry[] = [];
    const accounts = new Map<string, IsfAccount>();
    const tails = new Map<string, Tail>();
    for (const [index, input] of inputs.entries()) {
      const key = ("reference" in input && input.reference) || String(index);
      const { account, entry } =
        input.kind === "reversal"
          ? validateReversal(t, input, key)
          : (() => {
              const account = accounts.get(input.accountId) ?? accountById(t, input.accountId);
              return { account, entry: validateMovement(t, account, input, key) };
            })();
      accounts.set(account.id, account);
      if (account.closedAt) throw new RuleBroken("This fund is closed: nothing more can be posted to it", { [key]: "This fund is closed" });
      const tail = tails.get(account.id) ?? tailOf(t, account.id);
      tails.set(account.id, tail);
      posted.push(append(t, account, tail, entry, actor, key));
    }
    return posted;
  });
}

/** Posts one entry typed in by council finance (a contribution received, a management fee, an adjustment). */
export function postEntry(db: Db, input: MovementInput, actor: Actor): LedgerEntry {
  return immediate(db, (tx) => {
    const account = accountById(tx, input.accountId);
    authorise(actor, "ledger.record", { councilId: account.councilId }, { hide: true });
    const [entry] = postEntries(tx, [input], actor);
    recordAudit(tx, {
      actor,
      action: `ledger.${input.kind}`,
      subjectType: "isf_account",
      subjectId: account.id,
      detail: `${KIND_LABELS[input.kind]} of ${formatPence(Math.abs(input.amount))} ${input.amount > 0 ? "into" : "out of"} the fund${input.reason ? `: ${input.reason}` : ""}`,
    });
    return entry!;
  });
}

/** Reverses one entry (once only), for council finance correcting a mistake. */
export function reverseEntry(db: Db, entryId: string, reason: string, actor: Actor, entryDate: IsoDate): LedgerEntry {
  return immediate(db, (tx) => {
    const original = tx.select({ accountId: ledgerEntries.accountId }).from(ledgerEntries).where(eq(ledgerEntries.id, entryId)).get();
    if (!original) throw new NotFound("Ledger entry not found");
    const account = accountById(tx, original.accountId);
    authorise(actor, "ledger.record", { councilId: account.councilId }, { hide: true });
    const [entry] = postEntries(tx, [{ kind: "reversal", reversesEntryId: entryId, entryDate, reason }], actor);
    recordAudit(tx, { actor, action: "ledger.reversal", subjectType: "isf_account", subjectId: account.id, detail: `Reversed entry ${entryId}: ${reason}` });
    return entry!;
  });
}

/**
 * Closes the account after its agreement has ended and its run-off is over (decision 017): posts the return of
 * whatever is left, split by whose money it is (the council's, and the person's contribution, according to the
 * contribution-first rule), and refuses every later posting. A fund overdrawn into its contingency closes with
 * nothing to return. `committed` is the money on invoices waiting for approval (from the invoices area): while
 * there is any, the fund is refused closing, so money owed to a provider is never returned.
 */
export function closeAccount(tx: Tx, accountId: string, input: { closedOn: IsoDate; reason: string; committed: number }, actor: LedgerActor): LedgerEntry[] {
  if (!isIsoDate(input.closedOn)) throw new RuleBroken("The closing date must be a real date");
  return atomically(tx, (t) => {
    const account = accountById(t, accountId);
    if (account.closedAt) throw new Conflict("This fund is already closed");
    if (input.committed > 0) {
      throw new Conflict(`${formatPence(input.committed)} of this fund is on invoices waiting for approval: it cannot close until they are decided`);
    }
    const facts = t.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).all();
    const left = fundsBySource(totals(facts), account.contributionFirst);
    const returns: NewEntry[] = [];
    if (left.councilLeft > 0) {
      returns.push({ kind: "return_of_unspent", amount: -left.councilLeft, entryDate: input.closedOn, reference: "council", description: "Unspent budget returned to the council", reason: input.reason });
    }
    if (left.contributionLeft > 0) {
      returns.push({ kind: "return_of_unspent", amount: -left.contributionLeft, entryDate: input.closedOn, reference: "contribution", description: "Unspent contribution returned to the person", reason: input.reason });
    }
    const tail = tailOf(t, accountId);
    const posted = returns.map((entry) => append(t, account, tail, entry, actor));
    t.update(isfAccounts).set({ closedAt: new Date() }).where(eq(isfAccounts.id, accountId)).run();
    recordAudit(t, {
      actor,
      councilId: account.councilId,
      action: "isf_account.closed",
      subjectType: "isf_account",
      subjectId: accountId,
      detail: `Closed on ${input.closedOn}: ${input.reason}`,
    });
    return posted;
  });
}

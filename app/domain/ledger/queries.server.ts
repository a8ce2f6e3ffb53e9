/**
 * Queries of the ISF ledger. Every one takes a scope (whose accounts the caller may see) and puts it in the
 * `where` clause, so a route that forgets a check still cannot read another organisation's funds.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { councils, isfAccounts, ledgerEntries, organisations, type LedgerEntryKind } from "@db/schema";
import type { IsoDate } from "~/lib/dates";
import { NotFound } from "~/lib/errors";
import { accountFigures, balanceSentence, spendSeries, spendPerOutcome, type AccountTerms, type Figures, type LedgerFlag } from "./figures";
import { WITHOUT_LOT } from "./funds.schema";
import { KIND_LABELS } from "./kinds";
import type { IsfAccount } from "./ledger.server";


/**
 * Whose accounts may be read: a council's staff see their council's, a provider's users the accounts of the
 * people it supports, a person or representative the accounts of the people they act for.
 */
export type AccountScope = { councilId: string } | { providerOrganisationId: string } | { personIds: string[] };

function scopeWhere(scope: AccountScope): SQL {
  if ("councilId" in scope) return eq(isfAccounts.councilId, scope.councilId);
  if ("providerOrganisationId" in scope) return eq(isfAccounts.providerOrganisationId, scope.providerOrganisationId);
  return inArray(isfAccounts.personId, scope.personIds);
}

/** The account, if the scope may see it; otherwise "not found", so its existence is not confirmed. */
export function findAccount(db: Tx, accountId: string, scope: AccountScope): IsfAccount {
  const account = db
    .select()
    .from(isfAccounts)
    .where(and(eq(isfAccounts.id, accountId), scopeWhere(scope)))
    .get();
  if (!account) throw new NotFound("Individual Service Fund account not found");
  return account;
}

/** The account, found by its agreement, if the scope may see it (null when the agreement has no account yet). */
export function accountForAgreement(db: Tx, agreementId: string, scope: AccountScope): IsfAccount | null {
  return (
    db
      .select()
      .from(isfAccounts)
      .where(and(eq(isfAccounts.agreementId, agreementId), scopeWhere(scope)))
      .get() ?? null
  );
}

export function termsOf(account: IsfAccount): AccountTerms {
  return {
    periodStart: account.periodStart,
    periodEnd: account.periodEnd,
    contingencyAllowed: account.contingencyAllowed,
    surplusWeeksWorth: account.surplusWeeksWorth,
    surplusHeldForWeeks: account.surplusHeldForWeeks,
    contributionFirst: account.contributionFirst,
    closed: account.closedAt !== null,
  };
}

/** The columns of an entry that the figures are worked out from (and its account), and no more. */
export const ENTRY_FACTS = {
  id: ledgerEntries.id,
  accountId: ledgerEntries.accountId,
  kind: ledgerEntries.kind,
  amount: ledgerEntries.amount,
  entryDate: ledgerEntries.entryDate,
  outcomeId: ledgerEntries.outcomeId,
  reversesEntryId: ledgerEntries.reversesEntryId,
};

/** The facts of the accounts' entries the figures are worked out from, each account's in posting order. */
export function entryFactsOf(db: Tx, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .select(ENTRY_FACTS)
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.accountId, accountIds))
    .orderBy(asc(ledgerEntries.accountId), asc(ledgerEntries.sequence))
    .all();
}

export type AccountSummary = {
  account: IsfAccount;
  figures: Figures;
  /** "£6,214.50 left of £18,000 for this year" */
  sentence: string;
  series: ReturnType<typeof spendSeries>;
  outcomes: ReturnType<typeof spendPerOutcome>;
};

/**
 * The last figures of each kind worked out for each account, reused while nothing they are worked out from has
 * changed. Entries are append-only and hash-chained, so the last entry's hash names every entry before it; with
 * whatever else the figures depend on (terms, day, committed money, plan, dates asked for) it is the whole key.
 * Bounded: the account used least recently is dropped first.
 */
class KeptPerAccount<T> {
  private readonly kept = new Map<string, { key: string; value: T }>();
  constructor(private readonly limit = 1_000) {}

  get(accountId: string, key: string, compute: () => T): T {
    const found = this.kept.get(accountId);
    this.kept.delete(accountId);
    const value = found?.key === key ? found.value : compute();
    this.kept.set(accountId, { key, value });
    if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!);
    return value;
  }
}

const summaries = new KeptPerAccount<Omit<AccountSummary, "account">>();

function lastEntryHash(db: Tx, accountId: string): string {
  return (
    db
      .select({ hash: ledgerEntries.hash })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.accountId, accountId))
      .orderBy(desc(ledgerEntries.sequence))
      .limit(1)
      .get()?.hash ?? ""
  );
}

/**
 * What the account page shows. `committed` is the total of submitted, unapproved invoice lines on the account
 * (from the invoices area); `plan` the planned spend per outcome (from the agreement).
 */
export function accountSummary(
  db: Tx,
  accountId: string,
  scope: AccountScope,
  today: IsoDate,
  options: { committed?: number; plan?: { outcomeId: string; planned: number }[] } = {},
): AccountSummary {
  const account = findAccount(db, accountId, scope);
  const terms = termsOf(account);
  const key = JSON.stringify([lastEntryHash(db, account.id), today, options.committed ?? 0, terms, options.plan ?? null]);
  const value = summaries.get(account.id, key, () => {
    const entries = entryFactsOf(db, [account.id]);
    const figures = accountFigures(terms, entries, today, options.committed ?? 0);
    return {
      figures,
      sentence: balanceSentence(terms, figures),
      series: spendSeries(terms, entries, today),
      outcomes: spendPerOutcome(
        entries.filter((e) => e.entryDate <= today),
        options.plan,
      ),
    };
  });
  return { account, ...value };
}

export type AccountListRow = { account: IsfAccount; providerName: string; figures: Figures };

const FLAG_WEIGHT: Record<LedgerFlag, number> = { forecast_overspend: 8, forecast_underspend: 4, surplus_held: 2, no_recent_drawdown: 1 };

/** How much attention an account needs: its flags by weight, then the size of its forecast variance. */
function risk(figures: Figures): [number, number] {
  return [figures.flags.reduce((sum, flag) => sum + FLAG_WEIGHT[flag], 0), Math.abs(figures.forecast.forecastVariance)];
}

/**
 * The accounts in scope with balance, forecast and flags, riskiest first: forecast overspend, then underspend
 * over 20%, surplus held too long, no drawdown for 8 weeks. Optional filters narrow by provider, lot (of the
 * fund's agreement) and flag.
 */
export function listAccounts(
  db: Tx,
  scope: AccountScope,
  today: IsoDate,
  options: { providerOrganisationId?: string; lotId?: string; flag?: LedgerFlag; committed?: Map<string, number>; includeClosed?: boolean } = {},
): AccountListRow[] {
  const accounts = db
    .select({ account: isfAccounts, providerName: organisations.name })
    .from(isfAccounts)
    .innerJoin(organisations, eq(organisations.id, isfAccounts.providerOrganisationId))
    .where(
      and(
        scopeWhere(scope),
        options.providerOrganisationId ? eq(isfAccounts.providerOrganisationId, options.providerOrganisationId) : undefined,
        options.lotId === WITHOUT_LOT
          ? sql`not exists (select 1 from agreements ag where ag.id = ${isfAccounts.agreementId} and ag.lot_id is not null)`
          : options.lotId
            ? sql`exists (select 1 from agreements ag where ag.id = ${isfAccounts.agreementId} and ag.lot_id = ${options.lotId})`
            : undefined,
        options.includeClosed ? undefined : sql`${isfAccounts.closedAt} is null`,
      ),
    )
    .all();
  const entries = entryFactsOf(
    db,
    accounts.map((a) => a.account.id),
  );
  const byAccount = new Map<string, typeof entries>();
  for (const entry of entries) {
    const list = byAccount.get(entry.accountId) ?? [];
    list.push(entry);
    byAccount.set(entry.accountId, list);
  }
  return accounts
    .map(({ account, providerName }) => ({
      account,
      providerName,
      figures: accountFigures(termsOf(account), byAccount.get(account.id) ?? [], today, options.committed?.get(account.id) ?? 0),
    }))
    .filter((row) => !options.flag || row.figures.flags.includes(options.flag))
    .sort((a, b) => {
      const [ra, va] = risk(a.figures);
      const [rb, vb] = risk(b.figures);
      return rb - ra || vb - va;
    });
}

export type StatementLine = {
  id: string;
  sequence: number;
  entryDate: IsoDate;
  kind: LedgerEntryKind;
  kindLabel: string;
  description: string;
  reference: string | null;
  outcome: string | null;
  /** Signed pence, + into the fund, − out of it. */
  amount: number;
  /** The balance after this entry, counting entries in date order (then posting order). */
  balance: number;
  reversed: boolean;
};

export type StatementRange = { from?: IsoDate; to?: IsoDate };

type LineRow = {
  id: string;
  sequence: number;
  entry_date: string;
  kind: LedgerEntryKind;
  description: string;
  reference: string | null;
  outcome: string | null;
  amount: number;
  balance: number;
  reversed: number;
};

const toLine = (row: LineRow): StatementLine => ({
  id: row.id,
  sequence: row.sequence,
  entryDate: row.entry_date,
  kind: row.kind,
  kindLabel: KIND_LABELS[row.kind],
  description: row.description,
  reference: row.reference,
  outcome: row.outcome,
  amount: row.amount,
  balance: row.balance,
  reversed: row.reversed === 1,
});

/**
 * Entries of an account within a date range (a page of them when `page` is given), oldest first, with the running
 * balance after each: the balance before the first line returned, plus the lines' amounts in order.
 */
function statementLines(db: Tx, accountId: string, range: StatementRange, page?: { limit: number; offset: number }): StatementLine[] {
  const from = range.from ?? "0000-01-01";
  const to = range.to ?? "9999-12-31";
  const before = db.get<{ balance: number }>(sql`
    select
      coalesce((select sum(amount) from ledger_entries where account_id = ${accountId} and entry_date < ${from}), 0)
      + coalesce((select sum(amount) from (
          select amount from ledger_entries where account_id = ${accountId} and entry_date >= ${from} and entry_date <= ${to}
          order by entry_date, sequence limit ${page?.offset ?? 0})), 0) as balance
  `)!.balance;
  const rows = db.all<LineRow>(sql`
    select e.id, e.sequence, e.entry_date, e.kind, e.description, e.reference, o.label as outcome, e.amount,
      ${before} + sum(e.amount) over (order by e.entry_date, e.sequence rows unbounded preceding) as balance,
      exists (select 1 from ledger_entries r where r.reverses_entry_id = e.id) as reversed
    from (
      select * from ledger_entries where account_id = ${accountId} and entry_date >= ${from} and entry_date <= ${to}
      order by entry_date, sequence
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}
    ) e
    left join council_list_items o on o.id = e.outcome_id
    order by e.entry_date, e.sequence
  `);
  return rows.map(toLine);
}

export type StatementTotals = { openingBalance: number; moneyIn: number; moneyOut: number; closingBalance: number; count: number };

function rangeTotals(db: Tx, accountId: string, range: StatementRange): StatementTotals {
  const row = db.get<{ opening: number; money_in: number; money_out: number; count: number }>(sql`
    select
      coalesce(sum(case when entry_date < ${range.from ?? "0000-01-01"} then amount end), 0) as opening,
      coalesce(sum(case when entry_date >= ${range.from ?? "0000-01-01"} and entry_date <= ${range.to ?? "9999-12-31"} and amount > 0 then amount end), 0) as money_in,
      coalesce(-sum(case when entry_date >= ${range.from ?? "0000-01-01"} and entry_date <= ${range.to ?? "9999-12-31"} and amount < 0 then amount end), 0) as money_out,
      count(case when entry_date >= ${range.from ?? "0000-01-01"} and entry_date <= ${range.to ?? "9999-12-31"} then 1 end) as count
    from ledger_entries where account_id = ${accountId}
  `);
  const opening = row?.opening ?? 0;
  const moneyIn = row?.money_in ?? 0;
  const moneyOut = row?.money_out ?? 0;
  return { openingBalance: opening, moneyIn, moneyOut, closingBalance: opening + moneyIn - moneyOut, count: row?.count ?? 0 };
}

export type StatementPage = StatementTotals & { lines: StatementLine[]; page: number; pageCount: number; pageSize: number };

const statementTotals = new KeptPerAccount<StatementTotals>();

/** One page of the statement for a date range (both ends optional), oldest first, with running balances. */
export function statementPage(db: Tx, accountId: string, scope: AccountScope, range: StatementRange, page = 1, pageSize = 25): StatementPage {
  const account = findAccount(db, accountId, scope);
  const key = JSON.stringify([lastEntryHash(db, account.id), range.from ?? null, range.to ?? null]);
  const totalsInRange = statementTotals.get(account.id, key, () => rangeTotals(db, account.id, range));
  const pageCount = Math.max(1, Math.ceil(totalsInRange.count / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  return {
    ...totalsInRange,
    lines: statementLines(db, account.id, range, { limit: pageSize, offset: (current - 1) * pageSize }),
    page: current,
    pageCount,
    pageSize,
  };
}

export type StatementData = StatementTotals & {
  personName: string;
  providerName: string;
  councilName: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  from: IsoDate;
  to: IsoDate;
  lines: StatementLine[];
  /** "£6,214.50 left of £18,000 for this year", as of the end of the range. */
  sentence: string;
};

/**
 * Everything a statement document needs for a date range. The person's name comes from the caller (the people
 * area), since the ledger keeps only the person's id.
 */
export function statementData(db: Tx, accountId: string, scope: AccountScope, range: { from: IsoDate; to: IsoDate }, personName: string): StatementData {
  const account = findAccount(db, accountId, scope);
  const names = db
    .select({ providerName: organisations.name, councilName: councils.name })
    .from(isfAccounts)
    .innerJoin(organisations, eq(organisations.id, isfAccounts.providerOrganisationId))
    .innerJoin(councils, eq(councils.id, isfAccounts.councilId))
    .where(eq(isfAccounts.id, account.id))
    .get()!;
  const terms = termsOf(account);
  const asOf = accountFigures(terms, entryFactsOf(db, [account.id]), range.to);
  return {
    ...rangeTotals(db, account.id, range),
    ...names,
    personName,
    periodStart: account.periodStart,
    periodEnd: account.periodEnd,
    from: range.from,
    to: range.to,
    lines: statementLines(db, account.id, range),
    sentence: balanceSentence(terms, asOf),
  };
}

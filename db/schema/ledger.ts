import { relations, sql } from "drizzle-orm";
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { councils, organisations, users } from "./accounts";
import { createdAt, id, instant } from "./columns";
import { councilListItems } from "./council-lists";

/**
 * An Individual Service Fund account: one per approved Option 2 agreement. It holds the terms the ledger
 * rules need (period, contingency, surplus rule, contribution first) and never a balance: every figure is
 * derived from the entries. Updates to its identity, opening amount and period start are refused by triggers;
 * the account cannot be deleted.
 */
export const isfAccounts = sqliteTable(
  "isf_accounts",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    /** The agreement, person and provider ids are plain text until those tables exist. */
    agreementId: text().notNull().unique(),
    personId: text().notNull(),
    providerOrganisationId: text()
      .notNull()
      .references(() => organisations.id),
    /** The fund's period, ISO dates, both inclusive. */
    periodStart: text().notNull(),
    periodEnd: text().notNull(),
    /** The ISF amount for the period, in pence, posted as the opening budget entry. */
    openingAmount: integer().notNull(),
    /** How far below zero a drawdown may take the balance, in pence (0: not at all). */
    contingencyAllowed: integer().notNull().default(0),
    /** Surplus rule: flag a balance more than this many weeks' worth of budget above plan ... */
    surplusWeeksWorth: integer().notNull().default(4),
    /** ... held for more than this many weeks. */
    surplusHeldForWeeks: integer().notNull().default(12),
    /** The person's contribution is spent before the council's money. */
    contributionFirst: integer({ mode: "boolean" }).notNull().default(false),
    openedAt: createdAt(),
    openedByUserId: text().references(() => users.id),
    closedAt: instant(),
  },
  (t) => [
    index("isf_accounts_council_idx").on(t.councilId),
    index("isf_accounts_provider_idx").on(t.providerOrganisationId),
    index("isf_accounts_person_idx").on(t.personId),
    check("isf_accounts_period_check", sql`${t.periodStart} <= ${t.periodEnd}`),
    check("isf_accounts_amounts_check", sql`${t.openingAmount} > 0 and ${t.contingencyAllowed} >= 0`),
  ],
);

export const LEDGER_ENTRY_KINDS = [
  "opening_budget",
  "budget_variation",
  "contribution_received",
  "drawdown",
  "management_fee",
  "adjustment",
  "reversal",
  "return_of_unspent",
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/**
 * One movement of money on an ISF account. Append-only: triggers refuse UPDATE and DELETE, and each entry
 * carries the SHA-256 hash of itself and of the entry before it, so a change made behind the database's back
 * breaks the chain (see `verifyChain`).
 *
 * `amount` is signed pence from the fund's point of view: positive is money into the fund (opening budget, an
 * increase, the person's contribution, a reversed drawdown), negative is money out of it (a drawdown, the
 * management fee, a decrease, the return of unspent funds). The balance is the sum of the amounts.
 */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: id(),
    accountId: text()
      .notNull()
      .references(() => isfAccounts.id),
    /** 1, 2, 3 … per account, in the order the entries were posted. */
    sequence: integer().notNull(),
    kind: text({ enum: LEDGER_ENTRY_KINDS }).notNull(),
    amount: integer().notNull(),
    /** The date the money moved (ISO). */
    entryDate: text().notNull(),
    /**
     * What the entry is for, e.g. an invoice line id. Unique per account and kind, so the same invoice line can
     * never be drawn down twice: posting it again is refused, whoever tries.
     */
    reference: text(),
    /** The personal outcome (a council list item) the money was spent on. */
    outcomeId: text().references(() => councilListItems.id),
    /** For a reversal, the entry it cancels. Unique: an entry is reversed at most once. */
    reversesEntryId: text().references((): AnySQLiteColumn => ledgerEntries.id),
    /** Shown on statements: "Support, 2 to 29 March: 24 hours at £22.50". */
    description: text().notNull(),
    /** Why, for variations, adjustments and reversals. */
    reason: text(),
    actorUserId: text().references(() => users.id),
    createdAt: createdAt(),
    previousHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    uniqueIndex("ledger_entries_sequence_idx").on(t.accountId, t.sequence),
    uniqueIndex("ledger_entries_reference_idx").on(t.accountId, t.kind, t.reference),
    uniqueIndex("ledger_entries_reverses_idx").on(t.reversesEntryId),
    index("ledger_entries_date_idx").on(t.accountId, t.entryDate, t.sequence),
    /** Covers the commissioning dashboard's totals per fund to a date, so they are read from the index alone. */
    index("ledger_entries_figures_idx").on(t.accountId, t.entryDate, t.kind, t.amount, t.outcomeId, t.reversesEntryId),
    check("ledger_entries_amount_check", sql`${t.amount} <> 0`),
  ],
);

export const LEDGER_ALERT_CONDITIONS = ["forecast_overspend", "forecast_underspend", "surplus_held", "no_recent_drawdown"] as const;
export type LedgerAlertCondition = (typeof LEDGER_ALERT_CONDITIONS)[number];

/**
 * Alerts sent about an account. While a condition lasts its row stays open (no `clearedOn`) and nobody is told
 * again; once it clears the row is closed, and a later recurrence raises a new one.
 */
export const ledgerAlerts = sqliteTable(
  "ledger_alerts",
  {
    id: id(),
    accountId: text()
      .notNull()
      .references(() => isfAccounts.id),
    condition: text({ enum: LEDGER_ALERT_CONDITIONS }).notNull(),
    raisedOn: text().notNull(),
    raisedAt: createdAt(),
    clearedOn: text(),
  },
  (t) => [
    uniqueIndex("ledger_alerts_open_idx")
      .on(t.accountId, t.condition)
      .where(sql`cleared_on is null`),
  ],
);

export const isfAccountsRelations = relations(isfAccounts, ({ one, many }) => ({
  council: one(councils, { fields: [isfAccounts.councilId], references: [councils.id] }),
  provider: one(organisations, { fields: [isfAccounts.providerOrganisationId], references: [organisations.id] }),
  entries: many(ledgerEntries),
  alerts: many(ledgerAlerts),
}));

export const ledgerEntriesRelations = relations(ledgerEntries, ({ one }) => ({
  account: one(isfAccounts, { fields: [ledgerEntries.accountId], references: [isfAccounts.id] }),
  outcome: one(councilListItems, { fields: [ledgerEntries.outcomeId], references: [councilListItems.id] }),
}));

export const ledgerAlertsRelations = relations(ledgerAlerts, ({ one }) => ({
  account: one(isfAccounts, { fields: [ledgerAlerts.accountId], references: [isfAccounts.id] }),
}));

/**
 * The 4-weekly statements sent to the person and their representatives: one row per account and statement
 * period, written in the same transaction as the emails, so a period's statement is never sent twice.
 */
export const ledgerStatementSends = sqliteTable(
  "ledger_statement_sends",
  {
    accountId: text()
      .notNull()
      .references(() => isfAccounts.id),
    periodFrom: text().notNull(),
    periodTo: text().notNull(),
    recipients: integer().notNull(),
    sentAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.periodFrom] })],
);

import { relations, sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { councils, organisations, users } from "./accounts";
import { agreements } from "./agreements";
import { createdAt, id, instant } from "./columns";
import { councilListItems } from "./council-lists";
import { isfAccounts } from "./ledger";
import { people } from "./people";

/**
 * Where an invoice stands. draft → submitted → approved / queried / rejected → paid, or credited once a credit
 * note has given back every line. The allowed moves and who makes them are in `app/domain/invoices/lifecycle.ts`.
 */
export const INVOICE_STATUSES = [
  "draft",
  "submitted",
  "queried",
  "approved",
  "rejected",
  "paid",
  "credited",
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_KINDS = ["invoice", "credit_note"] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** How far a payment has gone: sent to Stripe (or waiting for the bank file), confirmed, reversed, failed. */
export const PAYMENT_STATES = [
  "none",
  "sending",
  "sent",
  "failed",
  "awaiting_bank",
  "confirmed",
  "reversed",
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const UNIT_KINDS = ["hours", "sessions", "days", "items"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A provider's claim to a council for a period, or a credit note giving back lines of a paid invoice. */
export const invoices = sqliteTable(
  "invoices",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    providerOrganisationId: text()
      .notNull()
      .references(() => organisations.id),
    kind: text({ enum: INVOICE_KINDS }).notNull().default("invoice"),
    /** For a credit note, the paid invoice it credits. */
    creditsInvoiceId: text(),
    /** INV-000123 or CN-000123, unique per provider. */
    reference: text().notNull(),
    periodStart: text().notNull(),
    periodEnd: text().notNull(),
    status: text({ enum: INVOICE_STATUSES }).notNull().default("draft"),
    createdBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** The first submission starts the 28-day clock; it keeps running while the invoice is queried. */
    submittedOn: text(),
    submittedAt: instant(),
    decidedBy: text().references(() => users.id),
    decidedAt: instant(),
    rejectedReason: text(),
    paymentRunId: text(),
    paymentMethod: text({ enum: ["stripe", "bacs"] }),
    paymentState: text({ enum: PAYMENT_STATES }).notNull().default("none"),
    /** Each new attempt after a refused transfer gets a new idempotency key: invoice-<id>-payment-<attempt>. */
    paymentAttempt: integer().notNull().default(1),
    paymentReference: text(),
    paymentError: text(),
    paidOn: text(),
    paidOutAt: instant(),
    /**
     * What the payment run pays for the invoice before any credit is taken off: its approved lines' total when the
     * run took it. Kept as it was, so a credit note raised afterwards never changes what a run paid.
     */
    runAmountPence: integer(),
  },
  (t) => [
    uniqueIndex("invoices_provider_reference_idx").on(
      t.providerOrganisationId,
      t.reference
    ),
    index("invoices_council_status_idx").on(t.councilId, t.status),
    /** The dashboard's median days to pay and the payments export read invoices by the day they were paid. */
    index("invoices_council_paid_idx").on(t.councilId, t.paidOn),
    /** The approved-invoices export reads them by the time they were approved. */
    index("invoices_council_decided_idx").on(t.councilId, t.decidedAt),
    index("invoices_run_idx").on(t.paymentRunId),
    // A provider's invoices newest first (its invoice list), and its latest period with a council (the next one to invoice).
    index("invoices_provider_created_idx").on(t.providerOrganisationId, t.createdAt),
    index("invoices_provider_period_idx").on(t.providerOrganisationId, t.councilId, t.periodEnd),
    check("invoices_period_check", sql`${t.periodStart} <= ${t.periodEnd}`),
  ]
);

export const LINE_STATUSES = [
  "pending",
  "approved",
  "rejected",
  "credited",
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** One line: support for one person under one agreement, on a date or over a date range. */
export const invoiceLines = sqliteTable(
  "invoice_lines",
  {
    id: id(),
    invoiceId: text()
      .notNull()
      .references(() => invoices.id),
    position: integer().notNull(),
    personId: text()
      .notNull()
      .references(() => people.id),
    agreementId: text()
      .notNull()
      .references(() => agreements.id),
    accountId: text().references(() => isfAccounts.id),
    startOn: text().notNull(),
    endOn: text().notNull(),
    outcomeId: text().references(() => councilListItems.id),
    description: text().notNull(),
    unitKind: text({ enum: UNIT_KINDS }).notNull(),
    units: real().notNull(),
    ratePence: integer().notNull(),
    amountPence: integer().notNull(),
    /** The rate is above the agreement's cost options: council finance must approve it knowingly. */
    rateFlagged: integer({ mode: "boolean" }).notNull().default(false),
    status: text({ enum: LINE_STATUSES }).notNull().default("pending"),
    decisionReason: text(),
    /** For a credit note's line, the paid line it gives back. */
    creditsLineId: text(),
    /** The person said "I did not get this support": an unpaid line is held until finance resolves it. */
    flaggedAt: instant(),
    flaggedBy: text().references(() => users.id),
    flagReason: text(),
    flagResolvedAt: instant(),
    flagResolution: text(),
  },
  (t) => [
    index("invoice_lines_invoice_idx").on(t.invoiceId, t.position),
    index("invoice_lines_agreement_idx").on(t.agreementId, t.startOn),
    index("invoice_lines_person_idx").on(t.personId),
    // What submitted invoices have committed on a fund: without it every check scans all invoices.
    index("invoice_lines_account_idx").on(t.accountId, t.status),
    /** Lines a person flagged that finance has not resolved: few, counted on the dashboard. */
    index("invoice_lines_open_flag_idx")
      .on(t.invoiceId)
      .where(sql`flagged_at is not null and flag_resolved_at is null`),
  ]
);

/** A question from council finance about an invoice (or one line), and the provider's answer. */
export const invoiceQueries = sqliteTable(
  "invoice_queries",
  {
    id: id(),
    invoiceId: text()
      .notNull()
      .references(() => invoices.id),
    lineId: text(),
    question: text().notNull(),
    askedBy: text()
      .notNull()
      .references(() => users.id),
    askedAt: createdAt(),
    answer: text(),
    answeredBy: text().references(() => users.id),
    answeredAt: instant(),
  },
  (t) => [index("invoice_queries_invoice_idx").on(t.invoiceId)]
);

export const PAYMENT_RUN_STATUSES = ["draft", "paying", "completed"] as const;
export type PaymentRunStatus = (typeof PAYMENT_RUN_STATUSES)[number];

/** A council's payment of approved invoices on one date: Stripe transfers and a BACS bank file. */
export const paymentRuns = sqliteTable(
  "payment_runs",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    reference: text().notNull(),
    payOn: text().notNull(),
    status: text({ enum: PAYMENT_RUN_STATUSES }).notNull().default("draft"),
    createdBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    confirmedAt: instant(),
    bacsConfirmedAt: instant(),
    bacsConfirmedBy: text().references(() => users.id),
  },
  (t) => [
    uniqueIndex("payment_runs_reference_idx").on(t.councilId, t.reference),
  ]
);

/**
 * Credit taken off a payment: part or all of an approved credit note, netted against one of the same provider's
 * invoices in a payment run of the same council. A credit note still has to recover its total less these; the
 * money is recovered when that invoice is paid.
 */
export const creditRecoveries = sqliteTable(
  "credit_recoveries",
  {
    id: id(),
    creditNoteId: text()
      .notNull()
      .references(() => invoices.id),
    invoiceId: text()
      .notNull()
      .references(() => invoices.id),
    paymentRunId: text()
      .notNull()
      .references(() => paymentRuns.id),
    amountPence: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("credit_recoveries_credit_note_idx").on(t.creditNoteId),
    index("credit_recoveries_invoice_idx").on(t.invoiceId),
    index("credit_recoveries_run_idx").on(t.paymentRunId),
    check("credit_recoveries_amount_check", sql`${t.amountPence} > 0`),
  ]
);

export const invoicesRelations = relations(invoices, ({ one, many }) => ({
  provider: one(organisations, {
    fields: [invoices.providerOrganisationId],
    references: [organisations.id],
  }),
  council: one(councils, {
    fields: [invoices.councilId],
    references: [councils.id],
  }),
  lines: many(invoiceLines),
  queries: many(invoiceQueries),
}));

export const invoiceLinesRelations = relations(invoiceLines, ({ one }) => ({
  invoice: one(invoices, {
    fields: [invoiceLines.invoiceId],
    references: [invoices.id],
  }),
  person: one(people, {
    fields: [invoiceLines.personId],
    references: [people.id],
  }),
  agreement: one(agreements, {
    fields: [invoiceLines.agreementId],
    references: [agreements.id],
  }),
}));

export const invoiceQueriesRelations = relations(invoiceQueries, ({ one }) => ({
  invoice: one(invoices, {
    fields: [invoiceQueries.invoiceId],
    references: [invoices.id],
  }),
}));

/** A problem with one row of an uploaded CSV file (row 1 is the heading row). */
export type UploadProblem = { row: number; message: string };

/**
 * A CSV file of invoice lines as uploaded: how many rows it had, how many lines were saved and every problem
 * found, so the provider can page through them or download them after the upload.
 */
export const invoiceUploads = sqliteTable(
  "invoice_uploads",
  {
    id: id(),
    invoiceId: text()
      .notNull()
      .references(() => invoices.id),
    uploadedBy: text()
      .notNull()
      .references(() => users.id),
    uploadedAt: createdAt(),
    fileName: text().notNull(),
    rows: integer().notNull(),
    added: integer().notNull(),
    /** False when nothing was saved because some rows had problems. */
    saved: integer({ mode: "boolean" }).notNull(),
    problems: text({ mode: "json" }).$type<UploadProblem[]>().notNull(),
  },
  (t) => [index("invoice_uploads_invoice_idx").on(t.invoiceId)]
);

import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./accounts";
import { createdAt, id, instant } from "./columns";

export const PAYMENT_METHODS = ["stripe", "bacs"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * How a provider organisation is paid: through its Stripe connected account or by BACS to its bank.
 * Bank details are stored as given and only ever shown masked (`maskSortCode`, `maskAccountNumber`).
 */
export const providerPaymentAccounts = sqliteTable("provider_payment_accounts", {
  id: id(),
  organisationId: text()
    .notNull()
    .unique()
    .references(() => organisations.id),
  method: text({ enum: PAYMENT_METHODS }).notNull(),
  stripeAccountId: text().unique(),
  chargesEnabled: integer({ mode: "boolean" }).notNull().default(false),
  payoutsEnabled: integer({ mode: "boolean" }).notNull().default(false),
  detailsSubmitted: integer({ mode: "boolean" }).notNull().default(false),
  /** When Stripe last told us the account's state (an API read or an `account.updated` event). */
  stripeStatusUpdatedAt: instant(),
  bankAccountName: text(),
  bankSortCode: text(),
  bankAccountNumber: text(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

/** Every Stripe event received, once: a replayed delivery finds its row and changes nothing. */
export const stripeEvents = sqliteTable(
  "stripe_events",
  {
    id: id(),
    eventId: text().notNull().unique(),
    type: text().notNull(),
    receivedAt: createdAt(),
    processedAt: instant(),
    error: text(),
  },
  (t) => [index("stripe_events_type_idx").on(t.type)],
);

/**
 * Transfers made to providers' connected accounts, one per idempotency key, so a retried payment run
 * finds the transfer it already made (even after Stripe forgets the key, 24 hours later).
 */
export const stripeTransfers = sqliteTable(
  "stripe_transfers",
  {
    id: id(),
    idempotencyKey: text().notNull(),
    organisationId: text()
      .notNull()
      .references(() => organisations.id),
    invoiceId: text().notNull(),
    amountPence: integer().notNull(),
    stripeTransferId: text().notNull().unique(),
    destinationAccountId: text().notNull(),
    createdAt: createdAt(),
    /** The payout (`payout.paid`) that took this transfer's money on to the provider's bank, and when it arrived. */
    payoutId: text(),
    paidOutAt: instant(),
  },
  (t) => [
    uniqueIndex("stripe_transfers_idempotency_key_idx").on(t.idempotencyKey),
    index("stripe_transfers_invoice_idx").on(t.invoiceId),
    index("stripe_transfers_destination_idx").on(t.destinationAccountId, t.createdAt),
  ],
);

/**
 * How much of each transfer Stripe has reversed, from `transfer.reversed` (every event carries the total reversed
 * so far). Recorded even when the transfer's own `transfer.created` has not been seen yet, and applied to the
 * invoice once it has: a transfer reversed in full makes its invoice payable again; a partial reversal is left to
 * council finance and never paid again automatically.
 */
export const stripeTransferReversals = sqliteTable(
  "stripe_transfer_reversals",
  {
    id: id(),
    stripeTransferId: text().notNull().unique(),
    invoiceId: text().notNull(),
    transferAmountPence: integer().notNull(),
    amountReversedPence: integer().notNull(),
    /** When Stripe last reported more of the transfer reversed. */
    reversedAt: instant().notNull(),
    /** The amount reversed that the invoice already shows: made payable again (in full) or reported to finance (in part). */
    appliedPence: integer().notNull().default(0),
    /**
     * Council finance's record that a partial reversal has been dealt with (the rest paid another way, or agreed with
     * the provider): how much had come back then, who, when and how. More coming back later needs dealing with again.
     */
    dealtWithPence: integer(),
    dealtWithBy: text().references(() => users.id),
    dealtWithAt: instant(),
    dealtWithNote: text(),
    createdAt: createdAt(),
  },
  (t) => [index("stripe_transfer_reversals_invoice_idx").on(t.invoiceId)],
);

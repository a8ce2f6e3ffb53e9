import { eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Db } from "@db/client.server";
import { stripeTransfers } from "@db/schema";
import { Conflict } from "~/lib/errors";
import { stripe, stripeAvailable } from "~/lib/stripe.server";
import { payeeFor } from "./payment-accounts.server";

export type TransferFailureReason =
  /** The platform's Stripe balance cannot cover it (Stripe's `balance_insufficient`): top up, then retry with a new key. */
  | "insufficient_balance"
  /** No connected account, or Stripe cannot yet send it money: pay by BACS or ask the provider to finish onboarding. */
  | "account_not_ready"
  /** Stripe is not configured on this service. */
  | "stripe_unavailable"
  /** Anything else Stripe refused or could not answer; `retryable` when the same key may simply be tried again. */
  | "stripe_error";

export type TransferResult =
  | { ok: true; transferId: string; /** true when this key had already paid: nothing new was sent */ replayed: boolean }
  | { ok: false; reason: TransferFailureReason; message: string; retryable: boolean };

export type TransferRequest = {
  organisationId: string;
  amountPence: number;
  invoiceId: string;
  /** One per payment of an invoice, e.g. `invoice-<id>-payment-1`. The same key never pays twice. */
  idempotencyKey: string;
  /** Groups the transfers of one payment run at Stripe. */
  transferGroup?: string;
};

const failure = (reason: TransferFailureReason, message: string, retryable = false): TransferResult => ({ ok: false, reason, message, retryable });

/**
 * Pays an invoice to the provider's Stripe connected account. Never pays twice for one idempotency key:
 * a key already used returns the transfer it made (from our records, which outlive Stripe's 24-hour
 * memory of keys; Stripe's own idempotency covers a crash between its answer and our record).
 * Stripe remembers a key's failure too, so after `insufficient_balance` retry with a new key.
 */
export async function transferToProvider(db: Db, request: TransferRequest): Promise<TransferResult> {
  const { organisationId, amountPence, invoiceId, idempotencyKey } = request;
  if (!Number.isInteger(amountPence) || amountPence <= 0) throw new RangeError(`A transfer must be a positive whole number of pence, not ${amountPence}`);
  const earlier = db.select().from(stripeTransfers).where(eq(stripeTransfers.idempotencyKey, idempotencyKey)).get();
  if (earlier) {
    if (earlier.organisationId !== organisationId || earlier.amountPence !== amountPence || earlier.invoiceId !== invoiceId) {
      throw new Conflict(`Idempotency key ${idempotencyKey} was already used for a different payment`);
    }
    return { ok: true, transferId: earlier.stripeTransferId, replayed: true };
  }
  if (!stripeAvailable()) return failure("stripe_unavailable", "Payment by Stripe is not set up on this service");
  const payee = payeeFor(db, organisationId);
  if (!payee?.stripeAccountId || !payee.stripeReady) return failure("account_not_ready", "The provider has not finished connecting a Stripe account");
  let transfer: Stripe.Transfer;
  try {
    transfer = await stripe().transfers.create(
      {
        amount: amountPence,
        currency: "gbp",
        destination: payee.stripeAccountId,
        transfer_group: request.transferGroup,
        description: `Invoice ${invoiceId}`,
        metadata: { invoice_id: invoiceId, organisation_id: organisationId },
      },
      { idempotencyKey },
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    if (error.code === "balance_insufficient") return failure("insufficient_balance", "The council's Stripe balance is too low to make this payment");
    if (error.code === "insufficient_capabilities_for_transfer" || error.code === "account_invalid") {
      return failure("account_not_ready", "Stripe cannot send money to the provider's account yet");
    }
    const retryable = error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError;
    return failure("stripe_error", error.message, retryable);
  }
  db.insert(stripeTransfers)
    .values({ idempotencyKey, organisationId, invoiceId, amountPence, stripeTransferId: transfer.id, destinationAccountId: payee.stripeAccountId })
    .onConflictDoNothing()
    .run();
  return { ok: true, transferId: transfer.id, replayed: false };
}

/** The platform's available Stripe balance in pence (GBP), for the payment run to check before it starts. */
export async function platformBalancePence(): Promise<number | null> {
  if (!stripeAvailable()) return null;
  const balance = await stripe().balance.retrieve();
  return balance.available.filter((b) => b.currency === "gbp").reduce((sum, b) => sum + b.amount, 0);
}

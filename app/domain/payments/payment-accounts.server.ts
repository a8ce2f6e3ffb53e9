import { eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Db, Tx } from "@db/client.server";
import { organisations, providerPaymentAccounts, type PaymentMethod } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { NotFound, RuleBroken } from "~/lib/errors";
import { stripe, stripeAvailable } from "~/lib/stripe.server";
import { maskAccountNumber, maskSortCode, type BankDetails } from "./bank-details";

type PaymentAccountRow = typeof providerPaymentAccounts.$inferSelect;

/**
 * - `not_connected`: no Stripe account yet
 * - `incomplete`: the provider has not finished Stripe's onboarding
 * - `pending`: details given; Stripe has not yet enabled payouts
 * - `connected`: Stripe can receive transfers and pay the provider's bank
 */
export type StripeStatus = "not_connected" | "incomplete" | "pending" | "connected";

export function stripeStatusOf(row: Pick<PaymentAccountRow, "stripeAccountId" | "detailsSubmitted" | "payoutsEnabled"> | undefined): StripeStatus {
  if (!row?.stripeAccountId) return "not_connected";
  if (!row.detailsSubmitted) return "incomplete";
  return row.payoutsEnabled ? "connected" : "pending";
}

function rowFor(db: Tx, organisationId: string): PaymentAccountRow | undefined {
  return db.select().from(providerPaymentAccounts).where(eq(providerPaymentAccounts.organisationId, organisationId)).get();
}

/** What the provider's "How you get paid" page shows. Bank details only ever leave here masked. */
export function paymentAccountFor(db: Tx, actor: Actor, organisationId: string) {
  authorise(actor, "provider.administer", { organisationId });
  const row = rowFor(db, organisationId);
  const hasBank = Boolean(row?.bankSortCode && row.bankAccountNumber);
  return {
    method: row?.method ?? null,
    stripeEnabled: stripeAvailable(),
    stripe: {
      status: stripeStatusOf(row),
      chargesEnabled: row?.chargesEnabled ?? false,
      payoutsEnabled: row?.payoutsEnabled ?? false,
      detailsSubmitted: row?.detailsSubmitted ?? false,
      statusUpdatedAt: row?.stripeStatusUpdatedAt ?? null,
    },
    bank:
      row && hasBank
        ? { accountName: row.bankAccountName ?? "", sortCode: maskSortCode(row.bankSortCode ?? ""), accountNumber: maskAccountNumber(row.bankAccountNumber ?? "") }
        : null,
  };
}
export type PaymentAccountView = ReturnType<typeof paymentAccountFor>;

/**
 * How to pay an organisation, for the payment run (no actor: the run has already been authorised).
 * The full bank details are for the BACS bank file only; pages show `paymentAccountFor`'s masked ones.
 */
export function payeeFor(db: Tx, organisationId: string) {
  const row = rowFor(db, organisationId);
  if (!row) return null;
  return {
    method: row.method,
    stripeAccountId: row.stripeAccountId,
    stripeReady: stripeStatusOf(row) === "connected",
    bank: row.bankSortCode && row.bankAccountNumber ? { accountName: row.bankAccountName ?? "", sortCode: row.bankSortCode, accountNumber: row.bankAccountNumber } : null,
  };
}

/** Whether a payment run could pay the organisation: BACS with bank details, or a Stripe account ready for money. */
export function canBePaid(db: Tx, organisationId: string): boolean {
  const payee = payeeFor(db, organisationId);
  return payee?.method === "stripe" ? payee.stripeReady : Boolean(payee?.bank);
}

/** Every organisation's connected account, for the offline Stripe to know them again after a restart. */
export function connectedStripeAccounts(db: Tx) {
  return db
    .select({ id: providerPaymentAccounts.stripeAccountId, businessName: organisations.name, onboarded: providerPaymentAccounts.detailsSubmitted })
    .from(providerPaymentAccounts)
    .innerJoin(organisations, eq(organisations.id, providerPaymentAccounts.organisationId))
    .all()
    .flatMap((row) => (row.id ? [{ id: row.id, businessName: row.businessName, onboarded: row.onboarded }] : []));
}

/** Saves BACS bank details as given; from now on the organisation is paid by BACS. */
export function saveBankDetails(db: Db, actor: Actor, organisationId: string, details: BankDetails): void {
  authorise(actor, "provider.administer", { organisationId });
  db.transaction((tx) => {
    const values = {
      method: "bacs" as const,
      bankAccountName: details.accountName,
      bankSortCode: details.sortCode,
      bankAccountNumber: details.accountNumber,
      updatedAt: new Date(),
    };
    tx.insert(providerPaymentAccounts)
      .values({ organisationId, ...values })
      .onConflictDoUpdate({ target: providerPaymentAccounts.organisationId, set: values })
      .run();
    recordAudit(tx, {
      actor,
      action: "payment_account.bank_details_saved",
      subjectType: "organisation",
      subjectId: organisationId,
      detail: `Paid by BACS to account ${maskAccountNumber(details.accountNumber)}, sort code ${maskSortCode(details.sortCode)}`,
    });
  });
}

/** Switches between Stripe and BACS; the method chosen must be ready to receive money. */
export function choosePaymentMethod(db: Db, actor: Actor, organisationId: string, method: PaymentMethod): void {
  authorise(actor, "provider.administer", { organisationId });
  db.transaction((tx) => {
    const row = rowFor(tx, organisationId);
    if (method === "stripe" && stripeStatusOf(row) !== "connected") throw new RuleBroken("Finish connecting your Stripe account before you choose to be paid by Stripe");
    if (method === "bacs" && !row?.bankAccountNumber) throw new RuleBroken("Give your bank details before you choose to be paid by BACS");
    tx.update(providerPaymentAccounts).set({ method, updatedAt: new Date() }).where(eq(providerPaymentAccounts.organisationId, organisationId)).run();
    recordAudit(tx, {
      actor,
      action: "payment_account.method_chosen",
      subjectType: "organisation",
      subjectId: organisationId,
      detail: `Paid by ${method === "stripe" ? "Stripe" : "BACS"}`,
    });
  });
}

/** Stripe's failures (network, outage, refusal) as a message the provider can act on. */
async function askStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    console.error("Stripe refused or could not be reached", error);
    throw new RuleBroken("Stripe could not be reached. Try again in a few minutes.");
  }
}

type OnboardingUrls = { returnUrl: string; refreshUrl: string };

/**
 * Creates the organisation's Stripe connected account (once: the idempotency key makes a double
 * submission find the same account) and a single-use onboarding link. Returns the link's URL.
 */
export async function startStripeOnboarding(db: Db, actor: Actor, organisationId: string, urls: OnboardingUrls): Promise<string> {
  authorise(actor, "provider.administer", { organisationId });
  if (!stripeAvailable()) throw new RuleBroken("Payment by Stripe is not available on this service. Give your bank details to be paid by BACS.");
  const organisation = db.select().from(organisations).where(eq(organisations.id, organisationId)).get();
  if (!organisation) throw new NotFound();
  let accountId = rowFor(db, organisationId)?.stripeAccountId;
  if (!accountId) {
    const created = await askStripe(() =>
      stripe().accounts.create(
        {
          type: "express",
          country: "GB",
          default_currency: "gbp",
          business_profile: { name: organisation.name },
          capabilities: { transfers: { requested: true } },
          metadata: { organisation_id: organisationId },
        },
        { idempotencyKey: `connected-account-${organisationId}` },
      ),
    );
    db.transaction((tx) => {
      const existing = rowFor(tx, organisationId);
      if (existing?.stripeAccountId) return;
      const status = statusFields(created);
      if (existing)
        tx.update(providerPaymentAccounts)
          .set({ stripeAccountId: created.id, ...status })
          .where(eq(providerPaymentAccounts.id, existing.id))
          .run();
      else
        tx.insert(providerPaymentAccounts)
          .values({ organisationId, method: "stripe", stripeAccountId: created.id, ...status })
          .run();
      recordAudit(tx, { actor, action: "payment_account.stripe_account_created", subjectType: "organisation", subjectId: organisationId, detail: created.id });
    });
    accountId = rowFor(db, organisationId)?.stripeAccountId ?? created.id;
  }
  return onboardingLink(accountId, urls);
}

/**
 * A new onboarding link for the organisation's Stripe account, when Stripe sends the provider back because the
 * last one expired. Null when no account has been started: only the "Connect a Stripe account" button starts one.
 */
export async function continueStripeOnboarding(db: Db, actor: Actor, organisationId: string, urls: OnboardingUrls): Promise<string | null> {
  authorise(actor, "provider.administer", { organisationId });
  const accountId = rowFor(db, organisationId)?.stripeAccountId;
  if (!accountId || !stripeAvailable()) return null;
  return onboardingLink(accountId, urls);
}

async function onboardingLink(account: string, urls: OnboardingUrls): Promise<string> {
  const link = await askStripe(() => stripe().accountLinks.create({ account, type: "account_onboarding", return_url: urls.returnUrl, refresh_url: urls.refreshUrl }));
  return link.url;
}

/** Asks Stripe for the account's state (after the provider returns from onboarding) and saves it. */
export async function refreshStripeAccount(db: Db, actor: Actor, organisationId: string): Promise<StripeStatus> {
  authorise(actor, "provider.administer", { organisationId });
  const accountId = rowFor(db, organisationId)?.stripeAccountId;
  if (!accountId || !stripeAvailable()) return "not_connected";
  const account = await askStripe(() => stripe().accounts.retrieve(accountId));
  return db.transaction((tx) => {
    applyStripeAccount(tx, account, new Date());
    return stripeStatusOf(rowFor(tx, organisationId));
  });
}

function statusFields(account: Stripe.Account) {
  return {
    chargesEnabled: Boolean(account.charges_enabled),
    payoutsEnabled: Boolean(account.payouts_enabled),
    detailsSubmitted: Boolean(account.details_submitted),
  };
}

/**
 * Saves what Stripe says about a connected account (from `account.updated` or a read), unless we already
 * hold a newer picture. When the account becomes able to receive money, the organisation is paid by Stripe.
 * Returns false for an account that is not one of ours.
 */
export function applyStripeAccount(tx: Tx, account: Stripe.Account, asOf: Date): boolean {
  const row = tx.select().from(providerPaymentAccounts).where(eq(providerPaymentAccounts.stripeAccountId, account.id)).get();
  if (!row) return false;
  if (row.stripeStatusUpdatedAt && Math.floor(row.stripeStatusUpdatedAt.getTime() / 1000) > Math.floor(asOf.getTime() / 1000)) return true;
  const before = stripeStatusOf(row);
  const fields = statusFields(account);
  const after = stripeStatusOf({ stripeAccountId: account.id, ...fields });
  const becameReady = before !== "connected" && after === "connected";
  tx.update(providerPaymentAccounts)
    .set({ ...fields, stripeStatusUpdatedAt: asOf, updatedAt: new Date(), ...(becameReady ? { method: "stripe" as const } : {}) })
    .where(eq(providerPaymentAccounts.id, row.id))
    .run();
  if (before !== after) {
    recordAudit(tx, { actor: null, action: "payment_account.stripe_status_changed", subjectType: "organisation", subjectId: row.organisationId, detail: `${before} → ${after}` });
  }
  return true;
}

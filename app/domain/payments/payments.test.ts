import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { providerPaymentAccounts, stripeEvents, stripeTransfers } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { Forbidden } from "~/lib/errors";
import { startFakeStripe, stopFakeStripe, type FakeStripe } from "~/lib/stripe-fake.server";
import { OFFLINE_WEBHOOK_SECRET, stripe } from "~/lib/stripe.server";
import { createTestDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { bacsName, BankDetailsSchema, maskAccountNumber, maskSortCode } from "./bank-details";
import { connectedStripeAccounts, continueStripeOnboarding, paymentAccountFor, refreshStripeAccount, saveBankDetails, startStripeOnboarding } from "./payment-accounts.server";
import { handleStripeWebhook } from "./stripe-webhook.server";
import { platformBalancePence, transferToProvider } from "./transfers.server";

let db: Db;
let fake: FakeStripe;
let admin: Actor;

const urls = { returnUrl: "http://localhost:3000/provider/payments/stripe-return", refreshUrl: "http://localhost:3000/provider/payments/stripe-refresh" };

beforeAll(async () => {
  db = createTestDb();
  fake = await startFakeStripe({ deliver: (payload, signature) => handleStripeWebhook(db, payload, signature), appOrigin: "http://localhost:3000" });
});
afterAll(() => stopFakeStripe());
beforeEach(() => {
  fake.reset();
  admin = makeUser(db, "provider_admin");
});

const accountRow = (organisationId: string) => db.select().from(providerPaymentAccounts).where(eq(providerPaymentAccounts.organisationId, organisationId)).get();

/** A provider whose Stripe onboarding is finished, with every webhook handled. */
async function connectedProvider(): Promise<string> {
  const organisationId = admin.organisationId ?? "";
  await startStripeOnboarding(db, admin, organisationId, urls);
  fake.completeOnboarding(accountRow(organisationId)?.stripeAccountId ?? "");
  await fake.settle();
  return organisationId;
}

function signed(event: Record<string, unknown>, secret = OFFLINE_WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return { payload, signature: stripe().webhooks.generateTestHeaderString({ payload, secret }) };
}

const accountUpdated = (id: string, account: Record<string, unknown>, created = Math.floor(Date.now() / 1000)) => ({
  id,
  object: "event",
  type: "account.updated",
  created,
  livemode: false,
  data: { object: { object: "account", ...account } },
});

describe("Stripe webhooks", () => {
  it("accepts a correctly signed event, records it and processes it once even when replayed", () => {
    const { payload, signature } = signed(accountUpdated("evt_once", { id: "acct_unknown" }));
    expect(handleStripeWebhook(db, payload, signature)).toEqual({ status: 200, message: "Processed" });
    expect(handleStripeWebhook(db, payload, signature)).toEqual({ status: 200, message: "Already processed" });
    const rows = db.select().from(stripeEvents).where(eq(stripeEvents.eventId, "evt_once")).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.type).toBe("account.updated");
    expect(rows[0]?.processedAt).toBeInstanceOf(Date);
  });

  it("refuses a bad or missing signature with 400 and records nothing", () => {
    const { payload } = signed(accountUpdated("evt_forged", { id: "acct_x" }), "whsec_someone_else");
    const forged = stripe().webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    expect(handleStripeWebhook(db, payload, forged).status).toBe(400);
    expect(handleStripeWebhook(db, payload, null)).toEqual({ status: 400, message: "Missing Stripe-Signature header" });
    const { signature } = signed(accountUpdated("evt_forged", { id: "acct_x" }));
    expect(handleStripeWebhook(db, payload.replace("acct_x", "acct_y"), signature).status).toBe(400);
    expect(db.select().from(stripeEvents).where(eq(stripeEvents.eventId, "evt_forged")).all()).toHaveLength(0);
  });

  it("account.updated updates the provider's payment account status", async () => {
    const organisationId = admin.organisationId ?? "";
    await startStripeOnboarding(db, admin, organisationId, urls);
    const accountId = accountRow(organisationId)?.stripeAccountId ?? "";
    expect(paymentAccountFor(db, admin, organisationId).stripe.status).toBe("incomplete");

    const later = Math.floor(Date.now() / 1000) + 5;
    const { payload, signature } = signed(accountUpdated("evt_ready", { id: accountId, charges_enabled: true, payouts_enabled: true, details_submitted: true }, later));
    expect(handleStripeWebhook(db, payload, signature).status).toBe(200);
    const view = paymentAccountFor(db, admin, organisationId);
    expect(view.stripe.status).toBe("connected");
    expect(view.method).toBe("stripe");

    const older = signed(accountUpdated("evt_older", { id: accountId, charges_enabled: false, payouts_enabled: false, details_submitted: true }, later - 60));
    handleStripeWebhook(db, older.payload, older.signature);
    expect(paymentAccountFor(db, admin, organisationId).stripe.status).toBe("connected");
  });
});

describe("Connecting a Stripe account", () => {
  it("creates one connected account, sends the provider to onboarding and reads its status on return", async () => {
    const organisationId = admin.organisationId ?? "";
    const url = await startStripeOnboarding(db, admin, organisationId, urls);
    const accountId = accountRow(organisationId)?.stripeAccountId ?? "";
    expect(accountId).toMatch(/^acct_/);
    expect(url).toBe(`http://localhost:3000/dev/stripe-onboarding?account=${accountId}`);
    await startStripeOnboarding(db, admin, organisationId, urls);
    expect(accountRow(organisationId)?.stripeAccountId).toBe(accountId);

    expect(fake.completeOnboarding(accountId)).toBe(urls.returnUrl);
    expect(await refreshStripeAccount(db, admin, organisationId)).toBe("connected");
    await fake.settle();
    expect(fake.events().map((e) => e.type)).toEqual(["account.updated"]);
    expect(
      db
        .select()
        .from(stripeEvents)
        .where(eq(stripeEvents.type, "account.updated"))
        .all()
        .some((e) => e.processedAt),
    ).toBe(true);
  });

  it("makes a new onboarding link only for an account already started", async () => {
    const organisationId = admin.organisationId ?? "";
    expect(await continueStripeOnboarding(db, admin, organisationId, urls)).toBeNull();
    expect(accountRow(organisationId)?.stripeAccountId ?? null).toBeNull();
    await startStripeOnboarding(db, admin, organisationId, urls);
    const accountId = accountRow(organisationId)?.stripeAccountId ?? "";
    expect(await continueStripeOnboarding(db, admin, organisationId, urls)).toBe(`http://localhost:3000/dev/stripe-onboarding?account=${accountId}`);
  });

  it("only the organisation's own administrators may connect or see it", async () => {
    const staff = makeUser(db, "provider_staff", { organisationId: admin.organisationId });
    const other = makeUser(db, "provider_admin");
    await expect(startStripeOnboarding(db, staff, admin.organisationId ?? "", urls)).rejects.toBeInstanceOf(Forbidden);
    expect(() => paymentAccountFor(db, other, admin.organisationId ?? "")).toThrow(Forbidden);
  });
});

describe("Transfers to providers", () => {
  it("pays once per idempotency key, even when asked again", async () => {
    const organisationId = await connectedProvider();
    const request = { organisationId, amountPence: 123_456, invoiceId: "inv-1", idempotencyKey: "invoice-inv-1-payment-1", transferGroup: "run-1" };
    const first = await transferToProvider(db, request);
    const again = await transferToProvider(db, request);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toEqual({ ok: true, transferId: first.ok ? first.transferId : "", replayed: true });
    expect(fake.transfers()).toHaveLength(1);
    expect(fake.transfers()[0]).toMatchObject({ amount: 123_456, currency: "gbp", transfer_group: "run-1", metadata: { invoice_id: "inv-1", organisation_id: organisationId } });
    expect(await platformBalancePence()).toBe(25_000_000 - 123_456);
    await fake.settle();
    expect(db.select().from(stripeEvents).where(eq(stripeEvents.type, "transfer.created")).all()).toHaveLength(1);
  });

  it("Stripe's own idempotency returns the same transfer if our record was lost after a crash", async () => {
    const organisationId = await connectedProvider();
    const request = { organisationId, amountPence: 5_000, invoiceId: "inv-2", idempotencyKey: "invoice-inv-2-payment-1" };
    const first = await transferToProvider(db, request);
    db.delete(stripeTransfers).where(eq(stripeTransfers.idempotencyKey, request.idempotencyKey)).run();
    const retried = await transferToProvider(db, request);
    expect(retried).toMatchObject({ ok: true, transferId: first.ok ? first.transferId : "x" });
    expect(fake.transfers()).toHaveLength(1);
  });

  it("insufficient platform balance is a typed failure, and nothing is paid", async () => {
    const organisationId = await connectedProvider();
    fake.setAvailableBalance(1_000);
    const result = await transferToProvider(db, { organisationId, amountPence: 1_001, invoiceId: "inv-3", idempotencyKey: "invoice-inv-3-payment-1" });
    expect(result).toEqual({ ok: false, reason: "insufficient_balance", message: "The council's Stripe balance is too low to make this payment", retryable: false });
    expect(fake.transfers()).toHaveLength(0);
    expect(db.select().from(stripeTransfers).where(eq(stripeTransfers.invoiceId, "inv-3")).all()).toHaveLength(0);
  });

  it("the fake answers with Stripe's real error shape", async () => {
    const organisationId = await connectedProvider();
    fake.setAvailableBalance(0);
    const destination = accountRow(organisationId)?.stripeAccountId ?? "";
    const error = await stripe()
      .transfers.create({ amount: 100, currency: "gbp", destination })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "balance_insufficient", type: "StripeInvalidRequestError" });
  });

  it("an account that has not finished onboarding is not ready", async () => {
    const organisationId = admin.organisationId ?? "";
    const none = await transferToProvider(db, { organisationId, amountPence: 100, invoiceId: "inv-4", idempotencyKey: "k-4" });
    expect(none).toMatchObject({ ok: false, reason: "account_not_ready" });
    await startStripeOnboarding(db, admin, organisationId, urls);
    const unfinished = await transferToProvider(db, { organisationId, amountPence: 100, invoiceId: "inv-4", idempotencyKey: "k-4" });
    expect(unfinished).toMatchObject({ ok: false, reason: "account_not_ready" });
  });

  it("after a restart the offline Stripe knows the accounts connected before", async () => {
    const organisationId = await connectedProvider();
    fake.reset();
    for (const account of connectedStripeAccounts(db)) fake.restoreAccount(account);
    const result = await transferToProvider(db, { organisationId, amountPence: 700, invoiceId: "inv-6", idempotencyKey: "k-6" });
    expect(result).toMatchObject({ ok: true, replayed: false });
  });

  it("reversals and payouts reach the webhook handler as signed events", async () => {
    const organisationId = await connectedProvider();
    const paid = await transferToProvider(db, { organisationId, amountPence: 2_500, invoiceId: "inv-5", idempotencyKey: "k-5" });
    if (!paid.ok) throw new Error(paid.message);
    const reversal = await stripe().transfers.createReversal(paid.transferId, { amount: 500 });
    expect(reversal.amount).toBe(500);
    fake.payOut(accountRow(organisationId)?.stripeAccountId ?? "");
    await fake.settle();
    const types = db
      .select()
      .from(stripeEvents)
      .all()
      .map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["transfer.created", "transfer.reversed", "payout.paid"]));
    expect(fake.events().find((e) => e.type === "payout.paid")).toMatchObject({ data: { object: { amount: 2_000 } } });
  });
});

describe("Bank details for BACS", () => {
  it("accepts 6-digit sort codes and 8-digit account numbers as people type them", () => {
    const parsed = BankDetailsSchema.safeParse({ accountName: "Riverbank Care Ltd", sortCode: "30-94 57", accountNumber: "0073 3445" });
    expect(parsed.success && parsed.data).toEqual({ accountName: "Riverbank Care Ltd", sortCode: "309457", accountNumber: "00733445" });
  });

  it("takes only an account name BACS can carry: 18 characters of letters, numbers, spaces and . / & -", () => {
    for (const name of ["R & B Care Ltd.", "Glenburn/Home-Care", "A1 SUPPORT"]) expect(BankDetailsSchema.shape.accountName.safeParse(name).success).toBe(true);
    expect(bacsName("Glenburn/Home-Care")).toBe("GLENBURN/HOME-CARE");
    expect(bacsName("=HYPERLINK(\"x\")")).toBe("HYPERLINKX");
    expect(bacsName("Riverbank Community Care")).toBe("RIVERBANK COMMUNIT");
  });

  it.each([
    [{ sortCode: "" }, "sortCode", "Enter a sort code"],
    [{ sortCode: "30-94-5" }, "sortCode", "Sort code must be 6 digits long, like 30-94-57"],
    [{ sortCode: "30-94-5A" }, "sortCode", "Enter a sort code using numbers only, like 30-94-57"],
    [{ accountNumber: "" }, "accountNumber", "Enter an account number"],
    [{ accountNumber: "733445" }, "accountNumber", "Account number must be 8 digits long, like 00733445"],
    [{ accountNumber: "0073344O" }, "accountNumber", "Enter an account number using numbers only, like 00733445"],
    [{ accountName: " " }, "accountName", "Enter the name on the account"],
    [{ accountName: "Riverbank Community Care" }, "accountName", "The name on the account must be 18 characters or fewer, as banks send it with a BACS payment"],
    [{ accountName: "Riverbank (Care)" }, "accountName", "The name on the account can only use letters, numbers, spaces and the characters . / & -, and must start with a letter or number"],
    [{ accountName: "=SUM(A1:A9)" }, "accountName", "The name on the account can only use letters, numbers, spaces and the characters . / & -, and must start with a letter or number"],
    [{ accountName: "-Riverbank" }, "accountName", "The name on the account can only use letters, numbers, spaces and the characters . / & -, and must start with a letter or number"],
  ])("refuses %o in plain English", (change, field, message) => {
    const result = BankDetailsSchema.safeParse({ accountName: "Riverbank", sortCode: "309457", accountNumber: "00733445", ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });

  it("stores the details as given and shows them only masked", () => {
    const organisationId = admin.organisationId ?? "";
    saveBankDetails(db, admin, organisationId, { accountName: "Riverbank Care", sortCode: "309457", accountNumber: "00733445" });
    expect(accountRow(organisationId)).toMatchObject({ method: "bacs", bankSortCode: "309457", bankAccountNumber: "00733445" });
    const view = paymentAccountFor(db, admin, organisationId);
    expect(view.bank).toEqual({ accountName: "Riverbank Care", sortCode: "**-**-57", accountNumber: "****3445" });
    expect(JSON.stringify(view)).not.toContain("00733445");
    expect(JSON.stringify(view)).not.toContain("309457");
    expect(maskSortCode("30-94-57")).toBe("**-**-57");
    expect(maskAccountNumber("12345678")).toBe("****5678");
  });
});

import { randomBytes } from "node:crypto";
import type { HttpResponseResolver, PathParams } from "msw";
import type { SetupServer } from "msw/node";
import { env } from "./env.server";
import { OFFLINE_SECRET_KEY, stripe, useOfflineStripe, webhookSecrets } from "./stripe.server";

/**
 * A fake Stripe that runs inside the service when no STRIPE_SECRET_KEY is set, in demo mode and in tests.
 * The real SDK makes its usual HTTPS calls; MSW answers them here the way Stripe's API does for the parts
 * we use (connected accounts, account links, transfers and their reversals, the balance), with Stripe's
 * ids, error shapes and idempotency. What Stripe would tell us later by webhook (transfer.created,
 * account.updated, transfer.reversed, payout.paid) is signed and delivered to our own webhook handler.
 * See docs/decisions/004-stripe-offline.md.
 */

const API = "https://api.stripe.com";
/** How long after an API call its webhook arrives: after the caller has had the response, as with Stripe. */
const DELIVERY_DELAY_MS = 25;
/** The platform's available balance when the fake starts: £250,000. */
export const FAKE_OPENING_BALANCE_PENCE = 25_000_000;

/** Hands a signed event to the service's webhook handler, as Stripe's POST to /webhooks/stripe would. */
export type WebhookDelivery = (payload: string, signature: string) => unknown;

type Json = Record<string, unknown>;
type FakeAccount = Json & {
  id: string;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  capabilities: { transfers?: "active" | "inactive" | "pending" };
};
type FakeTransfer = Json & { id: string; amount: number; amount_reversed: number; reversed: boolean; destination: string; currency: string };
type Result = { status: number; body: Json };

const ONBOARDING_REQUIREMENTS = ["business_type", "external_account", "representative.first_name", "tos_acceptance.date", "tos_acceptance.ip"];

/** What finishing onboarding changes on an account. */
const ONBOARDED = {
  charges_enabled: true,
  payouts_enabled: true,
  details_submitted: true,
  capabilities: { transfers: "active" },
  requirements: { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null },
} as const;

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

function stripeError(status: number, error: { type: string; message: string; code?: string; param?: string }): Result {
  const body: Json = { error: { ...error, ...(error.code ? { doc_url: `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}` } : {}) } };
  return { status, body };
}

const missing = (param: string) => stripeError(400, { type: "invalid_request_error", code: "parameter_missing", param, message: `Missing required param: ${param}.` });

/** `metadata[key]=value` pairs of a form-encoded body. */
function metadataOf(form: URLSearchParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of form) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

class FakeStripeState {
  accounts = new Map<string, FakeAccount>();
  accountBalances = new Map<string, number>();
  links = new Map<string, { returnUrl: string; refreshUrl: string }>();
  transfers = new Map<string, FakeTransfer>();
  idempotent = new Map<string, { fingerprint: string; result: Result }>();
  events: Json[] = [];
  availablePence = FAKE_OPENING_BALANCE_PENCE;
}

export class FakeStripe {
  private state = new FakeStripeState();
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly deliver: WebhookDelivery, private readonly appOrigin: string) {}

  /** Forgets every account, transfer, key and event, and restores the opening balance. */
  reset(): void {
    this.state = new FakeStripeState();
  }

  /** Sets the platform's available balance; transfers above it fail with `balance_insufficient`. */
  setAvailableBalance(pence: number): void {
    this.state.availablePence = pence;
  }

  get availableBalancePence(): number {
    return this.state.availablePence;
  }

  accounts(): FakeAccount[] {
    return [...this.state.accounts.values()];
  }

  account(id: string): FakeAccount | undefined {
    return this.state.accounts.get(id);
  }

  transfers(): FakeTransfer[] {
    return [...this.state.transfers.values()];
  }

  /** Every event sent, oldest first. */
  events(): Json[] {
    return [...this.state.events];
  }

  /** Waits until every webhook already sent has been handled. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * The provider finished Stripe's onboarding form: the account can now receive transfers and pay out.
   * Sends `account.updated` and returns where Stripe would send the user back to.
   */
  completeOnboarding(accountId: string): string | undefined {
    const account = this.state.accounts.get(accountId);
    if (!account) return undefined;
    Object.assign(account, ONBOARDED);
    this.emit("account.updated", account, accountId);
    return this.state.links.get(accountId)?.returnUrl;
  }

  /**
   * Puts back a connected account the service already knows (the fake keeps nothing across restarts),
   * so a demo restarted with its database can still pay the providers who connected before.
   */
  restoreAccount(known: { id: string; businessName: string; onboarded: boolean }): void {
    if (this.state.accounts.has(known.id)) return;
    const form = new URLSearchParams({ type: "express", "business_profile[name]": known.businessName, "capabilities[transfers][requested]": "true" });
    const account = this.createAccount(form).body as FakeAccount;
    this.state.accounts.delete(account.id);
    account.id = known.id;
    this.state.accounts.set(known.id, account);
    if (known.onboarded) Object.assign(account, ONBOARDED);
  }

  /** Where the last account link for this account returns to. */
  returnUrl(accountId: string): string | undefined {
    return this.state.links.get(accountId)?.returnUrl;
  }

  /** Reverses all or part of a transfer (as `POST /v1/transfers/:id/reversals`), sending `transfer.reversed`. */
  reverseTransfer(transferId: string, amountPence?: number): Result {
    const transfer = this.state.transfers.get(transferId);
    if (!transfer) return stripeError(404, { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such transfer: '${transferId}'` });
    const remaining = transfer.amount - transfer.amount_reversed;
    const amount = amountPence ?? remaining;
    if (!Number.isInteger(amount) || amount <= 0 || amount > remaining) {
      return stripeError(400, {
        type: "invalid_request_error",
        param: "amount",
        message: `Refund amount (£${(amount / 100).toFixed(2)}) is greater than unrefunded amount on transfer (£${(remaining / 100).toFixed(2)})`,
      });
    }
    const reversal = { id: newId("trr"), object: "transfer_reversal", amount, currency: transfer.currency, created: now(), transfer: transfer.id, metadata: {} };
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    const reversals = transfer.reversals as { data: Json[]; total_count: number };
    reversals.data.unshift(reversal);
    reversals.total_count += 1;
    this.state.availablePence += amount;
    this.state.accountBalances.set(transfer.destination, (this.state.accountBalances.get(transfer.destination) ?? 0) - amount);
    this.emit("transfer.reversed", transfer);
    return { status: 200, body: reversal };
  }

  /** The connected account's bank has been paid what it holds: sends `payout.paid` for that account. */
  payOut(accountId: string, amountPence?: number): Json | undefined {
    if (!this.state.accounts.has(accountId)) return undefined;
    const amount = amountPence ?? this.state.accountBalances.get(accountId) ?? 0;
    this.state.accountBalances.set(accountId, (this.state.accountBalances.get(accountId) ?? 0) - amount);
    const payout = {
      id: newId("po"),
      object: "payout",
      amount,
      currency: "gbp",
      arrival_date: now(),
      automatic: true,
      created: now(),
      method: "standard",
      status: "paid",
      type: "bank_account",
      metadata: {},
    };
    this.emit("payout.paid", payout, accountId);
    return payout;
  }

  // ---- the API -------------------------------------------------------------------------------------

  createAccount(form: URLSearchParams): Result {
    const type = form.get("type");
    if (!type) return missing("type");
    const id = newId("acct");
    const account: FakeAccount = {
      id,
      object: "account",
      type,
      country: form.get("country") ?? "GB",
      default_currency: form.get("default_currency") ?? "gbp",
      email: form.get("email"),
      business_profile: { name: form.get("business_profile[name]") },
      capabilities: { transfers: form.get("capabilities[transfers][requested]") === "true" ? "inactive" : undefined },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements: { currently_due: ONBOARDING_REQUIREMENTS, eventually_due: ONBOARDING_REQUIREMENTS, past_due: [], disabled_reason: "requirements.past_due" },
      metadata: metadataOf(form),
      created: now(),
    };
    this.state.accounts.set(id, account);
    return { status: 200, body: account };
  }

  retrieveAccount(id: string): Result {
    const account = this.state.accounts.get(id);
    if (!account) return stripeError(404, { type: "invalid_request_error", code: "resource_missing", param: "account", message: `No such account: '${id}'` });
    return { status: 200, body: account };
  }

  createAccountLink(form: URLSearchParams): Result {
    const accountId = form.get("account");
    if (!accountId) return missing("account");
    if (!this.state.accounts.has(accountId)) return this.retrieveAccount(accountId);
    const returnUrl = form.get("return_url");
    const refreshUrl = form.get("refresh_url");
    if (!returnUrl) return missing("return_url");
    if (!refreshUrl) return missing("refresh_url");
    this.state.links.set(accountId, { returnUrl, refreshUrl });
    const created = now();
    const url = `${this.appOrigin}/dev/stripe-onboarding?account=${encodeURIComponent(accountId)}`;
    return { status: 200, body: { object: "account_link", created, expires_at: created + 300, url } };
  }

  createTransfer(form: URLSearchParams): Result {
    const amount = Number(form.get("amount"));
    const currency = form.get("currency");
    const destination = form.get("destination");
    if (!form.get("amount")) return missing("amount");
    if (!currency) return missing("currency");
    if (!destination) return missing("destination");
    if (!Number.isInteger(amount) || amount < 1) {
      return stripeError(400, { type: "invalid_request_error", code: "parameter_invalid_integer", param: "amount", message: "This value must be greater than or equal to 1." });
    }
    const account = this.state.accounts.get(destination);
    if (!account) return stripeError(400, { type: "invalid_request_error", code: "resource_missing", param: "destination", message: `No such destination: '${destination}'` });
    if (account.capabilities.transfers !== "active") {
      return stripeError(400, {
        type: "invalid_request_error",
        code: "insufficient_capabilities_for_transfer",
        param: "destination",
        message: "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
      });
    }
    if (amount > this.state.availablePence) {
      return stripeError(400, {
        type: "invalid_request_error",
        code: "balance_insufficient",
        message:
          "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance",
      });
    }
    const id = newId("tr");
    const transfer: FakeTransfer = {
      id,
      object: "transfer",
      amount,
      amount_reversed: 0,
      balance_transaction: newId("txn"),
      created: now(),
      currency: currency.toLowerCase(),
      description: form.get("description"),
      destination,
      destination_payment: newId("py"),
      livemode: false,
      metadata: metadataOf(form),
      reversals: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
      reversed: false,
      source_transaction: null,
      source_type: "card",
      transfer_group: form.get("transfer_group"),
    };
    this.state.transfers.set(id, transfer);
    this.state.availablePence -= amount;
    this.state.accountBalances.set(destination, (this.state.accountBalances.get(destination) ?? 0) + amount);
    this.emit("transfer.created", transfer);
    return { status: 200, body: transfer };
  }

  retrieveTransfer(id: string): Result {
    const transfer = this.state.transfers.get(id);
    if (!transfer) return stripeError(404, { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such transfer: '${id}'` });
    return { status: 200, body: transfer };
  }

  balance(): Result {
    const available = this.state.availablePence;
    return {
      status: 200,
      body: {
        object: "balance",
        livemode: false,
        available: [{ amount: available, currency: "gbp", source_types: { card: available } }],
        pending: [{ amount: 0, currency: "gbp", source_types: { card: 0 } }],
      },
    };
  }

  /**
   * Stripe keeps the first result of each idempotency key (success or error) for the same parameters,
   * and refuses the key with other parameters.
   */
  idempotently(key: string | null, fingerprint: string, run: () => Result): Result & { replayed: boolean } {
    if (!key) return { ...run(), replayed: false };
    const seen = this.state.idempotent.get(key);
    if (seen && seen.fingerprint !== fingerprint) {
      return {
        ...stripeError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        }),
        replayed: false,
      };
    }
    if (seen) return { ...seen.result, replayed: true };
    const result = run();
    this.state.idempotent.set(key, { fingerprint, result });
    return { ...result, replayed: false };
  }

  private emit(type: string, object: Json, account?: string): void {
    const event: Json = {
      id: newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      ...(account ? { account } : {}),
    };
    this.state.events.push(event);
    const payload = JSON.stringify(event, null, 2);
    const secret = webhookSecrets()[0];
    if (!secret) return;
    const signature = stripe().webhooks.generateTestHeaderString({ payload, secret });
    const delivery = new Promise((resolve) => setTimeout(resolve, DELIVERY_DELAY_MS))
      .then(() => this.deliver(payload, signature))
      .catch((error: unknown) => console.error(`The fake Stripe could not deliver ${type}`, error));
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }
}

let running: { fake: FakeStripe; server: SetupServer } | undefined;

/** The running fake, for the demo onboarding page; undefined when the service talks to Stripe (or to no one). */
export function fakeStripe(): FakeStripe | undefined {
  return running?.fake;
}

/**
 * Starts the fake: MSW intercepts the SDK's requests to api.stripe.com (every other request passes
 * through untouched) and the client switches to the offline key. Refuses to start when a real key is set.
 */
export async function startFakeStripe(options: { deliver: WebhookDelivery; appOrigin?: string }): Promise<FakeStripe> {
  if (env().STRIPE_SECRET_KEY) throw new Error("The fake Stripe never runs while STRIPE_SECRET_KEY is set");
  if (running) return running.fake;
  const [{ http, HttpResponse }, { setupServer }] = await Promise.all([import("msw"), import("msw/node")]);
  const fake = new FakeStripe(options.deliver, options.appOrigin ?? env().APP_ORIGIN);

  const answer = (result: Result & { replayed?: boolean }) =>
    HttpResponse.json(result.body, {
      status: result.status,
      headers: { "request-id": newId("req"), ...(result.replayed ? { "idempotent-replayed": "true" } : {}) },
    });
  const authorised = (request: Request) => request.headers.get("authorization") === `Bearer ${OFFLINE_SECRET_KEY}`;
  const unauthorised = () => answer(stripeError(401, { type: "invalid_request_error", message: "Invalid API Key provided: the offline Stripe only accepts its own test key." }));

  const get =
    (run: (params: PathParams) => Result): HttpResponseResolver =>
    ({ request, params }) =>
      authorised(request) ? answer(run(params)) : unauthorised();
  const post =
    (run: (form: URLSearchParams, params: PathParams) => Result): HttpResponseResolver =>
    async ({ request, params }) => {
      if (!authorised(request)) return unauthorised();
      const body = await request.text();
      const fingerprint = `${new URL(request.url).pathname} ${body}`;
      return answer(fake.idempotently(request.headers.get("idempotency-key"), fingerprint, () => run(new URLSearchParams(body), params)));
    };
  const param = (params: PathParams, name: string) => String(params[name] ?? "");

  const server = setupServer(
    http.post(
      `${API}/v1/accounts`,
      post((form) => fake.createAccount(form)),
    ),
    http.get(
      `${API}/v1/accounts/:id`,
      get((params) => fake.retrieveAccount(param(params, "id"))),
    ),
    http.post(
      `${API}/v1/account_links`,
      post((form) => fake.createAccountLink(form)),
    ),
    http.post(
      `${API}/v1/transfers`,
      post((form) => fake.createTransfer(form)),
    ),
    http.get(
      `${API}/v1/transfers/:id`,
      get((params) => fake.retrieveTransfer(param(params, "id"))),
    ),
    http.post(
      `${API}/v1/transfers/:id/reversals`,
      post((form, params) => fake.reverseTransfer(param(params, "id"), form.get("amount") ? Number(form.get("amount")) : undefined)),
    ),
    http.get(
      `${API}/v1/balance`,
      get(() => fake.balance()),
    ),
    http.all(`${API}/*`, ({ request }) =>
      answer(
        stripeError(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${request.method}: ${new URL(request.url).pathname}). The offline Stripe does not answer it.`,
        }),
      ),
    ),
  );
  server.listen({ onUnhandledRequest: "bypass" });
  useOfflineStripe(true);
  running = { fake, server };
  return fake;
}

/** Stops intercepting and turns the offline client off. */
export function stopFakeStripe(): void {
  running?.server.close();
  running = undefined;
  useOfflineStripe(false);
}

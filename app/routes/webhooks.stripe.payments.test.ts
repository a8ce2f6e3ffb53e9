import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, auditEvents, invoiceLines, notifications, providerPaymentAccounts, stripeTransfers } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { addLines, approveInvoice, createInvoice, findInvoice, invoiceDetail, markReversalDealtWith, submitInvoice } from "~/domain/invoices/invoices.server";
import { createPaymentRun, payPaymentRun, paymentRunView } from "~/domain/invoices/payment-runs.server";
import { todayIso } from "~/lib/dates";
import { Conflict, Forbidden } from "~/lib/errors";
import { useDatabaseForTests } from "~/lib/db.server";
import { startFakeStripe, stopFakeStripe, type FakeStripe } from "~/lib/stripe-fake.server";
import { OFFLINE_WEBHOOK_SECRET, stripe } from "~/lib/stripe.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { action } from "./webhooks.stripe";

/**
 * Stripe's payment events reach the service through POST /webhooks/stripe, signed, in whatever order Stripe sends
 * them. The offline Stripe here delivers nothing by itself: each test posts the events it made, in the order the
 * test chooses.
 */
let db: Db;
let fake: FakeStripe;
let provider: Actor;
let finance: Actor;
let agreement: typeof agreements.$inferSelect;
const TODAY = todayIso();

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  fake = await startFakeStripe({ deliver: () => undefined });
  provider = actorFor(db, "admin@riverbank-care.example");
  finance = actorFor(db, "finance@clydevale.example");
  agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  const stripeAccount = { method: "stripe" as const, stripeAccountId: "acct_demo_riverbank", chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true };
  db.update(providerPaymentAccounts).set(stripeAccount).where(eq(providerPaymentAccounts.organisationId, provider.organisationId!)).run();
}, 60_000);
afterAll(() => stopFakeStripe());
beforeEach(() => {
  fake.reset();
  fake.restoreAccount({ id: "acct_demo_riverbank", businessName: "Riverbank Community Care", onboarded: true });
});

let day = 0;
/** A newly approved invoice of one line of 2 hours at £21.50 (£43.00), on a day no other test uses. */
function approvedInvoice() {
  day++;
  const on = new Date(Date.UTC(2026, 10, 11) + day * 86_400_000).toISOString().slice(0, 10);
  const invoice = createInvoice(db, provider, { periodStart: "2026-10-14", periodEnd: "2027-03-31" }, TODAY);
  addLines(db, provider, invoice.id, [
    { personId: agreement.personId, agreementId: agreement.id, startOn: on, endOn: on, description: "Support at the garden centre", unitKind: "hours", units: 2, ratePence: 2150, outcomeId: null },
  ]);
  submitInvoice(db, provider, invoice.id, TODAY);
  approveInvoice(db, finance, invoice.id, TODAY);
  return invoice;
}

/** Pays every approved invoice in a new run; the transfers' events wait to be delivered. */
async function paidByStripe() {
  const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
  await payPaymentRun(db, finance, run.id);
  return run;
}

type Event = { type: string; data: { object: { id: string; metadata?: Record<string, string> } } };
const transferOf = (invoiceId: string) => fake.transfers().filter((t) => (t.metadata as Record<string, string>).invoice_id === invoiceId);
const latest = (type: string, transferId: string) =>
  (fake.events() as Event[]).filter((e) => e.type === type && e.data.object.id === transferId).at(-1)!;

async function deliver(event: Event) {
  const payload = JSON.stringify(event, null, 2);
  const signature = stripe().webhooks.generateTestHeaderString({ payload, secret: OFFLINE_WEBHOOK_SECRET });
  const headers = new Headers({ "Content-Type": "application/json", "Stripe-Signature": signature });
  const response = await action({ request: new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body: payload, headers }), params: {}, context: {} });
  expect([response.status, await response.text()]).toEqual([200, "Processed"]);
}

const toldProvider = (since: number) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, provider.id))
    .all()
    .slice(since)
    .map((n) => n.message);
const toldFinance = (since: number) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, finance.id))
    .all()
    .slice(since)
    .map((n) => n.message);
const financeCount = () => db.select().from(notifications).where(eq(notifications.userId, finance.id)).all().length;
const providerCount = () => db.select().from(notifications).where(eq(notifications.userId, provider.id)).all().length;

describe("transfer reversals through the webhook", () => {
  it("a partial reversal leaves the invoice paid, shows on the run and the invoice, tells finance and the provider, and is never paid again", async () => {
    const invoice = approvedInvoice();
    const run = await paidByStripe();
    const [transfer] = transferOf(invoice.id);
    await deliver(latest("transfer.created", transfer!.id));
    const before = financeCount();
    const providerBefore = providerCount();

    fake.reverseTransfer(transfer!.id, 500);
    await deliver(latest("transfer.reversed", transfer!.id));

    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "paid", paymentState: "confirmed", paymentAttempt: 1 });
    expect(await payPaymentRun(db, finance, run.id)).toMatchObject({ transfers: 0, failures: [] });
    expect(transferOf(invoice.id)).toHaveLength(1);
    const view = paymentRunView(db, finance, run.id);
    expect(view.rows.find((r) => r.invoice.id === invoice.id)?.partlyReversedPence).toBe(500);
    expect(view.progress.partlyReversed).toBe(1);
    expect(invoiceDetail(db, provider, invoice.id).partialReversal).toEqual({ reversedPence: 500, transferPence: 4300, reversedOn: TODAY, dealtWith: null });
    expect(toldFinance(before)).toEqual([`£5.00 of the £43.00 Stripe payment of invoice ${invoice.reference} came back: it will not be paid again automatically`]);
    expect(toldProvider(providerBefore)).toEqual([`£5.00 of the £43.00 Stripe payment of invoice ${invoice.reference} came back to the council: council finance will agree with you what is owed`]);
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, invoice.id), eq(auditEvents.action, "invoice.payment_partly_reversed"))).all();
    expect(audit).toHaveLength(1);

    // The rest comes back too: now nothing of it was paid, so the invoice is paid again, once, with a new key.
    fake.reverseTransfer(transfer!.id);
    await deliver(latest("transfer.reversed", transfer!.id));
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "approved", paymentState: "reversed", paymentAttempt: 2, paidOn: null });
    expect(await payPaymentRun(db, finance, run.id)).toMatchObject({ transfers: 1 });
    const transfers = transferOf(invoice.id);
    expect(transfers.map((t) => t.amount - t.amount_reversed)).toEqual([0, 4300]);
    await deliver(latest("transfer.created", transfers[1]!.id));
    expect(findInvoice(db, finance, invoice.id).status).toBe("paid");
    expect(invoiceDetail(db, provider, invoice.id).partialReversal).toBeNull();
  });

  it("finance marks a partial reversal as dealt with, with a note: the provider is told, and it stops needing attention until more comes back", async () => {
    const invoice = approvedInvoice();
    const run = await paidByStripe();
    const [transfer] = transferOf(invoice.id);
    await deliver(latest("transfer.created", transfer!.id));
    fake.reverseTransfer(transfer!.id, 300);
    await deliver(latest("transfer.reversed", transfer!.id));
    const attention = () => paymentRunView(db, finance, run.id).progress.partlyReversed;
    expect(attention()).toBe(1);

    expect(() => markReversalDealtWith(db, provider, invoice.id, { note: "Sorted" })).toThrow(Forbidden);
    expect(() => markReversalDealtWith(db, finance, invoice.id, { note: "  " })).toThrow("Say how it was dealt with");
    const at = new Date("2026-12-07T10:05:00Z");
    const providerBefore = providerCount();
    markReversalDealtWith(db, finance, invoice.id, { note: "Paid the £3.00 by BACS on 7 December" }, at);
    expect(attention()).toBe(0);
    expect(toldProvider(providerBefore)).toEqual([`Council finance has dealt with the £3.00 of invoice ${invoice.reference}'s Stripe payment that came back`]);
    expect(paymentRunView(db, finance, run.id).rows.find((r) => r.invoice.id === invoice.id)).toMatchObject({ partlyReversedPence: 300, reversalDealtWith: true });
    expect(invoiceDetail(db, finance, invoice.id).partialReversal?.dealtWith).toEqual({ by: finance.name, at: at.toISOString(), note: "Paid the £3.00 by BACS on 7 December" });
    expect(findInvoice(db, finance, invoice.id).status).toBe("paid");
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, invoice.id), eq(auditEvents.action, "invoice.partial_reversal_dealt_with"))).get();
    expect(audit).toMatchObject({ actorUserId: finance.id, detail: `${invoice.reference}: £3.00 of the Stripe payment came back; dealt with: Paid the £3.00 by BACS on 7 December` });
    expect(() => markReversalDealtWith(db, finance, invoice.id, { note: "Again" })).toThrow(Conflict);

    // More of the transfer comes back: it needs dealing with again.
    fake.reverseTransfer(transfer!.id, 200);
    await deliver(latest("transfer.reversed", transfer!.id));
    expect(attention()).toBe(1);
    expect(invoiceDetail(db, finance, invoice.id).partialReversal).toMatchObject({ reversedPence: 500, dealtWith: null });
  });

  it("a full reversal that arrives before its transfer.created is applied when the transfer is seen", async () => {
    const invoice = approvedInvoice();
    const run = await paidByStripe();
    const [transfer] = transferOf(invoice.id);
    fake.reverseTransfer(transfer!.id);

    await deliver(latest("transfer.reversed", transfer!.id));
    await deliver(latest("transfer.created", transfer!.id));

    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "approved", paymentState: "reversed", paymentAttempt: 2, paidOn: null });
    await payPaymentRun(db, finance, run.id);
    const transfers = transferOf(invoice.id);
    expect(transfers).toHaveLength(2);
    await deliver(latest("transfer.created", transfers[1]!.id));
    expect(findInvoice(db, finance, invoice.id).status).toBe("paid");
    expect(transfers.reduce((sum, t) => sum + t.amount - t.amount_reversed, 0)).toBe(4300);
  });

  it("a partial reversal that arrives before its transfer.created is reported once the transfer is seen", async () => {
    const invoice = approvedInvoice();
    await paidByStripe();
    const [transfer] = transferOf(invoice.id);
    fake.reverseTransfer(transfer!.id, 1_000);
    const before = financeCount();

    await deliver(latest("transfer.reversed", transfer!.id));
    expect(toldFinance(before)).toEqual([]);
    await deliver(latest("transfer.created", transfer!.id));

    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "paid", paymentAttempt: 1 });
    expect(invoiceDetail(db, finance, invoice.id).partialReversal).toMatchObject({ reversedPence: 1_000, transferPence: 4300 });
    expect(toldFinance(before)).toHaveLength(1);
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).get()?.status).toBe("approved");
  });
});

describe("payouts through the webhook", () => {
  // The transfers of earlier tests went out with earlier payouts.
  beforeEach(() => {
    db.update(stripeTransfers).set({ paidOutAt: new Date("2026-11-01T00:00:00Z") }).where(isNull(stripeTransfers.paidOutAt)).run();
  });
  const payoutEvent = () => (fake.events() as (Event & { account?: string })[]).filter((e) => e.type === "payout.paid").at(-1)!;

  it("a payout marks paid out only the invoices whose transfers it paid, oldest first, up to its amount", async () => {
    const first = approvedInvoice();
    await paidByStripe();
    const second = approvedInvoice();
    await paidByStripe();
    for (const invoice of [first, second]) await deliver(latest("transfer.created", transferOf(invoice.id)[0]!.id));

    // The bank receives only the first invoice's £43.00.
    fake.payOut("acct_demo_riverbank", 4_300);
    await deliver(payoutEvent());
    expect(findInvoice(db, finance, first.id).paidOutAt).toBeInstanceOf(Date);
    expect(findInvoice(db, finance, second.id).paidOutAt).toBeNull();

    // A payout of less than the next transfer takes nothing of it.
    fake.payOut("acct_demo_riverbank", 1_000);
    await deliver(payoutEvent());
    expect(findInvoice(db, finance, second.id).paidOutAt).toBeNull();

    fake.payOut("acct_demo_riverbank", 4_300);
    await deliver(payoutEvent());
    expect(findInvoice(db, finance, second.id).paidOutAt).toBeInstanceOf(Date);
  });

  it("counts a transfer less what was reversed of it, and never a transfer made after the payout", async () => {
    const partly = approvedInvoice();
    await paidByStripe();
    const [transfer] = transferOf(partly.id);
    await deliver(latest("transfer.created", transfer!.id));
    fake.reverseTransfer(transfer!.id, 300);
    await deliver(latest("transfer.reversed", transfer!.id));
    fake.payOut("acct_demo_riverbank", 4_000);
    const payout = payoutEvent();
    const later = approvedInvoice();
    await paidByStripe();
    await deliver(latest("transfer.created", transferOf(later.id)[0]!.id));
    // Delivered after the later transfer was made: the payout was created before it, so cannot have paid it.
    const created = (payout.data.object as unknown as { created: number }).created;
    db.$client.prepare("update stripe_transfers set created_at = ? where stripe_transfer_id = ?").run((created + 5) * 1000, transferOf(later.id)[0]!.id);
    await deliver(payout);
    expect(findInvoice(db, finance, partly.id).paidOutAt).toBeInstanceOf(Date);
    expect(findInvoice(db, finance, later.id).paidOutAt).toBeNull();
  });
});

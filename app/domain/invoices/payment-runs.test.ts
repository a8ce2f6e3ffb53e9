import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, invoiceLines, invoices, isfAccounts, ledgerEntries, paymentRuns, providerPaymentAccounts } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { balanceOf } from "~/domain/ledger/ledger.server";
import { handleStripeWebhook } from "~/domain/payments/stripe-webhook.server";
import { todayIso } from "~/lib/dates";
import { startFakeStripe, stopFakeStripe, type FakeStripe } from "~/lib/stripe-fake.server";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { pdfText } from "../../../test/pdf";
import { addLines, approveInvoice, createCreditNote, createInvoice, findInvoice, invoiceDetail, submitInvoice } from "./invoices.server";
import {
  bacsFile,
  confirmBacsPaid,
  createPaymentRun,
  creditOwedByProvider,
  listPaymentRuns,
  outstandingCredits,
  payableInvoicesPage,
  PAYMENT_RUN_PAGE_SIZE,
  payPaymentRun,
  paymentRunView,
} from "./payment-runs.server";
import { invoicePdf, remittancePdf } from "./pdf.server";

let db: Db;
let fake: FakeStripe;
let provider: Actor;
let finance: Actor;
let agreement: typeof agreements.$inferSelect;
let accountId: string;
const TODAY = "2026-11-23";

const useStripe = () =>
  db
    .update(providerPaymentAccounts)
    .set({ method: "stripe", stripeAccountId: "acct_demo_riverbank", chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true })
    .where(eq(providerPaymentAccounts.organisationId, provider.organisationId!))
    .run();
const useBacs = () =>
  db
    .update(providerPaymentAccounts)
    .set({ method: "bacs", bankAccountName: "RIVERBANK CARE", bankSortCode: "123456", bankAccountNumber: "12345678" })
    .where(eq(providerPaymentAccounts.organisationId, provider.organisationId!))
    .run();

beforeAll(async () => {
  db = await createSeededDb();
  fake = await startFakeStripe({ deliver: (payload, signature) => handleStripeWebhook(db, payload, signature), appOrigin: "http://localhost:3000" });
  provider = actorFor(db, "admin@riverbank-care.example");
  finance = actorFor(db, "finance@clydevale.example");
  agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  accountId = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!.id;
  fake.restoreAccount({ id: "acct_demo_riverbank", businessName: "Riverbank Community Care", onboarded: true });
  useStripe();
  // The demo's approved invoices are paid first, so each test's run holds only its own invoices.
  await payAll();
}, 60_000);
afterAll(() => stopFakeStripe());
beforeEach(() => useStripe());

let day = 0;
/** An approved invoice of `hours` lines of 2 hours at £21.50 (£43.00 each), on days no other invoice uses. */
function approvedInvoice(lines: number) {
  const invoice = createInvoice(db, provider, { periodStart: "2026-10-14", periodEnd: "2027-03-31" }, TODAY);
  addLines(
    db,
    provider,
    invoice.id,
    Array.from({ length: lines }, () => {
      day++;
      const on = new Date(Date.UTC(2026, 10, 11) + day * 86_400_000).toISOString().slice(0, 10);
      return { personId: agreement.personId, agreementId: agreement.id, startOn: on, endOn: on, description: "Support at home", unitKind: "hours" as const, units: 2, ratePence: 2150, outcomeId: null };
    }),
  );
  submitInvoice(db, provider, invoice.id, TODAY);
  approveInvoice(db, finance, invoice.id, TODAY);
  return findInvoice(db, finance, invoice.id);
}

async function payAll() {
  const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
  const outcome = await payPaymentRun(db, finance, run.id, TODAY);
  await fake.settle();
  return { run, outcome };
}

/** An approved credit note giving back `count` lines of a paid invoice not yet credited. */
function approvedCredit(invoiceId: string, count: number) {
  const lines = db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), eq(invoiceLines.status, "approved")))
    .all()
    .slice(0, count);
  const note = createCreditNote(db, provider, invoiceId, { lineIds: lines.map((l) => l.id), reason: "Visits cancelled" }, TODAY);
  approveInvoice(db, finance, note.id, TODAY);
  return findInvoice(db, finance, note.id);
}

const transfersFor = (invoiceId: string) => fake.transfers().filter((t) => (t.metadata as Record<string, string>).invoice_id === invoiceId);
/** The management fee entries of an invoice on James's fund, and their reversals, in order. */
function fees(invoiceId: string) {
  const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).all();
  const feeIds = new Set(entries.filter((e) => e.reference?.startsWith(`fee-${invoiceId}`)).map((e) => e.id));
  return entries.filter((e) => feeIds.has(e.id) || (e.reversesEntryId && feeIds.has(e.reversesEntryId)));
}

describe("credit notes and payment runs", () => {
  it("a credit note is taken off the provider's next run; what it cannot cover is carried forward as credit the provider owes", async () => {
    const paid = approvedInvoice(2);
    const first = await payAll();
    const paidTotal = paymentRunView(db, finance, first.run.id).total;
    expect(paidTotal).toBe(8_600);

    const note = approvedCredit(paid.id, 2);
    expect(findInvoice(db, finance, paid.id).status).toBe("credited");
    expect(paymentRunView(db, finance, first.run.id).total).toBe(8_600);
    expect(outstandingCredits(db, finance).map((c) => [c.creditNote.reference, c.outstanding])).toEqual([[note.reference, 8_600]]);
    expect(creditOwedByProvider(db, provider)).toEqual([{ councilName: "Clydevale Council", owed: 8_600 }]);
    expect(invoiceDetail(db, provider, note.id).recovery).toEqual({ recoveries: [], outstanding: 8_600 });

    // The next invoice is £43.00: the credit pays all of it, nothing is sent, and £43.00 is carried forward.
    const small = approvedInvoice(1);
    const second = await payAll();
    expect(second.outcome).toMatchObject({ transfers: 0, settledByCredit: 1 });
    expect(transfersFor(small.id)).toHaveLength(0);
    expect(findInvoice(db, finance, small.id)).toMatchObject({ status: "paid", paidOn: TODAY });
    const view = paymentRunView(db, finance, second.run.id);
    expect([view.total, view.credit]).toEqual([0, 4_300]);
    expect(view.credits).toEqual([expect.objectContaining({ creditNoteReference: note.reference, invoiceReference: small.reference, amountPence: 4_300 })]);
    expect(creditOwedByProvider(db, provider)).toEqual([{ councilName: "Clydevale Council", owed: 4_300 }]);

    // The one after is £86.00: £43.00 of credit comes off, £43.00 is sent, and the credit note is recovered.
    const large = approvedInvoice(2);
    const third = await payAll();
    expect(third.outcome.transfers).toBe(1);
    expect(transfersFor(large.id).map((t) => t.amount)).toEqual([4_300]);
    expect(findInvoice(db, finance, large.id).status).toBe("paid");
    expect(paymentRunView(db, finance, third.run.id)).toMatchObject({ total: 4_300, credit: 4_300 });
    expect(invoiceDetail(db, provider, note.id).recovery).toEqual({
      recoveries: [
        { amountPence: 4_300, invoiceReference: small.reference, paidOn: TODAY, runReference: second.run.reference },
        // Paid by Stripe: on the day the transfer was made.
        { amountPence: 4_300, invoiceReference: large.reference, paidOn: todayIso(), runReference: third.run.reference },
      ],
      outstanding: 0,
    });
    expect(outstandingCredits(db, finance)).toEqual([]);
    expect(creditOwedByProvider(db, provider)).toEqual([]);
    expect(invoiceDetail(db, provider, large.id).payment).toEqual({ amount: 8_600, credits: [{ reference: note.reference, amountPence: 4_300 }], paid: 4_300 });
    const remittance = pdfText(await remittancePdf(invoiceDetail(db, provider, large.id)));
    expect(remittance).toContain(`Credit taken off: £43.00 (credit note ${note.reference})`);
    expect(remittance).toContain("Amount paid: £43.00");
  });

  it("approving a credit note gives back the management fee on the credited lines", async () => {
    const paid = approvedInvoice(2);
    await payAll();
    // James's agreement takes a 5% fee from the fund: £4.30 on £86.00.
    expect(fees(paid.id).map((e) => e.amount)).toEqual([-430]);
    const before = balanceOf(db, accountId);
    approvedCredit(paid.id, 1);
    expect(balanceOf(db, accountId)).toBe(before + 4_300 + 215);
    expect(fees(paid.id).map((e) => [e.kind, e.amount])).toEqual([
      ["management_fee", -430],
      ["reversal", 430],
      ["management_fee", -215],
    ]);
    approvedCredit(paid.id, 1);
    expect(balanceOf(db, accountId)).toBe(before + 8_600 + 430);
    expect(fees(paid.id).map((e) => e.amount).reduce((a, b) => a + b, 0)).toBe(0);
    // Recovered from the next payment, so later tests start with no credit owed.
    approvedInvoice(3);
    await payAll();
    expect(creditOwedByProvider(db, provider)).toEqual([]);
  });

  it("a BACS provider's bank file row is its invoices less the credit taken off", async () => {
    const paid = approvedInvoice(1);
    await payAll();
    approvedCredit(paid.id, 1);
    useBacs();
    const invoice = approvedInvoice(3);
    const { run, outcome } = await payAll();
    expect(outcome.awaitingBank).toBe(1);
    expect(bacsFile(db, finance, run.id).split("\r\n")[1]).toContain("86.00");
    confirmBacsPaid(db, finance, run.id, TODAY);
    expect(invoiceDetail(db, provider, invoice.id).payment).toMatchObject({ amount: 12_900, paid: 8_600 });
  });

  it("a credit note reads as credit on screen data and in its PDF, never as a sum due", async () => {
    const paid = approvedInvoice(1);
    await payAll();
    const note = approvedCredit(paid.id, 1);
    const text = pdfText(await invoicePdf(invoiceDetail(db, provider, note.id)));
    expect(text).toContain("Credit: £43.00");
    expect(text).not.toContain("Total due");
    expect(text).not.toContain("Total:");
    approvedInvoice(1);
    await payAll();
    expect(db.select().from(invoices).where(eq(invoices.id, note.id)).get()?.status).toBe("approved");
  });
});

describe("the run's date", () => {
  const PAY_ON = "2026-11-28";

  it("sends no Stripe transfer before the run's date, refuses to, naming the date, and sends them on the day", async () => {
    const invoice = approvedInvoice(1);
    const run = createPaymentRun(db, finance, { payOn: PAY_ON }, TODAY);
    const outcome = await payPaymentRun(db, finance, run.id, TODAY);
    await fake.settle();
    expect(outcome).toMatchObject({ transfers: 0, notBefore: { payOn: PAY_ON, invoices: 1 } });
    expect(transfersFor(invoice.id)).toHaveLength(0);
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "approved", paymentState: "none", paidOn: null });
    await expect(payPaymentRun(db, finance, run.id, "2026-11-27")).rejects.toThrow(
      `${run.reference} pays on 28 November 2026: its Stripe transfers cannot be sent before then`,
    );
    expect(transfersFor(invoice.id)).toHaveLength(0);
    expect(await payPaymentRun(db, finance, run.id, PAY_ON)).toMatchObject({ transfers: 1, notBefore: null });
    await fake.settle();
    expect(findInvoice(db, finance, invoice.id).status).toBe("paid");
  });

  it("puts BACS invoices in the bank file early, but refuses to confirm the bank paid before the date, then records the date paid", async () => {
    useBacs();
    const invoice = approvedInvoice(1);
    const run = createPaymentRun(db, finance, { payOn: PAY_ON }, TODAY);
    expect(await payPaymentRun(db, finance, run.id, TODAY)).toMatchObject({ awaitingBank: 1 });
    expect(bacsFile(db, finance, run.id).split("\r\n")[1]).toContain(PAY_ON);
    expect(() => confirmBacsPaid(db, finance, run.id, TODAY)).toThrow(
      `${run.reference} pays on 28 November 2026: confirm that the bank has paid the BACS file on or after that date`,
    );
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "approved", paidOn: null });
    expect(confirmBacsPaid(db, finance, run.id, "2026-11-30")).toBe(1);
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({ status: "paid", paidOn: PAY_ON });
  });
});

describe("the BACS bank file", () => {
  it("is written by the one CSV writer: every field quoted, money as pounds, the account name in BACS characters and upper case", async () => {
    useBacs();
    // A name saved before names were held to the BACS characters, made to look like a spreadsheet formula.
    db.update(providerPaymentAccounts)
      .set({ bankAccountName: "=cmd|' /C calc'!A0 and more" })
      .where(eq(providerPaymentAccounts.organisationId, provider.organisationId!))
      .run();
    const invoice = approvedInvoice(1);
    const { run } = await payAll();
    const [header, row] = bacsFile(db, finance, run.id).split("\r\n");
    expect(header).toBe('"Payment date","Sort code","Account number","Account name","Amount","Reference","Invoices"');
    expect(row).toBe(`"${TODAY}","123456","12345678","CMD /C CALCA0 AND",43.00,"${run.reference}","${invoice.reference}"`);
    confirmBacsPaid(db, finance, run.id, TODAY);
  });
});

describe("long lists on finance's payment-run pages", () => {
  it("the invoices waiting, a run's invoices and the runs come a page at a time; a run's totals are of all its invoices", async () => {
    const waiting = Array.from({ length: PAYMENT_RUN_PAGE_SIZE + 2 }, () => approvedInvoice(1));
    const first = payableInvoicesPage(db, finance, 1);
    expect([first.rows.length, first.total, first.page, first.pageCount]).toEqual([PAYMENT_RUN_PAGE_SIZE, waiting.length, 1, 2]);
    const second = payableInvoicesPage(db, finance, 2);
    expect(second.rows.map((r) => r.invoice.id).sort()).toEqual(
      waiting.map((i) => i.id).filter((id) => !first.rows.some((r) => r.invoice.id === id)).sort(),
    );
    expect(payableInvoicesPage(db, finance, 99).page).toBe(2);

    const { run } = await payAll();
    const view = paymentRunView(db, finance, run.id);
    expect([view.rows.length, view.progress.of, view.pageCount, view.total]).toEqual([PAYMENT_RUN_PAGE_SIZE, waiting.length, 2, waiting.length * 4_300]);
    expect(view.providers).toEqual([expect.objectContaining({ name: "Riverbank Community Care", invoices: waiting.length, total: waiting.length * 4_300 })]);
    const rest = paymentRunView(db, finance, run.id, 2).rows.map((r) => r.invoice.id);
    expect(new Set([...view.rows.map((r) => r.invoice.id), ...rest]).size).toBe(waiting.length);

    const existing = listPaymentRuns(db, finance).total;
    db.insert(paymentRuns)
      .values(Array.from({ length: PAYMENT_RUN_PAGE_SIZE + 1 - existing }, (_, i) => ({ councilId: finance.councilId!, reference: `PR-9${String(i).padStart(4, "0")}`, payOn: TODAY, createdBy: finance.id, createdAt: new Date(Date.UTC(2020, 0, 1 + i)) })))
      .run();
    const runs = listPaymentRuns(db, finance);
    expect([runs.rows.length, runs.total, runs.pageCount, runs.rows[0]?.reference]).toEqual([PAYMENT_RUN_PAGE_SIZE, PAYMENT_RUN_PAGE_SIZE + 1, 2, run.reference]);
    expect(listPaymentRuns(db, finance, 2).rows.map((r) => r.reference)).toEqual(["PR-90000"]);
  });
});

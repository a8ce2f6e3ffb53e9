import { and, eq, isNull, ne } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, agreementVersions, councils, invoiceLines, invoiceQueries, invoices, isfAccounts, ledgerEntries, notifications, organisations, people, providerPaymentAccounts, representatives, stripeTransfers } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { startAgreement } from "~/domain/agreements/agreements.server";
import { balanceOf } from "~/domain/ledger/ledger.server";
import { handleStripeWebhook } from "~/domain/payments/stripe-webhook.server";
import { addDays, formatDate } from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { startFakeStripe, stopFakeStripe, type FakeStripe } from "~/lib/stripe-fake.server";
import { createSeededDb } from "../../../test/db";
import { actorFor, makeUser } from "../../../test/factories";
import { toCsv } from "~/lib/csv";
import { CSV_COLUMNS, CSV_TEMPLATE, parseCsv } from "./csv";
import { importCsv, problemsCsv, uploadResult } from "./import.server";
import {
  addLines,
  approvalQueue,
  approveInvoice,
  committedByAccount,
  createCreditNote,
  createInvoice,
  defaultPeriod,
  findInvoice,
  flagLine,
  invoiceableCouncils,
  invoiceDetail,
  linesForPerson,
  prefillFromPlan,
  queryInvoice,
  rejectInvoice,
  rejectLine,
  resolveFlag,
  submitInvoice,
  type LineInput,
} from "./invoices.server";
import { bacsFile, confirmBacsPaid, createPaymentRun, payPaymentRun, paymentRunView, promptPayment } from "./payment-runs.server";

let db: Db;
let fake: FakeStripe;
let provider: Actor;
let finance: Actor;
let james: Actor;
let agreement: typeof agreements.$inferSelect;
let accountId: string;
const TODAY = "2026-11-22";

beforeAll(async () => {
  db = await createSeededDb();
  fake = await startFakeStripe({
    deliver: (payload, signature) => handleStripeWebhook(db, payload, signature),
    appOrigin: "http://localhost:3000",
  });
  provider = actorFor(db, "admin@riverbank-care.example");
  finance = actorFor(db, "finance@clydevale.example");
  james = actorFor(db, "james@people.example");
  agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  accountId = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!.id;
  const stripeAccount = {
    method: "stripe" as const,
    stripeAccountId: "acct_demo_riverbank",
    chargesEnabled: true,
    payoutsEnabled: true,
    detailsSubmitted: true,
  };
  db.insert(providerPaymentAccounts)
    .values({ organisationId: provider.organisationId!, ...stripeAccount })
    .onConflictDoUpdate({ target: providerPaymentAccounts.organisationId, set: stripeAccount })
    .run();
}, 60_000);
afterAll(() => stopFakeStripe());
beforeEach(() => {
  fake.reset();
  fake.restoreAccount({
    id: "acct_demo_riverbank",
    businessName: "Riverbank Community Care",
    onboarded: true,
  });
});

const invoiceOf = (t: object) => String((t as { metadata: Record<string, string> }).metadata.invoice_id);

let day = 0;
/** A line on a fresh date after the demo plan's next period (so lines of different tests never repeat each other). */
function line(fields: Partial<LineInput> = {}): LineInput {
  day++;
  const on = new Date(Date.UTC(2026, 10, 11) + (day % 120) * 86_400_000).toISOString().slice(0, 10);
  return {
    personId: agreement.personId,
    agreementId: agreement.id,
    startOn: on,
    endOn: on,
    description: "Support at the garden centre",
    unitKind: "hours",
    units: 2,
    ratePence: 2150,
    outcomeId: null,
    ...fields,
  };
}

function draftWith(lines: LineInput[]) {
  const invoice = createInvoice(db, provider, { periodStart: "2026-10-14", periodEnd: "2027-03-31" }, TODAY);
  addLines(db, provider, invoice.id, lines);
  return invoice;
}

const approvedVersion = () =>
  db
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.agreementId, agreement.id), eq(agreementVersions.status, "approved")))
    .get()!;

/** The council outcomes of the agreement's plan. */
function planOutcomes(): string[] {
  return [...new Set(approvedVersion().plan.map((p) => p.outcomeId))];
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleBroken) return Object.values(error.fieldErrors).length ? Object.values(error.fieldErrors) : [error.message];
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("demo invoices", () => {
  it("Riverbank has three paid invoices (one by Stripe, two by BACS), two approved, one awaiting approval, one queried, linked to James's drawdowns", () => {
    const rows = db.select().from(invoices).where(eq(invoices.providerOrganisationId, provider.organisationId!)).all();
    const paid = rows.filter((r) => r.status === "paid");
    expect(paid).toHaveLength(3);
    expect(paid.map((r) => r.paymentMethod).sort()).toEqual(["bacs", "bacs", "stripe"]);
    expect(rows.filter((r) => r.status === "submitted")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "queried")).toHaveLength(1);
    const drawn = db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "drawdown")))
      .all();
    const approvedLines = db.select().from(invoiceLines).where(eq(invoiceLines.status, "approved")).all();
    for (const l of approvedLines) expect(drawn.find((e) => e.reference === l.id)?.amount).toBe(-l.amountPence);
  });

  it("starts an invoice to a council the provider has an agreement with, for the next period or one it chooses", () => {
    const [council] = invoiceableCouncils(db, provider, TODAY);
    expect(council).toMatchObject({ name: "Clydevale Council", next: defaultPeriod(db, provider.organisationId!, agreement.councilId, TODAY) });
    const missed = createInvoice(db, provider, { councilId: council!.id, periodStart: "2026-06-01", periodEnd: "2026-06-28" }, TODAY);
    expect(missed).toMatchObject({ periodStart: "2026-06-01", periodEnd: "2026-06-28", status: "draft" });
    const eastmuir = db.select().from(councils).where(eq(councils.slug, "eastmuir")).get()!;
    expect(() => createInvoice(db, provider, { councilId: eastmuir.id }, TODAY)).toThrow("You have no agreement in force with this council to invoice");
  });

  it("the next period follows the last invoiced one, in 4-weekly steps from the agreement's start", () => {
    expect(defaultPeriod(db, provider.organisationId!, agreement.councilId, TODAY)).toEqual({ periodStart: "2026-10-14", periodEnd: "2026-11-10" });
  });
});

describe("validation on submit", () => {
  it("accepts good lines, commits their amounts and changes nothing when submitted twice", () => {
    const before = committedByAccount(db, [accountId]).get(accountId) ?? 0;
    const invoice = draftWith([line(), line({ units: 1.5 })]);
    expect(submitInvoice(db, provider, invoice.id, TODAY)).toEqual({
      flagged: 0,
    });
    expect(committedByAccount(db, [accountId]).get(accountId)).toBe(before + 4300 + 3225);
    expect(submitInvoice(db, provider, invoice.id, TODAY)).toEqual({
      flagged: 0,
    });
    expect(committedByAccount(db, [accountId]).get(accountId)).toBe(before + 4300 + 3225);
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
    expect(committedByAccount(db, [accountId]).get(accountId) ?? 0).toBe(before);
  });

  it("refuses a line outside the agreement's dates, naming the line", () => {
    const invoice = draftWith([line(), line({ startOn: "2027-04-02", endOn: "2027-04-02" })]);
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, TODAY))).toEqual([
      `Line 2: agreement ${agreement.reference} is not active on 2 April 2027`,
    ]);
  });

  it("refuses a person who is not the agreement's", () => {
    const other = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
    const invoice = draftWith([line({ personId: other.id })]);
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, TODAY))).toEqual([
      `Line 1: the person is not the person in agreement ${agreement.reference}`,
    ]);
  });

  it("refuses an agreement that is not active for the provider", () => {
    const other = db.select().from(agreements).where(eq(agreements.status, "issued")).get()!;
    const invoice = draftWith([line({ agreementId: other.id })]);
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, TODAY))[0]).toMatch(/^Line 1: agreement .* is not active$/);
  });

  it("refuses units of zero or less when added", () => {
    const invoice = createInvoice(db, provider, {}, TODAY);
    expect(problemsOf(() => addLines(db, provider, invoice.id, [line({ units: 0 })]))).toEqual(["Line 1: the units must be more than zero"]);
  });

  it("flags a rate above the agreement's cost options for the council instead of refusing it", () => {
    const invoice = draftWith([line({ ratePence: 2600 })]);
    expect(submitInvoice(db, provider, invoice.id, TODAY)).toEqual({
      flagged: 1,
    });
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).get()?.rateFlagged).toBe(true);
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });

  it("refuses a line already invoiced for the same agreement and dates, and a repeat within the invoice, naming the line repeated", () => {
    const same = line();
    const first = draftWith([same]);
    submitInvoice(db, provider, first.id, TODAY);
    const second = draftWith([same, same]);
    const on = formatDate(same.startOn);
    const already = `it repeats line 1 of invoice ${first.reference} ("Support at the garden centre", ${on}), already invoiced for the same agreement and outcome`;
    expect(problemsOf(() => submitInvoice(db, provider, second.id, TODAY))).toEqual([`Line 1: ${already}`, `Line 2: ${already}`]);
    rejectInvoice(db, finance, first.id, "Test tidy-up");
    expect(problemsOf(() => submitInvoice(db, provider, second.id, TODAY))).toEqual([
      `Line 2: it repeats line 1 of this invoice ("Support at the garden centre", ${on}) for the same agreement and outcome`,
    ]);
  });

  it("refuses the same day, outcome and description whatever the units or rate; a different visit that day is allowed", () => {
    const [outcome] = planOutcomes();
    const visit = line({ outcomeId: outcome, description: "Morning visit" });
    const first = draftWith([visit]);
    submitInvoice(db, provider, first.id, TODAY);
    const again = draftWith([{ ...visit, units: 1, ratePence: 1800, description: "  morning   VISIT " }]);
    expect(problemsOf(() => submitInvoice(db, provider, again.id, TODAY))[0]).toMatch(new RegExp(`^Line 1: it repeats line 1 of invoice ${first.reference} \\("Morning visit"`));
    const evening = draftWith([{ ...visit, description: "Evening visit" }]);
    expect(submitInvoice(db, provider, evening.id, TODAY)).toEqual({ flagged: 0 });
    const noOutcome = draftWith([{ ...visit, outcomeId: null }]);
    expect(problemsOf(() => submitInvoice(db, provider, noOutcome.id, TODAY))[0]).toMatch(/repeats line 1 of invoice/);
    for (const invoice of [first, evening]) rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });

  it("refuses a range overlapping a line already invoiced for the same outcome and support; another cost option of the plan or outcome may overlap", () => {
    const [outcome, other] = planOutcomes();
    const version = approvedVersion();
    // The plan gets a second cost option for the outcome: a sleepover at £12.00.
    db.update(agreementVersions)
      .set({ plan: [...version.plan, { ...version.plan.find((p) => p.outcomeId === outcome)!, costOption: "Sleepover", costOptionId: null, ratePence: 1200, amountPence: 0 }] })
      .where(eq(agreementVersions.id, version.id))
      .run();
    const start = line().startOn;
    const end = addDays(start, 6);
    for (let i = 0; i < 8; i++) line();
    const week = line({ startOn: start, endOn: end, outcomeId: outcome, description: "Support at home", units: 12 });
    const first = draftWith([week]);
    submitInvoice(db, provider, first.id, TODAY);
    const overlapping = draftWith([
      { ...week, startOn: addDays(start, 3), endOn: addDays(start, 9), description: "Support at home, week 2" },
      { ...week, startOn: addDays(start, 2), endOn: addDays(start, 2), units: 2 },
    ]);
    expect(problemsOf(() => submitInvoice(db, provider, overlapping.id, TODAY))).toEqual([
      `Line 1: it repeats line 1 of invoice ${first.reference} ("Support at home", ${formatDate(start)} to ${formatDate(end)}), already invoiced for the same agreement and outcome`,
      `Line 2: it repeats line 1 of invoice ${first.reference} ("Support at home", ${formatDate(start)} to ${formatDate(end)}), already invoiced for the same agreement and outcome`,
    ]);
    const allowed = draftWith([
      { ...week, description: "Sleepover", ratePence: 1200, units: 3 },
      { ...week, outcomeId: other!, units: 1 },
      { ...week, startOn: addDays(end, 1), endOn: addDays(end, 7) },
    ]);
    expect(submitInvoice(db, provider, allowed.id, TODAY).flagged).toBe(0);
    for (const invoice of [first, allowed]) rejectInvoice(db, finance, invoice.id, "Test tidy-up");
    db.update(agreementVersions).set({ plan: version.plan }).where(eq(agreementVersions.id, version.id)).run();
  });

  it("refuses an overlapping range at a rate that is no cost option of the plan, a penny off the one already claimed", () => {
    const [outcome] = planOutcomes();
    const start = line().startOn;
    for (let i = 0; i < 8; i++) line();
    const week = line({ startOn: start, endOn: addDays(start, 6), outcomeId: outcome, description: "Support at home", units: 12 });
    const first = draftWith([week]);
    submitInvoice(db, provider, first.id, TODAY);
    const penny = draftWith([{ ...week, description: "Support at home (evenings)", ratePence: 2149 }]);
    expect(problemsOf(() => submitInvoice(db, provider, penny.id, TODAY))).toEqual([
      `Line 1: it repeats line 1 of invoice ${first.reference} ("Support at home", ${formatDate(start)} to ${formatDate(addDays(start, 6))}), already invoiced for the same agreement and outcome`,
    ]);
    rejectInvoice(db, finance, first.id, "Test tidy-up");
  });

  it("reports every problem of a line, not only the first", () => {
    const other = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
    const invoice = draftWith([line({ personId: other.id, startOn: "2027-04-02", endOn: "2027-04-02" })]);
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, TODAY))).toEqual([
      `Line 1: agreement ${agreement.reference} is not active on 2 April 2027; the person is not the person in agreement ${agreement.reference}`,
    ]);
  });

  it("refuses lines that together exceed the fund's available balance (less what is committed), contingency aside", () => {
    const balance = balanceOf(db, accountId);
    const committed = committedByAccount(db, [accountId]).get(accountId) ?? 0;
    const available = balance - committed;
    const contingency = db.select().from(isfAccounts).where(eq(isfAccounts.id, accountId)).get()!.contingencyAllowed;
    const fits = draftWith([line({ units: 1, ratePence: available + contingency })]);
    const tooMuch = draftWith([line({ units: 1, ratePence: 100 }), line({ units: 1, ratePence: available + contingency })]);
    const [problem] = problemsOf(() => submitInvoice(db, provider, tooMuch.id, TODAY));
    expect(problem).toMatch(/^Lines 1, 2: together .* is more than the .* available in the fund$/);
    expect(submitInvoice(db, provider, fits.id, TODAY).flagged).toBe(1);
    expect(problemsOf(() => submitInvoice(db, provider, draftWith([line({ units: 1, ratePence: 1 })]).id, TODAY))[0]).toMatch(/available in the fund/);
    rejectInvoice(db, finance, fits.id, "Test tidy-up");
  });
});

describe("pre-filling and approval", () => {
  it("fills the period from the plan, submits, and approval draws every line down in one go", () => {
    const invoice = createInvoice(db, provider, { periodStart: "2026-10-14", periodEnd: "2026-11-10" }, TODAY);
    expect(prefillFromPlan(db, provider, invoice.id)).toBe(3);
    const lines = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all();
    expect(lines.map((l) => [l.units, l.ratePence, l.amountPence, l.startOn, l.endOn])).toEqual(Array(3).fill([16, 2150, 34_400, "2026-10-14", "2026-11-10"]));
    submitInvoice(db, provider, invoice.id, TODAY);
    const before = balanceOf(db, accountId);
    expect(approvalQueue(db, finance, TODAY).rows.map((r) => r.invoice.id)).toContain(invoice.id);
    approveInvoice(db, finance, invoice.id, TODAY);
    // The lines, and James's agreement's 5% management fee on them (£51.60), taken from the fund.
    expect(balanceOf(db, accountId)).toBe(before - 103_200 - 5_160);
    const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, "drawdown")).all();
    for (const l of lines) expect(entries.filter((e) => e.reference === l.id)).toHaveLength(1);
    expect(findInvoice(db, finance, invoice.id).status).toBe("approved");
    expect(() => approveInvoice(db, finance, invoice.id, TODAY)).toThrow(Conflict);
    expect(linesForPerson(db, james).rows.some((r) => r.line.id === lines[0]!.id)).toBe(true);
  });

  it("an approval refused by the ledger posts nothing", () => {
    const invoice = draftWith([line(), line()]);
    submitInvoice(db, provider, invoice.id, TODAY);
    const [first] = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all();
    db.$client.prepare("update invoice_lines set amount_pence = 99999999 where id = ?").run(first!.id);
    const before = balanceOf(db, accountId);
    expect(() => approveInvoice(db, finance, invoice.id, TODAY)).toThrow(RuleBroken);
    expect(balanceOf(db, accountId)).toBe(before);
    expect(findInvoice(db, finance, invoice.id).status).toBe("submitted");
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });

  it("a query goes back to the provider, who answers and resubmits; a rejected line is not drawn down", () => {
    const invoice = draftWith([line(), line()]);
    submitInvoice(db, provider, invoice.id, "2026-11-01");
    queryInvoice(db, finance, invoice.id, { question: "What was line 2 for?" });
    expect(findInvoice(db, provider, invoice.id).status).toBe("queried");
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, TODAY))).toEqual(["Answer the council's question"]);
    submitInvoice(db, provider, invoice.id, TODAY, "A trip to the shops");
    const detail = invoiceDetail(db, provider, invoice.id, TODAY);
    expect(detail.invoice.submittedOn).toBe("2026-11-01");
    expect(detail.daysToPay).toBe(21);
    expect(detail.queries[0]?.answer).toBe("A trip to the shops");
    rejectLine(db, finance, detail.lines[1]!.line.id, "Not in the plan");
    approveInvoice(db, finance, invoice.id, TODAY);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.reference, detail.lines[1]!.line.id)).all()).toHaveLength(0);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.reference, detail.lines[0]!.line.id)).all()).toHaveLength(1);
  });

  it("while queried, the queue and the invoice show how many of its days outstanding it has waited for the provider's answer", () => {
    const invoice = draftWith([line()]);
    submitInvoice(db, provider, invoice.id, "2026-11-10");
    queryInvoice(db, finance, invoice.id, { question: "Which day was this?" });
    db.update(invoiceQueries).set({ askedAt: new Date("2026-11-17T10:00:00Z") }).where(eq(invoiceQueries.invoiceId, invoice.id)).run();
    const waiting = () => {
      const row = approvalQueue(db, finance, TODAY).rows.find((r) => r.invoice.id === invoice.id)!;
      const detail = invoiceDetail(db, finance, invoice.id, TODAY);
      return [row.daysOutstanding, row.daysWaiting, detail.daysToPay, detail.daysWaiting];
    };
    // Submitted 10 November, asked 17 November: 12 days outstanding on 22 November, 5 of them waiting.
    expect(waiting()).toEqual([12, 5, 12, 5]);
    submitInvoice(db, provider, invoice.id, TODAY, "The 12th");
    db.update(invoiceQueries).set({ answeredAt: new Date("2026-11-20T15:00:00Z") }).where(eq(invoiceQueries.invoiceId, invoice.id)).run();
    // Answered on 20 November: the days outstanding are unchanged, 3 of them were spent waiting.
    expect(waiting()).toEqual([12, 3, 12, 3]);
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });

  it("only the provider's users and the council's finance team can see an invoice", () => {
    const invoice = draftWith([line()]);
    expect(() => findInvoice(db, james, invoice.id)).toThrow(NotFound);
    expect(() => findInvoice(db, actorFor(db, "admin@glenburn-support.example"), invoice.id)).toThrow(NotFound);
    expect(() => findInvoice(db, actorFor(db, "practitioner@clydevale.example"), invoice.id)).toThrow(NotFound);
  });
});

describe("the person's flag", () => {
  it("holds an unpaid line and tells the provider and the council; finance resolves it", () => {
    const invoice = draftWith([line()]);
    submitInvoice(db, provider, invoice.id, TODAY);
    const [l] = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all();
    const baseline = db.select().from(notifications).all().length;
    flagLine(db, james, l!.id, "I was in hospital that day");
    const told = db.select().from(notifications).all().slice(baseline);
    expect(told.map((n) => n.userId)).toEqual(expect.arrayContaining([provider.id, finance.id]));
    expect(() => approveInvoice(db, finance, invoice.id, TODAY)).toThrow(/flagged by the person/);
    expect(invoiceDetail(db, finance, invoice.id, TODAY)).toMatchObject({ held: true, firstHeld: { id: l!.id, position: 1 } });
    expect(() => flagLine(db, actorFor(db, "morag@people.example"), l!.id, "")).toThrow(NotFound);
    resolveFlag(db, finance, l!.id, "Checked the rota: the visit happened");
    approveInvoice(db, finance, invoice.id, TODAY);
  });

  it("cannot be raised by a representative who may only view, who sees the line without the button", () => {
    const invoice = draftWith([line()]);
    submitInvoice(db, provider, invoice.id, TODAY);
    const [l] = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all();
    const viewer = makeUser(db, "representative", { councilId: james.councilId });
    const rep = db
      .insert(representatives)
      .values({ personId: l!.personId, name: viewer.name, kind: "family", basis: "Chosen by James", authority: "view", startsOn: addDays(TODAY, -30), userId: viewer.id })
      .returning()
      .get();
    const seen = linesForPerson(db, viewer).rows.find((r) => r.line.id === l!.id);
    expect(seen?.mayFlag).toBe(false);
    expect(linesForPerson(db, james).rows.find((r) => r.line.id === l!.id)?.mayFlag).toBe(true);
    expect(() => flagLine(db, viewer, l!.id, "")).toThrow(NotFound);
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.id, l!.id)).get()?.flaggedAt).toBeNull();
    db.update(representatives).set({ authority: "choose" }).where(eq(representatives.id, rep.id)).run();
    flagLine(db, viewer, l!.id, "");
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.id, l!.id)).get()?.flaggedAt).not.toBeNull();
  });
});

describe("CSV upload", () => {
  const person = () => db.select().from(people).where(eq(people.id, agreement.personId)).get()!;

  it("parses the template", () => {
    expect(parseCsv(CSV_TEMPLATE)[0]).toEqual({ line: 1, cells: ["person reference", "agreement reference", "date", "units", "rate", "description", "outcome"] });
    expect(parseCsv('a,"b, ""c"""\r\n')).toEqual([{ line: 1, cells: ["a", 'b, "c"'] }]);
  });

  it("numbers rows by the file's lines, past blank lines and line breaks inside quotes", () => {
    expect(parseCsv('h\r\n\r\nx\n"two\nlines"\n\ny').map((r) => [r.line, r.cells[0]])).toEqual([
      [1, "h"],
      [3, "x"],
      [4, "two\nlines"],
      [7, "y"],
    ]);
  });

  it("lists every problem with its row number and saves nothing, unless asked to keep the valid rows", () => {
    const invoice = createInvoice(db, provider, { periodStart: "2026-11-11", periodEnd: "2026-12-08" }, TODAY);
    const rows = toCsv(
      [...CSV_COLUMNS],
      [
        [person().reference, agreement.reference, "2026-11-12", "3", "21.50", "Garden centre", ""],
        ["CV-999999", agreement.reference, "31/11/2026", -1, "lots", "", "Flying"],
        [person().reference, agreement.reference, "12/11/2026", "2.5", "£21.50", "Football", ""],
      ],
    );
    const refused = importCsv(db, provider, invoice.id, rows);
    expect(refused.saved).toBe(false);
    expect(refused.problems).toEqual([
      {
        row: 3,
        message: `No person has the reference CV-999999; "31/11/2026" is not a date (use 2026-11-03 or 3/11/2026); the units must be a number above zero, not "-1"; the rate must be an amount in pounds such as 21.50, not "lots"; the description is missing; "Flying" is not one of the council's outcomes`,
      },
    ]);
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all()).toHaveLength(0);
    const kept = importCsv(db, provider, invoice.id, rows, {
      keepValidOnly: true,
    });
    expect(kept).toMatchObject({ saved: true, added: 2 });
    expect(uploadResult(db, provider, invoice.id, kept.uploadId).upload).toMatchObject({ saved: true, added: 2, rows: 3, problems: refused.problems });
    expect(
      db
        .select()
        .from(invoiceLines)
        .where(eq(invoiceLines.invoiceId, invoice.id))
        .all()
        .map((l) => l.amountPence)
    ).toEqual([6450, 5375]);
  });

  it("checks each row against its agreement as submitting would: in force on the row's date, the outcome in its plan, named by the file's row", () => {
    const morag = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
    const lot = db.select({ lotId: agreements.lotId }).from(agreements).where(eq(agreements.id, agreement.id)).get()!;
    const draft = startAgreement(db, actorFor(db, "practitioner@clydevale.example"), { personId: morag.id, providerOrganisationId: provider.organisationId!, lotId: lot.lotId }, new Date(`${TODAY}T12:00:00Z`));
    const invoice = createInvoice(db, provider, { periodStart: "2027-03-25", periodEnd: "2027-04-21" }, TODAY);
    const rows = toCsv(
      ["person reference", "agreement reference", "date", "units", "rate", "description", "outcome"],
      [
        [person().reference, agreement.reference, "2027-03-30", "3", "21.50", "Garden centre", "Having things to do"],
        [morag.reference, draft.reference, "2027-03-30", "3", "21.50", "Shopping", ""],
        [person().reference, agreement.reference, "2027-04-02", "3", "21.50", "Football", ""],
        [person().reference, agreement.reference, "2027-03-31", "3", "21.50", "Shopping", "Staying independent"],
      ]
    );
    const result = importCsv(db, provider, invoice.id, rows, { today: TODAY });
    expect(result.saved).toBe(false);
    expect(result.problems).toEqual([
      { row: 3, message: `Agreement ${draft.reference} is not active` },
      { row: 4, message: `Agreement ${agreement.reference} is not active on 2 April 2027` },
      { row: 5, message: `"Staying independent" is not an outcome in the plan of agreement ${agreement.reference}` },
    ]);
  });

  it("keeps every problem of a 5,000-row file for the provider to page through or download as CSV", () => {
    const invoice = createInvoice(db, provider, { periodStart: "2026-11-11", periodEnd: "2026-12-08" }, TODAY);
    const body = Array.from({ length: 5000 }, (_, i) => [person().reference, agreement.reference, "2026-11-12", i % 2 ? "0" : "1", "21.50", `Visit ${i + 1}`, ""]);
    const result = importCsv(db, provider, invoice.id, toCsv([...CSV_COLUMNS], body), { fileName: "november.csv" });
    expect(result).toMatchObject({ saved: false, added: 0 });
    expect(result.problems).toHaveLength(2500);
    expect(result.problems[2499]).toEqual({ row: 5001, message: 'The units must be a number above zero, not "0"' });
    const { upload } = uploadResult(db, provider, invoice.id, result.uploadId);
    expect(upload).toMatchObject({ fileName: "november.csv", rows: 5000, saved: false });
    expect(upload.problems).toHaveLength(2500);
    const csv = problemsCsv(upload.problems).split("\r\n");
    expect(csv.slice(0, 2)).toEqual(['"row","problem"', '3,"The units must be a number above zero, not ""0"""']);
    expect(csv).toHaveLength(2502);
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).all()).toHaveLength(0);
    for (const email of ["admin@glenburn-support.example", "finance@clydevale.example"])
      expect(() => uploadResult(db, actorFor(db, email), invoice.id, result.uploadId)).toThrow(NotFound);
  });

  it("uploads 5,000 rows in seconds", () => {
    const invoice = createInvoice(db, provider, { periodStart: "2026-12-09", periodEnd: "2027-01-05" }, TODAY);
    const body = Array.from({ length: 5000 }, (_, i) => [person().reference, agreement.reference, `2026-12-${String(9 + (i % 23)).padStart(2, "0")}`, "0.25", "21.50", `Visit ${i + 1}`, ""]);
    const started = performance.now();
    const result = importCsv(db, provider, invoice.id, toCsv([...CSV_COLUMNS], body));
    const ms = performance.now() - started;
    console.log(`CSV upload of 5,000 rows: ${ms.toFixed(0)} ms`);
    expect(result).toMatchObject({ saved: true, added: 5000, problems: [] });
    expect(ms).toBeLessThan(20_000);
  });

  it("validates and submits an invoice of 500 lines in seconds", () => {
    const lines = Array.from({ length: 500 }, (_, i) =>
      line({
        startOn: "2027-01-06",
        endOn: "2027-01-06",
        units: 0.25,
        description: `Visit ${i + 1}`,
        ratePence: 2000 + (i % 150),
      })
    );
    const invoice = draftWith(lines);
    const started = performance.now();
    submitInvoice(db, provider, invoice.id, TODAY);
    const ms = performance.now() - started;
    console.log(`Validating and submitting 500 lines: ${ms.toFixed(0)} ms`);
    expect(findInvoice(db, provider, invoice.id).status).toBe("submitted");
    expect(ms).toBeLessThan(10_000);
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });
});

describe("payment runs", () => {
  const approved = () => {
    const invoice = draftWith([line()]);
    submitInvoice(db, provider, invoice.id, TODAY);
    approveInvoice(db, finance, invoice.id, TODAY);
    return invoice;
  };

  it("pays Stripe providers one transfer per invoice; a retry after a failure half-way pays nothing twice; webhooks mark them paid", async () => {
    const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
    const view = paymentRunView(db, finance, run.id);
    expect(view.rows.length).toBeGreaterThanOrEqual(2);
    expect(view.providers).toEqual([
      expect.objectContaining({
        name: "Riverbank Community Care",
        method: "stripe",
      }),
    ]);
    const first = view.rows[0]!;
    fake.setAvailableBalance(first.total);
    const half = await payPaymentRun(db, finance, run.id);
    expect(half.transfers).toBe(1);
    expect(half.failures.length).toBe(view.rows.length - 1);
    await fake.settle();
    expect(findInvoice(db, finance, first.invoice.id).status).toBe("paid");
    fake.setAvailableBalance(10_000_000);
    const retry = await payPaymentRun(db, finance, run.id);
    expect(retry.failures).toEqual([]);
    expect(retry.transfers).toBe(view.rows.length - 1);
    await fake.settle();
    expect(fake.transfers()).toHaveLength(view.rows.length);
    const byInvoice = new Map<string, number>();
    for (const t of fake.transfers()) byInvoice.set(invoiceOf(t), (byInvoice.get(invoiceOf(t)) ?? 0) + 1);
    expect([...byInvoice.values()].every((n) => n === 1)).toBe(true);
    const after = paymentRunView(db, finance, run.id);
    expect(after.progress.paid).toBe(view.rows.length);
    expect(after.run.status).toBe("completed");
    expect((await payPaymentRun(db, finance, run.id)).transfers).toBe(0);
  });

  it("an invoice interrupted while sending is retried with the same key and paid once", async () => {
    const invoice = approved();
    const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
    db.update(invoices).set({ paymentState: "sending" }).where(eq(invoices.id, invoice.id)).run();
    await payPaymentRun(db, finance, run.id);
    db.update(invoices).set({ paymentState: "sending", status: "approved" }).where(eq(invoices.id, invoice.id)).run();
    const again = await payPaymentRun(db, finance, run.id);
    expect(again).toMatchObject({ transfers: 0, replayed: 1 });
    await fake.settle();
    expect(fake.transfers().filter((t) => invoiceOf(t) === invoice.id)).toHaveLength(1);
  });

  it("a reversed transfer makes the invoice payable again with a new key", async () => {
    const invoice = approved();
    const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
    await payPaymentRun(db, finance, run.id);
    await fake.settle();
    const transfer = fake.transfers().find((t) => invoiceOf(t) === invoice.id)!;
    fake.reverseTransfer(transfer.id);
    await fake.settle();
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({
      status: "approved",
      paymentState: "reversed",
      paymentAttempt: 2,
    });
    await payPaymentRun(db, finance, run.id);
    await fake.settle();
    expect(findInvoice(db, finance, invoice.id).status).toBe("paid");
    // The transfers of earlier tests went out with earlier payouts; this payout takes what the account holds now.
    db.update(stripeTransfers).set({ paidOutAt: new Date("2026-11-01T00:00:00Z") }).where(and(isNull(stripeTransfers.paidOutAt), ne(stripeTransfers.invoiceId, invoice.id))).run();
    fake.payOut("acct_demo_riverbank");
    await fake.settle();
    expect(findInvoice(db, finance, invoice.id).paidOutAt).toBeInstanceOf(Date);
  });

  it("BACS providers go into the bank file and are paid when finance confirms", async () => {
    db.update(providerPaymentAccounts)
      .set({
        method: "bacs",
        bankAccountName: "Riverbank Community Care",
        bankSortCode: "12-34-56",
        bankAccountNumber: "12345678",
      })
      .where(eq(providerPaymentAccounts.organisationId, provider.organisationId!))
      .run();
    const invoice = approved();
    const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
    const outcome = await payPaymentRun(db, finance, run.id);
    expect(outcome).toMatchObject({ transfers: 0, awaitingBank: 1 });
    const file = bacsFile(db, finance, run.id);
    expect(file.split("\r\n")[0]).toBe('"Payment date","Sort code","Account number","Account name","Amount","Reference","Invoices"');
    expect(file).toContain(`"${TODAY}","123456","12345678","RIVERBANK COMMUNIT",43.00,"${run.reference}","${invoice.reference}"`);
    expect(confirmBacsPaid(db, finance, run.id)).toBe(1);
    expect(findInvoice(db, finance, invoice.id)).toMatchObject({
      status: "paid",
      paidOn: TODAY,
    });
    db.update(providerPaymentAccounts).set({ method: "stripe" }).where(eq(providerPaymentAccounts.organisationId, provider.organisationId!)).run();
  });

  it("a line flagged while its invoice waits in a run takes the invoice out of the run; once the money has gone it stays", async () => {
    const waiting = approved();
    const sent = approved();
    const run = createPaymentRun(db, finance, { payOn: TODAY }, TODAY);
    db.update(invoices).set({ paymentState: "sent" }).where(eq(invoices.id, sent.id)).run();
    const lineOf = (invoiceId: string) => db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).get()!;
    const baseline = db.select().from(notifications).all().length;
    flagLine(db, james, lineOf(waiting.id).id, "I was away that week");
    flagLine(db, james, lineOf(sent.id).id, "I was away that week too");
    expect(findInvoice(db, finance, waiting.id)).toMatchObject({ paymentRunId: null, paymentState: "none", status: "approved" });
    expect(findInvoice(db, finance, sent.id).paymentRunId).toBe(run.id);
    const told = db.select().from(notifications).all().slice(baseline).map((n) => n.message);
    expect(told).toContainEqual(expect.stringContaining(`it is held until resolved; it has been taken out of payment run ${run.reference}`));
    expect(told).toContainEqual(expect.stringContaining(`payment run ${run.reference} had already sent its money`));
    await payPaymentRun(db, finance, run.id);
    await fake.settle();
    expect(fake.transfers().some((t) => invoiceOf(t) === waiting.id)).toBe(false);
    expect(() => createPaymentRun(db, finance, { payOn: TODAY }, TODAY)).toThrow("There are no approved invoices that can be paid yet");
    for (const invoice of [waiting, sent]) resolveFlag(db, finance, lineOf(invoice.id).id, "Checked the rota");
    db.update(invoices).set({ paymentState: "confirmed", status: "paid" }).where(eq(invoices.id, sent.id)).run();
  });

  it("a provider paid by BACS without bank details is told when an invoice is approved, and its invoices wait", () => {
    db.update(providerPaymentAccounts)
      .set({ method: "bacs", bankSortCode: null, bankAccountNumber: null })
      .where(eq(providerPaymentAccounts.organisationId, provider.organisationId!))
      .run();
    const baseline = db.select().from(notifications).all().length;
    const invoice = approved();
    const told = db.select().from(notifications).all().slice(baseline);
    expect(told).toContainEqual(
      expect.objectContaining({
        userId: provider.id,
        link: "/provider/payments",
        message: `Invoice ${invoice.reference} was approved. The council cannot pay it until you give bank details or connect a Stripe account`,
      }),
    );
    expect(() => createPaymentRun(db, finance, { payOn: TODAY }, TODAY)).toThrow("There are no approved invoices that can be paid yet");
    expect(findInvoice(db, finance, invoice.id).paymentRunId).toBeNull();
    db.update(providerPaymentAccounts).set({ method: "stripe" }).where(eq(providerPaymentAccounts.organisationId, provider.organisationId!)).run();
  });

  it("a credit note against a paid invoice reverses its drawdowns once approved", () => {
    const paid = db
      .select()
      .from(invoices)
      .where(and(eq(invoices.providerOrganisationId, provider.organisationId!), eq(invoices.status, "paid"), eq(invoices.kind, "invoice")))
      .get()!;
    const lines = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, paid.id)).all();
    const before = balanceOf(db, accountId);
    const note = createCreditNote(db, provider, paid.id, { lineIds: lines.map((l) => l.id), reason: "Charged at the wrong rate" }, TODAY);
    expect(() => createCreditNote(db, provider, paid.id, { lineIds: [lines[0]!.id], reason: "Again" }, TODAY)).toThrow(Conflict);
    approveInvoice(db, finance, note.id, TODAY);
    expect(balanceOf(db, accountId)).toBe(before + lines.reduce((s, l) => s + l.amountPence, 0));
    expect(findInvoice(db, provider, paid.id).status).toBe("credited");
  });

  it("prompt-payment figures: median and 90th percentile days to pay by provider and month", () => {
    const { rows, overall, target } = promptPayment(db, finance);
    expect(target).toBe(28);
    expect(rows.length).toBeGreaterThan(0);
    expect(overall.invoices).toBeGreaterThanOrEqual(3);
    expect(overall.p90).toBeGreaterThanOrEqual(overall.median);
  });
});

describe("long lists, a page at a time", () => {
  it("shows an invoice of 5,000 lines 50 at a time, with the total and warnings of the whole invoice", () => {
    const invoice = createInvoice(db, provider, { periodStart: "2027-01-07", periodEnd: "2027-02-03" }, TODAY);
    addLines(
      db,
      provider,
      invoice.id,
      Array.from({ length: 5000 }, (_, i) => line({ startOn: "2027-01-08", endOn: "2027-01-08", units: 0.25, description: `Visit ${i + 1}`, ratePence: i === 4999 ? 9999 : 2000 })),
    );
    const stored = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(invoiceLines.position).all();
    db.update(invoiceLines).set({ rateFlagged: true }).where(eq(invoiceLines.id, stored[4999]!.id)).run();
    const third = invoiceDetail(db, provider, invoice.id, TODAY, { page: 3 });
    expect(third.lines.map((l) => l.line.position)).toEqual(Array.from({ length: 50 }, (_, i) => 101 + i));
    expect(third).toMatchObject({ page: 3, pageCount: 100, lineCount: 5000, total: 4999 * 500 + 2500, rateFlagged: true, held: false });
    expect(invoiceDetail(db, provider, invoice.id, TODAY, { line: stored[4320]!.id })).toMatchObject({ page: 87 });
    expect(invoiceDetail(db, provider, invoice.id, TODAY, { page: 500 }).page).toBe(100);
    expect(invoiceDetail(db, provider, invoice.id, TODAY, { all: true }).lines).toHaveLength(5000);
  });

  it("tells a person who invoiced each line and where its invoice stands", () => {
    // A second provider's invoice for James, approved, alongside Riverbank's.
    const kirkmuir = db.select().from(organisations).where(eq(organisations.name, "Kirkmuir Wellbeing Trust")).get()!;
    const other = db
      .insert(invoices)
      .values({ councilId: agreement.councilId, providerOrganisationId: kirkmuir.id, reference: "KW-000001", periodStart: "2027-03-01", periodEnd: "2027-03-28", status: "approved", createdBy: provider.id })
      .returning()
      .get();
    db.insert(invoiceLines)
      .values({ invoiceId: other.id, position: 1, personId: agreement.personId, agreementId: agreement.id, startOn: "2027-03-20", endOn: "2027-03-20", description: "Swimming", unitKind: "hours", units: 2, ratePence: 2250, amountPence: 4500, status: "approved" })
      .run();
    const rows = linesForPerson(db, james).rows;
    expect(rows[0]).toMatchObject({ providerName: "Kirkmuir Wellbeing Trust", invoiceStatus: "approved", line: { description: "Swimming" } });
    const riverbank = Array.from({ length: linesForPerson(db, james).pageCount }, (_, i) => linesForPerson(db, james, i + 1).rows)
      .flat()
      .filter((r) => r.providerName === "Riverbank Community Care");
    expect([...new Set(riverbank.map((r) => r.invoiceStatus))]).toEqual(expect.arrayContaining(["paid", "approved", "submitted", "queried"]));
    db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, other.id)).run();
    db.delete(invoices).where(eq(invoices.id, other.id)).run();
  });

  it("lets a person page back to the first line they were charged for, past the 200 newest", () => {
    const invoice = draftWith(Array.from({ length: 250 }, (_, i) => line({ startOn: "2027-02-10", endOn: "2027-02-10", units: 0.25, description: `Visit ${i + 1}` })));
    submitInvoice(db, provider, invoice.id, TODAY);
    const first = linesForPerson(db, james);
    expect(first.rows).toHaveLength(25);
    expect(first.total).toBeGreaterThan(250);
    const seen = Array.from({ length: first.pageCount }, (_, i) => linesForPerson(db, james, i + 1).rows).flat();
    expect(seen).toHaveLength(first.total);
    const oldest = db.select().from(invoiceLines).where(eq(invoiceLines.agreementId, agreement.id)).orderBy(invoiceLines.startOn).get()!;
    expect(seen.at(-1)?.line.startOn).toBe(oldest.startOn);
    expect(new Set(seen.map((r) => r.line.id)).size).toBe(seen.length);
    rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });

  it("pages the approval queue, counting the invoices over 28 days in the whole queue", () => {
    const waiting = Array.from({ length: 30 }, (_, i) => {
      const invoice = draftWith([line({ description: `Queue visit ${i + 1}` })]);
      submitInvoice(db, provider, invoice.id, "2026-10-01");
      return invoice;
    });
    const queue = approvalQueue(db, finance, TODAY);
    expect(queue.rows).toHaveLength(25);
    expect(queue.total).toBeGreaterThanOrEqual(30);
    const second = approvalQueue(db, finance, TODAY, { page: 2 });
    expect(second.rows.length).toBe(queue.total - 25);
    const all = [...queue.rows, ...second.rows];
    expect(all.map((r) => r.invoice.id)).toEqual(expect.arrayContaining(waiting.map((i) => i.id)));
    expect(queue.overTarget).toBe(all.filter((r) => r.daysOutstanding > 28).length);
    expect(queue.overTarget).toBeGreaterThanOrEqual(30);
    for (const invoice of waiting) rejectInvoice(db, finance, invoice.id, "Test tidy-up");
  });
});

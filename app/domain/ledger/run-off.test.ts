import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, invoiceLines, invoices, isfAccounts, ledgerEntries, notifications, people } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { endDueAgreements, giveNotice } from "~/domain/agreements/agreements.server";
import { addLines, agreementChoices, approveInvoice, createInvoice, rejectInvoice, removeLine, submitInvoice, type LineInput } from "~/domain/invoices/invoices.server";
import { importCsv } from "~/domain/invoices/import.server";
import { RuleBroken } from "~/lib/errors";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { fundsAccountPage } from "./funds.server";
import { closeEndedFunds } from "./jobs.server";
import { balanceOf } from "./ledger.server";

let db: Db;
let provider: Actor;
let finance: Actor;
let james: Actor;
let agreement: typeof agreements.$inferSelect;
let accountId: string;

beforeAll(async () => {
  db = await createSeededDb();
  provider = actorFor(db, "admin@riverbank-care.example");
  finance = actorFor(db, "finance@clydevale.example");
  james = actorFor(db, "james@people.example");
  const person = db.select().from(people).where(eq(people.userId, james.id)).get()!;
  agreement = db.select().from(agreements).where(and(eq(agreements.personId, person.id), eq(agreements.status, "active"))).get()!;
  accountId = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!.id;
}, 60_000);

const line = (on: string): LineInput => ({
  personId: agreement.personId,
  agreementId: agreement.id,
  startOn: on,
  endOn: on,
  outcomeId: null,
  description: "Support at the garden centre",
  unitKind: "hours",
  units: 2,
  ratePence: 2150,
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleBroken) return Object.values(error.fieldErrors);
    throw error;
  }
  throw new Error("expected a refusal");
}

const account = () => db.select().from(isfAccounts).where(eq(isfAccounts.id, accountId)).get()!;
const returns = () => db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "return_of_unspent"))).all();
const standing = (today: string) => fundsAccountPage(db, james, accountId, { range: {}, page: 1, today }).standing;

describe("a fund after its agreement ends", () => {
  it("stays open for invoices for support before the end, says so to everyone, and closes only when nothing owed is left", () => {
    giveNotice(db, james, agreement.id, { endsOn: "2026-12-31", reason: "Moving to another area", safeguarding: false }, "2026-11-22");
    expect(standing("2026-11-22")).toBe(
      `Agreement ${agreement.reference} ends on 31 December 2026. Invoices for support given up to then can still be paid until 31 March 2027; then the fund closes and what is left is returned.`,
    );
    const before = balanceOf(db, accountId);
    expect(endDueAgreements(db, "2027-01-01")).toBe(1);
    expect(account().closedAt).toBeNull();
    expect(returns()).toEqual([]);
    expect(balanceOf(db, accountId)).toBe(before);
    const told = db.select().from(notifications).where(eq(notifications.userId, james.id)).all().map((n) => n.message);
    expect(told).toContain(`Agreement ${agreement.reference} has ended`);

    // In the run-off the provider can still invoice support given before the end, and nothing after it.
    expect(agreementChoices(db, provider, createInvoice(db, provider, { periodStart: "2026-12-09", periodEnd: "2027-01-05" }, "2027-01-10").id, "2027-01-10")[0]?.label).toMatch(
      /\(ended on 31 December 2026; invoices until 31 March 2027\)$/,
    );
    const invoice = createInvoice(db, provider, { periodStart: "2026-12-09", periodEnd: "2027-01-05" }, "2027-01-10");
    addLines(db, provider, invoice.id, [line("2026-12-30"), line("2027-01-02")]);
    expect(problemsOf(() => submitInvoice(db, provider, invoice.id, "2027-01-10"))).toEqual([
      `Line 2: agreement ${agreement.reference} ended on 31 December 2026: it was not in force on 2 January 2027`,
    ]);
    const late = db.select().from(invoiceLines).where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.position, 2))).get()!;
    removeLine(db, provider, late.id);
    const person = db.select().from(people).where(eq(people.id, agreement.personId)).get()!;
    const upload = importCsv(
      db,
      provider,
      invoice.id,
      ["person reference,agreement reference,date,units,rate,description,outcome", `${person.reference},${agreement.reference},2027-01-02,2,21.50,Football,`].join("\n"),
      { today: "2027-01-10" },
    );
    expect(upload.problems).toEqual([{ row: 2, message: `Agreement ${agreement.reference} ended on 31 December 2026: it was not in force on 2 January 2027` }]);
    submitInvoice(db, provider, invoice.id, "2027-01-10");
    const unsent = createInvoice(db, provider, { periodStart: "2026-12-09", periodEnd: "2027-01-05" }, "2027-01-10");
    addLines(db, provider, unsent.id, [line("2026-12-29")]);
    expect(standing("2027-01-10")).toBe(
      `Agreement ${agreement.reference} ended on 31 December 2026; invoices for support before that date can still be paid until 31 March 2027. Then the fund closes and what is left is returned.`,
    );

    // The run-off is over, but invoices still wait for approval: the fund stays open and nothing is returned.
    expect(closeEndedFunds(db, "2027-03-31")).toBe(0);
    expect(closeEndedFunds(db, "2027-04-01")).toBe(0);
    expect(account().closedAt).toBeNull();
    expect(returns()).toEqual([]);
    expect(standing("2027-04-01")).toMatch(/the fund closes once the invoices waiting for approval are decided/);
    expect(() => createInvoice(db, provider, {}, "2027-04-01")).toThrow("You have no agreement in force with this council to invoice");
    expect(problemsOf(() => submitInvoice(db, provider, unsent.id, "2027-04-01"))).toEqual([
      `Line 1: agreement ${agreement.reference} ended on 31 December 2026: invoices for it could be sent until 31 March 2027`,
    ]);

    // Once the invoices are decided, the money owed is drawn down and the rest returned.
    approveInvoice(db, finance, invoice.id, "2027-04-01");
    const waiting = db
      .select()
      .from(invoices)
      .where(and(eq(invoices.providerOrganisationId, provider.organisationId!), inArray(invoices.status, ["submitted", "queried"])))
      .all();
    for (const other of waiting) rejectInvoice(db, finance, other.id, "The agreement has ended");
    const left = balanceOf(db, accountId);
    expect(left).toBeGreaterThan(0);
    expect(closeEndedFunds(db, "2027-04-02")).toBe(1);
    expect(account().closedAt).not.toBeNull();
    expect(-returns().reduce((sum, entry) => sum + entry.amount, 0)).toBe(left);
    expect(balanceOf(db, accountId)).toBe(0);
    const closed = db.select().from(notifications).where(eq(notifications.userId, james.id)).all().map((n) => n.message);
    expect(closed).toContain(`The Individual Service Fund of agreement ${agreement.reference} is closed`);
    expect(standing("2027-04-02")).toMatch(/^This fund closed on \d{1,2} \w+ \d{4}: what was left in it has been returned\.$/);
    expect(problemsOf(() => submitInvoice(db, provider, unsent.id, "2027-04-02"))).toEqual([
      `Line 1: agreement ${agreement.reference} ended on 31 December 2026 and its fund is closed`,
    ]);
    expect(closeEndedFunds(db, "2027-04-03")).toBe(0);
  });
});

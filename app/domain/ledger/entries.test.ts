import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreementVersions, auditEvents, invoiceLines, invoices, isfAccounts, ledgerEntries, people } from "@db/schema";
import { Conflict, Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { parseForm } from "~/lib/forms";
import { createSeededDb } from "../../../test/db";
import { actorFor, makeIsfAccount, makeUser } from "../../../test/factories";
import { feeAllowance, managementFeesFor, plannedPerOutcome } from "./agreement-terms.server";
import { RecordEntrySchema, ReverseEntrySchema, type RecordEntryInput } from "./entries.schema";
import { entryDetail, recordEntry, reverseEntryView, reverseFundEntry } from "./entries.server";
import { accountsOfPerson, fundsAccountPage, fundsList } from "./funds.server";
import { balanceOf, postEntries } from "./ledger.server";

const TODAY = "2026-11-22";
let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
});

const refusal = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
};

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return parseForm(RecordEntrySchema, data);
};

const contribution = (amount: number, entryDate = "2026-05-01", reference = ""): RecordEntryInput => ({
  kind: "contribution_received",
  direction: "in",
  amount,
  entryDate,
  reference,
  reason: "",
});

const james = () => {
  const person = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
  return db.select().from(isfAccounts).where(eq(isfAccounts.personId, person.id)).get()!;
};

describe("the record form", () => {
  it("takes pounds and pence, positive, at most 2 decimals and £100,000, and a reason for an adjustment", () => {
    const base = { kind: "contribution_received", "entryDate-day": "1", "entryDate-month": "5", "entryDate-year": "2026" };
    const ok = form({ ...base, amount: "1,250.50" });
    expect(ok.ok && ok.data).toMatchObject({ kind: "contribution_received", direction: "in", amount: 125_050, entryDate: "2026-05-01" });
    for (const [amount, message] of [
      ["", "Enter the amount"],
      ["0", "Amount must be more than £0"],
      ["-5", "Amount must be more than £0"],
      ["12.345", "Enter an amount in pounds and pence, like 1250 or 1250.50"],
      ["100000.01", "The amount must be £100,000 or less"],
    ]) {
      const parsed = form({ ...base, amount: amount! });
      expect(parsed.ok ? null : parsed.fieldErrors.amount).toBe(message);
    }
    const adjustment = form({ ...base, kind: "adjustment_out", amount: "10" });
    expect(adjustment.ok ? null : adjustment.fieldErrors.reason).toBe("Enter the reason for the adjustment");
    const out = form({ ...base, kind: "adjustment_out", amount: "10", reason: "Paid a taxi outside an invoice" });
    expect(out.ok && out.data).toMatchObject({ kind: "adjustment", direction: "out", amount: 1_000 });
    const noDate = form({ kind: "management_fee", amount: "10" });
    expect(noDate.ok ? null : noDate.fieldErrors.entryDate).toBe("Enter the date the money moved");
    const reversal = new FormData();
    expect(parseForm(ReverseEntrySchema, reversal).ok).toBe(false);
  });
});

describe("finance records money on a fund", () => {
  it("records the person's contribution, spent first under the rule, and audits it", () => {
    const { account, finance } = makeIsfAccount(db, { contributionFirst: true });
    const entry = recordEntry(db, finance, account.id, contribution(20_000, "2026-05-01", "BACS 7781"), TODAY);
    expect(entry).toMatchObject({ kind: "contribution_received", amount: 20_000, reference: "BACS 7781", description: "The person's contribution (reference BACS 7781)" });
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -15_000, entryDate: "2026-06-01", reference: "line-1", description: "Support" }], finance);
    const page = fundsAccountPage(db, finance, account.id, { range: {}, page: 1, today: TODAY });
    // £1,000 budget + £200 contribution − £150 spent: the contribution is spent first, so £50 of it is left.
    expect(page.summary.figures).toMatchObject({ funding: 120_000, contributions: 20_000, spent: 15_000, balance: 105_000 });
    expect(page.summary.figures.bySource).toEqual({ contributionSpent: 15_000, councilSpent: 0, contributionLeft: 5_000, councilLeft: 100_000 });
    expect(page.canRecord).toBe(true);
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, account.id), eq(auditEvents.action, "ledger.contribution_received"))).get();
    expect(audit?.actorUserId).toBe(finance.id);
    expect(refusal(() => recordEntry(db, finance, account.id, contribution(20_000, "2026-05-02", "BACS 7781"), TODAY))).toBeInstanceOf(Conflict);
  });

  it("records adjustments both ways with their reason", () => {
    const { account, finance } = makeIsfAccount(db);
    recordEntry(db, finance, account.id, { kind: "adjustment", direction: "out", amount: 2_500, entryDate: "2026-06-01", reference: "", reason: "Taxi paid outside an invoice" }, TODAY);
    const back = recordEntry(db, finance, account.id, { kind: "adjustment", direction: "in", amount: 1_000, entryDate: "2026-06-02", reference: "", reason: "Refund from the provider" }, TODAY);
    expect(back).toMatchObject({ amount: 1_000, description: "Refund from the provider", reason: "Refund from the provider" });
    expect(balanceOf(db, account.id)).toBe(100_000 - 2_500 + 1_000);
  });

  it("refuses a date in the future or before the fund, and more than the fund can pay", () => {
    const { account, finance } = makeIsfAccount(db);
    const future = refusal(() => recordEntry(db, finance, account.id, contribution(100, "2026-11-23"), TODAY)) as RuleBroken;
    expect(future.fieldErrors).toEqual({ entryDate: "The date must be today or in the past" });
    const early = refusal(() => recordEntry(db, finance, account.id, contribution(100, "2026-03-31"), TODAY)) as RuleBroken;
    expect(early.fieldErrors).toEqual({ entryDate: "The date must be on or after the fund's start, 1 April 2026" });
    const tooMuch = refusal(() =>
      recordEntry(db, finance, account.id, { kind: "adjustment", direction: "out", amount: 100_001, entryDate: "2026-06-01", reference: "", reason: "Mistake" }, TODAY),
    ) as RuleBroken;
    expect(tooMuch.fieldErrors.amount).toBe("The adjustment of £1,000.01 is £0.01 more than the £1,000.00 left in this fund");
    expect(balanceOf(db, account.id)).toBe(100_000);
  });

  it("lets only the finance team of the fund's council record; others who can see the fund are refused, the rest told it does not exist", () => {
    const { account, finance, councilId, providerAdmin, practitioner } = makeIsfAccount(db);
    const commissioner = makeUser(db, "commissioner", { councilId });
    for (const actor of [commissioner, practitioner, providerAdmin]) {
      expect(refusal(() => recordEntry(db, actor, account.id, contribution(100), TODAY))).toBeInstanceOf(Forbidden);
    }
    expect(refusal(() => recordEntry(db, makeUser(db, "finance"), account.id, contribution(100), TODAY))).toBeInstanceOf(NotFound);
    expect(fundsAccountPage(db, commissioner, account.id, { range: {}, page: 1, today: TODAY }).canRecord).toBe(false);
    const jamesUser = actorFor(db, "james@people.example");
    expect(refusal(() => recordEntry(db, jamesUser, james().id, contribution(100), TODAY))).toBeInstanceOf(Forbidden);
    expect(refusal(() => recordEntry(db, actorFor(db, "admin@riverbank-care.example"), james().id, contribution(100), TODAY))).toBeInstanceOf(Forbidden);
    expect(balanceOf(db, account.id)).toBe(100_000);
    recordEntry(db, finance, account.id, contribution(100), TODAY);
  });
});

describe("reversing an entry", () => {
  it("reverses once, linked both ways, dated not before the entry and not in the future", () => {
    const { account, finance, providerAdmin } = makeIsfAccount(db);
    const entry = recordEntry(db, finance, account.id, contribution(5_000, "2026-05-10"), TODAY);
    const early = refusal(() => reverseFundEntry(db, finance, account.id, entry.id, { entryDate: "2026-05-09", reason: "Bounced" }, TODAY)) as RuleBroken;
    expect(early.fieldErrors).toEqual({ entryDate: "The date must be on or after the date of the entry it reverses, 10 May 2026" });
    expect(refusal(() => reverseFundEntry(db, providerAdmin, account.id, entry.id, { entryDate: "2026-05-12", reason: "Bounced" }, TODAY))).toBeInstanceOf(Forbidden);
    const reversal = reverseFundEntry(db, finance, account.id, entry.id, { entryDate: "2026-05-12", reason: "The payment bounced" }, TODAY);
    expect(reversal).toMatchObject({ kind: "reversal", amount: -5_000, reversesEntryId: entry.id, reason: "The payment bounced" });
    expect(balanceOf(db, account.id)).toBe(100_000);
    expect(refusal(() => reverseFundEntry(db, finance, account.id, entry.id, { entryDate: "2026-05-12", reason: "Again" }, TODAY))).toBeInstanceOf(Conflict);
    expect(reverseEntryView(db, finance, account.id, entry.id).refusal).toMatch(/already been reversed/);
    const original = entryDetail(db, providerAdmin, account.id, entry.id);
    expect(original.reversedBy).toMatchObject({ id: reversal.id, sequence: reversal.sequence });
    expect(original.canReverse).toBe(false);
    const detail = entryDetail(db, finance, account.id, reversal.id);
    expect(detail.reverses).toMatchObject({ id: entry.id, kindLabel: "Contribution received" });
    expect(detail.canReverse).toBe(false);
    const opening = db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, account.id), eq(ledgerEntries.kind, "opening_budget"))).get()!;
    expect(reverseEntryView(db, finance, account.id, opening.id).refusal).toBe("Opening budget entries cannot be reversed.");
    const other = makeIsfAccount(db);
    expect(refusal(() => entryDetail(db, other.finance, account.id, entry.id))).toBeInstanceOf(NotFound);
    expect(refusal(() => entryDetail(db, finance, other.account.id, entry.id))).toBeInstanceOf(NotFound);
  });
});

describe("what the fund shows from invoices and the agreement", () => {
  it("shows money committed by submitted and queried invoices on the page, the list and My support", () => {
    const account = james();
    const pending = db
      .select({ amount: invoiceLines.amountPence })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(and(eq(invoiceLines.accountId, account.id), eq(invoiceLines.status, "pending")))
      .all()
      .reduce((sum, l) => sum + l.amount, 0);
    expect(pending).toBeGreaterThan(0);
    const finance = actorFor(db, "finance@clydevale.example");
    expect(fundsAccountPage(db, finance, account.id, { range: {}, page: 1, today: TODAY }).summary.figures.committed).toBe(pending);
    expect(fundsList(db, finance, { page: 1 }, TODAY).rows.find((r) => r.account.id === account.id)?.figures.committed).toBe(pending);
    const jamesUser = actorFor(db, "james@people.example");
    expect(accountsOfPerson(db, jamesUser, account.personId).find((f) => f.id === account.id)?.committed).toBe(pending);
  });

  it("shows the plan of the agreement in force against spending per outcome", () => {
    const account = james();
    const version = db.select().from(agreementVersions).where(and(eq(agreementVersions.agreementId, account.agreementId), eq(agreementVersions.status, "approved"))).get()!;
    const planned = plannedPerOutcome(db, account.agreementId);
    expect(planned.reduce((sum, p) => sum + p.planned, 0)).toBe(version.plan.reduce((sum, l) => sum + l.amountPence, 0));
    const page = fundsAccountPage(db, actorFor(db, "james@people.example"), account.id, { range: {}, page: 1, today: TODAY });
    for (const p of planned) expect(page.outcomes.find((o) => o.outcomeId === p.outcomeId)).toMatchObject({ planned: p.planned });
    expect(page.outcomes.find((o) => o.label === "Having things to do")?.spent).toBeGreaterThan(0);
    expect(page.fee).toBeNull();
    expect(plannedPerOutcome(db, "no-such-agreement")).toEqual([]);
  });
});

describe("the management fee", () => {
  it("takes the agreement's percentage of an approved invoice, never more than the agreed fee left nor than the fund holds", () => {
    const account = james();
    // James's agreement: 5% of £18,000 from the fund, so at most £900 in fees.
    expect(feeAllowance(db, account)).toMatchObject({ fee: { kind: "percent", basisPoints: 500 }, agreed: 90_000, taken: 0, left: 90_000 });
    const invoice = { id: "invoice-1", reference: "RB-TEST-1" };
    const [fee] = managementFeesFor(db, [{ accountId: account.id, amount: -34_400 }, { accountId: account.id, amount: -68_800 }], invoice, TODAY);
    expect(fee).toMatchObject({ accountId: account.id, kind: "management_fee", amount: -5_160, reference: "fee-invoice-1", description: "Management fee: 5% of £1,032.00 on RB-TEST-1" });
    const finance = actorFor(db, "finance@clydevale.example");
    postEntries(db, [{ accountId: account.id, kind: "management_fee", amount: -89_000, entryDate: TODAY, reference: "fee-earlier", description: "Earlier fees" }], finance);
    expect(managementFeesFor(db, [{ accountId: account.id, amount: -100_000 }], invoice, TODAY)[0]?.amount).toBe(-1_000);
    const balance = balanceOf(db, account.id);
    expect(managementFeesFor(db, [{ accountId: account.id, amount: -(balance - 300) }], invoice, TODAY)[0]?.amount).toBe(-300);
    expect(managementFeesFor(db, [{ accountId: account.id, amount: -balance }], invoice, TODAY)).toEqual([]);
  });

  it("lets finance record a fee only up to what the agreement allows, and not at all where the fund pays none", () => {
    const account = james();
    const finance = actorFor(db, "finance@clydevale.example");
    const left = feeAllowance(db, account)!.left;
    const fee = (amount: number): RecordEntryInput => ({ kind: "management_fee", direction: "out", amount, entryDate: TODAY, reference: "", reason: "" });
    const over = refusal(() => recordEntry(db, finance, account.id, fee(left + 1), TODAY)) as RuleBroken;
    expect(over.fieldErrors.amount).toMatch(/^The agreement allows £900\.00 in management fees from this fund and .* has been taken: the most you can record is /);
    recordEntry(db, finance, account.id, fee(left), TODAY);
    expect(feeAllowance(db, account)?.left).toBe(0);
    const plain = makeIsfAccount(db);
    expect((refusal(() => recordEntry(db, plain.finance, plain.account.id, fee(100), TODAY)) as RuleBroken).fieldErrors).toEqual({
      kind: "The agreement for this fund does not pay a management fee from the fund",
    });
  });
});

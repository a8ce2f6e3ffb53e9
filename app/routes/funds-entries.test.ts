import { and, asc, desc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { invoiceLines, isfAccounts, ledgerEntries, notifications, people, users } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { balanceOf } from "~/domain/ledger/ledger.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { todayIso } from "~/lib/dates";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { action as entryAction, loader as entryLoader } from "./funds.$accountId.entries.$entryId._index";
import { action as reverseAction, loader as reverseLoader } from "./funds.$accountId.entries.$entryId.reverse";
import { action as recordAction, loader as recordLoader } from "./funds.$accountId.entries.new";

let db: Db;
let accountId: string;
let drawdownId: string;
let firstDrawdownId: string;
let openingId: string;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const james = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
  accountId = db.select().from(isfAccounts).where(eq(isfAccounts.personId, james.id)).get()!.id;
  drawdownId = db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "drawdown")))
    .orderBy(desc(ledgerEntries.sequence))
    .get()!.id;
  const first = (kind: "drawdown" | "opening_budget") =>
    db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, kind))).orderBy(asc(ledgerEntries.sequence)).get()!.id;
  firstDrawdownId = first("drawdown");
  openingId = first("opening_budget");
});

async function requestAs(email: string | null, path: string, form?: Record<string, string>): Promise<Request> {
  const headers = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  if (!form) return new Request(`http://localhost:3000${path}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", "http://localhost:3000");
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
}

/** The answer, or the status of the response returned or thrown. */
async function run(load: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await load();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const init = (result as { init?: { status?: number } }).init;
      return { status: init?.status ?? 200, data: (result as { data: unknown }).data };
    }
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const [year, month, day] = todayIso().split("-");
const today = { "entryDate-day": String(Number(day)), "entryDate-month": String(Number(month)), "entryDate-year": year! };
const contribution = { kind: "contribution_received", amount: "45.50", reference: "", reason: "", ...today };

const recordPage = async (email: string | null) =>
  run(async () => recordLoader({ request: await requestAs(email, `/funds/${accountId}/entries/new`), params: { accountId }, context: {} }));
const record = async (email: string | null, form: Record<string, string>) =>
  run(async () => recordAction({ request: await requestAs(email, `/funds/${accountId}/entries/new`, form), params: { accountId }, context: {} }));
const reversePage = async (email: string | null, entryId = drawdownId) =>
  run(async () => reverseLoader({ request: await requestAs(email, `/funds/${accountId}/entries/${entryId}/reverse`), params: { accountId, entryId }, context: {} }));
const reverse = async (email: string | null, form: Record<string, string>, entryId = drawdownId) =>
  run(async () => reverseAction({ request: await requestAs(email, `/funds/${accountId}/entries/${entryId}/reverse`, form), params: { accountId, entryId }, context: {} }));
const entryPage = async (email: string | null, entryId = drawdownId) =>
  run(async () => entryLoader({ request: await requestAs(email, `/funds/${accountId}/entries/${entryId}`), params: { accountId, entryId }, context: {} }));
const flag = async (email: string | null, entryId = firstDrawdownId, form: Record<string, string> = { intent: "flag" }) =>
  run(async () => entryAction({ request: await requestAs(email, `/funds/${accountId}/entries/${entryId}`, form), params: { accountId, entryId }, context: {} }));

describe("recording money on a fund", () => {
  it("is open to the council's finance team only: 403 to others who see the fund, 404 to the rest", async () => {
    expect(await recordPage("finance@clydevale.example")).toMatchObject({ accountId });
    for (const email of ["commissioner@clydevale.example", "practitioner@clydevale.example", "admin@riverbank-care.example", "james@people.example"]) {
      expect([email, await recordPage(email)]).toEqual([email, 403]);
      expect([email, await record(email, contribution)]).toEqual([email, 403]);
    }
    for (const email of ["finance@eastmuir.example", "morag@people.example", "aileen@people.example", "admin@glenburn-support.example"]) {
      expect([email, await recordPage(email)]).toEqual([email, 404]);
      expect([email, await record(email, contribution)]).toEqual([email, 404]);
    }
    expect(await recordPage(null)).toBe(302);
    expect(await record(null, contribution)).toBe(302);
  });

  it("gives the form back with its problems and what was typed, and records a valid entry", async () => {
    const before = balanceOf(db, accountId);
    const wrong = (await record("finance@clydevale.example", { ...contribution, amount: "12.345", "entryDate-year": "2999" })) as { status: number; data: { fieldErrors: Record<string, string>; values: Record<string, string> } };
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.amount).toBe("Enter an amount in pounds and pence, like 1250 or 1250.50");
    expect(wrong.data.values.amount).toBe("12.345");
    const future = (await record("finance@clydevale.example", { ...contribution, "entryDate-year": String(Number(year) + 1) })) as { status: number; data: { fieldErrors: Record<string, string> } };
    expect(future).toMatchObject({ status: 400, data: { fieldErrors: { entryDate: "The date must be today or in the past" } } });
    expect(balanceOf(db, accountId)).toBe(before);
    expect(await record("finance@clydevale.example", contribution)).toBe(302);
    expect(balanceOf(db, accountId)).toBe(before + 4_550);
  });
});

describe("reversing an entry", () => {
  it("is for the council's finance team only; the entry page is for everyone who may see the fund", async () => {
    expect(await reversePage("finance@clydevale.example")).toMatchObject({ id: drawdownId, refusal: null });
    for (const email of ["commissioner@clydevale.example", "admin@riverbank-care.example", "james@people.example"]) {
      expect([email, await reversePage(email)]).toEqual([email, 403]);
      expect([email, await reverse(email, { ...today, reason: "Mistake" })]).toEqual([email, 403]);
      expect([email, await entryPage(email)]).toEqual([email, expect.objectContaining({ canReverse: false })]);
    }
    for (const email of ["finance@eastmuir.example", "morag@people.example"]) {
      expect([email, await reversePage(email)]).toEqual([email, 404]);
      expect([email, await entryPage(email)]).toEqual([email, 404]);
    }
    expect(await entryPage("finance@clydevale.example")).toMatchObject({ canReverse: true });
  });

  it("needs a reason, reverses once, and says so after", async () => {
    const before = balanceOf(db, accountId);
    const noReason = (await reverse("finance@clydevale.example", { ...today, reason: "" })) as { status: number; data: { fieldErrors: Record<string, string> } };
    expect(noReason).toMatchObject({ status: 400, data: { fieldErrors: { reason: "Enter the reason for the reversal" } } });
    expect(await reverse("finance@clydevale.example", { ...today, reason: "Invoiced twice" })).toBe(302);
    const drawdown = db.select().from(ledgerEntries).where(eq(ledgerEntries.id, drawdownId)).get()!;
    expect(balanceOf(db, accountId)).toBe(before - drawdown.amount);
    expect(await reversePage("finance@clydevale.example")).toMatchObject({ refusal: expect.stringMatching(/already been reversed/) });
    expect(await reverse("finance@clydevale.example", { ...today, reason: "Again" })).toMatchObject({ status: 409 });
    expect(await entryPage("james@people.example")).toMatchObject({ reversedBy: expect.objectContaining({ kindLabel: "Reversal" }) });
  });
});

describe("saying the support a payment was for was not given", () => {
  const staff = ["finance@clydevale.example", "practitioner@clydevale.example", "commissioner@clydevale.example", "admin@riverbank-care.example"];

  it("is offered on a payment for invoiced support to the person, and to nobody else who sees the fund", async () => {
    expect(await entryPage("james@people.example", firstDrawdownId)).toMatchObject({ flag: { open: false, resolution: null } });
    expect(await entryPage("james@people.example", openingId)).toMatchObject({ flag: null });
    for (const email of staff) {
      expect([email, await entryPage(email, firstDrawdownId)]).toEqual([email, expect.objectContaining({ flag: null })]);
      expect([email, await flag(email)]).toEqual([email, 403]);
    }
    for (const email of ["finance@eastmuir.example", "morag@people.example", "aileen@people.example"]) expect([email, await flag(email)]).toEqual([email, 404]);
    expect(await flag(null)).toBe(302);
    expect(await flag("james@people.example", openingId)).toBe(404);
    expect(await flag("james@people.example", firstDrawdownId, { intent: "reverse" })).toBe(400);
    const line = db.select().from(invoiceLines).where(eq(invoiceLines.id, db.select().from(ledgerEntries).where(eq(ledgerEntries.id, firstDrawdownId)).get()!.reference!)).get()!;
    expect(line.flaggedAt).toBeNull();
  });

  it("flags the invoice line the payment was for, tells the provider and council finance, and says so after", async () => {
    const since = db.select().from(notifications).orderBy(desc(notifications.id)).get()?.id ?? 0;
    expect(await flag("james@people.example")).toBe(302);
    const entry = db.select().from(ledgerEntries).where(eq(ledgerEntries.id, firstDrawdownId)).get()!;
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.id, entry.reference!)).get()).toMatchObject({ flagReason: "I did not get this support", flagResolvedAt: null });
    const told = db.select({ email: users.email, message: notifications.message }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(gt(notifications.id, since)).all();
    expect(told.map((n) => n.email)).toEqual(expect.arrayContaining(["admin@riverbank-care.example", "finance@clydevale.example"]));
    expect(told[0]!.message).toMatch(/^A line of invoice INV-\d+ was flagged: "I did not get this support"/);
    expect(await entryPage("james@people.example", firstDrawdownId)).toMatchObject({ flag: { open: true } });
    expect(await flag("james@people.example")).toMatchObject({ status: 409, data: { formError: "You have already told us about this line" } });
  });
});

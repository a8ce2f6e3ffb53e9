import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, agreementVersions, invoiceLines, invoices, sessions } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { addLines, createInvoice } from "~/domain/invoices/invoices.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { action as invoiceAction } from "./provider.invoices.$invoiceId._index";
import { action as changeAction, loader as changeLoader } from "./provider.invoices.$invoiceId.lines.$lineId";

const PROVIDER = "admin@riverbank-care.example";
let db: Db;
let agreement: typeof agreements.$inferSelect;
let outcomes: string[];
let draftId: string;
let lineId: string;
let submittedId: string;
let submittedLineId: string;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const provider = actorFor(db, PROVIDER);
  agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  const version = db
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.agreementId, agreement.id), eq(agreementVersions.status, "approved")))
    .get()!;
  outcomes = [...new Set(version.plan.map((p) => p.outcomeId))];
  const line = {
    personId: agreement.personId,
    agreementId: agreement.id,
    startOn: "2026-11-12",
    endOn: "2026-11-12",
    outcomeId: outcomes[0]!,
    description: "Garden centre",
    unitKind: "hours" as const,
    units: 3,
    ratePence: 2150,
  };
  const draft = createInvoice(db, provider, { periodStart: "2026-11-11", periodEnd: "2026-12-08" });
  addLines(db, provider, draft.id, [line]);
  draftId = draft.id;
  lineId = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, draft.id)).get()!.id;
  const submitted = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.providerOrganisationId, provider.organisationId!), eq(invoices.status, "submitted")))
    .get()!;
  submittedId = submitted.id;
  submittedLineId = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, submitted.id)).get()!.id;
});

async function request(email: string | null, path: string, form?: Record<string, string>): Promise<Request> {
  const headers = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  if (!form) return new Request(`http://localhost:3000${path}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: new URLSearchParams(form) });
}

/** What the route answered: its data, or the status of a response it returned or threw. */
async function run(handler: () => Promise<unknown>): Promise<{ status: number; data?: unknown; location?: string | null }> {
  try {
    const result = await handler();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && typeof result === "object" && "type" in result && (result as { type: string }).type === "DataWithResponseInit") {
      const { data, init } = result as unknown as { data: unknown; init: { status?: number } };
      return { status: init.status ?? 200, data };
    }
    return { status: 200, data: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const page = async (email: string | null, invoiceId = draftId, line = lineId) =>
  run(async () => changeLoader({ request: await request(email, `/provider/invoices/${invoiceId}/lines/${line}`), params: { invoiceId, lineId: line }, context: {} }));

const change = async (email: string | null, form: Record<string, string>, invoiceId = draftId, line = lineId) =>
  run(async () =>
    changeAction({ request: await request(email, `/provider/invoices/${invoiceId}/lines/${line}`, form), params: { invoiceId, lineId: line }, context: {} }),
  );

const typed = (fields: Record<string, string> = {}) => ({
  agreementId: agreement.id,
  outcomeId: outcomes[1] ?? outcomes[0]!,
  "startOn-day": "13",
  "startOn-month": "11",
  "startOn-year": "2026",
  "endOn-day": "14",
  "endOn-month": "11",
  "endOn-year": "2026",
  description: "Football, two sessions",
  unitKind: "sessions",
  units: "2",
  rate: "19.50",
  ...fields,
});

const stored = (id = lineId) => db.select().from(invoiceLines).where(eq(invoiceLines.id, id)).get()!;

describe("changing a line of a draft invoice", () => {
  it("shows the provider the line's values and the agreement's outcomes to choose from", async () => {
    const answer = await page(PROVIDER);
    expect(answer.status).toBe(200);
    const data = answer.data as { line: { position: number; values: Record<string, string> }; choices: { agreementId: string; outcomes: { id: string }[] }[] };
    expect(data.line.position).toBe(1);
    expect(data.line.values).toMatchObject({ outcomeId: outcomes[0], startOn: "2026-11-12", units: "3", rate: "21.50", description: "Garden centre" });
    expect(data.choices.find((c) => c.agreementId === agreement.id)?.outcomes.map((o) => o.id)).toEqual(outcomes);
  });

  it("keeps what was typed and says what to fix", async () => {
    const answer = await change(PROVIDER, typed({ units: "0", "endOn-day": "10", outcomeId: "" }));
    expect(answer.status).toBe(400);
    const data = answer.data as { fieldErrors: Record<string, string>; values: Record<string, string> };
    expect(data.fieldErrors).toMatchObject({ units: "The units must be more than zero", outcomeId: "Choose the outcome the support was for" });
    expect(data.values.description).toBe("Football, two sessions");
    expect(stored().description).toBe("Garden centre");
  });

  it("refuses an outcome that is not in the agreement's plan", async () => {
    const answer = await change(PROVIDER, typed({ outcomeId: crypto.randomUUID() }));
    expect(answer.status).toBe(400);
    expect((answer.data as { fieldErrors: Record<string, string> }).fieldErrors.outcomeId).toMatch(/^Choose one of the outcomes in the plan of /);
    const late = await change(PROVIDER, typed({ "endOn-day": "10" }));
    expect((late.data as { fieldErrors: Record<string, string> }).fieldErrors.endOn).toBe("The last day must be the same as or after the first day");
  });

  it("refuses days outside the invoice's period, naming the line, beside the date that is outside it", async () => {
    const answer = await change(PROVIDER, typed({ "endOn-day": "9", "endOn-month": "12" }));
    expect(answer.status).toBe(400);
    expect((answer.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      endOn: "Line 1: 9 December 2026 is outside the invoice's period, 11 November 2026 to 8 December 2026",
    });
    expect(stored().description).toBe("Garden centre");
  });

  it("saves the change and goes back to the invoice with a confirmation", async () => {
    const answer = await change(PROVIDER, typed());
    expect(answer).toMatchObject({ status: 302, location: `/provider/invoices/${draftId}?line=${lineId}#${lineId}` });
    expect(stored()).toMatchObject({
      outcomeId: outcomes[1] ?? outcomes[0],
      startOn: "2026-11-13",
      endOn: "2026-11-14",
      description: "Football, two sessions",
      unitKind: "sessions",
      units: 2,
      ratePence: 1950,
      amountPence: 3900,
      position: 1,
    });
    const flashes = db.select({ flash: sessions.flash }).from(sessions).all().map((s) => s.flash);
    expect(flashes).toContain("Line 1 changed.");
  });

  it("is only for the provider's users: others are told the line does not exist, and visitors must sign in", async () => {
    for (const email of ["admin@glenburn-support.example", "finance@clydevale.example", "james@people.example", "practitioner@clydevale.example"]) {
      expect((await page(email)).status, email).toBe(404);
      expect((await change(email, typed({ description: "Changed by someone else" }))).status, email).toBe(404);
    }
    expect((await page(null)).location).toMatch(/^\/login/);
    expect((await change(null, typed({ description: "Changed by someone else" }))).location).toMatch(/^\/login/);
    expect(stored().description).not.toBe("Changed by someone else");
  });

  it("refuses to change a line once the invoice is sent to the council, or a line of another invoice", async () => {
    expect((await page(PROVIDER, submittedId, submittedLineId)).status).toBe(409);
    const before = stored(submittedLineId);
    expect((await change(PROVIDER, typed(), submittedId, submittedLineId)).status).toBe(409);
    expect(stored(submittedLineId)).toEqual(before);
    expect((await page(PROVIDER, draftId, submittedLineId)).status).toBe(404);
    expect((await change(PROVIDER, typed(), draftId, submittedLineId)).status).toBe(404);
  });
});

describe("adding a line by hand", () => {
  const add = async (fields: Record<string, string>) =>
    run(async () =>
      invoiceAction({ request: await request(PROVIDER, `/provider/invoices/${draftId}`, { intent: "add-line", ...fields }), params: { invoiceId: draftId }, context: {} }),
    );

  it("records the outcome chosen, which must be one of the agreement's", async () => {
    expect((await add(typed({ outcomeId: crypto.randomUUID() }))).status).toBe(400);
    expect((await add(typed({ description: "Cinema", outcomeId: outcomes[0]! }))).status).toBe(302);
    const added = db.select().from(invoiceLines).where(and(eq(invoiceLines.invoiceId, draftId), eq(invoiceLines.description, "Cinema"))).get();
    expect(added).toMatchObject({ outcomeId: outcomes[0], position: 2, units: 2, ratePence: 1950 });
  });

  it("refuses a day before the invoice's period, naming the line it would have been", async () => {
    const answer = await add(typed({ description: "Bowling", "startOn-day": "10" }));
    expect(answer.status).toBe(400);
    expect((answer.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      startOn: "Line 3: 10 November 2026 is outside the invoice's period, 11 November 2026 to 8 December 2026",
    });
    expect(db.select().from(invoiceLines).where(and(eq(invoiceLines.invoiceId, draftId), eq(invoiceLines.description, "Bowling"))).all()).toEqual([]);
  });
});

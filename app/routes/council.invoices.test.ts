import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, invoiceLines, invoiceQueries, invoices, notifications } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { addLines, createInvoice, flagLine, submitInvoice } from "~/domain/invoices/invoices.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { action } from "./council.invoices.$invoiceId";

const FINANCE = "finance@clydevale.example";
const PROVIDER = "admin@riverbank-care.example";
let db: Db;
let invoiceId: string;
let lineIds: string[];

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const provider = actorFor(db, PROVIDER);
  const agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  const invoice = createInvoice(db, provider, { periodStart: "2026-11-11", periodEnd: "2026-12-08" }, "2026-11-22");
  addLines(
    db,
    provider,
    invoice.id,
    ["2026-11-12", "2026-11-13", "2026-11-14"].map((on) => ({
      personId: agreement.personId,
      agreementId: agreement.id,
      startOn: on,
      endOn: on,
      outcomeId: null,
      description: `Support on ${on}`,
      unitKind: "hours" as const,
      units: 2,
      ratePence: 2150,
    })),
  );
  submitInvoice(db, provider, invoice.id, "2026-11-22");
  invoiceId = invoice.id;
  lineIds = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(invoiceLines.position).all().map((l) => l.id);
});

async function post(form: Record<string, string>) {
  const { token } = createSession(db, actorFor(db, FINANCE).id);
  const headers = new Headers({ Cookie: (await commitSessionCookie(token)).split(";")[0]!, "Content-Type": "application/x-www-form-urlencoded" });
  const request = new Request(`http://localhost:3000/council/invoices/${invoiceId}`, { method: "POST", headers, body: new URLSearchParams(form) });
  try {
    const result = await action({ request, params: { invoiceId }, context: {} });
    if (result instanceof Response) return { status: result.status };
    const { data, init } = result as unknown as { data: { fieldErrors: Record<string, string>; values: Record<string, string> }; init: { status?: number } };
    return { status: init.status ?? 200, data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    throw thrown;
  }
}

const line = (id: string) => db.select().from(invoiceLines).where(eq(invoiceLines.id, id)).get()!;
const toldTo = (email: string) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, actorFor(db, email).id))
    .all();

describe("finance's decisions on one line", () => {
  it("needs a reason to reject a line, shown beside that line's own field, and keeps it", async () => {
    const refused = await post({ intent: "reject-line", lineId: lineIds[0]!, [`reason-${lineIds[0]}`]: "  " });
    expect(refused.status).toBe(400);
    expect(refused.data?.fieldErrors).toEqual({ [`reason-${lineIds[0]}`]: "Say why this line is rejected" });
    expect(line(lineIds[0]!).status).toBe("pending");

    const rejected = await post({ intent: "reject-line", lineId: lineIds[0]!, [`reason-${lineIds[0]}`]: "James was in hospital that day" });
    expect(rejected.status).toBe(302);
    expect(line(lineIds[0]!)).toMatchObject({ status: "rejected", decisionReason: "James was in hospital that day" });
    expect(toldTo(PROVIDER).at(-1)?.message).toMatch(/^Line 1 of invoice INV-\d+ was rejected$/);
  });

  it("asks the provider about a single line", async () => {
    const refused = await post({ intent: "query-line", lineId: lineIds[1]!, [`question-${lineIds[1]}`]: "" });
    expect(refused.data?.fieldErrors).toEqual({ [`question-${lineIds[1]}`]: "Write your question about this line" });
    const asked = await post({ intent: "query-line", lineId: lineIds[1]!, [`question-${lineIds[1]}`]: "Was this the football or the garden centre?" });
    expect(asked.status).toBe(302);
    expect(db.select().from(invoices).where(eq(invoices.id, invoiceId)).get()?.status).toBe("queried");
    expect(db.select().from(invoiceQueries).where(eq(invoiceQueries.invoiceId, invoiceId)).all()).toEqual([
      expect.objectContaining({ lineId: lineIds[1], question: "Was this the football or the garden centre?" }),
    ]);
    expect(toldTo(PROVIDER).at(-1)?.message).toMatch(/^The council has a question about line 2 of invoice INV-\d+$/);
  });

  it("needs what was found to resolve a flag, and tells the person", async () => {
    flagLine(db, actorFor(db, "james@people.example"), lineIds[2]!, "I did not get this support");
    const refused = await post({ intent: "resolve-flag", lineId: lineIds[2]!, [`resolution-${lineIds[2]}`]: "" });
    expect(refused.data?.fieldErrors).toEqual({ [`resolution-${lineIds[2]}`]: "Say what you found when you looked into this line" });
    expect(line(lineIds[2]!).flagResolvedAt).toBeNull();
    const resolved = await post({ intent: "resolve-flag", lineId: lineIds[2]!, [`resolution-${lineIds[2]}`]: "The rota shows a visit at 10am, signed by James" });
    expect(resolved.status).toBe(302);
    expect(line(lineIds[2]!).flagResolution).toBe("The rota shows a visit at 10am, signed by James");
    expect(toldTo("james@people.example").at(-1)).toMatchObject({
      message: 'The council has looked into the support you said was not given: "Support on 2026-11-14", 14 November 2026',
      link: "/my-support/invoices",
    });
  });
});

describe("marking part of a Stripe payment that came back as dealt with", () => {
  it("needs a note of how, shown beside the field with what was typed kept, and refuses an invoice with nothing come back", async () => {
    const refused = await post({ intent: "reversal-dealt-with", note: "   " });
    expect(refused.status).toBe(400);
    expect(refused.data?.fieldErrors).toEqual({ note: "Say how it was dealt with, for example that you paid the rest by BACS or agreed with the provider what is owed" });
    const tooLong = await post({ intent: "reversal-dealt-with", note: "x".repeat(1001) });
    expect([tooLong.status, tooLong.data?.fieldErrors.note, tooLong.data?.values.note]).toEqual([400, "The note must be 1,000 characters or fewer", "x".repeat(1001)]);
    const nothing = await post({ intent: "reversal-dealt-with", note: "Paid the rest by BACS" });
    expect(nothing.status).toBe(409);
    expect((nothing.data as unknown as { formError: string }).formError).toBe("No part of this invoice's Stripe payment has come back, so there is nothing to deal with");
  });
});

import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, auditEvents, frameworkLots, organisations, people } from "@db/schema";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { pdfPages, pdfText } from "../../../test/pdf";
import { agreementDocument, startAgreement } from "./agreements.server";
import { agreementPdf, easyReadPdf } from "./pdf.server";

let db: Db;
beforeAll(async () => {
  db = await createSeededDb();
});

const jamesAgreement = () => {
  const james = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
  return db.select().from(agreements).where(eq(agreements.personId, james.id)).get()!;
};

describe("the signed agreement PDF", () => {
  it("names the parties, the money, the outcomes, every signature, the approval and the fingerprint", async () => {
    const agreement = jamesAgreement();
    const document = agreementDocument(db, actorFor(db, "james@people.example"), agreement.id);
    const render = () => agreementPdf(document.content, document.fingerprint, { signatures: document.signatures, approval: document.approval });
    let started = performance.now();
    const pdf = await render();
    const elapsed = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < 10; i++) await render();
    const warm = (performance.now() - started) / 10;
    console.log(`Generating the signed agreement PDF: first ${elapsed.toFixed(0)} ms, then ${warm.toFixed(0)} ms on average (${pdf.length} bytes)`);
    const text = pdfText(pdf);
    expect(text).toContain(agreement.reference);
    expect(text).toContain("Clydevale Council");
    expect(text).toContain("Riverbank Community Care");
    expect(text).toContain("James Whyte");
    expect(text).toContain("£18,000.00");
    expect(text).toContain("5% (£900.00)");
    expect(text).toContain("Keep my job at the garden centre on Tuesdays and Thursdays");
    expect(text).toContain("£4,472.00");
    expect(text).toContain("Signatures and approval");
    expect(text).toContain("Ewan MacLeod, Provider administrator");
    expect(text).toContain("Approved for the council by");
    // pdftotext may break the 64 hex digits over lines: compare without spaces.
    expect(text.replace(/ /g, "")).toContain(document.fingerprint);
    expect(document.signatures).toHaveLength(3);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("gives the person an Easy Read summary in large type", async () => {
    const document = agreementDocument(db, actorFor(db, "james@people.example"), jamesAgreement().id);
    const text = pdfText(await easyReadPdf(document.content));
    expect(text).toContain("Your support agreement");
    expect(text).toContain("Your budget for this support is £18,000.00");
  });
});

describe("a draft agreement PDF", () => {
  it("says it is a draft on every page and has no fingerprint; an issued one has its fingerprint and no such mark", async () => {
    const practitioner = actorFor(db, "practitioner@clydevale.example");
    const morag = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
    const riverbank = db.select().from(organisations).where(eq(organisations.name, "Riverbank Community Care")).get()!;
    const lot = db.select().from(frameworkLots).where(eq(frameworkLots.name, "Community and day support")).get()!;
    const draft = startAgreement(db, practitioner, { personId: morag.id, providerOrganisationId: riverbank.id, lotId: lot.id });
    const document = agreementDocument(db, practitioner, draft.id);
    expect(document).toMatchObject({ draft: true, fingerprint: null });
    const pages = pdfPages(await agreementPdf(document.content, document.fingerprint));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain("DRAFT – not issued for signature");
    expect(pages.join(" ")).not.toContain("Fingerprint");
    for (const page of pdfPages(await easyReadPdf(document.content, { draft: true }))) expect(page).toContain("DRAFT – not issued for signature");

    const glenburn = db.select().from(agreements).where(and(eq(agreements.personId, morag.id), ne(agreements.id, draft.id))).get()!;
    const issued = agreementDocument(db, practitioner, glenburn.id);
    const text = pdfText(await agreementPdf(issued.content, issued.fingerprint));
    expect(text).not.toContain("DRAFT");
    expect(text.replace(/ /g, "")).toContain(`Fingerprint(SHA-256):${issued.fingerprint}`);
  });
});

describe("the demo agreement's history", () => {
  it("dates each step on the day its signature page gives, not the day the demo was loaded", () => {
    const agreement = jamesAgreement();
    const document = agreementDocument(db, actorFor(db, "james@people.example"), agreement.id);
    // From choice to approval (outcome reviews are recorded later, as the provider records them).
    const history = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "agreement"), eq(auditEvents.subjectId, agreement.id), ne(auditEvents.action, "agreement.reviewed")))
      .all();
    const day = (at: Date) => at.toISOString().slice(0, 10);
    expect(history.map((event) => [event.action, day(event.at)])).toEqual([
      ["agreement.started", "2026-03-20"],
      ["agreement.draft_saved", "2026-03-20"],
      ["agreement.issued", "2026-03-25"],
      ["agreement.signed", "2026-03-25"],
      ["agreement.signed", "2026-03-25"],
      ["agreement.signed", "2026-03-25"],
      ["agreement.awaiting_approval", "2026-03-25"],
      ["agreement.approved", "2026-03-25"],
    ]);
    const signedEvents = history.filter((event) => event.action === "agreement.signed").map((event) => event.at.toISOString());
    expect(signedEvents).toEqual(document.signatures.map((s) => s.signedAt));
    expect(history.find((event) => event.action === "agreement.approved")?.at.toISOString()).toBe(document.approval?.approvedAt);
    expect(day(agreement.createdAt)).toBe("2026-03-20");
  });
});

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, people } from "@db/schema";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { pdfText } from "../../../test/pdf";
import { agreementDocument } from "./agreements.server";
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

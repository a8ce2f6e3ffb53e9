import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { people } from "@db/schema";
import { actorFor } from "../../../test/factories";
import { createSeededDb } from "../../../test/db";
import { pdfText } from "../../../test/pdf";
import { personRecord } from "./people.server";
import { renderPersonRecordPdf } from "./record-pdf.server";

describe("the record as a PDF", () => {
  it("holds the budget, its option split and the outcomes in the person's own words", async () => {
    const db = await createSeededDb();
    const james = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
    const text = pdfText(await renderPersonRecordPdf(personRecord(db, actorFor(db, "james@people.example"), james.id), "2026-06-01"));
    expect(text).toContain("Support record: James Whyte");
    expect(text).toContain("Individual budget: £22,100.00 a year");
    expect(text).toContain("Option chosen: Option 4: a mix of options");
    expect(text).toContain("Under Option 2: £18,000.00 a year");
    expect(text).toContain("Under Option 3: £4,100.00 a year");
    expect(text).toContain("Get out to the football with my pals on Saturdays");
  });

  it("shows a representative's authority and document reference", async () => {
    const db = await createSeededDb();
    const callum = db.select().from(people).where(eq(people.reference, "CV-101456")).get()!;
    const text = pdfText(await renderPersonRecordPdf(personRecord(db, actorFor(db, "aileen@people.example"), callum.id)));
    expect(text).toContain("Welfare power of attorney, document OPG welfare power of attorney");
    expect(text).toContain("May: choose and sign");
  });
});

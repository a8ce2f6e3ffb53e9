import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { people } from "@db/schema";
import { actorFor } from "../../../test/factories";
import { createSeededDb } from "../../../test/db";
import { TMP_DIR } from "../../../test/paths";
import { personRecord } from "./people.server";
import { renderPersonRecordPdf } from "./record-pdf.server";

const hasPdfKit = (() => {
  try {
    createRequire(import.meta.url).resolve("pdfkit");
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPdfKit)("the record as a PDF", () => {
  it("holds the budget, its option split and the outcomes in the person's own words", async () => {
    const db = await createSeededDb();
    const james = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
    const pdf = await renderPersonRecordPdf(personRecord(db, actorFor(db, "james@people.example"), james.id), "2026-06-01");
    const path = resolve(TMP_DIR, `record-${process.pid}.pdf`);
    writeFileSync(path, pdf);
    const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Support record: James Whyte");
    expect(text).toContain("Individual budget: £22,100.00 a year");
    expect(text).toContain("Option chosen: Option 4: a mix of options");
    expect(text).toContain("Under Option 2: £18,000.00 a year");
    expect(text).toContain("Under Option 3: £4,100.00 a year");
    expect(text).toContain("Get out to the football with my pals on Saturdays");
    expect(execFileSync("pdfinfo", [path], { encoding: "utf8" })).toMatch(/Title:\s+Support record: James Whyte/);
  });
});

import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { councilListItems, invoiceLines, invoices } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { formatPence } from "~/lib/money";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { pdfText } from "../../../test/pdf";
import { invoiceDetail } from "./invoices.server";
import { invoicePdf } from "./pdf.server";

let db: Db;
let provider: Actor;

beforeAll(async () => {
  db = await createSeededDb();
  provider = actorFor(db, "admin@riverbank-care.example");
}, 60_000);

describe("the invoice PDF", () => {
  it("gives each line its unit rate and the outcome it was for", async () => {
    const paid = db
      .select()
      .from(invoices)
      .where(and(eq(invoices.providerOrganisationId, provider.organisationId!), eq(invoices.status, "paid")))
      .get()!;
    const lines = db
      .select({ line: invoiceLines, outcome: councilListItems.label })
      .from(invoiceLines)
      .innerJoin(councilListItems, eq(councilListItems.id, invoiceLines.outcomeId))
      .where(eq(invoiceLines.invoiceId, paid.id))
      .all();
    expect(lines.length).toBeGreaterThan(0);
    const text = pdfText(await invoicePdf(invoiceDetail(db, provider, paid.id, undefined, { all: true })));
    expect(text).toContain("Outcome Units Rate Amount");
    for (const { line, outcome } of lines) {
      expect(text).toContain(`${line.units} ${line.unitKind} ${formatPence(line.ratePence)} ${formatPence(line.amountPence)}`);
      // A long outcome wraps in its column, and pdftotext may read it interleaved with the support beside it.
      expect(text).toMatch(new RegExp(outcome.split(" ").map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")));
    }
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { immediate } from "@db/client.server";
import { createTestDb } from "../../../test/db";
import { makeIsfAccount, makeOutcome } from "../../../test/factories";
import { postEntries, reverseEntry, type MovementInput } from "./ledger.server";
import { statementData, statementPage } from "./queries.server";
import { statementPdf } from "./statement-pdf.server";

const dir = mkdtempSync(join(tmpdir(), "statement-"));

/** The PDF's text, as pdftotext reads it, and its page count. */
function readBack(pdf: Buffer, name: string): { text: string; pages: number; wordHeights: number[] } {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [path], { encoding: "utf8" }))![1]);
  const bbox = execFileSync("pdftotext", ["-bbox", path, "-"], { encoding: "utf8" });
  const wordHeights = [...bbox.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1]));
  return { text, pages, wordHeights };
}

function jamesAccount() {
  const db = createTestDb();
  const { account, finance, councilId } = makeIsfAccount(db, { openingAmount: 1_820_000 });
  const outcome = makeOutcome(db, councilId, "Having things to do");
  const line = (reference: string, pence: number, entryDate: string): MovementInput => ({
    accountId: account.id,
    kind: "drawdown",
    amount: -pence,
    entryDate,
    reference,
    outcomeId: outcome,
    description: `Support: ${pence / 2_350} hours at £23.50`,
  });
  postEntries(db, [line("inv-1-1", 131_600, "2026-05-05"), line("inv-2-1", 126_900, "2026-06-02")], finance);
  const [wrong] = postEntries(db, [line("inv-2-2", 126_900, "2026-06-02")], finance);
  reverseEntry(db, wrong!.id, "Invoiced twice", finance, "2026-06-05");
  return { db, account, finance, scope: { councilId: account.councilId } };
}

describe("statement documents", () => {
  it("lists every entry with its running balance and the totals, for the dates asked", async () => {
    const { db, account, scope } = jamesAccount();
    const data = statementData(db, account.id, scope, { from: "2026-05-01", to: "2026-06-30" }, "James Thomson");
    expect(data).toMatchObject({ openingBalance: 1_820_000, moneyIn: 126_900, moneyOut: 385_400, closingBalance: 1_561_500 });
    const { text, pages } = readBack(await statementPdf(data, { easyRead: false }), "standard");
    expect(pages).toBe(1);
    expect(text).toContain("Individual Service Fund statement");
    expect(text).toMatch(/Supported person:\s+James Thomson/);
    expect(text).toContain("1 May 2026 to 30 June 2026");
    expect(text).toContain("£15,615 left of £18,200 for this year");
    expect(text).toMatch(/5 May 2026\s+Payment for support: Support: 56 hours\s+£1,316.00\s+£16,884.00/);
    expect(text).toMatch(/5 June 2026\s+Reversal: Reversal of: Support: 54 hours\s+£1,269.00\s+£15,615.00/);
    expect(text).toContain("(Having things to do) [reversed]");
    expect(text).toMatch(/Balance at the start of 1 May 2026: £18,200.00/);
    expect(text).toMatch(/Totals\s+£1,269.00\s+£3,854.00\s+£15,615.00/);
    expect(text).toContain("Page 1 of 1");
  });

  it("has an Easy Read version in short sentences and large type", async () => {
    const { db, account, scope } = jamesAccount();
    const data = statementData(db, account.id, scope, { from: "2026-05-01", to: "2026-06-30" }, "James Thomson");
    const { text, wordHeights } = readBack(await statementPdf(data, { easyRead: true }), "easy-read");
    for (const sentence of [
      "Your money statement",
      "This is for James Thomson.",
      "You have £15,615 left.",
      "On 1 May 2026 you had £18,200.",
      "On 5 May 2026:",
      "Your support was paid for.",
      "£1,316 went out.",
      "You had £16,884 after this.",
      "A mistake was put right.",
      "£1,269 came in.",
      "On 30 June 2026 you had £15,615.",
    ]) {
      expect(text).toContain(sentence);
    }
    // pdftotext's word boxes are 0.925 × the type size in Helvetica (ascent 718 + descent 207 per 1,000):
    // every word, page numbers included, is set at 18pt or more.
    expect(Math.min(...wordHeights)).toBeGreaterThanOrEqual(18 * 0.92);
  });

  it("runs over several pages, repeating the table's headings, for a long statement", async () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { openingAmount: 2_000_000 });
    immediate(db, (tx) =>
      postEntries(
        tx,
        Array.from({ length: 150 }, (_, i) => ({
          accountId: account.id,
          kind: "drawdown" as const,
          amount: -1_000,
          entryDate: "2026-05-05",
          reference: `line-${i}`,
          description: `Support line ${i + 1}`,
        })),
        finance,
      ),
    );
    const data = statementData(db, account.id, { councilId: account.councilId }, { from: "2026-04-01", to: "2026-06-30" }, "James Thomson");
    const { text, pages } = readBack(await statementPdf(data, { easyRead: false }), "long");
    expect(pages).toBeGreaterThan(3);
    expect(text.match(/Date\s+What\s+Money in\s+Money out\s+Balance/g)?.length).toBe(pages);
    expect(text).toMatch(/Totals\s+£20,000.00\s+£1,500.00\s+£18,500.00/);
  }, 60_000);

  it("pages through 2,000 entries quickly", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { openingAmount: 10_000_000 });
    immediate(db, (tx) =>
      postEntries(
        tx,
        Array.from({ length: 2_000 }, (_, i) => ({
          accountId: account.id,
          kind: "drawdown" as const,
          amount: -100,
          entryDate: `2026-${String(4 + Math.floor(i / 250)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
          reference: `line-${i}`,
          description: `Support line ${i + 1}`,
        })),
        finance,
      ),
    );
    const started = performance.now();
    const last = statementPage(db, account.id, { councilId: account.councilId }, {}, 81, 25);
    const elapsed = performance.now() - started;
    expect(last).toMatchObject({ count: 2_001, pageCount: 81, closingBalance: 9_800_000 });
    expect(last.lines.at(-1)!.balance).toBe(9_800_000);
    // 20–30 ms for any page on the shared 2-core test machine; the bound only catches a statement that stops using its index.
    expect(elapsed).toBeLessThan(2_000);
  }, 60_000);

  it("shows new entries on the statement page as soon as they are posted, for every range", () => {
    const { db, account, finance, scope } = jamesAccount();
    const june = { from: "2026-06-01", to: "2026-06-30" };
    expect(statementPage(db, account.id, scope, {})).toMatchObject({ count: 5, moneyOut: 385_400, closingBalance: 1_561_500 });
    expect(statementPage(db, account.id, scope, june)).toMatchObject({ count: 3, openingBalance: 1_688_400 });
    postEntries(db, [{ accountId: account.id, kind: "adjustment", amount: 10_000, entryDate: "2026-06-10", description: "Refund from the provider", reason: "Overcharged" }], finance);
    expect(statementPage(db, account.id, scope, {})).toMatchObject({ count: 6, moneyIn: 1_956_900, closingBalance: 1_571_500 });
    expect(statementPage(db, account.id, scope, june)).toMatchObject({ count: 4, openingBalance: 1_688_400, closingBalance: 1_571_500 });
  });
});

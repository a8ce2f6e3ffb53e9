import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerEntries } from "@db/schema";
import { createTestDb } from "../../../test/db";
import { makeIsfAccount } from "../../../test/factories";
import { verifyChain } from "./chain.server";
import { balanceOf } from "./ledger.server";

/** Runs the worker script in its own process with its own connection to the database file. */
function worker(args: (string | number)[]): Promise<{ accepted: number; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/workers/ledger-worker.ts", ...args.map(String)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe("concurrent drawdowns", () => {
  it("never take an account below zero: the final balance is the opening amount less the accepted drawdowns", async () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { openingAmount: 100_000 });
    const processes = 4;
    const each = 12;
    const pence = 3_000;
    const startAt = Date.now() + 4_000;
    const results = await Promise.all(
      Array.from({ length: processes }, (_, i) => worker(["drawdowns", db.$client.name, account.id, finance.id, each, pence, startAt, i])),
    );
    const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
    const refused = results.reduce((sum, r) => sum + r.refused, 0);
    // 48 drawdowns of £30.00 asked for against £1,000.00: exactly 33 fit (£990.00), the other 15 are refused.
    expect(accepted + refused).toBe(processes * each);
    expect(accepted).toBe(33);
    expect(balanceOf(db, account.id)).toBe(100_000 - accepted * pence);
    expect(balanceOf(db, account.id)).toBe(1_000);
    // More than one process got its postings in, so they really did compete.
    expect(results.filter((r) => r.accepted > 0).length).toBeGreaterThan(1);
    const sequences = db.select({ sequence: ledgerEntries.sequence }).from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all();
    expect(sequences.map((s) => s.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: accepted + 1 }, (_, i) => i + 1));
    expect(verifyChain(db, account.id).broken).toEqual([]);
  }, 60_000);
});

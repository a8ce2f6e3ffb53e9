import { describe, expect, it } from "vitest";
import { immediate } from "@db/client.server";
import { createTestDb } from "../../../test/db";
import { makeIsfAccount, makeOutcome } from "../../../test/factories";
import { addDays } from "~/lib/dates";
import { fundsAccountPage } from "./funds.server";
import { postEntries, type MovementInput } from "./ledger.server";
import { accountSummary, statementPage } from "./queries.server";

/**
 * How long the account page's data takes for an account with 2,000 entries: printed, not asserted, since the
 * machine's load varies. The page itself renders 25 entries at a time whatever the account's size.
 */
describe("the statement page of a large account", () => {
  it("is measured with 2,000 entries", () => {
    const db = createTestDb();
    const { account, finance, councilId } = makeIsfAccount(db, { openingAmount: 100_000_000 });
    const outcome = makeOutcome(db, councilId);
    const lines: MovementInput[] = Array.from({ length: 1_999 }, (_, i) => ({
      accountId: account.id,
      kind: "drawdown",
      amount: -(1_000 + (i % 50)),
      entryDate: addDays("2026-04-01", Math.floor(i / 6)),
      reference: `line-${i}`,
      outcomeId: outcome,
      description: `Support, visit ${i + 1}`,
    }));
    immediate(db, (tx) => postEntries(tx, lines, finance));
    const today = "2027-03-31";
    const time = (label: string, body: () => unknown) => {
      const started = performance.now();
      const result = body();
      console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
      return result;
    };
    time("first page (cold)", () => fundsAccountPage(db, finance, account.id, { range: {}, page: 1, today }));
    const first = time("first page", () => fundsAccountPage(db, finance, account.id, { range: {}, page: 1, today })) as ReturnType<typeof fundsAccountPage>;
    const last = time("last page", () => fundsAccountPage(db, finance, account.id, { range: {}, page: 80, today })) as ReturnType<typeof fundsAccountPage>;
    time("one month", () => fundsAccountPage(db, finance, account.id, { range: { from: "2026-09-01", to: "2026-09-30" }, page: 1, today }));
    time("statement page alone", () => statementPage(db, account.id, { councilId }, {}, 1, 25));
    time("summary alone", () => accountSummary(db, account.id, { councilId }, today));
    expect(first.statement.count).toBe(2_000);
    expect(first.statement.pageCount).toBe(80);
    expect(last.statement.lines.at(-1)!.balance).toBe(first.summary.figures.balance);
  });
});

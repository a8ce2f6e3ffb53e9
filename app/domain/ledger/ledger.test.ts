import { spawnSync } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { immediate } from "@db/client.server";
import { auditEvents, isfAccounts, ledgerEntries } from "@db/schema";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { createTestDb } from "../../../test/db";
import { makeIsfAccount, makeOutcome, makeUser } from "../../../test/factories";
import { verifyChain } from "./chain.server";
import { balanceOf, closeAccount, openAccount, postEntries, postEntry, reverseEntry, type MovementInput } from "./ledger.server";
import { accountSummary, findAccount, listAccounts, statementPage } from "./queries.server";
import { seedDemoLedger } from "./demo.server";

const drawdown = (accountId: string, pence: number, reference: string, extra: Partial<MovementInput> = {}): MovementInput => ({
  accountId,
  kind: "drawdown",
  amount: -pence,
  entryDate: "2026-05-05",
  reference,
  description: `Support, invoice line ${reference}`,
  ...extra,
});

function entriesOf(db: ReturnType<typeof createTestDb>, accountId: string) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).orderBy(ledgerEntries.sequence).all();
}

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("Expected a refusal");
}

describe("opening an account", () => {
  it("posts the opening budget as entry 1 and records who opened it", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { openingAmount: 1_820_000 });
    const [first] = entriesOf(db, account.id);
    expect(first).toMatchObject({ sequence: 1, kind: "opening_budget", amount: 1_820_000, entryDate: "2026-04-01", actorUserId: finance.id });
    expect(balanceOf(db, account.id)).toBe(1_820_000);
    expect(db.select().from(auditEvents).where(eq(auditEvents.subjectId, account.id)).all().map((a) => a.action)).toEqual(["isf_account.opened"]);
  });

  it("opens one account per agreement", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const again = refusal(() => openAccount(db, { ...account, openingAmount: 5_000 }, finance));
    expect(again).toBeInstanceOf(Conflict);
  });

  it("refuses a period that ends before it starts, an amount that is not whole pence, a surplus rule of no weeks", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const base = { ...account, agreementId: "another" };
    expect(refusal(() => openAccount(db, { ...base, periodEnd: "2026-03-01" }, finance))).toBeInstanceOf(RuleBroken);
    expect(refusal(() => openAccount(db, { ...base, openingAmount: 10.5 }, finance))).toBeInstanceOf(RuleBroken);
    expect(refusal(() => openAccount(db, { ...base, surplusHeldForWeeks: 0 }, finance)).message).toBe("The surplus rule must be a whole number of weeks");
  });
});

describe("drawing down", () => {
  it("takes the money out and refuses more than is left, saying by how much in pounds", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    postEntries(db, [drawdown(account.id, 62_050, "line-1")], finance);
    expect(balanceOf(db, account.id)).toBe(37_950);
    const refused = refusal(() => postEntries(db, [drawdown(account.id, 50_000, "line-2")], finance));
    expect(refused).toBeInstanceOf(RuleBroken);
    expect(refused.message).toBe("The payment for support of £500.00 is £120.50 more than the £379.50 left in this fund");
    expect((refused as RuleBroken).fieldErrors).toEqual({ "line-2": refused.message });
    expect(balanceOf(db, account.id)).toBe(37_950);
  });

  it("allows a drawdown into the agreed contingency and no further", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { contingencyAllowed: 10_000 });
    postEntries(db, [drawdown(account.id, 105_000, "line-1")], finance);
    expect(balanceOf(db, account.id)).toBe(-5_000);
    const refused = refusal(() => postEntries(db, [drawdown(account.id, 6_000, "line-2")], finance));
    expect(refused.message).toBe("The payment for support of £60.00 is £10.00 more than the £50.00 this fund can still pay, including its £100.00 contingency");
    expect(accountSummary(db, account.id, { councilId: account.councilId }, "2026-05-05").sentence).toBe("£50 over the £1,000 budget for this year");
  });

  it("never draws the same invoice line down twice", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    postEntries(db, [drawdown(account.id, 1_000, "line-1")], finance);
    expect(refusal(() => postEntries(db, [drawdown(account.id, 1_000, "line-1")], finance))).toBeInstanceOf(Conflict);
    // Even a direct insert is refused by the unique index.
    expect(() =>
      db.$client
        .prepare("insert into ledger_entries (id, account_id, sequence, kind, amount, entry_date, reference, description, created_at, previous_hash, hash) values ('x', ?, 99, 'drawdown', -1, '2026-05-05', 'line-1', 'x', 0, '', '')")
        .run(account.id),
    ).toThrow(/UNIQUE/);
    expect(balanceOf(db, account.id)).toBe(99_000);
  });

  it("checks each kind's sign, reference and reason, and that the outcome is the council's", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const otherCouncilsOutcome = makeOutcome(db, makeUser(db, "practitioner").councilId!);
    const messages = [
      drawdown(account.id, -500, "line-1"),
      drawdown(account.id, 500, ""),
      { accountId: account.id, kind: "adjustment" as const, amount: -500, entryDate: "2026-05-05", description: "Bank charge" },
      { accountId: account.id, kind: "contribution_received" as const, amount: -500, entryDate: "2026-05-05", description: "Contribution" },
      drawdown(account.id, 500, "line-2", { entryDate: "2026-02-30" }),
      drawdown(account.id, 500, "line-3", { outcomeId: otherCouncilsOutcome }),
    ].map((input) => refusal(() => postEntries(db, [input], finance)).message);
    expect(messages).toEqual([
      "A payment for support must be money out of the fund (a negative amount)",
      "A payment for support needs a reference, such as the invoice line it pays",
      "Give a reason for the adjustment",
      "A contribution received must be money into the fund",
      "The entry date must be a real date",
      "The outcome is not one of this council's personal outcomes",
    ]);
    expect(entriesOf(db, account.id)).toHaveLength(1);
  });

  it("lets only the council's finance staff post an entry by hand, and audits it", () => {
    const db = createTestDb();
    const { account, finance, providerAdmin } = makeIsfAccount(db);
    const fee = { accountId: account.id, kind: "management_fee" as const, amount: -2_500, entryDate: "2026-04-30", description: "Management fee, April" };
    expect(refusal(() => postEntry(db, fee, providerAdmin))).toBeInstanceOf(NotFound);
    expect(refusal(() => postEntry(db, fee, makeUser(db, "finance")))).toBeInstanceOf(NotFound);
    postEntry(db, fee, finance);
    expect(balanceOf(db, account.id)).toBe(97_500);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "ledger.management_fee")).all()).toHaveLength(1);
  });
});

describe("posting several lines at once", () => {
  it("posts all of them or, when one is refused, none", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const lines = [drawdown(account.id, 40_000, "line-1"), drawdown(account.id, 40_000, "line-2"), drawdown(account.id, 40_000, "line-3")];
    const refused = refusal(() => immediate(db, (tx) => postEntries(tx, lines, finance)));
    expect(refused.message).toBe("The payment for support of £400.00 is £200.00 more than the £200.00 left in this fund");
    expect((refused as RuleBroken).fieldErrors).toHaveProperty("line-3");
    expect(entriesOf(db, account.id)).toHaveLength(1);
    expect(balanceOf(db, account.id)).toBe(100_000);
    expect(postEntries(db, lines.slice(0, 2), finance).map((e) => e.sequence)).toEqual([2, 3]);
  });

  it("leaves nothing posted when the caller's transaction fails after posting", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const crash = refusal(() =>
      immediate(db, (tx) => {
        postEntries(tx, [drawdown(account.id, 10_000, "line-1"), drawdown(account.id, 10_000, "line-2")], finance);
        throw new Error("The invoice could not be marked approved");
      }),
    );
    expect(crash.message).toBe("The invoice could not be marked approved");
    expect(entriesOf(db, account.id)).toHaveLength(1);
    expect(verifyChain(db, account.id).broken).toEqual([]);
  });

  it("leaves nothing posted when the process dies in the middle of a posting", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/workers/ledger-worker.ts", "crash", db.$client.name, account.id, finance.id], {
      encoding: "utf8",
    });
    expect(child.signal).toBe("SIGKILL");
    expect(entriesOf(db, account.id)).toHaveLength(1);
    expect(balanceOf(db, account.id)).toBe(100_000);
    postEntries(db, [drawdown(account.id, 10_000, "after-crash")], finance);
    expect(verifyChain(db, account.id)).toEqual({ accounts: 1, entries: 2, broken: [] });
   }, 60_000);
});

describe("reversing", () => {
  it("cancels an entry with an equal and opposite one, on the same outcome, once", () => {
    const db = createTestDb();
    const { account, finance, councilId } = makeIsfAccount(db);
    const outcome = makeOutcome(db, councilId);
    const [wrong] = postEntries(db, [drawdown(account.id, 30_000, "line-1", { outcomeId: outcome })], finance);
    const reversal = reverseEntry(db, wrong!.id, "The same week was invoiced twice", finance, "2026-05-08");
    expect(reversal).toMatchObject({ kind: "reversal", amount: 30_000, reversesEntryId: wrong!.id, outcomeId: outcome, description: "Reversal of: Support, invoice line line-1" });
    expect(balanceOf(db, account.id)).toBe(100_000);
    expect(refusal(() => reverseEntry(db, wrong!.id, "Again", finance, "2026-05-08"))).toBeInstanceOf(Conflict);
    expect(refusal(() => reverseEntry(db, reversal.id, "Undo", finance, "2026-05-08")).message).toMatch(/cannot itself be reversed/);
    expect(refusal(() => reverseEntry(db, wrong!.id, "Again", makeUser(db, "finance"), "2026-05-08"))).toBeInstanceOf(NotFound);
  });

  it("refuses to reverse money in when it has already been spent", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const [contribution] = postEntries(db, [{ accountId: account.id, kind: "contribution_received", amount: 20_000, entryDate: "2026-04-10", description: "Contribution" }], finance);
    postEntries(db, [drawdown(account.id, 110_000, "line-1")], finance);
    expect(refusal(() => reverseEntry(db, contribution!.id, "Bounced", finance, "2026-05-10")).message).toBe(
      "Reversing this entry of £200.00 is £100.00 more than the £100.00 left in this fund",
    );
  });
});

describe("closing", () => {
  it("returns what is left, the contribution to the person and the rest to the council, and takes no more postings; never while invoices wait", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { contributionFirst: false });
    postEntries(db, [{ accountId: account.id, kind: "contribution_received", amount: 20_000, entryDate: "2026-04-10", description: "Contribution" }], finance);
    postEntries(db, [drawdown(account.id, 90_000, "line-1")], finance);
    expect(refusal(() => closeAccount(db, account.id, { closedOn: "2027-03-31", reason: "The agreement ended", committed: 4_300 }, finance)).message).toBe(
      "£43.00 of this fund is on invoices waiting for approval: it cannot close until they are decided",
    );
    expect(balanceOf(db, account.id)).toBe(30_000);
    const returns = closeAccount(db, account.id, { closedOn: "2027-03-31", reason: "The agreement ended", committed: 0 }, finance);
    // Spent 90,000 of the council's 100,000 first: 10,000 of it and the 20,000 contribution are left.
    expect(returns.map((r) => [r.reference, r.amount])).toEqual([
      ["council", -10_000],
      ["contribution", -20_000],
    ]);
    expect(balanceOf(db, account.id)).toBe(0);
    expect(refusal(() => postEntries(db, [drawdown(account.id, 1, "late")], finance)).message).toBe("This fund is closed: nothing more can be posted to it");
    expect(refusal(() => closeAccount(db, account.id, { closedOn: "2027-03-31", reason: "Again", committed: 0 }, finance))).toBeInstanceOf(Conflict);
  });

  it("spends the contribution first when the council says so", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db, { contributionFirst: true });
    postEntries(db, [{ accountId: account.id, kind: "contribution_received", amount: 20_000, entryDate: "2026-04-10", description: "Contribution" }], finance);
    postEntries(db, [drawdown(account.id, 90_000, "line-1")], finance);
    const returns = closeAccount(db, account.id, { closedOn: "2027-03-31", reason: "The agreement ended", committed: 0 }, null);
    expect(returns.map((r) => [r.reference, r.amount])).toEqual([["council", -30_000]]);
  });
});

describe("integrity", () => {
  it("refuses to change or delete an entry, or to change an account's amount or delete it", () => {
    const db = createTestDb();
    const { account } = makeIsfAccount(db);
    expect(() => db.update(ledgerEntries).set({ amount: 1 }).run()).toThrow(/append-only/);
    expect(() => db.delete(ledgerEntries).run()).toThrow(/append-only/);
    expect(() => db.update(isfAccounts).set({ openingAmount: 1 }).run()).toThrow(/cannot change/);
    expect(() => db.delete(isfAccounts).run()).toThrow(/cannot be deleted/);
    expect(entriesOf(db, account.id)).toHaveLength(1);
  });

  it("finds the first entry changed behind the service's back, and the check command fails", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const other = makeIsfAccount(db);
    postEntries(db, [drawdown(account.id, 1_000, "line-1"), drawdown(account.id, 2_000, "line-2"), drawdown(account.id, 3_000, "line-3")], finance);
    expect(verifyChain(db)).toEqual({ accounts: 2, entries: 5, broken: [] });
    const verify = () => spawnSync(process.execPath, ["--import", "tsx", "db/scripts/verify-ledger.ts"], { env: { ...process.env, DATABASE_PATH: db.$client.name }, encoding: "utf8" });
    expect(verify().status).toBe(0);

    db.run(sql`drop trigger ledger_entries_no_update`);
    db.update(ledgerEntries).set({ amount: -200 }).where(eq(ledgerEntries.reference, "line-2")).run();
    const line2 = entriesOf(db, account.id)[2]!;
    expect(verifyChain(db)).toEqual({ accounts: 2, entries: 5, broken: [{ accountId: account.id, entryId: line2.id, sequence: 3, problem: "hash" }] });
    expect(verifyChain(db, other.account.id).broken).toEqual([]);
    const failed = verify();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`entry 3 (${line2.id}) fails the hash check`);
   }, 60_000);
});

describe("the chain check", () => {
  it("notices an entry removed from the middle and an entry put back with a new hash but the old link", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    postEntries(db, [drawdown(account.id, 1_000, "line-1"), drawdown(account.id, 2_000, "line-2"), drawdown(account.id, 3_000, "line-3")], finance);
    const [, second, third, fourth] = entriesOf(db, account.id);
    db.run(sql`drop trigger ledger_entries_no_delete`);
    db.run(sql`drop trigger ledger_entries_no_update`);
    db.delete(ledgerEntries).where(eq(ledgerEntries.id, third!.id)).run();
    expect(verifyChain(db, account.id).broken).toEqual([{ accountId: account.id, entryId: fourth!.id, sequence: 4, problem: "sequence" }]);
    // Renumbering the last entry to close the gap still breaks its link to the entry before it.
    db.update(ledgerEntries).set({ sequence: 3 }).where(eq(ledgerEntries.id, fourth!.id)).run();
    expect(verifyChain(db, account.id).broken).toEqual([{ accountId: account.id, entryId: fourth!.id, sequence: 3, problem: "previous_hash" }]);
    expect(second!.previousHash).toBe(entriesOf(db, account.id)[0]!.hash);
  });
});

describe("statements", () => {
  it("pages through entries in date order with running balances and totals for a date range", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    postEntries(
      db,
      [1, 2, 3, 4, 5].map((i) => drawdown(account.id, 1_000 * i, `line-${i}`, { entryDate: `2026-05-0${i}` })),
      finance,
    );
    const scope = { councilId: account.councilId };
    const first = statementPage(db, account.id, scope, { from: "2026-05-02", to: "2026-05-04" }, 1, 2);
    expect(first).toMatchObject({ openingBalance: 99_000, moneyIn: 0, moneyOut: 9_000, closingBalance: 90_000, count: 3, page: 1, pageCount: 2 });
    expect(first.lines.map((l) => [l.entryDate, l.amount, l.balance])).toEqual([
      ["2026-05-02", -2_000, 97_000],
      ["2026-05-03", -3_000, 94_000],
    ]);
    const second = statementPage(db, account.id, scope, { from: "2026-05-02", to: "2026-05-04" }, 2, 2);
    expect(second.lines.map((l) => [l.kindLabel, l.balance])).toEqual([["Payment for support", 90_000]]);
    const all = statementPage(db, account.id, scope, {}, 1, 50);
    expect(all.lines.at(-1)!.balance).toBe(85_000);
    expect(all.lines[0]).toMatchObject({ kind: "opening_budget", balance: 100_000 });
  });

  it("works the summary out again after a posting, a change of committed money or another day", () => {
    const db = createTestDb();
    const { account, finance } = makeIsfAccount(db);
    const scope = { councilId: account.councilId };
    const before = accountSummary(db, account.id, scope, "2026-05-05");
    expect(accountSummary(db, account.id, scope, "2026-05-05")).toEqual(before);
    postEntries(db, [drawdown(account.id, 2_500, "line-a")], finance);
    const after = accountSummary(db, account.id, scope, "2026-05-05");
    expect(after.figures.balance).toBe(before.figures.balance - 2_500);
    expect(accountSummary(db, account.id, scope, "2026-05-05", { committed: 1_000 }).figures.committed).toBe(1_000);
    expect(accountSummary(db, account.id, scope, "2026-05-06").series).not.toEqual(after.series);
  });

  it("shows nothing of another council's or provider's fund", () => {
    const db = createTestDb();
    const { account } = makeIsfAccount(db);
    const stranger = makeUser(db, "finance");
    expect(refusal(() => findAccount(db, account.id, { councilId: stranger.councilId! }))).toBeInstanceOf(NotFound);
    expect(refusal(() => statementPage(db, account.id, { providerOrganisationId: "someone-else" }, {}))).toBeInstanceOf(NotFound);
    expect(refusal(() => findAccount(db, account.id, { personIds: [] }))).toBeInstanceOf(NotFound);
    expect(findAccount(db, account.id, { personIds: [account.personId] }).id).toBe(account.id);
  });
});

describe("lists of accounts", () => {
  it("puts the riskiest first and keeps to the council, provider and flag asked for", () => {
    const db = createTestDb();
    const { account: quiet, finance, councilId, providerAdmin } = makeIsfAccount(db, { openingAmount: 1_825_000 });
    const busy = openAccount(db, { ...quiet, agreementId: "busy", openingAmount: 1_825_000 }, finance);
    const otherProvider = makeUser(db, "provider_admin");
    const third = openAccount(db, { ...quiet, agreementId: "third", openingAmount: 100_000, providerOrganisationId: otherProvider.organisationId! }, finance);
    // Busy spends £1,400.00 every 4 weeks, exactly on plan; quiet has spent nothing; third overspends.
    postEntries(db, ["2026-04-28", "2026-05-26", "2026-06-23"].map((date, i) => drawdown(busy.id, 140_000, `busy-${i}`, { entryDate: date })), finance);
    postEntries(db, [drawdown(third.id, 90_000, "third-1", { entryDate: "2026-06-20" })], finance);
    const ids = (rows: ReturnType<typeof listAccounts>) => rows.map((r) => r.account.id);

    const all = listAccounts(db, { councilId }, "2026-06-30");
    expect(ids(all)).toEqual([third.id, quiet.id, busy.id]);
    expect(all.map((r) => r.figures.flags)).toEqual([["forecast_overspend"], ["forecast_underspend", "no_recent_drawdown"], []]);
    expect(ids(listAccounts(db, { councilId }, "2026-06-30", { flag: "no_recent_drawdown" }))).toEqual([quiet.id]);
    expect(ids(listAccounts(db, { providerOrganisationId: providerAdmin.organisationId! }, "2026-06-30"))).toEqual([quiet.id, busy.id]);
    expect(listAccounts(db, { councilId: makeUser(db, "finance").councilId! }, "2026-06-30")).toEqual([]);
  });
});

describe("demo drawdown", () => {
  it("draws five 4-weekly invoices of hours at the agreed rate with one reversed line, once", () => {
    const db = createTestDb();
    const { account, finance, councilId } = makeIsfAccount(db, { openingAmount: 1_820_000 });
    const outcomes = [makeOutcome(db, councilId, "Having things to do"), makeOutcome(db, councilId, "Staying independent")];
    const options = { from: "2026-04-01", invoices: 5, hourlyRate: 2_350, hoursPerWeek: 14, outcomeIds: outcomes, actor: finance };
    immediate(db, (tx) => seedDemoLedger(tx, account.id, options));
    immediate(db, (tx) => seedDemoLedger(tx, account.id, options));
    const entries = entriesOf(db, account.id);
    expect(entries.filter((e) => e.kind === "drawdown")).toHaveLength(11);
    expect(entries.filter((e) => e.kind === "reversal")).toHaveLength(1);
    // 5 invoices × 2 lines × 28 hours (the weekly variations cancel out over these lines) at £23.50, the
    // duplicated line reversed: 280 × 2,350.
    expect(1_820_000 - balanceOf(db, account.id)).toBe(658_000);
    expect(verifyChain(db, account.id).broken).toEqual([]);
  });
});

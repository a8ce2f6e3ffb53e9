import { eq, gt } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@db/client.server";
import { ledgerStatementSends, notifications, outbox, outboxAttachments, people, representatives } from "@db/schema";
import { createTestDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { pdfText } from "../../../test/pdf";
import { runStepsInSlices } from "~/lib/steps";
import { raiseAllLedgerAlerts, sendDueStatements, sendDueStatementsSteps } from "./jobs.server";
import { openAccount, postEntries } from "./ledger.server";

/** Funds whose statement cannot be drawn, as if drawing their PDF failed. */
const undrawable = vi.hoisted(() => new Set<string>());
vi.mock("./funds.server", async (original) => {
  const real = await original<typeof import("./funds.server")>();
  return {
    ...real,
    statementDocument: (...args: Parameters<typeof real.statementDocument>) =>
      undrawable.has(args[1].id) ? Promise.reject(new Error("The PDF could not be drawn")) : real.statementDocument(...args),
  };
});

/**
 * James's fund (£18,250.00 from 1 April 2026) with his own account, a representative, a practitioner and a provider.
 * His record may ask for Easy Read.
 */
function fund(db: Db, options: { easyRead?: boolean } = {}) {
  const finance = makeUser(db, "finance");
  const councilId = finance.councilId!;
  const practitioner = makeUser(db, "practitioner", { councilId });
  const personUser = makeUser(db, "supported_person", { councilId });
  const repUser = makeUser(db, "representative", { councilId });
  const formerRepUser = makeUser(db, "representative", { councilId });
  const provider = makeUser(db, "provider_admin");
  const person = db
    .insert(people)
    .values({
      councilId,
      reference: `T-${Date.now()}`,
      name: "James Test",
      dateOfBirth: "1990-01-01",
      practitionerId: practitioner.id,
      userId: personUser.id,
      accessibleFormats: options.easyRead ? ["large_print", "easy_read"] : ["large_print"],
    })
    .returning()
    .get();
  const rep = { personId: person.id, kind: "family" as const, basis: "Sister", authority: "view" as const };
  db.insert(representatives).values([
    { ...rep, name: "Current", startsOn: "2025-01-01", userId: repUser.id },
    { ...rep, name: "Former", startsOn: "2025-01-01", endsOn: "2026-03-31", userId: formerRepUser.id },
  ]).run();
  const account = openAccount(
    db,
    { councilId, agreementId: crypto.randomUUID(), personId: person.id, providerOrganisationId: provider.organisationId!, periodStart: "2026-04-01", periodEnd: "2027-03-31", openingAmount: 1_825_000 },
    finance,
  );
  return { account, finance, practitioner, personUser, repUser, formerRepUser, provider };
}

const baseline = (db: Db) => db.select({ id: outbox.id }).from(outbox).all().at(-1)?.id ?? 0;

describe("4-weekly statements", () => {
  it("are sent to the person and their current representatives once each 4 weeks, with a link to the period", async () => {
    const db = createTestDb();
    const { account, personUser, repUser } = fund(db);
    const since = baseline(db);

    expect(await sendDueStatements(db, "2026-04-28")).toBe(0);
    expect(await sendDueStatements(db, "2026-04-29")).toBe(1);
    expect(await sendDueStatements(db, "2026-04-29")).toBe(0);
    expect(await sendDueStatements(db, "2026-05-20")).toBe(0);

    const sent = db.select().from(outbox).where(gt(outbox.id, since)).all();
    expect(sent.map((m) => m.toAddress).sort()).toEqual([personUser.email, repUser.email].sort());
    expect(sent[0]!.subject).toBe("Your Individual Service Fund statement for 1 April 2026 to 28 April 2026 is ready");
    expect(sent[0]!.textBody).toContain(`/funds/${account.id}?from=2026-04-01&to=2026-04-28`);
    expect(sent[0]!.textBody).toContain("£18,250 left of £18,250 for this year");
    expect(db.select().from(notifications).where(eq(notifications.userId, personUser.id)).all()).toHaveLength(1);

    // By 30 June two more 4 weeks have ended (26 May, 23 June): a service that was down sends only the latest.
    expect(await sendDueStatements(db, "2026-06-30")).toBe(1);
    expect(db.select().from(ledgerStatementSends).all().map((s) => [s.periodFrom, s.periodTo, s.recipients])).toEqual([
      ["2026-04-01", "2026-04-28", 2],
      ["2026-05-27", "2026-06-23", 2],
    ]);
  });

  it("go on to the other funds when one statement cannot be drawn, and try that one again next time", async () => {
    const db = createTestDb();
    const first = fund(db);
    const second = fund(db);
    undrawable.add(first.account.id);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await sendDueStatements(db, "2026-04-29")).toBe(1);
      expect(db.select().from(ledgerStatementSends).all().map((s) => s.accountId)).toEqual([second.account.id]);
      expect(quiet).toHaveBeenCalledWith(expect.stringContaining(first.account.id), expect.any(Error));
    } finally {
      undrawable.delete(first.account.id);
      quiet.mockRestore();
    }
    expect(await sendDueStatements(db, "2026-04-30")).toBe(1);
    expect(db.select().from(ledgerStatementSends).all().map((s) => s.accountId).sort()).toEqual([first.account.id, second.account.id].sort());
  });

  it("are sent only to those still acting for the person when the statement goes", async () => {
    const db = createTestDb();
    const { account, personUser, repUser } = fund(db);
    const steps = sendDueStatementsSteps(db, "2026-04-29");
    // Up to the fund's step: its recipients are read and its statement drawn; then the representative's authority ends.
    await steps.next();
    const drawn = steps.next();
    db.update(representatives).set({ endsOn: "2026-04-28" }).where(eq(representatives.userId, repUser.id)).run();
    await drawn;
    await runStepsInSlices(steps);
    expect(db.select().from(outbox).all().map((m) => m.toAddress)).toEqual([personUser.email]);
    expect(db.select().from(ledgerStatementSends).where(eq(ledgerStatementSends.accountId, account.id)).get()?.recipients).toBe(1);
  });

  const attachmentsOf = (db: Db, email: typeof outbox.$inferSelect) => db.select().from(outboxAttachments).where(eq(outboxAttachments.outboxId, email.id)).all();

  it("carry the statement for the 4 weeks as a PDF, showing the balance", async () => {
    const db = createTestDb();
    const { account, finance, personUser } = fund(db);
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", reference: "line-1", description: "Support, April" }], finance);
    const since = baseline(db);

    await sendDueStatements(db, "2026-04-29");

    const email = db.select().from(outbox).where(gt(outbox.id, since)).all().find((m) => m.toAddress === personUser.email)!;
    expect(email.textBody).toContain("The statement is attached.");
    const [attached, ...others] = attachmentsOf(db, email);
    expect(others).toEqual([]);
    expect(attached).toMatchObject({ contentType: "application/pdf", filename: expect.stringMatching(/^statement-T-.+-2026-04-01-to-2026-04-28\.pdf$/) });
    const text = pdfText(attached!.content);
    expect(text).toContain("Individual Service Fund statement");
    expect(text).toContain("1 April 2026 to 28 April 2026");
    expect(text).toContain("Balance at the end of 28 April 2026: £16,850.00");
  });

  it("carry the Easy Read statement when the person's record asks for Easy Read", async () => {
    const db = createTestDb();
    const { account, finance, repUser } = fund(db, { easyRead: true });
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", reference: "line-1", description: "Support, April" }], finance);
    const since = baseline(db);

    await sendDueStatements(db, "2026-04-29");

    const email = db.select().from(outbox).where(gt(outbox.id, since)).all().find((m) => m.toAddress === repUser.email)!;
    expect(email.textBody).toContain("The statement is attached in Easy Read.");
    const [attached] = attachmentsOf(db, email);
    expect(attached!.filename).toMatch(/-easy-read\.pdf$/);
    const text = pdfText(attached!.content);
    expect(text).toContain("Your money statement");
    expect(text).toContain("You have £16,850 left.");
  });
});

describe("daily alerts", () => {
  it("tell the provider and the person's practitioner once per condition", () => {
    const db = createTestDb();
    const { account, finance, practitioner, provider } = fund(db);
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", reference: "line-1", description: "Support, April" }], finance);

    expect(raiseAllLedgerAlerts(db, "2026-06-30")).toBe(2);
    expect(raiseAllLedgerAlerts(db, "2026-07-01")).toBe(0);
    for (const user of [practitioner, provider]) {
      expect(db.select().from(notifications).where(eq(notifications.userId, user.id)).all().map((n) => n.link)).toEqual([`/funds/${account.id}`, `/funds/${account.id}`]);
    }
  });
});

describe("the daily jobs at start-up", () => {
  it("let the server answer between one fund and the next, and still do every fund", async () => {
    const db = createTestDb();
    const funds = Array.from({ length: 5 }, () => fund(db));
    let answeredWhileRunning = 0;
    let done = false;
    const answer = () => {
      if (done) return;
      answeredWhileRunning++;
      setImmediate(answer);
    };
    setImmediate(answer);
    const sent = await runStepsInSlices(sendDueStatementsSteps(db, "2026-04-29"), 0);
    done = true;
    expect(sent).toBe(funds.length);
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(funds.length);
    expect(db.select().from(ledgerStatementSends).all()).toHaveLength(funds.length);
  });
});

// Crash safety of the production server: a stream of invoice approvals (each one posts several drawdowns and the
// agreement's 5% management fee to the ledger in one transaction) and, alongside it, council finance's own
// ledger postings (an adjustment, then its reversal, again and again) are fired through the real pages; the
// server is killed with SIGKILL part-way, then started again on the same file. Afterwards the database must be
// intact, every hash chain must hold, every balance must be the sum of its entries, and every command must be
// wholly present (all its entries and its audit row; always so when its answer came back) or wholly absent.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect } from "@playwright/test";
import { and, eq, like, max } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Db } from "../../db/client.server";
import { agreements, agreementVersions, auditEvents, invoiceLines, invoices, isfAccounts, ledgerEntries, organisations, users } from "../../db/schema";
import { seedDemoData } from "../../db/seed";
import type { Actor } from "../../app/auth/permissions";
import { addLines, createInvoice, submitInvoice } from "../../app/domain/invoices/invoices.server";
import { verifyChain } from "../../app/domain/ledger/chain.server";
import { accountSummary } from "../../app/domain/ledger/queries.server";
import { addDays, daysBetween, todayIso } from "../../app/lib/dates";
import { E2E_PASSWORD, test } from "./support";

const PORT = Number(process.env.CRASH_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 50);
const ORIGIN = `http://localhost:${PORT}`;
const DIR = "test/.tmp/crash";
const DATABASE_PATH = `${DIR}/crash.db`;
const INVOICES = 60;
const LINES_PER_INVOICE = 3;
const KILL_AFTER = 20;
const CLIENTS = 3;

function actorFor(db: Db, email: string): Actor {
  const user = db.select().from(users).where(eq(users.email, email)).get()!;
  return { id: user.id, name: user.name, email: user.email, role: user.role, councilId: user.councilId, organisationId: user.organisationId };
}

/**
 * The demo data plus INVOICES submitted invoices from Riverbank for James, made with the domain's own commands;
 * with the id of James's fund, whose agreement takes a 5% management fee from the fund as each invoice is approved.
 */
async function prepareDatabase(): Promise<{ invoiceIds: string[]; fundId: string; feeBasisPoints: number }> {
  rmSync(DIR, { recursive: true, force: true });
  const db = openDatabase(DATABASE_PATH);
  migrateDatabase(db);
  await seedDemoData(db, { password: E2E_PASSWORD });
  const provider = actorFor(db, "admin@riverbank-care.example");
  const riverbank = db.select().from(organisations).where(eq(organisations.id, provider.organisationId!)).get()!;
  const agreement = db.select().from(agreements).where(and(eq(agreements.providerOrganisationId, riverbank.id), eq(agreements.status, "active"))).get()!;
  const version = db
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.agreementId, agreement.id), eq(agreementVersions.status, "approved")))
    .get()!;
  const plan = version.plan.find((p) => p.ratePence)!;
  // Days after the demo data's last invoiced period and not in the future, so no line claims support twice;
  // each invoice's visits have their own descriptions, so several invoices may share a day.
  const lastInvoiced = db
    .select({ endOn: max(invoiceLines.endOn) })
    .from(invoiceLines)
    .where(eq(invoiceLines.agreementId, agreement.id))
    .get()?.endOn ?? addDays(version.startOn!, -1);
  const span = Math.max(1, Math.min(daysBetween(lastInvoiced, todayIso()), daysBetween(lastInvoiced, version.endOn!)));
  const ids: string[] = [];
  for (let n = 0; n < INVOICES; n++) {
    const day = addDays(lastInvoiced, 1 + (n % span));
    const invoice = createInvoice(db, provider, { councilId: agreement.councilId, periodStart: day, periodEnd: day });
    addLines(
      db,
      provider,
      invoice.id,
      Array.from({ length: LINES_PER_INVOICE }, (_, i) => ({
        personId: agreement.personId,
        agreementId: agreement.id,
        startOn: day,
        endOn: day,
        outcomeId: plan.outcomeId,
        description: `Visit ${i + 1} of the day, invoice ${n + 1}`,
        unitKind: "hours" as const,
        units: 1,
        ratePence: plan.ratePence!,
      })),
    );
    submitInvoice(db, provider, invoice.id, day);
    ids.push(invoice.id);
  }
  const fund = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!;
  db.$client.close();
  expect([version.feeKind, version.feeFunding], "James's agreement takes a percentage fee from the fund").toEqual(["percent", "from_fund"]);
  return { invoiceIds: ids, fundId: fund.id, feeBasisPoints: version.feeBasisPoints };
}

function startServer(): ChildProcess {
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), APP_ORIGIN: ORIGIN, DATABASE_PATH, DEMO_PASSWORD: E2E_PASSWORD },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function waitUntilUp(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${ORIGIN}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The server did not start");
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Signs in through the sign-in form and returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const response = await fetch(`${ORIGIN}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: E2E_PASSWORD }),
  });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** Posts a form of the service's pages as the signed-in user. */
function post(cookie: string, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: ORIGIN, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

/** Presses "Approve" on the invoice's page, as the form posts it. */
const approve = (cookie: string, invoiceId: string) => post(cookie, `/council/invoices/${invoiceId}`, { intent: "approve" });

/** One of finance's postings on the fund page: an adjustment into the fund, or the reversal of one. */
type Adjustment = { kind: "adjustment"; reason: string; answered: boolean; entryId?: string };
type Posting = Adjustment | { kind: "reversal"; reason: string; answered: boolean; of: string };

test("a server killed mid-stream of approvals restarts with every posting whole and every chain intact", async () => {
  test.setTimeout(120_000);
  const { invoiceIds, fundId, feeBasisPoints } = await prepareDatabase();

  let server = startServer();
  try {
    await waitUntilUp(server);
    const cookie = await signIn("finance@clydevale.example");
    const ledgerCookie = await signIn("finance@clydevale.example");

    // CLIENTS clients approve the invoices in turn while another records adjustments on James's fund and reverses
    // each one; once KILL_AFTER approvals have been answered the server is killed outright, with the other
    // clients' commands in flight.
    const queue = [...invoiceIds];
    const approvedAnswers = new Set<string>();
    let killed = false;
    const client = async () => {
      for (let id = queue.shift(); id && !killed; id = queue.shift()) {
        try {
          const response = await approve(cookie, id);
          expect(response.status).toBe(302);
          approvedAnswers.add(id);
          if (approvedAnswers.size >= KILL_AFTER && !killed) {
            killed = true;
            server.kill("SIGKILL");
          }
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const postings: Posting[] = [];
    const ledgerClient = async () => {
      const today = todayIso();
      for (let n = 1; !killed; n++) {
        const adjustment: Adjustment = { kind: "adjustment", reason: `Crash test adjustment ${n}`, answered: false };
        postings.push(adjustment);
        try {
          const recorded = await post(ledgerCookie, `/funds/${fundId}/entries/new`, { kind: "adjustment_in", amount: "1.00", entryDate: today, reference: "", reason: adjustment.reason });
          expect(recorded.status).toBe(302);
          adjustment.answered = true;
          adjustment.entryId = /\/entries\/([^/?#]+)$/.exec(recorded.headers.get("location") ?? "")?.[1];
          expect(adjustment.entryId).toBeTruthy();
          const reversal: Posting = { kind: "reversal", reason: `Crash test reversal ${n}`, answered: false, of: adjustment.entryId! };
          postings.push(reversal);
          const reversed = await post(ledgerCookie, `/funds/${fundId}/entries/${adjustment.entryId}/reverse`, { entryDate: today, reason: reversal.reason });
          expect(reversed.status).toBe(302);
          reversal.answered = true;
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, client), ledgerClient()]);
    await exited(server);
    expect(server.signalCode).toBe("SIGKILL");
    expect(approvedAnswers.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(postings.filter((p) => p.answered).length, "finance's postings ran alongside the approvals").toBeGreaterThan(0);

    // Started again on the same file, the service works: it approves one of the invoices left waiting.
    server = startServer();
    await waitUntilUp(server);
    const again = await signIn("finance@clydevale.example");
    const db = openDatabase(DATABASE_PATH);
    const waiting = db.select({ id: invoices.id }).from(invoices).where(eq(invoices.status, "submitted")).all().map((i) => i.id);
    const left = invoiceIds.filter((id) => waiting.includes(id));
    expect(left.length, "the kill came part-way through the stream").toBeGreaterThan(0);
    expect((await approve(again, left[0]!)).status).toBe(302);
    server.kill("SIGTERM");
    await exited(server);

    // The file is intact and every hash chain holds.
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
    const chain = verifyChain(db);
    expect(chain.broken).toEqual([]);

    // Every account's balance is the sum of its entries, and its sequence has no gaps.
    for (const account of db.select().from(isfAccounts).all()) {
      const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all();
      const sum = entries.reduce((total, e) => total + e.amount, 0);
      expect(entries.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i + 1));
      expect(entries.find((e) => e.kind === "opening_budget")?.amount).toBe(account.openingAmount);
      const shown = accountSummary(db, account.id, { councilId: account.councilId }, "2999-12-31").figures.balance;
      expect(shown, `the balance of account ${account.id}`).toBe(sum);
    }

    // Each invoice of the stream was approved wholly (status, every line, one drawdown per line for its amount, the
    // management fee on what it drew, its audit row) or not at all (still submitted, no line drawn down, no fee);
    // every approval whose answer came back is there.
    let approved = 0;
    for (const id of invoiceIds) {
      const invoice = db.select().from(invoices).where(eq(invoices.id, id)).get()!;
      const lines = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).all();
      expect(lines).toHaveLength(LINES_PER_INVOICE);
      const drawdowns = lines.map((line) =>
        db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, "drawdown"), eq(ledgerEntries.reference, line.id))).all(),
      );
      const fees = db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, "management_fee"), eq(ledgerEntries.reference, `fee-${id}`))).all();
      const audits = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "invoice.approve"))).all();
      if (approvedAnswers.has(id)) expect(invoice.status, `invoice ${id}, whose approval was answered`).toBe("approved");
      if (invoice.status === "approved") {
        approved++;
        expect(lines.every((l) => l.status === "approved")).toBe(true);
        drawdowns.forEach((found, i) => {
          expect(found).toHaveLength(1);
          expect(found[0]!.amount).toBe(-lines[i]!.amountPence);
          expect(found[0]!.accountId).toBe(lines[i]!.accountId);
        });
        const drawn = lines.reduce((total, l) => total + l.amountPence, 0);
        expect(fees.map((f) => [f.accountId, f.amount])).toEqual([[fundId, -Math.round((drawn * feeBasisPoints) / 10_000)]]);
        expect(audits).toHaveLength(1);
      } else {
        expect(invoice.status).toBe("submitted");
        expect(lines.every((l) => l.status === "pending")).toBe(true);
        expect(drawdowns.every((found) => found.length === 0)).toBe(true);
        expect(fees).toEqual([]);
        expect(audits).toHaveLength(0);
      }
    }

    // Each of finance's postings is its entry and its audit row, or neither; every one whose answer came back is there.
    let posted = 0;
    for (const posting of postings) {
      const entries =
        posting.kind === "adjustment"
          ? db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, fundId), eq(ledgerEntries.kind, "adjustment"), eq(ledgerEntries.reason, posting.reason))).all()
          : db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, "reversal"), eq(ledgerEntries.reversesEntryId, posting.of))).all();
      const audits =
        posting.kind === "adjustment"
          ? db.select().from(auditEvents).where(and(eq(auditEvents.action, "ledger.adjustment"), like(auditEvents.detail, `%: ${posting.reason}`))).all()
          : db.select().from(auditEvents).where(and(eq(auditEvents.action, "ledger.reversal"), eq(auditEvents.detail, `Reversed entry ${posting.of}: ${posting.reason}`))).all();
      expect(entries.length, `${posting.reason}: at most one entry`).toBeLessThanOrEqual(1);
      expect(audits.length, `${posting.reason}: an audit row exactly when its entry is there`).toBe(entries.length);
      if (posting.answered) expect(entries.length, `${posting.reason}, whose answer came back`).toBe(1);
      if (posting.kind === "adjustment" && posting.entryId) expect(entries[0]?.id).toBe(posting.entryId);
      if (entries.length === 1) expect(entries[0]!.amount).toBe(posting.kind === "adjustment" ? 100 : -100);
      posted += entries.length;
    }
    test.info().annotations.push({
      type: "crash",
      description: `killed after ${approvedAnswers.size} answered approvals and ${postings.filter((p) => p.answered).length} answered postings by finance; ${approved} of ${INVOICES} approved and ${posted} of ${postings.length} postings present after the restart; ${chain.entries} entries in ${chain.accounts} chains hold`,
    });
    expect(approved).toBeGreaterThanOrEqual(KILL_AFTER + 1);
    expect(approved).toBeLessThan(INVOICES);
    // And no drawdown exists for a line that is not approved.
    const orphans = db.$client
      .prepare(
        `select count(*) as n from ledger_entries e left join invoice_lines l on l.id = e.reference
         where e.kind = 'drawdown' and e.reference not like 'demo-%' and (l.id is null or l.status <> 'approved')`,
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    db.$client.close();
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  }
});

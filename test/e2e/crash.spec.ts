// Crash safety of the production server: a stream of invoice approvals (each one posts several drawdowns to the
// ledger in one transaction) is fired through the real pages; the server is killed with SIGKILL part-way, then
// started again on the same file. Afterwards the database must be intact, every hash chain must hold, every
// balance must be the sum of its entries, and every approval must be wholly present or wholly absent.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect } from "@playwright/test";
import { and, eq, max } from "drizzle-orm";
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

/** The demo data plus INVOICES submitted invoices from Riverbank for James, made with the domain's own commands. */
async function prepareDatabase(): Promise<string[]> {
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
  db.$client.close();
  return ids;
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

/** Presses "Approve" on the invoice's page, as the form posts it. */
function approve(cookie: string, invoiceId: string): Promise<Response> {
  return fetch(`${ORIGIN}/council/invoices/${invoiceId}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: ORIGIN, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "approve" }),
  });
}

test("a server killed mid-stream of approvals restarts with every posting whole and every chain intact", async () => {
  test.setTimeout(120_000);
  const invoiceIds = await prepareDatabase();

  let server = startServer();
  try {
    await waitUntilUp(server);
    const cookie = await signIn("finance@clydevale.example");

    // CLIENTS clients approve the invoices in turn; once KILL_AFTER approvals have been answered the server is
    // killed outright, with the other clients' approvals in flight.
    const queue = [...invoiceIds];
    let answered = 0;
    let killed = false;
    const client = async () => {
      for (let id = queue.shift(); id && !killed; id = queue.shift()) {
        try {
          const response = await approve(cookie, id);
          expect(response.status).toBe(302);
          if (++answered >= KILL_AFTER && !killed) {
            killed = true;
            server.kill("SIGKILL");
          }
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await exited(server);
    expect(server.signalCode).toBe("SIGKILL");
    expect(answered).toBeGreaterThanOrEqual(KILL_AFTER);

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

    // Each invoice of the stream was approved wholly (status, every line, one drawdown per line for its amount,
    // its audit row) or not at all (still submitted, no line drawn down).
    let approved = 0;
    for (const id of invoiceIds) {
      const invoice = db.select().from(invoices).where(eq(invoices.id, id)).get()!;
      const lines = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).all();
      expect(lines).toHaveLength(LINES_PER_INVOICE);
      const drawdowns = lines.map((line) =>
        db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, "drawdown"), eq(ledgerEntries.reference, line.id))).all(),
      );
      const audits = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "invoice.approve"))).all();
      if (invoice.status === "approved") {
        approved++;
        expect(lines.every((l) => l.status === "approved")).toBe(true);
        drawdowns.forEach((found, i) => {
          expect(found).toHaveLength(1);
          expect(found[0]!.amount).toBe(-lines[i]!.amountPence);
          expect(found[0]!.accountId).toBe(lines[i]!.accountId);
        });
        expect(audits).toHaveLength(1);
      } else {
        expect(invoice.status).toBe("submitted");
        expect(lines.every((l) => l.status === "pending")).toBe(true);
        expect(drawdowns.every((found) => found.length === 0)).toBe(true);
        expect(audits).toHaveLength(0);
      }
    }
    test.info().annotations.push({
      type: "crash",
      description: `killed after ${answered} answered approvals; ${approved} of ${INVOICES} approved after the restart; ${chain.entries} entries in ${chain.accounts} chains hold`,
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

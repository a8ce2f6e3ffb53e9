// How long the commissioning dashboard takes at national scale: `npm run bench:dashboard`.
// Builds a scratch database under bench/data/ with the demo data, then adds to one council (the worst case: the
// whole country in one council) 100,000 people, 20,000 agreements with ISF accounts, 2,000,000 ledger entries and
// 250,000 invoices (SCALE=0.1 for a tenth; REUSE=1 times the database the last run built). It times the
// dashboard and each of its parts. It prints; it asserts nothing.
import { rmSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { councilListItems, councils, frameworkLots, organisations, users } from "@db/schema";
import { seedDemoData } from "@db/seed";
import type { Actor } from "~/auth/permissions";
import {
  agreementsInForce,
  fundFigures,
  marketRows,
  medianDaysToApproval,
  medianDaysToPay,
  peopleByOutcome,
  peopleToday,
  waitingCounts,
} from "~/domain/reporting/dashboard-figures.server";
import { currentDashboard } from "~/domain/reporting/dashboard-cache.server";
import { commissioningDashboard } from "~/domain/reporting/dashboard.server";
import { addDays } from "~/lib/dates";

const SCALE = Number(process.env.SCALE ?? 1);
const PEOPLE = Math.round(100_000 * SCALE);
const ACCOUNTS = Math.round(20_000 * SCALE);
const ENTRIES_PER_ACCOUNT = 100;
const INVOICES = Math.round(250_000 * SCALE);
const TODAY = "2026-10-01";
const REUSE = process.env.REUSE === "1";
const path = "bench/data/dashboard.db";
if (!REUSE) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
const db = openDatabase(path);
migrateDatabase(db);
if (!REUSE) await seedDemoData(db, { password: "benchmark-password" });

const council = db.select().from(councils).where(eq(councils.slug, "clydevale")).get()!;
const commissionerUser = db.select().from(users).where(eq(users.email, "commissioner@clydevale.example")).get()!;
const commissioner: Actor = { ...commissionerUser, councilId: commissionerUser.councilId, organisationId: null };
const list = (kind: "outcome" | "locality") =>
  db.select().from(councilListItems).where(and(eq(councilListItems.councilId, council.id), eq(councilListItems.kind, kind))).all().map((i) => i.id);
const [outcomes, localities] = [list("outcome"), list("locality")];
const lots = db.select().from(frameworkLots).all().map((l) => l.id);
const providers = db.select().from(organisations).all().map((o) => o.id);
const pick = <T>(items: T[], i: number) => items[i % items.length]!;
const uuid = () => crypto.randomUUID();
const ms = (date: string) => Date.parse(`${date}T10:00:00Z`);
const raw = db.$client;

const started = performance.now();
const generate = raw.transaction(() => {
  const person = raw.prepare("insert into people (id, council_id, reference, name, date_of_birth, locality_id, status, created_at) values (?, ?, ?, ?, ?, ?, 'open', ?)");
  const budget = raw.prepare(
    "insert into budget_versions (id, person_id, version, amount_pence, period, starts_on, basis, option1_pence, option2_pence, option3_pence, reason, recorded_by, created_at) values (?, ?, 1, ?, 'year', '2026-04-01', 'ras_score', ?, ?, ?, 'Assessed', ?, ?)",
  );
  const outcome = raw.prepare("insert into person_outcomes (id, person_id, outcome_id, own_words, created_at) values (?, ?, ?, 'In my words', ?)");
  const personIds: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const id = uuid();
    personIds.push(id);
    person.run(id, council.id, `BENCH-${i}`, `Bench Person ${i}`, "1970-01-01", pick(localities, i), ms("2026-01-01"));
    const option = i % 4;
    budget.run(uuid(), id, 1_000_000, option === 0 ? 1_000_000 : 0, option >= 1 ? 1_000_000 : 0, option === 3 ? 500_000 : 0, commissioner.id, ms("2026-04-01"));
    outcome.run(uuid(), id, pick(outcomes, i), ms("2026-01-01"));
    outcome.run(uuid(), id, pick(outcomes, i + 3), ms("2026-01-01"));
  }

  const agreement = raw.prepare(
    "insert into agreements (id, council_id, person_id, provider_organisation_id, lot_id, reference, status, created_by, created_at) values (?, ?, ?, ?, ?, ?, 'active', ?, ?)",
  );
  const version = raw.prepare(
    "insert into agreement_versions (id, agreement_id, number, status, start_on, end_on, isf_pence, cadence, fee_funding, plan, approved_at, updated_at, created_at) values (?, ?, 1, 'approved', '2026-04-01', '2027-03-31', ?, 'four_weekly_arrears', 'from_fund', ?, ?, ?, ?)",
  );
  const decision = raw.prepare(
    "insert into agreement_decisions (id, agreement_id, version_id, kind, party, user_id, name, fingerprint, decided_at) values (?, ?, ?, 'approved', 'council', ?, 'Bench', 'fp', ?)",
  );
  const account = raw.prepare(
    "insert into isf_accounts (id, council_id, agreement_id, person_id, provider_organisation_id, period_start, period_end, opening_amount, opened_at) values (?, ?, ?, ?, ?, '2026-04-01', '2027-03-31', 1000000, ?)",
  );
  const entry = raw.prepare(
    "insert into ledger_entries (id, account_id, sequence, kind, amount, entry_date, reference, outcome_id, description, created_at, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, 'Bench', ?, '', '')",
  );
  const agreementIds: string[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const id = uuid();
    const personId = personIds[a]!;
    const provider = pick(providers, a);
    agreementIds.push(id);
    agreement.run(id, council.id, personId, provider, pick(lots, a), `BENCH-ISF-${a}`, commissioner.id, ms(addDays("2026-03-01", a % 30)));
    const versionId = uuid();
    const plan = JSON.stringify([
      { personOutcomeId: "x", outcomeId: pick(outcomes, a), support: "s", quantity: "", costOption: "", ratePence: 2000, amountPence: 600_000 },
      { personOutcomeId: "y", outcomeId: pick(outcomes, a + 3), support: "s", quantity: "", costOption: "", ratePence: 2000, amountPence: 400_000 },
    ]);
    version.run(versionId, id, 1_000_000, plan, ms("2026-03-31"), ms("2026-03-31"), ms("2026-03-01"));
    decision.run(uuid(), id, versionId, commissioner.id, ms(addDays("2026-03-10", a % 30)));
    const accountId = uuid();
    account.run(accountId, council.id, id, personId, provider, ms("2026-04-01"));
    entry.run(uuid(), accountId, 1, "opening_budget", 1_000_000, "2026-04-01", null, null, ms("2026-04-01"));
    for (let s = 2; s <= ENTRIES_PER_ACCOUNT; s++) {
      const date = addDays("2026-04-01", Math.floor((s * 180) / ENTRIES_PER_ACCOUNT));
      const kind = s % 10 === 0 ? "management_fee" : "drawdown";
      entry.run(uuid(), accountId, s, kind, -(3_000 + ((a + s) % 2_000)), date, uuid(), kind === "drawdown" ? pick(outcomes, a + s) : null, ms(date));
    }
  }

  const invoice = raw.prepare(
    "insert into invoices (id, council_id, provider_organisation_id, reference, period_start, period_end, status, created_by, created_at, submitted_on, decided_at, paid_on, payment_method, payment_state) values (?, ?, ?, ?, '2026-08-01', '2026-08-28', ?, ?, ?, ?, ?, ?, 'bacs', ?)",
  );
  const line = raw.prepare(
    "insert into invoice_lines (id, invoice_id, position, person_id, agreement_id, start_on, end_on, description, unit_kind, units, rate_pence, amount_pence, status, flagged_at) values (?, ?, 1, ?, ?, '2026-08-01', '2026-08-28', 'Support', 'hours', 10, 2000, 20000, ?, ?)",
  );
  for (let i = 0; i < INVOICES; i++) {
    const id = uuid();
    const status = i % 50 === 0 ? "submitted" : i % 7 === 0 ? "approved" : "paid";
    const submitted = addDays("2025-10-01", i % 360);
    const paid = status === "paid" ? addDays(submitted, 5 + (i % 30)) : null;
    invoice.run(id, council.id, pick(providers, i), `BENCH-INV-${i}`, status, commissioner.id, ms(submitted), submitted, status === "submitted" ? null : ms(submitted), paid, status === "paid" ? "confirmed" : "none");
    line.run(uuid(), id, pick(personIds, i), pick(agreementIds, i), status === "submitted" ? "pending" : "approved", i % 997 === 0 ? ms(submitted) : null);
  }
});
if (!REUSE) generate();
raw.exec("analyze");
if (!REUSE) console.log(`Generated ${PEOPLE} people, ${ACCOUNTS} funds, ${ACCOUNTS * ENTRIES_PER_ACCOUNT} ledger entries, ${INVOICES} invoices in ${Math.round(performance.now() - started)} ms`);

function time(name: string, run: () => unknown, runs = Number(process.env.RUNS ?? 3)) {
  run();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) run();
  console.log(`${name.padEnd(40)} ${((performance.now() - t0) / runs).toFixed(1).padStart(8)} ms`);
}

time("people by option and locality today", () => peopleToday(db, council.id, TODAY));
time("work waiting (other areas)", () => waitingCounts(db, council.id));
time("market rows", () => marketRows(db, council.id, TODAY));
time("fund figures, ledger totals kept", () => fundFigures(db, council.id, TODAY));
// A new day each time: every fund's ledger totals are read again.
let day = 0;
time("fund figures, ledger totals read again", () => fundFigures(db, council.id, addDays(TODAY, ++day)));
time("agreements in force", () => agreementsInForce(db, council.id, TODAY));
time("median days to approval", () => medianDaysToApproval(db, council.id, TODAY));
time("median days to pay", () => medianDaysToPay(db, council.id, TODAY));
time("people by outcome", () => peopleByOutcome(db, council.id));
time("the whole dashboard, ledger totals kept", () => commissioningDashboard(db, commissioner, TODAY));
time("the whole dashboard, ledger totals read again", () => commissioningDashboard(db, commissioner, addDays(TODAY, ++day)));
time("the dashboard again, nothing changed", () => currentDashboard(db, commissioner, TODAY), 20);
db.$client.close();

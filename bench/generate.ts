// Builds a national-scale database for the benchmark: the demo data, then 32 councils, ~3,000 providers, 10,000
// published offers, 100,000 people, 20,000 active agreements with their ISF accounts, 250,000 invoices and
// ~2,000,000 ledger entries. Rows go in through prepared statements inside large transactions; the data is what
// the service itself would have written: every account's hash chain is computed with the ledger's own
// `entryHash`, every drawdown is the approval of an invoice line (its reference is the line's id), and the offers'
// full-text index is filled by the migration's triggers.
import { rmSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Db } from "@db/client.server";
import { councilListItems, councils, frameworkLots, frameworks, organisations, users } from "@db/schema";
import { seedDemoData } from "@db/seed";
import { entryHash, GENESIS_HASH } from "~/domain/ledger/chain.server";
import { addDays, todayIso } from "~/lib/dates";
import { formatPence } from "~/lib/money";

export const BENCH_PASSWORD = "benchmark-password-2026";
export const BENCH_PERSON_EMAIL = "bench.person@people.example";
/**
 * The day the data set is as of: today, the day it is generated. Every invoice period has ended by then, and each
 * fund's year ends on it, so its agreement is still in force when the server starts on the file (an agreement ends
 * the day after its end date) and the pages measure active funds.
 */
export const AS_OF = todayIso();

export type Sizes = Record<"councils" | "providers" | "offers" | "people" | "accounts" | "ledgerEntries" | "invoices" | "invoiceLines", number>;

export type Generated = {
  path: string;
  seconds: number;
  sizes: Sizes;
  fileBytes: number;
  /** Things the benchmark asks for by id. */
  fixtures: {
    clydevaleId: string;
    statementAccountId: string;
    statementEntries: number;
    offerId: string;
    outcomeId: string;
    localityId: string;
  };
};

const FIRST = "Aileen Alasdair Brian Catriona Craig Eilidh Euan Fiona Gordon Iona Isla Jamie Kenneth Lorna Malcolm Mairi Neil Rhona Ross Shona Struan Tam".split(" ");
const LAST = "Anderson Bell Cameron Campbell Douglas Fraser Graham Hamilton Kerr MacDonald MacKenzie Morrison Murray Paterson Reid Robertson Ross Scott Stewart Thomson Wallace Watson".split(" ");
const WORDS = "support home community garden music swimming cooking friendship confidence walking art dementia recovery carers break volunteering college outdoors learning wellbeing".split(" ");
const PLACES = "Abbey Ballan Carsewell Dunmore Eastfield Fernhill Glenside Hillhead Inchbrae Kilbarr Lochend Muirton".split(" ");

/** A small deterministic generator, so two runs build the same shape of data. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  const some = <T>(items: readonly T[], n: number) => [...new Set(Array.from({ length: n }, () => pick(items)))];
  return { next, int, pick, some };
}

/** A prepared INSERT of the named columns. */
function inserter(db: Db, table: string, columns: string[]) {
  const statement = db.$client.prepare(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`);
  return (...values: unknown[]) => statement.run(...values);
}

/**
 * Ids in the UUID layout, but ordered as they are made (like UUIDv7), so the primary-key and foreign-key indexes
 * are appended to rather than written at random: the generator is several times faster for it.
 */
let made = 0;
const uuid = () => {
  const n = (++made).toString(16).padStart(18, "0");
  return `${n.slice(0, 8)}-${n.slice(8, 12)}-7${n.slice(12, 15)}-a${n.slice(15, 18)}-${crypto.randomUUID().slice(-12)}`;
};

export async function generate(path: string, scale = 1): Promise<Generated> {
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  const db = openDatabase(path);
  migrateDatabase(db);
  await seedDemoData(db, { password: BENCH_PASSWORD });
  // Bulk loading: no journal, and the big tables' secondary indexes built once at the end from sorted data
  // (much faster than keeping them up to date row by row). Both are put back before the database is used.
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.pragma("journal_mode = OFF");
  db.$client.pragma("synchronous = OFF");
  db.$client.pragma("cache_size = -400000");
  db.$client.pragma("temp_store = MEMORY");
  const deferred = db.$client
    .prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('ledger_entries', 'invoice_lines', 'invoices')")
    .all() as { name: string; sql: string }[];
  for (const index of deferred) db.$client.exec(`drop index ${index.name}`);

  const r = random(2026);
  const now = Date.parse(`${AS_OF}T09:00:00Z`);
  const target = {
    councils: 32,
    providers: Math.round(3000 * scale),
    offers: Math.round(10_000 * scale),
    people: Math.round(100_000 * scale),
    accounts: Math.round(20_000 * scale),
  };

  const ins = {
    council: inserter(db, "councils", ["id", "name", "slug", "created_at"]),
    listItem: inserter(db, "council_list_items", ["id", "council_id", "kind", "label", "position", "created_at"]),
    framework: inserter(db, "frameworks", ["id", "council_id", "name", "reference", "start_date", "end_date", "status", "rolling", "created_at"]),
    lot: inserter(db, "framework_lots", ["id", "framework_id", "name", "guide_rate_min_pence", "guide_rate_max_pence", "guide_rate_unit", "position"]),
    user: inserter(db, "users", ["id", "email", "name", "role", "council_id", "organisation_id", "created_at"]),
    organisation: inserter(db, "organisations", ["id", "name", "type", "charity_number", "postcode", "contact_email", "created_at"]),
    application: inserter(db, "provider_applications", ["id", "framework_id", "council_id", "organisation_id", "reference", "status", "submitted_at", "decided_at", "updated_at", "created_at"]),
    applicationLot: inserter(db, "application_lots", ["application_id", "lot_id", "outcome"]),
    offer: inserter(db, "offers", [
      "id", "organisation_id", "council_id", "lot_id", "status", "title", "summary", "description", "outcome_ids", "care_group_ids", "min_age", "max_age",
      "locality_ids", "delivery_modes", "days", "languages", "accepting", "places", "contact_email", "published_at", "updated_at", "created_at",
    ]),
    cost: inserter(db, "offer_cost_options", ["id", "offer_id", "label", "amount_pence", "unit", "position"]),
    person: inserter(db, "people", ["id", "council_id", "reference", "name", "date_of_birth", "postcode", "locality_id", "practitioner_id", "user_id", "created_at"]),
    agreement: inserter(db, "agreements", ["id", "council_id", "person_id", "provider_organisation_id", "lot_id", "reference", "status", "created_by", "created_at"]),
    version: inserter(db, "agreement_versions", [
      "id", "agreement_id", "number", "status", "start_on", "end_on", "review_on", "isf_pence", "cadence", "fee_funding", "plan", "approved_at", "updated_at", "created_at",
    ]),
    account: inserter(db, "isf_accounts", ["id", "council_id", "agreement_id", "person_id", "provider_organisation_id", "period_start", "period_end", "opening_amount", "opened_at"]),
    entry: inserter(db, "ledger_entries", [
      "id", "account_id", "sequence", "kind", "amount", "entry_date", "reference", "outcome_id", "reverses_entry_id", "description", "reason", "actor_user_id", "created_at", "previous_hash", "hash",
    ]),
    invoice: inserter(db, "invoices", [
      "id", "council_id", "provider_organisation_id", "kind", "reference", "period_start", "period_end", "status", "created_by", "created_at", "submitted_on", "submitted_at",
      "decided_by", "decided_at", "payment_method", "payment_state", "paid_on", "paid_out_at",
    ]),
    line: inserter(db, "invoice_lines", [
      "id", "invoice_id", "position", "person_id", "agreement_id", "account_id", "start_on", "end_on", "outcome_id", "description", "unit_kind", "units", "rate_pence", "amount_pence", "status",
    ]),
  };

  type Council = {
    id: string;
    code: string;
    outcomes: string[];
    localities: string[];
    careGroups: string[];
    frameworkId: string;
    lots: string[];
    practitionerId: string;
    financeId: string;
    providers: { id: string; userId: string }[];
    people: string[];
  };

  // Councils: the two demo councils, then more up to 32, each with its lists, a framework with five lots and staff.
  const list = (councilId: string, kind: "outcome" | "locality" | "care_group") =>
    db.select({ id: councilListItems.id }).from(councilListItems).where(and(eq(councilListItems.councilId, councilId), eq(councilListItems.kind, kind))).all().map((i) => i.id);
  const all: Council[] = [];
  db.$client.transaction(() => {
    const existing = db.select().from(councils).all().sort((a, b) => (a.slug === "clydevale" ? -1 : b.slug === "clydevale" ? 1 : a.slug.localeCompare(b.slug)));
    for (let c = 0; c < target.councils; c++) {
      let id = existing[c]?.id;
      if (!id) {
        id = uuid();
        ins.council(id, `${PLACES[c % PLACES.length]} ${Math.floor(c / PLACES.length) ? c : ""} Bench Council`.replace("  ", " "), `bench-${c}`, now);
        ["Being as well as possible", "Living where and as I want", "Seeing people", "Having things to do", "Feeling safe", "Staying independent", "Improved confidence", "Carer able to continue caring"].forEach((label, i) =>
          ins.listItem(uuid(), id, "outcome", label, i, now),
        );
        PLACES.slice(0, 10).forEach((label, i) => ins.listItem(uuid(), id, "locality", label, i, now));
        ["Older people", "Learning disability", "Physical disability", "Mental health", "Dementia", "Carers"].forEach((label, i) => ins.listItem(uuid(), id, "care_group", label, i, now));
      }
      const staff = (role: "practitioner" | "finance") => {
        const found = db.select({ id: users.id }).from(users).where(and(eq(users.councilId, id), eq(users.role, role))).get();
        if (found) return found.id;
        const userId = uuid();
        ins.user(userId, `${role}@bench-${c}.example`, `Bench ${role} ${c}`, role, id, null, now);
        return userId;
      };
      const framework = db
        .select({ id: frameworks.id })
        .from(frameworks)
        .innerJoin(frameworkLots, eq(frameworkLots.frameworkId, frameworks.id))
        .where(and(eq(frameworks.councilId, id), eq(frameworks.status, "open")))
        .get();
      let frameworkId = framework?.id;
      if (!frameworkId) {
        frameworkId = uuid();
        ins.framework(frameworkId, id, "Self-directed Support provider framework", `BENCH-FW-${c}`, "2025-04-01", "2029-03-31", "open", 1, now);
        ["Care at home", "Community and day support", "Short breaks", "Supported living", "Mental health and wellbeing"].forEach((name, i) =>
          ins.lot(uuid(), frameworkId, name, 2000, 2600, "per hour", i),
        );
      }
      all.push({
        id,
        code: c === 0 ? "CV" : `B${c}`,
        outcomes: list(id, "outcome"),
        localities: list(id, "locality"),
        careGroups: list(id, "care_group"),
        frameworkId,
        lots: db.select({ id: frameworkLots.id }).from(frameworkLots).where(eq(frameworkLots.frameworkId, frameworkId)).orderBy(frameworkLots.position).all().map((l) => l.id),
        practitionerId: staff("practitioner"),
        financeId: staff("finance"),
        providers: [],
        people: [],
      });
    }
  })();
  const clydevale = all[0]!;

  // Providers: each admitted to every lot of one council's framework, with an administrator.
  db.$client.transaction(() => {
    for (let p = 0; p < target.providers; p++) {
      const council = all[p % all.length]!;
      const id = uuid();
      const userId = uuid();
      ins.organisation(id, `${r.pick(PLACES)} ${r.pick(["Care", "Support", "Community Care", "Wellbeing Trust", "Home Support", "Day Opportunities"])} ${p + 1}`, "charity", `SC0${String(10000 + p)}`, "G1 1AA", `admin${p}@provider.example`, now);
      ins.user(userId, `admin${p}@provider.example`, `Provider admin ${p}`, "provider_admin", null, id, now);
      const applicationId = uuid();
      ins.application(applicationId, council.frameworkId, council.id, id, `BENCH-APP-${p}`, "admitted", now, now, now, now);
      for (const lot of council.lots) ins.applicationLot(applicationId, lot, "admitted");
      council.providers.push({ id, userId });
    }
  })();

  // Offers: a fifth of them in Clydevale, where the search and offer pages are measured.
  const clydevaleOffers = Math.round(target.offers / 5);
  const offerIds: string[] = [];
  db.$client.transaction(() => {
    for (let o = 0; o < target.offers; o++) {
      const council = o < clydevaleOffers ? clydevale : all[1 + (o % (all.length - 1))]!;
      const provider = r.pick(council.providers);
      const id = uuid();
      const updated = now - o * 60_000;
      const words = r.some(WORDS, 8);
      ins.offer(
        id,
        provider.id,
        council.id,
        r.pick(council.lots),
        "published",
        `${words.slice(0, 2).join(" ")} ${o + 1}`,
        `Support with ${words.slice(2, 5).join(", ")} for people who want to live well at home and in their community.`,
        `We offer ${words.join(" ")} support, planned with you around your personal outcomes. Our staff are trained and supervised, and we work with families and carers.`,
        JSON.stringify(r.some(council.outcomes, 3)),
        JSON.stringify(r.some(council.careGroups, 2)),
        r.int(3) === 0 ? 16 : null,
        r.int(3) === 0 ? 65 : null,
        JSON.stringify(r.some(council.localities, 2)),
        JSON.stringify(r.some(["at_home", "in_community", "at_venue", "online"], 2)),
        JSON.stringify(["MO", "TU", "WE", "TH", "FR"]),
        JSON.stringify(["en"]),
        (["yes", "waiting_list", "no"] as const)[o % 3],
        r.int(10),
        `offers${o}@provider.example`,
        updated,
        updated,
        updated,
      );
      ins.cost(uuid(), id, "Weekday daytime", 1900 + r.int(800), "hour", 0);
      ins.cost(uuid(), id, "Weekly package", 30_000 + r.int(20_000), "week", 1);
      if (council === clydevale) offerIds.push(id);
    }
  })();

  // People: a tenth of them in Clydevale.
  db.$client.transaction(() => {
    for (let n = 0; n < target.people; n++) {
      const council = n < target.people / 10 ? clydevale : all[1 + (n % (all.length - 1))]!;
      const id = uuid();
      ins.person(id, council.id, `${council.code}-B${String(n).padStart(6, "0")}`, `${r.pick(FIRST)} ${r.pick(LAST)}`, `19${40 + r.int(60)}-0${1 + r.int(9)}-1${r.int(9)}`, "G1 1AA", r.pick(council.localities), council.practitionerId, null, now);
      council.people.push(id);
    }
  })();

  // Agreements, accounts, invoices and the ledger. Each account's period is the year to AS_OF; its provider
  // invoices every 4 weeks with 8 or 9 lines of 2 hours, its budget being 13 such invoices: the first nine invoices are paid, the next three approved (drawn
  // down, waiting for a payment run), and every other account has a thirteenth, submitted and waiting.
  const riverbank = db.select().from(organisations).where(eq(organisations.name, "Riverbank Community Care")).get()!;
  const riverbankAdmin = db.select().from(users).where(eq(users.email, "admin@riverbank-care.example")).get()!;
  const riverbankLot = db.select({ id: frameworkLots.id }).from(frameworkLots).where(and(eq(frameworkLots.frameworkId, clydevale.frameworkId), eq(frameworkLots.name, "Care at home"))).get()!.id;
  const counts = { entries: 0, invoices: 0, lines: 0, accounts: 0 };
  const invoiceNumbers = new Map<string, number>();
  const RATE = 2200;

  type AccountPlan = {
    council: Council;
    personId: string;
    provider: { id: string; userId: string };
    lotId: string;
    periodStart: string;
    periodEnd: string;
    opening: number;
    /** Invoice periods: [start, end] pairs, the statuses, and the lines per invoice. */
    periods: { start: string; end: string; status: "paid" | "approved" | "submitted" }[];
    linesPerInvoice: number;
  };

  function writeAccount(plan: AccountPlan, index: number): string {
    const { council, provider } = plan;
    const agreementId = uuid();
    const accountId = uuid();
    const outcome = council.outcomes[index % council.outcomes.length]!;
    const planJson = JSON.stringify([
      { personOutcomeId: uuid(), outcomeId: outcome, support: "Support at home and out and about", quantity: "4 hours a week", costOption: "Weekday daytime", ratePence: RATE, amountPence: plan.opening },
    ]);
    ins.agreement(agreementId, council.id, plan.personId, provider.id, plan.lotId, `${council.code}-ISF-B${String(index).padStart(6, "0")}`, "active", council.practitionerId, now);
    ins.version(uuid(), agreementId, 1, "approved", plan.periodStart, plan.periodEnd, addDays(plan.periodStart, 180), plan.opening, "four_weekly_arrears", "from_fund", planJson, now, now, now);
    const openedAt = Date.parse(`${plan.periodStart}T09:00:00Z`);
    ins.account(accountId, council.id, agreementId, plan.personId, provider.id, plan.periodStart, plan.periodEnd, plan.opening, openedAt);
    counts.accounts++;
    let sequence = 0;
    let previousHash = GENESIS_HASH;
    const post = (kind: "opening_budget" | "drawdown", amount: number, entryDate: string, reference: string, outcomeId: string | null, description: string, createdAt: number, actor: string | null) => {
      const row = {
        id: uuid(),
        accountId,
        sequence: ++sequence,
        kind,
        amount,
        entryDate,
        reference,
        outcomeId,
        reversesEntryId: null,
        description,
        reason: null,
        actorUserId: actor,
        createdAt: new Date(createdAt),
        previousHash,
      };
      const hash = entryHash(row);
      ins.entry(row.id, accountId, row.sequence, kind, amount, entryDate, reference, outcomeId, null, description, null, actor, createdAt, previousHash, hash);
      previousHash = hash;
      counts.entries++;
    };
    post("opening_budget", plan.opening, plan.periodStart, "opening", null, `Budget for ${plan.periodStart} to ${plan.periodEnd}`, openedAt, council.financeId);
    for (const period of plan.periods) {
      const invoiceId = uuid();
      const number = (invoiceNumbers.get(provider.id) ?? 0) + 1;
      invoiceNumbers.set(provider.id, number);
      const reference = `INV-B${String(number).padStart(6, "0")}`;
      const submittedOn = addDays(period.end, 1) > AS_OF ? AS_OF : addDays(period.end, 1);
      // Drawn down on the last day of the period, so spending keeps pace with the budget and no account is flagged.
      const decidedOn = period.end > AS_OF ? AS_OF : period.end;
      const decided = period.status !== "submitted";
      const paidOn = period.status === "paid" ? addDays(period.end, 20) : null;
      const at = (day: string) => Date.parse(`${day}T10:00:00Z`);
      ins.invoice(
        invoiceId, council.id, provider.id, "invoice", reference, period.start, period.end, period.status, provider.userId, at(submittedOn), submittedOn, at(submittedOn),
        decided ? council.financeId : null, decided ? at(decidedOn) : null, paidOn ? "bacs" : null, paidOn ? "confirmed" : "none", paidOn, paidOn ? at(paidOn) : null,
      );
      counts.invoices++;
      const span = Math.max(1, Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000) + 1);
      for (let l = 1; l <= plan.linesPerInvoice; l++) {
        const lineId = uuid();
        const day = addDays(period.start, Math.floor(((l - 1) * span) / plan.linesPerInvoice));
        const units = 2;
        const description = `Support visit ${l}`;
        ins.line(lineId, invoiceId, l, plan.personId, agreementId, accountId, day, day, outcome, description, "hours", units, RATE, units * RATE, decided ? "approved" : "pending");
        counts.lines++;
        if (decided) {
          post("drawdown", -units * RATE, decidedOn, lineId, outcome, `${reference} line ${l}: ${description}, ${day}: ${units} hours at ${formatPence(RATE)}`, at(decidedOn), council.financeId);
        }
      }
    }
    return accountId;
  }

  const yearStart = addDays(AS_OF, -364);
  const periodsFor = (count: number) =>
    Array.from({ length: count }, (_, k) => ({
      start: addDays(yearStart, k * 28),
      end: addDays(yearStart, k * 28 + 27),
      status: (k < 9 ? "paid" : k < 12 ? "approved" : "submitted") as "paid" | "approved" | "submitted",
    }));
  const clydevaleAccounts = Math.round(target.accounts / 10);
  const BATCH = 500;
  for (let start = 0; start < target.accounts; start += BATCH) {
    db.$client.transaction(() => {
      for (let a = start; a < Math.min(start + BATCH, target.accounts); a++) {
        const council = a < clydevaleAccounts ? clydevale : all[1 + (a % (all.length - 1))]!;
        const isRiverbank = council === clydevale && a < clydevaleAccounts / 10;
        const personId = council.people[(a * 7) % council.people.length]!;
        writeAccount(
          {
            council,
            personId,
            provider: isRiverbank ? { id: riverbank.id, userId: riverbankAdmin.id } : r.pick(council.providers),
            lotId: isRiverbank ? riverbankLot : r.pick(council.lots),
            periodStart: yearStart,
            periodEnd: AS_OF,
            // The budget is the year's thirteen 4-weekly invoices: spending runs to plan.
            opening: 13 * (a % 4 === 0 ? 9 : 8) * 2 * RATE,
            periods: periodsFor(a % 2 === 0 ? 13 : 12),
            linesPerInvoice: a % 4 === 0 ? 9 : 8,
          },
          a + 1,
        );
      }
    })();
  }

  // The person whose statement is measured: an account with 2,000 entries, and a sign-in of their own.
  const personUserId = uuid();
  let statementAccountId = "";
  db.$client.transaction(() => {
    ins.user(personUserId, BENCH_PERSON_EMAIL, "Morven Bench", "supported_person", clydevale.id, null, now);
    const personId = uuid();
    ins.person(personId, clydevale.id, "CV-BENCH-1", "Morven Bench", "1961-04-12", "G1 1AA", clydevale.localities[0] ?? null, clydevale.practitionerId, personUserId, now);
    // A year that began 300 days ago, with a paid invoice for each of its first 250 days.
    const statementYear = addDays(AS_OF, -300);
    const daily = Array.from({ length: 250 }, (_, k) => ({ start: addDays(statementYear, k), end: addDays(statementYear, k), status: "paid" as const }));
    statementAccountId = writeAccount(
      { council: clydevale, personId, provider: { id: riverbank.id, userId: riverbankAdmin.id }, lotId: riverbankLot, periodStart: statementYear, periodEnd: addDays(statementYear, 364), opening: 10_000_000, periods: daily, linesPerInvoice: 8 },
      target.accounts + 1,
    );
  })();
  // The hashed password lets the person sign in like anyone else.
  const { hashPassword } = await import("~/auth/password.server");
  db.$client.prepare("update users set password_hash = ? where id = ?").run(await hashPassword(BENCH_PASSWORD), personUserId);

  for (const index of deferred) db.$client.exec(index.sql);
  db.$client.pragma("journal_mode = WAL");
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const sizes: Sizes = {
    councils: count("councils"),
    providers: count("organisations"),
    offers: count("offers where status = 'published'"),
    people: count("people"),
    accounts: count("isf_accounts"),
    ledgerEntries: count("ledger_entries"),
    invoices: count("invoices"),
    invoiceLines: count("invoice_lines"),
  };
  db.$client.close();
  const { statSync } = await import("node:fs");
  return {
    path,
    seconds: (performance.now() - started) / 1000,
    sizes,
    fileBytes: statSync(path).size,
    fixtures: {
      clydevaleId: clydevale.id,
      statementAccountId,
      statementEntries: 1 + 250 * 8,
      offerId: offerIds[17]!,
      outcomeId: clydevale.outcomes[0]!,
      localityId: clydevale.localities[1]!,
    },
  };
}

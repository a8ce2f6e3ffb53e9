// The national-scale benchmark: `npm run bench` (builds first). It is a measurement, never a test: it prints a
// table and writes bench/results/<label>-<time>.json, and asserts nothing.
//
//   --quick          2-second load runs instead of 5 (for trying changes)
//   --reuse          keep bench/data/national.db if an earlier run generated it
//   --label=NAME     the results file's name (default "run")
//   BENCH_SCALE=0.1  a smaller data set (1 is national scale)
//   BENCH_PORT=3310  the port of the server under test
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import { and, eq, inArray } from "drizzle-orm";
import { openDatabase, type Db } from "@db/client.server";
import { agreements, invoices, organisations, people, providerPaymentAccounts, users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { createSession, sessionCookie } from "~/auth/session.server";
import { importCsv } from "~/domain/invoices/import.server";
import { addLines, createInvoice, submitInvoice, type LineInput } from "~/domain/invoices/invoices.server";
import { createPaymentRun, payPaymentRun } from "~/domain/invoices/payment-runs.server";
import { CSV_COLUMNS } from "~/domain/invoices/csv";
import { toCsv } from "~/lib/csv";
import { addDays, todayIso } from "~/lib/dates";
import { AS_OF, BENCH_PASSWORD, BENCH_PERSON_EMAIL, generate, type Generated } from "./generate";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const reuse = args.includes("--reuse");
const label = args.find((a) => a.startsWith("--label="))?.slice(8) ?? "run";
const scale = Number(process.env.BENCH_SCALE ?? 1);
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const ORIGIN = `http://localhost:${PORT}`;
const DURATION = quick ? 2 : 5;
const DATA = "bench/data";
const DB_PATH = `${DATA}/national.db`;
const TIMINGS_PATH = `${DATA}/national-timings.db`;
const INFO_PATH = `${DATA}/national.json`;

process.env.NODE_ENV = "production";
mkdirSync(DATA, { recursive: true });
mkdirSync("bench/results", { recursive: true });

const ms = (start: number) => Math.round((performance.now() - start) * 10) / 10;

// 1. The data set.
let generated: Generated;
if (reuse && existsSync(DB_PATH) && existsSync(INFO_PATH)) {
  generated = JSON.parse(readFileSync(INFO_PATH, "utf8")) as Generated;
  console.log(`Reusing ${DB_PATH} (generated in ${generated.seconds.toFixed(1)} s)`);
} else {
  console.log(`Generating the national data set (scale ${scale}) into ${DB_PATH} …`);
  generated = await generate(DB_PATH, scale);
  writeFileSync(INFO_PATH, JSON.stringify(generated, null, 2));
  console.log(`Generated in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.sizes)}, ${(generated.fileBytes / 1e6).toFixed(0)} MB`);
}
// The in-process timings change data (invoices, a payment run): they get their own copy.
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TIMINGS_PATH}${suffix}`, { force: true });
copyFileSync(DB_PATH, TIMINGS_PATH);

function actorFor(db: Db, email: string): Actor {
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`No user ${email}`);
  return { id: user.id, name: user.name, email: user.email, role: user.role, councilId: user.councilId, organisationId: user.organisationId };
}

// 2. Sessions for the signed-in pages, made with the service's own session functions.
const db = openDatabase(DB_PATH);
const cookies: Record<string, string> = {};
for (const [who, email] of [
  ["person", BENCH_PERSON_EMAIL],
  ["provider", "admin@riverbank-care.example"],
  ["commissioner", "commissioner@clydevale.example"],
] as const) {
  const { token } = createSession(db, actorFor(db, email).id);
  cookies[who] = (await sessionCookie.serialize(token)).split(";")[0]!;
}
const jamesAgreement = db
  .select({ id: agreements.id })
  .from(agreements)
  .innerJoin(people, eq(people.id, agreements.personId))
  .innerJoin(users, eq(users.id, people.userId))
  .where(and(eq(users.email, "james@people.example"), eq(agreements.status, "active")))
  .get()!.id;
db.$client.close();

// 3. The production server on the data set, and its memory.
let jobsDone: Promise<void> = Promise.resolve();
function startServer(): ChildProcess {
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), APP_ORIGIN: ORIGIN, DATABASE_PATH: DB_PATH, DEMO_PASSWORD: BENCH_PASSWORD },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The server runs its daily jobs once it listens, and says when they are done: pages are measured after that.
  jobsDone = new Promise((resolve) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-1000);
      if (output.includes("Daily jobs done")) resolve();
    });
  });
  return child;
}
async function waitUntilUp(child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${ORIGIN}/healthz`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), hwmMb: Math.round(kb("VmHWM") / 1024) };
}

let started = performance.now();
const server = startServer();
await waitUntilUp(server);
const startupMs = ms(started);
console.log(`Server answering in ${startupMs} ms (pid ${server.pid})`);
await jobsDone;
const dailyJobsMs = ms(started);
console.log(`Daily jobs done ${dailyJobsMs} ms after start`);
let peakRssMb = 0;
const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, memoryOf(server.pid!).rssMb)), 250);

async function timeGet(path: string, cookie?: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  try {
    const response = await fetch(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {}, signal: AbortSignal.timeout(120_000) });
    const body = await response.arrayBuffer();
    return { ms: ms(t), status: response.status, bytes: body.byteLength };
  } catch {
    return { ms: ms(t), status: 0, bytes: 0 };
  }
}

/** Waits until requests queued by a load run have been answered, so they do not slow the next measurement. */
async function drain() {
  const t = performance.now();
  while (performance.now() - t < 120_000) {
    const probe = await timeGet("/healthz");
    if (probe.status === 200 && probe.ms < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const f = generated.fixtures;
const pages: { name: string; path: string; cookie?: string }[] = [
  { name: "healthz (ceiling)", path: "/healthz" },
  { name: "accessibility statement (layout ceiling)", path: "/accessibility" },
  { name: "search: text + outcome + locality", path: `/offers?council=clydevale&q=support&outcome=${f.outcomeId}&locality=${f.localityId}` },
  { name: "offer page", path: `/offers/${f.offerId}` },
  { name: `person's statement (${f.statementEntries} entries)`, path: `/funds/${f.statementAccountId}`, cookie: cookies.person },
  { name: "provider's invoice list", path: "/provider/invoices", cookie: cookies.provider },
  { name: "commissioning dashboard", path: "/commissioning/dashboard", cookie: cookies.commissioner },
  { name: "Open Referral services", path: "/openreferral/services" },
];

// Cold: the first request for the dashboard after the server started.
const dashboardCold = await timeGet("/commissioning/dashboard", cookies.commissioner);
for (const page of pages) {
  const check = await timeGet(page.path, page.cookie);
  if (check.status !== 200) console.warn(`  ${page.name}: ${page.path} answered ${check.status}`);
}

type Load = { rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };
const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
async function load(path: string, connections: number, cookie?: string): Promise<Load> {
  const times: number[] = [];
  const instance = autocannon({ url: `${ORIGIN}${path}`, connections, duration: DURATION, timeout: 60, headers: cookie ? { cookie } : {} });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  const result = await instance;
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    rps: round(result.requests.total / DURATION),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const loads: { name: string; path: string; at4: Load; at32: Load }[] = [];
for (const page of pages) {
  await drain();
  const at4 = await load(page.path, 4, page.cookie);
  await drain();
  const at32 = await load(page.path, 32, page.cookie);
  loads.push({ name: page.name, path: page.path, at4, at32 });
  console.log(`  ${page.name}: ${at4.rps} rps p95 ${at4.p95} ms at 4; ${at32.rps} rps p95 ${at32.p95} ms at 32`);
}

// The agreement PDF, through the page that serves it.
await drain();
const pdfTimes: number[] = [];
for (let i = 0; i < 10; i++) pdfTimes.push((await timeGet(`/agreements/${jamesAgreement}/pdf`, cookies.commissioner)).ms);
pdfTimes.sort((a, b) => a - b);
const dashboardWarm = (await timeGet("/commissioning/dashboard", cookies.commissioner)).ms;

clearInterval(sampler);
const memory = memoryOf(server.pid!);
peakRssMb = Math.max(peakRssMb, memory.rssMb);
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

// 4. Commands timed in-process, with the domain functions, on the copy of the data set.
const tdb = openDatabase(TIMINGS_PATH);
const provider = actorFor(tdb, "admin@riverbank-care.example");
const finance = actorFor(tdb, "finance@clydevale.example");
const riverbank = tdb.select().from(organisations).where(eq(organisations.id, provider.organisationId!)).get()!;
const benchAgreements = tdb
  .select({ id: agreements.id, reference: agreements.reference, personId: agreements.personId, personReference: people.reference })
  .from(agreements)
  .innerJoin(people, eq(people.id, agreements.personId))
  .where(and(eq(agreements.providerOrganisationId, riverbank.id), eq(agreements.councilId, f.clydevaleId), inArray(agreements.status, ["active"])))
  .all()
  // Every other generated fund has a thirteenth invoice waiting, which commits the last of its budget: use the others.
  .filter((a) => a.reference.includes("-ISF-B") && a.personReference !== "CV-BENCH-1" && Number(a.reference.slice(-6)) % 2 === 0);
const periodStart = addDays(AS_OF, -27);

const lines: LineInput[] = Array.from({ length: 500 }, (_, i) => {
  const agreement = benchAgreements[i % benchAgreements.length]!;
  const day = addDays(periodStart, i % 28);
  return { personId: agreement.personId, agreementId: agreement.id, startOn: day, endOn: day, description: `Extra visit ${i + 1}`, unitKind: "hours", units: 0.5, ratePence: 2200 };
});
const invoice = createInvoice(tdb, provider, { councilId: f.clydevaleId, periodStart, periodEnd: AS_OF });
started = performance.now();
addLines(tdb, provider, invoice.id, lines);
const addLinesMs = ms(started);
started = performance.now();
submitInvoice(tdb, provider, invoice.id, AS_OF);
const submitMs = ms(started);

const csv = toCsv(
  [...CSV_COLUMNS],
  Array.from({ length: 5000 }, (_, i) => {
    const agreement = benchAgreements[i % benchAgreements.length]!;
    return [agreement.personReference, agreement.reference, addDays(periodStart, i % 28), "0.25", "22.00", `Uploaded visit ${i + 1}`, ""];
  }),
);
const draft = createInvoice(tdb, provider, { councilId: f.clydevaleId, periodStart, periodEnd: AS_OF });
started = performance.now();
const imported = importCsv(tdb, provider, draft.id, csv);
const csvMs = ms(started);
if (!imported.saved) console.warn("  CSV upload refused:", imported.problems.slice(0, 3));

// The generated providers have no payment account, and a provider paid by BACS without bank details waits outside
// payment runs: give each provider with approved invoices the (made-up) bank details real providers would have.
const payees = tdb
  .selectDistinct({ organisationId: invoices.providerOrganisationId })
  .from(invoices)
  .where(and(eq(invoices.councilId, f.clydevaleId), eq(invoices.status, "approved")))
  .all();
tdb.transaction((tx) => {
  for (const { organisationId } of payees)
    tx.insert(providerPaymentAccounts)
      .values({ organisationId, method: "bacs", bankAccountName: "Bench provider", bankSortCode: "800117", bankAccountNumber: "41726093" })
      .onConflictDoNothing()
      .run();
});

started = performance.now();
const run = createPaymentRun(tdb, finance, { payOn: todayIso() });
const runCreateMs = ms(started);
const inRun = tdb.select({ id: invoices.id }).from(invoices).where(eq(invoices.paymentRunId, run.id)).all().length;
started = performance.now();
await payPaymentRun(tdb, finance, run.id);
const runPayMs = ms(started);
tdb.$client.close();

// 5. The report.
const ceiling = loads[1]!;
const share = (l: Load, c: Load) => Math.round((100 * l.rps) / Math.max(c.rps, 0.1));
const results = {
  label,
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 1e9), note: "shared with other engineers' work: absolute numbers are noisy, compare ratios" },
  durationSeconds: DURATION,
  generation: { seconds: Math.round(generated.seconds * 10) / 10, sizes: generated.sizes, fileMb: Math.round(generated.fileBytes / 1e6) },
  serverStartupMs: startupMs,
  serverDailyJobsDoneMs: dailyJobsMs,
  pages: loads.map((l) => ({ ...l, shareOfCeilingAt4: share(l.at4, ceiling.at4), shareOfCeilingAt32: share(l.at32, ceiling.at32) })),
  timings: {
    agreementPdfMedianMs: pdfTimes[Math.floor(pdfTimes.length / 2)],
    invoice500AddLinesMs: addLinesMs,
    invoice500ValidateSubmitMs: submitMs,
    csv5000Ms: csvMs,
    csv5000Added: imported.added,
    paymentRunInvoices: inRun,
    paymentRunCreateMs: runCreateMs,
    paymentRunPayMs: runPayMs,
    dashboardColdMs: dashboardCold.ms,
    dashboardWarmMs: dashboardWarm,
  },
  memory: { peakRssMb, vmHwmMb: memory.hwmMb },
};

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\nGeneration: ${results.generation.seconds} s, ${results.generation.fileMb} MB: ${Object.entries(generated.sizes).map(([k, v]) => `${k} ${v.toLocaleString("en-GB")}`).join(", ")}`);
console.log(`Load: ${DURATION} s per run. Server answering after ${startupMs} ms, daily jobs done after ${dailyJobsMs} ms.\n`);
console.log(`${"page".padEnd(44)}${pad("rps@4", 8)}${pad("p50", 7)}${pad("p95", 7)}${pad("p99", 7)}${pad("%ceil", 7)} |${pad("rps@32", 8)}${pad("p50", 7)}${pad("p95", 7)}${pad("p99", 7)}${pad("%ceil", 7)}`);
for (const p of results.pages) {
  const flags = p.at4.errors + p.at4.non2xx + p.at32.errors + p.at32.non2xx ? `  (errors ${p.at4.errors + p.at32.errors}, non-2xx ${p.at4.non2xx + p.at32.non2xx})` : "";
  console.log(
    `${p.name.padEnd(44)}${pad(p.at4.rps, 8)}${pad(p.at4.p50, 7)}${pad(p.at4.p95, 7)}${pad(p.at4.p99, 7)}${pad(p.shareOfCeilingAt4 + "%", 7)} |${pad(p.at32.rps, 8)}${pad(p.at32.p50, 7)}${pad(p.at32.p95, 7)}${pad(p.at32.p99, 7)}${pad(p.shareOfCeilingAt32 + "%", 7)}${flags}`,
  );
}
console.log("");
for (const [name, value] of Object.entries(results.timings)) console.log(`${name.padEnd(30)}${pad(value ?? "", 10)}`);
console.log(`${"server peak RSS (MB)".padEnd(30)}${pad(peakRssMb, 10)}\n${"server VmHWM (MB)".padEnd(30)}${pad(memory.hwmMb, 10)}`);
const file = `bench/results/${label}-${results.at.replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nWrote ${file}`);

import { eq } from "drizzle-orm";
import { migrateDatabase } from "@db/client.server";
import { settings } from "@db/schema";
import { DEMO_USERS, seedDemoData } from "@db/seed";
import { ROLE_LABELS } from "~/auth/permissions";
import { endDueAgreementsSteps } from "~/domain/agreements/agreements.server";
import { runEvidenceReminders } from "~/domain/frameworks/compliance.server";
import { warmFundTotalsSteps } from "~/domain/reporting/dashboard-figures.server";
import { closeEndedFundsSteps, raiseAllLedgerAlertsSteps, sendDueStatementsSteps } from "~/domain/ledger/jobs.server";
import { database } from "./db.server";
import { deliverOutbox } from "./email.server";
import { env } from "./env.server";
import { runStepsInSlices, type AsyncSteps, type Steps } from "./steps";
import { startFakeStripe } from "./stripe-fake.server";
import { connectedStripeAccounts } from "~/domain/payments/payment-accounts.server";
import { handleStripeWebhook } from "~/domain/payments/stripe-webhook.server";

/**
 * Everything the service does once before it accepts requests: check the configuration (throws a
 * ConfigurationError naming each bad variable), apply migrations, load demo data when asked to, and in
 * demo mode without STRIPE_SECRET_KEY start the offline Stripe, which knows the accounts connected before.
 * The daily jobs start once the server listens (`startDailyJobs`).
 */
export async function startup(): Promise<void> {
  const config = env();
  const db = database();
  const isNew = migrateDatabase(db);
  const wantDemo = config.DEMO_DATA === "1" || (config.DEMO_DATA === undefined && isNew);
  if (wantDemo) await seedDemoData(db, { password: config.DEMO_PASSWORD });
  if (!config.STRIPE_SECRET_KEY && isDemoMode()) {
    const fake = await startFakeStripe({ deliver: (payload, signature) => handleStripeWebhook(db, payload, signature) });
    for (const account of connectedStripeAccounts(db)) fake.restoreAccount(account);
    console.log("Stripe: no STRIPE_SECRET_KEY, so this demo uses the offline Stripe (docs/decisions/004-stripe-offline.md)");
  }
  if (config.SMTP_URL) {
    setInterval(() => void deliverOutbox(db).catch((error) => console.error("Email delivery failed", error)), 10_000).unref();
  }
}

/**
 * At every start and once a day: expiry reminders for provider evidence, ending the agreements whose end date
 * has passed, closing the funds of agreements whose run-off is over, 4-weekly ISF statements to people and their
 * representatives, ISF alerts to providers and practitioners, and the ledger totals of every open fund for the commissioning
 * dashboards. Each is done once (it is recorded), and one failing job does not stop the others.
 */
const DAILY_JOBS: [string, (db: ReturnType<typeof database>) => Steps<unknown> | AsyncSteps<unknown>][] = [
  ["Evidence reminders", function* (db) {
    return runEvidenceReminders(db); // quick: a single step
  }],
  ["Ending agreements", endDueAgreementsSteps],
  ["Closing the funds of ended agreements", closeEndedFundsSteps],
  ["ISF statements", sendDueStatementsSteps],
  ["ISF alerts", raiseAllLedgerAlertsSteps],
  ["Dashboard figures", (db) => warmFundTotalsSteps(db)],
];

let jobsRunning = false;

/**
 * Runs the daily jobs a slice of time at a time, so that the server answers requests while they run (on a national
 * data set the first run after an import takes a while). A run still going when the next is due is left to finish.
 */
export async function runDailyJobs(db = database()): Promise<void> {
  if (jobsRunning) return;
  jobsRunning = true;
  const started = performance.now();
  try {
    for (const [name, job] of DAILY_JOBS) {
      try {
        await runStepsInSlices(job(db));
      } catch (error) {
        console.error(`${name} failed`, error);
      }
    }
  } finally {
    jobsRunning = false;
  }
  console.log(`Daily jobs done in ${Math.round(performance.now() - started)} ms`);
}

/** Once the server listens: the daily jobs now, and every 24 hours. */
export function startDailyJobs(): void {
  void runDailyJobs();
  setInterval(() => void runDailyJobs(), 24 * 60 * 60 * 1000).unref();
}

/** Demo mode: the database holds the demo data, so the sign-in page lists the demo accounts. */
export function isDemoMode(): boolean {
  if (env().DEMO_DATA === "0") return false;
  return database().select().from(settings).where(eq(settings.key, "demo_data")).get()?.value === "1";
}

/** The demo accounts, for the sign-in page in demo mode. */
export function demoAccounts() {
  return DEMO_USERS.map(({ email, role, about }) => ({ email, role: ROLE_LABELS[role], about }));
}

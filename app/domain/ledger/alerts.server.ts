import { and, eq, isNull } from "drizzle-orm";
import { immediate, type Db } from "@db/client.server";
import { isfAccounts, ledgerAlerts, ledgerEntries } from "@db/schema";
import { notify } from "~/domain/notifications/notifications.server";
import { formatDate, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { accountFigures, type Figures, type LedgerFlag } from "./figures";
import { accountById } from "./ledger.server";
import { ENTRY_FACTS, termsOf } from "./queries.server";

/** The provider's and the practitioner's users who should hear about this account. */
export type AlertRecipients = { providerUserIds: string[]; practitionerUserIds: string[] };

/** The page about an account, linked from alerts. */
export const accountPath = (accountId: string) => `/funds/${accountId}`;

/** The message and email body of each alert. No personal details: the link leads to them for people allowed to see. */
function describe(flag: LedgerFlag, f: Figures, periodEnd: IsoDate, rule: { weeks: number; heldFor: number }): { message: string; body: string } {
  const end = formatDate(periodEnd);
  switch (flag) {
    case "forecast_overspend":
      return {
        message: "An Individual Service Fund is forecast to overspend",
        body: `At the rate of the last 8 weeks, spending will reach ${formatPence(f.forecast.forecastSpend)} by ${end}: ${formatPence(f.forecast.forecastVariance)} more than the ${formatPence(f.funding)} budget.`,
      };
    case "forecast_underspend":
      return {
        message: "An Individual Service Fund is forecast to leave more than 20% unspent",
        body: `At the rate of the last 8 weeks, spending will reach ${formatPence(f.forecast.forecastSpend)} by ${end}, leaving ${formatPence(-f.forecast.forecastVariance)} of the ${formatPence(f.funding)} budget unspent.`,
      };
    case "surplus_held":
      return {
        message: "An Individual Service Fund has held a surplus for too long",
        body: `For ${f.surplusRunDays} days the fund has been more than ${rule.weeks} weeks' worth of budget ahead of plan. The agreement's surplus rule asks for a review after ${rule.heldFor} weeks.`,
      };
    case "no_recent_drawdown":
      return {
        message: "Nothing has been paid from an Individual Service Fund for 8 weeks",
        body: f.lastDrawdownDate ? `The last payment for support was on ${formatDate(f.lastDrawdownDate)}.` : "No support has been paid from this fund yet.",
      };
  }
}

/**
 * Whether the account's flags as of `today` differ from its open alerts, read without a write lock. A change
 * made between this look and `raiseLedgerAlerts` is caught there, inside its transaction.
 */
export function alertsMayChange(db: Db, account: typeof isfAccounts.$inferSelect, today: IsoDate, committed = 0): boolean {
  const entries = db.select(ENTRY_FACTS).from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all();
  const flags = accountFigures(termsOf(account), entries, today, committed).flags;
  const open = db
    .select({ condition: ledgerAlerts.condition })
    .from(ledgerAlerts)
    .where(and(eq(ledgerAlerts.accountId, account.id), isNull(ledgerAlerts.clearedOn)))
    .all()
    .map((a) => a.condition);
  return flags.length !== open.length || flags.some((flag) => !open.includes(flag));
}

/**
 * Checks an account's flags as of `today` and tells the provider and the practitioner about each new one, once:
 * an alert stays open while its condition lasts (no repeat messages), and is closed when the condition clears,
 * so a later recurrence is reported again. Run it daily (and after postings). Returns the flags newly raised.
 */
export function raiseLedgerAlerts(db: Db, accountId: string, today: IsoDate, recipients: AlertRecipients, committed = 0): LedgerFlag[] {
  return immediate(db, (tx) => {
    const account = accountById(tx, accountId);
    const entries = tx.select(ENTRY_FACTS).from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).all();
    const figures = accountFigures(termsOf(account), entries, today, committed);
    const open = tx
      .select()
      .from(ledgerAlerts)
      .where(and(eq(ledgerAlerts.accountId, accountId), isNull(ledgerAlerts.clearedOn)))
      .all();
    for (const alert of open) {
      if (!figures.flags.includes(alert.condition)) tx.update(ledgerAlerts).set({ clearedOn: today }).where(eq(ledgerAlerts.id, alert.id)).run();
    }
    const raised = figures.flags.filter((flag) => !open.some((alert) => alert.condition === flag));
    for (const flag of raised) {
      tx.insert(ledgerAlerts).values({ accountId, condition: flag, raisedOn: today }).run();
      notify(tx, {
        userIds: [...recipients.providerUserIds, ...recipients.practitionerUserIds],
        link: accountPath(accountId),
        ...describe(flag, figures, account.periodEnd, { weeks: account.surplusWeeksWorth, heldFor: account.surplusHeldForWeeks }),
      });
    }
    return raised;
  });
}

/**
 * The ledger's daily jobs, run at start-up and once a day. Both are idempotent: a statement period is sent once
 * (recorded in `ledger_statement_sends` with its emails), and an alert once per condition (see alerts.server.ts).
 */
import { and, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import { isfAccounts, ledgerStatementSends, people, representatives, users } from "@db/schema";
import { committedByAccount } from "~/domain/invoices/invoices.server";
import { notify } from "~/domain/notifications/notifications.server";
import { formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { accountPath, alertsMayChange, raiseLedgerAlerts } from "./alerts.server";
import { lastStatementPeriod } from "./funds.server";
import { statementData } from "./queries.server";

const openAccounts = (db: Db) => db.select().from(isfAccounts).where(isNull(isfAccounts.closedAt)).all();

/** The users who get the person's statements: the person, if they have an account, and their active representatives. */
function statementRecipients(db: Tx, personId: string, today: IsoDate): string[] {
  const person = db.select({ userId: people.userId }).from(people).where(eq(people.id, personId)).get();
  const reps = db
    .select({ userId: representatives.userId })
    .from(representatives)
    .where(and(eq(representatives.personId, personId), lte(representatives.startsOn, today), or(isNull(representatives.endsOn), gte(representatives.endsOn, today))))
    .all();
  return [person?.userId, ...reps.map((r) => r.userId)].filter((id): id is string => Boolean(id));
}

/**
 * Sends each open account's latest 4-weekly statement (the 4 weeks from the fund's start that ended most
 * recently) to the person and their representatives: a notice and an email with a link to the statement.
 * Returns how many statements were sent.
 */
export function sendDueStatements(db: Db, today: IsoDate = todayIso()): number {
  let sent = 0;
  for (const account of openAccounts(db)) {
    const period = lastStatementPeriod(account.periodStart, account.periodEnd, today);
    if (!period) continue;
    immediate(db, (tx) => {
      const already = tx
        .select({ accountId: ledgerStatementSends.accountId })
        .from(ledgerStatementSends)
        .where(and(eq(ledgerStatementSends.accountId, account.id), eq(ledgerStatementSends.periodFrom, period.from)))
        .get();
      if (already) return;
      const recipients = statementRecipients(tx, account.personId, today);
      tx.insert(ledgerStatementSends).values({ accountId: account.id, periodFrom: period.from, periodTo: period.to, recipients: recipients.length }).run();
      sent++;
      // Nobody to tell (no account of their own, no representative): the period is recorded, with no statement to build.
      if (recipients.length === 0) return;
      const data = statementData(tx, account.id, { councilId: account.councilId }, period, "");
      notify(tx, {
        userIds: recipients,
        message: `Your Individual Service Fund statement for ${formatDate(period.from)} to ${formatDate(period.to)} is ready`,
        link: `${accountPath(account.id)}?${new URLSearchParams({ from: period.from, to: period.to })}`,
        body: `${data.sentence}.\n\nIn these 4 weeks ${data.count === 1 ? "1 entry was" : `${data.count} entries were`} recorded on the fund. Follow the link to see every entry and to download the statement.`,
      });
    });
  }
  return sent;
}

/** The provider's users and the person's practitioner, who hear about an account's alerts. */
function alertRecipients(db: Db, account: typeof isfAccounts.$inferSelect) {
  const providerUserIds = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, account.providerOrganisationId), inArray(users.role, ["provider_admin", "provider_staff"]), isNull(users.disabledAt)))
    .all()
    .map((u) => u.id);
  const practitioner = db.select({ id: people.practitionerId }).from(people).where(eq(people.id, account.personId)).get()?.id;
  return { providerUserIds, practitionerUserIds: practitioner ? [practitioner] : [] };
}

/** Checks every open account's flags and alerts the provider and practitioner once per new condition. Returns how many alerts were raised. */
export function raiseAllLedgerAlerts(db: Db, today: IsoDate = todayIso()): number {
  let raised = 0;
  const committed = committedByAccount(db);
  for (const account of openAccounts(db)) {
    const held = committed.get(account.id) ?? 0;
    // Most days nothing changes: only an account whose flags differ from its open alerts gets a write transaction.
    if (!alertsMayChange(db, account, today, held)) continue;
    raised += raiseLedgerAlerts(db, account.id, today, alertRecipients(db, account), held).length;
  }
  return raised;
}

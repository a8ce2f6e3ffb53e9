/**
 * The ledger's daily jobs, run at start-up and once a day. All are idempotent: a statement period is sent once
 * (recorded in `ledger_statement_sends` with its emails), an alert once per condition (see alerts.server.ts), and a
 * fund is closed once.
 */
import { and, eq, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import { agreements, isfAccounts, ledgerStatementSends, people, users } from "@db/schema";
import { committedByAccount } from "~/domain/invoices/invoices.server";
import { notify } from "~/domain/notifications/notifications.server";
import { personAndRepresentativeUserIds } from "~/domain/people/people.server";
import { addDays, formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { runSteps, runStepsInSlices, type AsyncSteps, type Steps } from "~/lib/steps";
import { accountPath, alertsMayChange, raiseLedgerAlerts } from "./alerts.server";
import { lastStatementPeriod, statementDocument, wantsEasyRead } from "./funds.server";
import { accountById, closeAccount } from "./ledger.server";
import { RUN_OFF_DAYS, runOffEnds } from "./run-off";

const openAccounts = (db: Db) => db.select().from(isfAccounts).where(isNull(isfAccounts.closedAt)).all();

/** The users who get the person's statements: the person, if they have an account, and their active representatives. */
const statementRecipients = (db: Tx, personId: string, today: IsoDate) => personAndRepresentativeUserIds(db, personId, today);

/**
 * Sends each open account's latest 4-weekly statement (the 4 weeks from the fund's start that ended most
 * recently) to the person and their representatives: a notice, and an email with the statement for those 4 weeks
 * attached as a PDF (in Easy Read when the person's record asks for it) and a link to the fund. Returns how many
 * statements were sent.
 */
export function sendDueStatements(db: Db, today: IsoDate = todayIso()): Promise<number> {
  return runStepsInSlices(sendDueStatementsSteps(db, today));
}

const statementSent = (db: Tx, accountId: string, periodFrom: IsoDate) =>
  db
    .select({ accountId: ledgerStatementSends.accountId })
    .from(ledgerStatementSends)
    .where(and(eq(ledgerStatementSends.accountId, accountId), eq(ledgerStatementSends.periodFrom, periodFrom)))
    .get() !== undefined;

/**
 * `sendDueStatements` one fund at a time, each in its own transaction. The statement is drawn before its fund's
 * transaction, since drawing a PDF takes a moment; the email's figures are those of the document it carries.
 */
export async function* sendDueStatementsSteps(db: Db, today: IsoDate = todayIso()): AsyncSteps<number> {
  let sent = 0;
  for (const account of openAccounts(db)) {
    const period = lastStatementPeriod(account.periodStart, account.periodEnd, today);
    if (!period) continue;
    yield;
    if (statementSent(db, account.id, period.from)) continue;
    const recipients = statementRecipients(db, account.personId, today);
    // Nobody to tell (no account of their own, no representative): the period is recorded, with no statement to draw.
    const easyRead = recipients.length > 0 && wantsEasyRead(db, account.personId);
    let statement: Awaited<ReturnType<typeof statementDocument>> | null = null;
    try {
      statement = recipients.length > 0 ? await statementDocument(db, account, { councilId: account.councilId }, period, { easyRead }) : null;
    } catch (error) {
      // One statement that cannot be drawn must not stop the others; it is not recorded as sent, so it is tried again.
      console.error(`The statement of fund ${account.id} for ${period.from} to ${period.to} could not be drawn`, error);
      continue;
    }
    immediate(db, (tx) => {
      if (statementSent(tx, account.id, period.from)) return;
      // Who is told is read again with the send: a representative whose authority ended meanwhile is not.
      const current = statement ? statementRecipients(tx, account.personId, today) : [];
      tx.insert(ledgerStatementSends).values({ accountId: account.id, periodFrom: period.from, periodTo: period.to, recipients: current.length }).run();
      sent++;
      if (!statement || current.length === 0) return;
      const { data } = statement;
      notify(tx, {
        userIds: current,
        message: `Your Individual Service Fund statement for ${formatDate(period.from)} to ${formatDate(period.to)} is ready`,
        link: `${accountPath(account.id)}?${new URLSearchParams({ from: period.from, to: period.to })}`,
        body: `${data.sentence}.\n\nIn these 4 weeks ${data.count === 1 ? "1 entry was" : `${data.count} entries were`} recorded on the fund. The statement is attached${easyRead ? " in Easy Read" : ""}. Follow the link to see every entry.`,
        attachments: [{ filename: statement.fileName, contentType: "application/pdf", content: statement.pdf }],
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

/**
 * Checks the flags of every open account whose agreement has not ended (a fund in its run-off is only waiting for
 * the last invoices) and alerts the provider and practitioner once per new condition. Returns how many alerts were raised.
 */
export function raiseAllLedgerAlerts(db: Db, today: IsoDate = todayIso()): number {
  return runSteps(raiseAllLedgerAlertsSteps(db, today));
}

/** `raiseAllLedgerAlerts` one fund at a time; a fund whose alerts change gets its own transaction. */
export function* raiseAllLedgerAlertsSteps(db: Db, today: IsoDate = todayIso()): Steps<number> {
  let raised = 0;
  const committed = committedByAccount(db);
  for (const account of runningAccounts(db)) {
    yield;
    const held = committed.get(account.id) ?? 0;
    // Most days nothing changes: only an account whose flags differ from its open alerts gets a write transaction.
    if (!alertsMayChange(db, account, today, held)) continue;
    // Between steps its fund may have closed or its agreement ended.
    const [now] = runningAccounts(db, account.id);
    if (!now) continue;
    raised += raiseLedgerAlerts(db, now.id, today, alertRecipients(db, now), committedByAccount(db, [now.id]).get(now.id) ?? 0).length;
  }
  return raised;
}

/** Open accounts whose agreement has not ended (all of them, or the one asked for). */
function runningAccounts(db: Db, accountId?: string) {
  return db
    .select({ account: isfAccounts })
    .from(isfAccounts)
    .leftJoin(agreements, eq(agreements.id, isfAccounts.agreementId))
    .where(and(isNull(isfAccounts.closedAt), or(isNull(agreements.id), ne(agreements.status, "ended")), accountId ? eq(isfAccounts.id, accountId) : undefined))
    .all()
    .map((row) => row.account);
}

/**
 * Closes the fund of every agreement that ended more than RUN_OFF_DAYS ago (decision 017): what is left is returned
 * and the person, their representatives and the provider are told. A fund with invoices still waiting for approval
 * stays open until they are decided, so money owed to the provider is never returned. Returns how many closed.
 */
export function closeEndedFunds(db: Db, today: IsoDate = todayIso()): number {
  return runSteps(closeEndedFundsSteps(db, today));
}

/** `closeEndedFunds` one fund at a time, each in its own transaction. */
export function* closeEndedFundsSteps(db: Db, today: IsoDate = todayIso()): Steps<number> {
  const due = db
    .select({ account: isfAccounts, reference: agreements.reference, endedOn: agreements.endedOn })
    .from(isfAccounts)
    .innerJoin(agreements, eq(agreements.id, isfAccounts.agreementId))
    .where(and(isNull(isfAccounts.closedAt), eq(agreements.status, "ended"), lt(agreements.endedOn, addDays(today, -RUN_OFF_DAYS))))
    .all();
  let closed = 0;
  for (const { account, reference, endedOn } of due) {
    yield;
    immediate(db, (tx) => {
      // Someone may have closed it since the list was read.
      if (accountById(tx, account.id).closedAt) return;
      const committed = committedByAccount(tx, [account.id]).get(account.id) ?? 0;
      if (committed > 0) return;
      const returns = closeAccount(
        tx,
        account.id,
        { closedOn: today, reason: `Agreement ${reference} ended on ${formatDate(endedOn!)}; invoices could be sent until ${formatDate(runOffEnds(endedOn!))}`, committed },
        null,
      );
      closed++;
      const returned = -returns.reduce((sum, entry) => sum + entry.amount, 0);
      const providerUserIds = tx.select({ id: users.id }).from(users).where(eq(users.organisationId, account.providerOrganisationId)).all().map((u) => u.id);
      notify(tx, {
        userIds: [...statementRecipients(tx, account.personId, today), ...providerUserIds],
        message: `The Individual Service Fund of agreement ${reference} is closed`,
        body: `The agreement ended on ${formatDate(endedOn!)} and the time for invoicing support given before then is over. ${returned > 0 ? `${formatPence(returned)} left in the fund has been returned.` : "Nothing was left in the fund to return."}`,
        link: accountPath(account.id),
      });
    });
  }
  return closed;
}

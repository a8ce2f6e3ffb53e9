/**
 * The ISF account pages: who may read which accounts, and what each page shows. People and representatives see
 * the accounts of the people they act for, a provider's users the accounts of its agreements, and the staff of
 * the account's council (practitioners, commissioners, finance) all of the council's accounts. Anyone else is
 * told the account does not exist.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { agreements, auditEvents, councilListItems, frameworkLots, isfAccounts, organisations, people, users } from "@db/schema";
import { can, isCouncilStaff, isPersonUser, isProviderUser, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { committedByAccount } from "~/domain/invoices/invoices.server";
import { peopleActedFor, requirePersonAccess } from "~/domain/people/people.server";
import { addDays, todayIso, toIsoDate, type IsoDate } from "~/lib/dates";
import { Forbidden, NotFound } from "~/lib/errors";
import { feeAllowance, plannedPerOutcome } from "./agreement-terms.server";
import { accountFigures, balanceSentence, surplusSentence, type Figures, type LedgerFlag } from "./figures";
import type { IsfAccount } from "./ledger.server";
import { accountSummary, entryFactsOf, findAccount, listAccounts, statementData, statementPage, termsOf, type AccountScope, type StatementRange } from "./queries.server";
import { fundStanding } from "./run-off";
import { statementPdf } from "./statement-pdf.server";

export type FundsViewer = "person" | "provider" | "council";

/** The accounts the actor may read, and in which capacity. NotFound for anyone with no accounts to see. */
export function fundsScope(db: Tx, actor: Actor): { scope: AccountScope; viewer: FundsViewer } {
  if (isPersonUser(actor)) return { scope: { personIds: peopleActedFor(db, actor).map((p) => p.id) }, viewer: "person" };
  if (isProviderUser(actor) && actor.organisationId) return { scope: { providerOrganisationId: actor.organisationId }, viewer: "provider" };
  if (isCouncilStaff(actor) && actor.councilId) return { scope: { councilId: actor.councilId }, viewer: "council" };
  throw new NotFound();
}

/** An account the actor may read; a person or representative must also pass the person's visibility rule. */
export function readableAccount(db: Tx, actor: Actor, accountId: string) {
  const { scope, viewer } = fundsScope(db, actor);
  const account = findAccount(db, accountId, scope);
  if (viewer === "person") requirePersonAccess(db, actor, account.personId, "view");
  return { account, scope, viewer };
}

function personOf(db: Tx, personId: string) {
  return db.select({ id: people.id, name: people.name, reference: people.reference, localityId: people.localityId }).from(people).where(eq(people.id, personId)).get() ?? null;
}

export const STATEMENT_PAGE_SIZE = 25;

/**
 * Everything the account page shows: the balance sentence with the money committed by submitted invoices, spend
 * against plan, the money banked against the surplus rule, planned and actual spend per outcome (from the agreement
 * in force), one page of the statement for a date range, and for council staff who has looked at the account (this
 * view included, since it is written to the audit log first) and the management fee the agreement allows from the fund.
 */
export function fundsAccountPage(db: Tx, actor: Actor, accountId: string, input: { range: StatementRange; page: number; today?: IsoDate }) {
  const today = input.today ?? todayIso();
  const { account, scope, viewer } = readableAccount(db, actor, accountId);
  if (viewer === "council") {
    recordAudit(db, { actor, action: "isf_account.viewed", subjectType: "isf_account", subjectId: account.id, councilId: account.councilId });
  }
  const committed = committedByAccount(db, [account.id]).get(account.id) ?? 0;
  const summary = accountSummary(db, account.id, scope, today, { committed, plan: plannedPerOutcome(db, account.agreementId) });
  const outcomeIds = summary.outcomes.map((o) => o.outcomeId).filter((id): id is string => id !== null);
  const labels = new Map(
    outcomeIds.length > 0
      ? db.select({ id: councilListItems.id, label: councilListItems.label }).from(councilListItems).where(inArray(councilListItems.id, outcomeIds)).all().map((o) => [o.id, o.label])
      : [],
  );
  const provider = db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, account.providerOrganisationId)).get()?.name ?? "";
  return {
    viewer,
    self: viewer === "person" && db.select({ id: people.id }).from(people).where(and(eq(people.id, account.personId), eq(people.userId, actor.id))).get() !== undefined,
    person: personOf(db, account.personId),
    provider,
    summary,
    standing: standingOf(db, account, today, committed),
    /** The money banked against the agreement's surplus rule, in words, while the fund is open. */
    surplus: account.closedAt ? null : surplusSentence(termsOf(account), summary.figures),
    outcomes: summary.outcomes.map((o) => ({ ...o, label: o.outcomeId ? (labels.get(o.outcomeId) ?? "Outcome no longer listed") : "Not linked to an outcome" })),
    statement: statementPage(db, account.id, scope, input.range, input.page, STATEMENT_PAGE_SIZE),
    views: viewer === "council" ? accountViews(db, account.id) : [],
    canRecord: can(actor, "ledger.record", { councilId: account.councilId }) && !account.closedAt,
    fee: viewer === "person" ? null : feeAllowance(db, account),
  };
}

/**
 * The figures of the fund opened for an agreement as of `today`, counting as committed the money on invoices waiting
 * for approval; null before the agreement's first approval opens one. No permission check: the agreements area asks
 * about an agreement it has already authorised (a change to its ISF amount must leave what is paid and owed covered).
 */
export function agreementFundFigures(db: Tx, agreementId: string, today: IsoDate): Figures | null {
  const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreementId)).get();
  if (!account) return null;
  const committed = committedByAccount(db, [account.id]).get(account.id) ?? 0;
  return accountFigures(termsOf(account), entryFactsOf(db, [account.id]), today, committed);
}

/**
 * Where the fund stands once its agreement is ending or has ended (decision 017), in words for everyone who may see
 * the fund: until when invoices for support before the end can still be paid, or when it closed. Null otherwise.
 */
export function standingOf(db: Tx, account: IsfAccount, today: IsoDate, committed: number): string | null {
  const agreement = db
    .select({ reference: agreements.reference, status: agreements.status, endedOn: agreements.endedOn, noticeEndsOn: agreements.noticeEndsOn })
    .from(agreements)
    .where(eq(agreements.id, account.agreementId))
    .get();
  if (!agreement) return null;
  return fundStanding(
    {
      reference: agreement.reference,
      status: agreement.status,
      endsOn: agreement.endedOn ?? agreement.noticeEndsOn,
      closedOn: account.closedAt ? toIsoDate(account.closedAt) : null,
      committed,
    },
    today,
  );
}

/** Who has viewed the account (council staff), newest first. */
export function accountViews(db: Tx, accountId: string, limit = 20) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.at, name: users.name, role: users.role })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.subjectType, "isf_account"), eq(auditEvents.subjectId, accountId), inArray(auditEvents.action, ["isf_account.viewed", "isf_account.statement_downloaded"])))
    .orderBy(desc(auditEvents.id))
    .limit(limit)
    .all();
}

/**
 * A statement of the account for a period as a PDF (standard or Easy Read). The period defaults to the fund's
 * start up to today (or its end, if sooner). Downloads by council staff are audited.
 */
export async function fundsStatementPdf(db: Tx, actor: Actor, accountId: string, input: { from?: IsoDate; to?: IsoDate; easyRead: boolean; today?: IsoDate }) {
  const today = input.today ?? todayIso();
  const { account, scope, viewer } = readableAccount(db, actor, accountId);
  const from = input.from || account.periodStart;
  const to = input.to || (today < account.periodEnd ? today : account.periodEnd);
  if (viewer === "council") {
    recordAudit(db, {
      actor,
      action: "isf_account.statement_downloaded",
      subjectType: "isf_account",
      subjectId: account.id,
      councilId: account.councilId,
      detail: `${from} to ${to}${input.easyRead ? ", Easy Read" : ""}`,
    });
  }
  const { pdf, fileName } = await statementDocument(db, account, scope, { from, to }, { easyRead: input.easyRead });
  return { pdf, fileName };
}

/**
 * The statement of an account for the dates as a PDF (standard or Easy Read) with its file name, and the figures it
 * shows. For the download and for the 4-weekly email, which attaches it.
 */
export async function statementDocument(db: Tx, account: IsfAccount, scope: AccountScope, range: { from: IsoDate; to: IsoDate }, options: { easyRead: boolean }) {
  const person = personOf(db, account.personId);
  const data = statementData(db, account.id, scope, range, person?.name ?? "");
  const pdf = await statementPdf(data, options);
  const fileName = `statement-${person?.reference ?? account.id}-${range.from}-to-${range.to}${options.easyRead ? "-easy-read" : ""}.pdf`;
  return { data, pdf, fileName };
}

/** Whether the person's record asks for Easy Read as an accessible format, so documents sent to them are in Easy Read. */
export function wantsEasyRead(db: Tx, personId: string): boolean {
  const formats = db.select({ formats: people.accessibleFormats }).from(people).where(eq(people.id, personId)).get()?.formats ?? [];
  return formats.includes("easy_read");
}

export const LIST_PAGE_SIZE = 25;

export type FundsListFilters = { providerOrganisationId?: string; lotId?: string; localityId?: string; flag?: LedgerFlag; page: number };

/**
 * The accounts a provider or a council sees, riskiest first, with the person's name and locality, a page at a
 * time. Council staff may filter by provider, lot, locality and flag; a provider by flag. People have no list.
 */
export function fundsList(db: Tx, actor: Actor, filters: FundsListFilters, today: IsoDate = todayIso()) {
  const { scope, viewer } = fundsScope(db, actor);
  if (viewer === "person") throw new Forbidden();
  const rows = listAccounts(db, scope, today, {
    providerOrganisationId: viewer === "council" ? filters.providerOrganisationId : undefined,
    lotId: viewer === "council" ? filters.lotId : undefined,
    flag: filters.flag,
    committed: committedByAccount(db),
  });
  const personIds = [...new Set(rows.map((r) => r.account.personId))];
  const persons = new Map(
    personIds.length > 0
      ? db
          .select({ id: people.id, name: people.name, reference: people.reference, localityId: people.localityId, locality: councilListItems.label })
          .from(people)
          .leftJoin(councilListItems, eq(councilListItems.id, people.localityId))
          .where(inArray(people.id, personIds))
          .all()
          .map((p) => [p.id, p])
      : [],
  );
  const located = rows
    .map((row) => ({ ...row, person: persons.get(row.account.personId) ?? null }))
    .filter((row) => viewer !== "council" || !filters.localityId || row.person?.localityId === filters.localityId);
  const pageCount = Math.max(1, Math.ceil(located.length / LIST_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  const councilId = "councilId" in scope ? scope.councilId : null;
  return {
    viewer,
    total: located.length,
    page,
    pageCount,
    rows: located.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE),
    providers: councilId
      ? db
          .selectDistinct({ id: organisations.id, name: organisations.name })
          .from(isfAccounts)
          .innerJoin(organisations, eq(organisations.id, isfAccounts.providerOrganisationId))
          .where(eq(isfAccounts.councilId, councilId))
          .orderBy(organisations.name)
          .all()
      : [],
    lots: councilId
      ? db
          .selectDistinct({ id: frameworkLots.id, name: frameworkLots.name })
          .from(isfAccounts)
          .innerJoin(agreements, eq(agreements.id, isfAccounts.agreementId))
          .innerJoin(frameworkLots, eq(frameworkLots.id, agreements.lotId))
          .where(eq(isfAccounts.councilId, councilId))
          .orderBy(frameworkLots.name)
          .all()
      : [],
    localities: councilId ? councilList(db, councilId, "locality") : [],
  };
}

/** A person's ISF accounts for "My support", newest first, each with its balance and what is available to spend. */
export function accountsOfPerson(db: Tx, actor: Actor, personId: string, today: IsoDate = todayIso()) {
  requirePersonAccess(db, actor, personId, "view");
  const scope = { personIds: [personId] };
  const accountIds = db.select({ id: isfAccounts.id }).from(isfAccounts).where(eq(isfAccounts.personId, personId)).all().map((a) => a.id);
  const committed = committedByAccount(db, accountIds);
  return listAccounts(db, scope, today, { includeClosed: true, committed })
    .map(({ account, providerName, figures }) => ({
      id: account.id,
      agreementId: account.agreementId,
      periodStart: account.periodStart,
      periodEnd: account.periodEnd,
      provider: providerName,
      closedAt: account.closedAt,
      /** "£6,214.50 left of £18,000 for this year" */
      sentence: balanceSentence(termsOf(account), figures),
      funding: figures.funding,
      spent: figures.spent,
      balance: figures.balance,
      /** The balance less invoices waiting for approval. */
      available: figures.available,
      committed: figures.committed,
      /** Until when an ending or ended agreement's invoices can be paid, or when the fund closed. */
      standing: standingOf(db, account, today, figures.committed),
    }))
    .sort((a, b) => b.periodStart.localeCompare(a.periodStart));
}

/** The 4-week statement period that ended most recently before `today`, or null before the first one ends. */
export function lastStatementPeriod(periodStart: IsoDate, periodEnd: IsoDate, today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  let from: IsoDate | null = null;
  for (let start = periodStart; start <= periodEnd; start = addDays(start, 28)) {
    const end = addDays(start, 27) < periodEnd ? addDays(start, 27) : periodEnd;
    if (end >= today) break;
    from = start;
  }
  if (!from) return null;
  const end = addDays(from, 27);
  return { from, to: end < periodEnd ? end : periodEnd };
}

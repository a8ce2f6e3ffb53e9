/**
 * Provider invoicing against Individual Service Funds: drafts and their lines (typed, pre-filled from the plan or
 * uploaded as CSV), validation and submission (which commits the amounts), council finance's decisions (approve,
 * which draws every line down in one transaction; query; reject), the person's flag on a line, and credit notes.
 * Payment runs are in `payment-runs.server.ts`.
 */
import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import {
  agreements,
  agreementVersions,
  councilListItems,
  councils,
  frameworkLots,
  invoiceLines,
  invoiceQueries,
  invoices,
  isfAccounts,
  ledgerEntries,
  organisations,
  people,
  stripeTransferReversals,
  type InvoiceStatus,
  type UnitKind,
} from "@db/schema";
import {
  authorise,
  can,
  isPersonUser,
  isProviderUser,
  type Actor,
} from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { managementFeeCorrections, managementFeesFor } from "~/domain/ledger/agreement-terms.server";
import {
  balanceOf,
  postEntries,
  type MovementInput,
  type PostInput,
} from "~/domain/ledger/ledger.server";
import { RUN_OFF_DAYS, runOffEnds } from "~/domain/ledger/run-off";
import { notify } from "~/domain/notifications/notifications.server";
import { canBePaid } from "~/domain/payments/payment-accounts.server";
import { peopleActedFor, personAccess, personAndRepresentativeUserIds } from "~/domain/people/people.server";
import {
  addDays,
  daysBetween,
  formatDate,
  isIsoDate,
  todayIso,
  type IsoDate,
} from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import { costOptionsFor, repeatedClaims } from "./duplicates";
import { daysWaitingForProvider, type QueryTimes } from "./waiting";
import {
  COMMITTING,
  INVOICE_TRANSITIONS,
  INVOICED,
  invoiceAllows,
  LINE_PAGE_SIZE,
  PAYMENT_TARGET_DAYS,
  invoicePath,
  type InvoiceCommand,
} from "./lifecycle";
import { creditRecoveryOf, holdFromPaymentRun, partialReversalOf, partialReversalRow, paymentOf } from "./payment-runs.server";
import { financeUserIds, providerUserIds } from "./recipients.server";

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;

/* ------------------------------------------------------------------------------------------------------------
 * Who may see what.
 * ---------------------------------------------------------------------------------------------------------- */

/** The invoice if the actor may see it (its provider's users, its council's finance team); otherwise NotFound. */
export function findInvoice(db: Tx, actor: Actor, invoiceId: string): Invoice {
  const invoice = db
    .select()
    .from(invoices)
    .where(eq(invoices.id, invoiceId))
    .get();
  if (!invoice) throw new NotFound("Invoice not found");
  if (
    can(actor, "provider.work", {
      organisationId: invoice.providerOrganisationId,
    })
  )
    return invoice;
  if (can(actor, "council.finance", { councilId: invoice.councilId }))
    return invoice;
  throw new NotFound("Invoice not found");
}

/** One of the actor's organisation's invoices, for the provider's pages and forms; anyone else (council finance too) is told it does not exist. */
export function providerInvoice(db: Tx, actor: Actor, invoiceId: string): Invoice {
  const invoice = findInvoice(db, actor, invoiceId);
  if (!can(actor, "provider.work", { organisationId: invoice.providerOrganisationId })) throw new NotFound("Invoice not found");
  return invoice;
}

function requireProvider(db: Tx, actor: Actor, invoiceId: string): Invoice {
  const invoice = findInvoice(db, actor, invoiceId);
  authorise(actor, "provider.work", {
    organisationId: invoice.providerOrganisationId,
  });
  return invoice;
}

/** An invoice for council finance's pages and forms: not found for anyone who may not see it, forbidden for its provider. */
export function requireFinance(db: Tx, actor: Actor, invoiceId: string): Invoice {
  const invoice = findInvoice(db, actor, invoiceId);
  authorise(actor, "council.finance", { councilId: invoice.councilId });
  return invoice;
}

function requireAllowed(invoice: Invoice, command: InvoiceCommand) {
  if (!invoiceAllows(invoice.status, command))
    throw new Conflict(
      `This invoice is ${invoice.status}: it cannot be ${
        command === "submit" ? "submitted" : `${command}d`
      } now`
    );
}

function move(
  tx: Tx,
  actor: Actor | null,
  invoice: Invoice,
  command: InvoiceCommand,
  detail: string,
  extra: Partial<Invoice> = {}
) {
  const to = INVOICE_TRANSITIONS[command].to;
  tx.update(invoices)
    .set({ ...extra, status: to })
    .where(eq(invoices.id, invoice.id))
    .run();
  recordAudit(tx, {
    actor,
    councilId: invoice.councilId,
    action: `invoice.${command}`,
    subjectType: "invoice",
    subjectId: invoice.id,
    detail: `${invoice.reference}: ${detail}`,
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Drafts.
 * ---------------------------------------------------------------------------------------------------------- */

/** Agreements as invoicing reads them: with the approved version, the lot's unit and the fund (open or closed). */
function agreementRows(db: Tx, where: SQL | undefined) {
  return db
    .select({
      agreement: agreements,
      version: agreementVersions,
      unit: frameworkLots.guideRateUnit,
      accountId: isfAccounts.id,
      accountClosedAt: isfAccounts.closedAt,
    })
    .from(agreements)
    .innerJoin(
      agreementVersions,
      and(
        eq(agreementVersions.agreementId, agreements.id),
        eq(agreementVersions.status, "approved")
      )
    )
    .innerJoin(frameworkLots, eq(frameworkLots.id, agreements.lotId))
    .leftJoin(isfAccounts, eq(isfAccounts.agreementId, agreements.id))
    .where(where)
    .all();
}

/**
 * The provider's agreements that can take new invoices, with one council when given: those in force (active or
 * ending), and those that ended less than RUN_OFF_DAYS ago and whose fund is still open, for the support given
 * before they ended (decision 017).
 */
const invoiceableWith = (organisationId: string, councilId: string | undefined, today: IsoDate) =>
  and(
    eq(agreements.providerOrganisationId, organisationId),
    or(
      inArray(agreements.status, ["active", "ending"]),
      and(
        eq(agreements.status, "ended"),
        gte(agreements.endedOn, addDays(today, -RUN_OFF_DAYS)),
        sql`exists (select 1 from isf_accounts a where a.agreement_id = ${agreements.id} and a.closed_at is null)`
      )
    ),
    councilId ? eq(agreements.councilId, councilId) : undefined
  );

/** The agreements between the invoice's provider and council (those given, when `agreementIds` is given). */
export function agreementsForInvoice(db: Tx, invoice: Invoice, agreementIds?: string[]) {
  return agreementRows(
    db,
    and(
      agreementIds ? inArray(agreements.id, agreementIds) : undefined,
      eq(agreements.providerOrganisationId, invoice.providerOrganisationId),
      eq(agreements.councilId, invoice.councilId)
    )
  );
}

function invoiceableAgreements(db: Tx, organisationId: string, councilId: string, today: IsoDate) {
  return agreementRows(db, invoiceableWith(organisationId, councilId, today));
}

export type AgreementRow = ReturnType<typeof agreementRows>[number];

/** The last day of support under the agreement: the day it ended, the day notice ends it, or its end date. */
const endOf = (row: AgreementRow) =>
  row.agreement.endedOn ?? row.agreement.noticeEndsOn ?? row.version.endOn ?? "9999-12-31";

/**
 * Why the agreement cannot be invoiced at all, or null. It must be active, ending or ended, with an open fund; an
 * ended one takes new claims (`newClaims`: a draft, not a queried invoice answered) only until its run-off ends.
 */
export function agreementStanding(
  row: AgreementRow | undefined,
  reference: string,
  options: { today: IsoDate; newClaims: boolean }
): string | null {
  const status = row?.agreement.status;
  if (!row || (status !== "active" && status !== "ending" && status !== "ended"))
    return `agreement ${reference} is not active`;
  const endedOn = status === "ended" ? endOf(row) : null;
  if (endedOn && row.accountClosedAt)
    return `agreement ${reference} ended on ${formatDate(endedOn)} and its fund is closed`;
  if (endedOn && options.newClaims && options.today > runOffEnds(endedOn))
    return `agreement ${reference} ended on ${formatDate(endedOn)}: invoices for it could be sent until ${formatDate(runOffEnds(endedOn))}`;
  return null;
}

/** Why the agreement was not in force on every day from `startOn` to `endOn` (from its start to its end), or null. */
export function datesProblem(
  row: AgreementRow,
  reference: string,
  line: { startOn: IsoDate; endOn: IsoDate }
): string | null {
  if (line.startOn >= (row.version.startOn ?? "") && line.endOn <= endOf(row)) return null;
  const days =
    line.startOn === line.endOn
      ? formatDate(line.startOn)
      : `every day from ${formatDate(line.startOn)} to ${formatDate(line.endOn)}`;
  return row.agreement.status === "ended"
    ? `agreement ${reference} ended on ${formatDate(endOf(row))}: it was not in force on ${days}`
    : `agreement ${reference} is not active on ${days}`;
}

/** Whether the outcome is one of those in the agreement's plan. */
export const inPlan = (row: AgreementRow, outcomeId: string) =>
  row.version.plan.some((p) => p.outcomeId === outcomeId);

/** "per hour" → hours, and so on; anything else is counted in items. */
export function unitKindOf(unit: string): UnitKind {
  if (/hour/i.test(unit)) return "hours";
  if (/session/i.test(unit)) return "sessions";
  if (/day|night/i.test(unit)) return "days";
  return "items";
}

export const PERIOD_DAYS = 28;

/**
 * The next 4-weekly period to invoice: periods run in 28-day steps from the earliest start of the provider's
 * agreements with the council; the next is the first one after the latest period it has invoiced.
 */
export function defaultPeriod(
  db: Tx,
  organisationId: string,
  councilId: string,
  today = todayIso()
): { periodStart: IsoDate; periodEnd: IsoDate } {
  const first =
    db
      .select({ first: sql<IsoDate | null>`min(coalesce(${agreementVersions.startOn}, ${today}))` })
      .from(agreements)
      .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.status, "approved")))
      .where(invoiceableWith(organisationId, councilId, today))
      .get()?.first ?? today;
  const latest = db
    .select({ periodEnd: invoices.periodEnd })
    .from(invoices)
    .where(
      and(
        eq(invoices.providerOrganisationId, organisationId),
        eq(invoices.councilId, councilId),
        eq(invoices.kind, "invoice"),
        ne(invoices.status, "rejected")
      )
    )
    .orderBy(desc(invoices.periodEnd))
    .get();
  const after = latest ? addDays(latest.periodEnd, 1) : first;
  const steps = Math.max(0, Math.ceil(daysBetween(first, after) / PERIOD_DAYS));
  const periodStart = addDays(first, steps * PERIOD_DAYS);
  return { periodStart, periodEnd: addDays(periodStart, PERIOD_DAYS - 1) };
}

/** The councils a provider has agreements with that can take new invoices. */
export function councilsInvoiced(db: Tx, actor: Actor, today = todayIso()): string[] {
  if (!isProviderUser(actor) || !actor.organisationId) return [];
  return db
    .selectDistinct({ councilId: agreements.councilId })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.status, "approved")))
    .where(invoiceableWith(actor.organisationId, undefined, today))
    .orderBy(asc(agreements.councilId))
    .all()
    .map((row) => row.councilId);
}

/** The councils a provider may invoice, by name, each with its next 4-weekly period. */
export function invoiceableCouncils(db: Tx, actor: Actor, today = todayIso()) {
  const ids = councilsInvoiced(db, actor, today);
  if (ids.length === 0) return [];
  return db
    .select({ id: councils.id, name: councils.name })
    .from(councils)
    .where(inArray(councils.id, ids))
    .orderBy(asc(councils.name))
    .all()
    .map((council) => ({ ...council, next: defaultPeriod(db, actor.organisationId!, council.id, today) }));
}

function nextReference(
  tx: Tx,
  organisationId: string,
  prefix: "INV" | "CN"
): string {
  const row = tx
    .select({ count: sql<number>`count(*)` })
    .from(invoices)
    .where(
      and(
        eq(invoices.providerOrganisationId, organisationId),
        sql`${invoices.reference} like ${`${prefix}-%`}`
      )
    )
    .get();
  return `${prefix}-${String((row?.count ?? 0) + 1).padStart(6, "0")}`;
}

export type CreateInvoiceInput = {
  councilId?: string;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
};

/** A new draft invoice for a period (by default the next 4-weekly one) to one council. */
export function createInvoice(
  db: Db,
  actor: Actor,
  input: CreateInvoiceInput = {},
  today = todayIso()
): Invoice {
  const organisationId = actor.organisationId ?? "";
  authorise(actor, "provider.work", { organisationId });
  return immediate(db, (tx) => {
    const councilsWith = councilsInvoiced(tx, actor, today);
    const councilId = input.councilId ?? councilsWith[0];
    if (!councilId || !councilsWith.includes(councilId))
      throw new RuleBroken(
        "You have no agreement in force with this council to invoice"
      );
    const period =
      input.periodStart && input.periodEnd
        ? { periodStart: input.periodStart, periodEnd: input.periodEnd }
        : defaultPeriod(tx, organisationId, councilId, today);
    if (
      !isIsoDate(period.periodStart) ||
      !isIsoDate(period.periodEnd) ||
      period.periodStart > period.periodEnd
    ) {
      throw new RuleBroken("The period must start on or before it ends", {
        periodEnd: "The period must start on or before it ends",
      });
    }
    const invoice = tx
      .insert(invoices)
      .values({
        councilId,
        providerOrganisationId: organisationId,
        reference: nextReference(tx, organisationId, "INV"),
        ...period,
        createdBy: actor.id,
      })
      .returning()
      .get();
    recordAudit(tx, {
      actor,
      councilId,
      action: "invoice.created",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference} for ${period.periodStart} to ${period.periodEnd}`,
    });
    return invoice;
  });
}

export type LineInput = {
  personId: string;
  agreementId: string;
  startOn: IsoDate;
  endOn: IsoDate;
  outcomeId?: string | null;
  description: string;
  unitKind: UnitKind;
  units: number;
  ratePence: number;
};

/** What can be checked of a line on its own, before it is saved. */
function shapeProblem(line: LineInput): string | null {
  if (!isIsoDate(line.startOn) || !isIsoDate(line.endOn))
    return "the date must be a real date";
  if (line.startOn > line.endOn)
    return "the first day must be on or before the last";
  if (!Number.isFinite(line.units) || line.units <= 0)
    return "the units must be more than zero";
  if (!Number.isSafeInteger(line.ratePence) || line.ratePence < 0)
    return "the rate must be an amount of money";
  if (!line.description.trim()) return "describe the support";
  return null;
}

/** Whether a day falls in the invoice's period: every line, typed or uploaded, is for support in it. */
export const inPeriod = (invoice: Pick<Invoice, "periodStart" | "periodEnd">, day: IsoDate) =>
  invoice.periodStart <= day && day <= invoice.periodEnd;

export const amountOf = (units: number, ratePence: number) =>
  Math.round(units * ratePence);

function requireEditable(invoice: Invoice) {
  if (invoice.status !== "draft" && invoice.status !== "queried")
    throw new Conflict("Only a draft or queried invoice can be changed");
}

function lineRow(invoiceId: string, position: number, line: LineInput) {
  return {
    invoiceId,
    position,
    personId: line.personId,
    agreementId: line.agreementId,
    startOn: line.startOn,
    endOn: line.endOn,
    outcomeId: line.outcomeId || null,
    description: line.description.trim(),
    unitKind: line.unitKind,
    units: line.units,
    ratePence: line.ratePence,
    amountPence: amountOf(line.units, line.ratePence),
  };
}

/** The number the next line added to the invoice will have. */
export const nextPosition = (tx: Tx, invoiceId: string) =>
  (tx
    .select({ max: sql<number | null>`max(${invoiceLines.position})` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .get()?.max ?? 0) + 1;

/** Inserts lines in chunks (SQLite limits the parameters of one statement), inside the caller's transaction. */
export function insertLinesFor(tx: Tx, invoiceId: string, lines: LineInput[]) {
  let position = nextPosition(tx, invoiceId);
  const rows = lines.map((line) => lineRow(invoiceId, position++, line));
  for (let i = 0; i < rows.length; i += 500)
    tx.insert(invoiceLines)
      .values(rows.slice(i, i + 500))
      .run();
}

/** Adds lines to a draft (or queried) invoice. Each must make sense on its own; the rules are checked on submit. */
export function addLines(
  db: Db,
  actor: Actor,
  invoiceId: string,
  lines: LineInput[]
): void {
  immediate(db, (tx) => {
    const invoice = requireProvider(tx, actor, invoiceId);
    requireEditable(invoice);
    const errors: Record<string, string> = {};
    lines.forEach((line, i) => {
      const problem = shapeProblem(line);
      if (problem) errors[`line-${i + 1}`] = `Line ${i + 1}: ${problem}`;
    });
    if (Object.keys(errors).length > 0)
      throw new RuleBroken(Object.values(errors)[0]!, errors);
    insertLinesFor(tx, invoice.id, lines);
  });
}

/** Changes one line of a draft or queried invoice. */
export function updateLine(
  db: Db,
  actor: Actor,
  lineId: string,
  line: LineInput
): void {
  immediate(db, (tx) => {
    const existing = tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.id, lineId))
      .get();
    if (!existing) throw new NotFound("Invoice line not found");
    requireEditable(requireProvider(tx, actor, existing.invoiceId));
    const problem = shapeProblem(line);
    if (problem)
      throw new RuleBroken(`Line ${existing.position}: ${problem}`, {
        line: problem,
      });
    const {
      invoiceId: _invoice,
      position: _position,
      ...row
    } = lineRow(existing.invoiceId, existing.position, line);
    tx.update(invoiceLines)
      .set({ ...row, rateFlagged: false })
      .where(eq(invoiceLines.id, lineId))
      .run();
  });
}

export function removeLine(db: Db, actor: Actor, lineId: string): void {
  immediate(db, (tx) => {
    const existing = tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.id, lineId))
      .get();
    if (!existing) throw new NotFound("Invoice line not found");
    requireEditable(requireProvider(tx, actor, existing.invoiceId));
    tx.delete(invoiceLines).where(eq(invoiceLines.id, lineId)).run();
  });
}

/** "6 hours a week" → 6 a week; null when the words give no weekly figure. */
function weeklyUnits(quantity: string): number | null {
  const match =
    /(\d+(?:\.\d+)?)\s*(?:hours?|sessions?|days?|nights?|visits?)?\s*(?:a|per|each)\s*week/i.exec(
      quantity
    );
  return match ? Number(match[1]) : null;
}

/**
 * Lines for the period from each agreement's plan: for every plan line with a rate, the units the plan expects
 * over the part of the period the agreement covers (from "6 hours a week", or the amount set aside per day).
 */
export function prefillFromPlan(
  db: Db,
  actor: Actor,
  invoiceId: string,
  today = todayIso()
): number {
  return immediate(db, (tx) => {
    const invoice = requireProvider(tx, actor, invoiceId);
    requireEditable(invoice);
    const lines: LineInput[] = [];
    for (const row of invoiceableAgreements(
      tx,
      invoice.providerOrganisationId,
      invoice.councilId,
      today
    )) {
      const startOn = [
        invoice.periodStart,
        row.version.startOn ?? invoice.periodStart,
      ].sort()[1]!;
      const endOn = [invoice.periodEnd, endOf(row)].sort()[0]!;
      if (startOn > endOn) continue;
      const days = daysBetween(startOn, endOn) + 1;
      const versionDays =
        daysBetween(
          row.version.startOn ?? startOn,
          row.version.endOn ?? endOn
        ) + 1;
      for (const plan of row.version.plan) {
        if (!plan.ratePence || plan.amountPence <= 0) continue;
        const weekly = weeklyUnits(plan.quantity);
        const units =
          weekly !== null
            ? (weekly * days) / 7
            : (plan.amountPence * days) / versionDays / plan.ratePence;
        const rounded = Math.round(units * 4) / 4;
        if (rounded <= 0) continue;
        lines.push({
          personId: row.agreement.personId,
          agreementId: row.agreement.id,
          startOn,
          endOn,
          outcomeId: plan.outcomeId,
          description: plan.support || plan.costOption,
          unitKind: unitKindOf(row.unit),
          units: rounded,
          ratePence: plan.ratePence,
        });
      }
    }
    insertLinesFor(tx, invoice.id, lines);
    return lines.length;
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Validation and submission.
 * ---------------------------------------------------------------------------------------------------------- */

/** Money committed on each account: pending lines of submitted or queried invoices, other than `exceptInvoiceId`'s. */
export function committedByAccount(
  db: Tx,
  accountIds?: string[],
  exceptInvoiceId?: string
): Map<string, number> {
  const rows = db
    .select({
      accountId: invoiceLines.accountId,
      total: sql<number>`sum(${invoiceLines.amountPence})`,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(
      and(
        inArray(invoices.status, COMMITTING),
        eq(invoices.kind, "invoice"),
        eq(invoiceLines.status, "pending"),
        accountIds ? inArray(invoiceLines.accountId, accountIds) : undefined,
        exceptInvoiceId ? ne(invoices.id, exceptInvoiceId) : undefined
      )
    )
    .groupBy(invoiceLines.accountId)
    .all();
  return new Map(
    rows.flatMap((r) => (r.accountId ? [[r.accountId, r.total] as const] : []))
  );
}

export type Validation = {
  problems: Record<string, string>;
  flagged: Set<string>;
  accounts: Map<string, string>;
};

/**
 * Checks every line of an invoice against its agreement and fund. Problems are keyed by line id and each says
 * which line and why. Lookups are made once per invoice, so a 500-line invoice is checked in one pass.
 */
export function validateInvoice(tx: Tx, invoice: Invoice, today = todayIso()): Validation {
  const lines = tx
    .select()
    .from(invoiceLines)
    .where(
      and(
        eq(invoiceLines.invoiceId, invoice.id),
        ne(invoiceLines.status, "rejected")
      )
    )
    .orderBy(asc(invoiceLines.position))
    .all();
  const problems: Record<string, string> = {};
  const flagged = new Set<string>();
  const accounts = new Map<string, string>();
  if (lines.length === 0) {
    problems.lines = "Add at least one line before submitting";
    return { problems, flagged, accounts };
  }
  const agreementIds = [...new Set(lines.map((l) => l.agreementId))];
  const rows = new Map(
    agreementsForInvoice(tx, invoice, agreementIds).map((row) => [row.agreement.id, row])
  );
  const references = new Map(
    tx
      .select({ id: agreements.id, reference: agreements.reference })
      .from(agreements)
      .where(inArray(agreements.id, agreementIds))
      .all()
      .map((a) => [a.id, a.reference])
  );
  const starts = lines.map((l) => l.startOn).sort();
  const ends = lines.map((l) => l.endOn).sort();
  const invoiced = tx
    .select({
      id: invoiceLines.id,
      position: invoiceLines.position,
      agreementId: invoiceLines.agreementId,
      startOn: invoiceLines.startOn,
      endOn: invoiceLines.endOn,
      outcomeId: invoiceLines.outcomeId,
      ratePence: invoiceLines.ratePence,
      description: invoiceLines.description,
      invoiceReference: invoices.reference,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(
      and(
        inArray(invoiceLines.agreementId, agreementIds),
        lte(invoiceLines.startOn, ends[ends.length - 1]!),
        gte(invoiceLines.endOn, starts[0]!),
        ne(invoices.id, invoice.id),
        eq(invoices.kind, "invoice"),
        inArray(invoices.status, INVOICED),
        inArray(invoiceLines.status, ["pending", "approved"])
      )
    )
    .orderBy(asc(invoices.reference), asc(invoiceLines.position))
    .all();
  const withCostOptions = <L extends { agreementId: string; outcomeId: string | null; ratePence: number }>(line: L) => ({
    ...line,
    costOptions: costOptionsFor(rows.get(line.agreementId)?.version.plan ?? [], line),
  });
  const repeated = repeatedClaims(lines.map(withCostOptions), invoiced.map(withCostOptions));
  const perAccount = new Map<string, { total: number; lines: InvoiceLine[] }>();
  for (const line of lines) {
    const say = (why: string) => {
      problems[line.id] = problems[line.id]
        ? `${problems[line.id]}; ${why}`
        : `Line ${line.position}: ${why}`;
    };
    const row = rows.get(line.agreementId);
    const reference = references.get(line.agreementId) ?? "unknown";
    const standing = agreementStanding(row, reference, {
      today,
      newClaims: invoice.status === "draft",
    });
    if (standing || !row) {
      say(standing ?? `agreement ${reference} is not active`);
      continue;
    }
    const dates = datesProblem(row, reference, line);
    if (dates) say(dates);
    if (line.personId !== row.agreement.personId)
      say(`the person is not the person in agreement ${reference}`);
    if (line.outcomeId && !inPlan(row, line.outcomeId))
      say(`the outcome is not one of those in the plan of agreement ${reference}`);
    if (!(line.units > 0)) say("the units must be more than zero");
    const repeat = repeated.get(line.id);
    if (repeat) say(repeat);
    const planRates = row.version.plan
      .filter(
        (p) =>
          p.ratePence && (!line.outcomeId || p.outcomeId === line.outcomeId)
      )
      .map((p) => p.ratePence!);
    const allRates = row.version.plan
      .filter((p) => p.ratePence)
      .map((p) => p.ratePence!);
    const limit = Math.max(0, ...(planRates.length > 0 ? planRates : allRates));
    if (line.ratePence > limit) flagged.add(line.id);
    if (!row.accountId) {
      say(`agreement ${reference} has no Individual Service Fund account`);
      continue;
    }
    accounts.set(line.id, row.accountId);
    const sum = perAccount.get(row.accountId) ?? { total: 0, lines: [] };
    sum.total += line.amountPence;
    sum.lines.push(line);
    perAccount.set(row.accountId, sum);
  }
  const committed = committedByAccount(tx, [...perAccount.keys()], invoice.id);
  for (const [accountId, sum] of perAccount) {
    const account = tx
      .select()
      .from(isfAccounts)
      .where(eq(isfAccounts.id, accountId))
      .get()!;
    const available =
      balanceOf(tx, accountId) - (committed.get(accountId) ?? 0);
    if (sum.total > available + account.contingencyAllowed) {
      const last = sum.lines[sum.lines.length - 1]!;
      const numbers = sum.lines.map((l) => l.position);
      const which =
        numbers.length === 1
          ? `Line ${numbers[0]}`
          : `Lines ${numbers.slice(0, 5).join(", ")}${
              numbers.length > 5 ? " and others" : ""
            }`;
      const why = `${which}: together ${formatPence(
        sum.total
      )} for agreement ${references.get(
        last.agreementId
      )} is more than the ${formatPence(
        Math.max(0, available)
      )} available in the fund`;
      problems[`total-${accountId}`] = why;
    }
  }
  return { problems, flagged, accounts };
}

/**
 * Submits a draft (or answers a query by resubmitting): every rule is checked in one IMMEDIATE transaction with the
 * committed amounts, so two invoices cannot both commit the same money. Submitting a submitted invoice again
 * changes nothing.
 */
export function submitInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
  today = todayIso(),
  answer?: string
): { flagged: number } {
  return immediate(db, (tx) => {
    const invoice = requireProvider(tx, actor, invoiceId);
    if (invoice.status === "submitted") return { flagged: 0 };
    requireAllowed(invoice, "submit");
    const { problems, flagged, accounts } = validateInvoice(tx, invoice, today);
    if (Object.keys(problems).length > 0) {
      const count = Object.keys(problems).length;
      throw new RuleBroken(
        count === 1
          ? Object.values(problems)[0]!
          : `There are ${count} problems with this invoice`,
        problems
      );
    }
    const lines = tx
      .select({ id: invoiceLines.id })
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          eq(invoiceLines.status, "pending")
        )
      )
      .all();
    for (const line of lines) {
      tx.update(invoiceLines)
        .set({
          accountId: accounts.get(line.id) ?? null,
          rateFlagged: flagged.has(line.id),
        })
        .where(eq(invoiceLines.id, line.id))
        .run();
    }
    if (invoice.status === "queried") {
      const open = tx
        .select()
        .from(invoiceQueries)
        .where(
          and(
            eq(invoiceQueries.invoiceId, invoice.id),
            isNull(invoiceQueries.answeredAt)
          )
        )
        .all();
      if (open.length > 0 && !answer?.trim())
        throw new RuleBroken("Answer the council's question", {
          answer: "Answer the council's question",
        });
      for (const q of open)
        tx.update(invoiceQueries)
          .set({
            answer: answer!.trim(),
            answeredBy: actor.id,
            answeredAt: new Date(),
          })
          .where(eq(invoiceQueries.id, q.id))
          .run();
    }
    const total = totalOf(tx, invoice.id);
    move(
      tx,
      actor,
      invoice,
      "submit",
      `submitted for ${formatPence(total)}${
        flagged.size ? `, ${flagged.size} rates above the agreement` : ""
      }`,
      {
        submittedOn: invoice.submittedOn ?? today,
        submittedAt: invoice.submittedAt ?? new Date(),
      }
    );
    notify(tx, {
      userIds: financeUserIds(tx, invoice.councilId),
      message: `Invoice ${invoice.reference} ${
        invoice.status === "queried"
          ? "was answered and resubmitted"
          : "is waiting for approval"
      } (${formatPence(total)})`,
      link: invoicePath(invoice, "council"),
    });
    return { flagged: flagged.size };
  });
}

function totalOf(tx: Tx, invoiceId: string): number {
  return (
    tx
      .select({
        total: sql<number>`coalesce(sum(${invoiceLines.amountPence}), 0)`,
      })
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, invoiceId),
          ne(invoiceLines.status, "rejected")
        )
      )
      .get()?.total ?? 0
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * Council finance's decisions.
 * ---------------------------------------------------------------------------------------------------------- */

const unresolvedFlag = and(
  sql`${invoiceLines.flaggedAt} is not null`,
  isNull(invoiceLines.flagResolvedAt)
);

/**
 * Approves a submitted invoice: the lines not rejected are drawn down from their funds in ONE transaction (each
 * line's id is its drawdown's reference, so it can never be drawn twice). A credit note's approval reverses the
 * drawdowns of the lines it credits.
 */
export function approveInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
  today = todayIso()
): void {
  immediate(db, (tx) => {
    const invoice = requireFinance(tx, actor, invoiceId);
    requireAllowed(invoice, "approve");
    const held = tx
      .select({ position: invoiceLines.position })
      .from(invoiceLines)
      .where(and(eq(invoiceLines.invoiceId, invoice.id), unresolvedFlag))
      .all();
    if (held.length > 0)
      throw new RuleBroken(
        `Line ${
          held[0]!.position
        } is flagged by the person as support they did not get: resolve the flag first`
      );
    const lines = tx
      .select()
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          eq(invoiceLines.status, "pending")
        )
      )
      .orderBy(asc(invoiceLines.position))
      .all();
    if (invoice.kind === "credit_note") {
      const originals = lines.map((l) => l.creditsLineId!);
      const entries = tx
        .select()
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.kind, "drawdown"),
            inArray(ledgerEntries.reference, originals)
          )
        )
        .all();
      const inputs: PostInput[] = entries.map((entry) => ({
        kind: "reversal",
        reversesEntryId: entry.id,
        entryDate: today,
        reason: `Credit note ${invoice.reference}`,
      }));
      const original = tx
        .select()
        .from(invoices)
        .where(eq(invoices.id, invoice.creditsInvoiceId!))
        .get()!;
      const drawn = tx
        .select()
        .from(invoiceLines)
        .where(and(eq(invoiceLines.invoiceId, original.id), inArray(invoiceLines.status, ["approved", "credited"])))
        .all()
        .map((l) => ({ accountId: l.accountId, amountPence: l.amountPence, credited: l.status === "credited" || originals.includes(l.id) }));
      postEntries(tx, [...inputs, ...managementFeeCorrections(tx, original, invoice, drawn, today)], actor);
      tx.update(invoiceLines)
        .set({ status: "credited" })
        .where(inArray(invoiceLines.id, originals))
        .run();
      const left = tx
        .select({ id: invoiceLines.id })
        .from(invoiceLines)
        .where(
          and(
            eq(invoiceLines.invoiceId, original.id),
            eq(invoiceLines.status, "approved")
          )
        )
        .all();
      if (left.length === 0 && invoiceAllows(original.status, "credit"))
        move(
          tx,
          actor,
          original,
          "credit",
          `credited in full by ${invoice.reference}`
        );
    } else {
      const inputs: MovementInput[] = lines.map((line) => ({
        accountId: line.accountId!,
        kind: "drawdown",
        amount: -line.amountPence,
        entryDate: today,
        reference: line.id,
        outcomeId: line.outcomeId,
        description: `${invoice.reference} line ${line.position}: ${
          line.description
        }, ${
          line.startOn === line.endOn
            ? formatDate(line.startOn)
            : `${formatDate(line.startOn)} to ${formatDate(line.endOn)}`
        }: ${line.units} ${line.unitKind} at ${formatPence(line.ratePence)}`,
      }));
      postEntries(tx, [...inputs, ...managementFeesFor(tx, inputs, invoice, today)], actor);
    }
    tx.update(invoiceLines)
      .set({ status: "approved" })
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          eq(invoiceLines.status, "pending")
        )
      )
      .run();
    move(
      tx,
      actor,
      invoice,
      "approve",
      `approved ${lines.length} lines for ${formatPence(
        lines.reduce((s, l) => s + l.amountPence, 0)
      )}`,
      { decidedBy: actor.id, decidedAt: new Date() }
    );
    const unpayable = invoice.kind === "invoice" && !canBePaid(tx, invoice.providerOrganisationId);
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message:
        invoice.kind === "credit_note"
          ? `Credit note ${invoice.reference} was approved: the credit will be taken off the council's next payment to you`
          : `Invoice ${invoice.reference} was approved${
              unpayable ? ". The council cannot pay it until you give bank details or connect a Stripe account" : ""
            }`,
      link: unpayable ? "/provider/payments" : invoicePath(invoice, "provider"),
    });
  });
}

/** Sends a submitted invoice back to the provider with a question (about the whole invoice or one of its lines). */
export function queryInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
  input: { question: string; lineId?: string | null }
): void {
  immediate(db, (tx) => {
    const invoice = requireFinance(tx, actor, invoiceId);
    requireAllowed(invoice, "query");
    const line = input.lineId
      ? tx
          .select({ id: invoiceLines.id, position: invoiceLines.position })
          .from(invoiceLines)
          .where(and(eq(invoiceLines.id, input.lineId), eq(invoiceLines.invoiceId, invoice.id)))
          .get()
      : null;
    if (input.lineId && !line) throw new NotFound("Invoice line not found");
    const question = input.question.trim();
    if (!question)
      throw new RuleBroken("Write your question to the provider", {
        question: "Write your question to the provider",
      });
    tx.insert(invoiceQueries)
      .values({
        invoiceId: invoice.id,
        lineId: line?.id ?? null,
        question,
        askedBy: actor.id,
      })
      .run();
    const about = line ? `line ${line.position} of invoice ${invoice.reference}` : `invoice ${invoice.reference}`;
    move(tx, actor, invoice, "query", `queried${line ? ` line ${line.position}` : ""}: ${question}`);
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message: `The council has a question about ${about}`,
      body: question,
      link: invoicePath(invoice, "provider"),
    });
  });
}

/** Rejects one line of a submitted invoice (it will not be paid); rejecting every line rejects the invoice. */
export function rejectLine(
  db: Db,
  actor: Actor,
  lineId: string,
  reason: string
): void {
  immediate(db, (tx) => {
    const line = tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.id, lineId))
      .get();
    if (!line) throw new NotFound("Invoice line not found");
    const invoice = requireFinance(tx, actor, line.invoiceId);
    requireAllowed(invoice, "reject");
    if (!reason.trim())
      throw new RuleBroken("Say why the line is rejected", {
        reason: "Say why the line is rejected",
      });
    tx.update(invoiceLines)
      .set({ status: "rejected", decisionReason: reason.trim() })
      .where(eq(invoiceLines.id, lineId))
      .run();
    recordAudit(tx, {
      actor,
      action: "invoice.line_rejected",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference} line ${line.position}: ${reason.trim()}`,
    });
    const left = tx
      .select({ id: invoiceLines.id })
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          ne(invoiceLines.status, "rejected")
        )
      )
      .all();
    if (left.length === 0)
      move(tx, actor, invoice, "reject", `every line rejected`, {
        rejectedReason: reason.trim(),
        decidedBy: actor.id,
        decidedAt: new Date(),
      });
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message: `Line ${line.position} of invoice ${invoice.reference} was rejected`,
      body: reason.trim(),
      link: invoicePath(invoice, "provider"),
    });
  });
}

/** Rejects a whole invoice: nothing of it will be paid, and its committed money is released. */
export function rejectInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
  reason: string
): void {
  immediate(db, (tx) => {
    const invoice = requireFinance(tx, actor, invoiceId);
    requireAllowed(invoice, "reject");
    if (!reason.trim())
      throw new RuleBroken("Say why the invoice is rejected", {
        reason: "Say why the invoice is rejected",
      });
    tx.update(invoiceLines)
      .set({ status: "rejected", decisionReason: reason.trim() })
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          eq(invoiceLines.status, "pending")
        )
      )
      .run();
    move(tx, actor, invoice, "reject", `rejected: ${reason.trim()}`, {
      rejectedReason: reason.trim(),
      decidedBy: actor.id,
      decidedAt: new Date(),
    });
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message: `Invoice ${invoice.reference} was rejected`,
      body: reason.trim(),
      link: invoicePath(invoice, "provider"),
    });
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * The person's flag, and credit notes.
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * One page of the lines for the people the actor is or acts for (approved, paid or waiting), newest first, each with
 * its invoice's status and the provider that invoiced it, so a person can see and flag every line, however old
 * (`mayFlag`: whether this actor may say they did not get it).
 */
export function linesForPerson(db: Tx, actor: Actor, page = 1) {
  const ids = isPersonUser(actor) ? peopleActedFor(db, actor).map((p) => p.id) : [];
  if (ids.length === 0) return { rows: [], total: 0, page: 1, pageCount: 1 };
  const theirs = and(
    inArray(invoiceLines.personId, ids),
    eq(invoices.kind, "invoice"),
    inArray(invoices.status, INVOICED),
    ne(invoiceLines.status, "rejected")
  );
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(theirs)
      .get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / INVOICE_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = db
    .select({
      line: invoiceLines,
      invoiceReference: invoices.reference,
      invoiceStatus: invoices.status,
      providerName: organisations.name,
      personName: people.name,
      agreementReference: agreements.reference,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .innerJoin(organisations, eq(organisations.id, invoices.providerOrganisationId))
    .innerJoin(people, eq(people.id, invoiceLines.personId))
    .innerJoin(agreements, eq(agreements.id, invoiceLines.agreementId))
    .where(theirs)
    .orderBy(desc(invoiceLines.startOn), asc(invoiceLines.position), asc(invoiceLines.id))
    .limit(INVOICE_PAGE_SIZE)
    .offset((current - 1) * INVOICE_PAGE_SIZE)
    .all();
  const mayFlag = new Set(ids.filter((personId) => mayFlagLine(db, actor, { personId })));
  return { rows: rows.map((row) => ({ ...row, mayFlag: mayFlag.has(row.line.personId) })), total, page: current, pageCount };
}

/** What a person says about a line when they give no reason of their own. */
export const SUPPORT_NOT_GIVEN = "I did not get this support";

/**
 * Who may flag a line: the person it is for, or a representative who may choose and sign or manage for them. A
 * flag holds the provider's payment, so a representative who may only view cannot raise one.
 */
export function mayFlagLine(db: Tx, actor: Actor, line: { personId: string }): boolean {
  return isPersonUser(actor) && personAccess(db, actor, line.personId, "choose") !== null;
}

/**
 * The person (or a representative) says "I did not get this support". An unpaid line is held: the invoice is
 * neither approved nor paid until finance resolves the flag. The provider and the council are told.
 */
export function flagLine(
  db: Db,
  actor: Actor,
  lineId: string,
  reason: string
): void {
  immediate(db, (tx) => {
    const line = tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.id, lineId))
      .get();
    if (!line || !mayFlagLine(tx, actor, line)) throw new NotFound("Invoice line not found");
    if (line.flaggedAt && !line.flagResolvedAt)
      throw new Conflict("You have already told us about this line");
    const invoice = tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, line.invoiceId))
      .get()!;
    const why = reason.trim() || SUPPORT_NOT_GIVEN;
    tx.update(invoiceLines)
      .set({
        flaggedAt: new Date(),
        flaggedBy: actor.id,
        flagReason: why,
        flagResolvedAt: null,
        flagResolution: null,
      })
      .where(eq(invoiceLines.id, lineId))
      .run();
    recordAudit(tx, {
      actor,
      councilId: invoice.councilId,
      action: "invoice.line_flagged",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference} line ${line.position}: ${why}`,
    });
    const held = invoice.status !== "paid" && invoice.status !== "credited";
    const run = holdFromPaymentRun(tx, actor, invoice);
    const inRun = !run ? "" : run.takenOut ? `; it has been taken out of payment run ${run.reference}` : `; payment run ${run.reference} had already sent its money`;
    const message = `A line of invoice ${invoice.reference} was flagged: "${why}"${held && (!run || run.takenOut) ? " — it is held until resolved" : ""}${inRun}`;
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message,
      link: invoicePath(invoice, "provider"),
    });
    notify(tx, {
      userIds: financeUserIds(tx, invoice.councilId),
      message,
      link: invoicePath(invoice, "council"),
    });
  });
}

/**
 * Council finance records that it has dealt with the part of an invoice's Stripe payment that came back (paid the
 * rest another way, or agreed with the provider what is owed), with a note of how. The invoice stays paid; the
 * payment run stops counting it as needing attention, its page shows who dealt with it, when and how, and the
 * provider is told that it has been dealt with. If more
 * of the transfer comes back later, it needs dealing with again.
 */
export function markReversalDealtWith(db: Db, actor: Actor, invoiceId: string, input: { note: string }, now = new Date()): void {
  immediate(db, (tx) => {
    const invoice = requireFinance(tx, actor, invoiceId);
    const reversal = partialReversalRow(tx, invoice);
    if (!reversal) throw new Conflict("No part of this invoice's Stripe payment has come back, so there is nothing to deal with");
    if ((reversal.dealtWithPence ?? 0) >= reversal.appliedPence) throw new Conflict("This has already been marked as dealt with");
    const note = input.note.trim();
    if (!note) throw new RuleBroken("Say how it was dealt with", { note: "Say how it was dealt with" });
    tx.update(stripeTransferReversals)
      .set({ dealtWithPence: reversal.appliedPence, dealtWithBy: actor.id, dealtWithAt: now, dealtWithNote: note })
      .where(eq(stripeTransferReversals.id, reversal.id))
      .run();
    recordAudit(tx, {
      actor,
      councilId: invoice.councilId,
      action: "invoice.partial_reversal_dealt_with",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference}: ${formatPence(reversal.appliedPence)} of the Stripe payment came back; dealt with: ${note}`,
      at: now,
    });
    notify(tx, {
      userIds: providerUserIds(tx, invoice.providerOrganisationId),
      message: `Council finance has dealt with the ${formatPence(reversal.appliedPence)} of invoice ${invoice.reference}'s Stripe payment that came back`,
      link: invoicePath(invoice, "provider"),
    });
  });
}

/**
 * Finance looks into a flag and records what it found; the line is no longer held. The person and their
 * representatives (whoever flagged it among them) are told what was found.
 */
export function resolveFlag(
  db: Db,
  actor: Actor,
  lineId: string,
  resolution: string,
  today = todayIso()
): void {
  immediate(db, (tx) => {
    const line = tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.id, lineId))
      .get();
    if (!line) throw new NotFound("Invoice line not found");
    const invoice = requireFinance(tx, actor, line.invoiceId);
    if (!line.flaggedAt || line.flagResolvedAt)
      throw new Conflict("This line is not flagged");
    if (!resolution.trim())
      throw new RuleBroken("Say what you found", {
        resolution: "Say what you found",
      });
    tx.update(invoiceLines)
      .set({ flagResolvedAt: new Date(), flagResolution: resolution.trim() })
      .where(eq(invoiceLines.id, lineId))
      .run();
    recordAudit(tx, {
      actor,
      action: "invoice.flag_resolved",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference} line ${
        line.position
      }: ${resolution.trim()}`,
    });
    notify(tx, {
      userIds: [
        ...personAndRepresentativeUserIds(tx, line.personId, today),
        ...(line.flaggedBy ? [line.flaggedBy] : []),
      ],
      message: `The council has looked into the support you said was not given: "${line.description}", ${
        line.startOn === line.endOn
          ? formatDate(line.startOn)
          : `${formatDate(line.startOn)} to ${formatDate(line.endOn)}`
      }`,
      body: `What they found: ${resolution.trim()}`,
      link: "/my-support/invoices",
    });
  });
}

/**
 * A credit note against a paid invoice, giving back the chosen lines in full. Submitted at once; when finance
 * approves it their drawdowns are reversed on the ledger, and the invoice is credited once every line is.
 */
export function createCreditNote(
  db: Db,
  actor: Actor,
  invoiceId: string,
  input: { lineIds: string[]; reason: string },
  today = todayIso()
): Invoice {
  return immediate(db, (tx) => {
    const invoice = requireProvider(tx, actor, invoiceId);
    if (invoice.kind !== "invoice" || invoice.status !== "paid")
      throw new Conflict(
        "A credit note can only be raised against a paid invoice"
      );
    if (!input.reason.trim())
      throw new RuleBroken("Say why you are giving this money back", {
        reason: "Say why you are giving this money back",
      });
    if (input.lineIds.length === 0)
      throw new RuleBroken("Choose the lines to credit", {
        lineIds: "Choose the lines to credit",
      });
    const lines = tx
      .select()
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, invoice.id),
          inArray(invoiceLines.id, input.lineIds),
          eq(invoiceLines.status, "approved")
        )
      )
      .all();
    if (lines.length !== input.lineIds.length)
      throw new RuleBroken(
        "Some of those lines are not paid lines of this invoice, or are already credited"
      );
    const pending = tx
      .select({ id: invoiceLines.id })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(
        and(
          inArray(invoiceLines.creditsLineId, input.lineIds),
          eq(invoiceLines.status, "pending"),
          eq(invoices.status, "submitted")
        )
      )
      .all();
    if (pending.length > 0)
      throw new Conflict(
        "A credit note for these lines is already waiting for approval"
      );
    const note = tx
      .insert(invoices)
      .values({
        councilId: invoice.councilId,
        providerOrganisationId: invoice.providerOrganisationId,
        kind: "credit_note",
        creditsInvoiceId: invoice.id,
        reference: nextReference(tx, invoice.providerOrganisationId, "CN"),
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        status: "submitted",
        createdBy: actor.id,
        submittedOn: today,
        submittedAt: new Date(),
        rejectedReason: null,
      })
      .returning()
      .get();
    tx.insert(invoiceLines)
      .values(
        lines.map(
          (
            {
              id,
              invoiceId: _i,
              status: _s,
              flaggedAt: _f,
              flaggedBy: _b,
              flagReason: _r,
              flagResolvedAt: _a,
              flagResolution: _n,
              ...rest
            },
            i
          ) => ({
            ...rest,
            invoiceId: note.id,
            position: i + 1,
            creditsLineId: id,
            description: `Credit: ${rest.description}`,
          })
        )
      )
      .run();
    recordAudit(tx, {
      actor,
      councilId: invoice.councilId,
      action: "invoice.credit_note",
      subjectType: "invoice",
      subjectId: note.id,
      detail: `${note.reference} credits ${lines.length} lines of ${
        invoice.reference
      }: ${input.reason.trim()}`,
    });
    notify(tx, {
      userIds: financeUserIds(tx, invoice.councilId),
      message: `Credit note ${note.reference} against ${invoice.reference} is waiting for approval`,
      body: input.reason.trim(),
      link: invoicePath(note, "council"),
    });
    return note;
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Reading.
 * ---------------------------------------------------------------------------------------------------------- */

/** Days from submission to payment (or to today while unpaid). */
export function daysToPay(
  invoice: Pick<Invoice, "submittedOn" | "paidOn">,
  today = todayIso()
): number | null {
  return invoice.submittedOn
    ? daysBetween(invoice.submittedOn, invoice.paidOn ?? today)
    : null;
}

export type LinesWanted =
  /** Every line, for the PDFs. */
  | { all: true }
  /** One page of lines, or the page with the line `line` on it. */
  | { all?: false; page?: number; line?: string | null };

/**
 * An invoice with its lines (names and references), queries and totals, for the provider or council finance. The
 * lines are one page (`LINE_PAGE_SIZE`) unless every line is asked for; the total, the line count and whether any
 * line is held or flagged are for the whole invoice.
 */
export function invoiceDetail(
  db: Tx,
  actor: Actor,
  invoiceId: string,
  today = todayIso(),
  wanted: LinesWanted = {}
) {
  const invoice = findInvoice(db, actor, invoiceId);
  const ofInvoice = eq(invoiceLines.invoiceId, invoice.id);
  const whole = db
    .select({
      count: sql<number>`count(*)`,
      total: sql<number>`coalesce(sum(case when ${invoiceLines.status} <> 'rejected' then ${invoiceLines.amountPence} end), 0)`,
      held: sql<number>`coalesce(max(${invoiceLines.flaggedAt} is not null and ${invoiceLines.flagResolvedAt} is null), 0)`,
      rateFlagged: sql<number>`coalesce(max(${invoiceLines.rateFlagged}), 0)`,
    })
    .from(invoiceLines)
    .where(ofInvoice)
    .get() ?? { count: 0, total: 0, held: 0, rateFlagged: 0 };
  const firstHeld = whole.held
    ? db
        .select({ id: invoiceLines.id, position: invoiceLines.position })
        .from(invoiceLines)
        .where(and(ofInvoice, sql`${invoiceLines.flaggedAt} is not null`, isNull(invoiceLines.flagResolvedAt)))
        .orderBy(asc(invoiceLines.position))
        .get() ?? null
    : null;
  const pageCount = wanted.all ? 1 : Math.max(1, Math.ceil(whole.count / LINE_PAGE_SIZE));
  const page = wanted.all ? 1 : Math.min(Math.max(1, Math.trunc(pageOfLine(db, invoice.id, wanted.line) ?? wanted.page ?? 1) || 1), pageCount);
  const query = db
    .select({
      line: invoiceLines,
      personName: people.name,
      personReference: people.reference,
      agreementReference: agreements.reference,
      outcome: councilListItems.label,
    })
    .from(invoiceLines)
    .innerJoin(people, eq(people.id, invoiceLines.personId))
    .innerJoin(agreements, eq(agreements.id, invoiceLines.agreementId))
    .leftJoin(councilListItems, eq(councilListItems.id, invoiceLines.outcomeId))
    .where(ofInvoice)
    .orderBy(asc(invoiceLines.position));
  const lines = wanted.all ? query.all() : query.limit(LINE_PAGE_SIZE).offset((page - 1) * LINE_PAGE_SIZE).all();
  const queries = db
    .select({ query: invoiceQueries, linePosition: invoiceLines.position })
    .from(invoiceQueries)
    .leftJoin(invoiceLines, eq(invoiceLines.id, invoiceQueries.lineId))
    .where(eq(invoiceQueries.invoiceId, invoice.id))
    .orderBy(asc(invoiceQueries.askedAt))
    .all()
    .map((row) => ({ ...row.query, linePosition: row.linePosition }));
  const provider = db
    .select({ name: sql<string>`name` })
    .from(sql`organisations`)
    .where(sql`id = ${invoice.providerOrganisationId}`)
    .get();
  const council = db
    .select({ name: sql<string>`name` })
    .from(sql`councils`)
    .where(sql`id = ${invoice.councilId}`)
    .get();
  const creditNotes = db
    .select()
    .from(invoices)
    .where(eq(invoices.creditsInvoiceId, invoice.id))
    .all();
  return {
    invoice,
    lines,
    lineCount: whole.count,
    page,
    pageCount,
    queries,
    total: whole.total,
    providerName: provider?.name ?? "",
    councilName: council?.name ?? "",
    daysToPay: daysToPay(invoice, today),
    /** How many of those days it waited for the provider's answers to questions. */
    daysWaiting: daysWaitingForProvider(invoice, queries, today),
    creditNotes,
    held: Boolean(whole.held),
    /** The first line held by a person's flag, wherever it is among the pages. */
    firstHeld,
    rateFlagged: Boolean(whole.rateFlagged),
    partialReversal: partialReversalOf(db, invoice),
    /** An invoice's payment: its amount, the credit taken off it and what was sent. */
    payment: paymentOf(db, invoice),
    /** A credit note's recovery: the payments it was taken off and what is still to take off. */
    recovery: creditRecoveryOf(db, invoice),
  };
}

/** The page of the invoice's lines that has this line on it, or null when it is not one of the invoice's lines. */
function pageOfLine(db: Tx, invoiceId: string, lineId: string | null | undefined): number | null {
  if (!lineId) return null;
  const line = db
    .select({ position: invoiceLines.position })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoiceId)))
    .get();
  if (!line) return null;
  const before = db
    .select({ count: sql<number>`count(*)` })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), sql`${invoiceLines.position} < ${line.position}`))
    .get()?.count ?? 0;
  return Math.floor(before / LINE_PAGE_SIZE) + 1;
}

/** The paid lines of an invoice a credit note can give back, for the provider's credit note form. */
export function creditableLines(db: Tx, actor: Actor, invoiceId: string) {
  const invoice = requireProvider(db, actor, invoiceId);
  if (invoice.kind !== "invoice" || invoice.status !== "paid") return [];
  return db
    .select({ id: invoiceLines.id, position: invoiceLines.position, description: invoiceLines.description, amountPence: invoiceLines.amountPence })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.status, "approved")))
    .orderBy(asc(invoiceLines.position))
    .all();
}
export type InvoiceDetail = ReturnType<typeof invoiceDetail>;

const totalColumn = sql<number>`coalesce((select sum(l.amount_pence) from invoice_lines l where l.invoice_id = "invoices"."id" and l.status <> 'rejected'), 0)`;
const lineCount = sql<number>`(select count(*) from invoice_lines l where l.invoice_id = "invoices"."id")`;

export const INVOICE_PAGE_SIZE = 25;

/**
 * One page of the provider's invoices and credit notes, newest first. A provider working with many people has
 * thousands of invoices: each page reads only its own rows (and their lines' totals), by index.
 */
export function providerInvoices(db: Tx, actor: Actor, page = 1, today = todayIso()) {
  authorise(actor, "provider.work", {
    organisationId: actor.organisationId ?? "",
  });
  const mine = eq(invoices.providerOrganisationId, actor.organisationId!);
  const total = db.select({ n: sql<number>`count(*)` }).from(invoices).where(mine).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / INVOICE_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = db
    .select({ invoice: invoices, total: totalColumn, lines: lineCount })
    .from(invoices)
    .where(mine)
    .orderBy(desc(invoices.createdAt), desc(invoices.reference))
    .limit(INVOICE_PAGE_SIZE)
    .offset((current - 1) * INVOICE_PAGE_SIZE)
    .all()
    .map((row) => ({ ...row, daysToPay: daysToPay(row.invoice, today) }));
  return { rows, total, page: current, pageCount };
}

/**
 * Invoices (not credit notes) paid from one day to another, either end open, that had been submitted: the invoices
 * whose days from submission to payment the dashboard's median days to pay counts.
 */
export function paidBetween(period: { from?: IsoDate; to?: IsoDate }): SQL {
  return and(
    eq(invoices.kind, "invoice"),
    inArray(invoices.status, ["paid", "credited"]),
    sql`${invoices.submittedOn} is not null`,
    gte(invoices.paidOn, period.from ?? "0000-01-01"),
    lte(invoices.paidOn, period.to ?? "9999-12-31")
  )!;
}

/** A line a person flagged as support not received that finance has not resolved yet, as SQL over `invoice_lines` aliased `l`. */
const openFlagOfLine = sql`l.flagged_at is not null and l.flag_resolved_at is null`;

/**
 * Invoices past draft with a line a person flagged and finance has not resolved: the queue's `flagged` list and the
 * dashboard's figure of flagged invoices, which count the same invoices.
 */
export const withOpenFlag: SQL = and(
  ne(invoices.status, "draft"),
  sql`exists (select 1 from invoice_lines l where l.invoice_id = ${invoices.id} and ${openFlagOfLine})`
)!;

/**
 * The council's invoices with an open flag (`withOpenFlag`), the flagged lines on them and when the oldest of those
 * flags was raised. No permission check: the dashboard calls it for a council it has already authorised.
 */
export function openFlagCounts(db: Tx, councilId: string): { invoices: number; lines: number; oldest: Date | null } {
  const row = db
    .select({
      invoices: sql<number>`count(*)`,
      lines: sql<number>`coalesce(sum((select count(*) from invoice_lines l where l.invoice_id = "invoices"."id" and ${openFlagOfLine})), 0)`,
      oldest: sql<number | null>`min((select min(l.flagged_at) from invoice_lines l where l.invoice_id = "invoices"."id" and ${openFlagOfLine}))`,
    })
    .from(invoices)
    .where(and(eq(invoices.councilId, councilId), withOpenFlag))
    .get();
  return { invoices: row?.invoices ?? 0, lines: row?.lines ?? 0, oldest: row?.oldest != null ? new Date(row.oldest) : null };
}

/**
 * One page of council finance's approval queue: submitted and queried invoices, oldest first, with days
 * outstanding (and how many of them each waited for the provider's answers), and how many of the whole queue are
 * past the 28-day target. With `flagged`, the invoices of any status past draft that have a line a person flagged
 * and finance has not yet resolved (`withOpenFlag`). With `paid`, instead the invoices paid in that period, in the
 * order they were paid, with their days to pay. Commissioners of the council may read it too (it names no person):
 * the dashboard links here.
 */
export function approvalQueue(
  db: Tx,
  actor: Actor,
  today = todayIso(),
  options: { flagged?: boolean; paid?: { from?: IsoDate; to?: IsoDate }; page?: number } = {}
) {
  const councilId = actor.councilId ?? "";
  authorise(actor, "invoice.queue.view", { councilId });
  const queued = and(
    eq(invoices.councilId, councilId),
    options.paid
      ? paidBetween(options.paid)
      : options.flagged
        ? withOpenFlag
        : inArray(invoices.status, ["submitted", "queried"])
  );
  const counts = db
    .select({
      total: sql<number>`count(*)`,
      overTarget: sql<number>`coalesce(sum(${invoices.submittedOn} < date(coalesce(${invoices.paidOn}, ${today}), ${`-${PAYMENT_TARGET_DAYS} days`})), 0)`,
    })
    .from(invoices)
    .where(queued)
    .get() ?? { total: 0, overTarget: 0 };
  const pageCount = Math.max(1, Math.ceil(counts.total / INVOICE_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), pageCount);
  const rows = db
    .select({
      invoice: invoices,
      total: totalColumn,
      lines: lineCount,
      providerName: sql<string>`(select name from organisations o where o.id = "invoices"."provider_organisation_id")`,
    })
    .from(invoices)
    .where(queued)
    .orderBy(...(options.paid ? [asc(invoices.paidOn)] : []), asc(invoices.submittedOn), asc(invoices.submittedAt), asc(invoices.id))
    .limit(INVOICE_PAGE_SIZE)
    .offset((page - 1) * INVOICE_PAGE_SIZE)
    .all();
  const queriesOf = new Map<string, QueryTimes[]>();
  if (rows.length > 0) {
    for (const query of db
      .select({ invoiceId: invoiceQueries.invoiceId, askedAt: invoiceQueries.askedAt, answeredAt: invoiceQueries.answeredAt })
      .from(invoiceQueries)
      .where(inArray(invoiceQueries.invoiceId, rows.map((row) => row.invoice.id)))
      .all()) {
      queriesOf.set(query.invoiceId, [...(queriesOf.get(query.invoiceId) ?? []), query]);
    }
  }
  return {
    rows: rows.map((row) => ({
      ...row,
      daysOutstanding: daysToPay(row.invoice, today) ?? 0,
      daysWaiting: daysWaitingForProvider(row.invoice, queriesOf.get(row.invoice.id) ?? [], today) ?? 0,
    })),
    total: counts.total,
    overTarget: counts.overTarget,
    page,
    pageCount,
  };
}

export type { InvoiceStatus };

/**
 * The agreements a line of this invoice can be for (the provider's agreements in force with the invoice's
 * council), each with the outcomes of its plan.
 */
export function agreementChoices(db: Tx, actor: Actor, invoiceId: string, today = todayIso()) {
  const invoice = requireProvider(db, actor, invoiceId);
  const rows = invoiceableAgreements(
    db,
    invoice.providerOrganisationId,
    invoice.councilId,
    today
  );
  const names = new Map(
    rows.length
      ? db
          .select({ id: people.id, name: people.name })
          .from(people)
          .where(
            inArray(
              people.id,
              rows.map((r) => r.agreement.personId)
            )
          )
          .all()
          .map((p) => [p.id, p.name])
      : []
  );
  const outcomeIds = [
    ...new Set(rows.flatMap((r) => r.version.plan.map((p) => p.outcomeId))),
  ];
  const outcomes = new Map(
    outcomeIds.length
      ? db
          .select({ id: councilListItems.id, label: councilListItems.label })
          .from(councilListItems)
          .where(inArray(councilListItems.id, outcomeIds))
          .all()
          .map((o) => [o.id, o.label])
      : []
  );
  return rows.map((r) => ({
    agreementId: r.agreement.id,
    personId: r.agreement.personId,
    label: `${r.agreement.reference}: ${names.get(r.agreement.personId) ?? ""}${
      r.agreement.status === "ended"
        ? ` (ended on ${formatDate(endOf(r))}; invoices until ${formatDate(runOffEnds(endOf(r)))})`
        : ""
    }`,
    unitKind: unitKindOf(r.unit),
    outcomes: [...new Set(r.version.plan.map((p) => p.outcomeId))].map(
      (id) => ({ id, label: outcomes.get(id) ?? "" })
    ),
  }));
}

/**
 * Payment runs: council finance chooses a date, reviews the approved invoices per provider, confirms, and the run
 * pays each provider by its method. Stripe providers get one transfer per invoice, keyed
 * `invoice-<id>-payment-<attempt>`, confirmed by the `transfer.created` webhook; BACS providers go into a bank
 * file, paid when finance confirms the bank has taken it. Running a run again only pays what is not yet paid:
 * an invoice caught half-way is retried with the same key, so Stripe (and our own record of keys) never pays it
 * twice; after a refusal the next attempt uses a new key.
 *
 * Approved credit notes are netted against the same provider's invoices in the council's next run: the credit is
 * taken off them (`credit_recoveries`), and what it cannot cover is carried to the run after, as credit the
 * provider owes. A run keeps each invoice's amount as it took it, so its total never changes once paid.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { immediate, type Db, type Tx } from "@db/client.server";
import {
  auditEvents,
  creditRecoveries,
  councils,
  invoiceLines,
  invoices,
  organisations,
  paymentRuns,
  providerPaymentAccounts,
  stripeTransferReversals,
  stripeTransfers,
  users,
} from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { bacsName } from "~/domain/payments/bank-details";
import { payeeFor } from "~/domain/payments/payment-accounts.server";
import { transferToProvider } from "~/domain/payments/transfers.server";
import { daysBetween, formatDate, isIsoDate, todayIso, toIsoDate, type IsoDate } from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { csvMoney, toCsv, type CsvCell } from "~/lib/csv";
import { formatPence } from "~/lib/money";
import type { Invoice } from "./invoices.server";
import { INVOICE_TRANSITIONS, invoicePath, PAYMENT_TARGET_DAYS } from "./lifecycle";
import { financeUserIds, providerUserIds } from "./recipients.server";

export type PaymentRun = typeof paymentRuns.$inferSelect;

/** A run of the actor's council; anyone but its finance staff is told there is no such run, whether it exists or not. */
export function findRun(db: Tx, actor: Actor, runId: string): PaymentRun {
  authorise(actor, "council.finance", { councilId: actor.councilId ?? "" }, { hide: true });
  const run = db
    .select()
    .from(paymentRuns)
    .where(
      and(
        eq(paymentRuns.id, runId),
        eq(paymentRuns.councilId, actor.councilId ?? "")
      )
    )
    .get();
  if (!run) throw new NotFound("Payment run not found");
  return run;
}

/** The approved lines' total of an invoice (or credit note), now. */
const invoiceTotal = sql<number>`coalesce((select sum(l.amount_pence) from invoice_lines l where l.invoice_id = "invoices"."id" and l.status = 'approved'), 0)`;
/** What its run pays for an invoice before credit: the amount kept when the run took it. */
const runAmount = sql<number>`coalesce(${invoices.runAmountPence}, ${invoiceTotal})`;
/** The credit taken off an invoice in its run. */
const creditTaken = sql<number>`coalesce((select sum(c.amount_pence) from credit_recoveries c where c.invoice_id = "invoices"."id" and c.payment_run_id = "invoices"."payment_run_id"), 0)`;
/** What a credit note has recovered so far, in runs paid or to be paid. */
const creditRecovered = sql<number>`coalesce((select sum(c.amount_pence) from credit_recoveries c where c.credit_note_id = "invoices"."id"), 0)`;
const held = sql<number>`exists (select 1 from invoice_lines l where l.invoice_id = "invoices"."id" and l.flagged_at is not null and l.flag_resolved_at is null)`;
/** Part of an invoice's Stripe payment came back (SQL over invoices joined to their transfer's reversal). */
const partlyReversed = sql`${invoices.status} = 'paid' and ${stripeTransferReversals.appliedPence} > 0 and ${stripeTransferReversals.appliedPence} < ${stripeTransferReversals.transferAmountPence}`;
/** Finance has not recorded dealing with all that came back: more coming back after it was dealt with needs dealing with again. */
const reversalOpen = sql`coalesce(${stripeTransferReversals.dealtWithPence}, 0) < ${stripeTransferReversals.appliedPence}`;
/** Paid by BACS (the method when none is chosen) without a sort code and account number to pay into. */
const noBankDetails = sql<number>`(coalesce(${providerPaymentAccounts.method}, 'bacs') = 'bacs' and (${providerPaymentAccounts.bankSortCode} is null or ${providerPaymentAccounts.bankAccountNumber} is null))`;

/** Long lists on finance's payment-run pages are shown this many rows a page. */
export const PAYMENT_RUN_PAGE_SIZE = 25;

/** The page asked for, within the pages there are: the first for anything that is not a page number. */
function pageWithin(page: number, rows: number) {
  const pageCount = Math.max(1, Math.ceil(rows / PAYMENT_RUN_PAGE_SIZE));
  return { page: Math.min(Math.max(1, Math.trunc(page) || 1), pageCount), pageCount };
}

const payableWhere = (councilId: string) =>
  and(
    eq(invoices.councilId, councilId),
    eq(invoices.kind, "invoice"),
    eq(invoices.status, "approved"),
    isNull(invoices.paymentRunId)
  );

function payableQuery(db: Tx, actor: Actor) {
  const councilId = actor.councilId ?? "";
  authorise(actor, "council.finance", { councilId });
  return db
    .select({
      invoice: invoices,
      total: invoiceTotal,
      held,
      noBankDetails,
      providerName: organisations.name,
      method: providerPaymentAccounts.method,
    })
    .from(invoices)
    .innerJoin(
      organisations,
      eq(organisations.id, invoices.providerOrganisationId)
    )
    .leftJoin(
      providerPaymentAccounts,
      eq(
        providerPaymentAccounts.organisationId,
        invoices.providerOrganisationId
      )
    )
    .where(payableWhere(councilId))
    .orderBy(asc(organisations.name), asc(invoices.submittedOn), asc(invoices.reference))
    .$dynamic();
}

/**
 * Approved invoices not yet in a run: what a new run would pay, except those held by a person's flag and those of
 * a provider paid by BACS who has not given bank details, which wait.
 */
export function payableInvoices(db: Tx, actor: Actor) {
  return payableQuery(db, actor).all();
}

/** One page of the approved invoices not yet in a run, for finance to review before preparing one. */
export function payableInvoicesPage(db: Tx, actor: Actor, page = 1) {
  const query = payableQuery(db, actor);
  const total = db.select({ n: sql<number>`count(*)` }).from(invoices).where(payableWhere(actor.councilId ?? "")).get()?.n ?? 0;
  const pages = pageWithin(page, total);
  const rows = query
    .limit(PAYMENT_RUN_PAGE_SIZE)
    .offset((pages.page - 1) * PAYMENT_RUN_PAGE_SIZE)
    .all();
  return { rows, total, ...pages };
}

/** The council's approved credit notes with credit still to take off a payment, oldest first. */
function creditsToRecover(db: Tx, councilId: string) {
  return db
    .select({ creditNote: invoices, total: invoiceTotal, recovered: creditRecovered, providerName: organisations.name })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.providerOrganisationId))
    .where(
      and(
        eq(invoices.councilId, councilId),
        eq(invoices.kind, "credit_note"),
        eq(invoices.status, "approved"),
        sql`${invoiceTotal} > ${creditRecovered}`
      )
    )
    .orderBy(asc(organisations.name), asc(invoices.decidedAt), asc(invoices.reference))
    .all()
    .map((row) => ({ ...row, outstanding: row.total - row.recovered }));
}

/** Credit providers owe the council: approved credit notes not yet (wholly) taken off a payment, for finance. */
export function outstandingCredits(db: Tx, actor: Actor) {
  const councilId = actor.councilId ?? "";
  authorise(actor, "council.finance", { councilId });
  return creditsToRecover(db, councilId);
}

/** What the provider owes each council in credit not yet taken off a payment. */
export function creditOwedByProvider(db: Tx, actor: Actor) {
  const organisationId = actor.organisationId ?? "";
  authorise(actor, "provider.work", { organisationId });
  return db
    .select({ councilName: councils.name, owed: sql<number>`sum(${invoiceTotal} - ${creditRecovered})` })
    .from(invoices)
    .innerJoin(councils, eq(councils.id, invoices.councilId))
    .where(
      and(
        eq(invoices.providerOrganisationId, organisationId),
        eq(invoices.kind, "credit_note"),
        eq(invoices.status, "approved"),
        sql`${invoiceTotal} > ${creditRecovered}`
      )
    )
    .groupBy(councils.id)
    .orderBy(asc(councils.name))
    .all();
}

/**
 * Where an approved credit note's money has come back from: the payments it was taken off (recovered once that
 * invoice is paid) and what is still to take off the provider's next payment.
 */
export function creditRecoveryOf(db: Tx, creditNote: Pick<Invoice, "id" | "kind" | "status">) {
  if (creditNote.kind !== "credit_note") return null;
  const recoveries = db
    .select({
      amountPence: creditRecoveries.amountPence,
      invoiceReference: invoices.reference,
      paidOn: invoices.paidOn,
      runReference: paymentRuns.reference,
    })
    .from(creditRecoveries)
    .innerJoin(invoices, eq(invoices.id, creditRecoveries.invoiceId))
    .innerJoin(paymentRuns, eq(paymentRuns.id, creditRecoveries.paymentRunId))
    .where(eq(creditRecoveries.creditNoteId, creditNote.id))
    .orderBy(asc(paymentRuns.payOn), asc(invoices.reference))
    .all();
  const total =
    db
      .select({ total: sql<number>`coalesce(sum(${invoiceLines.amountPence}), 0)` })
      .from(invoiceLines)
      .where(and(eq(invoiceLines.invoiceId, creditNote.id), eq(invoiceLines.status, "approved")))
      .get()?.total ?? 0;
  const taken = recoveries.reduce((sum, r) => sum + r.amountPence, 0);
  return {
    recoveries,
    /** Credit still to take off a payment; nothing until the council approves the credit note. */
    outstanding: creditNote.status === "approved" ? total - taken : 0,
  };
}

/**
 * What a paid (or to be paid) invoice's payment was: its amount, the credit notes taken off it, and what was sent.
 * Null for a credit note, and for an invoice not yet in a payment run.
 */
export function paymentOf(db: Tx, invoice: Pick<Invoice, "id" | "kind" | "paymentRunId" | "paidOn">) {
  if (invoice.kind !== "invoice" || (!invoice.paymentRunId && !invoice.paidOn)) return null;
  const row = db
    .select({
      amount: sql<number>`coalesce(${invoices.runAmountPence}, (select sum(l.amount_pence) from invoice_lines l where l.invoice_id = "invoices"."id" and l.status in ('approved', 'credited')), 0)`,
    })
    .from(invoices)
    .where(eq(invoices.id, invoice.id))
    .get();
  const credits = invoice.paymentRunId
    ? db
        .select({ reference: invoices.reference, amountPence: creditRecoveries.amountPence })
        .from(creditRecoveries)
        .innerJoin(invoices, eq(invoices.id, creditRecoveries.creditNoteId))
        .where(and(eq(creditRecoveries.invoiceId, invoice.id), eq(creditRecoveries.paymentRunId, invoice.paymentRunId)))
        .orderBy(asc(invoices.reference))
        .all()
    : [];
  const amount = row?.amount ?? 0;
  return { amount, credits, paid: amount - credits.reduce((sum, c) => sum + c.amountPence, 0) };
}

/**
 * A draft run for a date with every payable invoice; finance reviews it before confirming. Held invoices wait,
 * and so do those of providers paid by BACS without bank details to pay into (told so when the invoice was
 * approved).
 */
export function createPaymentRun(
  db: Db,
  actor: Actor,
  input: { payOn: IsoDate },
  today = todayIso()
): PaymentRun {
  authorise(actor, "council.finance", { councilId: actor.councilId ?? "" });
  if (!isIsoDate(input.payOn))
    throw new RuleBroken("Enter the date to pay", {
      payOn: "Enter the date to pay",
    });
  if (input.payOn < today)
    throw new RuleBroken("The payment date cannot be in the past", {
      payOn: "The payment date cannot be in the past",
    });
  return immediate(db, (tx) => {
    const payable = payableInvoices(tx, actor).filter((row) => !row.held && !row.noBankDetails);
    if (payable.length === 0)
      throw new RuleBroken("There are no approved invoices that can be paid yet");
    const count =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(paymentRuns)
        .where(eq(paymentRuns.councilId, actor.councilId!))
        .get()?.n ?? 0;
    const run = tx
      .insert(paymentRuns)
      .values({
        councilId: actor.councilId!,
        reference: `PR-${String(count + 1).padStart(5, "0")}`,
        payOn: input.payOn,
        createdBy: actor.id,
      })
      .returning()
      .get();
    const credits = creditsToRecover(tx, actor.councilId!);
    let credited = 0;
    for (const row of payable) {
      const method =
        payeeFor(tx, row.invoice.providerOrganisationId)?.method ?? "bacs";
      tx.update(invoices)
        .set({ paymentRunId: run.id, paymentMethod: method, runAmountPence: row.total })
        .where(eq(invoices.id, row.invoice.id))
        .run();
      let due = row.total;
      for (const credit of credits.filter((c) => c.creditNote.providerOrganisationId === row.invoice.providerOrganisationId)) {
        const taken = Math.min(credit.outstanding, due);
        if (taken <= 0) continue;
        tx.insert(creditRecoveries)
          .values({ creditNoteId: credit.creditNote.id, invoiceId: row.invoice.id, paymentRunId: run.id, amountPence: taken })
          .run();
        credit.outstanding -= taken;
        due -= taken;
        credited += taken;
      }
    }
    recordAudit(tx, {
      actor,
      action: "payment_run.created",
      subjectType: "payment_run",
      subjectId: run.id,
      detail: `${run.reference} for ${input.payOn}: ${payable.length} invoices${credited ? `, ${formatPence(credited)} of credit taken off` : ""}`,
    });
    return run;
  });
}

/**
 * When a person flags a line of an approved invoice that is in a payment run, the invoice leaves the run and waits
 * for the flag to be resolved, unless its money has already gone: a Stripe transfer sent (or being sent), or the
 * run's bank file downloaded for the bank. Returns the run, and whether the invoice was taken out of it.
 */
export function holdFromPaymentRun(tx: Tx, actor: Actor, invoice: Invoice): { reference: string; takenOut: boolean } | null {
  if (invoice.status !== "approved" || !invoice.paymentRunId) return null;
  const run = tx.select().from(paymentRuns).where(eq(paymentRuns.id, invoice.paymentRunId)).get();
  if (!run) return null;
  const bankFileOut =
    invoice.paymentState === "awaiting_bank" &&
    tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "payment_run"), eq(auditEvents.subjectId, run.id), eq(auditEvents.action, "payment_run.bank_file")))
      .get() !== undefined;
  const moneyGone = ["sending", "sent", "confirmed"].includes(invoice.paymentState) || bankFileOut;
  if (moneyGone) return { reference: run.reference, takenOut: false };
  tx.delete(creditRecoveries).where(and(eq(creditRecoveries.invoiceId, invoice.id), eq(creditRecoveries.paymentRunId, run.id))).run();
  tx.update(invoices).set({ paymentRunId: null, paymentMethod: null, paymentState: "none", runAmountPence: null }).where(eq(invoices.id, invoice.id)).run();
  recordAudit(tx, {
    actor,
    councilId: invoice.councilId,
    action: "payment_run.invoice_held",
    subjectType: "payment_run",
    subjectId: run.id,
    detail: `${invoice.reference} taken out of ${run.reference}: a line was flagged`,
  });
  if (run.status === "paying") completeIfPaid(tx, run.id);
  return { reference: run.reference, takenOut: true };
}

/** Takes a draft run's invoices back out (before it is confirmed). */
export function cancelPaymentRun(db: Db, actor: Actor, runId: string): void {
  immediate(db, (tx) => {
    const run = findRun(tx, actor, runId);
    if (run.status !== "draft")
      throw new Conflict("Only a run not yet confirmed can be cancelled");
    tx.delete(creditRecoveries).where(eq(creditRecoveries.paymentRunId, run.id)).run();
    tx.update(invoices)
      .set({ paymentRunId: null, paymentMethod: null, runAmountPence: null })
      .where(eq(invoices.paymentRunId, run.id))
      .run();
    tx.delete(paymentRuns).where(eq(paymentRuns.id, run.id)).run();
    recordAudit(tx, {
      actor,
      action: "payment_run.cancelled",
      subjectType: "payment_run",
      subjectId: run.id,
      detail: run.reference,
    });
  });
}

/**
 * A run's invoices in provider and reference order, each with what the run pays for it (`total`: its amount as
 * the run took it, less the credit taken off it); one page of them, or all of one payment method.
 */
function runInvoices(db: Tx, runId: string, only: { page: number } | { method: "bacs" }) {
  const query = db
    .select({
      invoice: invoices,
      amount: runAmount,
      credit: creditTaken,
      providerName: organisations.name,
      reversedPence: sql<number>`coalesce(${stripeTransferReversals.appliedPence}, 0)`,
      transferPence: stripeTransferReversals.transferAmountPence,
      reversalOpen: sql<number>`coalesce(${reversalOpen}, 0)`,
    })
    .from(invoices)
    .innerJoin(
      organisations,
      eq(organisations.id, invoices.providerOrganisationId)
    )
    .leftJoin(
      stripeTransferReversals,
      and(
        eq(stripeTransferReversals.stripeTransferId, invoices.paymentReference),
        eq(stripeTransferReversals.invoiceId, invoices.id)
      )
    )
    .where(and(eq(invoices.paymentRunId, runId), "method" in only ? eq(invoices.paymentMethod, only.method) : undefined))
    .orderBy(asc(organisations.name), asc(invoices.reference))
    .$dynamic();
  if ("page" in only) query.limit(PAYMENT_RUN_PAGE_SIZE).offset((only.page - 1) * PAYMENT_RUN_PAGE_SIZE);
  return query.all().map(({ reversedPence, transferPence, reversalOpen, ...row }) => ({
    ...row,
    total: row.amount - row.credit,
    /** Part of its Stripe payment came back: for finance to settle with the provider, never paid again automatically. */
    partlyReversedPence: row.invoice.status === "paid" && reversedPence > 0 && reversedPence < (transferPence ?? 0) ? reversedPence : 0,
    /** Finance has recorded dealing with what came back. */
    reversalDealtWith: !reversalOpen,
  }));
}

const countWhere = (condition: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/**
 * A run with one page of its invoices, the totals per provider, the credit notes taken off and the progress of
 * the whole run. `total` is what the run pays: the invoices' amounts as it took them, less the credit taken off.
 */
export function paymentRunView(db: Tx, actor: Actor, runId: string, page = 1) {
  const run = findRun(db, actor, runId);
  const providers = db
    .select({
      name: organisations.name,
      method: sql<string>`coalesce(${invoices.paymentMethod}, 'bacs')`,
      invoices: sql<number>`count(*)`,
      amount: sql<number>`coalesce(sum(${runAmount}), 0)`,
      credit: sql<number>`coalesce(sum(${creditTaken}), 0)`,
    })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.providerOrganisationId))
    .where(eq(invoices.paymentRunId, run.id))
    .groupBy(invoices.providerOrganisationId, invoices.paymentMethod)
    .orderBy(asc(organisations.name))
    .all()
    .map((p) => ({ ...p, total: p.amount - p.credit }));
  const progress = db
    .select({
      of: sql<number>`count(*)`,
      paid: countWhere(sql`${invoices.status} = 'paid'`),
      sent: countWhere(sql`${invoices.paymentState} = 'sent'`),
      failed: countWhere(sql`${invoices.paymentState} = 'failed'`),
      awaitingBank: countWhere(sql`${invoices.paymentState} = 'awaiting_bank'`),
      partlyReversed: countWhere(sql`${partlyReversed} and ${reversalOpen}`),
      byBacs: countWhere(sql`${invoices.paymentMethod} = 'bacs'`),
      stripeUnpaid: countWhere(sql`${invoices.paymentMethod} = 'stripe' and ${invoices.status} = 'approved'`),
    })
    .from(invoices)
    .leftJoin(
      stripeTransferReversals,
      and(
        eq(stripeTransferReversals.stripeTransferId, invoices.paymentReference),
        eq(stripeTransferReversals.invoiceId, invoices.id)
      )
    )
    .where(eq(invoices.paymentRunId, run.id))
    .get() ?? { of: 0, paid: 0, sent: 0, failed: 0, awaitingBank: 0, partlyReversed: 0, byBacs: 0, stripeUnpaid: 0 };
  const creditNote = alias(invoices, "credit_note");
  const credits = db
    .select({
      creditNoteId: creditNote.id,
      creditNoteReference: creditNote.reference,
      invoiceReference: invoices.reference,
      providerName: organisations.name,
      amountPence: creditRecoveries.amountPence,
    })
    .from(creditRecoveries)
    .innerJoin(creditNote, eq(creditNote.id, creditRecoveries.creditNoteId))
    .innerJoin(invoices, eq(invoices.id, creditRecoveries.invoiceId))
    .innerJoin(organisations, eq(organisations.id, creditNote.providerOrganisationId))
    .where(eq(creditRecoveries.paymentRunId, run.id))
    .orderBy(asc(organisations.name), asc(creditNote.reference))
    .all();
  const pages = pageWithin(page, progress.of);
  return {
    run,
    rows: runInvoices(db, run.id, { page: pages.page }),
    ...pages,
    providers,
    credits,
    credit: providers.reduce((s, p) => s + p.credit, 0),
    total: providers.reduce((s, p) => s + p.total, 0),
    progress,
  };
}

/** One page of the council's payment runs, newest first. */
export function listPaymentRuns(db: Tx, actor: Actor, page = 1) {
  authorise(actor, "council.finance", { councilId: actor.councilId ?? "" });
  const mine = eq(paymentRuns.councilId, actor.councilId!);
  const total = db.select({ n: sql<number>`count(*)` }).from(paymentRuns).where(mine).get()?.n ?? 0;
  const pages = pageWithin(page, total);
  const rows = db
    .select()
    .from(paymentRuns)
    .where(mine)
    .orderBy(sql`${paymentRuns.createdAt} desc`, sql`${paymentRuns.reference} desc`)
    .limit(PAYMENT_RUN_PAGE_SIZE)
    .offset((pages.page - 1) * PAYMENT_RUN_PAGE_SIZE)
    .all();
  return { rows, total, ...pages };
}

const idempotencyKey = (invoice: Pick<Invoice, "id" | "paymentAttempt">) =>
  `invoice-${invoice.id}-payment-${invoice.paymentAttempt}`;

function markPaid(
  tx: Tx,
  invoice: Invoice,
  paidOn: IsoDate,
  reference: string | null,
  actor: Actor | null
) {
  if (invoice.status !== "approved") return;
  tx.update(invoices)
    .set({
      status: INVOICE_TRANSITIONS.pay.to,
      paymentState: "confirmed",
      paidOn,
      paymentReference: reference ?? invoice.paymentReference,
      paymentError: null,
    })
    .where(eq(invoices.id, invoice.id))
    .run();
  recordAudit(tx, {
    actor,
    councilId: invoice.councilId,
    action: "invoice.pay",
    subjectType: "invoice",
    subjectId: invoice.id,
    detail: `${invoice.reference}: paid on ${paidOn}${
      reference ? ` (${reference})` : ""
    }`,
  });
  const payment = paymentOf(tx, invoice);
  const credits = payment?.credits ?? [];
  notify(tx, {
    userIds: providerUserIds(tx, invoice.providerOrganisationId),
    message: `Invoice ${invoice.reference} was paid on ${paidOn}${
      credits.length
        ? `: ${formatPence(payment!.paid)}, after credit of ${formatPence(payment!.amount - payment!.paid)} (${credits.map((c) => c.reference).join(", ")}) was taken off`
        : ""
    }`,
    link: invoicePath(invoice, "provider"),
  });
  if (invoice.paymentRunId) completeIfPaid(tx, invoice.paymentRunId);
}

function completeIfPaid(tx: Tx, runId: string) {
  const left = tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.paymentRunId, runId),
        inArray(invoices.status, ["approved"])
      )
    )
    .all();
  if (left.length === 0)
    tx.update(paymentRuns)
      .set({ status: "completed" })
      .where(eq(paymentRuns.id, runId))
      .run();
}

export type RunOutcome = {
  transfers: number;
  /** Invoices the credit taken off them paid in full: nothing to send. */
  settledByCredit: number;
  /** Stripe invoices not sent because the run's date has not come: the day they can be. */
  notBefore: { payOn: IsoDate; invoices: number } | null;
  replayed: number;
  failures: { reference: string; message: string }[];
  awaitingBank: number;
};

/** The refusal of something a run does on its date, asked for before it. */
const notYet = (run: PaymentRun, what: string) => new RuleBroken(`${run.reference} pays on ${formatDate(run.payOn)}: ${what}`);

/**
 * Confirms a run (the first time) and pays what is not yet paid. Safe to call again after any failure: an
 * invoice already sent is skipped, one interrupted while sending is retried with the same key (never paid twice),
 * one refused is retried with a new key. Nothing is sent before the run's date: confirmed earlier, the run puts
 * its BACS invoices in the bank file (which carries the date) and its Stripe transfers wait for the day.
 */
export async function payPaymentRun(
  db: Db,
  actor: Actor,
  runId: string,
  today = todayIso()
): Promise<RunOutcome> {
  const run = findRun(db, actor, runId);
  if (run.status === "completed")
    return { transfers: 0, settledByCredit: 0, notBefore: null, replayed: 0, failures: [], awaitingBank: 0 };
  const early = today < run.payOn;
  if (early && run.status !== "draft") throw notYet(run, "its Stripe transfers cannot be sent before then");
  immediate(db, (tx) => {
    if (run.status !== "draft") return;
    tx.update(paymentRuns)
      .set({ status: "paying", confirmedAt: new Date() })
      .where(eq(paymentRuns.id, run.id))
      .run();
    tx.update(invoices)
      .set({ paymentState: "awaiting_bank" })
      .where(
        and(
          eq(invoices.paymentRunId, run.id),
          eq(invoices.paymentMethod, "bacs"),
          eq(invoices.paymentState, "none")
        )
      )
      .run();
    recordAudit(tx, {
      actor,
      action: "payment_run.confirmed",
      subjectType: "payment_run",
      subjectId: run.id,
      detail: run.reference,
    });
  });
  const outcome: RunOutcome = {
    transfers: 0,
    settledByCredit: 0,
    notBefore: null,
    replayed: 0,
    failures: [],
    awaitingBank: 0,
  };
  const toPay = db
    .select({ invoice: invoices, total: sql<number>`${runAmount} - ${creditTaken}` })
    .from(invoices)
    .where(
      and(
        eq(invoices.paymentRunId, run.id),
        eq(invoices.paymentMethod, "stripe"),
        eq(invoices.status, "approved"),
        inArray(invoices.paymentState, [
          "none",
          "sending",
          "failed",
          "reversed",
        ])
      )
    )
    .orderBy(asc(invoices.reference))
    .all();
  if (early && toPay.length > 0) outcome.notBefore = { payOn: run.payOn, invoices: toPay.length };
  for (const { invoice, total } of early ? [] : toPay) {
    // Claimed just before sending: an invoice flagged meanwhile has left the run and is not sent.
    const claimed = db
      .update(invoices)
      .set({ paymentState: "sending" })
      .where(and(eq(invoices.id, invoice.id), eq(invoices.paymentRunId, run.id), eq(invoices.status, "approved"), sql`not ${held}`))
      .run();
    if (claimed.changes === 0) continue;
    if (total === 0) {
      immediate(db, (tx) => markPaid(tx, invoice, today, "Paid by credit taken off", actor));
      outcome.settledByCredit += 1;
      continue;
    }
    const result = await transferToProvider(db, {
      organisationId: invoice.providerOrganisationId,
      amountPence: total,
      invoiceId: invoice.id,
      idempotencyKey: idempotencyKey(invoice),
      transferGroup: run.reference,
    });
    if (result.ok) {
      outcome.transfers += result.replayed ? 0 : 1;
      outcome.replayed += result.replayed ? 1 : 0;
      db.update(invoices)
        .set({
          paymentState: "sent",
          paymentReference: result.transferId,
          paymentError: null,
        })
        .where(
          and(eq(invoices.id, invoice.id), eq(invoices.paymentState, "sending"))
        )
        .run();
    } else {
      outcome.failures.push({
        reference: invoice.reference,
        message: result.message,
      });
      db.update(invoices)
        .set({
          paymentState: "failed",
          paymentError: result.message,
          paymentAttempt: result.retryable
            ? invoice.paymentAttempt
            : invoice.paymentAttempt + 1,
        })
        .where(eq(invoices.id, invoice.id))
        .run();
    }
  }
  outcome.awaitingBank = db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.paymentRunId, run.id),
        eq(invoices.paymentState, "awaiting_bank")
      )
    )
    .all().length;
  recordAudit(db, {
    actor,
    action: "payment_run.paid",
    subjectType: "payment_run",
    subjectId: run.id,
    detail: `${run.reference}: ${outcome.transfers} transfers, ${outcome.replayed} already made, ${outcome.settledByCredit} paid by credit, ${outcome.failures.length} failed, ${outcome.awaitingBank} by BACS${
      outcome.notBefore ? `, ${outcome.notBefore.invoices} by Stripe waiting for ${run.payOn}` : ""
    }`,
  });
  return outcome;
}

/**
 * The BACS bank file of a run (documented in docs/decisions/010-invoicing.md): one row per provider with the
 * total of its invoices less the credit taken off them. Full bank details appear here and nowhere else.
 */
export const BACS_COLUMNS = [
  "Payment date",
  "Sort code",
  "Account number",
  "Account name",
  "Amount",
  "Reference",
  "Invoices",
] as const;

export function bacsFile(db: Tx, actor: Actor, runId: string): string {
  const run = findRun(db, actor, runId);
  const rows = runInvoices(db, run.id, { method: "bacs" });
  const byProvider = new Map<string, typeof rows>();
  for (const row of rows)
    byProvider.set(row.invoice.providerOrganisationId, [
      ...(byProvider.get(row.invoice.providerOrganisationId) ?? []),
      row,
    ]);
  const lines: CsvCell[][] = [];
  for (const [organisationId, group] of byProvider) {
    const bank = payeeFor(db, organisationId)?.bank;
    const total = group.reduce((s, r) => s + r.total, 0);
    // Credit taken off paid everything this provider was due: there is nothing for the bank to pay.
    if (total === 0) continue;
    lines.push([
      run.payOn,
      bank?.sortCode.replace(/\D/g, "") ?? "",
      bank?.accountNumber ?? "",
      bacsName(bank?.accountName || group[0]!.providerName),
      csvMoney(total),
      run.reference,
      group.map((r) => r.invoice.reference).join(" "),
    ]);
  }
  recordAudit(db, {
    actor,
    action: "payment_run.bank_file",
    subjectType: "payment_run",
    subjectId: run.id,
    detail: `${run.reference}: bank file downloaded`,
  });
  return toCsv([...BACS_COLUMNS], lines);
}

/**
 * Finance confirms the bank has paid the BACS file: those invoices are paid on the run's date, the date in the
 * file, when the bank sent the money. Refused before that date, which would record a payment not yet made.
 */
export function confirmBacsPaid(db: Db, actor: Actor, runId: string, today = todayIso()): number {
  return immediate(db, (tx) => {
    const run = findRun(tx, actor, runId);
    if (run.status === "draft")
      throw new Conflict("Confirm the run before the bank file is paid");
    if (today < run.payOn) throw notYet(run, "confirm that the bank has paid the BACS file on or after that date");
    const waiting = tx
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.paymentRunId, run.id),
          eq(invoices.paymentState, "awaiting_bank")
        )
      )
      .all();
    for (const invoice of waiting)
      markPaid(tx, invoice, run.payOn, `BACS ${run.reference}`, actor);
    tx.update(paymentRuns)
      .set({ bacsConfirmedAt: new Date(), bacsConfirmedBy: actor.id })
      .where(eq(paymentRuns.id, run.id))
      .run();
    completeIfPaid(tx, run.id);
    return waiting.length;
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Stripe's confirmations (registered in payments/stripe-handlers.server.ts).
 * ---------------------------------------------------------------------------------------------------------- */

function invoiceOfTransfer(
  tx: Tx,
  transfer: { id: string; metadata?: Record<string, string> | null }
): Invoice | undefined {
  const recorded = tx
    .select({ invoiceId: stripeTransfers.invoiceId })
    .from(stripeTransfers)
    .where(eq(stripeTransfers.stripeTransferId, transfer.id))
    .get();
  const invoiceId = recorded?.invoiceId ?? transfer.metadata?.invoice_id;
  return invoiceId
    ? tx.select().from(invoices).where(eq(invoices.id, invoiceId)).get()
    : undefined;
}

/** `transfer.created`: the money has left for the provider's account; the invoice is paid. */
export function transferCreated(
  tx: Tx,
  transfer: {
    id: string;
    created: number;
    metadata?: Record<string, string> | null;
  }
): void {
  const invoice = invoiceOfTransfer(tx, transfer);
  if (!invoice) return;
  markPaid(
    tx,
    invoice,
    new Date(transfer.created * 1000).toISOString().slice(0, 10),
    transfer.id,
    null
  );
  applyReversal(tx, transfer.id);
}

/**
 * `transfer.reversed`: records how much of the transfer has come back (Stripe sends the total so far), then
 * applies it to the invoice, or keeps it until the transfer's `transfer.created` has been seen.
 */
export function transferReversed(
  tx: Tx,
  transfer: {
    id: string;
    amount: number;
    amount_reversed: number;
    metadata?: Record<string, string> | null;
  },
  reportedAt: Date
): void {
  const invoice = invoiceOfTransfer(tx, transfer);
  if (!invoice) return;
  tx.insert(stripeTransferReversals)
    .values({
      stripeTransferId: transfer.id,
      invoiceId: invoice.id,
      transferAmountPence: transfer.amount,
      amountReversedPence: transfer.amount_reversed,
      reversedAt: reportedAt,
    })
    .onConflictDoUpdate({
      target: stripeTransferReversals.stripeTransferId,
      set: {
        amountReversedPence: sql`max(${stripeTransferReversals.amountReversedPence}, excluded.amount_reversed_pence)`,
        reversedAt: sql`case when excluded.amount_reversed_pence > ${stripeTransferReversals.amountReversedPence} then excluded.reversed_at else ${stripeTransferReversals.reversedAt} end`,
      },
    })
    .run();
  applyReversal(tx, transfer.id);
}

/**
 * Applies what has come back of a transfer to the invoice it paid, once that payment is recorded. A transfer
 * reversed in full leaves the invoice approved and unpaid, to be paid again with a new key. A partial reversal
 * leaves it paid: the provider has been paid less than the invoice, and finance decides what happens (it is
 * shown on the run and the invoice, audited, and finance and the provider are told); nothing is paid again automatically.
 */
function applyReversal(tx: Tx, stripeTransferId: string): void {
  const reversal = tx
    .select()
    .from(stripeTransferReversals)
    .where(eq(stripeTransferReversals.stripeTransferId, stripeTransferId))
    .get();
  if (!reversal || reversal.amountReversedPence <= reversal.appliedPence) return;
  const invoice = tx.select().from(invoices).where(eq(invoices.id, reversal.invoiceId)).get();
  if (!invoice || invoice.status !== "paid" || invoice.paymentReference !== stripeTransferId) return;
  tx.update(stripeTransferReversals)
    .set({ appliedPence: reversal.amountReversedPence })
    .where(eq(stripeTransferReversals.id, reversal.id))
    .run();
  const run = invoice.paymentRunId
    ? tx.select().from(paymentRuns).where(eq(paymentRuns.id, invoice.paymentRunId)).get()
    : undefined;
  const link = run ? `/council/payment-runs/${run.id}` : invoicePath(invoice, "council");
  if (reversal.amountReversedPence >= reversal.transferAmountPence) {
    tx.update(invoices)
      .set({
        status: INVOICE_TRANSITIONS.reversePayment.to,
        paymentState: "reversed",
        paidOn: null,
        paidOutAt: null,
        paymentAttempt: invoice.paymentAttempt + 1,
        paymentError: "The transfer was reversed",
      })
      .where(eq(invoices.id, invoice.id))
      .run();
    if (run)
      tx.update(paymentRuns)
        .set({ status: "paying" })
        .where(eq(paymentRuns.id, run.id))
        .run();
    recordAudit(tx, {
      actor: null,
      councilId: invoice.councilId,
      action: "invoice.reversePayment",
      subjectType: "invoice",
      subjectId: invoice.id,
      detail: `${invoice.reference}: transfer ${stripeTransferId} of ${formatPence(reversal.transferAmountPence)} reversed in full`,
    });
    notify(tx, {
      userIds: financeUserIds(tx, invoice.councilId),
      message: `The Stripe payment of invoice ${invoice.reference} was reversed in full: it is unpaid again${run ? ` and ${run.reference} will pay it when you try again` : ""}`,
      link,
    });
    return;
  }
  recordAudit(tx, {
    actor: null,
    councilId: invoice.councilId,
    action: "invoice.payment_partly_reversed",
    subjectType: "invoice",
    subjectId: invoice.id,
    detail: `${invoice.reference}: ${formatPence(reversal.amountReversedPence)} of transfer ${stripeTransferId} (${formatPence(reversal.transferAmountPence)}) reversed; not paid again automatically`,
  });
  notify(tx, {
    userIds: financeUserIds(tx, invoice.councilId),
    message: `${formatPence(reversal.amountReversedPence)} of the ${formatPence(reversal.transferAmountPence)} Stripe payment of invoice ${invoice.reference} came back: it will not be paid again automatically`,
    body: "Part of the transfer was reversed, so the provider has been paid less than the invoice. Agree with the provider what is owed; the invoice stays paid.",
    link,
  });
  notify(tx, {
    userIds: providerUserIds(tx, invoice.providerOrganisationId),
    message: `${formatPence(reversal.amountReversedPence)} of the ${formatPence(reversal.transferAmountPence)} Stripe payment of invoice ${invoice.reference} came back to the council: council finance will agree with you what is owed`,
    link: invoicePath(invoice, "provider"),
  });
}

/**
 * The row of the invoice's Stripe transfer when part of it was reversed (a full reversal leaves it unpaid), or null.
 */
export function partialReversalRow(tx: Tx, invoice: Pick<Invoice, "id" | "status" | "paymentReference">) {
  if (invoice.status !== "paid" || !invoice.paymentReference) return null;
  const reversal = tx
    .select()
    .from(stripeTransferReversals)
    .where(
      and(
        eq(stripeTransferReversals.stripeTransferId, invoice.paymentReference),
        eq(stripeTransferReversals.invoiceId, invoice.id)
      )
    )
    .get();
  if (!reversal || reversal.appliedPence === 0 || reversal.appliedPence >= reversal.transferAmountPence) return null;
  return reversal;
}

/**
 * What came back of an invoice's Stripe payment, when part of it was reversed, and whether council finance has
 * recorded dealing with it (who, when and how), for what has come back so far.
 */
export function partialReversalOf(tx: Tx, invoice: Pick<Invoice, "id" | "status" | "paymentReference">) {
  const reversal = partialReversalRow(tx, invoice);
  if (!reversal) return null;
  const dealtWith =
    reversal.dealtWithAt && (reversal.dealtWithPence ?? 0) >= reversal.appliedPence
      ? {
          by: tx.select({ name: users.name }).from(users).where(eq(users.id, reversal.dealtWithBy ?? "")).get()?.name ?? "Council finance",
          at: reversal.dealtWithAt.toISOString(),
          note: reversal.dealtWithNote ?? "",
        }
      : null;
  return {
    reversedPence: reversal.appliedPence,
    transferPence: reversal.transferAmountPence,
    reversedOn: toIsoDate(reversal.reversedAt),
    dealtWith,
  };
}

/**
 * `payout.paid` on a connected account: the provider's bank has the money of the transfers this payout took.
 * Stripe pays out a connected account's balance oldest money first, so the payout took the account's transfers not
 * yet paid out, made before the payout, oldest first, for as much as it paid (each transfer counted less what was
 * reversed of it); a transfer it could only partly cover waits for the next payout. Those transfers, and the
 * invoices they paid, are paid out on its arrival date. See docs/decisions/010-invoicing.md.
 */
export function payoutPaid(
  tx: Tx,
  accountId: string | undefined,
  payout: { id: string; amount: number; created: number; arrival_date: number }
): void {
  if (!accountId) return;
  const arrival = new Date(payout.arrival_date * 1000);
  const waiting = tx
    .select({
      id: stripeTransfers.id,
      stripeTransferId: stripeTransfers.stripeTransferId,
      invoiceId: stripeTransfers.invoiceId,
      net: sql<number>`${stripeTransfers.amountPence} - coalesce(${stripeTransferReversals.amountReversedPence}, 0)`,
    })
    .from(stripeTransfers)
    .leftJoin(stripeTransferReversals, eq(stripeTransferReversals.stripeTransferId, stripeTransfers.stripeTransferId))
    .where(
      and(
        eq(stripeTransfers.destinationAccountId, accountId),
        isNull(stripeTransfers.paidOutAt),
        sql`${stripeTransfers.createdAt} < ${(payout.created + 1) * 1000}`
      )
    )
    .orderBy(asc(stripeTransfers.createdAt), asc(stripeTransfers.id))
    .all()
    .filter((t) => t.net > 0);
  let left = payout.amount;
  const taken: typeof waiting = [];
  for (const transfer of waiting) {
    if (transfer.net > left) break;
    taken.push(transfer);
    left -= transfer.net;
  }
  if (taken.length === 0) return;
  tx.update(stripeTransfers)
    .set({ payoutId: payout.id, paidOutAt: arrival })
    .where(inArray(stripeTransfers.id, taken.map((t) => t.id)))
    .run();
  tx.update(invoices)
    .set({ paidOutAt: arrival })
    .where(
      and(
        inArray(invoices.paymentReference, taken.map((t) => t.stripeTransferId)),
        eq(invoices.status, "paid"),
        isNull(invoices.paidOutAt)
      )
    )
    .run();
}

/* ------------------------------------------------------------------------------------------------------------
 * Prompt payment.
 * ---------------------------------------------------------------------------------------------------------- */

/** The value below which `share` of the sorted numbers fall (nearest rank). */
export function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
}

export function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type PromptPaymentRow = {
  providerName: string;
  month: string;
  invoices: number;
  median: number;
  p90: number;
  withinTarget: number;
};

/** Median and 90th-percentile days from submission to payment, by provider and month of payment, against 28 days. */
export function promptPayment(
  db: Tx,
  actor: Actor
): {
  rows: PromptPaymentRow[];
  overall: Omit<PromptPaymentRow, "providerName" | "month">;
  target: number;
} {
  authorise(actor, "council.finance", { councilId: actor.councilId ?? "" });
  const paid = db
    .select({
      providerName: organisations.name,
      submittedOn: invoices.submittedOn,
      paidOn: invoices.paidOn,
    })
    .from(invoices)
    .innerJoin(
      organisations,
      eq(organisations.id, invoices.providerOrganisationId)
    )
    .where(
      and(
        eq(invoices.councilId, actor.councilId!),
        eq(invoices.kind, "invoice"),
        inArray(invoices.status, ["paid", "credited"])
      )
    )
    .all()
    .filter((r) => r.submittedOn && r.paidOn);
  const figures = (days: number[]) => {
    const sorted = [...days].sort((a, b) => a - b);
    return {
      invoices: sorted.length,
      median: median(sorted),
      p90: percentile(sorted, 0.9),
      withinTarget: sorted.filter((d) => d <= PAYMENT_TARGET_DAYS).length,
    };
  };
  const groups = new Map<
    string,
    { providerName: string; month: string; days: number[] }
  >();
  for (const r of paid) {
    const month = r.paidOn!.slice(0, 7);
    const key = `${r.providerName}|${month}`;
    const g = groups.get(key) ?? {
      providerName: r.providerName,
      month,
      days: [],
    };
    g.days.push(daysBetween(r.submittedOn!, r.paidOn!));
    groups.set(key, g);
  }
  const rows = [...groups.values()]
    .map((g) => ({
      providerName: g.providerName,
      month: g.month,
      ...figures(g.days),
    }))
    .sort(
      (a, b) =>
        b.month.localeCompare(a.month) ||
        a.providerName.localeCompare(b.providerName)
    );
  return {
    rows,
    overall: figures(paid.map((r) => daysBetween(r.submittedOn!, r.paidOn!))),
    target: PAYMENT_TARGET_DAYS,
  };
}

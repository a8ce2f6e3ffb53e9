import { and, eq, like } from "drizzle-orm";
import { addDays, formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import type { Db } from "../client.server";
import {
  agreements,
  agreementVersions,
  invoiceLines,
  invoiceQueries,
  invoices,
  invoiceUploads,
  isfAccounts,
  ledgerEntries,
  organisations,
  paymentRuns,
  providerPaymentAccounts,
  users,
} from "../schema";

const HOURLY_RATE = 2150;

/**
 * Riverbank's invoices for James, consistent with his fund's demo drawdowns: the five 4-weekly invoices the
 * ledger drew down (their lines' ids ARE the drawdown references, so nothing is drawn twice) — three paid, each in
 * a completed payment run of its own (PR-00001 and PR-00003 by BACS, PR-00002 by Stripe), and two approved
 * waiting for a payment run — then one awaiting approval and one queried,
 * with a CSV file of extra lines that was refused for a mistyped date.
 * Idempotent: a provider that already has invoices is left alone.
 */
export function seedInvoices(db: Db): void {
  const riverbank = db
    .select()
    .from(organisations)
    .where(eq(organisations.name, "Riverbank Community Care"))
    .get();
  const admin = db
    .select()
    .from(users)
    .where(eq(users.email, "admin@riverbank-care.example"))
    .get();
  const finance = db
    .select()
    .from(users)
    .where(eq(users.email, "finance@clydevale.example"))
    .get();
  if (!riverbank || !admin || !finance) return;
  if (
    db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.providerOrganisationId, riverbank.id))
      .get()
  )
    return;
  const agreement = db
    .select()
    .from(agreements)
    .where(
      and(
        eq(agreements.providerOrganisationId, riverbank.id),
        eq(agreements.status, "active")
      )
    )
    .get();
  if (!agreement) return;
  const account = db
    .select()
    .from(isfAccounts)
    .where(eq(isfAccounts.agreementId, agreement.id))
    .get();
  const version = db
    .select()
    .from(agreementVersions)
    .where(
      and(
        eq(agreementVersions.agreementId, agreement.id),
        eq(agreementVersions.status, "approved")
      )
    )
    .get();
  if (!account || !version?.startOn) return;
  const from = version.startOn;

  db.transaction((tx) => {
    // Riverbank is paid by BACS into its (fictional) bank account until it connects a Stripe account.
    tx.insert(providerPaymentAccounts)
      .values({ organisationId: riverbank.id, method: "bacs", bankAccountName: "Riverbank Care", bankSortCode: "800117", bankAccountNumber: "41726093" })
      .onConflictDoNothing()
      .run();
    let number = 0;
    const reference = () => `INV-${String(++number).padStart(6, "0")}`;
    const paid = [
      { method: "bacs" as const, payAfter: 21 },
      { method: "stripe" as const, payAfter: 16 },
      { method: "bacs" as const, payAfter: 33 },
    ];
    for (let n = 1; n <= 5; n++) {
      const periodStart = addDays(from, (n - 1) * 28);
      const periodEnd = addDays(periodStart, 27);
      const entries = tx
        .select()
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.accountId, account.id),
            eq(ledgerEntries.kind, "drawdown"),
            like(ledgerEntries.reference, `demo-invoice-${n}-line-%`)
          )
        )
        .all()
        .filter((e) => /-line-\d+$/.test(e.reference ?? ""));
      if (entries.length === 0) continue;
      const payment = paid[n - 1];
      const submittedOn = addDays(periodEnd, 2);
      const paidOn = payment ? addDays(submittedOn, payment.payAfter) : null;
      // Each paid invoice went out in a completed payment run of its own, prepared and confirmed on its day.
      let run: typeof paymentRuns.$inferSelect | null = null;
      if (payment && paidOn) {
        const at = new Date(`${paidOn}T09:00:00Z`);
        run = tx
          .insert(paymentRuns)
          .values({
            councilId: agreement.councilId,
            reference: `PR-${String(n).padStart(5, "0")}`,
            payOn: paidOn,
            status: "completed",
            createdBy: finance.id,
            createdAt: at,
            confirmedAt: at,
            ...(payment.method === "bacs" ? { bacsConfirmedAt: at, bacsConfirmedBy: finance.id } : {}),
          })
          .returning()
          .get();
      }
      const invoice = tx
        .insert(invoices)
        .values({
          councilId: agreement.councilId,
          providerOrganisationId: riverbank.id,
          reference: reference(),
          periodStart,
          periodEnd,
          status: payment ? "paid" : "approved",
          createdBy: admin.id,
          submittedOn,
          submittedAt: new Date(`${submittedOn}T10:00:00Z`),
          decidedBy: finance.id,
          decidedAt: new Date(`${entries[0]!.entryDate}T10:00:00Z`),
          paymentMethod: payment?.method ?? null,
          paymentState: payment ? "confirmed" : "none",
          paymentReference: payment
            ? payment.method === "stripe"
              ? `tr_demo_${n}`
              : `BACS ${run!.reference}`
            : null,
          paidOn,
          paymentRunId: run?.id ?? null,
          runAmountPence: run ? entries.reduce((sum, e) => sum - e.amount, 0) : null,
        })
        .returning()
        .get();
      entries
        .sort((a, b) => a.sequence - b.sequence)
        .forEach((entry, i) => {
          const hours = -entry.amount / HOURLY_RATE;
          tx.insert(invoiceLines)
            .values({
              id: entry.reference!,
              invoiceId: invoice.id,
              position: i + 1,
              personId: agreement.personId,
              agreementId: agreement.id,
              accountId: account.id,
              startOn: periodStart,
              endOn: periodEnd,
              outcomeId: entry.outcomeId,
              description: version.plan[i]?.support ?? "Support",
              unitKind: "hours",
              units: hours,
              ratePence: HOURLY_RATE,
              amountPence: -entry.amount,
              status: "approved",
            })
            .run();
        });
    }
    for (const [n, status] of [
      [6, "submitted"],
      [7, "queried"],
    ] as const) {
      const periodStart = addDays(from, (n - 1) * 28);
      const periodEnd = addDays(periodStart, 27);
      const submittedOn = addDays(periodEnd, 2);
      const invoice = tx
        .insert(invoices)
        .values({
          councilId: agreement.councilId,
          providerOrganisationId: riverbank.id,
          reference: reference(),
          periodStart,
          periodEnd,
          status,
          createdBy: admin.id,
          submittedOn,
          submittedAt: new Date(`${submittedOn}T10:00:00Z`),
        })
        .returning()
        .get();
      version.plan.forEach((plan, i) => {
        const hours = 16 + (n === 7 && i === 1 ? 2 : 0);
        tx.insert(invoiceLines)
          .values({
            invoiceId: invoice.id,
            position: i + 1,
            personId: agreement.personId,
            agreementId: agreement.id,
            accountId: account.id,
            startOn: periodStart,
            endOn: periodEnd,
            outcomeId: plan.outcomeId,
            description: plan.support,
            unitKind: "hours",
            units: hours,
            ratePence: plan.ratePence ?? HOURLY_RATE,
            amountPence: hours * (plan.ratePence ?? HOURLY_RATE),
          })
          .run();
      });
      if (status === "queried") {
        tx.insert(invoiceQueries)
          .values({
            invoiceId: invoice.id,
            question: `Line 2 charges 18 hours for ${formatDate(
              periodStart
            )} to ${formatDate(
              periodEnd
            )}: the plan has 4 hours a week (16). What were the 2 extra hours? (${formatPence(
              2 * HOURLY_RATE
            )})`,
            askedBy: finance.id,
            askedAt: new Date(`${addDays(submittedOn, 5)}T10:00:00Z`),
          })
          .run();
        tx.insert(invoiceUploads)
          .values({
            invoiceId: invoice.id,
            uploadedBy: admin.id,
            uploadedAt: new Date(`${addDays(submittedOn, 6)}T10:00:00Z`),
            fileName: "extra-hours.csv",
            rows: 2,
            added: 0,
            saved: false,
            problems: [
              {
                row: 3,
                message: `${addDays(periodEnd, 3)} is outside the invoice's period (${periodStart} to ${periodEnd})`,
              },
            ],
          })
          .run();
      }
    }
  });
}

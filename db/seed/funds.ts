import { and, eq } from "drizzle-orm";
import { openAccount } from "~/domain/ledger/ledger.server";
import { seedDemoLedger } from "~/domain/ledger/demo.server";
import { addDays, todayIso } from "~/lib/dates";
import { immediate, type Db } from "../client.server";
import { councils, isfAccounts, organisations, people, personOutcomes, users } from "../schema";

/** Stands in for James's approved agreement until the agreements area seeds it (and opens the account itself). */
export const JAMES_DEMO_AGREEMENT = "demo-agreement-CV-100871";

/**
 * James's Individual Service Fund with Riverbank Community Care: £18,000 for a year that began about five
 * months ago, five 4-weekly invoices of his hours at £23.50 paid from it, and one mistaken line reversed.
 * Idempotent: an existing account is left alone.
 */
export function seedDemoFunds(db: Db, today = todayIso()): void {
  immediate(db, (tx) => {
    const council = tx.select().from(councils).where(eq(councils.slug, "clydevale")).get();
    const james = council && tx.select().from(people).where(and(eq(people.councilId, council.id), eq(people.reference, "CV-100871"))).get();
    const provider = tx.select().from(organisations).where(eq(organisations.name, "Riverbank Community Care")).get();
    const finance = tx.select().from(users).where(eq(users.email, "finance@clydevale.example")).get();
    if (!council || !james || !provider || !finance) return;
    if (tx.select({ id: isfAccounts.id }).from(isfAccounts).where(eq(isfAccounts.personId, james.id)).get()) return;
    const actor = { id: finance.id, councilId: finance.councilId };
    const periodStart = addDays(today, -150);
    const account = openAccount(
      tx,
      {
        councilId: council.id,
        agreementId: JAMES_DEMO_AGREEMENT,
        personId: james.id,
        providerOrganisationId: provider.id,
        periodStart,
        periodEnd: addDays(periodStart, 364),
        openingAmount: 1_800_000,
      },
      actor,
    );
    const outcomeIds = tx.select({ id: personOutcomes.outcomeId }).from(personOutcomes).where(eq(personOutcomes.personId, james.id)).all().map((o) => o.id);
    seedDemoLedger(tx, account.id, { from: periodStart, invoices: 5, hourlyRate: 2_350, hoursPerWeek: 14, outcomeIds, actor });
  });
}

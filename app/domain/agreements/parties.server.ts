/**
 * Telling the parties to an agreement and recording what happened to it: shared by the agreement commands and by
 * the people area, which withdraws the agreements of a record when it is closed.
 */
import { and, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { agreements, agreementSignatures, agreementVersions, people, representatives, users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { todayIso, type IsoDate } from "~/lib/dates";

type AgreementRow = typeof agreements.$inferSelect;

export const agreementPath = (agreementId: string) => `/agreements/${agreementId}`;

/** The person's side: the person's own account and their representatives acting today. */
export function personSideUserIds(db: Tx, agreement: Pick<AgreementRow, "personId">, today = todayIso()): string[] {
  const person = db.select({ userId: people.userId }).from(people).where(eq(people.id, agreement.personId)).get();
  const reps = db
    .select({ userId: representatives.userId })
    .from(representatives)
    .where(and(eq(representatives.personId, agreement.personId), lte(representatives.startsOn, today), or(isNull(representatives.endsOn), gte(representatives.endsOn, today))))
    .all();
  return [person?.userId, ...reps.map((r) => r.userId)].filter((id): id is string => Boolean(id));
}

/** Everyone on each side of the agreement: the person and their acting representatives, the provider's users, the person's practitioner. */
export function partyUserIds(db: Tx, agreement: AgreementRow, today = todayIso()): string[] {
  const person = db.select({ practitionerId: people.practitionerId }).from(people).where(eq(people.id, agreement.personId)).get();
  const providerUsers = db.select({ id: users.id }).from(users).where(eq(users.organisationId, agreement.providerOrganisationId)).all();
  return [...personSideUserIds(db, agreement, today), person?.practitionerId, ...providerUsers.map((u) => u.id)].filter((id): id is string => Boolean(id));
}

export function commissionerIds(db: Tx, councilId: string): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.councilId, councilId), eq(users.role, "commissioner")))
    .all()
    .map((u) => u.id);
}

export function tellParties(db: Tx, agreement: AgreementRow, message: string, body?: string, extra: string[] = []): void {
  notify(db, { userIds: [...partyUserIds(db, agreement), ...extra], message, link: agreementPath(agreement.id), body });
}

export function audit(db: Tx, actor: Actor | null, agreement: AgreementRow, action: string, detail: string, ipAddress?: string, at?: Date): void {
  recordAudit(db, { actor, councilId: agreement.councilId, action: `agreement.${action}`, subjectType: "agreement", subjectId: agreement.id, detail, ipAddress, at });
}

/**
 * The person's agreements that have not come into force and that nobody has signed: drafts, and versions issued for
 * signature without a signature yet. Closing the person's record withdraws them.
 */
export function unsignedAgreements(db: Tx, personId: string): AgreementRow[] {
  const candidates = db.select().from(agreements).where(and(eq(agreements.personId, personId), inArray(agreements.status, ["draft", "issued"]))).all();
  return candidates.filter((agreement) => !db.select({ id: agreementSignatures.id }).from(agreementSignatures).innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.versionId)).where(and(eq(agreementSignatures.agreementId, agreement.id), eq(agreementVersions.status, "issued"))).get());
}

/** Withdraws an agreement that never came into force: its working version and the agreement stop here, audited, and the parties are told. */
export function withdrawAgreement(db: Tx, actor: Actor, agreement: AgreementRow, reason: string, today: IsoDate): void {
  db.update(agreementVersions)
    .set({ status: "withdrawn" })
    .where(and(eq(agreementVersions.agreementId, agreement.id), inArray(agreementVersions.status, ["draft", "issued"])))
    .run();
  db.update(agreements).set({ status: "withdrawn", endedOn: today }).where(eq(agreements.id, agreement.id)).run();
  audit(db, actor, agreement, "withdrawn", reason);
  tellParties(db, agreement, `Agreement ${agreement.reference} has been withdrawn`, reason);
}

import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { auditEvents } from "@db/schema";
import type { Actor } from "~/auth/permissions";

export type AuditEntry = {
  actor: Pick<Actor, "id" | "councilId"> | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  detail?: string;
  /** The council whose record this is, when the actor is not council staff (a provider, a person). */
  councilId?: string | null;
  ipAddress?: string | null;
  /** When it happened, if not now (history recorded after the event, such as demo data). */
  at?: Date;
};

/** Appends one row to the audit log. The table refuses updates and deletes. */
export function recordAudit(db: Tx, entry: AuditEntry): void {
  db.insert(auditEvents)
    .values({
      actorUserId: entry.actor?.id ?? null,
      councilId: entry.councilId ?? entry.actor?.councilId ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      detail: entry.detail ?? "",
      ipAddress: entry.ipAddress ?? null,
      ...(entry.at ? { at: entry.at } : {}),
    })
    .run();
}

export function auditTrail(db: Tx, filter: { subjectType?: string; subjectId?: string; councilId?: string }, limit = 100) {
  const conditions: SQL[] = [];
  if (filter.subjectType) conditions.push(eq(auditEvents.subjectType, filter.subjectType));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.councilId) conditions.push(eq(auditEvents.councilId, filter.councilId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit)
    .all();
}

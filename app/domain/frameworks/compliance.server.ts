import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import {
  applicationAnswers,
  evidenceDocuments,
  evidenceReminders,
  frameworkCriteria,
  frameworks,
  organisations,
  providerApplications,
  users,
  type ApplicationStatus,
} from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { addDays, daysBetween, formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { NotFound } from "~/lib/errors";
import { readStoredFile, safeFileName } from "./files.server";
import { frameworkInForce } from "./in-force";

/** Standings whose evidence must stay current. */
const ON_FRAMEWORK: ApplicationStatus[] = ["admitted", "suspended"];
/** How far ahead the compliance view looks. */
export const COMPLIANCE_WINDOW_DAYS = 60;

/** The current evidence of providers on a framework in force today, expiring on or before `until`. */
function expiringEvidence(db: Tx, today: IsoDate, until: IsoDate, scope: { councilId?: string; organisationId?: string }) {
  return db
    .select({
      applicationId: providerApplications.id,
      reference: providerApplications.reference,
      status: providerApplications.status,
      councilId: providerApplications.councilId,
      organisationId: organisations.id,
      organisation: organisations.name,
      framework: frameworks.name,
      criterionId: frameworkCriteria.id,
      criterion: frameworkCriteria.title,
      mandatory: frameworkCriteria.mandatory,
      documentId: applicationAnswers.documentId,
      expiresOn: applicationAnswers.expiresOn,
    })
    .from(applicationAnswers)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationAnswers.applicationId))
    .innerJoin(frameworkCriteria, eq(frameworkCriteria.id, applicationAnswers.criterionId))
    .innerJoin(frameworks, eq(frameworks.id, providerApplications.frameworkId))
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .where(
      and(
        inArray(providerApplications.status, ON_FRAMEWORK),
        frameworkInForce(providerApplications.frameworkId, today),
        isNotNull(applicationAnswers.documentId),
        isNotNull(applicationAnswers.expiresOn),
        lte(applicationAnswers.expiresOn, until),
        scope.councilId ? eq(providerApplications.councilId, scope.councilId) : undefined,
        scope.organisationId ? eq(providerApplications.organisationId, scope.organisationId) : undefined,
      ),
    )
    .orderBy(asc(applicationAnswers.expiresOn), asc(organisations.name))
    .all()
    .map((row) => ({ ...row, expiresOn: row.expiresOn as IsoDate, documentId: row.documentId as string }));
}

/** Evidence has expired once its expiry date has passed: on the date itself it still counts. */
function hasExpired(daysLeft: number): boolean {
  return daysLeft < 0;
}

/**
 * For the provider's home page: its evidence on frameworks in force that has expired or expires within the
 * compliance window, soonest first, and whether expired mandatory evidence means it needs to act now.
 */
export function providerEvidenceDue(db: Tx, actor: Actor, today: IsoDate = todayIso()) {
  if (!actor.organisationId) throw new NotFound();
  authorise(actor, "provider.work", { organisationId: actor.organisationId });
  const items = expiringEvidence(db, today, addDays(today, COMPLIANCE_WINDOW_DAYS), { organisationId: actor.organisationId }).map((row) => {
    const daysLeft = daysBetween(today, row.expiresOn);
    return {
      applicationId: row.applicationId,
      criterionId: row.criterionId,
      framework: row.framework,
      criterion: row.criterion,
      mandatory: row.mandatory,
      expiresOn: row.expiresOn,
      daysLeft,
      expired: hasExpired(daysLeft),
    };
  });
  return { items, actionNeeded: items.some((item) => item.expired && item.mandatory) };
}

/**
 * The compliance view: evidence expiring in the next 60 days or already expired, grouped by provider, those
 * needing action first and then the soonest to expire. A provider with expired mandatory evidence needs action
 * (and cannot enter new agreements).
 */
export function complianceView(db: Tx, actor: Actor, today: IsoDate = todayIso()) {
  authorise(actor, "framework.manage", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  const rows = expiringEvidence(db, today, addDays(today, COMPLIANCE_WINDOW_DAYS), { councilId: actor.councilId });
  const sent = rows.length
    ? db
        .select()
        .from(evidenceReminders)
        .where(inArray(evidenceReminders.documentId, rows.map((r) => r.documentId)))
        .all()
    : [];
  const providers = new Map<string, { organisationId: string; organisation: string; actionNeeded: boolean; items: ComplianceItem[] }>();
  for (const row of rows) {
    const daysLeft = daysBetween(today, row.expiresOn);
    const item: ComplianceItem = {
      applicationId: row.applicationId,
      reference: row.reference,
      framework: row.framework,
      criterion: row.criterion,
      mandatory: row.mandatory,
      expiresOn: row.expiresOn,
      daysLeft,
      expired: hasExpired(daysLeft),
      remindersSent: sent.filter((s) => s.documentId === row.documentId).map((s) => s.stage),
    };
    const entry = providers.get(row.organisationId) ?? { organisationId: row.organisationId, organisation: row.organisation, actionNeeded: false, items: [] };
    entry.items.push(item);
    entry.actionNeeded ||= item.expired && item.mandatory;
    providers.set(row.organisationId, entry);
  }
  // Those needing action first, then the soonest to expire.
  const soonest = (p: { items: ComplianceItem[] }) => Math.min(...p.items.map((i) => i.daysLeft));
  return [...providers.values()].sort(
    (a, b) => Number(b.actionNeeded) - Number(a.actionNeeded) || soonest(a) - soonest(b) || a.organisation.localeCompare(b.organisation),
  );
}

/** Providers per page of the compliance view. */
export const COMPLIANCE_PAGE_SIZE = 20;

/** One page of the compliance view, with how many providers it lists in all and how many need action. */
export function compliancePage(db: Tx, actor: Actor, requested: number, today: IsoDate = todayIso()) {
  const providers = complianceView(db, actor, today);
  const pageCount = Math.max(1, Math.ceil(providers.length / COMPLIANCE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pageCount);
  return {
    providers: providers.slice((page - 1) * COMPLIANCE_PAGE_SIZE, page * COMPLIANCE_PAGE_SIZE),
    total: providers.length,
    actionNeeded: providers.filter((p) => p.actionNeeded).length,
    page,
    pageCount,
  };
}

export type ComplianceItem = {
  applicationId: string;
  reference: string;
  framework: string;
  criterion: string;
  mandatory: boolean;
  expiresOn: IsoDate;
  daysLeft: number;
  expired: boolean;
  remindersSent: string[];
};

/**
 * Why this provider may not enter a new agreement with this council now, or null when it may: it must be
 * admitted (not suspended) to one of the council's frameworks in force, with no expired mandatory evidence.
 */
export function providerComplianceBlock(db: Tx, organisationId: string, councilId: string, today: IsoDate = todayIso()): string | null {
  const standings = db
    .select({ status: providerApplications.status })
    .from(providerApplications)
    .where(
      and(
        eq(providerApplications.organisationId, organisationId),
        eq(providerApplications.councilId, councilId),
        inArray(providerApplications.status, ON_FRAMEWORK),
        frameworkInForce(providerApplications.frameworkId, today),
      ),
    )
    .all();
  if (!standings.some((s) => s.status === "admitted")) {
    return standings.length > 0 ? "The provider is suspended from the council's framework." : "The provider is not admitted to the council's framework.";
  }
  const first = expiringEvidence(db, today, today, { organisationId, councilId }).find((row) => row.mandatory && hasExpired(daysBetween(today, row.expiresOn)));
  if (!first) return null;
  return `Action needed: ${first.criterion} expired on ${formatDate(first.expiresOn)}. The provider must renew it first.`;
}

/** Which reminder is due for evidence with this many days left, if any. */
export function reminderStage(daysLeft: number): "30_days" | "7_days" | "expired" | null {
  if (daysLeft <= 0) return "expired";
  if (daysLeft <= 7) return "7_days";
  if (daysLeft <= 30) return "30_days";
  return null;
}

/**
 * Sends the due expiry reminders: 30 and 7 days before evidence expires and on the day. Each reminder is
 * recorded, so running this again (at every start and daily) sends nothing twice. Returns how many were sent.
 */
export function runEvidenceReminders(db: Db, today: IsoDate = todayIso()): number {
  return db.transaction((tx) => {
    let sent = 0;
    for (const row of expiringEvidence(tx, today, addDays(today, 30), {})) {
      const daysLeft = daysBetween(today, row.expiresOn);
      const stage = reminderStage(daysLeft);
      if (!stage) continue;
      const recorded = tx.insert(evidenceReminders).values({ documentId: row.documentId, stage }).onConflictDoNothing().run();
      if (recorded.changes === 0) continue;
      const recipients = tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.organisationId, row.organisationId), inArray(users.role, ["provider_admin", "provider_staff"])))
        .all()
        .map((u) => u.id);
      const when = stage === "expired" ? (daysLeft === 0 ? "expires today" : `expired on ${formatDate(row.expiresOn)}`) : `expires on ${formatDate(row.expiresOn)}, in ${daysLeft} days`;
      notify(tx, {
        userIds: recipients,
        message: `Your evidence "${row.criterion}" for ${row.framework} ${when}`,
        link: `/provider/applications/${row.applicationId}/criteria/${row.criterionId}`,
        body: !row.mandatory
          ? "Upload the renewed evidence when you have it."
          : hasExpired(daysLeft)
            ? "Until you upload the renewed evidence, your organisation is marked 'action needed' and cannot enter new agreements."
            : daysLeft === 0
              ? "It still counts today. Upload the renewed evidence now: from tomorrow your organisation is marked 'action needed' and cannot enter new agreements until you do."
              : "Upload the renewed evidence before it expires, so you can keep entering new agreements.",
      });
      recordAudit(tx, { actor: null, councilId: row.councilId, action: "evidence.reminder_sent", subjectType: "provider_application", subjectId: row.applicationId, detail: `${row.criterion}: ${stage}` });
      sent++;
    }
    return sent;
  });
}

/** An evidence file, for its own organisation's users and the framework council's commissioners only. */
export function downloadDocument(db: Db, actor: Actor, documentId: string) {
  const document = db
    .select({ id: evidenceDocuments.id, fileName: evidenceDocuments.fileName, contentType: evidenceDocuments.contentType, organisationId: evidenceDocuments.organisationId, councilId: providerApplications.councilId, status: providerApplications.status })
    .from(evidenceDocuments)
    .innerJoin(providerApplications, eq(providerApplications.id, evidenceDocuments.applicationId))
    .where(eq(evidenceDocuments.id, documentId))
    .get();
  if (!document) throw new NotFound();
  authorise(actor, "document.read", { councilId: document.councilId, organisationId: document.organisationId }, { hide: true });
  if (actor.role === "commissioner" && document.status === "draft") throw new NotFound();
  return { fileName: safeFileName(document.fileName), contentType: document.contentType, bytes: readStoredFile(db, document.id) };
}

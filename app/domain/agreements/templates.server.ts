import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { agreementTemplates, type TemplateClause, type TemplateTerms } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { NotFound, RuleBroken } from "~/lib/errors";
import { DEFAULT_CLAUSES, DEFAULT_EASY_READ, DEFAULT_TERMS, unknownPlaceholders } from "./template";

export type AgreementTemplate = typeof agreementTemplates.$inferSelect;

/** The council's newest template version: what new agreements are worded from. */
export function currentTemplate(db: Tx, councilId: string): AgreementTemplate {
  const template = db.select().from(agreementTemplates).where(eq(agreementTemplates.councilId, councilId)).orderBy(desc(agreementTemplates.version)).get();
  if (!template) throw new NotFound("This council has no agreement template yet");
  return template;
}

/** One version of the council's template: the wording and terms an agreement version was issued with. */
export function templateVersion(db: Tx, councilId: string, version: number): AgreementTemplate {
  const template = db.select().from(agreementTemplates).where(and(eq(agreementTemplates.councilId, councilId), eq(agreementTemplates.version, version))).get();
  if (!template) throw new NotFound("This council has no such agreement template version");
  return template;
}

export function templateHistory(db: Tx, councilId: string) {
  return db
    .select({ id: agreementTemplates.id, version: agreementTemplates.version, changeNote: agreementTemplates.changeNote, createdAt: agreementTemplates.createdAt })
    .from(agreementTemplates)
    .where(eq(agreementTemplates.councilId, councilId))
    .orderBy(desc(agreementTemplates.version))
    .all();
}

export type TemplateInput = { clauses: TemplateClause[]; easyReadClauses: TemplateClause[]; terms: TemplateTerms; changeNote: string };

/** Saves changed wording or terms as the next version. Earlier agreements keep the version they were made from. */
export function saveTemplate(db: Db, actor: Actor, councilId: string, input: TemplateInput): AgreementTemplate {
  authorise(actor, "council.commission", { councilId });
  const unknown = unknownPlaceholders([...input.clauses, ...input.easyReadClauses]);
  if (unknown.length > 0) {
    throw new RuleBroken(`The wording uses placeholders the service does not know: ${unknown.map((u) => `{{${u}}}`).join(", ")}. Use only the placeholders listed.`);
  }
  return db.transaction((tx) => {
    const latest = tx.select({ version: agreementTemplates.version }).from(agreementTemplates).where(eq(agreementTemplates.councilId, councilId)).orderBy(desc(agreementTemplates.version)).get();
    const template = tx
      .insert(agreementTemplates)
      .values({ councilId, version: (latest?.version ?? 0) + 1, clauses: input.clauses, easyReadClauses: input.easyReadClauses, terms: input.terms, changeNote: input.changeNote, createdByUserId: actor.id })
      .returning()
      .get();
    recordAudit(tx, { actor, councilId, action: "agreement_template.saved", subjectType: "agreement_template", subjectId: template.id, detail: `Version ${template.version}: ${input.changeNote}` });
    return template;
  });
}

/** A council's first template: the standard wording and terms. Does nothing if it already has one. */
export function ensureDefaultTemplate(tx: Tx, councilId: string): void {
  const existing = tx.select({ id: agreementTemplates.id }).from(agreementTemplates).where(eq(agreementTemplates.councilId, councilId)).get();
  if (existing) return;
  tx.insert(agreementTemplates)
    .values({ councilId, version: 1, clauses: DEFAULT_CLAUSES, easyReadClauses: DEFAULT_EASY_READ, terms: DEFAULT_TERMS, changeNote: "Standard wording" })
    .run();
}

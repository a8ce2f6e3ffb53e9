import { and, asc, desc, eq, gte, inArray } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { applicationLots, councils, frameworkCriteria, frameworkLots, frameworks, organisations, providerApplications } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { todayIso, type IsoDate } from "~/lib/dates";
import { NotFound, RuleBroken } from "~/lib/errors";
import { PUBLIC_STATUSES } from "./in-force";
import type { CriterionInput, FrameworkInput, LotInput } from "./frameworks.schema";


function councilOf(actor: Actor): string {
  if (!actor.councilId) throw new NotFound();
  return actor.councilId;
}

/** The council's frameworks, newest first. */
export function listFrameworks(db: Tx, actor: Actor) {
  authorise(actor, "framework.manage", { councilId: actor.councilId ?? "" });
  const councilId = councilOf(actor);
  return db.select().from(frameworks).where(eq(frameworks.councilId, councilId)).orderBy(desc(frameworks.startDate), asc(frameworks.name)).all();
}

/** One of the actor's council's frameworks with its lots and criteria. */
export function getFramework(db: Tx, actor: Actor, frameworkId: string) {
  const councilId = councilOf(actor);
  authorise(actor, "framework.manage", { councilId }, { hide: true });
  const framework = db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.id, frameworkId), eq(frameworks.councilId, councilId)))
    .get();
  if (!framework) throw new NotFound();
  return { ...framework, lots: lotsOf(db, framework.id), criteria: criteriaOf(db, framework.id) };
}

export function lotsOf(db: Tx, frameworkId: string) {
  return db.select().from(frameworkLots).where(eq(frameworkLots.frameworkId, frameworkId)).orderBy(asc(frameworkLots.position), asc(frameworkLots.name)).all();
}

export function criteriaOf(db: Tx, frameworkId: string) {
  return db.select().from(frameworkCriteria).where(eq(frameworkCriteria.frameworkId, frameworkId)).orderBy(asc(frameworkCriteria.position)).all();
}

function assertUniqueReference(tx: Tx, councilId: string, reference: string, exceptId?: string) {
  const clash = tx
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(and(eq(frameworks.councilId, councilId), eq(frameworks.reference, reference)))
    .get();
  if (clash && clash.id !== exceptId) {
    const message = `Another of your council's frameworks already has the reference ${reference}: enter a different one`;
    throw new RuleBroken(message, { reference: message });
  }
}

export function createFramework(db: Db, actor: Actor, input: FrameworkInput): string {
  const councilId = councilOf(actor);
  authorise(actor, "framework.manage", { councilId });
  return db.transaction((tx) => {
    assertUniqueReference(tx, councilId, input.reference);
    const { id } = tx.insert(frameworks).values({ ...input, councilId }).returning({ id: frameworks.id }).get();
    recordAudit(tx, { actor, action: "framework.created", subjectType: "framework", subjectId: id, detail: `${input.name} (${input.reference}), ${input.status}` });
    return id;
  });
}

export function updateFramework(db: Db, actor: Actor, frameworkId: string, input: FrameworkInput): void {
  const framework = getFramework(db, actor, frameworkId);
  db.transaction((tx) => {
    assertUniqueReference(tx, framework.councilId, input.reference, framework.id);
    tx.update(frameworks).set(input).where(and(eq(frameworks.id, framework.id), eq(frameworks.councilId, framework.councilId))).run();
    const changes = framework.status !== input.status ? `status ${framework.status} to ${input.status}` : "details changed";
    recordAudit(tx, { actor, action: "framework.updated", subjectType: "framework", subjectId: framework.id, detail: changes });
  });
}

export function addLot(db: Db, actor: Actor, frameworkId: string, input: LotInput): string {
  const framework = getFramework(db, actor, frameworkId);
  return db.transaction((tx) => {
    const { id } = tx
      .insert(frameworkLots)
      .values({ ...input, frameworkId: framework.id, position: framework.lots.length })
      .returning({ id: frameworkLots.id })
      .get();
    recordAudit(tx, { actor, action: "framework.lot_added", subjectType: "framework", subjectId: framework.id, detail: input.name });
    return id;
  });
}

export function updateLot(db: Db, actor: Actor, frameworkId: string, lotId: string, input: LotInput): void {
  const framework = getFramework(db, actor, frameworkId);
  if (!framework.lots.some((lot) => lot.id === lotId)) throw new NotFound();
  db.transaction((tx) => {
    tx.update(frameworkLots).set(input).where(and(eq(frameworkLots.id, lotId), eq(frameworkLots.frameworkId, framework.id))).run();
    recordAudit(tx, { actor, action: "framework.lot_updated", subjectType: "framework", subjectId: framework.id, detail: input.name });
  });
}

export function addCriterion(db: Db, actor: Actor, frameworkId: string, input: CriterionInput): string {
  const framework = getFramework(db, actor, frameworkId);
  return db.transaction((tx) => {
    const { id } = tx
      .insert(frameworkCriteria)
      .values({ ...input, expires: input.kind === "document" && input.expires, frameworkId: framework.id, position: framework.criteria.length })
      .returning({ id: frameworkCriteria.id })
      .get();
    recordAudit(tx, { actor, action: "framework.criterion_added", subjectType: "framework", subjectId: framework.id, detail: input.title });
    return id;
  });
}

export function updateCriterion(db: Db, actor: Actor, frameworkId: string, criterionId: string, input: CriterionInput): void {
  const framework = getFramework(db, actor, frameworkId);
  if (!framework.criteria.some((criterion) => criterion.id === criterionId)) throw new NotFound();
  db.transaction((tx) => {
    tx.update(frameworkCriteria)
      .set({ ...input, expires: input.kind === "document" && input.expires })
      .where(and(eq(frameworkCriteria.id, criterionId), eq(frameworkCriteria.frameworkId, framework.id)))
      .run();
    recordAudit(tx, { actor, action: "framework.criterion_updated", subjectType: "framework", subjectId: framework.id, detail: input.title });
  });
}

/** Frameworks open for applications (and not past their end date), in every council: what a provider may apply to. */
export function openFrameworks(db: Tx, today: IsoDate = todayIso()) {
  return db
    .select({ id: frameworks.id, name: frameworks.name, reference: frameworks.reference, council: councils.name, endDate: frameworks.endDate, rolling: frameworks.rolling })
    .from(frameworks)
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(and(eq(frameworks.status, "open"), gte(frameworks.endDate, today)))
    .orderBy(asc(councils.name), asc(frameworks.name))
    .all();
}

/** Standings that count as being on the framework, publicly. */
const PUBLICLY_ADMITTED = ["admitted"] as const;

/** Public: every framework that is not a draft. */
export function publicFrameworks(db: Tx) {
  return db
    .select({ id: frameworks.id, name: frameworks.name, reference: frameworks.reference, status: frameworks.status, council: councils.name, startDate: frameworks.startDate, endDate: frameworks.endDate })
    .from(frameworks)
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(inArray(frameworks.status, PUBLIC_STATUSES))
    .orderBy(asc(councils.name), asc(frameworks.name))
    .all();
}

/** Public: a framework, its lots with guide rates, and the providers admitted to each lot. */
export function publicFramework(db: Tx, frameworkId: string) {
  const framework = db
    .select({
      id: frameworks.id,
      name: frameworks.name,
      reference: frameworks.reference,
      description: frameworks.description,
      status: frameworks.status,
      rolling: frameworks.rolling,
      startDate: frameworks.startDate,
      endDate: frameworks.endDate,
      council: councils.name,
    })
    .from(frameworks)
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(and(eq(frameworks.id, frameworkId), inArray(frameworks.status, PUBLIC_STATUSES)))
    .get();
  if (!framework) throw new NotFound();
  const admitted = db
    .select({ lotId: applicationLots.lotId, organisation: organisations.name, organisationId: organisations.id })
    .from(applicationLots)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .where(and(eq(providerApplications.frameworkId, framework.id), inArray(providerApplications.status, PUBLICLY_ADMITTED), eq(applicationLots.outcome, "admitted")))
    .orderBy(asc(organisations.name))
    .all();
  return {
    ...framework,
    lots: lotsOf(db, framework.id).map((lot) => ({
      ...lot,
      providers: admitted.filter((a) => a.lotId === lot.id).map((a) => ({ id: a.organisationId, name: a.organisation })),
    })),
  };
}

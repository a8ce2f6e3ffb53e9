import { and, asc, count, desc, eq, exists, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import {
  applicationAnswers,
  applicationLots,
  councils,
  evidenceDocuments,
  frameworkLots,
  frameworks,
  organisations,
  providerApplications,
  users,
  type ApplicationStatus,
  type OrganisationDetails,
} from "@db/schema";
import { authorise, can, type Actor } from "~/auth/permissions";
import { auditTrail, recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { MAX_UPLOAD_BYTES, sniffContentType, storeFile, uploadedFileName, type Upload } from "./files.server";
import { criteriaOf, lotsOf } from "./frameworks.server";
import { isInForce } from "./in-force";
import { ACCEPTED_TYPES, APPLICATION_STATUS_LABELS, TO_REVIEW, TO_REVIEW_STATUSES } from "./labels";


type Side = "provider" | "commissioner";

/**
 * The application lifecycle. Each action names the states it may start from, the state it leads to, and
 * which side may take it. Nothing else changes an application's status.
 */
export const TRANSITIONS = {
  submit: { from: ["draft", "clarification_requested"], to: "submitted", by: "provider", past: "submitted" },
  start_review: { from: ["submitted"], to: "under_review", by: "commissioner", past: "taken into review" },
  request_clarification: { from: ["under_review"], to: "clarification_requested", by: "commissioner", past: "returned for clarification" },
  admit: { from: ["under_review"], to: "admitted", by: "commissioner", past: "admitted" },
  reject: { from: ["under_review"], to: "rejected", by: "commissioner", past: "rejected" },
  suspend: { from: ["admitted"], to: "suspended", by: "commissioner", past: "suspended" },
  reinstate: { from: ["suspended"], to: "admitted", by: "commissioner", past: "reinstated" },
  exit: { from: ["admitted", "suspended"], to: "exited", by: "commissioner", past: "exited from the framework" },
  /** How "admit" is carried out for an application for more lots: its lots join the provider's standing application. */
  add_lots: { from: ["under_review"], to: "lots_added", by: "commissioner", past: "admitted to more lots" },
} as const satisfies Record<string, { from: readonly ApplicationStatus[]; to: ApplicationStatus; by: Side; past: string }>;

export type ApplicationAction = keyof typeof TRANSITIONS;

export function canTake(status: ApplicationStatus, action: ApplicationAction): boolean {
  return (TRANSITIONS[action].from as readonly ApplicationStatus[]).includes(status);
}

/** The actions the given side may take on an application in this status ("admit" stands for "add_lots" too). */
export function actionsFor(status: ApplicationStatus, side: Side): ApplicationAction[] {
  return (Object.keys(TRANSITIONS) as ApplicationAction[]).filter((action) => action !== "add_lots" && TRANSITIONS[action].by === side && canTake(status, action));
}

/** States in which the provider may change answers. */
const EDITABLE: readonly ApplicationStatus[] = ["draft", "clarification_requested"];
/** States in which the provider may update its answers and evidence (renewing what expires), the council told of each. */
const UPDATABLE: readonly ApplicationStatus[] = ["admitted", "suspended"];
/** States the council's commissioners see (they never see a provider's draft). */
export const VISIBLE_TO_COUNCIL: ApplicationStatus[] = ["submitted", "under_review", "clarification_requested", "admitted", "rejected", "suspended", "exited", "lots_added"];
/** States of an application still on its way: the provider carries on with it rather than starting another. */
const IN_PROGRESS: readonly ApplicationStatus[] = ["draft", "submitted", "under_review", "clarification_requested"];
/** States of a standing application: the provider is on the framework, so it may only apply for more lots. */
const STANDING: readonly ApplicationStatus[] = ["admitted", "suspended"];

type ApplicationRow = typeof providerApplications.$inferSelect;

function commissionerIds(tx: Tx, councilId: string): string[] {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.councilId, councilId), eq(users.role, "commissioner")))
    .all()
    .map((u) => u.id);
}

function providerUserIds(tx: Tx, organisationId: string): string[] {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), inArray(users.role, ["provider_admin", "provider_staff"])))
    .all()
    .map((u) => u.id);
}

function names(tx: Tx, application: ApplicationRow) {
  const framework = tx.select({ name: frameworks.name }).from(frameworks).where(eq(frameworks.id, application.frameworkId)).get();
  const organisation = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, application.organisationId)).get();
  return { framework: framework?.name ?? "", organisation: organisation?.name ?? "" };
}

/** Refuses a step the application's status does not allow, saying why. */
function ensureCanTake(application: ApplicationRow, action: ApplicationAction): void {
  if (!canTake(application.status, action)) {
    throw new Conflict(`This application is ${APPLICATION_STATUS_LABELS[application.status].toLowerCase()}, so it cannot be ${TRANSITIONS[action].past} now.`);
  }
}

/**
 * Moves an application along the lifecycle: checks the step is allowed from its current status and that
 * the actor's side may take it, updates it (only if nobody changed it meanwhile), records the audit row
 * with the reason, and tells the other side. Runs inside the caller's transaction.
 */
function transition(tx: Tx, actor: Actor, application: ApplicationRow, action: ApplicationAction, options: { reason?: string; set?: Partial<ApplicationRow> } = {}): void {
  const rule = TRANSITIONS[action];
  if (rule.by === "provider") authorise(actor, "application.edit", { organisationId: application.organisationId }, { hide: true });
  else authorise(actor, "application.decide", { councilId: application.councilId }, { hide: true });
  ensureCanTake(application, action);
  const changed = tx
    .update(providerApplications)
    .set({ ...options.set, status: rule.to, updatedAt: new Date() })
    .where(and(eq(providerApplications.id, application.id), eq(providerApplications.status, application.status)))
    .run();
  if (changed.changes !== 1) throw new Conflict("Someone else changed this application at the same time. Look at it again.");
  recordAudit(tx, {
    actor,
    councilId: application.councilId,
    action: `application.${action}`,
    subjectType: "provider_application",
    subjectId: application.id,
    detail: `${application.status} to ${rule.to}${options.reason ? `: ${options.reason}` : ""}`,
  });
  const { framework, organisation } = names(tx, application);
  if (rule.by === "provider") {
    notify(tx, {
      userIds: commissionerIds(tx, application.councilId),
      message: `${organisation} has ${rule.past} their application ${application.reference} to ${framework}`,
      link: `/commissioning/applications/${application.id}`,
    });
  } else {
    notify(tx, {
      userIds: providerUserIds(tx, application.organisationId),
      message: `Your application ${application.reference} to ${framework} has been ${rule.past}`,
      link: `/provider/applications/${application.id}`,
      body: options.reason ? `Reason: ${options.reason}` : undefined,
    });
  }
}

function newReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `APP-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase()}`;
}

function organisationOf(actor: Actor): string {
  if (!actor.organisationId) throw new NotFound();
  return actor.organisationId;
}

/** The organisation the actor applies for to frameworks: not found for anyone without one, forbidden for staff who may not apply. */
export function requireApplicant(actor: Actor): string {
  const organisationId = organisationOf(actor);
  authorise(actor, "application.edit", { organisationId });
  return organisationId;
}

type FrameworkRow = typeof frameworks.$inferSelect;

/** What an organisation may do next on a framework, given its applications there (in any order). */
export type NextStep =
  | { kind: "continue"; applicationId: string }
  | { kind: "apply" }
  | { kind: "apply_again"; after: "rejected" | "exited" }
  | { kind: "more_lots"; standingId: string }
  | { kind: "none"; reason: string };

const NOT_OPEN = "This framework is not open for applications.";

/** Open for applications: its status says so and its end date has not passed. */
function openForApplications(framework: Pick<FrameworkRow, "status" | "endDate">, today: IsoDate): boolean {
  return framework.status === "open" && isInForce(framework, today);
}

/** The organisation's standing application on a framework (admitted or suspended), if it has one. */
function standingOf<A extends Pick<ApplicationRow, "status" | "extendsApplicationId">>(applications: A[]): A | undefined {
  return applications.find((a) => !a.extendsApplicationId && STANDING.includes(a.status));
}

/**
 * The rule for starting an application: carry on with one still in progress; otherwise, while the framework is
 * open, apply (again, after a rejection or an exit), or, when admitted to a rolling framework, apply for the lots
 * not yet admitted to. `lotsLeft` counts the framework's lots the standing application is not admitted to.
 */
export function nextStep(
  framework: Pick<FrameworkRow, "status" | "rolling" | "endDate">,
  applications: Pick<ApplicationRow, "id" | "status" | "extendsApplicationId" | "updatedAt">[],
  lotsLeft: number,
  today: IsoDate = todayIso(),
): NextStep {
  const inProgress = applications.find((a) => IN_PROGRESS.includes(a.status));
  if (inProgress) return { kind: "continue", applicationId: inProgress.id };
  if (!openForApplications(framework, today)) return { kind: "none", reason: NOT_OPEN };
  const standing = standingOf(applications);
  if (standing) {
    if (standing.status === "suspended") return { kind: "none", reason: "Your organisation is suspended from this framework, so it cannot apply for more lots." };
    if (!framework.rolling) return { kind: "none", reason: "This framework does not re-open, so you cannot apply for more lots." };
    if (lotsLeft === 0) return { kind: "none", reason: "Your organisation is admitted to every lot of this framework." };
    return { kind: "more_lots", standingId: standing.id };
  }
  const last = applications.filter((a) => !a.extendsApplicationId).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  if (!last) return { kind: "apply" };
  return { kind: "apply_again", after: last.status === "exited" ? "exited" : "rejected" };
}

/** The lots an application is admitted to. */
function admittedLotIds(tx: Tx, applicationId: string): Set<string> {
  return new Set(
    tx
      .select({ lotId: applicationLots.lotId })
      .from(applicationLots)
      .where(and(eq(applicationLots.applicationId, applicationId), eq(applicationLots.outcome, "admitted")))
      .all()
      .map((l) => l.lotId),
  );
}

/**
 * Starts the organisation's application to an open framework, or returns the one still in progress. After a
 * rejection or an exit it starts a new one; an admitted provider of a rolling framework starts an application for
 * more lots, whose admission adds lots to its standing.
 */
export function startApplication(db: Db, actor: Actor, frameworkId: string, today: IsoDate = todayIso()): string {
  const organisationId = requireApplicant(actor);
  return db.transaction((tx) => {
    const framework = tx.select().from(frameworks).where(eq(frameworks.id, frameworkId)).get();
    if (!framework) throw new NotFound();
    const applications = tx
      .select()
      .from(providerApplications)
      .where(and(eq(providerApplications.frameworkId, frameworkId), eq(providerApplications.organisationId, organisationId)))
      .all();
    const standing = standingOf(applications);
    const lotsLeft = standing ? lotsOf(tx, frameworkId).filter((lot) => !admittedLotIds(tx, standing.id).has(lot.id)).length : 0;
    const step = nextStep(framework, applications, lotsLeft, today);
    if (step.kind === "continue") return step.applicationId;
    if (step.kind === "none") throw new RuleBroken(step.reason);
    const extendsApplicationId = step.kind === "more_lots" ? step.standingId : null;
    const { id, reference } = tx
      .insert(providerApplications)
      .values({ frameworkId, councilId: framework.councilId, organisationId, reference: newReference(), extendsApplicationId })
      .returning({ id: providerApplications.id, reference: providerApplications.reference })
      .get();
    const detail = { apply: undefined, apply_again: `again, after it was ${step.kind === "apply_again" ? step.after : ""}`, more_lots: "for more lots" }[step.kind];
    recordAudit(tx, { actor, councilId: framework.councilId, action: "application.started", subjectType: "provider_application", subjectId: id, detail: detail ? `${reference} ${detail}` : reference });
    return id;
  });
}

/** Everything about an application, found with the given scope in the where clause. */
function loadApplication(tx: Tx, applicationId: string, scope: SQL) {
  const application = tx
    .select()
    .from(providerApplications)
    .where(and(eq(providerApplications.id, applicationId), scope))
    .get();
  if (!application) throw new NotFound();
  const framework = tx.select().from(frameworks).where(eq(frameworks.id, application.frameworkId)).get();
  const organisation = tx.select().from(organisations).where(eq(organisations.id, application.organisationId)).get();
  const council = tx.select({ name: councils.name }).from(councils).where(eq(councils.id, application.councilId)).get();
  if (!framework || !organisation || !council) throw new NotFound();
  const chosen = new Map(
    tx
      .select()
      .from(applicationLots)
      .where(eq(applicationLots.applicationId, application.id))
      .all()
      .map((l) => [l.lotId, l.outcome]),
  );
  const answers = new Map(
    tx
      .select()
      .from(applicationAnswers)
      .where(eq(applicationAnswers.applicationId, application.id))
      .all()
      .map((a) => [a.criterionId, a]),
  );
  const documents = tx
    .select({ id: evidenceDocuments.id, criterionId: evidenceDocuments.criterionId, fileName: evidenceDocuments.fileName, sizeBytes: evidenceDocuments.sizeBytes, expiresOn: evidenceDocuments.expiresOn, createdAt: evidenceDocuments.createdAt })
    .from(evidenceDocuments)
    .where(eq(evidenceDocuments.applicationId, application.id))
    .orderBy(desc(evidenceDocuments.createdAt))
    .all();
  // An application for more lots: the standing application it extends, and the lots that one is admitted to.
  const standing = application.extendsApplicationId
    ? (tx
        .select({ id: providerApplications.id, reference: providerApplications.reference, status: providerApplications.status })
        .from(providerApplications)
        .where(eq(providerApplications.id, application.extendsApplicationId))
        .get() ?? null)
    : null;
  const onStanding = standing ? admittedLotIds(tx, standing.id) : new Set<string>();
  return {
    application,
    framework,
    organisation,
    council: council.name,
    extends: standing,
    lots: lotsOf(tx, framework.id).map((lot) => ({ ...lot, chosen: chosen.has(lot.id), outcome: chosen.get(lot.id) ?? null, onStanding: onStanding.has(lot.id) })),
    criteria: criteriaOf(tx, framework.id).map((criterion) => {
      const answer = answers.get(criterion.id) ?? null;
      const history = documents.filter((d) => d.criterionId === criterion.id);
      return { ...criterion, answer, document: history.find((d) => d.id === answer?.documentId) ?? null, history };
    }),
  };
}

export type ApplicationDetail = ReturnType<typeof loadApplication>;

/** The provider's own application. */
export function getProviderApplication(db: Tx, actor: Actor, applicationId: string) {
  const organisationId = organisationOf(actor);
  authorise(actor, "application.edit", { organisationId }, { hide: true });
  const detail = loadApplication(db, applicationId, eq(providerApplications.organisationId, organisationId));
  const editable = EDITABLE.includes(detail.application.status);
  // Staff who may not change the organisation's details are told whom to ask.
  const administrators = can(actor, "provider.administer", { organisationId })
    ? null
    : db
        .select({ name: users.name })
        .from(users)
        .where(and(eq(users.organisationId, organisationId), eq(users.role, "provider_admin"), isNull(users.disabledAt)))
        .orderBy(asc(users.name))
        .all()
        .map((u) => u.name);
  return { ...detail, editable, updatable: UPDATABLE.includes(detail.application.status), tasks: tasksOf(detail, administrators), sent: editable ? null : detailsAsSent(detail) };
}

/** The organisation's details as an application keeps them when it is submitted. */
export function organisationDetailsOf(organisation: typeof organisations.$inferSelect): OrganisationDetails {
  const { name, type, charityNumber, companyNumber, address, postcode, contactName, contactEmail, contactPhone, careInspectorateNumbers } = organisation;
  return { name, type, charityNumber, companyNumber, address, postcode, contactName, contactEmail, contactPhone, careInspectorateNumbers };
}

/**
 * The organisation's details an application shows: as they were submitted, once it has been (later changes to
 * the organisation do not alter what the council reviews); the current ones while it is a draft.
 */
function detailsAsSent(detail: { application: ApplicationRow; organisation: typeof organisations.$inferSelect }): OrganisationDetails {
  return detail.application.organisationDetails ?? organisationDetailsOf(detail.organisation);
}

export function organisationDetailsComplete(organisation: typeof organisations.$inferSelect): boolean {
  const { address, postcode, contactName, contactEmail, contactPhone, type, charityNumber, companyNumber } = organisation;
  if (![address, postcode, contactName, contactEmail, contactPhone].every(Boolean)) return false;
  if (type === "charity" && !charityNumber) return false;
  if (type === "company" && !companyNumber) return false;
  return true;
}

type Criterion = ApplicationDetail["criteria"][number];

export function criterionAnswered(criterion: Criterion): boolean {
  const answer = criterion.answer;
  if (!answer) return false;
  if (criterion.kind === "question") return answer.answer.trim() !== "";
  return Boolean(answer.documentId) && (!criterion.expires || Boolean(answer.expiresOn));
}

export type ApplicationTask = {
  key: string;
  title: string;
  /** Where the task is done, or null when this user may not do it (see `note`). */
  path: string | null;
  /** Who does the task instead, when this user may not. */
  note?: string;
  complete: boolean;
  mandatory: boolean;
  missing: string;
};

/**
 * The application's task list, in order; `missing` is the message when a mandatory task is not done. Only the
 * organisation's administrators change its details: anyone else is told whom to ask.
 */
function tasksOf(detail: ApplicationDetail, administrators: string[] | null): ApplicationTask[] {
  const base = `/provider/applications/${detail.application.id}`;
  const ask = administrators?.length ? `ask ${administrators.join(" or ")}` : "ask your organisation's administrator";
  return [
    {
      key: "organisation",
      title: "Organisation details",
      path: administrators ? null : `/provider/organisation/edit?application=${detail.application.id}`,
      note: administrators ? `Only an administrator of your organisation can change these: ${ask}.` : undefined,
      complete: organisationDetailsComplete(detail.organisation),
      mandatory: true,
      missing: "Complete your organisation details",
    },
    { key: "lots", title: "Lots you are applying for", path: `${base}/lots`, complete: detail.lots.some((l) => l.chosen), mandatory: true, missing: "Choose the lots you are applying for" },
    // An application for more lots rests on the answers and evidence of the standing application.
    ...(detail.extends ? [] : detail.criteria).map((criterion) => ({
      key: `criterion-${criterion.id}`,
      title: criterion.title,
      path: `${base}/criteria/${criterion.id}`,
      complete: criterionAnswered(criterion),
      mandatory: criterion.mandatory,
      missing: criterion.kind === "document" ? `Upload evidence for: ${criterion.title}` : `Answer: ${criterion.title}`,
    })),
    { key: "declarations", title: "Declarations", path: `${base}/declarations`, complete: Boolean(detail.application.declarationsAcceptedAt), mandatory: true, missing: "Confirm the declarations" },
  ];
}

function editableApplication(tx: Tx, actor: Actor, applicationId: string, options: { updating?: boolean } = {}) {
  const detail = getProviderApplication(tx, actor, applicationId);
  const allowed = detail.editable || (options.updating && detail.updatable);
  if (!allowed) throw new Conflict("This application has been submitted, so it cannot be changed now.");
  return detail;
}

export function chooseLots(db: Db, actor: Actor, applicationId: string, lotIds: string[]): void {
  db.transaction((tx) => {
    const detail = editableApplication(tx, actor, applicationId);
    const valid = new Set(detail.lots.filter((l) => !l.onStanding).map((l) => l.id));
    const chosen = [...new Set(lotIds)].filter((id) => valid.has(id));
    if (chosen.length === 0) throw new RuleBroken("Choose at least one lot", { lots: "Choose at least one lot" });
    tx.delete(applicationLots).where(eq(applicationLots.applicationId, detail.application.id)).run();
    for (const lotId of chosen) tx.insert(applicationLots).values({ applicationId: detail.application.id, lotId }).run();
    recordAudit(tx, { actor, councilId: detail.application.councilId, action: "application.lots_chosen", subjectType: "provider_application", subjectId: detail.application.id, detail: `${chosen.length} lots` });
  });
}

export type AnswerInput = { answer: string; upload: Upload | null; expiresOn: IsoDate | "" };

/**
 * Saves the answer to one criterion: text for a question, a file (and its expiry date, when the evidence
 * expires) for a document. While admitted (or suspended) any answer may be updated, a document with a new file:
 * each update is audited and the council's commissioners are told. An application for more lots has no answers
 * of its own (those of the standing application count).
 */
export function saveAnswer(db: Db, actor: Actor, applicationId: string, criterionId: string, input: AnswerInput, today: IsoDate = todayIso()): void {
  const current = getProviderApplication(db, actor, applicationId);
  const criterion = current.criteria.find((c) => c.id === criterionId);
  if (!criterion || current.extends) throw new NotFound();
  const updating = !current.editable;
  editableApplication(db, actor, applicationId, { updating });

  let file: { fileName: string; bytes: Uint8Array; contentType: string } | null = null;
  if (criterion.kind === "document") {
    const problems: Record<string, string> = {};
    if (input.upload && "tooLarge" in input.upload) problems.file = `The file must be smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;
    else if (input.upload && input.upload.bytes.byteLength === 0) problems.file = "The selected file is empty";
    else if (input.upload) {
      const contentType = sniffContentType(input.upload.bytes);
      if (!contentType) problems.file = `The file must be a ${ACCEPTED_TYPES}`;
      else file = { ...input.upload, contentType };
    } else if (!criterion.answer?.documentId || updating) problems.file = "Select a file to upload";
    if (criterion.expires) {
      if (!input.expiresOn) problems.expiresOn = "Enter the date the evidence expires";
      else if (input.expiresOn <= today) problems.expiresOn = "The expiry date must be in the future";
    }
    if (Object.keys(problems).length > 0) throw new RuleBroken(Object.values(problems)[0] ?? "", problems);
  } else if (!input.answer.trim()) {
    throw new RuleBroken("Enter your answer", { answer: "Enter your answer" });
  }

  const expiresOn = criterion.expires ? input.expiresOn || null : null;
  const documentId = file ? crypto.randomUUID() : null;
  if (file && documentId) storeFile(db, documentId, file.bytes);
  db.transaction((tx) => {
    if (file && documentId) {
      tx.insert(evidenceDocuments)
        .values({ id: documentId, organisationId: current.organisation.id, applicationId, criterionId, fileName: uploadedFileName(file.fileName), contentType: file.contentType, sizeBytes: file.bytes.byteLength, expiresOn, uploadedBy: actor.id })
        .run();
    }
    const answer = criterion.kind === "question" ? input.answer.trim() : input.answer.trim() || (criterion.answer?.answer ?? "");
    // A changed answer has not been evaluated: an evaluation of the earlier one no longer stands.
    const changed = !criterion.answer || answer !== criterion.answer.answer || documentId !== null || expiresOn !== criterion.answer.expiresOn;
    const values = {
      answer,
      documentId: documentId ?? criterion.answer?.documentId ?? null,
      expiresOn,
      updatedAt: new Date(),
      ...(changed ? { evaluation: null, evaluationComment: "", evaluatedBy: null } : {}),
    };
    tx.insert(applicationAnswers)
      .values({ applicationId, criterionId, ...values })
      .onConflictDoUpdate({ target: [applicationAnswers.applicationId, applicationAnswers.criterionId], set: values })
      .run();
    recordAudit(tx, {
      actor,
      councilId: current.application.councilId,
      action: !updating ? "application.answer_saved" : criterion.expires ? "application.evidence_renewed" : "application.evidence_updated",
      subjectType: "provider_application",
      subjectId: applicationId,
      detail: criterion.title + (expiresOn ? `, expires ${expiresOn}` : ""),
    });
    if (updating) {
      notify(tx, {
        userIds: commissionerIds(tx, current.application.councilId),
        message: `${current.organisation.name} has ${criterion.expires ? "renewed" : "updated"} their evidence: ${criterion.title}${expiresOn ? `, now expiring ${formatDate(expiresOn)}` : ""}`,
        link: `/commissioning/applications/${applicationId}`,
      });
    }
  });
}

export function acceptDeclarations(db: Db, actor: Actor, applicationId: string): void {
  db.transaction((tx) => {
    const detail = editableApplication(tx, actor, applicationId);
    tx.update(providerApplications).set({ declarationsAcceptedAt: new Date() }).where(eq(providerApplications.id, detail.application.id)).run();
    recordAudit(tx, { actor, councilId: detail.application.councilId, action: "application.declarations_accepted", subjectType: "provider_application", subjectId: detail.application.id });
  });
}

/** Submits a draft (or an answered clarification). Missing mandatory tasks refuse it, each named. */
export function submitApplication(db: Db, actor: Actor, applicationId: string): void {
  db.transaction((tx) => {
    const detail = getProviderApplication(tx, actor, applicationId);
    const { application } = detail;
    if (application.status === "draft" && !openForApplications(detail.framework, todayIso())) throw new RuleBroken(NOT_OPEN);
    if (application.status === "clarification_requested" && !application.clarificationAnswer) {
      throw new RuleBroken("Answer the clarification question before you send the application back", { clarification: "Answer the clarification question" });
    }
    const missing = detail.tasks.filter((task) => task.mandatory && !task.complete);
    if (missing.length > 0) {
      throw new RuleBroken("Complete every mandatory task before you submit", Object.fromEntries(missing.map((task) => [task.key, task.missing])));
    }
    transition(tx, actor, application, "submit", { set: { submittedAt: new Date(), organisationDetails: organisationDetailsOf(detail.organisation) } });
  });
}

export function answerClarification(db: Db, actor: Actor, applicationId: string, answer: string): void {
  db.transaction((tx) => {
    const detail = editableApplication(tx, actor, applicationId);
    if (detail.application.status !== "clarification_requested") throw new Conflict("No clarification has been asked for.");
    tx.update(providerApplications).set({ clarificationAnswer: answer }).where(eq(providerApplications.id, detail.application.id)).run();
    recordAudit(tx, { actor, councilId: detail.application.councilId, action: "application.clarification_answered", subjectType: "provider_application", subjectId: detail.application.id, detail: answer.slice(0, 500) });
  });
}

// ---- The commissioning team's side ----

/** An application the actor's council may see (not a draft), for its commissioners; not found for anyone else. */
export function councilApplication(tx: Tx, actor: Actor, applicationId: string) {
  if (!actor.councilId) throw new NotFound();
  authorise(actor, "application.decide", { councilId: actor.councilId }, { hide: true });
  return loadApplication(tx, applicationId, and(eq(providerApplications.councilId, actor.councilId), inArray(providerApplications.status, VISIBLE_TO_COUNCIL)) as SQL);
}

export const QUEUE_PAGE_SIZE = 20;

/** The council's applications (drafts are the provider's own business), filtered (by a status, or all those to review), a page at a time. */
export function applicationQueue(db: Tx, actor: Actor, filter: { status?: ApplicationStatus | typeof TO_REVIEW; lot?: string; page: number }) {
  authorise(actor, "application.decide", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  const where = and(
    eq(providerApplications.councilId, actor.councilId),
    // A status asked for is one of those the council may see, or none (a draft is never listed).
    inArray(
      providerApplications.status,
      filter.status === TO_REVIEW
        ? [...TO_REVIEW_STATUSES]
        : filter.status
          ? VISIBLE_TO_COUNCIL.filter((status) => status === filter.status)
          : VISIBLE_TO_COUNCIL,
    ),
    filter.lot
      ? exists(db.select({ one: sql`1` }).from(applicationLots).where(and(eq(applicationLots.applicationId, providerApplications.id), eq(applicationLots.lotId, filter.lot))))
      : undefined,
  );
  const total = db.select({ n: count() }).from(providerApplications).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const rows = db
    .select({
      id: providerApplications.id,
      reference: providerApplications.reference,
      status: providerApplications.status,
      submittedAt: providerApplications.submittedAt,
      moreLots: sql<boolean>`${providerApplications.extendsApplicationId} is not null`.mapWith(Boolean),
      organisation: organisations.name,
      framework: frameworks.name,
    })
    .from(providerApplications)
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .innerJoin(frameworks, eq(frameworks.id, providerApplications.frameworkId))
    .where(where)
    .orderBy(desc(providerApplications.updatedAt), asc(providerApplications.reference))
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .all();
  const lots = db
    .select({ id: frameworkLots.id, name: frameworkLots.name, framework: frameworks.name })
    .from(frameworkLots)
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .where(eq(frameworks.councilId, actor.councilId))
    .orderBy(asc(frameworks.name), asc(frameworkLots.position))
    .all();
  return { rows, total, page, pageCount, lots };
}

export function getApplicationForReview(db: Tx, actor: Actor, applicationId: string) {
  const detail = councilApplication(db, actor, applicationId);
  const history = auditTrail(db, { subjectType: "provider_application", subjectId: applicationId }, 50)
    .filter((event) => event.action !== "application.answer_saved")
    .map((event) => ({ id: event.id, at: event.at, action: event.action, detail: event.detail }));
  const sent = detailsAsSent(detail);
  const current = organisationDetailsOf(detail.organisation);
  return {
    ...detail,
    organisation: { id: detail.organisation.id, ...sent },
    /** The organisation has changed its details since it submitted the application. */
    changedSince: (Object.keys(sent) as (keyof OrganisationDetails)[]).some((key) => sent[key] !== current[key]),
    actions: actionsFor(detail.application.status, "commissioner"),
    history,
    evaluable: detail.application.status === "under_review" && !detail.extends,
  };
}

export function startReview(db: Db, actor: Actor, applicationId: string): void {
  db.transaction((tx) => transition(tx, actor, councilApplication(tx, actor, applicationId).application, "start_review"));
}

export function recordEvaluation(db: Db, actor: Actor, applicationId: string, input: { criterionId: string; evaluation: "met" | "not_met"; comment: string }): void {
  db.transaction((tx) => {
    const detail = councilApplication(tx, actor, applicationId);
    if (detail.application.status !== "under_review") throw new Conflict("Take the application into review before you evaluate it.");
    const criterion = detail.criteria.find((c) => c.id === input.criterionId);
    if (!criterion) throw new NotFound();
    if (input.evaluation === "not_met" && !input.comment) {
      throw new RuleBroken("Say why the criterion is not met", { [`comment-${criterion.id}`]: "Say why the criterion is not met" });
    }
    const values = { evaluation: input.evaluation, evaluationComment: input.comment, evaluatedBy: actor.id, updatedAt: new Date() };
    tx.insert(applicationAnswers)
      .values({ applicationId, criterionId: criterion.id, ...values })
      .onConflictDoUpdate({ target: [applicationAnswers.applicationId, applicationAnswers.criterionId], set: values })
      .run();
    recordAudit(tx, { actor, action: "application.evaluated", subjectType: "provider_application", subjectId: applicationId, detail: `${criterion.title}: ${input.evaluation}${input.comment ? ` (${input.comment})` : ""}` });
  });
}

export function requestClarification(db: Db, actor: Actor, applicationId: string, question: string): void {
  db.transaction((tx) => {
    const { application } = councilApplication(tx, actor, applicationId);
    transition(tx, actor, application, "request_clarification", { reason: question, set: { clarificationQuestion: question, clarificationAnswer: null } });
  });
}

/**
 * Admits the provider to some or all of the lots it applied for; the others are marked not admitted. For an
 * application for more lots, the lots admitted are added to the provider's standing application.
 */
export function admitApplication(db: Db, actor: Actor, applicationId: string, lotIds: string[]): void {
  db.transaction((tx) => {
    const detail = councilApplication(tx, actor, applicationId);
    const applied = detail.lots.filter((l) => l.chosen);
    const admitted = applied.filter((l) => lotIds.includes(l.id));
    if (admitted.length === 0) throw new RuleBroken("Choose at least one lot the provider applied for", { lots: "Choose at least one lot the provider applied for" });
    const standing = detail.extends;
    ensureCanTake(detail.application, standing ? "add_lots" : "admit");
    if (standing) {
      if (standing.status !== "admitted") {
        throw new Conflict(`The provider is ${APPLICATION_STATUS_LABELS[standing.status].toLowerCase()} on this framework, so it cannot be admitted to more lots now. Reject the application.`);
      }
    } else {
      // Every mandatory criterion must have been evaluated, and found met.
      const unmet = detail.criteria.filter((c) => c.mandatory && c.answer?.evaluation !== "met");
      if (unmet.length > 0) {
        throw new RuleBroken(
          `Evaluate every mandatory criterion as met before you admit the provider. Not yet met: ${unmet.map((c) => c.title).join(", ")}`,
          Object.fromEntries(
            unmet.map((c) => [
              `evaluation-${c.id}`,
              c.answer?.evaluation === "not_met" ? `${c.title} is marked not met: reject the application or ask for clarification` : `Evaluate ${c.title} before you admit the provider`,
            ]),
          ),
        );
      }
    }
    for (const lot of applied) {
      tx.update(applicationLots)
        .set({ outcome: admitted.includes(lot) ? "admitted" : "not_admitted" })
        .where(and(eq(applicationLots.applicationId, applicationId), eq(applicationLots.lotId, lot.id)))
        .run();
    }
    const names = admitted.map((l) => l.name).join(", ");
    if (standing) {
      for (const lot of admitted) {
        tx.insert(applicationLots)
          .values({ applicationId: standing.id, lotId: lot.id, outcome: "admitted" })
          .onConflictDoUpdate({ target: [applicationLots.applicationId, applicationLots.lotId], set: { outcome: "admitted" } })
          .run();
      }
      recordAudit(tx, { actor, councilId: detail.application.councilId, action: "application.lots_added", subjectType: "provider_application", subjectId: standing.id, detail: `${names}, on application ${detail.application.reference}` });
    }
    transition(tx, actor, detail.application, standing ? "add_lots" : "admit", { reason: `Admitted to ${names}`, set: { decidedAt: new Date(), decisionReasons: null } });
  });
}

export function rejectApplication(db: Db, actor: Actor, applicationId: string, reasons: string): void {
  db.transaction((tx) => {
    const detail = councilApplication(tx, actor, applicationId);
    tx.update(applicationLots).set({ outcome: "not_admitted" }).where(eq(applicationLots.applicationId, applicationId)).run();
    transition(tx, actor, detail.application, "reject", { reason: reasons, set: { decidedAt: new Date(), decisionReasons: reasons } });
  });
}

/** Suspend, reinstate or exit an admitted provider, always with a reason. */
export function changeStanding(db: Db, actor: Actor, applicationId: string, action: "suspend" | "reinstate" | "exit", reason: string): void {
  db.transaction((tx) => {
    const { application } = councilApplication(tx, actor, applicationId);
    transition(tx, actor, application, action, { reason, set: { decisionReasons: reason } });
  });
}

/**
 * The frameworks the provider has applied to: its applications on each (newest first), its standing there by lot
 * (the standing application, or else the latest), and what it may do next.
 */
export function providerStandings(db: Tx, actor: Actor) {
  const organisationId = requireApplicant(actor);
  const rows = db
    .select({ application: providerApplications, framework: frameworks, council: councils.name })
    .from(providerApplications)
    .innerJoin(frameworks, eq(frameworks.id, providerApplications.frameworkId))
    .innerJoin(councils, eq(councils.id, providerApplications.councilId))
    .where(eq(providerApplications.organisationId, organisationId))
    .orderBy(asc(frameworks.name), desc(providerApplications.createdAt))
    .all();
  const lots = rows.length
    ? db
        .select({ applicationId: applicationLots.applicationId, lotId: frameworkLots.id, name: frameworkLots.name, outcome: applicationLots.outcome })
        .from(applicationLots)
        .innerJoin(frameworkLots, eq(frameworkLots.id, applicationLots.lotId))
        .where(inArray(applicationLots.applicationId, rows.map((r) => r.application.id)))
        .orderBy(asc(frameworkLots.position))
        .all()
    : [];
  const byFramework = new Map<string, typeof rows>();
  for (const row of rows) byFramework.set(row.framework.id, [...(byFramework.get(row.framework.id) ?? []), row]);
  return [...byFramework.values()].map((group) => {
    const { framework, council } = group[0]!;
    const applications = group.map((r) => r.application);
    const standing = standingOf(applications);
    const shown = standing ?? applications.find((a) => !a.extendsApplicationId) ?? applications[0]!;
    const standingLots = lots.filter((l) => l.applicationId === shown.id);
    const lotsLeft = lotsOf(db, framework.id).filter((lot) => !standingLots.some((l) => l.lotId === lot.id && l.outcome === "admitted"));
    return {
      frameworkId: framework.id,
      framework: framework.name,
      council,
      councilId: framework.councilId,
      standing: { id: shown.id, reference: shown.reference, status: shown.status, lots: standingLots },
      applications: applications.map((a) => ({ id: a.id, reference: a.reference, status: a.status, moreLots: Boolean(a.extendsApplicationId), submittedAt: a.submittedAt })),
      lotsLeft: lotsLeft.map((l) => l.name),
      next: nextStep(framework, applications, standing ? lotsLeft.length : 0),
    };
  });
}

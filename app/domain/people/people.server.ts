import { and, asc, count, desc, eq, gte, inArray, isNull, lte, ne, notInArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import {
  AUTHORITIES,
  agreements,
  agreementVersions,
  assessments,
  budgetVersions,
  councilListItems,
  councils,
  invitations,
  people,
  personOutcomes,
  representatives,
  users,
  type Authority,
  type RepresentativeKind,
} from "@db/schema";
import { normaliseEmail } from "~/auth/accounts.server";
import { authorise, can, type Actor } from "~/auth/permissions";
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { addDays, formatDate, todayIso } from "~/lib/dates";
import { queueEmail, serviceLink } from "~/lib/email.server";
import { NotFound, RuleBroken, type FieldErrors } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import { daysIncluding, overdrawn, perYear, type Draw } from "./budget";
import { RUN_OFF_DAYS } from "~/domain/ledger/run-off";
import { notify } from "~/domain/notifications/notifications.server";
import { unsignedAgreements, withdrawAgreement } from "~/domain/agreements/parties.server";
import { budgetFilter } from "~/domain/reporting/budget-today.server";
import type { BudgetFilter } from "~/domain/reporting/labels";
import { AUTHORITY_LABELS, EXPIRED_INVITATION, INVITATION_LIFETIME_DAYS, NO_LOCALITY } from "./labels";
import type { AssessmentInput, BudgetInput, OptionSplitInput, OutcomeInput, PersonInput, RepresentativeChangeInput, RepresentativeInput } from "./people.schema";

export type Person = typeof people.$inferSelect;

/* ------------------------------------------------------------------------------------------------------------
 * Who may see a person: the one rule every area asks.
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * What the actor needs to do with the person:
 * - "view": see the record (the person, active representatives, council practitioners and commissioners,
 *   and providers with an agreement with the person, until 90 days after it ends);
 * - "choose": choose support and sign for the person (the person, representatives who may choose and sign or manage);
 * - "manage": manage the person's support arrangements (the person, representatives who may manage).
 * Council staff only ever view through this rule; changing a record also needs the `people.record` permission.
 */
export type PersonNeed = Authority;

export type PersonAccess = {
  person: Person;
  via: "self" | "representative" | "council" | "provider";
  /** The representative record the actor acts through, when `via` is "representative". */
  representativeId: string | null;
};

const rank = (authority: Authority) => AUTHORITIES.indexOf(authority);

/** Representatives acting today: started, not yet ended. */
const activeOn = (today: string) =>
  and(lte(representatives.startsOn, today), or(isNull(representatives.endsOn), gte(representatives.endsOn, today)));

/** The same rule for one representative record. */
const isActing = (rep: { startsOn: string; endsOn: string | null }, today: string) => rep.startsOn <= today && (rep.endsOn === null || rep.endsOn >= today);

/**
 * True when the provider organisation has an agreement with the person that lets its users see the person's record:
 * one not ended (a draft it is co-producing included), or one that ended or was withdrawn within the fund's run-off
 * (RUN_OFF_DAYS, decision 017), in which it sends its last invoices and final statement.
 */
export function providerHasAgreementWith(db: Tx, organisationId: string, personId: string, today = todayIso()): boolean {
  return Boolean(
    db
      .select({ id: agreements.id })
      .from(agreements)
      .where(
        and(
          eq(agreements.providerOrganisationId, organisationId),
          eq(agreements.personId, personId),
          or(notInArray(agreements.status, ["ended", "withdrawn"]), gte(agreements.endedOn, addDays(today, -RUN_OFF_DAYS))),
        ),
      )
      .get(),
  );
}

/** How the actor may reach the person, or null when they may not. Use `requirePersonAccess` in commands. */
export function personAccess(db: Tx, actor: Actor, personId: string, need: PersonNeed = "view", today = todayIso()): PersonAccess | null {
  const person = db.select().from(people).where(eq(people.id, personId)).get();
  if (!person) return null;
  if (person.userId === actor.id) return { person, via: "self", representativeId: null };
  const acting = db
    .select({ id: representatives.id, authority: representatives.authority })
    .from(representatives)
    .where(and(eq(representatives.personId, personId), eq(representatives.userId, actor.id), activeOn(today)))
    .all()
    .sort((a, b) => rank(b.authority) - rank(a.authority))[0];
  if (acting) return rank(acting.authority) >= rank(need) ? { person, via: "representative", representativeId: acting.id } : null;
  if (need !== "view") return null;
  if (can(actor, "people.view", { councilId: person.councilId })) return { person, via: "council", representativeId: null };
  if (actor.organisationId && providerHasAgreementWith(db, actor.organisationId, personId, today)) return { person, via: "provider", representativeId: null };
  return null;
}

/**
 * The visibility rule for a person's record. Returns the person and how the actor reaches them; anyone
 * else gets NotFound (never Forbidden: the person's existence is not confirmed).
 */
export function requirePersonAccess(db: Tx, actor: Actor, personId: string, need: PersonNeed = "view", today = todayIso()): PersonAccess {
  const access = personAccess(db, actor, personId, need, today);
  if (!access) throw new NotFound();
  return access;
}

/** A person the actor may change (a practitioner of the person's council). Others: NotFound, or Forbidden if they may see it. */
export function requireCaseworker(db: Tx, actor: Actor, personId: string): Person {
  const { person } = requirePersonAccess(db, actor, personId, "view");
  authorise(actor, "people.record", { councilId: person.councilId });
  return person;
}

export const CLOSED_RECORD = "This record is closed and cannot be changed";

/** A record a practitioner of the person's council may still change: a closed record keeps its history as it is. */
function requireOpenRecord(db: Tx, actor: Actor, personId: string): Person {
  const person = requireCaseworker(db, actor, personId);
  if (person.status === "closed") throw new RuleBroken(CLOSED_RECORD);
  return person;
}

/** The people the actor may see as a person or representative ("My support"), within authority and dates. */
export function peopleActedFor(db: Tx, actor: Actor, today = todayIso()) {
  const own = db.select({ id: people.id, name: people.name }).from(people).where(eq(people.userId, actor.id)).all();
  const represented = db
    .select({ id: people.id, name: people.name, authority: representatives.authority })
    .from(representatives)
    .innerJoin(people, eq(people.id, representatives.personId))
    .where(and(eq(representatives.userId, actor.id), activeOn(today)))
    .orderBy(asc(people.name))
    .all();
  return [
    ...own.map((p) => ({ id: p.id, name: p.name, self: true, authority: "manage" as Authority })),
    ...represented.filter((p) => !own.some((o) => o.id === p.id)).map((p) => ({ ...p, self: false })),
  ];
}

/** The users who speak for the person today: the person, if they have an account, and their acting representatives. */
export function personAndRepresentativeUserIds(db: Tx, personId: string, today = todayIso()): string[] {
  const person = db.select({ userId: people.userId }).from(people).where(eq(people.id, personId)).get();
  const reps = db
    .select({ userId: representatives.userId })
    .from(representatives)
    .where(and(eq(representatives.personId, personId), activeOn(today)))
    .all();
  return [person?.userId, ...reps.map((r) => r.userId)].filter((id): id is string => Boolean(id));
}

/* ------------------------------------------------------------------------------------------------------------
 * The caseload and the record.
 * ---------------------------------------------------------------------------------------------------------- */

export const PAGE_SIZE = 20;

/**
 * The council's people, searched by name or reference, a page at a time. Scoped to the actor's council; with
 * `mine`, only the actor's caseload (the people whose practitioner they are); `outcome` and `status` narrow it further.
 */
export function searchPeople(
  db: Tx,
  actor: Actor,
  input: { q: string; page: number; mine?: boolean; outcome?: string; status?: "open" | "closed"; option?: BudgetFilter; locality?: string },
  today = todayIso(),
) {
  const councilId = actor.councilId ?? "";
  authorise(actor, "people.view", { councilId });
  const q = input.q.toLowerCase();
  const where = and(
    eq(people.councilId, councilId),
    input.mine ? eq(people.practitionerId, actor.id) : undefined,
    q ? or(sql`instr(lower(${people.name}), ${q}) > 0`, sql`instr(lower(${people.reference}), ${q}) > 0`) : undefined,
    input.outcome
      ? sql`exists (select 1 from person_outcomes po where po.person_id = ${people.id} and po.outcome_id = ${input.outcome} and po.removed_at is null)`
      : undefined,
    input.status ? eq(people.status, input.status) : undefined,
    input.option ? budgetFilter(input.option, today) : undefined,
    input.locality ? (input.locality === NO_LOCALITY ? isNull(people.localityId) : eq(people.localityId, input.locality)) : undefined,
  );
  const total = db.select({ n: count() }).from(people).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(input.page, pageCount);
  const rows = db
    .select({ id: people.id, name: people.name, reference: people.reference, dateOfBirth: people.dateOfBirth, status: people.status, practitioner: users.name })
    .from(people)
    .leftJoin(users, eq(users.id, people.practitionerId))
    .where(where)
    .orderBy(asc(people.name), asc(people.reference))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  const listLabel = (id: string | undefined) =>
    id ? (db.select({ label: councilListItems.label }).from(councilListItems).where(and(eq(councilListItems.id, id), eq(councilListItems.councilId, councilId))).get()?.label ?? null) : null;
  return { rows, total, page, pageCount, outcome: listLabel(input.outcome), locality: input.locality === NO_LOCALITY ? null : listLabel(input.locality) };
}

export type BudgetVersion = typeof budgetVersions.$inferSelect;

/** Every version of the person's budget, newest first. Callers must have checked access. */
export function budgetHistory(db: Tx, personId: string): BudgetVersion[] {
  return db.select().from(budgetVersions).where(eq(budgetVersions.personId, personId)).orderBy(desc(budgetVersions.version)).all();
}

/** The person's current budget (its newest version), or null. Callers must have checked access. */
export function currentBudget(db: Tx, personId: string): BudgetVersion | null {
  return db.select().from(budgetVersions).where(eq(budgetVersions.personId, personId)).orderBy(desc(budgetVersions.version)).limit(1).get() ?? null;
}

/**
 * What Option 2 agreements draw on: the Option 2 amount of the current budget, per period and per year.
 * Checks the actor may view the person (NotFound otherwise). Null when there is no Option 2 amount.
 */
export function option2Budget(db: Tx, actor: Actor, personId: string) {
  requirePersonAccess(db, actor, personId, "view");
  const budget = currentBudget(db, personId);
  if (!budget || budget.option2Pence === 0) return null;
  return {
    budgetVersionId: budget.id,
    version: budget.version,
    option2Pence: budget.option2Pence,
    period: budget.period,
    option2PerYearPence: perYear(budget.option2Pence, budget.period),
    startsOn: budget.startsOn,
    endsOn: budget.endsOn,
  };
}

/** The person's current outcomes with their labels from the council's list. Callers must have checked access. */
export function outcomesOf(db: Tx, personId: string) {
  return db
    .select({ id: personOutcomes.id, outcomeId: personOutcomes.outcomeId, outcome: councilListItems.label, ownWords: personOutcomes.ownWords })
    .from(personOutcomes)
    .innerJoin(councilListItems, eq(councilListItems.id, personOutcomes.outcomeId))
    .where(and(eq(personOutcomes.personId, personId), isNull(personOutcomes.removedAt)))
    .orderBy(asc(councilListItems.position), asc(personOutcomes.createdAt))
    .all();
}

/** The person's outcomes, checking the actor may see them. For agreements and offers matching. */
export function personOutcomesFor(db: Tx, actor: Actor, personId: string) {
  requirePersonAccess(db, actor, personId, "view");
  return outcomesOf(db, personId);
}

/**
 * Everything on a person's record, for the record page, "My support" and the PDF. Every view by council
 * staff is written to the audit log.
 */
export function personRecord(db: Tx, actor: Actor, personId: string, today = todayIso()) {
  const access = requirePersonAccess(db, actor, personId, "view", today);
  const { person } = access;
  if (access.via === "council") {
    recordAudit(db, { actor, action: "person.viewed", subjectType: "person", subjectId: person.id, councilId: person.councilId });
  }
  const locality = person.localityId
    ? (db.select({ label: councilListItems.label }).from(councilListItems).where(eq(councilListItems.id, person.localityId)).get()?.label ?? "")
    : "";
  const careGroup = person.careGroupId
    ? (db.select({ label: councilListItems.label }).from(councilListItems).where(eq(councilListItems.id, person.careGroupId)).get()?.label ?? "")
    : "";
  const practitioner = person.practitionerId
    ? (db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, person.practitionerId)).get() ?? null)
    : null;
  const council = db.select({ name: councils.name }).from(councils).where(eq(councils.id, person.councilId)).get()?.name ?? "";
  const reps = db.select().from(representatives).where(eq(representatives.personId, personId)).orderBy(asc(representatives.startsOn)).all();
  const assessment =
    db.select().from(assessments).where(eq(assessments.personId, personId)).orderBy(desc(assessments.createdAt)).limit(1).get() ?? null;
  const history = budgetHistory(db, personId);
  return {
    access: access.via,
    person,
    council,
    locality,
    careGroup,
    practitioner,
    representatives: reps.map((r) => ({ ...r, active: isActing(r, today) })),
    assessment,
    budget: history[0] ?? null,
    budgetHistory: history,
    outcomes: outcomesOf(db, personId),
  };
}
export type PersonRecord = ReturnType<typeof personRecord>;

/** The record, for a page that changes it: only a practitioner of the person's council, while it is open (the view is audited). */
export function personRecordForChange(db: Tx, actor: Actor, personId: string) {
  // Refused before the record is read, so that a refusal is not written down as a view.
  requireCaseworker(db, actor, personId);
  const record = personRecord(db, actor, personId);
  if (record.person.status === "closed") throw new RuleBroken(CLOSED_RECORD);
  return record;
}

/* ------------------------------------------------------------------------------------------------------------
 * Recording people.
 * ---------------------------------------------------------------------------------------------------------- */

function refuse(fieldErrors: FieldErrors): void {
  const messages = Object.values(fieldErrors);
  if (messages.length > 0) throw new RuleBroken(messages[0]!, fieldErrors);
}

/**
 * True when the care group is one of this council's: an entry in use, or (when a record is changed) the retired
 * entry the record already has, so saving other details does not lose it.
 */
function isCareGroupOf(db: Tx, councilId: string, careGroupId: string, current: string | null): boolean {
  const item = db
    .select({ id: councilListItems.id, retiredAt: councilListItems.retiredAt })
    .from(councilListItems)
    .where(and(eq(councilListItems.id, careGroupId), eq(councilListItems.councilId, councilId), eq(councilListItems.kind, "care_group")))
    .get();
  return Boolean(item && (item.retiredAt === null || item.id === current));
}

function checkPerson(db: Tx, councilId: string, input: PersonInput, today: string, existing?: Person): void {
  const problems: FieldErrors = {};
  if (input.dateOfBirth > today) problems.dateOfBirth = "Date of birth must be today or in the past";
  if (input.localityId) {
    const locality = db
      .select({ id: councilListItems.id })
      .from(councilListItems)
      .where(and(eq(councilListItems.id, input.localityId), eq(councilListItems.councilId, councilId), eq(councilListItems.kind, "locality")))
      .get();
    if (!locality) problems.localityId = "Select a locality from the list";
  }
  if (input.careGroupId && !isCareGroupOf(db, councilId, input.careGroupId, existing?.careGroupId ?? null)) problems.careGroupId = "Select a care group from the list";
  if (input.contactMethod === "email" && !input.email) problems.email = "Enter an email address, or choose another way to contact the person";
  if (input.contactMethod === "phone" && !input.phone) problems.phone = "Enter a phone number, or choose another way to contact the person";
  if (input.contactMethod === "post" && !input.address) problems.address = "Enter an address, or choose another way to contact the person";
  const clash = db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.councilId, councilId), eq(people.reference, input.reference)))
    .get();
  if (clash && clash.id !== existing?.id) problems.reference = "Another person already has this reference number";
  refuse(problems);
}

const personValues = (input: PersonInput) => ({ ...input, localityId: input.localityId || null, careGroupId: input.careGroupId || null });

/** A practitioner records a new person in their council, and becomes the person's practitioner. */
export function createPerson(db: Db, actor: Actor, input: PersonInput, today = todayIso()): Person {
  const councilId = actor.councilId ?? "";
  authorise(actor, "people.record", { councilId });
  return db.transaction((tx) => {
    checkPerson(tx, councilId, input, today);
    const person = tx
      .insert(people)
      .values({ ...personValues(input), councilId, practitionerId: actor.id })
      .returning()
      .get();
    recordAudit(tx, { actor, action: "person.created", subjectType: "person", subjectId: person.id });
    return person;
  });
}

export function updatePerson(db: Db, actor: Actor, personId: string, input: PersonInput, today = todayIso()): void {
  db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    checkPerson(tx, person.councilId, input, today, person);
    tx.update(people).set(personValues(input)).where(eq(people.id, person.id)).run();
    recordAudit(tx, { actor, action: "person.updated", subjectType: "person", subjectId: person.id });
  });
}

export const DOCUMENT_NEEDED_FOR = ["guardian", "power_of_attorney"] as const;

/** The rules of a representative's record beyond the form's shape: a guardian or an attorney has a document reference, and the dates are in order. */
function representativeProblems(kind: RepresentativeKind, input: { documentReference: string; startsOn: string; endsOn: string }): FieldErrors {
  const problems: FieldErrors = {};
  if ((DOCUMENT_NEEDED_FOR as readonly string[]).includes(kind) && !input.documentReference) {
    problems.documentReference = "Enter the reference of the guardianship order or power of attorney document";
  }
  if (input.endsOn && input.endsOn < input.startsOn) problems.endsOn = "End date must be the same as or after the start date";
  return problems;
}

export function addRepresentative(db: Db, actor: Actor, personId: string, input: RepresentativeInput) {
  return db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    refuse(representativeProblems(input.kind, input));
    const rep = tx
      .insert(representatives)
      .values({ ...input, endsOn: input.endsOn || null, personId: person.id })
      .returning()
      .get();
    recordAudit(tx, { actor, action: "person.representative_added", subjectType: "person", subjectId: person.id, detail: `${rep.name} (${rep.kind}, ${rep.authority})` });
    return rep;
  });
}

export type Representative = typeof representatives.$inferSelect;

/**
 * One of the person's representatives, for a practitioner of the person's council. Council staff who may only view
 * the record get Forbidden; anyone else (the representative themself included) gets NotFound.
 */
export function representativeForChange(db: Tx, actor: Actor, personId: string, representativeId: string, today = todayIso()) {
  const person = db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || !can(actor, "people.view", { councilId: person.councilId })) throw new NotFound();
  authorise(actor, "people.record", { councilId: person.councilId });
  const rep = db.select().from(representatives).where(and(eq(representatives.id, representativeId), eq(representatives.personId, person.id))).get();
  if (!rep) throw new NotFound();
  return { person, representative: rep, active: isActing(rep, today) };
}

/** One of the person's representatives for the page that changes or ends their authority: the view is audited. */
export function representativeForPage(db: Tx, actor: Actor, personId: string, representativeId: string, today = todayIso()) {
  const found = representativeForChange(db, actor, personId, representativeId, today);
  recordAudit(db, { actor, action: "person.viewed", subjectType: "person", subjectId: found.person.id, councilId: found.person.councilId, detail: `Representative ${found.representative.name}` });
  return found;
}

/**
 * Tells the representative and the person about a change to the representative's authority: a notification and an
 * email to those with an account, an email to those who only have an address on the record.
 */
function tellAboutRepresentative(tx: Tx, person: Person, rep: Representative, toRep: { message: string; body: string }, toPerson: { message: string; body: string }) {
  const practitioner = person.practitionerId ? tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, person.practitionerId)).get() : undefined;
  const contact = practitioner ? `If you have questions, contact ${practitioner.name} (${practitioner.email}).` : "If you have questions, contact your council.";
  const send = (userId: string | null, email: string, name: string, notice: { message: string; body: string }, link: string) => {
    if (userId) notify(tx, { userIds: [userId], message: notice.message, body: `${notice.body}\n\n${contact}`, link });
    else if (email) queueEmail(tx, { to: email, subject: notice.message, text: [`Dear ${name},`, notice.message, notice.body, contact].join("\n\n") });
  };
  send(rep.userId, rep.email, rep.name, toRep, "/my-support");
  send(person.userId, person.email, person.name, toPerson, `/my-support/${person.id}`);
}

/** What a change to a representative's record may correct, as the audit trail names each. */
const REPRESENTATIVE_FIELDS = {
  name: "name",
  relationship: "relationship",
  basis: "authority or basis",
  documentReference: "document reference",
  authority: "what they may do",
  startsOn: "start date",
  endsOn: "end date",
  email: "email address",
  phone: "phone number",
} as const satisfies Partial<Record<keyof Representative, string>>;

type RepresentativeField = keyof typeof REPRESENTATIVE_FIELDS;

/**
 * Corrects or changes a representative's record (everything but who they are: a guardian is still a guardian), with
 * the reason. The same rules apply as when they were recorded: a guardian or an attorney keeps a document reference.
 * The change applies at once, since access is always worked out from the authority and dates on the record. When
 * what they may do or their dates change, they and the person are told; when their email address changes, an unused
 * invitation sent to the old address stops working, and an account that accepted one at the old address no longer
 * acts for the person (they are invited again at the new one).
 */
export function changeRepresentative(
  db: Db,
  actor: Actor,
  personId: string,
  representativeId: string,
  input: RepresentativeChangeInput,
  today = todayIso(),
): Representative & { accountUnlinked: boolean } {
  return db.transaction((tx) => {
    const { person, representative: rep } = representativeForChange(tx, actor, personId, representativeId, today);
    if (person.status === "closed") throw new RuleBroken(CLOSED_RECORD);
    refuse(representativeProblems(rep.kind, input));
    const { reason, ...fields } = input;
    const values = { ...fields, endsOn: fields.endsOn || null };
    const changedFields = (Object.keys(REPRESENTATIVE_FIELDS) as RepresentativeField[]).filter((field) => values[field] !== rep[field]);
    if (changedFields.length === 0) refuse({ name: "Nothing has changed. Change at least one of the representative's details" });
    // An account that accepted an invitation at an address now corrected away no longer acts for the person.
    const account = rep.userId && values.email !== rep.email ? tx.select({ email: users.email }).from(users).where(eq(users.id, rep.userId)).get() : undefined;
    const sameAddress = (a: string, b: string) => normaliseEmail(a) === normaliseEmail(b);
    const unlinked = account !== undefined && rep.email !== "" && sameAddress(account.email, rep.email) && !sameAddress(account.email, values.email);
    const changed = tx
      .update(representatives)
      .set({ ...values, ...(unlinked ? { userId: null } : {}) })
      .where(eq(representatives.id, rep.id))
      .returning()
      .get();
    if (changed.email !== rep.email) {
      tx.update(invitations)
        .set({ replacedAt: new Date() })
        .where(and(eq(invitations.representativeId, rep.id), isNull(invitations.acceptedAt), isNull(invitations.replacedAt)))
        .run();
    }
    const shown = (field: RepresentativeField, value: string | null) => (field === "authority" ? AUTHORITY_LABELS[value as Authority].toLowerCase() : value || "none");
    recordAudit(tx, {
      actor,
      action: "person.representative_changed",
      subjectType: "person",
      subjectId: person.id,
      detail: `${rep.name}: ${changedFields.map((f) => `${REPRESENTATIVE_FIELDS[f]} from ${shown(f, rep[f])} to ${shown(f, changed[f])}`).join("; ")}.${unlinked ? ` The account at ${account.email} no longer acts for ${person.name}.` : ""} Reason: ${reason}`,
    });
    if (changedFields.some((f) => f === "authority" || f === "startsOn" || f === "endsOn")) {
      const what = `${AUTHORITY_LABELS[changed.authority].toLowerCase()}, from ${formatDate(changed.startsOn)} ${changed.endsOn ? `until ${formatDate(changed.endsOn)}` : "with no end date"}`;
      tellAboutRepresentative(
        tx,
        person,
        changed,
        { message: `What you may do for ${person.name} has changed`, body: `${actor.name} has recorded that you may now act for ${person.name}: ${what}. The reason: ${reason}` },
        { message: `What ${changed.name} may do for you has changed`, body: `${actor.name} has recorded that ${changed.name} may now act for you: ${what}. The reason: ${reason}` },
      );
    }
    return { ...changed, accountUnlinked: unlinked };
  });
}

/**
 * Ends a representative's authority today, with the reason: they stop acting for the person at once (their end
 * date becomes yesterday, the last day they acted), any unused invitation to them stops working, and they and the
 * person are told.
 */
export function endRepresentative(db: Db, actor: Actor, personId: string, representativeId: string, input: { reason: string }, today = todayIso()): Representative {
  return db.transaction((tx) => {
    const { person, representative: rep } = representativeForChange(tx, actor, personId, representativeId, today);
    const lastDay = addDays(today, -1);
    if (rep.endsOn !== null && rep.endsOn <= lastDay) throw new RuleBroken(`${rep.name} already stopped acting for ${person.name} after ${formatDate(rep.endsOn)}`);
    const ended = tx.update(representatives).set({ endsOn: lastDay }).where(eq(representatives.id, rep.id)).returning().get();
    tx.update(invitations)
      .set({ replacedAt: new Date() })
      .where(and(eq(invitations.representativeId, rep.id), isNull(invitations.acceptedAt), isNull(invitations.replacedAt)))
      .run();
    recordAudit(tx, { actor, action: "person.representative_ended", subjectType: "person", subjectId: person.id, detail: `${rep.name} (${rep.kind}, ${rep.authority}) ended on ${today}: ${input.reason}` });
    tellAboutRepresentative(
      tx,
      person,
      ended,
      { message: `You no longer act for ${person.name}`, body: `${actor.name} has recorded that your authority to act for ${person.name} ended on ${formatDate(today)}. You can no longer see or choose support for ${person.name} on Choice and Control.` },
      { message: `${rep.name} no longer acts for you`, body: `${actor.name} has recorded that ${rep.name}'s authority to act for you ended on ${formatDate(today)}. The reason: ${input.reason}` },
    );
    return ended;
  });
}

export function recordAssessment(db: Db, actor: Actor, personId: string, input: AssessmentInput, today = todayIso()): void {
  db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    if (input.assessedOn > today) refuse({ assessedOn: "Date of the assessment must be today or in the past" });
    tx.insert(assessments).values({ ...input, personId: person.id, recordedBy: actor.id }).run();
    recordAudit(tx, { actor, action: "person.assessed", subjectType: "person", subjectId: person.id, detail: input.eligible ? "Eligible" : "Not eligible" });
  });
}

type BudgetFields = Omit<BudgetInput, "reason">;

/** The rules of a budget and its option split, as messages per field. Empty when the budget is acceptable. */
export function budgetProblems(budget: BudgetFields): FieldErrors {
  const problems: FieldErrors = {};
  if (budget.amountPence <= 0) problems.amountPence = "Budget must be more than £0";
  if (budget.contributionPence > budget.amountPence) {
    problems.contributionPence = `Contribution must not be more than the budget of ${formatPence(budget.amountPence)}`;
  }
  if (budget.endsOn && budget.endsOn < budget.startsOn) problems.endsOn = "End date must be the same as or after the start date";
  const split = budget.option1Pence + budget.option2Pence + budget.option3Pence;
  if (budget.amountPence > 0 && split !== budget.amountPence) {
    problems.option1Pence = `The amounts under each option must add up to the budget of ${formatPence(budget.amountPence)}. They add up to ${formatPence(split)}`;
  }
  return problems;
}

/** Agreement states that draw on the person's Option 2 budget: from being issued for signature until they end. Drafts do not. */
const DRAWING_STATUSES = ["issued", "awaiting_approval", "active", "ending"] as const;

/**
 * What the person's agreements draw on their Option 2 budget, other than `exceptAgreementId`'s: each version issued,
 * waiting for approval or in force, with its ISF amount over its dates; up to the notice date once notice is given
 * (the amount for the days left). Keyed by agreement, so a change waiting for approval is not counted twice.
 */
export function option2Draws(db: Tx, personId: string, exceptAgreementId?: string): (Draw & { reference: string })[] {
  const rows = db
    .select({ id: agreements.id, reference: agreements.reference, noticeEndsOn: agreements.noticeEndsOn, start: agreementVersions.startOn, end: agreementVersions.endOn, pence: agreementVersions.isfPence })
    .from(agreements)
    .innerJoin(agreementVersions, eq(agreementVersions.agreementId, agreements.id))
    .where(
      and(
        eq(agreements.personId, personId),
        exceptAgreementId ? ne(agreements.id, exceptAgreementId) : undefined,
        inArray(agreements.status, DRAWING_STATUSES),
        inArray(agreementVersions.status, ["issued", "awaiting_approval", "approved"]),
      ),
    )
    .all();
  return rows.flatMap(({ id, reference, noticeEndsOn, start, end, pence }) => {
    if (!start || !end) return [];
    if (!noticeEndsOn || noticeEndsOn >= end) return [{ key: id, reference, start, end, pence }];
    if (noticeEndsOn < start) return [];
    return [{ key: id, reference, start, end: noticeEndsOn, pence: Math.round((pence * daysIncluding(start, noticeEndsOn)) / daysIncluding(start, end)) }];
  });
}

/** Why a new Option 2 amount is too small for the agreements already drawing on it, saying by how much; or null. */
function drawnBeyond(tx: Tx, person: Person, budget: BudgetFields): string | null {
  const draws = option2Draws(tx, person.id);
  const over = overdrawn({ ...budget, endsOn: budget.endsOn || null }, draws);
  if (!over) return null;
  const references = draws.filter((d) => over.keys.includes(d.key)).map((d) => d.reference);
  const which = references.length === 1 ? `${person.name}'s agreement ${references[0]} draws` : `${person.name}'s agreements ${references.join(" and ")} draw`;
  return (
    `${which} ${formatPence(over.drawnPence)} from ${formatDate(over.start)} to ${formatDate(over.end)}, which is ${formatPence(over.drawnPence - over.limitPence)} ` +
    `more than an Option 2 amount of ${formatPence(budget.option2Pence)} a ${budget.period} allows for those dates (${formatPence(over.limitPence)}). ` +
    "Change or end the agreements first, or keep a larger Option 2 amount."
  );
}

function addBudgetVersion(tx: Tx, actor: Actor, person: Person, budget: BudgetFields, reason: string): BudgetVersion {
  const assessment = tx.select().from(assessments).where(eq(assessments.personId, person.id)).orderBy(desc(assessments.createdAt)).limit(1).get();
  if (!assessment?.eligible) throw new RuleBroken("Record an assessment that finds the person eligible before recording a budget");
  const previous = currentBudget(tx, person.id);
  refuse({ ...budgetProblems(budget), ...(previous && !reason ? { reason: "Enter the reason for the change" } : {}) });
  const drawn = drawnBeyond(tx, person, budget);
  if (drawn) refuse({ option2Pence: drawn });
  const version = tx
    .insert(budgetVersions)
    .values({ ...budget, endsOn: budget.endsOn || null, personId: person.id, version: (previous?.version ?? 0) + 1, reason: reason || "First budget", recordedBy: actor.id })
    .returning()
    .get();
  recordAudit(tx, {
    actor,
    action: "person.budget_recorded",
    subjectType: "person",
    subjectId: person.id,
    detail: `Version ${version.version}: ${formatPence(version.amountPence)} a ${version.period}; ${version.reason}`,
  });
  return version;
}

/** Records the budget as a new version (the first, or a change with its reason). The option split must add up to it. */
export function recordBudget(db: Db, actor: Actor, personId: string, input: BudgetInput): BudgetVersion {
  return db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    const { reason, ...budget } = input;
    return addBudgetVersion(tx, actor, person, budget, reason);
  });
}

/** Records the person's SDS option choice: a new version of the current budget with the new split. */
export function recordOptionSplit(db: Db, actor: Actor, personId: string, input: OptionSplitInput): BudgetVersion {
  return db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    const current = currentBudget(tx, person.id);
    if (!current) throw new RuleBroken("Record the budget before the option choice");
    const { reason, ...split } = input;
    const { amountPence, period, startsOn, endsOn, basis, basisDetail, contributionPence } = current;
    const budget = { amountPence, period, startsOn, endsOn: endsOn ?? "", basis, basisDetail, contributionPence, ...split };
    return addBudgetVersion(tx, actor, person, budget, reason || "Option choice changed");
  });
}

export function addOutcome(db: Db, actor: Actor, personId: string, input: OutcomeInput): void {
  db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    const outcome = tx
      .select()
      .from(councilListItems)
      .where(and(eq(councilListItems.id, input.outcomeId), eq(councilListItems.councilId, person.councilId), eq(councilListItems.kind, "outcome"), isNull(councilListItems.retiredAt)))
      .get();
    if (!outcome) refuse({ outcomeId: "Select an outcome from the list" });
    tx.insert(personOutcomes).values({ ...input, personId: person.id }).run();
    recordAudit(tx, { actor, action: "person.outcome_added", subjectType: "person", subjectId: person.id, detail: outcome?.label });
  });
}

/** Takes an outcome out of the support plan; the row is kept for the history. */
export function removeOutcome(db: Db, actor: Actor, personId: string, personOutcomeId: string): void {
  db.transaction((tx) => {
    const person = requireOpenRecord(tx, actor, personId);
    const removed = tx
      .update(personOutcomes)
      .set({ removedAt: new Date() })
      .where(and(eq(personOutcomes.id, personOutcomeId), eq(personOutcomes.personId, person.id), isNull(personOutcomes.removedAt)))
      .run();
    if (removed.changes !== 1) throw new NotFound();
    recordAudit(tx, { actor, action: "person.outcome_removed", subjectType: "person", subjectId: person.id });
  });
}

/** Agreement states that stop a record being closed: in force, or on their way to it once someone has signed. */
const OPEN_AGREEMENT_STATUSES = ["issued", "awaiting_approval", "active", "ending"] as const;

/**
 * The person's agreements that are in force or on their way to it: the record cannot be closed while there are any.
 * Drafts, and agreements issued for signature that nobody has signed yet, do not count: closing withdraws them.
 */
export function agreementsBlockingClosure(db: Tx, personId: string) {
  const withdrawable = new Set(unsignedAgreements(db, personId).map((a) => a.id));
  return db
    .select({ id: agreements.id, reference: agreements.reference, status: agreements.status })
    .from(agreements)
    .where(and(eq(agreements.personId, personId), inArray(agreements.status, OPEN_AGREEMENT_STATUSES)))
    .orderBy(asc(agreements.reference))
    .all()
    .filter((a) => !withdrawable.has(a.id));
}

function closureRefusal(person: Person, blocking: { reference: string; status: string }[]): string {
  const inForce = blocking.filter((a) => a.status === "active" || a.status === "ending");
  const references = blocking.map((a) => a.reference).join(", ");
  if (inForce.length > 0) {
    return `${person.name}'s record cannot be closed while an agreement is in force (${references}). End the agreement first: give notice on the agreement's page, and close the record once it has ended.`;
  }
  return `${person.name}'s record cannot be closed while an agreement is being signed or approved (${references}). Decline it or have it returned first.`;
}

/** What the close page shows: the record, the agreements that must end before it can be closed, and those closing withdraws. */
export function closureCheck(db: Tx, actor: Actor, personId: string) {
  const { person } = personRecordForChange(db, actor, personId);
  const blocking = agreementsBlockingClosure(db, person.id);
  const withdrawing = unsignedAgreements(db, person.id).map((a) => ({ id: a.id, reference: a.reference, status: a.status }));
  return { person, blocking, withdrawing, refusal: blocking.length > 0 ? closureRefusal(person, blocking) : null };
}

/** The practitioners of a council who can look after a person, by name. */
export function councilPractitioners(db: Tx, councilId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.councilId, councilId), eq(users.role, "practitioner"), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
}

/** Makes another practitioner of the person's council the one who looks after them; the new practitioner is told. */
export function assignPractitioner(db: Db, actor: Actor, personId: string, practitionerId: string): { name: string } {
  return db.transaction((tx) => {
    const person = requireCaseworker(tx, actor, personId);
    if (person.status === "closed") throw new RuleBroken(CLOSED_RECORD);
    const practitioner = councilPractitioners(tx, person.councilId).find((p) => p.id === practitionerId);
    if (!practitioner) refuse({ practitionerId: "Select a practitioner from the list" });
    if (practitionerId === person.practitionerId) refuse({ practitionerId: `${practitioner!.name} is already ${person.name}'s practitioner` });
    const previous = person.practitionerId ? (tx.select({ name: users.name }).from(users).where(eq(users.id, person.practitionerId)).get()?.name ?? "") : "";
    tx.update(people).set({ practitionerId }).where(eq(people.id, person.id)).run();
    recordAudit(tx, { actor, action: "person.practitioner_assigned", subjectType: "person", subjectId: person.id, detail: `${previous || "Nobody"} to ${practitioner!.name}` });
    if (practitionerId !== actor.id) {
      notify(tx, { userIds: [practitionerId], message: `${actor.name} has made you ${person.name}'s practitioner`, link: `/people/${person.id}` });
    }
    return { name: practitioner!.name };
  });
}

/**
 * Closes the record. Nothing is deleted: the budget versions, outcomes and audit trail stay. People with an
 * agreement are never deleted; this service offers no deletion at all. Refused while an agreement is in force or
 * signed by someone: it must end (or go back to draft) first. Drafts and agreements nobody has signed are withdrawn
 * (the parties are told), and a budget with no end date ends on the closing date, as a new version.
 */
export function closePerson(db: Db, actor: Actor, personId: string, input: { reason: string }, today = todayIso()): void {
  db.transaction((tx) => {
    const person = requireCaseworker(tx, actor, personId);
    if (person.status === "closed") throw new RuleBroken("This record is already closed");
    const blocking = agreementsBlockingClosure(tx, person.id);
    if (blocking.length > 0) throw new RuleBroken(closureRefusal(person, blocking));
    for (const agreement of unsignedAgreements(tx, person.id)) {
      withdrawAgreement(tx, actor, agreement, `${person.name}'s record was closed: ${input.reason}`, today);
    }
    const budget = currentBudget(tx, person.id);
    if (budget && budget.endsOn === null) {
      const { id: _id, version, createdAt: _c, recordedBy: _r, reason: _reason, ...fields } = budget;
      const endsOn = budget.startsOn > today ? budget.startsOn : today;
      tx.insert(budgetVersions).values({ ...fields, endsOn, version: version + 1, reason: `Record closed: ${input.reason}`, recordedBy: actor.id }).run();
      recordAudit(tx, { actor, action: "person.budget_recorded", subjectType: "person", subjectId: person.id, detail: `Version ${version + 1}: ends on ${endsOn}, the record being closed` });
    }
    tx.update(people).set({ status: "closed", closedAt: new Date(), closedReason: input.reason }).where(eq(people.id, person.id)).run();
    tx.update(invitations).set({ replacedAt: new Date() }).where(and(eq(invitations.personId, person.id), isNull(invitations.acceptedAt), isNull(invitations.replacedAt))).run();
    recordAudit(tx, { actor, action: "person.closed", subjectType: "person", subjectId: person.id, detail: input.reason });
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Invitations.
 * ---------------------------------------------------------------------------------------------------------- */

/** Who may be invited: the person, and each representative who acts today; with the address to use. */
export function invitees(db: Tx, actor: Actor, personId: string, today = todayIso()) {
  const person = requireCaseworker(db, actor, personId);
  const reps = db.select().from(representatives).where(and(eq(representatives.personId, personId), activeOn(today))).all();
  const pending = db
    .select()
    .from(invitations)
    .where(and(eq(invitations.personId, personId), isNull(invitations.acceptedAt), isNull(invitations.replacedAt)))
    .all();
  const status = (userId: string | null, representativeId: string | null) => {
    if (userId) return "Has an account";
    const invite = pending.find((i) => i.representativeId === representativeId);
    return invite ? `Invited, link expires ${formatDate(invite.expiresAt.toISOString().slice(0, 10))}` : "Not invited";
  };
  return [
    { id: "person", name: person.name, email: person.email, status: status(person.userId, null), hasAccount: Boolean(person.userId) },
    ...reps.map((r) => ({ id: r.id, name: `${r.name} (representative)`, email: r.email, status: status(r.userId, r.id), hasAccount: Boolean(r.userId) })),
  ];
}

/** Emails a single-use link, valid for 14 days, to the person or a representative. Sending again replaces the last link. */
export function invite(db: Db, actor: Actor, personId: string, recipient: string, now = new Date()): { email: string } {
  const token = generateToken();
  return db.transaction((tx) => {
    const person = requireCaseworker(tx, actor, personId);
    if (person.status === "closed") throw new RuleBroken("This record is closed. Nobody can be invited to it");
    const target = invitees(tx, actor, personId, todayIso(now)).find((i) => i.id === recipient);
    if (!target) refuse({ recipient: "Select who to invite" });
    if (target!.hasAccount) refuse({ recipient: `${target!.name} already has an account` });
    if (!target!.email) refuse({ recipient: `Record an email address for ${target!.name} before inviting them` });
    const representativeId = recipient === "person" ? null : recipient;
    tx.update(invitations)
      .set({ replacedAt: now })
      .where(
        and(
          eq(invitations.personId, person.id),
          representativeId ? eq(invitations.representativeId, representativeId) : isNull(invitations.representativeId),
          isNull(invitations.acceptedAt),
          isNull(invitations.replacedAt),
        ),
      )
      .run();
    tx.insert(invitations)
      .values({
        tokenHash: hashToken(token),
        personId: person.id,
        representativeId,
        email: target!.email,
        expiresAt: new Date(`${addDays(todayIso(now), INVITATION_LIFETIME_DAYS)}T23:59:59Z`),
        invitedBy: actor.id,
        createdAt: now,
      })
      .run();
    const council = tx.select({ name: councils.name }).from(councils).where(eq(councils.id, person.councilId)).get()?.name ?? "your council";
    queueEmail(tx, {
      to: target!.email,
      subject: `${council} has invited you to Choice and Control`,
      text: [
        `Dear ${target!.name.replace(/ \(representative\)$/, "")},`,
        representativeId
          ? `${actor.name} at ${council} has invited you to see the support of ${person.name}, whom you act for: their budget and the outcomes they want, and to choose support with them.`
          : `${actor.name} at ${council} has invited you to see your support: your budget and the outcomes you want, and to choose the support that suits you.`,
        `Use this link within ${INVITATION_LIFETIME_DAYS} days to set a password and start:`,
        serviceLink(`/invitation/${token}`),
        "The link works once. If you were not expecting this, you can ignore this email.",
      ].join("\n\n"),
    });
    recordAudit(tx, { actor, action: "person.invited", subjectType: "person", subjectId: person.id, detail: target!.email });
    return { email: target!.email };
  });
}

/** The invitation for a token, if it can still be used. */
export function findInvitation(db: Tx, token: string, now = new Date()) {
  const row = db
    .select({ invitation: invitations, personName: people.name, personEmail: people.email, councilId: people.councilId, status: people.status, repName: representatives.name })
    .from(invitations)
    .innerJoin(people, eq(people.id, invitations.personId))
    .leftJoin(representatives, eq(representatives.id, invitations.representativeId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .get();
  if (!row || row.invitation.acceptedAt || row.invitation.replacedAt || row.invitation.expiresAt <= now || row.status === "closed") return null;
  const hasAccount = Boolean(db.select({ id: users.id }).from(users).where(eq(users.email, row.invitation.email)).get());
  return { ...row.invitation, name: row.repName ?? row.personName, personName: row.personName, councilId: row.councilId, hasAccount };
}

/**
 * Accepts an invitation: creates the account with the chosen password (or links an existing account with
 * the same email address), links it to the person or representative, and signs them in.
 */
export async function acceptInvitation(db: Db, input: { token: string; password: string }, now = new Date()) {
  const found = findInvitation(db, input.token, now);
  if (!found) throw new RuleBroken(EXPIRED_INVITATION);
  const existing = db.select().from(users).where(eq(users.email, found.email)).get();
  if (!existing) {
    const problem = passwordProblem(input.password, { email: found.email, name: found.name });
    if (problem) throw new RuleBroken(problem, { password: problem });
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  return db.transaction((tx) => {
    const used = tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, found.id), isNull(invitations.acceptedAt), isNull(invitations.replacedAt)))
      .run();
    if (used.changes !== 1) throw new RuleBroken(EXPIRED_INVITATION);
    const role = found.representativeId ? "representative" : "supported_person";
    const user =
      existing ??
      tx.insert(users).values({ email: found.email, name: found.name, role, councilId: found.councilId, passwordHash, passwordChangedAt: now }).returning().get();
    if (found.representativeId) tx.update(representatives).set({ userId: user.id }).where(eq(representatives.id, found.representativeId)).run();
    else {
      const linked = tx.select({ id: people.id }).from(people).where(eq(people.userId, user.id)).get();
      if (linked) throw new RuleBroken("This account is already linked to another person's record. Ask your practitioner for help");
      tx.update(people).set({ userId: user.id }).where(eq(people.id, found.personId)).run();
    }
    recordAudit(tx, { actor: { id: user.id, councilId: null }, councilId: found.councilId, action: "person.invitation_accepted", subjectType: "person", subjectId: found.personId });
    if (existing) return { signedIn: false as const };
    const { token } = createSession(tx, user.id, now);
    return { signedIn: true as const, token };
  });
}

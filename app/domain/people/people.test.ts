import { and, eq, gt, max } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { auditEvents, invitations, notifications, outbox, people, representatives } from "@db/schema";
import { addListItem, councilList, setListItemRetired } from "~/domain/council-lists/council-lists.server";
import { Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { addDays, todayIso } from "~/lib/dates";
import { actorFor, councilId, makeUser } from "../../../test/factories";
import { createSeededDb } from "../../../test/db";
import {
  acceptInvitation,
  CLOSED_RECORD,
  addOutcome,
  addRepresentative,
  assignPractitioner,
  budgetHistory,
  changeRepresentative,
  closureCheck,
  endRepresentative,
  budgetProblems,
  closePerson,
  createPerson,
  findInvitation,
  invite,
  invitees,
  option2Budget,
  peopleActedFor,
  personAccess,
  personRecord,
  personRecordForChange,
  recordAssessment,
  recordBudget,
  recordOptionSplit,
  removeOutcome,
  representativeForPage,
  requirePersonAccess,
  searchPeople,
  updatePerson,
} from "./people.server";
import type { BudgetInput, PersonInput, RepresentativeChangeInput } from "./people.schema";

let db: Db;
beforeAll(async () => {
  db = await createSeededDb();
});

const practitioner = () => actorFor(db, "practitioner@clydevale.example");
const personByRef = (reference: string) => {
  const person = db.select().from(people).where(eq(people.reference, reference)).get();
  if (!person) throw new Error(reference);
  return person;
};

const newPerson = (fields: Partial<PersonInput> = {}): PersonInput => ({
  name: "Isla Morrison",
  reference: `CV-T${Math.random().toString().slice(2, 8)}`,
  dateOfBirth: "1960-01-15",
  address: "1 Test Street",
  postcode: "",
  localityId: "",
  careGroupId: "",
  email: "isla@test.example",
  phone: "",
  contactMethod: "email",
  accessibleFormats: [],
  communicationNeeds: "",
  ...fields,
});

const budget = (fields: Partial<BudgetInput> = {}): BudgetInput => ({
  amountPence: 1_000_000,
  period: "year",
  startsOn: "2026-04-01",
  endsOn: "",
  basis: "ras_score",
  basisDetail: "Score 30",
  contributionPence: 0,
  option1Pence: 0,
  option2Pence: 1_000_000,
  option3Pence: 0,
  reason: "",
  ...fields,
});

function eligiblePerson() {
  const person = createPerson(db, practitioner(), newPerson());
  recordAssessment(db, practitioner(), person.id, { assessedOn: "2026-03-01", eligible: true, summary: "" });
  return person;
}

function ruleBroken(body: () => unknown): RuleBroken {
  try {
    body();
  } catch (error) {
    if (error instanceof RuleBroken) return error;
    throw error;
  }
  throw new Error("Expected the rule to refuse");
}

describe("budget versions", () => {
  it("keeps every version with its reason, the newest being the current one", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget());
    recordBudget(db, practitioner(), person.id, budget({ amountPence: 1_200_000, option2Pence: 1_200_000, reason: "Review after a fall" }));
    const history = budgetHistory(db, person.id);
    expect(history.map((v) => [v.version, v.amountPence, v.reason])).toEqual([
      [2, 1_200_000, "Review after a fall"],
      [1, 1_000_000, "First budget"],
    ]);
    expect(option2Budget(db, practitioner(), person.id)).toMatchObject({ version: 2, option2Pence: 1_200_000, option2PerYearPence: 1_200_000 });
  });

  it("needs a reason for a change, and an eligible assessment first", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget());
    expect(ruleBroken(() => recordBudget(db, practitioner(), person.id, budget())).fieldErrors).toEqual({ reason: "Enter the reason for the change" });
    const unassessed = createPerson(db, practitioner(), newPerson());
    expect(ruleBroken(() => recordBudget(db, practitioner(), unassessed.id, budget())).message).toMatch(/eligible before recording a budget/);
  });

  it("refuses a zero budget, a contribution larger than the budget, and an end before the start", () => {
    expect(budgetProblems(budget({ amountPence: 0, option2Pence: 0 }))).toEqual({ amountPence: "Budget must be more than £0" });
    expect(budgetProblems(budget({ contributionPence: 1_000_001 }))).toEqual({ contributionPence: "Contribution must not be more than the budget of £10,000.00" });
    expect(budgetProblems(budget({ endsOn: "2026-03-31" }))).toEqual({ endsOn: "End date must be the same as or after the start date" });
  });

  it("works out a weekly budget's Option 2 amount a year", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget({ period: "week", amountPence: 35_000, option2Pence: 20_000, option3Pence: 15_000 }));
    expect(option2Budget(db, practitioner(), person.id)).toMatchObject({ period: "week", option2Pence: 20_000, option2PerYearPence: 1_040_000 });
  });
});

describe("option split", () => {
  it("must add up to the budget", () => {
    expect(budgetProblems(budget({ option2Pence: 600_000, option3Pence: 300_000 }))).toEqual({
      option1Pence: "The amounts under each option must add up to the budget of £10,000.00. They add up to £9,000.00",
    });
    expect(budgetProblems(budget({ option1Pence: 100_000, option2Pence: 600_000, option3Pence: 300_000 }))).toEqual({});
  });

  it("records a new choice as a new version of the same budget, and refuses one that does not add up", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget());
    recordOptionSplit(db, practitioner(), person.id, { option1Pence: 0, option2Pence: 800_000, option3Pence: 200_000, reason: "" });
    const [current] = budgetHistory(db, person.id);
    expect(current).toMatchObject({ version: 2, amountPence: 1_000_000, option2Pence: 800_000, option3Pence: 200_000, reason: "Option choice changed" });
    const refused = ruleBroken(() => recordOptionSplit(db, practitioner(), person.id, { option1Pence: 0, option2Pence: 1, option3Pence: 0, reason: "" }));
    expect(refused.fieldErrors.option1Pence).toMatch(/must add up to the budget of £10,000.00/);
    expect(budgetHistory(db, person.id)).toHaveLength(2);
  });
});

describe("budget changes and the agreements drawing on it", () => {
  it("refuses to lower the Option 2 amount below what issued and active agreements draw, saying by how much", () => {
    // Morag's agreement with Glenburn (issued for signature) draws £2,800 from 4 January to 31 March 2027: 87 days.
    const morag = personByRef("CV-100234");
    const lowered = ruleBroken(() => recordOptionSplit(db, practitioner(), morag.id, { option1Pence: 0, option2Pence: 1_000_000, option3Pence: 456_000, reason: "Part to Option 3" }));
    expect(lowered.fieldErrors.option2Pence).toMatch(
      /^Morag Sinclair's agreement CV-ISF-\d{6} draws £2,800.00 from 4 January 2027 to 31 March 2027, which is £416.44 more than an Option 2 amount of £10,000.00 a year allows for those dates \(£2,383.56\)\./,
    );
    // James's active agreement draws the whole £18,000 of his Option 2 budget for the year.
    const james = personByRef("CV-100871");
    const current = budgetHistory(db, james.id)[0]!;
    const cut = { ...budget({ startsOn: current.startsOn, endsOn: current.endsOn ?? "" }), amountPence: 2_210_000, option2Pence: 1_500_000, option3Pence: 710_000, reason: "Review" };
    expect(ruleBroken(() => recordBudget(db, practitioner(), james.id, cut)).fieldErrors.option2Pence).toMatch(/draws £18,000.00 from 1 April 2026 to 31 March 2027, which is £3,000.00 more than/);
    expect(budgetHistory(db, james.id)).toHaveLength(1);
    expect(budgetHistory(db, morag.id)).toHaveLength(1);
  });

  it("accepts a lower amount that still covers the agreements", async () => {
    const fresh = await createSeededDb();
    const morag = fresh.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
    // £12,000 a year is £2,860.27 for the 87 days of Morag's £2,800 agreement.
    recordOptionSplit(fresh, actorFor(fresh, "practitioner@clydevale.example"), morag.id, { option1Pence: 0, option2Pence: 1_200_000, option3Pence: 256_000, reason: "Part to Option 3" });
    expect(budgetHistory(fresh, morag.id)[0]).toMatchObject({ version: 2, option2Pence: 1_200_000 });
  });
});

describe("recording people", () => {
  it("refuses a date of birth in the future and a reference used twice", () => {
    expect(ruleBroken(() => createPerson(db, practitioner(), newPerson({ dateOfBirth: "2099-01-01" }))).fieldErrors).toEqual({
      dateOfBirth: "Date of birth must be today or in the past",
    });
    expect(ruleBroken(() => createPerson(db, practitioner(), newPerson({ reference: "CV-100234" }))).fieldErrors.reference).toMatch(/already has this reference/);
  });

  it("records a care group from the council's own list, and keeps one the council has since retired", () => {
    const clydevale = councilId(db, "clydevale");
    const olderPeople = councilList(db, clydevale, "care_group").find((g) => g.label === "Older people")!;
    const person = createPerson(db, practitioner(), newPerson({ careGroupId: olderPeople.id }));
    expect(personRecord(db, practitioner(), person.id)).toMatchObject({ careGroup: "Older people", person: { careGroupId: olderPeople.id } });
    const refused = { careGroupId: "Select a care group from the list" };
    const eastmuirGroup = councilList(db, councilId(db, "eastmuir"), "care_group")[0]!;
    const locality = councilList(db, clydevale, "locality")[0]!;
    expect(ruleBroken(() => createPerson(db, practitioner(), newPerson({ careGroupId: eastmuirGroup.id }))).fieldErrors).toEqual(refused);
    expect(ruleBroken(() => createPerson(db, practitioner(), newPerson({ careGroupId: locality.id }))).fieldErrors).toEqual(refused);

    const commissioner = actorFor(db, "commissioner@clydevale.example");
    const retiring = addListItem(db, commissioner, "care_group", { label: "Sensory impairment", description: "" });
    const withRetiring = createPerson(db, practitioner(), newPerson({ careGroupId: retiring }));
    setListItemRetired(db, commissioner, retiring, true);
    expect(ruleBroken(() => createPerson(db, practitioner(), newPerson({ careGroupId: retiring }))).fieldErrors).toEqual(refused);
    updatePerson(db, practitioner(), withRetiring.id, newPerson({ reference: withRetiring.reference, careGroupId: retiring, name: "Isla M Morrison" }));
    expect(personRecord(db, practitioner(), withRetiring.id)).toMatchObject({ careGroup: "Sensory impairment", person: { name: "Isla M Morrison" } });
    expect(ruleBroken(() => updatePerson(db, practitioner(), person.id, newPerson({ reference: person.reference, careGroupId: retiring }))).fieldErrors).toEqual(refused);
    updatePerson(db, practitioner(), person.id, newPerson({ reference: person.reference, careGroupId: "" }));
    expect(personRecord(db, practitioner(), person.id).careGroup).toBe("");
  });

  it("gives the demo people their care groups", () => {
    const labels = new Map(councilList(db, councilId(db, "clydevale"), "care_group").map((g) => [g.id, g.label]));
    expect(["CV-100234", "CV-100871", "CV-101456"].map((ref) => labels.get(personByRef(ref).careGroupId ?? ""))).toEqual([
      "Older people",
      "Learning disability",
      "Learning disability",
    ]);
  });

  it("needs a document reference for an attorney, and an end date after the start", () => {
    const person = eligiblePerson();
    const rep = { name: "Ann Morrison", kind: "power_of_attorney", relationship: "Sister", basis: "Welfare power of attorney", documentReference: "", authority: "choose", startsOn: "2026-01-01", endsOn: "", email: "", phone: "" } as const;
    expect(ruleBroken(() => addRepresentative(db, practitioner(), person.id, rep)).fieldErrors.documentReference).toMatch(/reference of the guardianship order or power of attorney/);
    expect(ruleBroken(() => addRepresentative(db, practitioner(), person.id, { ...rep, documentReference: "X1", endsOn: "2025-12-31" })).fieldErrors).toEqual({
      endsOn: "End date must be the same as or after the start date",
    });
  });

  it("keeps outcomes from the council's list in the person's own words", () => {
    const person = eligiblePerson();
    const [outcome] = councilList(db, councilId(db, "clydevale"), "outcome");
    addOutcome(db, practitioner(), person.id, { outcomeId: outcome!.id, ownWords: "Get out to the football with my pals on Saturdays" });
    const eastmuirOutcome = councilList(db, councilId(db, "eastmuir"), "outcome")[0]!;
    expect(ruleBroken(() => addOutcome(db, practitioner(), person.id, { outcomeId: eastmuirOutcome.id, ownWords: "x" })).fieldErrors).toEqual({
      outcomeId: "Select an outcome from the list",
    });
    expect(personRecord(db, practitioner(), person.id).outcomes).toEqual([
      expect.objectContaining({ outcome: outcome!.label, ownWords: "Get out to the football with my pals on Saturdays" }),
    ]);
  });

  it("searches only the practitioner's own council", () => {
    expect(searchPeople(db, practitioner(), { q: "morag", page: 1 }).rows.map((r) => r.name)).toEqual(["Morag Sinclair"]);
    expect(searchPeople(db, practitioner(), { q: "CV-1014", page: 1 }).rows.map((r) => r.name)).toEqual(["Callum Baird"]);
    expect(searchPeople(db, actorFor(db, "practitioner@eastmuir.example"), { q: "morag", page: 1 }).total).toBe(0);
  });

  it("pages through a long caseload", () => {
    const other = makeUser(db, "practitioner");
    for (let n = 1; n <= 21; n++) createPerson(db, other, newPerson({ name: `Person ${String(n).padStart(2, "0")}`, reference: `P-${n}` }));
    const first = searchPeople(db, other, { q: "", page: 1 });
    expect(first).toMatchObject({ total: 21, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(20);
    expect(searchPeople(db, other, { q: "", page: 2 }).rows.map((r) => r.name)).toEqual(["Person 21"]);
    expect(searchPeople(db, other, { q: "", page: 9 }).page).toBe(2);
  });

  it("closes a record and keeps its history", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget());
    closePerson(db, practitioner(), person.id, { reason: "Moved to another council area" }, "2026-12-10");
    const record = personRecord(db, practitioner(), person.id);
    expect(record.person).toMatchObject({ status: "closed", closedReason: "Moved to another council area" });
    // The budget had no end date: it ends on the closing date, as a new version.
    expect(record.budgetHistory.map((v) => [v.version, v.endsOn])).toEqual([
      [2, "2026-12-10"],
      [1, null],
    ]);
  });

  it("refuses every change to a closed record, and its change pages", () => {
    const person = eligiblePerson();
    recordBudget(db, practitioner(), person.id, budget());
    const outcome = councilList(db, councilId(db, "clydevale"), "outcome")[0]!;
    addOutcome(db, practitioner(), person.id, { outcomeId: outcome.id, ownWords: "See my grandchildren" });
    const kept = personRecord(db, practitioner(), person.id);
    closePerson(db, practitioner(), person.id, { reason: "Moved to another council area" });
    const changes: [string, () => unknown][] = [
      ["details", () => updatePerson(db, practitioner(), person.id, newPerson({ name: "Changed Name", reference: kept.person.reference }))],
      ["assessment", () => recordAssessment(db, practitioner(), person.id, { assessedOn: todayIso(), eligible: false, summary: "" })],
      ["budget", () => recordBudget(db, practitioner(), person.id, budget({ reason: "Review" }))],
      ["options", () => recordOptionSplit(db, practitioner(), person.id, { option1Pence: 0, option2Pence: 0, option3Pence: 0, reason: "" } as never)],
      ["outcome added", () => addOutcome(db, practitioner(), person.id, { outcomeId: outcome.id, ownWords: "x" })],
      ["outcome removed", () => removeOutcome(db, practitioner(), person.id, kept.outcomes[0]!.id)],
      ["representative", () => addRepresentative(db, practitioner(), person.id, { name: "Ann Other", kind: "family", basis: "Sister", authority: "view", startsOn: "2026-01-01" } as never)],
      ["change page", () => personRecordForChange(db, practitioner(), person.id)],
    ];
    for (const [what, change] of changes) expect(ruleBroken(change).message, what).toBe(CLOSED_RECORD);
    const after = personRecord(db, practitioner(), person.id);
    expect(after.person.name).toBe(kept.person.name);
    // Closing added one version: the budget, which had no end date, ends on the closing date.
    expect(after.budgetHistory).toHaveLength(kept.budgetHistory.length + 1);
    expect(after.outcomes).toHaveLength(kept.outcomes.length);
    expect(after.representatives).toHaveLength(kept.representatives.length);
  });
});

describe("who may see a person", () => {
  it("lets the person, their representative, and their council's practitioners and commissioners see the record", () => {
    const morag = personByRef("CV-100234");
    const callum = personByRef("CV-101456");
    expect(requirePersonAccess(db, actorFor(db, "morag@people.example"), morag.id).via).toBe("self");
    expect(requirePersonAccess(db, actorFor(db, "aileen@people.example"), callum.id, "choose").via).toBe("representative");
    expect(requirePersonAccess(db, practitioner(), morag.id).via).toBe("council");
    expect(requirePersonAccess(db, actorFor(db, "commissioner@clydevale.example"), morag.id).via).toBe("council");
  });

  it("answers NotFound to another council's practitioner, a provider, another person and council finance", () => {
    const morag = personByRef("CV-100234");
    for (const email of ["practitioner@eastmuir.example", "commissioner@eastmuir.example", "admin@riverbank-care.example", "james@people.example", "aileen@people.example"]) {
      expect(() => requirePersonAccess(db, actorFor(db, email), morag.id), email).toThrow(NotFound);
    }
    expect(() => requirePersonAccess(db, actorFor(db, "practitioner@eastmuir.example"), "no-such-person")).toThrow(NotFound);
  });

  it("lets a representative act only within their dates and authority", () => {
    const person = eligiblePerson();
    const repUser = makeUser(db, "representative", { councilId: person.councilId });
    const rep = addRepresentative(db, practitioner(), person.id, {
      name: "Ann Morrison", kind: "family", relationship: "Sister", basis: "Family member chosen by Isla", documentReference: "", authority: "view", startsOn: "2026-01-01", endsOn: "2026-06-30", email: "", phone: "",
    });
    db.update(representatives).set({ userId: repUser.id }).where(eq(representatives.id, rep.id)).run();
    expect(personAccess(db, repUser, person.id, "view", "2026-03-01")?.via).toBe("representative");
    expect(personAccess(db, repUser, person.id, "choose", "2026-03-01")).toBeNull();
    expect(() => requirePersonAccess(db, repUser, person.id, "view", "2026-07-01")).toThrow(NotFound);
    expect(() => requirePersonAccess(db, repUser, person.id, "view", "2025-12-31")).toThrow(NotFound);
    expect(peopleActedFor(db, repUser, "2026-03-01").map((p) => p.id)).toEqual([person.id]);
    expect(peopleActedFor(db, repUser, "2026-07-01")).toEqual([]);
  });

  it("shows a representative only the people they act for", () => {
    expect(peopleActedFor(db, actorFor(db, "aileen@people.example")).map((p) => p.name)).toEqual(["Callum Baird"]);
  });

  it("writes every view of a record by council staff to the audit log, but not the person's own views", () => {
    const morag = personByRef("CV-100234");
    const viewsBy = (email: string) =>
      db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.viewed"), eq(auditEvents.subjectId, morag.id), eq(auditEvents.actorUserId, actorFor(db, email).id))).all().length;
    personRecord(db, practitioner(), morag.id);
    personRecord(db, practitioner(), morag.id);
    personRecord(db, actorFor(db, "morag@people.example"), morag.id);
    expect(viewsBy("practitioner@clydevale.example")).toBe(2);
    expect(viewsBy("morag@people.example")).toBe(0);
    const callum = personByRef("CV-101456");
    const aileen = db.select().from(representatives).where(eq(representatives.personId, callum.id)).get()!;
    const before = db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.viewed"), eq(auditEvents.subjectId, callum.id))).all().length;
    representativeForPage(db, practitioner(), callum.id, aileen.id);
    expect(db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.viewed"), eq(auditEvents.subjectId, callum.id))).all()).toHaveLength(before + 1);
  });
});

describe("invitations", () => {
  it("emails a single-use link that creates the account, links it and signs the person in", async () => {
    const person = eligiblePerson();
    invite(db, practitioner(), person.id, "person");
    const email = db.select().from(outbox).where(eq(outbox.toAddress, "isla@test.example")).all().at(-1)!;
    const token = /\/invitation\/([a-z0-9]+)/.exec(email.textBody)![1]!;
    expect(findInvitation(db, token)).toMatchObject({ personId: person.id });
    const result = await acceptInvitation(db, { token, password: "correct-horse-battery" });
    expect(result.signedIn).toBe(true);
    const linked = db.select().from(people).where(eq(people.id, person.id)).get()!;
    expect(linked.userId).not.toBeNull();
    expect(findInvitation(db, token)).toBeNull();
    await expect(acceptInvitation(db, { token, password: "correct-horse-battery" })).rejects.toThrow(/expired or has already been used/);
  });

  it("expires after 14 days, and sending again replaces the old link", () => {
    const person = createPerson(db, practitioner(), newPerson({ email: "expiry@test.example" }));
    const sentAt = new Date("2026-05-01T10:00:00Z");
    invite(db, practitioner(), person.id, "person", sentAt);
    const first = /\/invitation\/([a-z0-9]+)/.exec(db.select().from(outbox).where(eq(outbox.toAddress, "expiry@test.example")).all().at(-1)!.textBody)![1]!;
    expect(findInvitation(db, first, new Date("2026-05-15T12:00:00Z"))).not.toBeNull();
    expect(findInvitation(db, first, new Date("2026-05-16T00:00:00Z"))).toBeNull();
    invite(db, practitioner(), person.id, "person", sentAt);
    expect(findInvitation(db, first, sentAt)).toBeNull();
  });

  it("cannot be sent by another council's practitioner", () => {
    const person = createPerson(db, practitioner(), newPerson({ email: "other@test.example" }));
    expect(() => invite(db, actorFor(db, "practitioner@eastmuir.example"), person.id, "person")).toThrow(NotFound);
  });
});

describe("changing and ending a representative", () => {
  const today = todayIso();
  function representedPerson() {
    const person = createPerson(db, practitioner(), newPerson({ email: `person-${Math.random().toString().slice(2, 8)}@test.example` }));
    const repUser = makeUser(db, "representative", { councilId: person.councilId });
    const rep = addRepresentative(db, practitioner(), person.id, {
      name: repUser.name, kind: "family", relationship: "Brother", basis: "Chosen by the person", documentReference: "", authority: "view", startsOn: "2026-01-01", endsOn: "", email: "", phone: "",
    });
    db.update(representatives).set({ userId: repUser.id }).where(eq(representatives.id, rep.id)).run();
    return { person, repUser, rep };
  }
  const lastOutboxId = () => db.select({ id: max(outbox.id) }).from(outbox).get()?.id ?? 0;
  const lastNotificationId = () => db.select({ id: max(notifications.id) }).from(notifications).get()?.id ?? 0;
  /** The change form as the representative's page fills it in: what is on record, with `fields` changed. */
  const change = (rep: typeof representatives.$inferSelect, fields: Partial<RepresentativeChangeInput>): RepresentativeChangeInput => ({
    name: rep.name,
    relationship: rep.relationship,
    basis: rep.basis,
    documentReference: rep.documentReference,
    authority: rep.authority,
    startsOn: rep.startsOn,
    endsOn: rep.endsOn ?? "",
    email: rep.email,
    phone: rep.phone,
    reason: "Corrected",
    ...fields,
  });

  it("changes what the representative may do at once, with the reason audited and both told", () => {
    const { person, repUser, rep } = representedPerson();
    const since = lastOutboxId();
    const sinceNotice = lastNotificationId();
    expect(personAccess(db, repUser, person.id, "choose")).toBeNull();
    changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { authority: "choose", reason: "Now chooses support with Isla" }));
    expect(personAccess(db, repUser, person.id, "choose")?.via).toBe("representative");
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.representative_changed"), eq(auditEvents.subjectId, person.id))).get();
    expect(audit?.detail).toContain("Now chooses support with Isla");
    expect(db.select().from(notifications).where(and(eq(notifications.userId, repUser.id), gt(notifications.id, sinceNotice))).all().map((n) => n.message)).toEqual([
      `What you may do for ${person.name} has changed`,
    ]);
    expect(db.select().from(outbox).where(and(eq(outbox.toAddress, person.email), gt(outbox.id, since))).all().map((e) => e.subject)).toEqual([
      `What ${rep.name} may do for you has changed`,
    ]);
  });

  it("refuses an end date before the start, and a change that changes nothing", () => {
    const { person, rep } = representedPerson();
    expect(ruleBroken(() => changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { endsOn: "2025-12-31" }))).fieldErrors.endsOn).toMatch(/same as or after the start date/);
    expect(ruleBroken(() => changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { startsOn: "2027-01-01", endsOn: "2026-06-30" }))).fieldErrors.endsOn).toMatch(
      /same as or after the start date/,
    );
    expect(ruleBroken(() => changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, {}))).fieldErrors.name).toMatch(/Nothing has changed/);
  });

  it("corrects the name, relationship, contact details, basis and start date, audited, without telling anyone when only details change", () => {
    const { person, repUser, rep } = representedPerson();
    const sinceNotice = lastNotificationId();
    const changed = changeRepresentative(
      db,
      practitioner(),
      person.id,
      rep.id,
      change(rep, { name: "Rab Morrison", relationship: "Cousin", basis: "Chosen by Isla in writing", email: "rab@family.example", phone: "07700 900123", reason: "Name was misspelt" }),
    );
    expect(changed).toMatchObject({ name: "Rab Morrison", relationship: "Cousin", basis: "Chosen by Isla in writing", email: "rab@family.example", phone: "07700 900123", kind: "family" });
    expect(personRecord(db, practitioner(), person.id).representatives.find((r) => r.id === rep.id)?.name).toBe("Rab Morrison");
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.representative_changed"), eq(auditEvents.subjectId, person.id))).get();
    expect(audit?.detail).toBe(
      `${rep.name}: name from ${rep.name} to Rab Morrison; relationship from Brother to Cousin; authority or basis from Chosen by the person to Chosen by Isla in writing; ` +
        "email address from none to rab@family.example; phone number from none to 07700 900123. Reason: Name was misspelt",
    );
    expect(db.select().from(notifications).where(and(eq(notifications.userId, repUser.id), gt(notifications.id, sinceNotice))).all()).toEqual([]);

    changeRepresentative(db, practitioner(), person.id, rep.id, change(changed, { startsOn: addDays(today, 1), reason: "Starts tomorrow, not in January" }));
    expect(personAccess(db, repUser, person.id)).toBeNull();
    expect(db.select().from(notifications).where(and(eq(notifications.userId, repUser.id), gt(notifications.id, sinceNotice))).all().map((n) => n.message)).toEqual([
      `What you may do for ${person.name} has changed`,
    ]);
  });

  it("still needs a document reference for a guardian or an attorney, and stops an invitation sent to an old email address", () => {
    const person = createPerson(db, practitioner(), newPerson());
    const rep = addRepresentative(db, practitioner(), person.id, {
      name: "Moira Grant", kind: "guardian", relationship: "", basis: "Welfare guardianship order", documentReference: "GO-2025-114", authority: "manage", startsOn: "2026-01-01", endsOn: "", email: "moira@old.example", phone: "",
    });
    expect(ruleBroken(() => changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { documentReference: "" }))).fieldErrors.documentReference).toMatch(
      /reference of the guardianship order or power of attorney/,
    );
    invite(db, practitioner(), person.id, rep.id);
    const invitation = () => db.select().from(invitations).where(eq(invitations.representativeId, rep.id)).get()!;
    expect(invitation().replacedAt).toBeNull();
    changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { documentReference: "GO-2025-114A", reason: "Order renewed" }));
    expect(invitation().replacedAt).toBeNull();
    changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { documentReference: "GO-2025-114A", email: "moira@new.example", reason: "New email address" }));
    expect(invitation().replacedAt).not.toBeNull();
    expect(invitees(db, practitioner(), person.id).find((i) => i.id === rep.id)).toMatchObject({ email: "moira@new.example", status: "Not invited" });
  });

  it("unlinks the account that accepted an invitation at an address corrected away, so it no longer acts for the person", () => {
    const { person, repUser, rep } = representedPerson();
    const onRecord = changeRepresentative(db, practitioner(), person.id, rep.id, change(rep, { email: repUser.email.toUpperCase(), reason: "Address as given" }));
    expect(onRecord.accountUnlinked).toBe(false);
    expect(personAccess(db, repUser, person.id)?.via).toBe("representative");
    const corrected = changeRepresentative(db, practitioner(), person.id, rep.id, change(onRecord, { email: "right.person@family.example", reason: "The wrong address was recorded" }));
    expect(corrected).toMatchObject({ accountUnlinked: true, userId: null, email: "right.person@family.example" });
    expect(personAccess(db, repUser, person.id)).toBeNull();
    expect(peopleActedFor(db, repUser)).toEqual([]);
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.representative_changed"), eq(auditEvents.subjectId, person.id))).all().at(-1);
    expect(audit?.detail).toContain(`The account at ${repUser.email} no longer acts for ${person.name}.`);
    expect(invitees(db, practitioner(), person.id).find((i) => i.id === rep.id)).toMatchObject({ email: "right.person@family.example", status: "Not invited" });
  });

  it("ends the representative's access at once: they can no longer see the person, and their pending invitation stops working", () => {
    const { person, repUser, rep } = representedPerson();
    expect(requirePersonAccess(db, repUser, person.id).via).toBe("representative");
    const sinceNotice = lastNotificationId();
    const ended = endRepresentative(db, practitioner(), person.id, rep.id, { reason: "Isla asked for this" });
    expect(ended.endsOn! < today).toBe(true);
    expect(() => requirePersonAccess(db, repUser, person.id)).toThrow(NotFound);
    expect(peopleActedFor(db, repUser)).toEqual([]);
    expect(personRecord(db, practitioner(), person.id).representatives.find((r) => r.id === rep.id)?.active).toBe(false);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, repUser.id), gt(notifications.id, sinceNotice))).all().map((n) => n.message)).toEqual([
      `You no longer act for ${person.name}`,
    ]);
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.representative_ended"), eq(auditEvents.subjectId, person.id))).get();
    expect(audit?.detail).toContain("Isla asked for this");
    expect(ruleBroken(() => endRepresentative(db, practitioner(), person.id, rep.id, { reason: "again" })).message).toMatch(/already stopped acting/);
  });

  it("is refused to the representative, a commissioner, another council and for another person's representative", () => {
    const { person, repUser, rep } = representedPerson();
    const input = change(rep, { authority: "manage", name: "Someone Else" });
    expect(() => changeRepresentative(db, repUser, person.id, rep.id, input)).toThrow(NotFound);
    expect(() => changeRepresentative(db, actorFor(db, "commissioner@clydevale.example"), person.id, rep.id, input)).toThrow(Forbidden);
    expect(() => changeRepresentative(db, actorFor(db, "practitioner@eastmuir.example"), person.id, rep.id, input)).toThrow(NotFound);
    expect(() => changeRepresentative(db, actorFor(db, "admin@riverbank-care.example"), person.id, rep.id, input)).toThrow(NotFound);
    expect(() => endRepresentative(db, actorFor(db, "commissioner@clydevale.example"), person.id, rep.id, { reason: "x" })).toThrow(Forbidden);
    expect(() => endRepresentative(db, actorFor(db, "practitioner@eastmuir.example"), person.id, rep.id, { reason: "x" })).toThrow(NotFound);
    const other = representedPerson();
    expect(() => endRepresentative(db, practitioner(), other.person.id, rep.id, { reason: "x" })).toThrow(NotFound);
    expect(() => changeRepresentative(db, practitioner(), other.person.id, rep.id, input)).toThrow(NotFound);
    expect(requirePersonAccess(db, repUser, person.id).via).toBe("representative");
    expect(db.select().from(representatives).where(eq(representatives.id, rep.id)).get()).toMatchObject({ name: rep.name, authority: "view" });
  });
});

describe("closing a record with an agreement", () => {
  it("refuses while an agreement is in force, pointing to ending it, and while one waits for approval", () => {
    const james = personByRef("CV-100871");
    const check = closureCheck(db, practitioner(), james.id);
    expect(check.blocking.map((a) => a.status)).toContain("active");
    expect(check.refusal).toMatch(/cannot be closed while an agreement is in force .*End the agreement first: give notice/);
    expect(ruleBroken(() => closePerson(db, practitioner(), james.id, { reason: "Moved away" })).message).toBe(check.refusal);
    expect(personByRef("CV-100871").status).toBe("open");
    const callum = personByRef("CV-101456");
    expect(ruleBroken(() => closePerson(db, practitioner(), callum.id, { reason: "Moved away" })).message).toMatch(/being signed or approved/);
  });
});

describe("caseload", () => {
  it("shows a practitioner only their own people when asked, and follows a reassignment", () => {
    const colleague = makeUser(db, "practitioner", { councilId: councilId(db, "clydevale") });
    const person = createPerson(db, colleague, newPerson({ name: "Caseload Person" }));
    const mine = (actor = practitioner()) => searchPeople(db, actor, { q: "caseload person", page: 1, mine: true }).total;
    expect(searchPeople(db, practitioner(), { q: "caseload person", page: 1 }).total).toBe(1);
    expect(mine()).toBe(0);
    expect(mine(colleague)).toBe(1);
    assignPractitioner(db, colleague, person.id, practitioner().id);
    expect(mine()).toBe(1);
    expect(mine(colleague)).toBe(0);
    expect(db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.practitioner_assigned"), eq(auditEvents.subjectId, person.id))).get()?.detail).toBe(
      `${colleague.name} to ${practitioner().name}`,
    );
  });

  it("assigns only a practitioner of the person's council, and only by a practitioner of that council", () => {
    const person = createPerson(db, practitioner(), newPerson());
    const eastmuir = actorFor(db, "practitioner@eastmuir.example");
    expect(ruleBroken(() => assignPractitioner(db, practitioner(), person.id, eastmuir.id)).fieldErrors).toEqual({ practitionerId: "Select a practitioner from the list" });
    expect(() => assignPractitioner(db, eastmuir, person.id, eastmuir.id)).toThrow(NotFound);
    expect(() => assignPractitioner(db, actorFor(db, "commissioner@clydevale.example"), person.id, practitioner().id)).toThrow(Forbidden);
  });
});

import { and, desc, eq, gt, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { applicationAnswers, auditEvents, evidenceDocuments, evidenceReminders, frameworks, notifications, organisations, outbox, providerApplications, users } from "@db/schema";
import { DEMO_FRAMEWORK_REFERENCE } from "@db/seed/frameworks";
import { addDays, todayIso } from "~/lib/dates";
import { Conflict, Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { createSeededDb } from "../../../test/db";
import { actorFor, makeUser } from "../../../test/factories";
import { DOCX_ENTRIES, zipFile } from "../../../test/zip";
import { inviteColleague, registerProvider, updateOrganisation } from "../providers/providers.server";
import {
  acceptDeclarations,
  admitApplication,
  answerClarification,
  applicationQueue,
  changeStanding,
  chooseLots,
  getApplicationForReview,
  getProviderApplication,
  providerStandings,
  recordEvaluation,
  rejectApplication,
  requestClarification,
  saveAnswer,
  startApplication,
  startReview,
  submitApplication,
} from "./applications.server";
import { COMPLIANCE_PAGE_SIZE, compliancePage, complianceView, downloadDocument, providerComplianceBlock, providerEvidenceDue, reminderStage, runEvidenceReminders } from "./compliance.server";
import { MAX_UPLOAD_BYTES, sniffContentType, uploadedFileName } from "./files.server";
import { addCriterion, addLot, createFramework, getFramework, publicFramework, updateFramework } from "./frameworks.server";

const PDF = new TextEncoder().encode("%PDF-1.4\nA test certificate\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const COMMISSIONER = "commissioner@clydevale.example";
const HORIZONS = "admin@new-horizons.example";

function demoFramework(db: Db) {
  const framework = db.select().from(frameworks).where(eq(frameworks.reference, DEMO_FRAMEWORK_REFERENCE)).get();
  if (!framework) throw new Error("no demo framework");
  return getFramework(db, actorFor(db, COMMISSIONER), framework.id);
}

function applicationOf(db: Db, organisation: string) {
  const row = db
    .select({ id: providerApplications.id })
    .from(providerApplications)
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .where(eq(organisations.name, organisation))
    .get();
  if (!row) throw new Error(`no application for ${organisation}`);
  return row.id;
}

const ORGANISATION_DETAILS = {
  name: "New Horizons Support",
  type: "social_enterprise" as const,
  charityNumber: "",
  companyNumber: "",
  address: "2 Harbour Street, Clydevale",
  postcode: "CV2 9HS",
  contactName: "Priya Nair",
  contactEmail: "admin@new-horizons.example",
  contactPhone: "01632 960 102",
  careInspectorateNumbers: "CS2020777888",
};

/** New Horizons fills in every task of an application to the demo framework. */
function completeApplication(db: Db) {
  const provider = actorFor(db, HORIZONS);
  const framework = demoFramework(db);
  const id = startApplication(db, provider, framework.id);
  updateOrganisation(db, provider, ORGANISATION_DETAILS);
  chooseLots(db, provider, id, framework.lots.slice(0, 3).map((l) => l.id));
  for (const criterion of framework.criteria.filter((c) => c.mandatory)) {
    saveAnswer(db, provider, id, criterion.id, {
      answer: criterion.kind === "question" ? "Our answer" : "",
      upload: criterion.kind === "document" ? { fileName: "evidence.pdf", bytes: PDF } : null,
      expiresOn: criterion.expires ? addDays(todayIso(), 200) : "",
    });
  }
  acceptDeclarations(db, provider, id);
  return { provider, framework, id };
}

/** The commissioner finds every mandatory criterion met. */
function evaluateMandatory(db: Db, id: string) {
  const commissioner = actorFor(db, COMMISSIONER);
  for (const criterion of demoFramework(db).criteria.filter((c) => c.mandatory)) recordEvaluation(db, commissioner, id, { criterionId: criterion.id, evaluation: "met", comment: "" });
}

describe("the demo framework", () => {
  it("has five lots with guide rates, realistic criteria, and admitted providers shown publicly by lot", async () => {
    const db = await createSeededDb();
    const framework = demoFramework(db);
    expect(framework.status).toBe("open");
    expect(framework.rolling).toBe(true);
    expect(framework.lots.map((l) => l.name)).toEqual(["Care at home", "Community and day support", "Short breaks", "Supported living", "Mental health and wellbeing"]);
    expect(framework.lots[0]).toMatchObject({ guideRateMinPence: 2150, guideRateMaxPence: 2480, guideRateUnit: "per hour" });
    expect(framework.criteria.filter((c) => c.expires).map((c) => c.title)).toEqual(["Public liability insurance", "Employer's liability insurance"]);
    const page = publicFramework(db, framework.id);
    const byLot = Object.fromEntries(page.lots.map((l) => [l.name, l.providers.map((p) => p.name)]));
    expect(byLot["Care at home"]).toEqual(["Glenburn Home Support", "Riverbank Community Care"]);
    // Thistle Lane Connections is admitted by the offers demo data, so that four providers publish offers.
    expect(byLot["Short breaks"]).toEqual(["Riverbank Community Care", "Thistle Lane Connections"]);
    expect(Object.values(byLot).flat()).not.toContain("Northfield Day Opportunities");
  });

  it("is loaded once however often the demo data is loaded", async () => {
    const db = await createSeededDb();
    const { seedDemoData } = await import("@db/seed");
    await seedDemoData(db, { password: "another-long-password" });
    expect(db.select().from(frameworks).all()).toHaveLength(1);
  });
});

describe("managing frameworks", () => {
  it("lets the council's commissioners create and edit frameworks, lots and criteria, each audited", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, "commissioner@eastmuir.example");
    const id = createFramework(db, commissioner, { name: "Eastmuir Framework", reference: "EM-1", description: "", startDate: "2026-04-01", endDate: "2029-03-31", status: "draft", rolling: false });
    addLot(db, commissioner, id, { name: "Care at home", description: "", guideRateMinPence: 2000, guideRateMaxPence: 2300, guideRateUnit: "per hour" });
    addCriterion(db, commissioner, id, { title: "Insurance", guidance: "", kind: "document", mandatory: true, expires: true });
    updateFramework(db, commissioner, id, { name: "Eastmuir Framework", reference: "EM-1", description: "", startDate: "2026-04-01", endDate: "2029-03-31", status: "open", rolling: true });
    const framework = getFramework(db, commissioner, id);
    expect(framework).toMatchObject({ status: "open", rolling: true });
    expect(framework.lots).toHaveLength(1);
    expect(framework.criteria[0]).toMatchObject({ kind: "document", expires: true });
    expect(db.select().from(auditEvents).where(like(auditEvents.action, "framework.%")).all()).toHaveLength(4);
    const again = () => createFramework(db, commissioner, { name: "Again", reference: "EM-1", description: "", startDate: "2026-04-01", endDate: "2029-03-31", status: "draft", rolling: false });
    expect(again).toThrow(RuleBroken);
    expect(() => again()).toThrow(expect.objectContaining({ fieldErrors: { reference: "Another of your council's frameworks already has the reference EM-1: enter a different one" } }));
  });

  it("refuses other councils' staff and other roles", async () => {
    const db = await createSeededDb();
    const framework = demoFramework(db);
    expect(() => getFramework(db, actorFor(db, "commissioner@eastmuir.example"), framework.id)).toThrow(NotFound);
    expect(() => getFramework(db, actorFor(db, "finance@clydevale.example"), framework.id)).toThrow(NotFound);
    expect(() => createFramework(db, actorFor(db, "admin@riverbank-care.example"), { name: "x", reference: "x", description: "", startDate: "2026-01-01", endDate: "2027-01-01", status: "draft", rolling: false })).toThrow();
  });
});

describe("the application lifecycle", () => {
  it("refuses to submit with missing mandatory tasks, naming each", async () => {
    const db = await createSeededDb();
    const provider = actorFor(db, HORIZONS);
    const id = startApplication(db, provider, demoFramework(db).id);
    try {
      submitApplication(db, provider, id);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleBroken);
      const fieldErrors = (error as RuleBroken).fieldErrors;
      expect(fieldErrors.organisation).toBe("Complete your organisation details");
      expect(fieldErrors.lots).toBe("Choose the lots you are applying for");
      expect(fieldErrors.declarations).toBe("Confirm the declarations");
      expect(Object.values(fieldErrors)).toContain("Upload evidence for: Public liability insurance");
      expect(Object.values(fieldErrors)).not.toContain("Upload evidence for: Complaints policy");
    }
  });

  it("goes submitted, under review, clarification, submitted, admitted to some lots: audited and notifying the other side", async () => {
    const db = await createSeededDb();
    const { provider, framework, id } = completeApplication(db);
    const commissioner = actorFor(db, COMMISSIONER);
    const since = db.select({ id: notifications.id }).from(notifications).orderBy(desc(notifications.id)).get()?.id ?? 0;
    submitApplication(db, provider, id);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, commissioner.id), gt(notifications.id, since))).all().map((n) => n.message)).toEqual([
      expect.stringMatching(/New Horizons Support has submitted their application APP-/),
    ]);
    expect(() => chooseLots(db, provider, id, [framework.lots[4]!.id])).toThrow(Conflict);
    expect(() => admitApplication(db, commissioner, id, [framework.lots[0]!.id])).toThrow(Conflict);

    startReview(db, commissioner, id);
    requestClarification(db, commissioner, id, "Which localities do you cover?");
    expect(getProviderApplication(db, provider, id).application).toMatchObject({ status: "clarification_requested", clarificationQuestion: "Which localities do you cover?" });
    expect(db.select().from(notifications).where(and(eq(notifications.userId, provider.id), gt(notifications.id, since))).all().map((n) => n.message)).toEqual([
      expect.stringMatching(/has been taken into review/),
      expect.stringMatching(/has been returned for clarification/),
    ]);
    expect(() => submitApplication(db, provider, id)).toThrow("Answer the clarification question");
    answerClarification(db, provider, id, "Clydevale Town and Riverside");
    submitApplication(db, provider, id);
    startReview(db, commissioner, id);
    const criterion = framework.criteria[0]!;
    expect(() => recordEvaluation(db, commissioner, id, { criterionId: criterion.id, evaluation: "not_met", comment: "" })).toThrow(RuleBroken);
    evaluateMandatory(db, id);
    recordEvaluation(db, commissioner, id, { criterionId: criterion.id, evaluation: "met", comment: "Grades are good" });
    admitApplication(db, commissioner, id, [framework.lots[0]!.id, framework.lots[1]!.id]);

    const review = getApplicationForReview(db, commissioner, id);
    expect(review.application.status).toBe("admitted");
    expect(review.lots.filter((l) => l.chosen).map((l) => [l.name, l.outcome])).toEqual([
      ["Care at home", "admitted"],
      ["Community and day support", "admitted"],
      ["Short breaks", "not_admitted"],
    ]);
    const actions = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), like(auditEvents.action, "application.%"))).all().map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["application.submit", "application.start_review", "application.request_clarification", "application.admit", "application.evaluated"]));
    expect(publicFramework(db, framework.id).lots[1]!.providers.map((p) => p.name)).toContain("New Horizons Support");
  });

  it("admits only when every mandatory criterion is evaluated as met, naming those that are not", async () => {
    const db = await createSeededDb();
    const { provider, framework, id } = completeApplication(db);
    const commissioner = actorFor(db, COMMISSIONER);
    submitApplication(db, provider, id);
    startReview(db, commissioner, id);
    const [registration, insurance] = [framework.criteria.find((c) => c.title === "Care Inspectorate registration and grades")!, framework.criteria.find((c) => c.title === "Public liability insurance")!];
    evaluateMandatory(db, id);
    recordEvaluation(db, commissioner, id, { criterionId: insurance.id, evaluation: "not_met", comment: "Cover is only £2 million" });
    db.update(applicationAnswers).set({ evaluation: null }).where(and(eq(applicationAnswers.applicationId, id), eq(applicationAnswers.criterionId, registration.id))).run();
    const refusal = (() => {
      try {
        admitApplication(db, commissioner, id, [framework.lots[0]!.id]);
      } catch (error) {
        return error as RuleBroken;
      }
      throw new Error("admitted");
    })();
    expect(refusal).toBeInstanceOf(RuleBroken);
    expect(refusal.message).toBe("Evaluate every mandatory criterion as met before you admit the provider. Not yet met: Care Inspectorate registration and grades, Public liability insurance");
    expect(refusal.fieldErrors).toEqual({
      [`evaluation-${registration.id}`]: "Evaluate Care Inspectorate registration and grades before you admit the provider",
      [`evaluation-${insurance.id}`]: "Public liability insurance is marked not met: reject the application or ask for clarification",
    });
    expect(getApplicationForReview(db, commissioner, id).application.status).toBe("under_review");
  });

  it("clears an evaluation when the provider changes the answer, and keeps it when the answer is saved unchanged", async () => {
    const db = await createSeededDb();
    const { provider, framework, id } = completeApplication(db);
    const commissioner = actorFor(db, COMMISSIONER);
    submitApplication(db, provider, id);
    startReview(db, commissioner, id);
    evaluateMandatory(db, id);
    requestClarification(db, commissioner, id, "Please upload your new insurance certificate");
    const question = framework.criteria.find((c) => c.title === "Scottish Living Wage commitment")!;
    const insurance = framework.criteria.find((c) => c.title === "Public liability insurance")!;
    const registration = framework.criteria.find((c) => c.title === "Care Inspectorate registration and grades")!;
    saveAnswer(db, provider, id, question.id, { answer: "We pay the Real Living Wage from April", upload: null, expiresOn: "" });
    saveAnswer(db, provider, id, insurance.id, { answer: "", upload: { fileName: "new.pdf", bytes: PDF }, expiresOn: addDays(todayIso(), 300) });
    saveAnswer(db, provider, id, registration.id, { answer: "Our answer", upload: null, expiresOn: "" });
    const evaluation = (criterionId: string) => getApplicationForReview(db, commissioner, id).criteria.find((c) => c.id === criterionId)!.answer?.evaluation ?? null;
    expect([evaluation(question.id), evaluation(insurance.id), evaluation(registration.id)]).toEqual([null, null, "met"]);
  });

  it("shows the council the organisation's details as submitted, not changes made during the review", async () => {
    const db = await createSeededDb();
    const { provider, id } = completeApplication(db);
    const commissioner = actorFor(db, COMMISSIONER);
    submitApplication(db, provider, id);
    updateOrganisation(db, provider, { ...ORGANISATION_DETAILS, name: "Horizons Renamed", address: "99 Elsewhere Road, Clydevale" });
    startReview(db, commissioner, id);
    const review = getApplicationForReview(db, commissioner, id);
    expect(review.organisation).toMatchObject({ name: "New Horizons Support", address: "2 Harbour Street, Clydevale", contactName: "Priya Nair" });
    expect(review.changedSince).toBe(true);
    expect(getProviderApplication(db, provider, id).sent).toMatchObject({ address: "2 Harbour Street, Clydevale" });

    // Sent again after a clarification, the application carries the details as they are then.
    requestClarification(db, commissioner, id, "Has your address changed?");
    answerClarification(db, provider, id, "Yes, we have moved");
    submitApplication(db, provider, id);
    expect(getApplicationForReview(db, commissioner, id)).toMatchObject({ organisation: { name: "Horizons Renamed", address: "99 Elsewhere Road, Clydevale" }, changedSince: false });
  });

  it("rejects with reasons, and suspends, reinstates and exits with a reason, never skipping a step", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const northfield = applicationOf(db, "Northfield Day Opportunities");
    expect(() => changeStanding(db, commissioner, northfield, "suspend", "x")).toThrow(Conflict);
    rejectApplication(db, commissioner, northfield, "No evidence of safer recruitment checks");
    expect(getApplicationForReview(db, commissioner, northfield).application).toMatchObject({ status: "rejected", decisionReasons: "No evidence of safer recruitment checks" });

    const riverbank = applicationOf(db, "Riverbank Community Care");
    expect(() => changeStanding(db, commissioner, riverbank, "reinstate", "x")).toThrow(Conflict);
    changeStanding(db, commissioner, riverbank, "suspend", "Inspection found serious concerns");
    expect(providerComplianceBlock(db, actorFor(db, "admin@riverbank-care.example").organisationId!, commissioner.councilId!)).toMatch(/suspended/);
    changeStanding(db, commissioner, riverbank, "reinstate", "Improvement plan completed");
    changeStanding(db, commissioner, riverbank, "exit", "The provider asked to leave the framework");
    expect(getApplicationForReview(db, commissioner, riverbank).application.status).toBe("exited");
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "application.exit")).get()?.detail).toBe("admitted to exited: The provider asked to leave the framework");
  });

  it("lets only a commissioner of the framework's council decide, and a provider see only its own", async () => {
    const db = await createSeededDb();
    const northfield = applicationOf(db, "Northfield Day Opportunities");
    const eastmuir = actorFor(db, "commissioner@eastmuir.example");
    expect(() => getApplicationForReview(db, eastmuir, northfield)).toThrow(NotFound);
    expect(() => rejectApplication(db, eastmuir, northfield, "no")).toThrow(NotFound);
    expect(() => rejectApplication(db, actorFor(db, "practitioner@clydevale.example"), northfield, "no")).toThrow(NotFound);
    expect(() => rejectApplication(db, actorFor(db, "admin@northfield-day.example"), northfield, "no")).toThrow(NotFound);
    expect(() => getProviderApplication(db, actorFor(db, "admin@riverbank-care.example"), northfield)).toThrow(NotFound);
    expect(applicationQueue(db, eastmuir, { page: 1 }).total).toBe(0);

    const review = getApplicationForReview(db, actorFor(db, COMMISSIONER), northfield);
    const documentId = review.criteria.find((c) => c.document)!.document!.id;
    expect(downloadDocument(db, actorFor(db, COMMISSIONER), documentId).contentType).toBe("application/pdf");
    expect(downloadDocument(db, actorFor(db, "admin@northfield-day.example"), documentId).bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(() => downloadDocument(db, actorFor(db, "admin@riverbank-care.example"), documentId)).toThrow(NotFound);
    expect(() => downloadDocument(db, eastmuir, documentId)).toThrow(NotFound);
  });

  it("hides drafts from the council, and filters the queue by status and lot", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const draft = startApplication(db, actorFor(db, HORIZONS), demoFramework(db).id);
    expect(() => getApplicationForReview(db, commissioner, draft)).toThrow(NotFound);
    expect(applicationQueue(db, commissioner, { page: 1 }).total).toBe(5);
    expect(applicationQueue(db, commissioner, { status: "draft", page: 1 })).toMatchObject({ total: 0, rows: [] });
    expect(applicationQueue(db, commissioner, { status: "under_review", page: 1 }).rows.map((r) => r.organisation)).toEqual(["Northfield Day Opportunities"]);
    const shortBreaks = demoFramework(db).lots.find((l) => l.name === "Short breaks")!;
    expect(applicationQueue(db, commissioner, { lot: shortBreaks.id, page: 1 }).rows.map((r) => r.organisation).sort()).toEqual(["Northfield Day Opportunities", "Riverbank Community Care", "Thistle Lane Connections"]);
  });
});

describe("applying again and applying for more lots", () => {
  it("starts a new application after a rejection, and carries on with it rather than starting another", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const northfield = actorFor(db, "admin@northfield-day.example");
    const first = applicationOf(db, "Northfield Day Opportunities");
    const framework = demoFramework(db);
    expect(startApplication(db, northfield, framework.id)).toBe(first);
    rejectApplication(db, commissioner, first, "No evidence of safer recruitment checks");
    expect(providerStandings(db, northfield)[0]!.next).toEqual({ kind: "apply_again", after: "rejected" });

    const second = startApplication(db, northfield, framework.id);
    expect(second).not.toBe(first);
    expect(getProviderApplication(db, northfield, second).application).toMatchObject({ status: "draft", extendsApplicationId: null });
    expect(getProviderApplication(db, northfield, first).application.status).toBe("rejected");
    expect(startApplication(db, northfield, framework.id)).toBe(second);
    const standing = providerStandings(db, northfield)[0]!;
    expect(standing.applications.map((a) => a.status)).toEqual(["draft", "rejected"]);
    expect(standing.next).toEqual({ kind: "continue", applicationId: second });
  });

  it("lets a provider that exited apply again, but only while the framework is open", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const riverbank = actorFor(db, "admin@riverbank-care.example");
    const framework = demoFramework(db);
    changeStanding(db, commissioner, applicationOf(db, "Riverbank Community Care"), "exit", "The provider asked to leave");
    const { id: _id, councilId: _council, createdAt: _created, lots: _lots, criteria: _criteria, ...fields } = framework;
    updateFramework(db, commissioner, framework.id, { ...fields, status: "closed" });
    expect(() => startApplication(db, riverbank, framework.id)).toThrow("This framework is not open for applications.");
    expect(providerStandings(db, riverbank)[0]!.next).toMatchObject({ kind: "none" });
    updateFramework(db, commissioner, framework.id, { ...fields, status: "open" });
    expect(providerStandings(db, riverbank)[0]!.next).toEqual({ kind: "apply_again", after: "exited" });
    const again = startApplication(db, riverbank, framework.id);
    expect(getProviderApplication(db, riverbank, again).tasks.some((t) => t.key.startsWith("criterion-"))).toBe(true);
  });

  it("lets an admitted provider of a rolling framework apply for more lots, whose admission adds them to its standing", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const riverbank = actorFor(db, "admin@riverbank-care.example");
    const framework = demoFramework(db);
    const standingId = applicationOf(db, "Riverbank Community Care");
    const lot = (name: string) => framework.lots.find((l) => l.name === name)!.id;
    expect(providerStandings(db, riverbank)[0]).toMatchObject({ next: { kind: "more_lots", standingId }, lotsLeft: ["Supported living", "Mental health and wellbeing"] });

    const more = startApplication(db, riverbank, framework.id);
    const draft = getProviderApplication(db, riverbank, more);
    expect(draft.application.extendsApplicationId).toBe(standingId);
    expect(draft.tasks.map((t) => t.key)).toEqual(["organisation", "lots", "declarations"]);
    expect(() => chooseLots(db, riverbank, more, [lot("Care at home")])).toThrow("Choose at least one lot");
    chooseLots(db, riverbank, more, [lot("Care at home"), lot("Supported living")]);
    expect(getProviderApplication(db, riverbank, more).lots.filter((l) => l.chosen).map((l) => l.name)).toEqual(["Supported living"]);
    acceptDeclarations(db, riverbank, more);
    submitApplication(db, riverbank, more);
    startReview(db, commissioner, more);
    expect(getApplicationForReview(db, commissioner, more)).toMatchObject({ evaluable: false, extends: { id: standingId } });
    expect(applicationQueue(db, commissioner, { status: "under_review", page: 1 }).rows.map((r) => [r.organisation, r.moreLots])).toEqual(
      expect.arrayContaining([["Riverbank Community Care", true], ["Northfield Day Opportunities", false]]),
    );
    admitApplication(db, commissioner, more, [lot("Supported living")]);

    expect(getProviderApplication(db, riverbank, more).application.status).toBe("lots_added");
    const standing = getApplicationForReview(db, commissioner, standingId);
    expect(standing.application.status).toBe("admitted");
    expect(standing.lots.filter((l) => l.outcome === "admitted").map((l) => l.name)).toEqual(["Care at home", "Community and day support", "Short breaks", "Supported living"]);
    expect(standing.history.map((h) => h.action)).toContain("application.lots_added");
    expect(publicFramework(db, framework.id).lots.find((l) => l.name === "Supported living")!.providers.map((p) => p.name)).toContain("Riverbank Community Care");
    expect(providerStandings(db, riverbank)[0]).toMatchObject({ next: { kind: "more_lots" }, lotsLeft: ["Mental health and wellbeing"] });

    // Suspending the standing application suspends the lots added to it.
    changeStanding(db, commissioner, standingId, "suspend", "Inspection found serious concerns");
    expect(publicFramework(db, framework.id).lots.find((l) => l.name === "Supported living")!.providers.map((p) => p.name)).not.toContain("Riverbank Community Care");
    expect(() => startApplication(db, riverbank, framework.id)).toThrow("suspended");
  });

  it("refuses more lots when the framework does not re-open", async () => {
    const db = await createSeededDb();
    const commissioner = actorFor(db, COMMISSIONER);
    const framework = demoFramework(db);
    const { id: _id, councilId: _council, createdAt: _created, lots: _lots, criteria: _criteria, ...fields } = framework;
    updateFramework(db, commissioner, framework.id, { ...fields, rolling: false });
    expect(() => startApplication(db, actorFor(db, "admin@riverbank-care.example"), framework.id)).toThrow("This framework does not re-open, so you cannot apply for more lots.");
  });
});

describe("evidence uploads", () => {
  it("checks the type by content, the size, and refuses expiry dates in the past", async () => {
    const db = await createSeededDb();
    const provider = actorFor(db, HORIZONS);
    const framework = demoFramework(db);
    const id = startApplication(db, provider, framework.id);
    const insurance = framework.criteria.find((c) => c.title === "Public liability insurance")!;
    const save = (upload: Parameters<typeof saveAnswer>[4]["upload"], expiresOn: string) => () => saveAnswer(db, provider, id, insurance.id, { answer: "", upload, expiresOn });
    expect(save({ fileName: "virus.pdf", bytes: new TextEncoder().encode("MZ not a pdf") }, addDays(todayIso(), 10))).toThrow("The file must be a PDF, PNG, JPEG or DOCX");
    expect(save({ fileName: "big.pdf", tooLarge: true }, addDays(todayIso(), 10))).toThrow("The file must be smaller than 10 MB");
    expect(save({ fileName: "ok.pdf", bytes: PDF }, addDays(todayIso(), -1))).toThrow("The expiry date must be in the future");
    expect(save(null, addDays(todayIso(), 10))).toThrow("Select a file to upload");
    save({ fileName: "certificate.png", bytes: PNG }, addDays(todayIso(), 10))();
    const saved = getProviderApplication(db, provider, id).criteria.find((c) => c.id === insurance.id)!;
    expect(saved.document).toMatchObject({ fileName: "certificate.png" });
    expect(saved.answer?.expiresOn).toBe(addDays(todayIso(), 10));
  });

  it("recognises PDF, PNG, JPEG and DOCX by their first bytes", () => {
    expect(sniffContentType(PDF)).toBe("application/pdf");
    expect(sniffContentType(PNG)).toBe("image/png");
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(zipFile(DOCX_ENTRIES))).toMatch(/wordprocessingml/);
    expect(sniffContentType(zipFile([{ name: "photo.jpg", data: "an ordinary zip" }]))).toBeNull();
    expect(sniffContentType(new TextEncoder().encode("PK\u0003\u0004....[Content_Types].xml....word/document.xml"))).toBeNull();
    expect(sniffContentType(new TextEncoder().encode("<html>"))).toBeNull();
    expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
  });

  it("refuses a DOCX that would unpack to far more than it weighs (a zip bomb), without unpacking it", () => {
    const bomb = zipFile([...DOCX_ENTRIES, { name: "word/media/zeros.bin", data: new Uint8Array(150 * 1024 * 1024), deflate: true }]);
    expect(bomb.byteLength).toBeLessThan(MAX_UPLOAD_BYTES);
    expect(sniffContentType(bomb)).toBeNull();
    const dense = zipFile([...DOCX_ENTRIES, { name: "word/media/zeros.bin", data: new Uint8Array(5 * 1024 * 1024), deflate: true }]);
    expect(sniffContentType(dense)).toBeNull();
  });

  // A name sent with a folder path or control characters is refused as the form is read (see app/routes/hostile-input.test.ts).
  it("lists an upload under its name without control characters", () => {
    expect(uploadedFileName("bad\u0000name.pdf ")).toBe("badname.pdf");
    expect(uploadedFileName("")).toBe("document");
  });
});

describe("compliance and reminders", () => {
  it("shows evidence expiring within 60 days per provider, the soonest first", async () => {
    const db = await createSeededDb();
    const view = complianceView(db, actorFor(db, COMMISSIONER));
    expect(view.map((p) => [p.organisation, p.actionNeeded, p.items.map((i) => [i.criterion, i.daysLeft])])).toEqual([
      ["Riverbank Community Care", false, [["Public liability insurance", 21]]],
      ["Kirkmuir Wellbeing Trust", false, [["Employer's liability insurance", 45]]],
    ]);
    expect(complianceView(db, actorFor(db, "commissioner@eastmuir.example"))).toEqual([]);
  });

  it("reminds 30 and 7 days before expiry and on the day, once each, then marks the provider action needed", async () => {
    const db = await createSeededDb();
    const today = todayIso();
    const riverbank = actorFor(db, "admin@riverbank-care.example");
    const council = actorFor(db, COMMISSIONER).councilId!;
    const since = db.select({ id: outbox.id }).from(outbox).orderBy(desc(outbox.id)).get()?.id ?? 0;
    expect(runEvidenceReminders(db, today)).toBe(1);
    expect(runEvidenceReminders(db, today)).toBe(0);
    expect(runEvidenceReminders(db, addDays(today, 14))).toBe(1);
    expect(runEvidenceReminders(db, addDays(today, 14))).toBe(0);
    expect(providerComplianceBlock(db, riverbank.organisationId!, council, addDays(today, 20))).toBeNull();
    // Riverbank's certificate expires; Kirkmuir's comes within 30 days.
    expect(runEvidenceReminders(db, addDays(today, 21))).toBe(2);
    expect(db.select().from(evidenceReminders).all().map((r) => r.stage).sort()).toEqual(["30_days", "30_days", "7_days", "expired"]);
    const messages = db.select().from(outbox).where(and(eq(outbox.toAddress, riverbank.email), gt(outbox.id, since))).all().map((m) => m.subject);
    expect(messages).toEqual([
      expect.stringMatching(/Public liability insurance.*in 21 days/),
      expect.stringMatching(/Public liability insurance.*in 7 days/),
      expect.stringMatching(/Public liability insurance.*expires today/),
    ]);
    // On its expiry date the certificate still counts; it has expired the day after.
    expect(providerComplianceBlock(db, riverbank.organisationId!, council, addDays(today, 21))).toBeNull();
    expect(complianceView(db, actorFor(db, COMMISSIONER), addDays(today, 21))[0]).toMatchObject({ organisation: "Riverbank Community Care", actionNeeded: false, items: [{ daysLeft: 0, expired: false }] });
    expect(providerComplianceBlock(db, riverbank.organisationId!, council, addDays(today, 22))).toMatch(/^Action needed: Public liability insurance expired on/);
    const view = complianceView(db, actorFor(db, COMMISSIONER), addDays(today, 22));
    expect(view[0]).toMatchObject({ organisation: "Riverbank Community Care", actionNeeded: true, items: [{ daysLeft: -1, expired: true }] });

    const application = applicationOf(db, "Riverbank Community Care");
    const insurance = getProviderApplication(db, riverbank, application).criteria.find((c) => c.title === "Public liability insurance")!;
    saveAnswer(db, riverbank, application, insurance.id, { answer: "", upload: { fileName: "renewed.pdf", bytes: PDF }, expiresOn: addDays(today, 400) }, addDays(today, 22));
    expect(providerComplianceBlock(db, riverbank.organisationId!, council, addDays(today, 22))).toBeNull();
    expect(db.select().from(notifications).where(like(notifications.message, "Riverbank Community Care has renewed%")).all()).toHaveLength(1);
  });

  it("lets an admitted provider update any answer or evidence, audited, with the council told", async () => {
    const db = await createSeededDb();
    const riverbank = actorFor(db, "admin@riverbank-care.example");
    const application = applicationOf(db, "Riverbank Community Care");
    const criteria = getProviderApplication(db, riverbank, application).criteria;
    const [grades, policy] = [criteria.find((c) => c.title === "Care Inspectorate registration and grades")!, criteria.find((c) => c.title === "Safer recruitment and PVG policy")!];
    saveAnswer(db, riverbank, application, grades.id, { answer: "Latest grades: 6 (excellent) for care and support", upload: null, expiresOn: "" });
    expect(() => saveAnswer(db, riverbank, application, policy.id, { answer: "", upload: null, expiresOn: "" })).toThrow("Select a file to upload");
    saveAnswer(db, riverbank, application, policy.id, { answer: "", upload: { fileName: "policy-2027.pdf", bytes: PDF }, expiresOn: "" });

    const updated = getProviderApplication(db, riverbank, application).criteria;
    expect(updated.find((c) => c.id === grades.id)!.answer?.answer).toBe("Latest grades: 6 (excellent) for care and support");
    expect(updated.find((c) => c.id === policy.id)!.document?.fileName).toBe("policy-2027.pdf");
    expect(db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, application), eq(auditEvents.action, "application.evidence_updated"))).all().map((e) => e.detail)).toEqual([
      "Care Inspectorate registration and grades",
      "Safer recruitment and PVG policy",
    ]);
    const commissioner = actorFor(db, COMMISSIONER);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, commissioner.id), like(notifications.message, "Riverbank Community Care has updated their evidence%"))).all()).toHaveLength(2);

    // Not once the provider has exited.
    changeStanding(db, commissioner, application, "exit", "The provider asked to leave");
    expect(() => saveAnswer(db, riverbank, application, grades.id, { answer: "Again", upload: null, expiresOn: "" })).toThrow(Conflict);
  });

  it("blocks providers not admitted to the council's framework", async () => {
    const db = await createSeededDb();
    const council = actorFor(db, COMMISSIONER).councilId!;
    expect(providerComplianceBlock(db, actorFor(db, HORIZONS).organisationId!, council)).toMatch(/not admitted/);
    expect(providerComplianceBlock(db, actorFor(db, "admin@northfield-day.example").organisationId!, council)).toMatch(/not admitted/);
    expect(providerComplianceBlock(db, actorFor(db, "admin@glenburn-support.example").organisationId!, council)).toBeNull();
  });

  it("lists the providers a page at a time, those needing action first", async () => {
    const db = await createSeededDb();
    const framework = demoFramework(db);
    const insurance = framework.criteria.find((c) => c.title === "Public liability insurance")!;
    for (let n = 1; n <= COMPLIANCE_PAGE_SIZE + 1; n++) {
      const organisation = db.insert(organisations).values({ name: `Provider ${String(n).padStart(2, "0")}` }).returning().get();
      const application = db
        .insert(providerApplications)
        .values({ frameworkId: framework.id, councilId: framework.councilId, organisationId: organisation.id, reference: `APP-PAGE${n}`, status: "admitted" })
        .returning()
        .get();
      const expiresOn = addDays(todayIso(), n === COMPLIANCE_PAGE_SIZE + 1 ? -3 : 40);
      const document = db
        .insert(evidenceDocuments)
        .values({ organisationId: organisation.id, applicationId: application.id, criterionId: insurance.id, fileName: "insurance.pdf", contentType: "application/pdf", sizeBytes: 10, expiresOn })
        .returning()
        .get();
      db.insert(applicationAnswers).values({ applicationId: application.id, criterionId: insurance.id, documentId: document.id, expiresOn }).run();
    }
    const commissioner = actorFor(db, COMMISSIONER);
    const first = compliancePage(db, commissioner, 1);
    expect(first).toMatchObject({ total: COMPLIANCE_PAGE_SIZE + 3, actionNeeded: 1, page: 1, pageCount: 2 });
    expect(first.providers).toHaveLength(COMPLIANCE_PAGE_SIZE);
    expect(first.providers[0]).toMatchObject({ organisation: `Provider ${COMPLIANCE_PAGE_SIZE + 1}`, actionNeeded: true });
    const second = compliancePage(db, commissioner, 2);
    expect(second.providers).toHaveLength(3);
    expect(compliancePage(db, commissioner, 7).page).toBe(2);
  });

  it("shows a provider its own evidence to renew, and whether it needs to act now", async () => {
    const db = await createSeededDb();
    const riverbank = actorFor(db, "admin@riverbank-care.example");
    expect(providerEvidenceDue(db, riverbank)).toEqual({
      actionNeeded: false,
      items: [expect.objectContaining({ criterion: "Public liability insurance", daysLeft: 21, expired: false, mandatory: true })],
    });
    expect(providerEvidenceDue(db, riverbank, addDays(todayIso(), 22))).toMatchObject({ actionNeeded: true, items: [{ criterion: "Public liability insurance", expired: true }] });
    expect(providerEvidenceDue(db, actorFor(db, HORIZONS))).toEqual({ actionNeeded: false, items: [] });
    expect(() => providerEvidenceDue(db, actorFor(db, COMMISSIONER))).toThrow();
  });

  it("names the reminder due for the days left", () => {
    expect([45, 31, 30, 8, 7, 1, 0, -3].map(reminderStage)).toEqual([null, null, "30_days", "30_days", "7_days", "7_days", "expired", "expired"]);
  });
});

describe("provider organisations", () => {
  it("registers an organisation with its administrator, who gets a link to choose a password", async () => {
    const db = await createSeededDb();
    registerProvider(db, { organisationName: "Loch Side Care", type: "charity", name: "Isla Grant", email: "isla@lochside.example" });
    const user = db.select().from(users).where(eq(users.email, "isla@lochside.example")).get();
    expect(user).toMatchObject({ role: "provider_admin", passwordHash: null });
    expect(db.select().from(outbox).where(eq(outbox.toAddress, "isla@lochside.example")).get()?.textBody).toMatch(/\/reset-password\/[a-z0-9]+/);
  });

  it("registers nothing for an address that already has an account, and emails that address a note instead of saying so", async () => {
    const db = await createSeededDb();
    const organisationsBefore = db.select().from(organisations).all().length;
    registerProvider(db, { organisationName: "Another Care Company", type: "company", name: "Someone Else", email: "admin@riverbank-care.example" });
    expect(db.select().from(organisations).all()).toHaveLength(organisationsBefore);
    expect(db.select().from(users).where(eq(users.email, "admin@riverbank-care.example")).get()).toMatchObject({ name: "Ewan MacLeod", role: "provider_admin" });
    const note = db.select().from(outbox).where(eq(outbox.toAddress, "admin@riverbank-care.example")).orderBy(desc(outbox.id)).get();
    expect(note?.subject).toBe("You already have an account with Choice and Control");
    expect(note?.textBody).toMatch(/Another Care Company/);
    expect(note?.textBody).toMatch(/\/forgot-password/);
    expect(note?.textBody).not.toMatch(/reset-password\/[a-z0-9]+/);
  });

  it("lets administrators, not staff, invite colleagues and change the organisation's details", async () => {
    const db = await createSeededDb();
    const admin = actorFor(db, "admin@riverbank-care.example");
    inviteColleague(db, admin, { name: "Sam Reid", email: "sam@riverbank-care.example", role: "provider_staff" });
    const staff = db.select().from(users).where(eq(users.email, "sam@riverbank-care.example")).get();
    expect(staff).toMatchObject({ role: "provider_staff", organisationId: admin.organisationId });
    expect(db.select().from(outbox).where(eq(outbox.toAddress, "sam@riverbank-care.example")).get()?.textBody).toMatch(/Ewan MacLeod has invited you/);
    const staffActor = makeUser(db, "provider_staff", { organisationId: admin.organisationId });
    expect(() => inviteColleague(db, staffActor, { name: "X", email: "x@riverbank-care.example", role: "provider_admin" })).toThrow(Forbidden);
    expect(() => updateOrganisation(db, staffActor, ORGANISATION_DETAILS)).toThrow(Forbidden);
  });
});

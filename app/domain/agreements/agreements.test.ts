import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import {
  agreementDecisions,
  agreements,
  agreementSignatures,
  agreementVersions,
  auditEvents,
  budgetVersions,
  frameworkLots,
  isfAccounts,
  ledgerEntries,
  notifications,
  offers,
  organisations,
  outboxAttachments,
  people,
  providerApplications,
  representatives,
} from "@db/schema";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { addLines, approveInvoice, createInvoice, submitInvoice } from "~/domain/invoices/invoices.server";
import { recordEntry } from "~/domain/ledger/entries.server";
import { accountsOfPerson } from "~/domain/ledger/funds.server";
import { closePerson, recordBudget, requirePersonAccess } from "~/domain/people/people.server";
import { addDays, todayIso } from "~/lib/dates";
import { readableOutbox } from "~/lib/email.server";
import { Conflict, Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import {
  agreedRates,
  agreementDetail,
  agreementDocument,
  agreementInForce,
  agreementsForPerson,
  checkAnswers,
  costChoices,
  draftForEditing,
  approvalReview,
  approveVersion,
  decideSafeguardingEnd,
  declineVersion,
  earliestEnd,
  endDueAgreements,
  findAgreement,
  giveNotice,
  issueForSignature,
  listAgreements,
  noticeView,
  returnVersion,
  signingView,
  signVersion,
  startAgreement,
  startVariation,
  updateDraft,
  versionsOf,
  workingVersion,
  type AgreementVersion,
  type DraftInput,
} from "./agreements.server";
import { agreementPdf } from "./pdf.server";
import { currentTemplate, saveTemplate } from "./templates.server";
import { pdfText } from "../../../test/pdf";

const META = { ipAddress: "203.0.113.7", userAgent: "Test browser" };
let db: Db;

beforeEach(async () => {
  db = await createSeededDb();
  // Room for the agreements these tests make: £73,000 a year is £200 a day, £17,400 for 4 January to 31 March 2027.
  const morag = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
  const budget = { amountPence: 7_300_000, period: "year", startsOn: "2026-04-01", endsOn: "2027-03-31", basis: "agreed_package", basisDetail: "", contributionPence: 0 } as const;
  recordBudget(db, actorFor(db, "practitioner@clydevale.example"), morag.id, { ...budget, option1Pence: 0, option2Pence: 7_300_000, option3Pence: 0, reason: "Review" });
});

const person = (reference: string) => db.select().from(people).where(eq(people.reference, reference)).get()!;
const organisation = (name: string) => db.select().from(organisations).where(eq(organisations.name, name)).get()!;
const lot = (name: string) => db.select().from(frameworkLots).where(eq(frameworkLots.name, name)).get()!;
const as = (email: string) => actorFor(db, email);
const agreementOf = (reference: string) => db.select().from(agreements).where(eq(agreements.personId, person(reference).id)).get()!;

const MORAG = "morag@people.example";
const RIVERBANK = "admin@riverbank-care.example";
const PRACTITIONER = "practitioner@clydevale.example";
const COMMISSIONER = "commissioner@clydevale.example";

/** Morag chooses Riverbank for community support; the provider drafts a plan of £6,000 within an ISF of £8,000. */
function moragWithRiverbank() {
  const agreement = startAgreement(db, as(MORAG), { personId: person("CV-100234").id, providerOrganisationId: organisation("Riverbank Community Care").id, lotId: lot("Community and day support").id });
  const version = workingVersion(db, agreement.id)!;
  const draft: DraftInput = {
    startOn: "2027-01-04",
    endOn: "2027-03-31",
    reviewOn: "2027-03-01",
    isfPence: 800_000,
    cadence: "four_weekly_arrears",
    feeKind: "percent",
    feeBasisPoints: 500,
    feePence: 0,
    contingencyPence: 10_000,
    otherProvidersAllowed: false,
    plan: version.plan.map((line, index) => ({ ...line, support: `Support ${index + 1}`, quantity: "2 hours a week", costOption: "Weekday daytime", ratePence: 2150, amountPence: index === 0 ? 600_000 : 0 })),
  };
  updateDraft(db, as(RIVERBANK), agreement.id, draft);
  return { agreement, draft };
}

function signAll(agreementId: string, fingerprint: string, signers = [MORAG, RIVERBANK, PRACTITIONER]) {
  for (const email of signers) signVersion(db, as(email), agreementId, { fingerprint, name: as(email).name }, META);
}

describe("the agreement lifecycle", () => {
  it("goes from choice to draft, issue, three signatures in any order, approval and an open fund", async () => {
    const { agreement } = moragWithRiverbank();
    expect(agreement.offerId).toBeNull();
    expect(agreement.status).toBe("draft");
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    expect(findAgreement(db, as(MORAG), agreement.id).status).toBe("issued");
    expect(() => updateDraft(db, as(RIVERBANK), agreement.id, { ...moragDraft(), isfPence: 700_000 })).toThrow(Conflict);

    signAll(agreement.id, fingerprint, [PRACTITIONER, RIVERBANK, MORAG]);
    expect(findAgreement(db, as(MORAG), agreement.id).status).toBe("awaiting_approval");
    const signatures = db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, agreement.id)).all();
    expect(signatures.map((s) => s.party).sort()).toEqual(["council", "person", "provider"]);
    expect(signatures.every((s) => s.fingerprint === fingerprint && s.ipAddress === META.ipAddress && s.userAgent === META.userAgent)).toBe(true);
    expect(signatures.find((s) => s.party === "person")?.authority).toBe("Morag Sinclair, signing for themselves");

    const review = approvalReview(db, as(COMMISSIONER), agreement.id);
    expect(review.compliance).toBeNull();
    expect(review.rates[0]?.flag).toBeNull();
    await approveVersion(db, as(COMMISSIONER), agreement.id, { fingerprint }, META);
    expect(findAgreement(db, as(MORAG), agreement.id).status).toBe("active");
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!;
    expect(account).toMatchObject({ openingAmount: 800_000, contingencyAllowed: 10_000, periodStart: "2027-01-04", periodEnd: "2027-03-31" });

    const actions = db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, agreement.id)).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["agreement.started", "agreement.draft_saved", "agreement.issued", "agreement.signed", "agreement.awaiting_approval", "agreement.approved"]));
    const moragNotes = db.select().from(notifications).where(eq(notifications.userId, as(MORAG).id)).all().map((n) => n.message);
    expect(moragNotes).toContain(`Agreement ${agreement.reference} version 1 is approved`);
    const approvalEmail = (email: string) =>
      readableOutbox(db, { to: email, production: false, demo: true })!.find((m) => m.subject === `Agreement ${agreement.reference} version 1 is approved`)!;
    expect(approvalEmail(MORAG).attachments.map((a) => a.filename)).toEqual([`${agreement.reference}-v1-signed.pdf`, `${agreement.reference}-v1-easy-read.pdf`]);
    expect(approvalEmail(RIVERBANK).attachments.map((a) => a.filename)).toEqual([`${agreement.reference}-v1-signed.pdf`]);
    expect(approvalEmail(COMMISSIONER).textBody).toContain("The signed agreement, with its signature page, is attached.");
    const attached = db.select().from(outboxAttachments).where(eq(outboxAttachments.outboxId, approvalEmail(RIVERBANK).id)).get()!;
    const downloaded = agreementDocument(db, as(RIVERBANK), agreement.id);
    expect(Buffer.compare(attached.content, await agreementPdf(downloaded.content, downloaded.fingerprint, downloaded))).toBe(0);
    expect(pdfText(attached.content)).toContain(`Approved for the council by: ${as(COMMISSIONER).name}`);

    const inForce = agreementInForce(db, { personId: person("CV-100234").id, providerOrganisationId: organisation("Riverbank Community Care").id, on: "2027-02-01" });
    expect(inForce?.accountId).toBe(account.id);
    expect(agreedRates(db, agreement.id)?.lines).toEqual([expect.objectContaining({ ratePence: 2150, amountPence: 600_000 })]);
  });

  it("refuses a plan that costs more than the ISF amount, saying by how much", () => {
    const { agreement, draft } = moragWithRiverbank();
    const over = { ...draft, plan: draft.plan.map((line, i) => ({ ...line, amountPence: i === 0 ? 780_000 : 0 })) };
    // £7,800 of plan plus the 5% fee of £400 from the fund is £8,200: £200 over.
    expect(() => updateDraft(db, as(RIVERBANK), agreement.id, over)).toThrow("which is £200.00 more than the ISF amount of £8,000.00");
  });

  it("checks and words a draft with the council's fee setting of today, if it changes while the draft is open", () => {
    const { agreement, draft } = moragWithRiverbank();
    const template = currentTemplate(db, agreement.councilId);
    const onTop = template.terms.feeFunding === "on_top" ? template : saveTemplate(db, as(COMMISSIONER), agreement.councilId, { ...template, terms: { ...template.terms, feeFunding: "on_top" }, changeNote: "Fees on top" });
    // £7,800 of plan with a 5% fee of £390 paid on top: within the £8,000 fund.
    const full = { ...draft, plan: draft.plan.map((line, i) => ({ ...line, amountPence: i === 0 ? 780_000 : 0 })) };
    updateDraft(db, as(RIVERBANK), agreement.id, full);
    saveTemplate(db, as(COMMISSIONER), agreement.councilId, { ...onTop, terms: { ...onTop.terms, feeFunding: "from_fund" }, changeNote: "Fees from the fund" });
    expect(draftForEditing(db, as(RIVERBANK), agreement.id).version.feeFunding).toBe("from_fund");
    expect(() => issueForSignature(db, as(RIVERBANK), agreement.id)).toThrow("which is £200.00 more than the ISF amount of £8,000.00");
    expect(workingVersion(db, agreement.id)?.status).toBe("draft");
  });

  it("refuses an ISF amount beyond the Option 2 budget with the person's other agreements, saying by how much", () => {
    const { agreement, draft } = moragWithRiverbank();
    // £17,400 of Morag's budget for these dates; her Glenburn agreement (issued) takes £2,800 of it.
    updateDraft(db, as(RIVERBANK), agreement.id, { ...draft, isfPence: 1_500_000 });
    expect(() => issueForSignature(db, as(RIVERBANK), agreement.id)).toThrow(
      "The ISF amount with another agreement comes to £17,800.00 from 4 January 2027 to 31 March 2027, which is £400.00 more than Morag Sinclair's Option 2 budget allows for those dates: £17,400.00 (£73,000.00 a year from 1 April 2026 to 31 March 2027).",
    );
  });

  it("pro-rates a yearly budget to the agreement's days, so part of a year cannot take a whole year's amount", () => {
    const { agreement, draft } = moragWithRiverbank();
    expect(draftForEditing(db, as(MORAG), agreement.id).available).toMatchObject({ limit: 1_740_000, available: 1_460_000 });
    updateDraft(db, as(RIVERBANK), agreement.id, { ...draft, isfPence: 7_300_000 - 280_000 });
    expect(() => issueForSignature(db, as(RIVERBANK), agreement.id)).toThrow("comes to £73,000.00 from 4 January 2027 to 31 March 2027, which is £55,600.00 more than");
  });

  it("refuses dates outside the person's budget, naming the budget's dates", () => {
    const { agreement, draft } = moragWithRiverbank();
    const budget = "Morag Sinclair's Option 2 budget is £73,000.00 a year from 1 April 2026 to 31 March 2027.";
    expect(ruleBrokenBy(() => updateDraft(db, as(RIVERBANK), agreement.id, { ...draft, endOn: "2027-04-30" })).fieldErrors.endOn).toBe(`The end date must be on or before 31 March 2027: ${budget}`);
    expect(ruleBrokenBy(() => updateDraft(db, as(RIVERBANK), agreement.id, { ...draft, startOn: "2026-03-02" })).fieldErrors.startOn).toBe(`The start date must be on or after 1 April 2026: ${budget}`);
  });

  it("refuses a signature on an out-of-date version, or with someone else's name", () => {
    const { agreement } = moragWithRiverbank();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    expect(() => signVersion(db, as(MORAG), agreement.id, { fingerprint: "0".repeat(64), name: "Morag Sinclair" }, META)).toThrow("changed since you opened it");
    expect(() => signVersion(db, as(MORAG), agreement.id, { fingerprint, name: "Someone Else" }, META)).toThrow(RuleBroken);
    signVersion(db, as(MORAG), agreement.id, { fingerprint, name: " morag  sinclair " }, META);
    expect(() => signVersion(db, as(MORAG), agreement.id, { fingerprint, name: "Morag Sinclair" }, META)).toThrow(Conflict);
    // A decline re-opens the draft as version 2; version 1's fingerprint can no longer be signed.
    declineVersion(db, as(RIVERBANK), agreement.id, { fingerprint, reason: "The hours need to change" }, META);
    expect(() => signVersion(db, as(PRACTITIONER), agreement.id, { fingerprint, name: as(PRACTITIONER).name }, META)).toThrow(Conflict);
  });

  it("returns a declined version to draft as a new version, keeping the signed one and its reasons", () => {
    const { agreement } = moragWithRiverbank();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    signVersion(db, as(MORAG), agreement.id, { fingerprint, name: "Morag Sinclair" }, META);
    declineVersion(db, as(RIVERBANK), agreement.id, { fingerprint, reason: "We cannot staff Wednesdays" }, META);
    const versions = versionsOf(db, agreement.id);
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [2, "draft"],
      [1, "withdrawn"],
    ]);
    expect(versions[0]!.plan).toEqual(versions[1]!.plan);
    expect(findAgreement(db, as(MORAG), agreement.id).status).toBe("draft");
    const detail = agreementDetail(db, as(MORAG), agreement.id);
    expect(detail.decisions[0]).toMatchObject({ kind: "declined", party: "provider", reason: "We cannot staff Wednesdays" });
    expect(db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, agreement.id)).all()).toHaveLength(1);
  });

  it("lets commissioning return a signed version with reasons", () => {
    const { agreement } = moragWithRiverbank();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    signAll(agreement.id, fingerprint);
    expect(() => returnVersion(db, as(PRACTITIONER), agreement.id, { fingerprint, reason: "No" }, META)).toThrow(Forbidden);
    returnVersion(db, as(COMMISSIONER), agreement.id, { fingerprint, reason: "The rate for weekends is missing" }, META);
    expect(findAgreement(db, as(MORAG), agreement.id).status).toBe("draft");
    expect(db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()).toBeUndefined();
  });

  it("cannot issue or approve with a provider whose mandatory evidence has expired, and says why", async () => {
    const { agreement } = moragWithRiverbank();
    const later = addDays(todayIso(), 30);
    expect(() => issueForSignature(db, as(RIVERBANK), agreement.id, new Date(`${later}T12:00:00Z`))).toThrow(/Public liability insurance expired on/);
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    signAll(agreement.id, fingerprint);
    await expect(approveVersion(db, as(COMMISSIONER), agreement.id, { fingerprint }, META, new Date(`${later}T12:00:00Z`))).rejects.toThrow(/cannot be approved while the provider is blocked/);
  });

  it("cannot start with a suspended provider, or for a person without an Option 2 budget", () => {
    const riverbank = organisation("Riverbank Community Care");
    db.update(providerApplications).set({ status: "suspended" }).where(eq(providerApplications.organisationId, riverbank.id)).run();
    expect(() =>
      startAgreement(db, as(MORAG), { personId: person("CV-100234").id, providerOrganisationId: riverbank.id, lotId: lot("Care at home").id }),
    ).toThrow(/not admitted to that part/);
    const glenburn = organisation("Glenburn Home Support");
    expect(() =>
      startAgreement(db, as(MORAG), { personId: person("CV-100234").id, providerOrganisationId: glenburn.id, lotId: lot("Short breaks").id }),
    ).toThrow(/not admitted to that part/);
    db.update(budgetVersions).set({ option2Pence: 0, option3Pence: 1_456_000 }).where(eq(budgetVersions.personId, person("CV-100234").id)).run();
    expect(() =>
      startAgreement(db, as(MORAG), { personId: person("CV-100234").id, providerOrganisationId: glenburn.id, lotId: lot("Care at home").id }),
    ).toThrow("Morag Sinclair has no Option 2 budget");
  });
});

describe("representatives", () => {
  it("start an agreement only with authority to choose and sign, within its dates", () => {
    const morag = person("CV-100234");
    const aileen = as("aileen@people.example");
    const choice = { personId: morag.id, providerOrganisationId: organisation("Riverbank Community Care").id, lotId: lot("Community and day support").id };
    const rep = db.insert(representatives).values({ personId: morag.id, name: "Aileen Baird", kind: "family", basis: "Chosen by Morag", authority: "view", startsOn: "2020-01-01", userId: aileen.id }).returning().get();
    expect(() => startAgreement(db, aileen, choice)).toThrow("Only the person, a representative with authority to choose and sign, or their practitioner can choose a provider");
    db.update(representatives).set({ authority: "choose", startsOn: addDays(todayIso(), 1) }).where(eq(representatives.id, rep.id)).run();
    expect(() => startAgreement(db, aileen, choice)).toThrow(NotFound);
    db.update(representatives).set({ startsOn: "2020-01-01" }).where(eq(representatives.id, rep.id)).run();
    expect(startAgreement(db, aileen, choice).status).toBe("draft");
  });

  it("sign only with authority to choose and sign, within its dates; the agreement lists who may sign and the signature page who did", async () => {
    const callum = agreementOf("CV-101456");
    const aileen = as("aileen@people.example");
    const rep = db.select().from(representatives).where(eq(representatives.userId, aileen.id)).get()!;
    const signature = db.select().from(agreementSignatures).where(and(eq(agreementSignatures.agreementId, callum.id), eq(agreementSignatures.party, "person"))).get()!;
    expect(signature.name).toBe("Aileen Baird");
    expect(signature.authority).toContain("Welfare power of attorney");

    // Aileen acts for Morag with authority to choose and sign when the agreement is issued.
    const { agreement } = moragWithRiverbank();
    db.update(people).set({ userId: null }).where(eq(people.id, agreement.personId)).run();
    db.update(representatives).set({ personId: agreement.personId }).where(eq(representatives.id, rep.id)).run();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    const issued = workingVersion(db, agreement.id)!.content!;
    expect(issued.personSignatories).toEqual([
      { name: "Morag Sinclair", authority: "The supported person, signing for themselves" },
      { name: "Aileen Baird", authority: expect.stringMatching(/^Welfare power of attorney.*; authority to choose and sign for Morag Sinclair from 1 June 2023$/), representativeId: rep.id },
    ]);
    const listed = pdfText(await agreementPdf(issued, fingerprint));
    expect(listed).toContain("Who may sign for the person Morag Sinclair: The supported person, signing for themselves Aileen Baird: Welfare power of attorney");

    db.update(representatives).set({ authority: "view" }).where(eq(representatives.id, rep.id)).run();
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META)).toThrow(Forbidden);
    db.update(representatives).set({ authority: "choose", endsOn: "2026-01-31" }).where(eq(representatives.id, rep.id)).run();
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META)).toThrow(NotFound);
    db.update(representatives).set({ startsOn: addDays(todayIso(), 1), endsOn: null }).where(eq(representatives.id, rep.id)).run();
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META)).toThrow(NotFound);
    db.update(representatives).set({ startsOn: rep.startsOn }).where(eq(representatives.id, rep.id)).run();
    signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META);
    signAll(agreement.id, fingerprint, [RIVERBANK, PRACTITIONER]);
    const document = agreementDocument(db, as(RIVERBANK), agreement.id);
    const signed = pdfText(await agreementPdf(document.content, document.fingerprint, { signatures: document.signatures }));
    expect(signed).toMatch(/The supported person: Aileen Baird, Representative.* Authority: Welfare power of attorney/);
  });

  it("sign a version only if it names them: authority that begins after it was issued must wait for a version issued again", () => {
    const aileen = as("aileen@people.example");
    const rep = db.select().from(representatives).where(eq(representatives.userId, aileen.id)).get()!;
    const { agreement } = moragWithRiverbank();
    db.update(people).set({ userId: null }).where(eq(people.id, agreement.personId)).run();
    const later = new Date();
    const issuedAt = new Date(later.getTime() - 3 * 86_400_000);
    const issuedOn = todayIso(issuedAt);
    // Aileen's authority to choose and sign for Morag begins two days after the version is issued.
    db.update(representatives).set({ personId: agreement.personId, startsOn: addDays(issuedOn, 2) }).where(eq(representatives.id, rep.id)).run();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id, issuedAt);
    expect(workingVersion(db, agreement.id)!.content!.personSignatories!.map((s) => s.name)).toEqual(["Morag Sinclair"]);

    const refused = /Version 1 was issued on .* and does not name you among those who may sign for Morag Sinclair/;
    expect(signingView(db, aileen, agreement.id, todayIso(later)).mayNotSign).toMatch(refused);
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META, later)).toThrow(refused);
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META, later)).toThrow(Forbidden);
    // Nor once her authority is recorded as having begun earlier: the version, as issued, does not name her.
    db.update(representatives).set({ startsOn: "2020-01-01" }).where(eq(representatives.id, rep.id)).run();
    expect(() => signVersion(db, aileen, agreement.id, { fingerprint, name: "Aileen Baird" }, META, later)).toThrow(refused);
    expect(db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, agreement.id)).all()).toEqual([]);

    // She declines; issued again, the new version names her and she signs it.
    declineVersion(db, aileen, agreement.id, { fingerprint, reason: "Issue it again naming me" }, META, todayIso(later));
    const reissued = issueForSignature(db, as(RIVERBANK), agreement.id, later);
    expect(workingVersion(db, agreement.id)!.content!.personSignatories!.map((s) => s.name)).toEqual(["Morag Sinclair", "Aileen Baird"]);
    expect(signingView(db, aileen, agreement.id, todayIso(later)).mayNotSign).toBeNull();
    signVersion(db, aileen, agreement.id, { fingerprint: reissued.fingerprint, name: "Aileen Baird" }, META, later);
    expect(db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, agreement.id)).get()?.name).toBe("Aileen Baird");
  });
});

describe("closing the person's record", () => {
  it("withdraws drafts and agreements nobody has signed, telling the parties, and ends an open-ended budget", () => {
    const morag = person("CV-100234");
    const glenburn = agreementOf("CV-100234");
    const { agreement: riverbank } = moragWithRiverbank();
    issueForSignature(db, as(RIVERBANK), riverbank.id);
    const signed = workingVersion(db, glenburn.id)!;
    expect(() => closePerson(db, as(PRACTITIONER), morag.id, { reason: "Moved to Eastmuir" })).toThrow(/being signed or approved \(CV-ISF-\d+\)/);
    declineVersion(db, as(MORAG), glenburn.id, { fingerprint: signed.fingerprint!, reason: "Not Wednesdays" }, META);
    recordBudget(db, as(PRACTITIONER), morag.id, {
      amountPence: 7_300_000, period: "year", startsOn: "2026-04-01", endsOn: "", basis: "agreed_package", basisDetail: "", contributionPence: 0,
      option1Pence: 0, option2Pence: 7_300_000, option3Pence: 0, reason: "No end date until the next review",
    });

    closePerson(db, as(PRACTITIONER), morag.id, { reason: "Moved to Eastmuir" }, "2026-12-10");
    for (const id of [glenburn.id, riverbank.id]) {
      expect(findAgreement(db, as(COMMISSIONER), id)).toMatchObject({ status: "withdrawn", endedOn: "2026-12-10" });
      expect(workingVersion(db, id)).toBeNull();
      const withdrawn = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "agreement.withdrawn"))).get();
      expect(withdrawn?.detail).toBe("Morag Sinclair's record was closed: Moved to Eastmuir");
    }
    const told = db.select().from(notifications).where(eq(notifications.userId, as(RIVERBANK).id)).all().map((n) => n.message);
    expect(told).toContain(`Agreement ${riverbank.reference} has been withdrawn`);
    expect(agreementsForPerson(db, as(PRACTITIONER), morag.id).map((a) => a.status)).toEqual(["Withdrawn on 10 December 2026", "Withdrawn on 10 December 2026"]);
    const [ended] = db.select().from(budgetVersions).where(eq(budgetVersions.personId, morag.id)).orderBy(desc(budgetVersions.version)).all();
    expect(ended).toMatchObject({ endsOn: "2026-12-10", option2Pence: 7_300_000, reason: "Record closed: Moved to Eastmuir" });
  });

  it("refuses to issue, sign or approve an agreement of a closed record", async () => {
    const close = (reference: string) => db.update(people).set({ status: "closed" }).where(eq(people.reference, reference)).run();
    const { agreement } = moragWithRiverbank();
    const glenburn = agreementOf("CV-100234");
    const callum = agreementOf("CV-101456");
    close("CV-100234");
    close("CV-101456");
    const closed = /record is closed, so this agreement cannot be issued, signed or approved/;
    expect(() => issueForSignature(db, as(RIVERBANK), agreement.id)).toThrow(closed);
    expect(() => signVersion(db, as(MORAG), glenburn.id, { fingerprint: workingVersion(db, glenburn.id)!.fingerprint!, name: "Morag Sinclair" }, META)).toThrow(closed);
    await expect(approveVersion(db, as(COMMISSIONER), callum.id, { fingerprint: workingVersion(db, callum.id)!.fingerprint! }, META)).rejects.toThrow(closed);
  });
});

describe("who can see an agreement", () => {
  it("answers NotFound to another provider, another person and another council", () => {
    const james = agreementOf("CV-100871");
    for (const email of ["admin@glenburn-support.example", MORAG, "aileen@people.example", "commissioner@eastmuir.example", "practitioner@eastmuir.example"]) {
      expect(() => findAgreement(db, as(email), james.id), email).toThrow(NotFound);
      expect(() => agreementDetail(db, as(email), james.id), email).toThrow(NotFound);
    }
    for (const email of ["james@people.example", RIVERBANK, PRACTITIONER, COMMISSIONER, "finance@clydevale.example"]) {
      expect(findAgreement(db, as(email), james.id).id).toBe(james.id);
    }
    expect(listAgreements(db, as("commissioner@eastmuir.example"), { page: 1 }).total).toBe(0);
    expect(listAgreements(db, as(COMMISSIONER), { page: 1 }).total).toBe(3);
    expect(listAgreements(db, as(COMMISSIONER), { status: "awaiting_approval_any", page: 1 }).rows.map((r) => r.person)).toEqual(["Callum Baird"]);
    expect(listAgreements(db, as(RIVERBANK), { page: 1 }).rows.map((r) => r.person)).toEqual(["James Whyte"]);
  });

  it("lets a provider see the people it has agreements with, and no others", () => {
    expect(requirePersonAccess(db, as(RIVERBANK), person("CV-100871").id).via).toBe("provider");
    expect(() => requirePersonAccess(db, as(RIVERBANK), person("CV-101456").id)).toThrow(NotFound);
    expect(requirePersonAccess(db, as("admin@kirkmuir-wellbeing.example"), person("CV-101456").id).via).toBe("provider");
  });

  it("lets a provider see the person for 90 days after their agreement ends, for its last invoices, and not after", () => {
    const james = agreementOf("CV-100871");
    giveNotice(db, as(COMMISSIONER), james.id, { endsOn: "2026-11-22", reason: "Adult protection concern", safeguarding: true }, "2026-11-22");
    expect(requirePersonAccess(db, as(RIVERBANK), james.personId, "view", "2027-02-20").via).toBe("provider");
    expect(() => requirePersonAccess(db, as(RIVERBANK), james.personId, "view", "2027-02-21")).toThrow(NotFound);
  });

  it("lets only the parties sign and only commissioners approve", async () => {
    const callum = agreementOf("CV-101456");
    const fingerprint = workingVersion(db, callum.id)!.fingerprint!;
    await expect(approveVersion(db, as(PRACTITIONER), callum.id, { fingerprint }, META)).rejects.toThrow(Forbidden);
    await expect(approveVersion(db, as(RIVERBANK), callum.id, { fingerprint }, META)).rejects.toThrow(NotFound);
    await approveVersion(db, as(COMMISSIONER), callum.id, { fingerprint }, META);
    expect(findAgreement(db, as(COMMISSIONER), callum.id).status).toBe("active");
  });
});

describe("variations, notice and ending", () => {
  it("keeps the approved version in force while a variation is signed and approved, then posts the change to the fund", async () => {
    const james = agreementOf("CV-100871");
    const before = db.select().from(agreementVersions).where(eq(agreementVersions.agreementId, james.id)).all();
    startVariation(db, as("james@people.example"), james.id, "Fewer hours in the winter");
    expect(() => startVariation(db, as(RIVERBANK), james.id, "Again")).toThrow(Conflict);
    const draft = workingVersion(db, james.id)!;
    expect(draft.number).toBe(before.length + 1);
    updateDraft(db, as(RIVERBANK), james.id, {
      startOn: draft.startOn!, endOn: draft.endOn!, reviewOn: draft.reviewOn!, isfPence: 1_700_000, cadence: draft.cadence, feeKind: draft.feeKind,
      feeBasisPoints: draft.feeBasisPoints, feePence: draft.feePence, contingencyPence: draft.contingencyPence, otherProvidersAllowed: draft.otherProvidersAllowed, plan: draft.plan,
    });
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), james.id);
    expect(findAgreement(db, as(COMMISSIONER), james.id).status).toBe("active");
    signAll(james.id, fingerprint, ["james@people.example", RIVERBANK, PRACTITIONER]);
    await approveVersion(db, as(COMMISSIONER), james.id, { fingerprint }, META);
    const statuses = versionsOf(db, james.id).map((v) => v.status);
    expect(statuses).toEqual(["approved", "superseded"]);
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!;
    const variation = db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, account.id), eq(ledgerEntries.kind, "budget_variation"))).get();
    expect(variation?.amount).toBe(-100_000);
  });

  it("carries a varied end date and contingency to the fund, and refuses to move the start of an agreement in force", async () => {
    const james = agreementOf("CV-100871");
    const account = () => db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!;
    const entriesBefore = db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account().id)).all().length;
    // £18,000 for 11 months is more than 11 months' share of £18,000 a year: James's budget goes up first.
    const budget = db.select().from(budgetVersions).where(eq(budgetVersions.personId, james.personId)).get()!;
    recordBudget(db, as(PRACTITIONER), james.personId, {
      amountPence: 2_410_000, period: "year", startsOn: budget.startsOn, endsOn: budget.endsOn ?? "", basis: budget.basis, basisDetail: budget.basisDetail,
      contributionPence: 0, option1Pence: 0, option2Pence: 2_000_000, option3Pence: 410_000, reason: "More support at home",
    });
    startVariation(db, as("james@people.example"), james.id, "Support ends a month early; more contingency");
    const draft = workingVersion(db, james.id)!;
    const input: DraftInput = {
      startOn: draft.startOn!, endOn: "2027-02-28", reviewOn: draft.reviewOn!, isfPence: draft.isfPence, cadence: draft.cadence, feeKind: draft.feeKind,
      feeBasisPoints: draft.feeBasisPoints, feePence: draft.feePence, contingencyPence: 80_000, otherProvidersAllowed: draft.otherProvidersAllowed, plan: draft.plan,
    };
    const moved = (() => {
      try {
        updateDraft(db, as(RIVERBANK), james.id, { ...input, startOn: "2026-05-01" });
      } catch (error) {
        return error as RuleBroken;
      }
    })();
    expect(moved?.fieldErrors.startOn).toBe("The start date cannot change once the agreement is in force: it started on 1 April 2026. To start later, end this agreement and make a new one.");
    updateDraft(db, as(RIVERBANK), james.id, input);
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), james.id);
    signAll(james.id, fingerprint, ["james@people.example", RIVERBANK, PRACTITIONER]);
    await approveVersion(db, as(COMMISSIONER), james.id, { fingerprint }, META);
    expect(account()).toMatchObject({ periodStart: "2026-04-01", periodEnd: "2027-02-28", contingencyAllowed: 80_000 });
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account().id)).all()).toHaveLength(entriesBefore);
    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, account().id), eq(auditEvents.action, "isf_account.terms_varied"))).get();
    expect(audit?.detail).toBe("Version 2: period ends 2027-02-28 (was 2027-03-31), contingency £800.00 (was £500.00)");
  });

  it("respects the notice period; only commissioning ends at once for safeguarding, its fund kept open for invoices for support before the end", () => {
    const james = agreementOf("CV-100871");
    const today = "2026-11-22";
    expect(() => giveNotice(db, as("james@people.example"), james.id, { endsOn: "2026-12-01", reason: "Moving away", safeguarding: false }, today)).toThrow(
      "The notice period is 28 days: the earliest end date is 20 December 2026",
    );
    expect(giveNotice(db, as(COMMISSIONER), james.id, { endsOn: today, reason: "Adult protection concern", safeguarding: true }, today)).toBe("ended");
    expect(findAgreement(db, as(COMMISSIONER), james.id)).toMatchObject({ status: "ended", endedOn: today, safeguarding: true });
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!;
    expect(account.closedAt).toBeNull();
  });

  it("keeps the notice period and fund terms the parties signed when the council's template changes later", async () => {
    const { agreement } = moragWithRiverbank();
    const signedOn = currentTemplate(db, agreement.councilId);
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    signAll(agreement.id, fingerprint);
    saveTemplate(db, as(COMMISSIONER), agreement.councilId, {
      ...signedOn,
      terms: { ...signedOn.terms, noticeDays: 56, surplusWeeks: 8, surplusHeldWeeks: 20, contributionFirst: !signedOn.terms.contributionFirst },
      changeNote: "Longer notice, another surplus rule",
    });
    await approveVersion(db, as(COMMISSIONER), agreement.id, { fingerprint }, META, new Date("2026-12-01T12:00:00Z"));
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get()!;
    expect(account).toMatchObject({ surplusWeeksWorth: 4, surplusHeldForWeeks: 12, contributionFirst: signedOn.terms.contributionFirst });
    expect(noticeView(db, as(MORAG), agreement.id).noticeDays).toBe(28);
    expect(earliestEnd(db, findAgreement(db, as(MORAG), agreement.id), "2027-01-10")).toBe("2027-02-07");
    giveNotice(db, as(MORAG), agreement.id, { endsOn: "2027-02-07", reason: "Moving to my daughter's", safeguarding: false }, "2027-01-10");
    expect(findAgreement(db, as(MORAG), agreement.id)).toMatchObject({ status: "ending", noticeEndsOn: "2027-02-07" });
  });

  it("sends a request from the person's side or the provider to end at once for safeguarding to the commissioning team to decide", () => {
    const james = agreementOf("CV-100871");
    const today = "2026-11-22";
    const concern = { endsOn: today, reason: "James says a worker shouted at him", safeguarding: true };
    expect(giveNotice(db, as("james@people.example"), james.id, concern, today)).toBe("requested");
    expect(findAgreement(db, as(COMMISSIONER), james.id).status).toBe("active");
    expect(() => giveNotice(db, as(RIVERBANK), james.id, { ...concern, reason: "Again" }, today)).toThrow(Conflict);
    const asked = db.select().from(notifications).where(eq(notifications.userId, as(COMMISSIONER).id)).all().map((n) => n.message);
    expect(asked).toContain(`James Whyte asks for agreement ${james.reference} to end today for safeguarding`);
    expect(agreementDetail(db, as(COMMISSIONER), james.id).may.decideSafeguarding).toBe(true);
    expect(agreementDetail(db, as(RIVERBANK), james.id)).toMatchObject({ safeguardingRequest: { by: "James Whyte", reason: concern.reason }, may: { decideSafeguarding: false } });
    expect(() => decideSafeguardingEnd(db, as(RIVERBANK), james.id, { end: true, reason: "" }, today)).toThrow(Forbidden);

    expect(ruleBrokenBy(() => decideSafeguardingEnd(db, as(COMMISSIONER), james.id, { end: false, reason: "" }, today)).fieldErrors).toEqual({ decisionReason: "Enter why the agreement carries on" });
    decideSafeguardingEnd(db, as(COMMISSIONER), james.id, { end: false, reason: "The worker has been moved; the practitioner is visiting James" }, today);
    expect(findAgreement(db, as(COMMISSIONER), james.id)).toMatchObject({ status: "active", safeguardingRequestedAt: null });
    const told = db.select().from(notifications).where(eq(notifications.userId, as("james@people.example").id)).all().map((n) => n.message);
    expect(told).toContain(`The commissioning team has not ended agreement ${james.reference} for safeguarding`);

    expect(giveNotice(db, as(RIVERBANK), james.id, { ...concern, reason: "Unexplained bruising" }, today)).toBe("requested");
    decideSafeguardingEnd(db, as(COMMISSIONER), james.id, { end: true, reason: "" }, today);
    expect(findAgreement(db, as(COMMISSIONER), james.id)).toMatchObject({ status: "ended", endedOn: today, safeguarding: true, noticeReason: "Unexplained bruising", safeguardingRequestedAt: null });
    expect(db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!.closedAt).toBeNull();
    const actions = db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, james.id)).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["agreement.safeguarding_end_requested", "agreement.safeguarding_end_refused", "agreement.safeguarding_end_approved", "agreement.ended"]));
  });

  it("ends agreements at their notice date, keeping their funds open for the run-off", () => {
    const james = agreementOf("CV-100871");
    giveNotice(db, as("james@people.example"), james.id, { endsOn: "2026-12-31", reason: "Moving to another area", safeguarding: false }, "2026-11-22");
    expect(findAgreement(db, as(COMMISSIONER), james.id).status).toBe("ending");
    expect(endDueAgreements(db, "2026-12-31")).toBe(0);
    expect(endDueAgreements(db, "2027-01-01")).toBe(1);
    expect(findAgreement(db, as(COMMISSIONER), james.id)).toMatchObject({ status: "ended", endedOn: "2026-12-31" });
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!;
    expect(account.closedAt).toBeNull();
    const returned = db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, account.id), eq(ledgerEntries.kind, "return_of_unspent"))).all();
    expect(returned).toEqual([]);
  });
});

function moragDraft(): DraftInput {
  return {
    startOn: "2027-01-04", endOn: "2027-03-31", reviewOn: "2027-03-01", isfPence: 800_000, cadence: "four_weekly_arrears", feeKind: "none",
    feeBasisPoints: 0, feePence: 0, contingencyPence: 0, otherProvidersAllowed: false, plan: [],
  };
}

describe("cutting the ISF amount of an agreement whose fund has paid out", () => {
  const JAMES = "james@people.example";
  const today = "2026-11-22";
  const now = new Date(`${today}T10:00:00Z`);
  const james = () => agreementOf("CV-100871");
  /** What James's fund has paid and has committed on invoices waiting for approval, as his fund's page shows it. */
  const fund = () => accountsOfPerson(db, as(JAMES), james().personId, today)[0]!;
  const paidOrCommitted = () => fund().spent + fund().committed;
  const floor = (pence: number) => `The fund has already paid or committed ${formatPence(pence)}, so the ISF amount cannot be less than ${formatPence(pence)}.`;
  /** The variation with a new ISF amount and £1,000 of the plan kept, so the plan fits the smaller amount. */
  const cutTo = (draft: AgreementVersion, isfPence: number): DraftInput => ({
    startOn: draft.startOn!, endOn: draft.endOn!, reviewOn: draft.reviewOn!, isfPence, cadence: draft.cadence, feeKind: draft.feeKind, feeBasisPoints: draft.feeBasisPoints,
    feePence: draft.feePence, contingencyPence: draft.contingencyPence, otherProvidersAllowed: draft.otherProvidersAllowed,
    plan: draft.plan.map((line, index) => ({ ...line, amountPence: index === 0 ? 100_000 : 0 })),
  });
  const fundEntries = () => {
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james().id)).get()!;
    return db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all();
  };

  it("refuses it when the draft is saved, and again before it is issued if money has moved since", () => {
    const used = paidOrCommitted();
    expect(fund().committed).toBeGreaterThan(0);
    startVariation(db, as(JAMES), james().id, "Fewer hours over the winter", today);
    const draft = workingVersion(db, james().id)!;
    expect(draftForEditing(db, as(RIVERBANK), james().id, today).fundFloor).toBe(floor(used));

    const refused = ruleBrokenBy(() => updateDraft(db, as(RIVERBANK), james().id, cutTo(draft, used - 1), now));
    expect(refused.fieldErrors.isfPence).toBe(floor(used));
    expect(workingVersion(db, james().id)!.isfPence).toBe(1_800_000);

    updateDraft(db, as(RIVERBANK), james().id, cutTo(draft, used), now);
    expect(checkAnswers(db, as(RIVERBANK), james().id, today).problems).toEqual([]);
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james().id)).get()!;
    const travel = { kind: "adjustment", direction: "out", amount: 4_000, entryDate: today, reference: "", reason: "Bus fares to the football, agreed with James" } as const;
    recordEntry(db, as("finance@clydevale.example"), account.id, travel, today);

    expect(paidOrCommitted()).toBe(used + 4_000);
    expect(checkAnswers(db, as(RIVERBANK), james().id, today).problems).toEqual([floor(used + 4_000)]);
    expect(() => issueForSignature(db, as(RIVERBANK), james().id, now)).toThrow(floor(used + 4_000));
    expect(workingVersion(db, james().id)!.status).toBe("draft");
  });

  it("counts the person's contributions towards what the fund has paid", () => {
    const used = paidOrCommitted();
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james().id)).get()!;
    const contribution = { kind: "contribution_received", direction: "in", amount: 50_000, entryDate: today, reference: "", reason: "" } as const;
    recordEntry(db, as("finance@clydevale.example"), account.id, contribution, today);
    startVariation(db, as(JAMES), james().id, "Fewer hours over the winter", today);
    const refused = ruleBrokenBy(() => updateDraft(db, as(RIVERBANK), james().id, cutTo(workingVersion(db, james().id)!, used - 50_001), now));
    expect(refused.fieldErrors.isfPence).toBe(
      `The fund has already paid or committed ${formatPence(used)}, £500.00 of it met by the person's contributions, so the ISF amount cannot be less than ${formatPence(used - 50_000)}.`,
    );
    updateDraft(db, as(RIVERBANK), james().id, cutTo(workingVersion(db, james().id)!, used - 50_000), now);
  });

  it("refuses approval, changing nothing, when the fund has paid more since the version was issued", async () => {
    const used = paidOrCommitted();
    startVariation(db, as(JAMES), james().id, "Fewer hours over the winter", today);
    updateDraft(db, as(RIVERBANK), james().id, cutTo(workingVersion(db, james().id)!, used), now);
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), james().id, now);
    signAll(james().id, fingerprint, [JAMES, RIVERBANK, PRACTITIONER]);
    expect(approvalReview(db, as(COMMISSIONER), james().id, today).fund).toEqual({ paidOrCommitted: used, problem: null });

    // Before the commissioning team gets to it, Riverbank is paid for more support than the fund would hold after the
    // cut (what invoices had committed) with its £500 contingency.
    const hours = Math.ceil((fund().committed + 50_000) / 2150) + 1;
    const provider = as(RIVERBANK);
    const invoice = createInvoice(db, provider, { periodStart: "2026-11-09", periodEnd: "2026-11-21" }, today);
    addLines(db, provider, invoice.id, [
      { personId: james().personId, agreementId: james().id, startOn: "2026-11-09", endOn: "2026-11-21", description: "Support at the garden centre", unitKind: "hours", units: hours, ratePence: 2150, outcomeId: null },
    ]);
    submitInvoice(db, provider, invoice.id, today);
    approveInvoice(db, as("finance@clydevale.example"), invoice.id, today);
    const grown = paidOrCommitted() - used;
    expect(grown).toBeGreaterThan(fund().committed + 50_000);

    const problem = `${floor(used + grown)} Return this version with your reasons, so the parties can change the ISF amount and sign it again.`;
    expect(approvalReview(db, as(COMMISSIONER), james().id, today).fund?.problem).toBe(problem);
    const entriesBefore = fundEntries();
    await expect(approveVersion(db, as(COMMISSIONER), james().id, { fingerprint }, META, now)).rejects.toThrow(problem);
    expect(versionsOf(db, james().id).map((v) => v.status)).toEqual(["awaiting_approval", "approved"]);
    expect(fundEntries()).toEqual(entriesBefore);
    expect(db.select().from(agreementDecisions).where(eq(agreementDecisions.agreementId, james().id)).all().filter((d) => d.kind === "approved")).toHaveLength(1);
    expect(findAgreement(db, as(COMMISSIONER), james().id).status).toBe("active");

    returnVersion(db, as(COMMISSIONER), james().id, { fingerprint, reason: "The fund has paid more since: the ISF amount must cover it" }, META);
    expect(workingVersion(db, james().id)!.status).toBe("draft");
  });
});

describe("an approved agreement that starts later", () => {
  it("shows its start date until it starts, and nothing can be drawn against it before then", async () => {
    const { agreement } = moragWithRiverbank();
    const { fingerprint } = issueForSignature(db, as(RIVERBANK), agreement.id);
    signAll(agreement.id, fingerprint);
    await approveVersion(db, as(COMMISSIONER), agreement.id, { fingerprint }, META, new Date("2026-12-01T12:00:00Z"));
    expect(agreementDetail(db, as(MORAG), agreement.id, "2026-12-01").startsLater).toBe("2027-01-04");
    expect(agreementDetail(db, as(MORAG), agreement.id, "2027-01-04").startsLater).toBeNull();
    expect(listAgreements(db, as(COMMISSIONER), { page: 1 }, "2026-12-01").rows.find((r) => r.id === agreement.id)?.startsLater).toBe("2027-01-04");
    expect(agreementsForPerson(db, as(MORAG), person("CV-100234").id, "2026-12-01").find((a) => a.id === agreement.id)?.status).toBe("Approved, starts on 4 January 2027");
    expect(agreementsForPerson(db, as(MORAG), person("CV-100234").id, "2027-01-04").find((a) => a.id === agreement.id)?.status).toBe("Active");
    const on = (date: string) => agreementInForce(db, { personId: person("CV-100234").id, providerOrganisationId: organisation("Riverbank Community Care").id, on: date });
    expect(on("2027-01-03")).toBeNull();
    expect(on("2027-01-04")?.agreement.id).toBe(agreement.id);
  });
});

describe("agreements on My support", () => {
  it("says where each of the person's agreements stands, with a link to sign when it waits for them", () => {
    const morag = agreementsForPerson(db, as(MORAG), person("CV-100234").id);
    expect(morag).toEqual([expect.objectContaining({ provider: "Glenburn Home Support", status: "Waiting for your signature", sign: expect.stringMatching(/^\/agreements\/.+\/sign$/) })]);
    const callum = agreementsForPerson(db, as("aileen@people.example"), person("CV-101456").id);
    expect(callum).toEqual([expect.objectContaining({ provider: "Kirkmuir Wellbeing Trust", status: "Waiting for council approval", sign: null })]);
    const james = agreementsForPerson(db, as("james@people.example"), person("CV-100871").id);
    expect(james).toEqual([expect.objectContaining({ provider: "Riverbank Community Care", status: "Active", change: null, sign: null })]);
    const [fund] = accountsOfPerson(db, as("james@people.example"), person("CV-100871").id);
    expect(fund).toMatchObject({ provider: "Riverbank Community Care", funding: 1_800_000, sentence: expect.stringMatching(/^£[\d,.]+ left of £18,000 for this year$/) });
    expect(fund!.available).toBe(fund!.balance - fund!.committed);
    expect(fund!.spent).toBeGreaterThan(0);
  });

  it("offers no signing to a representative who may only view", () => {
    const morag = person("CV-100234");
    const viewer = db.select().from(representatives).where(eq(representatives.personId, person("CV-101456").id)).get()!;
    db.insert(representatives).values({ personId: morag.id, name: "Viewer", kind: "family", basis: "Chosen by Morag", authority: "view", startsOn: "2020-01-01", userId: viewer.userId }).run();
    expect(agreementsForPerson(db, as("aileen@people.example"), morag.id)).toEqual([expect.objectContaining({ status: "Waiting for Morag Sinclair's signature", sign: null })]);
  });

  it("answers NotFound for someone the actor does not act for", () => {
    expect(() => agreementsForPerson(db, as("james@people.example"), person("CV-100234").id)).toThrow(NotFound);
    expect(() => agreementsForPerson(db, as("admin@glenburn-support.example"), person("CV-100871").id)).toThrow(NotFound);
  });
});

describe("cost options from the provider's offers", () => {
  const KIRKMUIR = "admin@kirkmuir-wellbeing.example";
  const offerId = (title: string) => db.select().from(offers).where(eq(offers.title, title)).get()!.id;
  function moragWithKirkmuir(fromOffer?: string) {
    return startAgreement(db, as(MORAG), {
      personId: person("CV-100234").id,
      providerOrganisationId: organisation("Kirkmuir Wellbeing Trust").id,
      lotId: lot("Community and day support").id,
      offerId: fromOffer ? offerId(fromOffer) : null,
    });
  }
  const draftWith = (agreementId: string, line: { costOptionId?: string | null; amountPence: number }): DraftInput => {
    const version = workingVersion(db, agreementId)!;
    return {
      startOn: "2027-01-04",
      endOn: "2027-03-31",
      reviewOn: "2027-03-01",
      isfPence: 300_000,
      cadence: "four_weekly_arrears",
      feeKind: "none",
      feeBasisPoints: 0,
      feePence: 0,
      contingencyPence: 0,
      otherProvidersAllowed: false,
      plan: version.plan.map((l, index) => ({ ...l, support: index === 0 ? "Gardening with the group" : "", quantity: "1 session a week", costOption: "", ratePence: null, ...(index === 0 ? line : { amountPence: 0 }) })),
    };
  };

  it("offers the chosen offer's cost options, or else the provider's published offers under the lot", () => {
    const fromOffer = moragWithKirkmuir("Green gym and gardening");
    expect(draftForEditing(db, as(MORAG), fromOffer.id).costChoices.map((c) => c.text)).toEqual([
      "Green gym and gardening (Standard rate): £38.00 per session, including tools, clothing and a hot drink",
    ]);
    const fromLot = costChoices(db, { offerId: null, providerOrganisationId: organisation("Kirkmuir Wellbeing Trust").id, lotId: lot("Community and day support").id }, "2026-12-01");
    expect(fromLot.map((c) => c.offer)).toEqual(["Back to work and learning", "Green gym and gardening"]);
    expect(costChoices(db, { offerId: null, providerOrganisationId: organisation("Kirkmuir Wellbeing Trust").id, lotId: lot("Community and day support").id }, "2027-04-01")).toEqual([]);
  });

  it("starts only from an offer the public can see, of the chosen provider and kind of support", () => {
    const refused = /That offer cannot be chosen: it is not one this provider publishes for this kind of support/;
    const green = offerId("Green gym and gardening");
    const choose = (offer: string, provider = "Kirkmuir Wellbeing Trust", lotName = "Community and day support") =>
      startAgreement(db, as(MORAG), { personId: person("CV-100234").id, providerOrganisationId: organisation(provider).id, lotId: lot(lotName).id, offerId: offer });
    expect(() => choose("not-an-offer")).toThrow(refused);
    expect(() => choose(green, "Riverbank Community Care")).toThrow(refused);
    db.update(offers).set({ status: "paused" }).where(eq(offers.id, green)).run();
    expect(() => choose(green)).toThrow(refused);
    expect(db.select().from(agreements).where(eq(agreements.providerOrganisationId, organisation("Kirkmuir Wellbeing Trust").id)).all()).toHaveLength(1);
    db.update(offers).set({ status: "published" }).where(eq(offers.id, green)).run();
    expect(choose(green).offerId).toBe(green);
  });

  it("takes the rate and unit from the chosen cost option, into the agreement and the approval review", () => {
    const agreement = moragWithKirkmuir("Green gym and gardening");
    const [choice] = draftForEditing(db, as(MORAG), agreement.id).costChoices;
    updateDraft(db, as(KIRKMUIR), agreement.id, draftWith(agreement.id, { costOptionId: choice!.id, amountPence: 45_600 }));
    expect(workingVersion(db, agreement.id)!.plan[0]).toMatchObject({ costOptionId: choice!.id, costOption: "Green gym and gardening (Standard rate)", ratePence: 3800, unit: "session" });
    expect(checkAnswers(db, as(MORAG), agreement.id).content.plan[0]?.costOption).toBe("Green gym and gardening (Standard rate), £38.00 per session");
    const { fingerprint } = issueForSignature(db, as(KIRKMUIR), agreement.id);
    signAll(agreement.id, fingerprint, [MORAG, KIRKMUIR, PRACTITIONER]);
    expect(approvalReview(db, as(COMMISSIONER), agreement.id).rates[0]).toMatchObject({ ratePence: 3800, unit: "per session", flag: "Priced per session: the guide rate is per hour" });
  });

  it("refuses a plan line with money but no cost option, or with another offer's cost option", () => {
    const agreement = moragWithKirkmuir("Green gym and gardening");
    expect(ruleBrokenBy(() => updateDraft(db, as(KIRKMUIR), agreement.id, draftWith(agreement.id, { costOptionId: null, amountPence: 45_600 }))).fieldErrors).toMatchObject({
      "plan-0-costOptionId": "Select the cost option for this support",
    });
    const other = costChoices(db, { offerId: offerId("Back to work and learning"), providerOrganisationId: organisation("Kirkmuir Wellbeing Trust").id, lotId: lot("Community and day support").id })[0]!;
    expect(ruleBrokenBy(() => updateDraft(db, as(KIRKMUIR), agreement.id, draftWith(agreement.id, { costOptionId: other.id, amountPence: 45_600 }))).fieldErrors).toMatchObject({
      "plan-0-costOptionId": "Select one of the provider's cost options",
    });
  });

  it("keeps cost options in words when there is no offer to choose from", () => {
    db.update(offers).set({ status: "paused" }).where(eq(offers.organisationId, organisation("Riverbank Community Care").id)).run();
    const { agreement } = moragWithRiverbank();
    expect(draftForEditing(db, as(MORAG), agreement.id).costChoices).toEqual([]);
    expect(workingVersion(db, agreement.id)!.plan[0]).toMatchObject({ costOption: "Weekday daytime", ratePence: 2150, costOptionId: null });
  });

  it("offers the provider's published prices when not started from an offer, and still accepts one in words", () => {
    const agreement = moragWithKirkmuir();
    expect(draftForEditing(db, as(MORAG), agreement.id).costChoices).toHaveLength(2);
    const inWords = draftWith(agreement.id, { amountPence: 45_600 });
    inWords.plan[0] = { ...inWords.plan[0]!, costOption: "Allotment mornings", ratePence: 2000 };
    updateDraft(db, as(KIRKMUIR), agreement.id, inWords);
    expect(workingVersion(db, agreement.id)!.plan[0]).toMatchObject({ costOption: "Allotment mornings", ratePence: 2000, costOptionId: null });
  });
});

function ruleBrokenBy(body: () => unknown): RuleBroken {
  try {
    body();
  } catch (error) {
    if (error instanceof RuleBroken) return error;
    throw error;
  }
  throw new Error("Expected the rule to refuse");
}

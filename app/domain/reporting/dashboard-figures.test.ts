import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import {
  agreementDecisions,
  agreementSignatures,
  agreementVersions,
  agreements,
  applicationLots,
  councilListItems,
  frameworkLots,
  frameworks,
  invoiceLines,
  invoices,
  offers,
  organisations,
  paymentRuns,
  people,
  personOutcomes,
  providerApplications,
  type AgreementStatus,
  type ApplicationStatus,
  type DraftPlanLine,
  type InvoiceStatus,
  type VersionStatus,
} from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { ListFilterSchema } from "~/domain/agreements/agreements.schema";
import { listAgreements } from "~/domain/agreements/agreements.server";
import { CouncilInvoicesSchema } from "~/domain/invoices/invoices.schema";
import { approvalQueue } from "~/domain/invoices/invoices.server";
import { FundsListSchema } from "~/domain/ledger/funds.schema";
import { fundsList } from "~/domain/ledger/funds.server";
import { openAccount, postEntries } from "~/domain/ledger/ledger.server";
import { searchPeople } from "~/domain/people/people.server";
import { Forbidden } from "~/lib/errors";
import { createTestDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { toCsv } from "~/lib/csv";
import { addDays } from "~/lib/dates";
import { runSteps } from "~/lib/steps";
import { currentDashboard } from "./dashboard-cache.server";
import { attributeSpend, marketRows, warmFundTotalsSteps } from "./dashboard-figures.server";
import { commissioningDashboard, dashboardCsv } from "./dashboard.server";
import { approvedInvoicesExport, financeExportSummary, paymentsExport } from "./finance-exports.server";
import { medianOfCounts } from "./median";

const TODAY = "2026-10-01";
const at = (date: string, time = "10:00:00") => new Date(`${date}T${time}Z`);

let db: Db;
let commissioner: Actor;
let finance: Actor;
let otherCommissioner: Actor;
let otherFinance: Actor;
const ids: Record<string, string> = {};

function admit(frameworkId: string, councilId: string, org: string, status: ApplicationStatus, lots: string[]) {
  const applicationId = db
    .insert(providerApplications)
    .values({ frameworkId, councilId, organisationId: ids[org]!, reference: `APP-F-${org}-${crypto.randomUUID()}`, status, submittedAt: at("2026-01-01") })
    .returning()
    .get().id;
  for (const lotId of lots) db.insert(applicationLots).values({ applicationId, lotId, outcome: "admitted" }).run();
}

function offer(org: string, lot: string, status: "published" | "draft", localities: string[], accepting: "yes" | "waiting_list" | "no") {
  db.insert(offers)
    .values({
      organisationId: ids[org]!,
      councilId: commissioner.councilId!,
      lotId: ids[lot]!,
      status,
      title: `${org} ${lot}`,
      summary: "Support for people who want it, in plain words, long enough to pass the summary rule.",
      localityIds: localities.map((l) => ids[l]!),
      accepting,
    })
    .run();
}

function person(key: string, locality: string, status: "open" | "closed", outcomes: string[], removed: string[] = []) {
  ids[key] = db
    .insert(people)
    .values({ councilId: commissioner.councilId!, reference: `CV-${key}`, name: `Name of ${key}`, dateOfBirth: "1980-01-01", localityId: ids[locality]!, status })
    .returning()
    .get().id;
  for (const o of outcomes) db.insert(personOutcomes).values({ personId: ids[key]!, outcomeId: ids[o]!, ownWords: "In my words" }).run();
  for (const o of removed) db.insert(personOutcomes).values({ personId: ids[key]!, outcomeId: ids[o]!, ownWords: "Gone", removedAt: at("2026-05-01") }).run();
}

const plan = (lines: [string, number][]): DraftPlanLine[] =>
  lines.map(([outcome, amountPence]) => ({ personOutcomeId: "po", outcomeId: ids[outcome]!, support: "Support", quantity: "", costOption: "", ratePence: null, amountPence }));

function version(agreementId: string, number: number, status: VersionStatus, dates: [string, string], isfPence: number, lines: [string, number][] = []) {
  return db
    .insert(agreementVersions)
    .values({ agreementId, number, status, startOn: dates[0], endOn: dates[1], isfPence, cadence: "four_weekly_arrears", feeFunding: "from_fund", plan: plan(lines), fingerprint: `fp-${number}` })
    .returning()
    .get().id;
}

function agreement(key: string, who: string, org: string, lot: string, status: AgreementStatus, createdOn: string, extra: Partial<typeof agreements.$inferInsert> = {}) {
  ids[key] = db
    .insert(agreements)
    .values({
      councilId: commissioner.councilId!,
      personId: ids[who]!,
      providerOrganisationId: ids[org]!,
      lotId: ids[lot]!,
      reference: `CV-ISF-${key}`,
      status,
      createdBy: commissioner.id,
      createdAt: at(createdOn, "16:00:00"),
      ...extra,
    })
    .returning()
    .get().id;
  return ids[key]!;
}

function approve(agreementId: string, versionId: string, on: string) {
  db.insert(agreementDecisions)
    .values({ agreementId, versionId, kind: "approved", party: "council", userId: commissioner.id, name: commissioner.name, fingerprint: "fp", decidedAt: at(on, "09:00:00") })
    .run();
}

function sign(agreementId: string, versionId: string, dates: string[]) {
  (["person", "provider", "council"] as const).slice(0, dates.length).forEach((party, i) =>
    db
      .insert(agreementSignatures)
      .values({ agreementId, versionId, party, userId: commissioner.id, name: "Signer", role: "Signer", authority: "Self", fingerprint: "fp", signedAt: at(dates[i]!) })
      .run(),
  );
}

function invoice(key: string, org: string, status: InvoiceStatus, fields: Partial<typeof invoices.$inferInsert> = {}, councilId = commissioner.councilId!) {
  ids[key] = db
    .insert(invoices)
    .values({ councilId, providerOrganisationId: ids[org]!, reference: `INV-${key}`, periodStart: "2026-08-01", periodEnd: "2026-08-28", status, createdBy: finance.id, ...fields })
    .returning()
    .get().id;
  return ids[key]!;
}

function line(invoiceKey: string, position: number, who: string, agreementKey: string, amountPence: number, fields: Partial<typeof invoiceLines.$inferInsert> = {}) {
  return db
    .insert(invoiceLines)
    .values({
      invoiceId: ids[invoiceKey]!,
      position,
      personId: ids[who]!,
      agreementId: ids[agreementKey]!,
      startOn: "2026-08-01",
      endOn: "2026-08-28",
      description: "Support at home",
      unitKind: "hours",
      units: amountPence / 2_000,
      ratePence: 2_000,
      amountPence,
      status: "approved",
      ...fields,
    })
    .returning()
    .get().id;
}

/**
 * Hand-computed data set on 1 October 2026. Lots Care and Breaks; localities North and South; providers P1
 * (admitted to both lots), P2 (Care only), P3 (suspended from Care) and P4 (not admitted).
 *
 * Offers the public sees: P1 Care in North and South (accepting), P1 Care in North (waiting list), P2 Care in
 * North (accepting), P1 Breaks in North (full). Hidden: P2's Breaks offer (not admitted to it), P3's (suspended),
 * P1's Breaks draft. So North × Care has 2 providers accepting, South × Care 1, and both Breaks cells are gaps.
 *
 * Agreements: AG1 chosen 1 Sep, approved 11 Sep (10 days), in force, ISF £5,200, plan A £3,000 and B £1,000;
 * AG2 chosen 1 Jun, approved 21 Jun (20 days), in force, ISF £2,600, plan A £2,000, with a variation awaiting
 * approval since 21 Sep; AG3 approved in August 2025 (outside the 12 months), ended; AG4 chosen 20 Sep, approved
 * 25 Sep (5 days), notice ended 30 Sep; AG5 awaiting approval, its last signature 26 Sep; AG6 under notice until
 * 31 Oct, in force, ISF £300; AG7 active but its approved version starts on 1 Nov, so not yet in force.
 * Median days to an approved agreement: 5, 10, 20 → 10.
 *
 * Invoices paid in the 12 months: 14, 30, 10 and 20 days → median 17 (an even count). One paid in 2025 does not
 * count. Awaiting approval: one submitted 21 Sep, one queried since 11 Sep (20 days). Open flags: one raised
 * 28 Sep on a paid invoice and two (29 and 30 Sep) on a submitted one; a resolved one does not count.
 *
 * Funds: F1 (AG1, Care) £3,650 with £500 on A, £300 on B, an £80 fee and £100 without outcome, and £50 on A
 * reversed; F2 (AG2, Care) £2,600 with £400 on A and a £30 fee; F3 (no agreement) £1,000 with a £70 fee; F4
 * (AG3, Breaks) £500 with £200 on B.
 */
beforeAll(() => {
  db = createTestDb();
  commissioner = makeUser(db, "commissioner");
  const councilId = commissioner.councilId!;
  finance = makeUser(db, "finance", { councilId });
  otherCommissioner = makeUser(db, "commissioner");
  otherFinance = makeUser(db, "finance", { councilId: otherCommissioner.councilId });
  for (const name of ["P1", "P2", "P3", "P4"]) ids[name] = db.insert(organisations).values({ name: name === "P1" ? "=Provider One" : `Provider ${name}`, charityNumber: name === "P1" ? "SC012345" : "" }).returning().get().id;
  const framework = db.insert(frameworks).values({ councilId, name: "Framework", reference: "FW-1", startDate: "2026-04-01", endDate: "2030-03-31", status: "open" }).returning().get();
  ids.Care = db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Care", position: 0 }).returning().get().id;
  ids.Breaks = db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Breaks", position: 1 }).returning().get().id;
  admit(framework.id, councilId, "P1", "admitted", [ids.Care, ids.Breaks]);
  admit(framework.id, councilId, "P2", "admitted", [ids.Care]);
  admit(framework.id, councilId, "P3", "suspended", [ids.Care]);
  for (const [key, kind, label, retired] of [
    ["North", "locality", "North", false],
    ["South", "locality", "South", false],
    ["A", "outcome", "Seeing people", false],
    ["B", "outcome", "Having things to do", false],
    ["R", "outcome", "Retired outcome", true],
  ] as const) {
    ids[key] = db
      .insert(councilListItems)
      .values({ councilId, kind, label, position: Object.keys(ids).length, retiredAt: retired ? at("2026-01-01") : null })
      .returning()
      .get().id;
  }

  offer("P1", "Care", "published", ["North", "South"], "yes");
  offer("P1", "Care", "published", ["North"], "waiting_list");
  offer("P2", "Care", "published", ["North"], "yes");
  offer("P2", "Breaks", "published", ["South"], "yes");
  offer("P3", "Care", "published", ["South"], "yes");
  offer("P1", "Breaks", "published", ["North"], "no");
  offer("P1", "Breaks", "draft", ["South"], "yes");

  person("Pa", "North", "open", ["A", "B"]);
  person("Pb", "South", "open", ["A"], ["B"]);
  person("Pc", "North", "closed", ["A"]);

  const ag1 = agreement("AG1", "Pa", "P1", "Care", "active", "2026-09-01");
  approve(ag1, version(ag1, 1, "approved", ["2026-09-15", "2027-09-14"], 520_000, [["A", 300_000], ["B", 100_000]]), "2026-09-11");
  const ag2 = agreement("AG2", "Pb", "P2", "Care", "active", "2026-06-01");
  approve(ag2, version(ag2, 1, "approved", ["2026-07-01", "2027-06-30"], 260_000, [["A", 200_000]]), "2026-06-21");
  sign(ag2, version(ag2, 2, "awaiting_approval", ["2026-07-01", "2027-06-30"], 280_000, [["A", 220_000]]), ["2026-09-19", "2026-09-21"]);
  const ag3 = agreement("AG3", "Pa", "P1", "Breaks", "ended", "2025-08-01");
  approve(ag3, version(ag3, 1, "approved", ["2025-04-01", "2026-03-31"], 50_000, [["B", 50_000]]), "2025-08-31");
  const ag4 = agreement("AG4", "Pb", "P1", "Care", "ending", "2026-09-20", { noticeEndsOn: "2026-09-30" });
  approve(ag4, version(ag4, 1, "approved", ["2026-09-26", "2027-09-25"], 10_000), "2026-09-25");
  const ag5 = agreement("AG5", "Pa", "P2", "Care", "awaiting_approval", "2026-09-10");
  sign(ag5, version(ag5, 1, "awaiting_approval", ["2026-10-01", "2027-09-30"], 10_000), ["2026-09-24", "2026-09-26", "2026-09-25"]);
  const ag6 = agreement("AG6", "Pb", "P2", "Care", "ending", "2026-05-01", { noticeEndsOn: "2026-10-31" });
  version(ag6, 1, "approved", ["2026-06-01", "2027-05-31"], 30_000);
  const ag7 = agreement("AG7", "Pa", "P2", "Breaks", "active", "2026-09-05");
  version(ag7, 1, "approved", ["2026-11-01", "2027-10-31"], 40_000);

  const run = db.insert(paymentRuns).values({ councilId, reference: "PR-1", payOn: "2026-09-15", status: "completed", createdBy: finance.id }).returning().get().id;
  const paid = (key: string, submittedOn: string, paidOn: string, status: InvoiceStatus = "paid", decidedOn = submittedOn) =>
    invoice(key, "P1", status, {
      submittedOn,
      submittedAt: at(submittedOn),
      decidedAt: at(decidedOn),
      decidedBy: finance.id,
      paidOn,
      paymentRunId: run,
      paymentMethod: "bacs",
      paymentState: "confirmed",
      paymentReference: `BACS-${key}`,
    });
  paid("I1", "2026-09-01", "2026-09-15", "paid", "2026-09-05");
  paid("I2", "2026-08-01", "2026-08-31", "paid", "2026-08-10");
  paid("I3", "2026-07-01", "2026-07-11");
  paid("I4", "2026-06-01", "2026-06-21", "credited");
  paid("I5", "2025-08-01", "2025-09-01");
  line("I1", 1, "Pa", "AG1", 12_000, { flaggedAt: at("2026-09-28"), flagReason: "Nobody came", description: "=SUM(1)" });
  line("I1", 2, "Pb", "AG2", 8_000, { status: "rejected" });
  line("I2", 1, "Pa", "AG1", 5_000, { flaggedAt: at("2026-09-20"), flagResolvedAt: at("2026-09-22") });
  invoice("CN1", "P1", "approved", { kind: "credit_note", creditsInvoiceId: ids.I4, submittedOn: "2026-09-19", decidedAt: at("2026-09-20"), decidedBy: finance.id });
  line("CN1", 1, "Pb", "AG2", 2_000, { outcomeId: ids.A });
  invoice("IR", "P2", "rejected", { submittedOn: "2026-09-02", decidedAt: at("2026-09-07") });
  line("IR", 1, "Pb", "AG2", 9_000, { status: "rejected" });
  invoice("I6", "P2", "submitted", { submittedOn: "2026-09-21", submittedAt: at("2026-09-21") });
  line("I6", 1, "Pb", "AG2", 4_000, { status: "pending", flaggedAt: at("2026-09-29") });
  line("I6", 2, "Pb", "AG2", 3_000, { status: "pending", flaggedAt: at("2026-09-30") });
  invoice("I7", "P2", "queried", { submittedOn: "2026-09-11", submittedAt: at("2026-09-11") });
  invoice("I8", "P2", "draft");
  invoice("OTHER", "P2", "submitted", { submittedOn: "2026-01-01" }, otherCommissioner.councilId!);

  const fund = (agreementId: string, org: string, periodStart: string, periodEnd: string, openingAmount: number) =>
    openAccount(db, { councilId, agreementId, personId: ids.Pa!, providerOrganisationId: ids[org]!, periodStart, periodEnd, openingAmount }, finance).id;
  const post = (accountId: string, kind: "drawdown" | "management_fee", pence: number, entryDate: string, outcome?: string) =>
    postEntries(db, [{ accountId, kind, amount: -pence, entryDate, reference: crypto.randomUUID(), description: "Support", outcomeId: outcome ? ids[outcome]! : null }], finance)[0]!;
  const f1 = fund(ag1, "P1", "2026-04-01", "2027-03-31", 365_000);
  post(f1, "drawdown", 50_000, "2026-05-01", "A");
  post(f1, "drawdown", 30_000, "2026-06-01", "B");
  post(f1, "management_fee", 8_000, "2026-07-01");
  post(f1, "drawdown", 10_000, "2026-08-01");
  const mistaken = post(f1, "drawdown", 5_000, "2026-09-10", "A");
  postEntries(db, [{ kind: "reversal", reversesEntryId: mistaken.id, entryDate: "2026-09-12", reason: "Charged twice" }], finance);
  const f2 = fund(ag2, "P2", "2026-07-01", "2027-06-30", 260_000);
  ids.F2 = f2;
  post(f2, "drawdown", 40_000, "2026-08-01", "A");
  post(f2, "management_fee", 3_000, "2026-09-01");
  post(fund(crypto.randomUUID(), "P2", "2026-04-01", "2027-03-31", 100_000), "management_fee", 7_000, "2026-09-01");
  post(fund(ag3, "P1", "2025-04-01", "2026-03-31", 50_000), "drawdown", 20_000, "2025-06-01", "B");
  openAccount(db, { councilId: otherCommissioner.councilId!, agreementId: crypto.randomUUID(), personId: crypto.randomUUID(), providerOrganisationId: ids.P1!, periodStart: "2026-04-01", periodEnd: "2027-03-31", openingAmount: 99_900 }, otherFinance);
});

describe("medians", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even count, from counts of each value", () => {
    expect(medianOfCounts([])).toBeNull();
    expect(medianOfCounts([{ value: 7, count: 1 }])).toBe(7);
    expect(medianOfCounts([{ value: 20, count: 1 }, { value: 5, count: 1 }, { value: 10, count: 1 }])).toBe(10);
    expect(medianOfCounts([{ value: 30, count: 1 }, { value: 10, count: 1 }, { value: 14, count: 1 }, { value: 20, count: 1 }])).toBe(17);
    // 3, 3, 3, 8, 8, 9: the middle two are 3 and 8.
    expect(medianOfCounts([{ value: 8, count: 2 }, { value: 3, count: 3 }, { value: 9, count: 1 }, { value: 4, count: 0 }])).toBe(5.5);
  });
});

describe("the dashboard's figures from other areas", () => {
  it("adds agreements and invoices awaiting approval and people's open flags to work waiting, with the oldest's age", () => {
    const { waiting } = commissioningDashboard(db, commissioner, TODAY);
    expect(waiting.slice(4).map((w) => [w.key, w.count, w.oldestDays, w.href])).toEqual([
      ["agreements_awaiting_approval", 2, 10, "/agreements?status=awaiting_approval_any"],
      ["invoices_awaiting_approval", 2, 20, "/council/invoices"],
      ["flags", 2, 3, "/council/invoices?flagged=1"],
    ]);
  });

  it("lists the flagged invoices behind the figure, to finance and the council's commissioners", () => {
    const flags = commissioningDashboard(db, commissioner, TODAY).waiting.find((w) => w.key === "flags")!;
    // Two invoices, with three flagged lines between them: the figure counts the invoices the list shows, and says how many lines.
    expect(flags.label).toBe("Invoices with lines flagged by people as support not received (3 lines in all)");
    const url = new URL(flags.href, "http://localhost");
    const filter = CouncilInvoicesSchema.parse(Object.fromEntries(url.searchParams));
    const listed = approvalQueue(db, commissioner, TODAY, { flagged: filter.flagged === "1", page: filter.page });
    expect([url.pathname, listed.total]).toEqual(["/council/invoices", flags.count]);
    expect(approvalQueue(db, commissioner, TODAY, { flagged: true }).rows.map((r) => r.invoice.reference)).toEqual(["INV-I1", "INV-I6"]);
    expect(approvalQueue(db, finance, TODAY).rows.map((r) => r.invoice.reference)).toEqual(["INV-I7", "INV-I6"]);
    expect(approvalQueue(db, otherCommissioner, TODAY, { flagged: true }).rows).toEqual([]);
    expect(() => approvalQueue(db, makeUser(db, "practitioner", { councilId: commissioner.councilId }), TODAY)).toThrow(Forbidden);
  });

  it("counts visible offers by lot and locality and capacity, and marks the gaps", () => {
    const dashboard = commissioningDashboard(db, commissioner, TODAY);
    // Providers with an offer count each provider once, whatever its offers' capacity: P1's full Breaks offer in North counts.
    expect(dashboard.localityByLot.map((c) => [c.locality, c.lot, c.offers, c.accepting, c.waitingList, c.full, c.providersWithOffer, c.providersAccepting, c.gap])).toEqual([
      ["North", "Care", 3, 2, 1, 0, 2, 2, false],
      ["North", "Breaks", 1, 0, 0, 1, 1, 0, true],
      ["South", "Care", 1, 1, 0, 0, 1, 1, false],
      ["South", "Breaks", 0, 0, 0, 0, 0, 0, true],
    ]);
    expect(dashboard.market.gaps).toBe(2);
    const slug = dashboard.localityByLot[0]!.href.match(/council=([^&]+)/)![1];
    expect(dashboard.localityByLot[0]!.href).toBe(`/offers?council=${slug}&lot=${ids.Care}&locality=${ids.North}`);
    expect(dashboard.lots.map((l) => [l.lot, l.admitted, l.suspended])).toEqual([
      ["Care", 2, 1],
      ["Breaks", 1, 0],
    ]);
    const market = dashboardCsv(dashboard, "market");
    expect(market.header).toEqual(["Locality", "Lot", "Offers", "Accepting new people", "Waiting list", "Full", "Providers with an offer", "Providers accepting new people", "Gap"]);
    expect(toCsv(market.header, market.rows)).toContain('"North","Breaks",1,0,0,1,1,0,"Gap"\r\n');
    expect(toCsv(market.header, market.rows)).toContain('"North","Care",3,2,1,0,2,2,""\r\n');
  });

  it("leaves out offers under a framework that is no longer in force, as the search does", () => {
    expect(marketRows(db, commissioner.councilId!, TODAY).length).toBeGreaterThan(0);
    // The framework ends on 31 March 2030.
    expect(marketRows(db, commissioner.councilId!, "2030-04-01")).toEqual([]);
  });

  it("counts agreements in force and their value, and the medians of days to approval and to payment", () => {
    const { option2 } = commissioningDashboard(db, commissioner, TODAY);
    expect(option2.inForce).toEqual({ count: 3, valuePence: 810_000, href: "/agreements?status=in_force" });
    expect(option2.daysToApproval).toMatchObject({ days: 10, count: 3, from: "2025-10-02", to: TODAY });
    expect(option2.daysToPay).toMatchObject({ days: 17, count: 4, from: "2025-10-02", to: TODAY });
  });

  it("links each median to the list of the agreements or invoices it is taken over", () => {
    const { option2 } = commissioningDashboard(db, commissioner, TODAY);
    const query = (href: string, path: string) => {
      const url = new URL(href, "http://localhost");
      expect(url.pathname).toBe(path);
      return Object.fromEntries(url.searchParams);
    };
    const approved = listAgreements(db, commissioner, ListFilterSchema.parse(query(option2.daysToApproval.href, "/agreements")), TODAY);
    expect(approved.total).toBe(option2.daysToApproval.count);
    // AG3 was approved in August 2025, before the window; AG5 is not approved yet.
    expect(approved.rows.map((r) => r.reference).sort()).toEqual(["CV-ISF-AG1", "CV-ISF-AG2", "CV-ISF-AG4"]);
    const filter = CouncilInvoicesSchema.parse(query(option2.daysToPay.href, "/council/invoices"));
    const paid = approvalQueue(db, commissioner, TODAY, { paid: { from: filter.paidFrom, to: filter.paidTo }, page: filter.page });
    expect(paid.total).toBe(option2.daysToPay.count);
    // In the order they were paid, each with its days to pay; I5 was paid in 2025, and the credit note is not an invoice.
    expect(paid.rows.map((r) => [r.invoice.reference, r.daysOutstanding])).toEqual([
      ["INV-I4", 20],
      ["INV-I3", 10],
      ["INV-I2", 30],
      ["INV-I1", 14],
    ]);
    expect(approvalQueue(db, otherCommissioner, TODAY, { paid: { from: filter.paidFrom, to: filter.paidTo } }).rows).toEqual([]);
    // Dates in the address that are not real dates are ignored, as if left out.
    expect(CouncilInvoicesSchema.parse({ paidFrom: "2026-02-31", paidTo: "'; drop table invoices; --", page: "-3" })).toEqual({ page: 1 });
    expect(ListFilterSchema.parse({ approvedFrom: "31/12/2025", approvedTo: "2026-13-01" })).toEqual({ page: 1 });
  });

  it("links agreements in force to the agreements list that shows exactly those, under notice included", () => {
    const { option2 } = commissioningDashboard(db, commissioner, TODAY);
    const listed = (href: string) => {
      const url = new URL(href, "http://localhost");
      expect(url.pathname).toBe("/agreements");
      return listAgreements(db, commissioner, ListFilterSchema.parse(Object.fromEntries(url.searchParams)), TODAY);
    };
    const inForce = listed(option2.inForce.href);
    expect(inForce.total).toBe(option2.inForce.count);
    expect(inForce.rows.reduce((sum, r) => sum + r.isfPence, 0)).toBe(option2.inForce.valuePence);
    // AG6 is under notice until 31 October; AG4's notice ended yesterday; AG7 is active but starts in November.
    expect(inForce.rows.map((r) => r.reference).sort()).toEqual(["CV-ISF-AG1", "CV-ISF-AG2", "CV-ISF-AG6"]);
    expect(listed("/agreements?status=active").rows.map((r) => r.reference).sort()).toEqual(["CV-ISF-AG1", "CV-ISF-AG2", "CV-ISF-AG7"]);
    // Once AG6's notice has run out and AG7 has started, the list and the figure move together.
    const later = listAgreements(db, commissioner, { status: "in_force", page: 1 }, "2026-11-01");
    expect(later.rows.map((r) => r.reference).sort()).toEqual(["CV-ISF-AG1", "CV-ISF-AG2", "CV-ISF-AG7"]);
    expect(later.total).toBe(commissioningDashboard(db, commissioner, "2026-11-01").option2.inForce.count);
    expect(listAgreements(db, otherCommissioner, { status: "in_force", page: 1 }, TODAY).total).toBe(0);
  });

  it("links each lot's spend to the funds list of that lot, which shows exactly the open funds counted", () => {
    const { spend } = commissioningDashboard(db, commissioner, TODAY);
    expect(spend.byLot.some((l) => !l.key)).toBe(true);
    for (const lot of spend.byLot) {
      const url = new URL(lot.href, "http://localhost");
      expect(url.pathname).toBe("/funds");
      const filter = FundsListSchema.parse(Object.fromEntries(url.searchParams));
      const listed = fundsList(db, commissioner, { lotId: filter.lot, page: filter.page }, TODAY);
      expect([lot.label, listed.total]).toEqual([lot.label, lot.accounts]);
    }
  });

  it("links each lot's forecast overspend and underspend to the funds list that shows those funds", () => {
    const { spend } = commissioningDashboard(db, commissioner, TODAY);
    const listed = (href: string) => {
      const url = new URL(href, "http://localhost");
      expect(url.pathname).toBe("/funds");
      const filter = FundsListSchema.parse(Object.fromEntries(url.searchParams));
      return fundsList(db, commissioner, { lotId: filter.lot, flag: filter.flag, page: filter.page }, TODAY).total;
    };
    const [care, breaks, none] = spend.byLot;
    expect([listed(care!.underspendHref!), listed(care!.overspendHref!), listed(breaks!.underspendHref!)]).toEqual([2, 0, 1]);
    for (const lot of [care!, breaks!, none!]) expect([listed(lot.overspendHref!), listed(lot.underspendHref!)]).toEqual([lot.overspend, lot.underspend]);
    expect(none!.label).toBe("No lot recorded");
  });

  it("totals spend against budget by lot, with forecast flags", () => {
    const { spend } = commissioningDashboard(db, commissioner, TODAY);
    expect(spend.byLot.map((l) => [l.label, l.accounts, l.funding, l.expected, l.spent, l.balance, l.overspend, l.underspend, l.href])).toEqual([
      // F1 expects 365,000 × 184/365; F2 260,000 × 93/365 = 66,246.6
      ["Care", 2, 625_000, 184_000 + 66_247, 141_000, 484_000, 0, 2, `/funds?lot=${ids.Care}`],
      ["Breaks", 1, 50_000, 50_000, 20_000, 30_000, 0, 1, `/funds?lot=${ids.Breaks}`],
      ["No lot recorded", 1, 100_000, 50_411, 7_000, 93_000, 0, 1, "/funds?lot=none"],
    ]);
    expect(spend.byProvider.map((p) => [p.provider, p.accounts, p.spent])).toEqual([
      ["=Provider One", 2, 118_000],
      ["Provider P2", 2, 50_000],
    ]);
  });

  it("gives each outcome its people, planned money and spend, sharing spend without an outcome pro rata to the plan", () => {
    const { outcomes } = commissioningDashboard(db, commissioner, TODAY);
    expect(outcomes.map((o) => [o.outcome, o.people, o.planned, o.spentDirect, o.spentShared, o.spent])).toEqual([
      // F1's £180 without an outcome: B gets 18,000 × 100,000 / 400,000 = 4,500, A the rest; F2's £30 all to A.
      ["Seeing people", 2, 500_000, 90_000, 13_500 + 3_000, 106_500],
      ["Having things to do", 1, 150_000, 50_000, 4_500, 54_500],
      ["Not attributed to an outcome", 0, 0, 0, 7_000, 7_000],
    ]);
    expect(outcomes[0]!.href).toBe(`/people?outcome=${ids.A}&status=open`);
    const csv = dashboardCsv(commissioningDashboard(db, commissioner, TODAY), "outcomes");
    expect(toCsv(csv.header, csv.rows)).toContain('"Seeing people",2,5000.00,900.00,165.00,1065.00\r\n');
  });

  it("shares unattributed spend in whole pence, the rounding going to the largest planned outcome", () => {
    const shared = attributeSpend({
      unattributed: 100,
      plannedByOutcome: new Map([
        ["x", 1],
        ["y", 1],
        ["z", 1],
      ]),
    });
    expect([...shared.values()].reduce((a, b) => a + b, 0)).toBe(100);
    expect([...shared.values()].sort()).toEqual([33, 33, 34]);
    expect(attributeSpend({ unattributed: 700, plannedByOutcome: new Map() })).toEqual(new Map([[null, 700]]));
  });

  it("lists the people behind an outcome's figure", () => {
    const open = searchPeople(db, commissioner, { q: "", page: 1, outcome: ids.A, status: "open" });
    expect([open.total, open.outcome]).toEqual([2, "Seeing people"]);
    expect(searchPeople(db, commissioner, { q: "", page: 1, outcome: ids.B }).total).toBe(1);
  });

  it("shows another council's commissioner none of it, and downloads refuse everyone but the council's commissioners", () => {
    const other = commissioningDashboard(db, otherCommissioner, TODAY);
    expect([other.waiting.map((w) => w.count), other.localityByLot, other.option2.inForce, other.option2.daysToPay.count, other.spend.accounts, other.outcomes]).toEqual([
      [0, 0, 0, 0, 0, 1, 0],
      [],
      { count: 0, valuePence: 0, href: "/agreements?status=in_force" },
      0,
      1,
      [],
    ]);
    for (const actor of [finance, otherFinance, makeUser(db, "practitioner", { councilId: commissioner.councilId }), makeUser(db, "provider_admin", { organisationId: ids.P1 }), makeUser(db, "supported_person", { councilId: commissioner.councilId })]) {
      expect(() => commissioningDashboard(db, actor, TODAY)).toThrow(Forbidden);
    }
  });
});

describe("finance exports for the council's ledger", () => {
  const september = { from: "2026-09-01", to: "2026-09-30" };

  it("exports the lines approved in the period, credit notes negative, people by reference only, formulas neutralised", () => {
    const { header, rows } = approvedInvoicesExport(db, finance, september);
    const csv = toCsv(header, rows);
    expect(rows.map((r) => [r[0], r[1], r[6], r[10], r[11], String((r[19] as { pounds: string }).pounds)])).toEqual([
      ["INV-I1", "Invoice", "2026-09-05", "CV-Pa", "CV-ISF-AG1", "120.00"],
      ["INV-CN1", "Credit note", "2026-09-20", "CV-Pb", "CV-ISF-AG2", "-20.00"],
    ]);
    expect(csv).toContain(`"INV-I1","Invoice","","'=Provider One","OSCR SC012345","2026-09-01","2026-09-05","2026-08-01","2026-08-28",1,"CV-Pa","CV-ISF-AG1"`);
    expect(csv).toContain(`"'=SUM(1)",6,"hours",20.00,120.00,"Approved","Paid","2026-09-15"\r\n`);
    expect(csv).not.toContain("Name of");
    expect(csv).not.toContain("INV-IR");
  });

  it("exports the payments made in the period with method, reference and status", () => {
    const { header, rows } = paymentsExport(db, finance, september);
    expect(header).toContain("Payment reference");
    expect(toCsv([], rows)).toBe('\r\n"INV-I1","\'=Provider One","OSCR SC012345","PR-1","2026-09-15","BACS","BACS-I1","Paid","2026-09-01","2026-09-05",14,1,120.00,"Paid"\r\n');
    expect(paymentsExport(db, finance, { from: "2026-06-01", to: "2026-09-30" }).rows.map((r) => r[0])).toEqual(["INV-I4", "INV-I3", "INV-I2", "INV-I1"]);
  });

  it("sums the period for the page", () => {
    expect(financeExportSummary(db, finance, september)).toEqual({
      period: september,
      approved: { invoices: 2, lines: 2, netPence: 10_000 },
      payments: { invoices: 1, netPence: 12_000 },
    });
  });

  it("gives another council's finance staff only their own council, and refuses everyone else", () => {
    expect(approvedInvoicesExport(db, otherFinance, september).rows).toEqual([]);
    expect(paymentsExport(db, otherFinance, september).rows).toEqual([]);
    for (const actor of [
      commissioner,
      otherCommissioner,
      makeUser(db, "practitioner", { councilId: commissioner.councilId }),
      makeUser(db, "provider_admin", { organisationId: ids.P1 }),
      makeUser(db, "supported_person", { councilId: commissioner.councilId }),
      makeUser(db, "representative", { councilId: commissioner.councilId }),
    ]) {
      expect(() => approvedInvoicesExport(db, actor, september)).toThrow(Forbidden);
      expect(() => paymentsExport(db, actor, september)).toThrow(Forbidden);
      expect(() => financeExportSummary(db, actor, september)).toThrow(Forbidden);
    }
  });

  it("refuses a period that ends before it starts", () => {
    expect(() => paymentsExport(db, finance, { from: "2026-09-30", to: "2026-09-01" })).toThrow(/on or after/);
  });
});

describe("the dashboard between changes", () => {
  it("is computed again only when the database has changed, and checks the permission every time", () => {
    const first = currentDashboard(db, commissioner, TODAY);
    expect(currentDashboard(db, commissioner, TODAY)).toBe(first);
    expect(() => currentDashboard(db, finance, TODAY)).toThrow(Forbidden);
    db.update(invoices).set({ status: "submitted" }).where(eq(invoices.id, ids.I8!)).run();
    const after = currentDashboard(db, commissioner, TODAY);
    expect(after).not.toBe(first);
    expect(after.waiting.find((w) => w.key === "invoices_awaiting_approval")!.count).toBe(3);
    db.update(invoices).set({ status: "draft" }).where(eq(invoices.id, ids.I8!)).run();
    expect(currentDashboard(db, commissioner, TODAY).waiting.find((w) => w.key === "invoices_awaiting_approval")!.count).toBe(2);
  });

  it("is kept for the latest day asked for only, so a long-running server keeps one per council", () => {
    const today = currentDashboard(db, commissioner, TODAY);
    const tomorrow = currentDashboard(db, commissioner, addDays(TODAY, 1));
    expect(tomorrow).not.toBe(today);
    expect(currentDashboard(db, commissioner, addDays(TODAY, 1))).toBe(tomorrow);
    expect(currentDashboard(db, commissioner, TODAY)).not.toBe(today);
  });

  it("reads again the ledger of a fund whose entries moved, and gives the same figures as reading every fund afresh", () => {
    const figures = (d: ReturnType<typeof commissioningDashboard>) => ({
      care: d.spend.byLot.find((l) => l.label === "Care")!.spent,
      seeing: d.outcomes.find((o) => o.outcome === "Seeing people")!.spentDirect,
    });
    // Inside a transaction nothing is kept, so this reads every fund's ledger.
    const afresh = () => db.transaction((tx) => commissioningDashboard(tx, commissioner, TODAY));
    expect(runSteps(warmFundTotalsSteps(db, TODAY))).toBe(5);
    const before = figures(commissioningDashboard(db, commissioner, TODAY));
    expect(before).toEqual(figures(afresh()));

    const [entry] = postEntries(db, [{ accountId: ids.F2!, kind: "drawdown", amount: -1_000, entryDate: addDays(TODAY, -1), reference: "moved", description: "Support", outcomeId: ids.A! }], finance);
    const moved = figures(commissioningDashboard(db, commissioner, TODAY));
    expect(moved).toEqual({ care: before.care + 1_000, seeing: before.seeing + 1_000 });
    expect(moved).toEqual(figures(afresh()));

    postEntries(db, [{ kind: "reversal", reversesEntryId: entry!.id, entryDate: TODAY, reason: "Not ours" }], finance);
    expect(figures(commissioningDashboard(db, commissioner, TODAY))).toEqual(before);
    expect(figures(afresh())).toEqual(before);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import {
  applicationAnswers,
  applicationLots,
  budgetVersions,
  councilListItems,
  frameworkCriteria,
  frameworkLots,
  frameworks,
  organisations,
  people,
  providerApplications,
  type ApplicationStatus,
} from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { openAccount, postEntries } from "~/domain/ledger/ledger.server";
import { addDays } from "~/lib/dates";
import { Forbidden } from "~/lib/errors";
import { createTestDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { toCsv } from "~/lib/csv";
import { applicationQueue } from "~/domain/frameworks/applications.server";
import { listAccounts } from "~/domain/ledger/queries.server";
import { SearchSchema } from "~/domain/people/people.schema";
import { searchPeople } from "~/domain/people/people.server";
import { commissioningDashboard, dashboardCsv } from "./dashboard.server";
import { OPTION_KEYS } from "./labels";

const TODAY = "2026-10-01";
let db: Db;
let commissioner: Actor;
let otherCommissioner: Actor;
let lots: { care: string; breaks: string };
const orgs: Record<string, string> = {};

function application(frameworkId: string, councilId: string, org: string, status: ApplicationStatus, submittedDaysAgo: number, admittedTo: string[]) {
  const id = db
    .insert(providerApplications)
    .values({ frameworkId, councilId, organisationId: orgs[org]!, reference: `APP-${org}`, status, submittedAt: new Date(`${addDays(TODAY, -submittedDaysAgo)}T09:00:00Z`) })
    .returning()
    .get().id;
  for (const lotId of admittedTo) db.insert(applicationLots).values({ applicationId: id, lotId, outcome: "admitted" }).run();
  return id;
}

function person(councilId: string, recordedBy: string, reference: string, localityId: string | null, period: "year" | "week", split: [number, number, number], closedAt?: Date) {
  const closed = closedAt ? { status: "closed" as const, closedAt, closedReason: "Moved away" } : {};
  const id = db.insert(people).values({ councilId, reference, name: `Person ${reference}`, dateOfBirth: "1970-01-01", localityId, ...closed }).returning().get().id;
  const [option1Pence, option2Pence, option3Pence] = split;
  db.insert(budgetVersions)
    .values({ personId: id, version: 1, amountPence: option1Pence + option2Pence + option3Pence, period, startsOn: "2026-04-01", basis: "ras_score", option1Pence, option2Pence, option3Pence, reason: "Assessed", recordedBy })
    .run();
}

/**
 * Hand-computed data set, on 1 October 2026 (day 184 of a 365-day fund year):
 * - O1 admitted to both lots; O2 admitted to care at home, now suspended; O3 submitted 10 days ago; O4 under review, 3 days.
 * - O1's insurance expired 5 days ago; O2's expires in 20 days.
 * - People: P1 Option 2 £10,000 a year (North); P2 £100 a week Option 2 and £50 a week Option 3 (North, Option 4); P3 Option 1;
 *   P4 Option 2 (North), whose record was closed on 1 September.
 * - Accounts: O1 £3,650 spending £500 + £600 (on plan), O1 £1,000 with £900 spent in the last 8 weeks (overspend),
 *   O2 £5,000 with nothing spent (underspend). One account in another council.
 */
beforeAll(() => {
  db = createTestDb();
  commissioner = makeUser(db, "commissioner");
  const councilId = commissioner.councilId!;
  const finance = makeUser(db, "finance", { councilId });
  otherCommissioner = makeUser(db, "commissioner");
  for (const name of ["O1", "O2", "O3", "O4"]) orgs[name] = db.insert(organisations).values({ name: `Provider ${name}` }).returning().get().id;
  const framework = db.insert(frameworks).values({ councilId, name: "Support framework", reference: "SF-1", startDate: "2026-04-01", endDate: "2030-03-31", status: "open" }).returning().get();
  lots = {
    care: db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Care at home", position: 0 }).returning().get().id,
    breaks: db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Short breaks", position: 1 }).returning().get().id,
  };
  const o1 = application(framework.id, councilId, "O1", "admitted", 200, [lots.care, lots.breaks]);
  const o2 = application(framework.id, councilId, "O2", "suspended", 190, [lots.care]);
  application(framework.id, councilId, "O3", "submitted", 10, []);
  application(framework.id, councilId, "O4", "under_review", 3, []);
  const insurance = db.insert(frameworkCriteria).values({ frameworkId: framework.id, title: "Insurance", kind: "document", expires: true }).returning().get().id;
  db.insert(applicationAnswers).values({ applicationId: o1, criterionId: insurance, documentId: "doc-o1", expiresOn: addDays(TODAY, -5) }).run();
  db.insert(applicationAnswers).values({ applicationId: o2, criterionId: insurance, documentId: "doc-o2", expiresOn: addDays(TODAY, 20) }).run();

  const north = db.insert(councilListItems).values({ councilId, kind: "locality", label: "North" }).returning().get().id;
  person(councilId, finance.id, "P1", north, "year", [0, 1_000_000, 0]);
  person(councilId, finance.id, "P2", north, "week", [0, 10_000, 5_000]);
  person(councilId, finance.id, "P3", null, "year", [800_000, 0, 0]);
  person(councilId, finance.id, "P4", north, "year", [0, 600_000, 0], new Date("2026-09-01T10:00:00Z"));

  const open = (org: string, openingAmount: number, council = councilId, by = finance) =>
    openAccount(db, { councilId: council, agreementId: crypto.randomUUID(), personId: crypto.randomUUID(), providerOrganisationId: orgs[org]!, periodStart: "2026-04-01", periodEnd: "2027-03-31", openingAmount }, by);
  const spend = (accountId: string, amount: number, entryDate: string) =>
    postEntries(db, [{ accountId, kind: "drawdown", amount: -amount, entryDate, reference: crypto.randomUUID(), description: "Support" }], finance);
  const onPlan = open("O1", 365_000);
  spend(onPlan.id, 50_000, "2026-05-01");
  spend(onPlan.id, 60_000, "2026-09-01");
  spend(open("O1", 100_000).id, 90_000, "2026-09-20");
  open("O2", 500_000);
  const otherFinance = makeUser(db, "finance", { councilId: otherCommissioner.councilId });
  open("O1", 200_000, otherCommissioner.councilId!, otherFinance);
});

describe("the commissioning dashboard", () => {
  it("shows work waiting with the age of the oldest item and links to the list behind each", () => {
    const { waiting } = commissioningDashboard(db, commissioner, TODAY);
    expect(waiting.map((w) => [w.key, w.count, w.oldestDays, w.href])).toEqual([
      ["submitted", 1, 10, "/commissioning/applications?status=submitted"],
      ["under_review", 1, 3, "/commissioning/applications?status=under_review"],
      ["evidence_expired", 1, 5, "/commissioning/compliance"],
      ["evidence_expiring", 1, 20, "/commissioning/compliance"],
      ["agreements_awaiting_approval", 0, null, "/agreements?status=awaiting_approval_any"],
      ["invoices_awaiting_approval", 0, null, "/council/invoices"],
      ["flags", 0, null, "/council/invoices?flagged=1"],
    ]);
  });

  it("counts providers admitted to and suspended from each lot", () => {
    const dashboard = commissioningDashboard(db, commissioner, TODAY);
    expect(dashboard.lots.map((l) => [l.lot, l.admitted, l.suspended, l.href])).toEqual([
      ["Care at home", 1, 1, `/commissioning/applications?status=admitted&lot=${lots.care}`],
      ["Short breaks", 1, 0, `/commissioning/applications?status=admitted&lot=${lots.breaks}`],
    ]);
    // No offers yet: every lot is a gap in the one locality.
    expect(dashboard.localityByLot.map((c) => [c.locality, c.lot, c.offers, c.gap])).toEqual([
      ["North", "Care at home", 0, true],
      ["North", "Short breaks", 0, true],
    ]);
  });

  it("counts people by SDS option and locality, and totals Option 2 budgets a year", () => {
    const dashboard = commissioningDashboard(db, commissioner, TODAY);
    expect(dashboard.people.totals).toEqual({ option1: 1, option2: 1, option3: 0, option4: 1, notChosen: 0, total: 3 });
    expect(dashboard.people.byLocality.map((r) => [r.label, r.counts.total])).toEqual([
      ["North", 2],
      ["Not recorded", 1],
    ]);
    // £10,000 a year + £100 a week × 52
    expect(dashboard.option2).toMatchObject({ people: 2, yearlyPence: 1_520_000 });
  });

  it("totals spend to date against budget by provider, with forecast overspend and underspend counts", () => {
    const { spend } = commissioningDashboard(db, commissioner, TODAY);
    expect(spend.byProvider.map((p) => [p.provider, p.accounts, p.funding, p.expected, p.spent, p.balance, p.overspend, p.underspend])).toEqual([
      // 365,000 × 184/365 + 100,000 × 184/365 (rounded per account)
      ["Provider O1", 2, 465_000, 184_000 + 50_411, 200_000, 265_000, 1, 0],
      ["Provider O2", 1, 500_000, 252_055, 0, 500_000, 0, 1],
    ]);
    expect([spend.accounts, spend.overspend, spend.underspend, spend.funding, spend.spent]).toEqual([3, 1, 1, 965_000, 200_000]);
  });

  it("gives the forecast overspend and underspend in pounds, and links them to the funds list that shows those funds", () => {
    const { spend } = commissioningDashboard(db, commissioner, TODAY);
    // O1's £1,000 fund: £900 spent in the last 56 days, so £900 + £900 × 181/56 days left = £3,808.93, £2,808.93 over.
    // O2's £5,000 fund: nothing spent, all £5,000 left. O1's £3,650 fund: £3,039.29 forecast, under by less than a fifth.
    expect([spend.overspendPence, spend.underspendPence]).toEqual([280_893, 500_000]);
    expect(spend.byProvider.map((p) => [p.provider, p.overspendPence, p.underspendPence])).toEqual([
      ["Provider O1", 280_893, 0],
      ["Provider O2", 0, 500_000],
    ]);
    const listed = (href: string) => {
      const query = new URL(href, "http://localhost").searchParams;
      expect(new URL(href, "http://localhost").pathname).toBe("/funds");
      const flag = query.get("flag") as "forecast_overspend" | "forecast_underspend";
      return listAccounts(db, { councilId: commissioner.councilId! }, TODAY, { flag, providerOrganisationId: query.get("provider") ?? undefined }).length;
    };
    expect([listed(spend.overspendHref), listed(spend.underspendHref)]).toEqual([1, 1]);
    for (const p of spend.byProvider) expect([listed(p.overspendHref), listed(p.underspendHref)]).toEqual([p.overspend, p.underspend]);
  });

  it("links the applications to review to the queue of those submitted and under review", () => {
    const { applicationsToReview } = commissioningDashboard(db, commissioner, TODAY);
    expect(applicationsToReview).toEqual({ count: 2, href: "/commissioning/applications?status=to_review" });
    const queue = applicationQueue(db, commissioner, { status: "to_review", page: 1 });
    expect(queue.rows.map((r) => r.organisation).sort()).toEqual(["Provider O3", "Provider O4"]);
  });

  it("links every count of people to the people list that shows exactly those people", () => {
    const dashboard = commissioningDashboard(db, commissioner, TODAY);
    const listed = (href: string) => {
      const url = new URL(href, "http://localhost");
      expect(url.pathname).toBe("/people");
      const search = SearchSchema.parse(Object.fromEntries(url.searchParams));
      return searchPeople(db, commissioner, search, TODAY).total;
    };
    const { people: figures, option2 } = dashboard;
    for (const key of [...OPTION_KEYS, "total"] as const) expect([key, listed(figures.hrefs[key])]).toEqual([key, figures.totals[key]]);
    for (const row of figures.byLocality) {
      for (const key of [...OPTION_KEYS, "total"] as const) expect([row.label, key, listed(row.hrefs[key])]).toEqual([row.label, key, row.counts[key]]);
    }
    expect(listed(option2.href)).toBe(option2.people);
    // The closed record is in North's list of everyone, but not among those with a budget today.
    expect(searchPeople(db, commissioner, { q: "", page: 1, locality: figures.byLocality[0]!.key }, TODAY).total).toBe(3);
  });

  it("downloads each table as CSV, with money in pounds", () => {
    const dashboard = commissioningDashboard(db, commissioner, TODAY);
    const spend = dashboardCsv(dashboard, "spend");
    expect(toCsv(spend.header, spend.rows)).toContain('"Provider O1",2,4650.00,2344.11,2000.00,2650.00,1,2808.93,0,0.00\r\n');
    const byOption = dashboardCsv(dashboard, "people-by-option");
    expect(byOption.rows).toContainEqual(["Option 4", 1]);
  });

  it("shows another council's commissioner only their own council, and refuses everyone else", () => {
    const other = commissioningDashboard(db, otherCommissioner, TODAY);
    expect([other.lots, other.people.totals.total, other.spend.accounts, other.waiting.map((w) => w.count)]).toEqual([[], 0, 1, [0, 0, 0, 0, 0, 0, 0]]);
    for (const role of ["practitioner", "finance"] as const) expect(() => commissioningDashboard(db, makeUser(db, role, { councilId: commissioner.councilId }), TODAY)).toThrow(Forbidden);
    for (const role of ["provider_admin", "supported_person", "representative"] as const) expect(() => commissioningDashboard(db, makeUser(db, role), TODAY)).toThrow(Forbidden);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import {
  agreements,
  agreementVersions,
  frameworkLots,
  frameworks,
  organisations,
  outcomeReviewAnswers,
  outcomeReviews,
  people,
  personOutcomes,
  type OutcomeResult,
} from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { Forbidden } from "~/lib/errors";
import { createTestDb } from "../../../test/db";
import { makeOutcome, makeUser } from "../../../test/factories";
import { toCsv } from "~/lib/csv";
import { outcomesMet, outcomesMetCsv, type OutcomeTally } from "./outcomes-met.server";

const TODAY = "2026-10-01";
let db: Db;
let commissioner: Actor;
let otherCommissioner: Actor;
let counter = 0;

type Setting = { councilId: string; userId: string; personId: string; personOutcomeId: string; outcomeId: string; lots: Record<string, string> };

function setting(actor: Actor): Setting {
  const councilId = actor.councilId!;
  const personId = db.insert(people).values({ councilId, reference: `P-${councilId}`, name: "A person", dateOfBirth: "1980-01-01" }).returning().get().id;
  const outcomeId = makeOutcome(db, councilId);
  const personOutcomeId = db.insert(personOutcomes).values({ personId, outcomeId, ownWords: "Get out more" }).returning().get().id;
  const framework = db.insert(frameworks).values({ councilId, name: "Support framework", reference: `SF-${councilId}`, startDate: "2026-04-01", endDate: "2030-03-31", status: "open" }).returning().get();
  const lots = {
    L1: db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Care at home", position: 0 }).returning().get().id,
    L2: db.insert(frameworkLots).values({ frameworkId: framework.id, name: "Short breaks", position: 1 }).returning().get().id,
  };
  return { councilId, userId: actor.id, personId, personOutcomeId, outcomeId, lots };
}

/** An agreement with its reviews: each a date, the order it was recorded in, and the result of each outcome assessed. */
function agreement(s: Setting, providerId: string, lot: "L1" | "L2", reviews: { on: string; recorded: number; results: OutcomeResult[] }[]) {
  counter++;
  const id = db
    .insert(agreements)
    .values({ councilId: s.councilId, personId: s.personId, providerOrganisationId: providerId, lotId: s.lots[lot]!, reference: `T-${counter}`, status: "active", createdBy: s.userId })
    .returning()
    .get().id;
  const versionId = db
    .insert(agreementVersions)
    .values({ agreementId: id, number: 1, status: "approved", startOn: "2026-04-01", endOn: "2027-03-31", cadence: "four_weekly_arrears", feeFunding: "from_fund" })
    .returning()
    .get().id;
  for (const review of reviews) {
    const reviewId = db
      .insert(outcomeReviews)
      .values({ agreementId: id, versionId, reviewedOn: review.on, recordedBy: s.userId, createdAt: new Date(Date.UTC(2026, 9, 1, 12, review.recorded)) })
      .returning()
      .get().id;
    // One outcome assessed per row; the same person's outcome may be reused here, as each row is what is counted.
    review.results.forEach((result, index) => {
      const personOutcomeId = index === 0 ? s.personOutcomeId : db.insert(personOutcomes).values({ personId: s.personId, outcomeId: s.outcomeId, ownWords: `Outcome ${index}` }).returning().get().id;
      db.insert(outcomeReviewAnswers).values({ reviewId, personOutcomeId, outcomeId: s.outcomeId, result }).run();
    });
  }
}

/**
 * The hand-computed data set, on 1 October 2026. Providers O1 and O2; lots L1 (care at home) and L2 (short breaks).
 * - A1 (O1, L1): May review met + not met; August review (latest) met, met, partly met.
 * - A2 (O1, L2): September review not met, partly met.
 * - A3 (O2, L1): July review met; a review dated December (after today) is not counted.
 * - A4 (O2, L1): two reviews on 15 September; the one recorded later (not met) counts, not the earlier (met).
 * - A5 (O2, L2): no review. A6 (O1) in another council: met three times.
 * Counted: A1 met 2, partly 1 · A2 partly 1, not 1 · A3 met 1 · A4 not 1.
 * O1: 5 assessed, met 2, partly 2, not 1 · O2: 2 assessed, met 1, not 1.
 * L1: 5 assessed, met 3, partly 1, not 1 · L2: 2 assessed, partly 1, not 1 · All: 7, met 3, partly 2, not 2.
 */
beforeAll(() => {
  db = createTestDb();
  commissioner = makeUser(db, "commissioner");
  otherCommissioner = makeUser(db, "commissioner");
  const o1 = db.insert(organisations).values({ name: "Provider O1" }).returning().get().id;
  const o2 = db.insert(organisations).values({ name: "Provider O2" }).returning().get().id;
  const here = setting(commissioner);
  const there = setting(otherCommissioner);
  agreement(here, o1, "L1", [
    { on: "2026-05-01", recorded: 1, results: ["met", "not_met"] },
    { on: "2026-08-01", recorded: 2, results: ["met", "met", "partly_met"] },
  ]);
  agreement(here, o1, "L2", [{ on: "2026-09-01", recorded: 3, results: ["not_met", "partly_met"] }]);
  agreement(here, o2, "L1", [
    { on: "2026-12-01", recorded: 4, results: ["not_met"] },
    { on: "2026-07-01", recorded: 5, results: ["met"] },
  ]);
  agreement(here, o2, "L1", [
    { on: "2026-09-15", recorded: 6, results: ["met"] },
    { on: "2026-09-15", recorded: 7, results: ["not_met"] },
  ]);
  agreement(here, o2, "L2", []);
  agreement(there, o1, "L1", [{ on: "2026-09-01", recorded: 8, results: ["met", "met", "met"] }]);
});

const counts = (t: OutcomeTally) => [t.label, t.assessed, t.met, t.partlyMet, t.notMet];

describe("outcomes met", () => {
  it("counts the outcomes at each agreement's latest review, by provider and by lot, for the actor's council only", () => {
    const report = outcomesMet(db, commissioner, TODAY);
    expect(report.agreements).toBe(4);
    expect(report.byProvider.map(counts)).toEqual([
      ["Provider O1", 5, 2, 2, 1],
      ["Provider O2", 2, 1, 0, 1],
    ]);
    expect(report.byLot.map(counts)).toEqual([
      ["Support framework: Care at home", 5, 3, 1, 1],
      ["Support framework: Short breaks", 2, 0, 1, 1],
    ]);
    expect(counts(report.total)).toEqual(["All", 7, 3, 2, 2]);
    expect(report.byProvider[0]!.share).toEqual({ met: 0.4, partlyMet: 0.4, notMet: 0.2 });
    expect(report.total.share.met).toBeCloseTo(3 / 7);
  });

  it("counts a review dated later once that day comes", () => {
    const report = outcomesMet(db, commissioner, "2026-12-01");
    expect(report.byProvider.map(counts)[1]).toEqual(["Provider O2", 2, 0, 0, 2]);
  });

  it("is for commissioners only", () => {
    expect(() => outcomesMet(db, makeUser(db, "practitioner", { councilId: commissioner.councilId }), TODAY)).toThrow(Forbidden);
    expect(() => outcomesMet(db, makeUser(db, "provider_admin"), TODAY)).toThrow(Forbidden);
    expect(outcomesMet(db, otherCommissioner, TODAY).byProvider.map(counts)).toEqual([["Provider O1", 3, 3, 0, 0]]);
  });

  it("gives each table as CSV with counts and percentages, then the total", () => {
    const report = outcomesMet(db, commissioner, TODAY);
    const byProvider = outcomesMetCsv(report, "outcomes-by-provider");
    expect(toCsv(byProvider.header, byProvider.rows).split("\r\n")).toEqual([
      '"Provider","Outcomes assessed","Met","Met (%)","Partly met","Partly met (%)","Not met","Not met (%)"',
      '"Provider O1",5,2,40,2,40,1,20',
      '"Provider O2",2,1,50,0,0,1,50',
      '"All providers",7,3,42.9,2,28.6,2,28.6',
      "",
    ]);
    expect(outcomesMetCsv(report, "outcomes-by-lot").rows.map((r) => r[0])).toEqual(["Support framework: Care at home", "Support framework: Short breaks", "All lots"]);
  });
});

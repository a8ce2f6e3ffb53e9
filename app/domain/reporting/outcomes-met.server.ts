/**
 * Outcomes met, for the commissioning dashboard: of the outcomes assessed at agreements' reviews, how many were met,
 * partly met and not met, by provider and by lot of the framework.
 *
 * - Which agreements: every agreement of the actor's council with at least one outcome review dated on or before
 *   `today`, whatever its status now (an agreement that has ended still says how its provider did).
 * - Which review: each agreement's latest review only (latest by the date of the review, then by when it was
 *   recorded), so an agreement counts once however often it has been reviewed.
 * - What is counted: one row per outcome assessed at that review. `assessed` is the number of those rows; `met`,
 *   `partlyMet` and `notMet` count them by result and add up to `assessed`; each share is that count divided by
 *   `assessed` (a fraction from 0 to 1; the three add up to 1).
 * Scoped to the actor's council in the query itself; only counts leave this module, never a person.
 */
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { agreements, frameworkLots, frameworks, organisations, outcomeReviewAnswers, outcomeReviews, type OutcomeResult } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { latestReviewFirst } from "~/domain/agreements/reviews.server";
import type { IsoDate } from "~/lib/dates";
import { NotFound } from "~/lib/errors";
import type { CsvCell } from "~/lib/csv";

export type OutcomeTally = {
  key: string;
  label: string;
  assessed: number;
  met: number;
  partlyMet: number;
  notMet: number;
  share: { met: number; partlyMet: number; notMet: number };
};

export type OutcomesMet = {
  today: IsoDate;
  /** Agreements with a review counted (each by its latest review). */
  agreements: number;
  total: OutcomeTally;
  byProvider: OutcomeTally[];
  /** Lots labelled "Framework: Lot". */
  byLot: OutcomeTally[];
};

const RESULT_KEYS: Record<OutcomeResult, "met" | "partlyMet" | "notMet"> = { met: "met", partly_met: "partlyMet", not_met: "notMet" };

function tally(key: string, label: string, results: OutcomeResult[]): OutcomeTally {
  const counts = { met: 0, partlyMet: 0, notMet: 0 };
  for (const result of results) counts[RESULT_KEYS[result]]++;
  const assessed = results.length;
  const share = (n: number) => (assessed === 0 ? 0 : n / assessed);
  return { key, label, assessed, ...counts, share: { met: share(counts.met), partlyMet: share(counts.partlyMet), notMet: share(counts.notMet) } };
}

function tallyBy<T extends { result: OutcomeResult }>(rows: T[], keyOf: (row: T) => string, labelOf: (row: T) => string): OutcomeTally[] {
  const groups = new Map<string, { label: string; results: OutcomeResult[] }>();
  for (const row of rows) {
    const group = groups.get(keyOf(row)) ?? { label: labelOf(row), results: [] };
    group.results.push(row.result);
    groups.set(keyOf(row), group);
  }
  return [...groups.entries()].map(([key, group]) => tally(key, group.label, group.results)).sort((a, b) => a.label.localeCompare(b.label));
}

/** The share of outcomes met, partly met and not met at the latest review of each of the council's agreements. For its commissioners. */
export function outcomesMet(db: Tx, actor: Actor, today: IsoDate): OutcomesMet {
  authorise(actor, "reporting.dashboard", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  const reviews = db
    .select({ id: outcomeReviews.id, agreementId: outcomeReviews.agreementId })
    .from(outcomeReviews)
    .innerJoin(agreements, eq(agreements.id, outcomeReviews.agreementId))
    .where(and(eq(agreements.councilId, actor.councilId), lte(outcomeReviews.reviewedOn, today)))
    .orderBy(...latestReviewFirst)
    .all();
  const latest = new Map<string, string>();
  for (const review of reviews) if (!latest.has(review.agreementId)) latest.set(review.agreementId, review.id);
  const rows = latest.size
    ? db
        .select({
          result: outcomeReviewAnswers.result,
          providerId: organisations.id,
          provider: organisations.name,
          lotId: frameworkLots.id,
          lot: frameworkLots.name,
          framework: frameworks.name,
        })
        .from(outcomeReviewAnswers)
        .innerJoin(outcomeReviews, eq(outcomeReviews.id, outcomeReviewAnswers.reviewId))
        .innerJoin(agreements, eq(agreements.id, outcomeReviews.agreementId))
        .innerJoin(organisations, eq(organisations.id, agreements.providerOrganisationId))
        .innerJoin(frameworkLots, eq(frameworkLots.id, agreements.lotId))
        .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
        .where(and(eq(agreements.councilId, actor.councilId), inArray(outcomeReviewAnswers.reviewId, [...latest.values()])))
        .orderBy(asc(organisations.name))
        .all()
    : [];
  return {
    today,
    agreements: latest.size,
    total: tally("all", "All", rows.map((r) => r.result)),
    byProvider: tallyBy(rows, (r) => r.providerId, (r) => r.provider),
    byLot: tallyBy(rows, (r) => r.lotId, (r) => `${r.framework}: ${r.lot}`),
  };
}

export const OUTCOMES_MET_TABLES = ["outcomes-by-provider", "outcomes-by-lot"] as const;
export type OutcomesMetTable = (typeof OUTCOMES_MET_TABLES)[number];

/** A share as a percentage with one decimal place, for CSV: 2 of 3 is 66.7. */
export const percent = (share: number) => Math.round(share * 1000) / 10;

const tallyCells = (t: OutcomeTally): CsvCell[] => [t.assessed, t.met, percent(t.share.met), t.partlyMet, percent(t.share.partlyMet), t.notMet, percent(t.share.notMet)];

/** A table of outcomes met as CSV rows, in the style of `dashboardCsv`: one row per provider or lot, then the total. */
export function outcomesMetCsv(report: OutcomesMet, table: OutcomesMetTable): { header: string[]; rows: CsvCell[][] } {
  const figures = ["Outcomes assessed", "Met", "Met (%)", "Partly met", "Partly met (%)", "Not met", "Not met (%)"];
  const [first, rows, total] = table === "outcomes-by-provider" ? ["Provider", report.byProvider, "All providers"] : ["Lot", report.byLot, "All lots"];
  return { header: [first, ...figures], rows: [...rows.map((t) => [t.label, ...tallyCells(t)]), [total, ...tallyCells(report.total)]] };
}

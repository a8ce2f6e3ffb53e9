import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { agreements, agreementVersions } from "./agreements";
import { createdAt, id } from "./columns";
import { councilListItems } from "./council-lists";
import { personOutcomes } from "./people";

/** How far one outcome of the agreement was met at a review. */
export const OUTCOME_RESULTS = ["met", "partly_met", "not_met"] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

/**
 * A review of an agreement in force, recorded by its provider: the date it took place, a summary, and (in
 * `outcome_review_answers`) how far each outcome of the version in force was met. Append-only: a later review
 * is a new row, and triggers in the migrations refuse updates and deletes.
 */
export const outcomeReviews = sqliteTable(
  "outcome_reviews",
  {
    id: id(),
    agreementId: text()
      .notNull()
      .references(() => agreements.id),
    /** The approved version whose outcomes were reviewed. */
    versionId: text()
      .notNull()
      .references(() => agreementVersions.id),
    reviewedOn: text().notNull(),
    summary: text().notNull().default(""),
    recordedBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("outcome_reviews_agreement_idx").on(t.agreementId, t.reviewedOn)],
);

/** One outcome assessed at a review: the person's outcome, the council's outcome it belongs to, the result and a comment. */
export const outcomeReviewAnswers = sqliteTable(
  "outcome_review_answers",
  {
    id: id(),
    reviewId: text()
      .notNull()
      .references(() => outcomeReviews.id),
    personOutcomeId: text()
      .notNull()
      .references(() => personOutcomes.id),
    outcomeId: text()
      .notNull()
      .references(() => councilListItems.id),
    result: text({ enum: OUTCOME_RESULTS }).notNull(),
    comment: text().notNull().default(""),
  },
  (t) => [uniqueIndex("outcome_review_answers_outcome_idx").on(t.reviewId, t.personOutcomeId)],
);

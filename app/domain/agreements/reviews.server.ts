/**
 * Outcome reviews: at an agreement's review step its provider records, for each outcome the agreement covers, whether
 * it was met, partly met or not met, with a comment, the date of the review and a summary. Reviews are append-only
 * (a later review is a new row); the latest is the one that counts (`latestReviewFirst`). Everyone who may see the
 * agreement sees its reviews; only the agreement's provider records them, and only while it is in force.
 */
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import {
  councilListItems,
  OUTCOME_RESULTS,
  outcomeReviewAnswers,
  outcomeReviews,
  people,
  personOutcomes,
  representatives,
  users,
  type OutcomeResult,
} from "@db/schema";
import { authorise, can, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { addMonths, formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { Conflict, RuleBroken, type FieldErrors } from "~/lib/errors";
import { findAgreement, inForceVersion, type Agreement, type AgreementVersion } from "./agreements.server";
import { isInForceOn } from "./in-force";
import { commentField, OUTCOME_RESULT_LABELS, resultField, type ReviewAnswers } from "./reviews.schema";

/** The next review is due this many months after the last one (the agreement's own review date until the first). */
export const REVIEW_INTERVAL_MONTHS = 6;

const MAX_COMMENT = 1000;

export type ReviewInput = { reviewedOn: IsoDate; summary: string; answers: ReviewAnswers };
export type ReviewOutcome = { personOutcomeId: string; outcomeId: string; outcome: string; ownWords: string };

/** Latest first: by the date of the review, then by when it was recorded. Reporting takes the first per agreement. */
export const latestReviewFirst = [desc(outcomeReviews.reviewedOn), desc(outcomeReviews.createdAt)] as const;

/** The version in force on the date, or null: an active agreement (or one under notice) between its start and its end. */
function versionInForceOn(db: Tx, agreement: Agreement, on: IsoDate): AgreementVersion | null {
  const version = inForceVersion(db, agreement.id);
  return isInForceOn(agreement, version, on) ? version : null;
}

/** The outcomes the version covers: its plan lines with money set aside, with the outcome's name and the person's own words. */
export function outcomesCovered(db: Tx, version: AgreementVersion): ReviewOutcome[] {
  const lines = version.plan.filter((line) => line.amountPence > 0);
  if (lines.length === 0) return [];
  const named = new Map(
    db
      .select({ id: personOutcomes.id, outcome: councilListItems.label, ownWords: personOutcomes.ownWords })
      .from(personOutcomes)
      .innerJoin(councilListItems, eq(councilListItems.id, personOutcomes.outcomeId))
      .where(inArray(personOutcomes.id, lines.map((line) => line.personOutcomeId)))
      .all()
      .map((row) => [row.id, row]),
  );
  return lines.map((line) => ({
    personOutcomeId: line.personOutcomeId,
    outcomeId: line.outcomeId,
    outcome: named.get(line.personOutcomeId)?.outcome ?? "",
    ownWords: named.get(line.personOutcomeId)?.ownWords ?? "",
  }));
}

/** The agreement, its version in force and the outcomes to review, for its provider. Anyone who may not see it: NotFound. */
function requireReviewable(db: Tx, actor: Actor, agreementId: string, today: IsoDate) {
  const agreement = findAgreement(db, actor, agreementId);
  authorise(actor, "agreement.review", { organisationId: agreement.providerOrganisationId });
  const version = versionInForceOn(db, agreement, today);
  if (!version) throw new Conflict("A review can be recorded only while the agreement is in force");
  const outcomes = outcomesCovered(db, version);
  if (outcomes.length === 0) throw new Conflict("This agreement covers no outcomes to review");
  return { agreement, version, outcomes };
}

/** The review page: the outcomes to assess, and the dates a review may have. */
export function reviewForm(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const { agreement, version, outcomes } = requireReviewable(db, actor, agreementId, today);
  const person = db.select({ name: people.name }).from(people).where(eq(people.id, agreement.personId)).get()?.name ?? "";
  return { agreement, person, startOn: version.startOn!, today, outcomes };
}

/** A problem for each outcome without a result (or with a comment too long), keyed by its field. Pure: the route and the command share it. */
export function answerProblems(outcomes: ReviewOutcome[], answers: ReviewAnswers): FieldErrors {
  const problems: FieldErrors = {};
  for (const outcome of outcomes) {
    const answer = answers[outcome.personOutcomeId];
    if (!answer || !(OUTCOME_RESULTS as readonly string[]).includes(answer.result)) {
      problems[resultField(outcome.personOutcomeId)] = `Select met, partly met or not met for “${outcome.outcome}”`;
    }
    if (answer && answer.comment.length > MAX_COMMENT) problems[commentField(outcome.personOutcomeId)] = `The comment on “${outcome.outcome}” must be 1,000 characters or fewer`;
  }
  return problems;
}

/** The person, their representatives acting today and their practitioner: who hears that a review was recorded. */
function personSideUserIds(db: Tx, personId: string, today: IsoDate): string[] {
  const person = db.select({ userId: people.userId, practitionerId: people.practitionerId }).from(people).where(eq(people.id, personId)).get();
  const reps = db
    .select({ userId: representatives.userId })
    .from(representatives)
    .where(and(eq(representatives.personId, personId), lte(representatives.startsOn, today), or(isNull(representatives.endsOn), sql`${representatives.endsOn} >= ${today}`)))
    .all();
  return [person?.userId, person?.practitionerId, ...reps.map((r) => r.userId)].filter((id): id is string => Boolean(id));
}

const tallyText = (results: OutcomeResult[]) =>
  OUTCOME_RESULTS.map((result) => `${results.filter((r) => r === result).length} ${OUTCOME_RESULT_LABELS[result].toLowerCase()}`).join(", ");

/**
 * Records a review of an agreement in force: every outcome it covers needs a result; the date may not be in the
 * future nor before the agreement started. Appends the review and its answers, writes an audit row and tells the
 * person, their representatives and their practitioner.
 */
export function recordReview(db: Db, actor: Actor, agreementId: string, input: ReviewInput, today = todayIso()) {
  return immediate(db, (tx) => {
    const { agreement, version, outcomes } = requireReviewable(tx, actor, agreementId, today);
    const problems: FieldErrors = {};
    if (input.reviewedOn > today) problems.reviewedOn = "The date of the review must be today or in the past";
    else if (input.reviewedOn < version.startOn!) problems.reviewedOn = `The date of the review must be on or after ${formatDate(version.startOn!)}, when the agreement started`;
    Object.assign(problems, answerProblems(outcomes, input.answers));
    const first = Object.values(problems)[0];
    if (first) throw new RuleBroken(first, problems);

    const review = tx
      .insert(outcomeReviews)
      .values({ agreementId: agreement.id, versionId: version.id, reviewedOn: input.reviewedOn, summary: input.summary, recordedBy: actor.id })
      .returning()
      .get();
    const results = outcomes.map((outcome) => {
      const answer = input.answers[outcome.personOutcomeId]!;
      const result = answer.result as OutcomeResult;
      tx.insert(outcomeReviewAnswers)
        .values({ reviewId: review.id, personOutcomeId: outcome.personOutcomeId, outcomeId: outcome.outcomeId, result, comment: answer.comment })
        .run();
      return result;
    });
    const tally = tallyText(results);
    recordAudit(tx, {
      actor,
      councilId: agreement.councilId,
      action: "agreement.reviewed",
      subjectType: "agreement",
      subjectId: agreement.id,
      detail: `Review on ${input.reviewedOn}: ${tally}`,
    });
    notify(tx, {
      userIds: personSideUserIds(tx, agreement.personId, today),
      message: `A review of agreement ${agreement.reference} has been recorded`,
      link: `/agreements/${agreement.id}`,
      body: `The provider reviewed the outcomes on ${formatDate(input.reviewedOn)}: ${tally}.`,
    });
    return review;
  });
}

/**
 * The agreement's reviews, latest first, each with its outcomes; when the next review is due; and whether the actor
 * may record one now. For everyone who may see the agreement (anyone else: NotFound).
 */
export function reviewsOf(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  const reviews = db
    .select({ review: outcomeReviews, recordedBy: users.name })
    .from(outcomeReviews)
    .innerJoin(users, eq(users.id, outcomeReviews.recordedBy))
    .where(eq(outcomeReviews.agreementId, agreement.id))
    .orderBy(...latestReviewFirst)
    .all();
  const answers = reviews.length
    ? db
        .select({ answer: outcomeReviewAnswers, outcome: councilListItems.label, ownWords: personOutcomes.ownWords })
        .from(outcomeReviewAnswers)
        .innerJoin(personOutcomes, eq(personOutcomes.id, outcomeReviewAnswers.personOutcomeId))
        .innerJoin(councilListItems, eq(councilListItems.id, outcomeReviewAnswers.outcomeId))
        .where(inArray(outcomeReviewAnswers.reviewId, reviews.map((r) => r.review.id)))
        .orderBy(asc(councilListItems.position), asc(councilListItems.label))
        .all()
    : [];
  const version = inForceVersion(db, agreement.id);
  const latest = reviews[0]?.review;
  const mayRecord =
    can(actor, "agreement.review", { organisationId: agreement.providerOrganisationId }) &&
    versionInForceOn(db, agreement, today) !== null &&
    outcomesCovered(db, version!).length > 0;
  return {
    reviews: reviews.map(({ review, recordedBy }) => ({
      ...review,
      recordedBy,
      answers: answers
        .filter((a) => a.answer.reviewId === review.id)
        .map((a) => ({ personOutcomeId: a.answer.personOutcomeId, outcome: a.outcome, ownWords: a.ownWords, result: a.answer.result, comment: a.answer.comment })),
    })),
    /** After a review: its date plus six months. Before the first: the review date the agreement sets. None once it has ended. */
    nextReviewBy: agreement.status !== "active" && agreement.status !== "ending" ? null : latest ? addMonths(latest.reviewedOn, REVIEW_INTERVAL_MONTHS) : (version?.reviewOn ?? null),
    mayRecord,
  };
}

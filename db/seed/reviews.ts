import { and, eq, gt, inArray, max } from "drizzle-orm";
import type { Actor } from "~/auth/permissions";
import { inForceVersion } from "~/domain/agreements/agreements.server";
import { outcomesCovered, recordReview } from "~/domain/agreements/reviews.server";
import type { ReviewAnswers } from "~/domain/agreements/reviews.schema";
import { todayIso } from "~/lib/dates";
import type { Db } from "../client.server";
import { agreements, notifications, outbox, outcomeReviews, people, users, type OutcomeResult } from "../schema";
import { demoDate } from "./demo-year";

type DemoReview = { reviewedOn: string; summary: string; results: Record<string, [OutcomeResult, string]> };

const JOB = "Having things to do";
const FOOTBALL = "Seeing people, friendships and relationships";
const FLAT = "Living where and as I want";

/**
 * James's agreement with Riverbank was reviewed twice: a three-month check in July, and the review the agreement
 * set for 1 October. Results by the council's outcome (his job, the football, his own flat).
 */
const JAMES_REVIEWS: DemoReview[] = [
  {
    reviewedOn: demoDate("2026-07-02"),
    summary: "Three-month check with James and his support worker. Settling in well; the football needs a regular lift.",
    results: {
      [JOB]: ["met", "James has kept every shift at the garden centre."],
      [FOOTBALL]: ["not_met", "The lift fell through on three Saturdays. A second worker will cover."],
      [FLAT]: ["partly_met", "Cooks his tea most days; still needs a prompt with shopping."],
    },
  },
  {
    reviewedOn: demoDate("2026-10-01"),
    summary: "Six-month review with James, his support worker and his practitioner. Carry on as planned.",
    results: {
      [JOB]: ["met", "Still working Tuesdays and Thursdays; his manager is pleased."],
      [FOOTBALL]: ["met", "Has been to every home game since August."],
      [FLAT]: ["partly_met", "Shopping list on his phone is helping. Keep going."],
    },
  },
];

/**
 * Reviews of James's active agreement, recorded by Riverbank's administrator, for the agreement page and the
 * dashboard. Demo data tells nobody (the notifications and emails are removed). Idempotent: an agreement that
 * already has a review is left alone; a review dated after today is not recorded.
 */
export function seedReviews(db: Db, today = todayIso()): void {
  const admin = db.select().from(users).where(eq(users.email, "admin@riverbank-care.example")).get();
  const james = db.select({ id: people.id }).from(people).where(eq(people.reference, "CV-100871")).get();
  if (!admin?.organisationId || !james) return;
  const agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.personId, james.id), eq(agreements.providerOrganisationId, admin.organisationId), inArray(agreements.status, ["active", "ending"])))
    .get();
  const version = agreement && inForceVersion(db, agreement.id);
  if (!agreement || !version?.startOn || version.startOn > today || (agreement.noticeEndsOn ?? version.endOn ?? today) < today) return;
  if (db.select({ id: outcomeReviews.id }).from(outcomeReviews).where(eq(outcomeReviews.agreementId, agreement.id)).get()) return;
  const actor: Actor = { id: admin.id, name: admin.name, email: admin.email, role: admin.role, councilId: admin.councilId, organisationId: admin.organisationId };
  const outcomes = outcomesCovered(db, version);
  const lastNotification = db.select({ id: max(notifications.id) }).from(notifications).get()?.id ?? 0;
  const lastEmail = db.select({ id: max(outbox.id) }).from(outbox).get()?.id ?? 0;
  for (const review of JAMES_REVIEWS) {
    if (review.reviewedOn > today) continue;
    const answers: ReviewAnswers = Object.fromEntries(
      outcomes.map((outcome) => {
        const [result, comment] = review.results[outcome.outcome] ?? ["met", ""];
        return [outcome.personOutcomeId, { result, comment }];
      }),
    );
    recordReview(db, actor, agreement.id, { reviewedOn: review.reviewedOn, summary: review.summary, answers }, today);
  }
  db.transaction((tx) => {
    tx.delete(notifications).where(gt(notifications.id, lastNotification)).run();
    tx.delete(outbox).where(gt(outbox.id, lastEmail)).run();
  });
}

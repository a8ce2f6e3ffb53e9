import { and, eq, gt, max } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, auditEvents, notifications, organisations, outcomeReviewAnswers, outcomeReviews, people } from "@db/schema";
import { seedReviews } from "@db/seed/reviews";
import { createSeededDb } from "../../../test/db";
import { actorFor, makeUser } from "../../../test/factories";
import { addMonths } from "~/lib/dates";
import { Conflict, Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { answersFrom, type ReviewAnswers } from "./reviews.schema";
import { recordReview, reviewForm, reviewsOf } from "./reviews.server";

const TODAY = "2026-11-20";
const JAMES = "james@people.example";
const RIVERBANK = "admin@riverbank-care.example";
const PRACTITIONER = "practitioner@clydevale.example";

let db: Db;
beforeEach(async () => {
  db = await createSeededDb();
});

const as = (email: string) => actorFor(db, email);
const agreementOf = (reference: string) => {
  const person = db.select().from(people).where(eq(people.reference, reference)).get()!;
  return db.select().from(agreements).where(eq(agreements.personId, person.id)).get()!;
};
const james = () => agreementOf("CV-100871");

/** Every outcome of James's agreement answered the same way. */
function allAnswered(result: string, comment = ""): ReviewAnswers {
  return Object.fromEntries(reviewForm(db, as(RIVERBANK), james().id, TODAY).outcomes.map((o) => [o.personOutcomeId, { result, comment }]));
}

describe("recording a review", () => {
  it("asks about each outcome the agreement covers, appends the review, audits it and tells the person and the practitioner", () => {
    const form = reviewForm(db, as(RIVERBANK), james().id, TODAY);
    expect(form.outcomes.map((o) => o.outcome)).toEqual(["Living where and as I want", "Seeing people, friendships and relationships", "Having things to do"]);
    expect(form.startOn).toBe("2026-04-01");
    const [flat, football, job] = form.outcomes.map((o) => o.personOutcomeId) as [string, string, string];
    const baseline = db.select({ id: max(notifications.id) }).from(notifications).get()?.id ?? 0;

    recordReview(
      db,
      as(RIVERBANK),
      james().id,
      {
        reviewedOn: "2026-11-18",
        summary: "Going well",
        answers: { [job]: { result: "met", comment: "" }, [football]: { result: "partly_met", comment: "Missed two games" }, [flat]: { result: "not_met", comment: "" } },
      },
      TODAY,
    );

    const { reviews, nextReviewBy } = reviewsOf(db, as(JAMES), james().id, TODAY);
    expect(reviews.map((r) => r.reviewedOn)).toEqual(["2026-11-18", "2026-10-01", "2026-07-02"]);
    expect(reviews[0]).toMatchObject({ summary: "Going well", recordedBy: "Ewan MacLeod" });
    expect(reviews[0]!.answers.map((a) => [a.outcome, a.result, a.comment])).toEqual([
      ["Living where and as I want", "not_met", ""],
      ["Seeing people, friendships and relationships", "partly_met", "Missed two games"],
      ["Having things to do", "met", ""],
    ]);
    expect(nextReviewBy).toBe("2027-05-18");

    const audit = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, james().id), eq(auditEvents.action, "agreement.reviewed"))).all();
    expect(audit.at(-1)?.detail).toBe("Review on 2026-11-18: 1 met, 1 partly met, 1 not met");
    const told = db.select().from(notifications).where(gt(notifications.id, baseline)).all();
    expect(told.map((n) => n.userId).sort()).toEqual([as(JAMES).id, as(PRACTITIONER).id].sort());
    expect(told[0]?.message).toBe(`A review of agreement ${james().reference} has been recorded`);
  });

  it("lets the provider's staff record one too", () => {
    const staff = makeUser(db, "provider_staff", { organisationId: as(RIVERBANK).organisationId });
    recordReview(db, staff, james().id, { reviewedOn: TODAY, summary: "", answers: allAnswered("met") }, TODAY);
    expect(reviewsOf(db, staff, james().id, TODAY).reviews[0]).toMatchObject({ reviewedOn: TODAY, recordedBy: staff.name });
  });

  it("needs an answer for every outcome, a date not in the future nor before the start, and short comments, saying which field", () => {
    const [flat, football] = reviewForm(db, as(RIVERBANK), james().id, TODAY).outcomes.map((o) => o.personOutcomeId) as [string, string];
    const attempt = (input: { reviewedOn: string; answers: ReviewAnswers }) => {
      try {
        recordReview(db, as(RIVERBANK), james().id, { summary: "", ...input }, TODAY);
      } catch (error) {
        expect(error).toBeInstanceOf(RuleBroken);
        return (error as RuleBroken).fieldErrors;
      }
      throw new Error("Expected a refusal");
    };
    const missing = attempt({ reviewedOn: TODAY, answers: { [flat]: { result: "met", comment: "" }, [football]: { result: "brilliant", comment: "" } } });
    expect(Object.keys(missing)).toHaveLength(2);
    expect(missing[`result-${football}`]).toBe("Select met, partly met or not met for “Seeing people, friendships and relationships”");
    expect(attempt({ reviewedOn: "2026-11-21", answers: allAnswered("met") })).toEqual({ reviewedOn: "The date of the review must be today or in the past" });
    expect(attempt({ reviewedOn: "2026-03-31", answers: allAnswered("met") }).reviewedOn).toBe("The date of the review must be on or after 1 April 2026, when the agreement started");
    expect(Object.keys(attempt({ reviewedOn: TODAY, answers: allAnswered("met", "x".repeat(1001)) }))).toHaveLength(3);
    expect(db.select().from(outcomeReviews).where(eq(outcomeReviews.agreementId, james().id)).all()).toHaveLength(2);
  });

  it("reads each outcome's radios and comment from the form", () => {
    const form = new FormData();
    form.append("result-abc", "met");
    form.append("comment-abc", "  Fine  ");
    form.append("comment-def", "No answer chosen");
    form.append("reviewedOn", "2026-11-20");
    expect(answersFrom(form)).toEqual({ abc: { result: "met", comment: "Fine" }, def: { result: "", comment: "No answer chosen" } });
  });

  it("is append-only: the database refuses to change or remove a review or its answers", () => {
    const review = db.select().from(outcomeReviews).get()!;
    expect(() => db.update(outcomeReviews).set({ summary: "Changed" }).where(eq(outcomeReviews.id, review.id)).run()).toThrow(/append-only/);
    expect(() => db.delete(outcomeReviews).where(eq(outcomeReviews.id, review.id)).run()).toThrow(/append-only/);
    expect(() => db.update(outcomeReviewAnswers).set({ result: "met" }).where(eq(outcomeReviewAnswers.reviewId, review.id)).run()).toThrow(/append-only/);
    expect(() => db.delete(outcomeReviewAnswers).where(eq(outcomeReviewAnswers.reviewId, review.id)).run()).toThrow(/append-only/);
  });
});

describe("who may record and see reviews", () => {
  it("refuses the person and council staff, and hides the agreement from another provider and another council", () => {
    const input = () => ({ reviewedOn: TODAY, summary: "", answers: allAnswered("met") });
    for (const email of [JAMES, PRACTITIONER, "commissioner@clydevale.example", "finance@clydevale.example"]) {
      expect(() => reviewForm(db, as(email), james().id, TODAY)).toThrow(Forbidden);
      expect(() => recordReview(db, as(email), james().id, input(), TODAY)).toThrow(Forbidden);
    }
    for (const email of ["admin@glenburn-support.example", "practitioner@eastmuir.example", "commissioner@eastmuir.example", "morag@people.example", "aileen@people.example"]) {
      expect(() => reviewForm(db, as(email), james().id, TODAY)).toThrow(NotFound);
      expect(() => recordReview(db, as(email), james().id, input(), TODAY)).toThrow(NotFound);
      expect(() => reviewsOf(db, as(email), james().id, TODAY)).toThrow(NotFound);
    }
    const otherProviderStaff = makeUser(db, "provider_staff", { organisationId: db.select().from(organisations).where(eq(organisations.name, "Glenburn Home Support")).get()!.id });
    expect(() => recordReview(db, otherProviderStaff, james().id, input(), TODAY)).toThrow(NotFound);
  });

  it("shows the reviews to the person, the provider and the council's staff; only the provider is offered the button", () => {
    for (const email of [JAMES, RIVERBANK, PRACTITIONER, "commissioner@clydevale.example", "finance@clydevale.example"]) {
      const seen = reviewsOf(db, as(email), james().id, TODAY);
      expect(seen.reviews).toHaveLength(2);
      expect(seen.mayRecord).toBe(email === RIVERBANK);
    }
  });

  it("refuses a review of an agreement that is not in force", () => {
    const morags = agreementOf("CV-100234");
    expect(() => reviewForm(db, as("admin@glenburn-support.example"), morags.id, TODAY)).toThrow(Conflict);
    expect(reviewsOf(db, as("admin@glenburn-support.example"), morags.id, TODAY).mayRecord).toBe(false);
    expect(() => reviewForm(db, as(RIVERBANK), james().id, "2027-04-01")).toThrow(Conflict);
  });
});

describe("the demo reviews and the next review date", () => {
  it("seeds two reviews of James's agreement once, and the next review is six months after the latest", () => {
    seedReviews(db, TODAY);
    const { reviews, nextReviewBy } = reviewsOf(db, as(RIVERBANK), james().id, TODAY);
    expect(reviews.map((r) => r.reviewedOn)).toEqual(["2026-10-01", "2026-07-02"]);
    expect(nextReviewBy).toBe("2027-04-01");
    expect(reviews[1]!.answers.map((a) => a.result)).toEqual(["partly_met", "not_met", "met"]);
    expect(db.select().from(notifications).where(eq(notifications.link, `/agreements/${james().id}`)).all()).toHaveLength(0);
  });

  it("adds months, keeping to the end of a shorter month", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2026-10-01", 6)).toBe("2027-04-01");
    expect(addMonths("2026-12-15", -1)).toBe("2026-11-15");
  });
});

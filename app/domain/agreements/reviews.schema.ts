import { z } from "zod";
import type { OutcomeResult } from "@db/schema/outcome-reviews";
import { isoDate, optionalText } from "~/lib/validation";

export const OUTCOME_RESULT_LABELS: Record<OutcomeResult, string> = {
  met: "Met",
  partly_met: "Partly met",
  not_met: "Not met",
};

/** The review's date and summary. Each outcome's answer is read by `answersFrom` and checked in `reviews.server.ts`. */
export const ReviewSchema = z.object({
  reviewedOn: isoDate("Enter the date of the review"),
  summary: optionalText(2000, "The summary must be 2,000 characters or fewer"),
});

/** What was chosen and written for each outcome, keyed by the person's outcome id: `result-<id>` radios and `comment-<id>` boxes. */
export type ReviewAnswers = Record<string, { result: string; comment: string }>;

export const resultField = (personOutcomeId: string) => `result-${personOutcomeId}`;
export const commentField = (personOutcomeId: string) => `comment-${personOutcomeId}`;

export function answersFrom(formData: FormData): ReviewAnswers {
  const answers: ReviewAnswers = {};
  for (const [key, value] of formData) {
    const match = /^(result|comment)-(.+)$/.exec(key);
    if (!match?.[2] || typeof value !== "string") continue;
    const answer = (answers[match[2]] ??= { result: "", comment: "" });
    answer[match[1] as "result" | "comment"] = value.trim();
  }
  return answers;
}

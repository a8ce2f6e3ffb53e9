import type { ApplicationStatus, FrameworkStatus } from "@db/schema";
import { formatPence } from "~/lib/money";

/** Words shown for framework and application states, on the server and in the browser. */
export const FRAMEWORK_STATUS_LABELS: Record<FrameworkStatus, string> = {
  draft: "Draft",
  open: "Open for applications",
  closed: "Closed",
  ended: "Ended",
};

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  under_review: "Under review",
  clarification_requested: "Clarification requested",
  admitted: "Admitted",
  rejected: "Rejected",
  suspended: "Suspended",
  exited: "Exited",
  lots_added: "Lots added",
};

/** The applications queue's filter for those waiting for the commissioning team: submitted or under review. */
export const TO_REVIEW = "to_review";
export const TO_REVIEW_STATUSES = ["submitted", "under_review"] as const satisfies readonly ApplicationStatus[];
export const TO_REVIEW_LABEL = "To review (submitted or under review)";

export const LOT_OUTCOME_LABELS = { applied: "Applied", admitted: "Admitted", not_admitted: "Not admitted" } as const;

/** A lot's standing as people read it: an admission does not count while the provider is suspended, or once it has exited. */
export function lotStanding(outcome: keyof typeof LOT_OUTCOME_LABELS | null, applicationStatus: ApplicationStatus): string {
  if (outcome === "admitted" && applicationStatus === "suspended") return "Admitted, suspended";
  if (outcome === "admitted" && applicationStatus === "exited") return "Exited";
  return LOT_OUTCOME_LABELS[outcome ?? "applied"];
}

export const ORGANISATION_TYPE_LABELS = { charity: "Charity", social_enterprise: "Social enterprise", company: "Company", other: "Other" } as const;

/** "£21.50 to £24.80 per hour", "from £140.00 per night", or "" when there is no guide rate. */
export function guideRateText(lot: { guideRateMinPence: number | null; guideRateMaxPence: number | null; guideRateUnit: string }): string {
  const { guideRateMinPence: min, guideRateMaxPence: max, guideRateUnit: unit } = lot;
  if (min !== null && max !== null) return min === max ? `${formatPence(min)} ${unit}` : `${formatPence(min)} to ${formatPence(max)} ${unit}`;
  if (min !== null) return `from ${formatPence(min)} ${unit}`;
  if (max !== null) return `up to ${formatPence(max)} ${unit}`;
  return "";
}

/** The kinds of evidence file accepted, as the upload page names them. */
export const ACCEPTED_TYPES = "PDF, PNG, JPEG or DOCX";

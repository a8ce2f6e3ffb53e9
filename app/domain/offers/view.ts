import type { CostUnit, DeliveryMode, Grades, GradeTheme } from "@db/schema/offers";
import { PUBLIC_STATUSES } from "~/domain/frameworks/in-force";
import { guideRateText } from "~/domain/frameworks/labels";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import {
  ACCEPTING_LABELS,
  COMMUNICATION_SUPPORT_LABELS,
  COST_UNIT_LABELS,
  DEFAULT_LANGUAGE,
  DELIVERY_MODE_LABELS,
  GRADE_LABELS,
  GRADE_THEME_LABELS,
  LANGUAGE_LABELS,
  OFFER_STATUS_LABELS,
  WEEKDAY_LABELS,
} from "./labels";
import type { OfferDetail } from "./offers.server";

/** "£24.50 per hour" */
export function costText(option: { amountPence: number; unit: CostUnit }): string {
  return option.unit === "package" ? `${formatPence(option.amountPence)} (package price)` : `${formatPence(option.amountPence)} ${COST_UNIT_LABELS[option.unit]}`;
}

export function agesText(minAge: number | null, maxAge: number | null): string {
  if (minAge === null && maxAge === null) return "Any age";
  if (minAge !== null && maxAge !== null) return `${minAge} to ${maxAge} years`;
  return minAge !== null ? `${minAge} years and over` : `Up to ${maxAge} years`;
}

export function capacityText(accepting: keyof typeof ACCEPTING_LABELS, places: number | null): string {
  if (accepting === "yes" && places) return `${ACCEPTING_LABELS.yes}: ${places} place${places === 1 ? "" : "s"}`;
  return ACCEPTING_LABELS[accepting];
}

export function deliveryText(modes: DeliveryMode[]): string {
  return modes.map((m) => DELIVERY_MODE_LABELS[m]).join(", ");
}

function gradesOf(grades: Grades) {
  return (Object.keys(GRADE_THEME_LABELS) as GradeTheme[]).filter((t) => grades[t]).map((t) => ({ theme: GRADE_THEME_LABELS[t], grade: GRADE_LABELS[grades[t]!] ?? String(grades[t]) }));
}

/** Everything the offer page (and the provider's preview) shows, as words. */
export function offerView(detail: OfferDetail) {
  const { offer, provider, lot, standing } = detail;
  const when = offer.flexible
    ? "Flexible: days and times are agreed with you"
    : `${offer.days.map((d) => WEEKDAY_LABELS[d]).join(", ")}${offer.opensAt && offer.closesAt ? `, ${offer.opensAt} to ${offer.closesAt}` : ""}`;
  return {
    id: offer.id,
    status: offer.status,
    statusLabel: OFFER_STATUS_LABELS[offer.status],
    title: offer.title,
    summary: offer.summary,
    description: offer.description,
    provider: { name: provider.name, charityNumber: provider.charityNumber, companyNumber: provider.companyNumber },
    lot: lot.name,
    /** Where "Choose this provider" starts an agreement: the provider and the lot this offer is under. */
    chooseLink: `/agreements/new?provider=${offer.organisationId}&lot=${offer.lotId}&offer=${offer.id}`,
    framework: `${lot.council}: ${lot.framework}`,
    /** The framework's public page, with every lot's guide rate: none while the framework is a draft. */
    frameworkLink: (PUBLIC_STATUSES as readonly string[]).includes(lot.frameworkStatus) ? `/frameworks/${lot.frameworkId}` : null,
    /** What the council expects support under the offer's lot to cost, or "" when it has set no guide rate. */
    guideRate: guideRateText(lot),
    standing: standing?.admittedToLot
      ? `Admitted to the ${lot.name} lot of ${lot.council}'s provider framework${standing.decidedAt ? ` since ${formatDate(standing.decidedAt.toISOString().slice(0, 10))}` : ""}`
      : `Not currently admitted to the ${lot.name} lot of ${lot.council}'s provider framework`,
    admitted: Boolean(standing?.admittedToLot),
    outcomes: detail.outcomes.map((o) => o.label),
    outcomeIds: detail.outcomes.map((o) => o.id),
    careGroups: detail.careGroups,
    ages: agesText(offer.minAge, offer.maxAge),
    localities: detail.localities,
    delivery: deliveryText(offer.deliveryModes),
    when,
    scheduleNotes: offer.scheduleNotes,
    languages: [...(offer.languages.length > 0 ? offer.languages : [DEFAULT_LANGUAGE]).map((l) => LANGUAGE_LABELS[l] ?? l), ...offer.otherLanguages],
    communicationSupport: offer.communicationSupport.map((c) => COMMUNICATION_SUPPORT_LABELS[c] ?? c),
    accessibilityNotes: offer.accessibilityNotes,
    costs: detail.costOptions.map((c) => ({
      id: c.id,
      text: costText(c),
      label: c.label,
      includes: c.includes,
      valid: c.validFrom && c.validTo ? `${formatDate(c.validFrom)} to ${formatDate(c.validTo)}` : c.validFrom ? `From ${formatDate(c.validFrom)}` : c.validTo ? `Until ${formatDate(c.validTo)}` : "",
    })),
    capacity: capacityText(offer.accepting, offer.places),
    accepting: offer.accepting,
    contact: { name: offer.contactName, email: offer.contactEmail, phone: offer.contactPhone, notes: offer.contactNotes },
    careInspectorateNumber: offer.careInspectorateNumber,
    grades: gradesOf(offer.grades),
    gradedOn: offer.gradedOn ? formatDate(offer.gradedOn) : "",
    updated: formatDate(offer.updatedAt.toISOString().slice(0, 10)),
  };
}

export type OfferView = ReturnType<typeof offerView>;

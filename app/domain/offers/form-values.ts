import { GRADE_THEMES } from "@db/schema/offers";
import { penceToInput } from "~/lib/money";
import type { OfferDetail } from "./offers.server";

/** An offer as the form's field values, for editing. */
export function offerFormValues(detail: OfferDetail): Record<string, string | string[]> {
  const { offer } = detail;
  const values: Record<string, string | string[]> = {
    lotId: offer.lotId,
    title: offer.title,
    summary: offer.summary,
    description: offer.description,
    outcomeIds: offer.outcomeIds,
    careGroupIds: offer.careGroupIds,
    minAge: offer.minAge?.toString() ?? "",
    maxAge: offer.maxAge?.toString() ?? "",
    localityIds: offer.localityIds,
    deliveryModes: offer.deliveryModes,
    flexible: offer.flexible ? "yes" : "no",
    days: offer.days,
    opensAt: offer.opensAt ?? "",
    closesAt: offer.closesAt ?? "",
    scheduleNotes: offer.scheduleNotes,
    languages: offer.languages,
    otherLanguages: offer.otherLanguages.join(", "),
    communicationSupport: offer.communicationSupport,
    accessibilityNotes: offer.accessibilityNotes,
    accepting: offer.accepting,
    places: offer.places?.toString() ?? "",
    contactName: offer.contactName,
    contactEmail: offer.contactEmail,
    contactPhone: offer.contactPhone,
    contactNotes: offer.contactNotes,
    careInspectorateNumber: offer.careInspectorateNumber,
    gradedOn: offer.gradedOn ?? "",
  };
  for (const theme of GRADE_THEMES) values[`grade-${theme}`] = offer.grades[theme]?.toString() ?? "";
  detail.costOptions.forEach((c, index) => {
    values[`cost-${index}-id`] = c.id;
    values[`cost-${index}-amount`] = penceToInput(c.amountPence);
    values[`cost-${index}-unit`] = c.unit;
    values[`cost-${index}-label`] = c.label;
    values[`cost-${index}-includes`] = c.includes;
    values[`cost-${index}-from`] = c.validFrom ?? "";
    values[`cost-${index}-to`] = c.validTo ?? "";
  });
  return values;
}

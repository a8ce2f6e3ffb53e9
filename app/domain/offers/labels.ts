import type { Accepting, CommunicationSupport, CostUnit, DeliveryMode, GradeTheme, Language, OfferStatus, Weekday } from "@db/schema/offers";

/** Words shown for the offer fields' stored values. Shared by pages, emails and the Open Referral feed. */
export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  draft: "Draft",
  published: "Published",
  paused: "Paused",
  withdrawn: "Withdrawn",
};

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  at_home: "At home",
  in_community: "In the community",
  at_venue: "At a venue",
  online: "Online",
};

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};

export const LANGUAGE_LABELS: Record<Language, string> = {
  en: "English",
  gd: "Gaelic",
  bfi: "British Sign Language (BSL)",
  pl: "Polish",
  ur: "Urdu",
  pa: "Punjabi",
  ar: "Arabic",
  yue: "Cantonese",
  uk: "Ukrainian",
  ro: "Romanian",
};

/** The language of an offer that names none. */
export const DEFAULT_LANGUAGE: Language = "en";

export const COMMUNICATION_SUPPORT_LABELS: Record<CommunicationSupport, string> = {
  makaton: "Makaton",
  easy_read: "Easy Read information",
  talking_mats: "Talking Mats",
  deafblind: "Deafblind communication",
  hearing_loop: "Hearing loop",
  interpreters: "Interpreters arranged when needed",
};

export const ACCEPTING_LABELS: Record<Accepting, string> = {
  yes: "Accepting new people",
  waiting_list: "Waiting list",
  no: "Not accepting new people",
};

export const COST_UNIT_LABELS: Record<CostUnit, string> = {
  hour: "per hour",
  session: "per session",
  day: "per day",
  week: "per week",
  package: "package price",
};

/**
 * The ways a "fits my budget" amount can be given: each a unit offers are priced in. A package price covers no set
 * amount of support, so there is nothing to compare it with.
 */
export const BUDGET_UNITS = ["hour", "session", "day", "week"] as const satisfies readonly CostUnit[];
export type BudgetUnit = (typeof BUDGET_UNITS)[number];

export const GRADE_THEME_LABELS: Record<GradeTheme, string> = {
  wellbeing: "How well do we support people's wellbeing?",
  leadership: "How good is our leadership?",
  staffing: "How good is our staff team?",
  setting: "How good is our setting?",
  planning: "How well is our care and support planned?",
};

export const GRADE_LABELS: Record<number, string> = {
  1: "1 (unsatisfactory)",
  2: "2 (weak)",
  3: "3 (adequate)",
  4: "4 (good)",
  5: "5 (very good)",
  6: "6 (excellent)",
};

/** "Supports 3 of your 4 outcomes" */
export function outcomeMatchText(matched: number, total: number): string {
  return `Supports ${matched} of your ${total} outcome${total === 1 ? "" : "s"}`;
}

/** The longest message in an enquiry thread, in characters. */
export const MESSAGE_MAX = 5000;

/** How many shortlisted offers can be compared side by side. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;
/** The field the offers to compare are chosen with, on the shortlist. */
export const COMPARE_FIELD = "offer";

/** The query of a choice of offers to compare: the comparison's address, or the shortlist's to refuse the choice. */
export const compareQuery = (offerIds: string[]) => new URLSearchParams([["compare", "yes"], ...offerIds.map((id) => [COMPARE_FIELD, id])]).toString();

/** The most characters of a search that are used; the search box takes no more. */
export const SEARCH_TEXT_MAX = 2000;

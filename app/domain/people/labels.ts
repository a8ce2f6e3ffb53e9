import type { AccessibleFormat, Authority, BudgetBasis, BudgetPeriod, ContactMethod, RepresentativeKind } from "@db/schema/people";

/** How the people records' fixed choices read on pages and in the PDF. */
export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = { email: "Email", phone: "Phone", post: "Post" };

export const ACCESSIBLE_FORMAT_LABELS: Record<AccessibleFormat, string> = {
  large_print: "Large print",
  easy_read: "Easy Read",
  braille: "Braille",
  audio: "Audio",
  bsl: "British Sign Language (BSL)",
};

export const REPRESENTATIVE_KIND_LABELS: Record<RepresentativeKind, string> = {
  carer: "Carer",
  family: "Family member",
  guardian: "Guardian",
  power_of_attorney: "Power of attorney",
  independent_supporter: "Independent supporter, broker or advocate",
};

export const AUTHORITY_LABELS: Record<Authority, string> = {
  view: "View only",
  choose: "Choose and sign",
  manage: "Manage",
};

export const AUTHORITY_HINTS: Record<Authority, string> = {
  view: "Can see the person's budget, outcomes and support",
  choose: "Can also choose providers and sign agreements for the person",
  manage: "Can also manage the person's support arrangements and money",
};

export const BUDGET_PERIOD_LABELS: Record<BudgetPeriod, string> = { year: "a year", week: "a week" };

export const BUDGET_BASIS_LABELS: Record<BudgetBasis, string> = {
  ras_score: "Resource allocation system score",
  agreed_package: "Agreed support package",
  other: "Another way",
};

export const OPTION_LABELS = {
  1: "Option 1: a direct payment",
  2: "Option 2: the person chooses, someone else holds the money",
  3: "Option 3: the council arranges support",
  4: "Option 4: a mix of options",
} as const;

export const labelOptions = <K extends string>(labels: Record<K, string>, hints?: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value], hint: hints?.[value] }));

export const INVITATION_LIFETIME_DAYS = 14;
export const EXPIRED_INVITATION = "This invitation has expired or has already been used. Ask your practitioner to send a new one.";

/** The people list's locality filter for the people with no locality recorded. */
export const NO_LOCALITY = "none";

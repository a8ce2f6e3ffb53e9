import type { TemplateClause, TemplateTerms } from "@db/schema/agreement-templates";

/**
 * The placeholders a council's legal team may use in agreement wording, and what each stands for.
 * Wording is checked against this list when a template is saved, so an agreement never prints "{{typo}}".
 */
export const PLACEHOLDERS = {
  "council.name": "The council's name",
  "provider.name": "The provider's name",
  "person.name": "The supported person's name",
  "representative.name": "Who may sign for the person (the person, or a representative with authority to choose and sign)",
  "framework.terms": "The name of the council's framework terms",
  "agreement.reference": "The agreement's reference number",
  "agreement.start": "Start date",
  "agreement.end": "End date",
  "agreement.review": "Review date",
  "isf.amount": "The Individual Service Fund amount",
  "fee.description": "The management fee and how it is paid",
  "cadence.description": "How often the provider is paid",
  "notice.days": "Notice period in days",
  "payment.days": "Days within which the council pays a valid invoice",
  "statement.weeks": "How often the person gets a statement, in weeks",
  "surplus.weeks": "Surplus rule: weeks' worth of funds",
  "surplus.heldWeeks": "Surplus rule: held for more than this many weeks",
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Record<Placeholder, string>;

const PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Placeholders used in the wording that are not on the list. */
export function unknownPlaceholders(clauses: TemplateClause[]): string[] {
  const unknown = new Set<string>();
  for (const clause of clauses) {
    for (const match of `${clause.heading}\n${clause.body}`.matchAll(PATTERN)) {
      if (!(match[1]! in PLACEHOLDERS)) unknown.add(match[1]!);
    }
  }
  return [...unknown];
}

export function fillPlaceholders(text: string, values: TemplateValues): string {
  return text.replace(PATTERN, (whole, key: string) => (key in values ? values[key as Placeholder] : whole));
}

export function renderClauses(clauses: TemplateClause[], values: TemplateValues): TemplateClause[] {
  return clauses.map((clause) => ({ heading: fillPlaceholders(clause.heading, values), body: fillPlaceholders(clause.body, values) }));
}

export const CADENCE_LABELS: Record<TemplateTerms["defaultCadence"], string> = {
  four_weekly_arrears: "every 4 weeks in arrears",
  four_weekly_advance: "every 4 weeks in advance",
  monthly_arrears: "monthly in arrears",
};

export const DEFAULT_TERMS: TemplateTerms = {
  frameworkTermsName: "Self-directed Support Provider Framework 2026 to 2030: terms and conditions",
  noticeDays: 28,
  paymentDays: 28,
  statementWeeks: 4,
  surplusWeeks: 4,
  surplusHeldWeeks: 12,
  defaultCadence: "four_weekly_arrears",
  feeFunding: "from_fund",
  contributionFirst: true,
};

/** The wording a council starts from. Its legal team can change every word without any change to the service. */
export const DEFAULT_CLAUSES: TemplateClause[] = [
  {
    heading: "About this agreement",
    body:
      "This agreement is between {{council.name}} (the council), {{provider.name}} (the provider) and {{person.name}}. " +
      "It sets out how {{person.name}}'s Individual Service Fund will be used to meet the outcomes in the support plan.\n" +
      "It is made under Option 2 of the Social Care (Self-directed Support) (Scotland) Act 2013: {{person.name}} chooses the provider " +
      "and directs how the money is spent, and the provider holds and manages the fund.\n" +
      "The council and the provider are also bound by the {{framework.terms}}, which apply to this agreement.",
  },
  {
    heading: "Your rights",
    body:
      "You decide how your fund is used to meet your outcomes, within this agreement. You can ask the provider to change how your support is arranged at any time.\n" +
      "You can change provider. Tell the council or the provider, and the council will help you arrange the change.\n" +
      "You are a party to this agreement but you carry no contractual liability under it. The provider and the council are responsible for its terms.\n" +
      "You can complain about your support or about this agreement at any time (see Complaints).",
  },
  {
    heading: "What the fund may and may not be used for",
    body:
      "The fund may be used for support that meets the outcomes in the plan, including support bought from other providers or community resources where the plan allows it.\n" +
      "The fund may not be used to employ a personal assistant directly (that is Option 1), for anything unlawful, for gambling or alcohol, or for things the council pays for in other ways.\n" +
      "The fund is {{isf.amount}}. The provider is paid {{cadence.description}}. {{fee.description}}",
  },
  {
    heading: "What the provider will do",
    body:
      "Keep the fund separate from its own money and from other people's funds.\n" +
      "Send {{person.name}} a statement at least every {{statement.weeks}} weeks, in a format they can use, and send the council statements when it asks.\n" +
      "Keep records of all spending for audit, and let the council see them.\n" +
      "Tell the council promptly about any change in {{person.name}}'s circumstances or needs, or in the provider's ability to deliver the support.",
  },
  {
    heading: "What the council will do",
    body:
      "Pay every valid invoice within {{payment.days}} days.\n" +
      "Review this arrangement with {{person.name}} by {{agreement.review}}, and at any time their needs change.",
  },
  {
    heading: "Unspent (banked) funds",
    body:
      "Unspent money can be kept for planned future support. If more than {{surplus.weeks}} weeks' worth of the fund is unspent for more than {{surplus.heldWeeks}} weeks, the council will review the arrangement with {{person.name}} and the provider.\n" +
      "When the agreement ends, unspent money is returned to the council.",
  },
  {
    heading: "Changes to this agreement",
    body: "Any change to the amount, dates, plan or fee is made as a new version of this agreement, signed by all three parties and approved by the council. The current version stays in force until then.",
  },
  {
    heading: "Ending this agreement",
    body:
      "Any party may end this agreement by giving {{notice.days}} days' notice with a reason.\n" +
      "The council may end it immediately, with the approval of its commissioning team, where someone's safety is at risk.\n" +
      "This agreement runs from {{agreement.start}} to {{agreement.end}} unless it is ended earlier.",
  },
  {
    heading: "Complaints",
    body: "{{person.name}} or their representative can complain to the provider, or to the council through its complaints procedure, and then to the Scottish Public Services Ombudsman.",
  },
  {
    heading: "Data protection",
    body:
      "The council is the data controller for the personal information used for this agreement; the provider processes it on the council's behalf and only for this agreement. " +
      "Both keep it secure and confidential, and share it only with people who need it to arrange or pay for the support.",
  },
];

export const DEFAULT_EASY_READ: TemplateClause[] = [
  { heading: "What this is", body: "This is an agreement about your support.\nIt is between you, {{provider.name}} and {{council.name}}." },
  { heading: "Your money", body: "Your budget for this support is {{isf.amount}}.\n{{provider.name}} looks after the money for you.\nYou decide how it is spent." },
  { heading: "What you will get", body: "{{provider.name}} will send you a statement every {{statement.weeks}} weeks.\nIt shows how your money was spent." },
  { heading: "Your rights", body: "You can change your support.\nYou can change provider.\nYou can complain.\nYou do not have to pay if something goes wrong." },
  { heading: "Ending", body: "You can end this agreement.\nYou need to give {{notice.days}} days' notice." },
  { heading: "Help", body: "Ask your social worker if you have questions.\nYou can ask someone you trust to help you." },
];

/** Names and constants of the reports that pages show as well as the server uses. */

export const OPTION_KEYS = ["option1", "option2", "option3", "option4", "notChosen"] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];
export const OPTION_COLUMN_LABELS: Record<OptionKey, string> = {
  option1: "Option 1",
  option2: "Option 2",
  option3: "Option 3",
  option4: "Option 4",
  notChosen: "Not chosen yet",
};

/** The people list's filter by the budget a person has today: any, under one option, or with Option 2 money in it. */
export const BUDGET_FILTERS = ["any", ...OPTION_KEYS, "withOption2"] as const;
export type BudgetFilter = (typeof BUDGET_FILTERS)[number];
/** How the people list describes the filter: "12 people with a budget today under Option 2". */
export const BUDGET_FILTER_TEXT: Record<BudgetFilter, string> = {
  any: "with a budget today",
  option1: "with a budget today under Option 1",
  option2: "with a budget today under Option 2",
  option3: "with a budget today under Option 3",
  option4: "with a budget today under Option 4 (more than one option)",
  notChosen: "with a budget today and no option chosen yet",
  withOption2: "with Option 2 money in their budget today (Option 2, or Option 4 with an Option 2 part)",
};

/**
 * The OCID prefix of this service. OCDS asks each publisher to register a prefix with the Open Contracting
 * Partnership; until a council registers its own, releases use this one. An ocid is the prefix, the council's
 * slug and the framework's reference: `ocds-cc0000-clydevale-CV-SDS-2026`.
 */
export const OCID_PREFIX = "ocds-cc0000";
export const OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { councils, users } from "./accounts";
import { createdAt, id } from "./columns";

export const PAYMENT_CADENCES = ["four_weekly_arrears", "four_weekly_advance", "monthly_arrears"] as const;
export type PaymentCadence = (typeof PAYMENT_CADENCES)[number];
export const FEE_FUNDING = ["from_fund", "on_top"] as const;
export type FeeFunding = (typeof FEE_FUNDING)[number];

/** The wording of one clause: a heading and paragraphs with {{placeholders}}. */
export type TemplateClause = { heading: string; body: string };

/** The terms a council sets for its Option 2 agreements. */
export type TemplateTerms = {
  frameworkTermsName: string;
  noticeDays: number;
  paymentDays: number;
  statementWeeks: number;
  surplusWeeks: number;
  surplusHeldWeeks: number;
  defaultCadence: PaymentCadence;
  feeFunding: FeeFunding;
  contributionFirst: boolean;
};

/**
 * A council's agreement template. Each change is saved as a new version; agreements record the version
 * they were generated from, so earlier agreements keep their wording.
 */
export const agreementTemplates = sqliteTable(
  "agreement_templates",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    version: integer().notNull(),
    clauses: text({ mode: "json" }).$type<TemplateClause[]>().notNull(),
    easyReadClauses: text({ mode: "json" }).$type<TemplateClause[]>().notNull(),
    terms: text({ mode: "json" }).$type<TemplateTerms>().notNull(),
    changeNote: text().notNull().default(""),
    createdByUserId: text().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agreement_templates_council_version_idx").on(t.councilId, t.version)],
);

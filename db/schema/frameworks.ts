import { relations } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { councils, organisations, users, type ORGANISATION_TYPES } from "./accounts";
import { createdAt, id, instant } from "./columns";

export const FRAMEWORK_STATUSES = ["draft", "open", "closed", "ended"] as const;
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];

/** A council's provider framework: its period, its lots and its admission criteria. */
export const frameworks = sqliteTable(
  "frameworks",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    name: text().notNull(),
    reference: text().notNull(),
    description: text().notNull().default(""),
    startDate: text().notNull(),
    endDate: text().notNull(),
    status: text({ enum: FRAMEWORK_STATUSES }).notNull().default("draft"),
    /** Re-opens to new entrants (rolling admission). */
    rolling: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("frameworks_reference_idx").on(t.councilId, t.reference), index("frameworks_status_idx").on(t.status)],
);

/** A part of a framework for one kind of support, with an optional guide rate shown to providers and people. */
export const frameworkLots = sqliteTable(
  "framework_lots",
  {
    id: id(),
    frameworkId: text()
      .notNull()
      .references(() => frameworks.id),
    name: text().notNull(),
    description: text().notNull().default(""),
    guideRateMinPence: integer(),
    guideRateMaxPence: integer(),
    /** "per hour", "per session"… */
    guideRateUnit: text().notNull().default(""),
    position: integer().notNull().default(0),
  },
  (t) => [index("framework_lots_framework_idx").on(t.frameworkId, t.position)],
);

export const CRITERION_KINDS = ["question", "document"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** What a provider must answer or show to be admitted. */
export const frameworkCriteria = sqliteTable(
  "framework_criteria",
  {
    id: id(),
    frameworkId: text()
      .notNull()
      .references(() => frameworks.id),
    title: text().notNull(),
    guidance: text().notNull().default(""),
    kind: text({ enum: CRITERION_KINDS }).notNull(),
    mandatory: integer({ mode: "boolean" }).notNull().default(true),
    /** The evidence has an expiry date (insurance, registration) and must be renewed. */
    expires: integer({ mode: "boolean" }).notNull().default(false),
    position: integer().notNull().default(0),
  },
  (t) => [index("framework_criteria_framework_idx").on(t.frameworkId, t.position)],
);

export const APPLICATION_STATUSES = [
  "draft",
  "submitted",
  "under_review",
  "clarification_requested",
  "admitted",
  "rejected",
  "suspended",
  "exited",
  /** An application for more lots that was admitted: its lots were added to the provider's standing application. */
  "lots_added",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The organisation's details as they were when an application was submitted: what the council reviews. */
export type OrganisationDetails = {
  name: string;
  type: (typeof ORGANISATION_TYPES)[number];
  charityNumber: string;
  companyNumber: string;
  address: string;
  postcode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  careInspectorateNumbers: string;
};

/**
 * A provider organisation's application to one framework; after a decision it is their standing on it. An
 * organisation may apply again after a rejection or an exit, and an admitted one may apply for more lots of a
 * rolling framework (an application that extends its standing application).
 */
export const providerApplications = sqliteTable(
  "provider_applications",
  {
    id: id(),
    frameworkId: text()
      .notNull()
      .references(() => frameworks.id),
    /** The framework's council, kept here so every query can be scoped by it. */
    councilId: text()
      .notNull()
      .references(() => councils.id),
    organisationId: text()
      .notNull()
      .references(() => organisations.id),
    reference: text().notNull().unique(),
    status: text({ enum: APPLICATION_STATUSES }).notNull().default("draft"),
    /** For an application for more lots: the standing application whose lots its admission adds to. */
    extendsApplicationId: text().references((): AnySQLiteColumn => providerApplications.id),
    /** The organisation's details as submitted (taken again at each submission). */
    organisationDetails: text({ mode: "json" }).$type<OrganisationDetails>(),
    declarationsAcceptedAt: instant(),
    clarificationQuestion: text(),
    clarificationAnswer: text(),
    /** Reasons for a rejection, suspension or exit, shown to the provider. */
    decisionReasons: text(),
    submittedAt: instant(),
    decidedAt: instant(),
    updatedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [
    index("provider_applications_framework_organisation_idx").on(t.frameworkId, t.organisationId),
    index("provider_applications_council_status_idx").on(t.councilId, t.status),
    index("provider_applications_organisation_idx").on(t.organisationId),
  ],
);

export const LOT_OUTCOMES = ["applied", "admitted", "not_admitted"] as const;

export const applicationLots = sqliteTable(
  "application_lots",
  {
    applicationId: text()
      .notNull()
      .references(() => providerApplications.id),
    lotId: text()
      .notNull()
      .references(() => frameworkLots.id),
    outcome: text({ enum: LOT_OUTCOMES }).notNull().default("applied"),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.lotId] })],
);

export const EVALUATIONS = ["met", "not_met"] as const;

/** A provider's answer to one criterion, with the commissioner's evaluation of it. */
export const applicationAnswers = sqliteTable(
  "application_answers",
  {
    id: id(),
    applicationId: text()
      .notNull()
      .references(() => providerApplications.id),
    criterionId: text()
      .notNull()
      .references(() => frameworkCriteria.id),
    answer: text().notNull().default(""),
    /** The current evidence document; earlier ones stay in `evidence_documents`. */
    documentId: text(),
    expiresOn: text(),
    evaluation: text({ enum: EVALUATIONS }),
    evaluationComment: text().notNull().default(""),
    evaluatedBy: text().references(() => users.id),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("application_answers_criterion_idx").on(t.applicationId, t.criterionId)],
);

/** An uploaded file. Stored outside `public/`, named by id; served only through a permission check. */
export const evidenceDocuments = sqliteTable(
  "evidence_documents",
  {
    id: id(),
    organisationId: text()
      .notNull()
      .references(() => organisations.id),
    applicationId: text()
      .notNull()
      .references(() => providerApplications.id),
    criterionId: text()
      .notNull()
      .references(() => frameworkCriteria.id),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    expiresOn: text(),
    uploadedBy: text().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("evidence_documents_application_idx").on(t.applicationId), index("evidence_documents_expiry_idx").on(t.expiresOn)],
);

export const REMINDER_STAGES = ["30_days", "7_days", "expired"] as const;

/** Which expiry reminder has been sent for which document, so reminders go once. */
export const evidenceReminders = sqliteTable(
  "evidence_reminders",
  {
    documentId: text()
      .notNull()
      .references(() => evidenceDocuments.id),
    stage: text({ enum: REMINDER_STAGES }).notNull(),
    sentAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.stage] })],
);

export const frameworksRelations = relations(frameworks, ({ many, one }) => ({
  council: one(councils, { fields: [frameworks.councilId], references: [councils.id] }),
  lots: many(frameworkLots),
  criteria: many(frameworkCriteria),
}));
export const frameworkLotsRelations = relations(frameworkLots, ({ one }) => ({
  framework: one(frameworks, { fields: [frameworkLots.frameworkId], references: [frameworks.id] }),
}));
export const frameworkCriteriaRelations = relations(frameworkCriteria, ({ one }) => ({
  framework: one(frameworks, { fields: [frameworkCriteria.frameworkId], references: [frameworks.id] }),
}));

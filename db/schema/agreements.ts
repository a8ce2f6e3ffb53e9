import { relations, sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { AgreementContent } from "../../app/domain/agreements/document";
import { councils, organisations, users } from "./accounts";
import { FEE_FUNDING, PAYMENT_CADENCES } from "./agreement-templates";
import { createdAt, id, instant } from "./columns";
import { frameworkLots } from "./frameworks";
import type { CostUnit } from "./offers";
import { people } from "./people";

/**
 * Where an agreement stands as a whole. Before its first approval it follows its working version
 * (draft, issued, awaiting approval); once approved it is active, then ending (notice given), then ended.
 * "withdrawn": stopped before anyone signed it, because the person's record was closed.
 */
export const AGREEMENT_STATUSES = ["draft", "issued", "awaiting_approval", "active", "ending", "ended", "withdrawn"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Where one version stands. A variation is a new version that goes through the same steps while the approved one stays in force. */
/** "withdrawn": declined by a party or returned by commissioning; its signatures stay on record and a new draft follows it. */
export const VERSION_STATUSES = ["draft", "issued", "awaiting_approval", "approved", "superseded", "withdrawn"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const PARTIES = ["person", "provider", "council"] as const;
export type Party = (typeof PARTIES)[number];

export const FEE_KINDS = ["none", "percent", "fixed"] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

/** One line of the plan: how part of the fund meets one of the person's outcomes. */
export type DraftPlanLine = {
  /** The person's outcome (person_outcomes.id) and the council's outcome (council list item) it belongs to. */
  personOutcomeId: string;
  outcomeId: string;
  support: string;
  /** Roughly how many hours or sessions, in words: "6 hours a week". */
  quantity: string;
  /**
   * The cost option: when the provider publishes offers under the lot, one of their cost options (its id, and its
   * name, rate and unit copied from the offer); otherwise described in words ("Weekday daytime") with an optional
   * rate in pence per unit of the lot.
   */
  costOption: string;
  ratePence: number | null;
  costOptionId?: string | null;
  unit?: CostUnit | null;
  amountPence: number;
};

/**
 * A tri-party Option 2 agreement between the council, a provider and a supported person. Its terms live in
 * versions; the agreement records who it is between and where it stands.
 */
export const agreements = sqliteTable(
  "agreements",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    personId: text()
      .notNull()
      .references(() => people.id),
    providerOrganisationId: text()
      .notNull()
      .references(() => organisations.id),
    lotId: text()
      .notNull()
      .references(() => frameworkLots.id),
    /** The service offer the person chose it from, when there was one (offers are a separate area). */
    offerId: text(),
    /** CV-ISF-000123: unique per council. */
    reference: text().notNull(),
    status: text({ enum: AGREEMENT_STATUSES }).notNull().default("draft"),
    /** Notice to end: the date it ends, why, who gave it, and whether it was immediate for safeguarding. */
    noticeGivenAt: instant(),
    noticeGivenBy: text().references(() => users.id),
    noticeReason: text(),
    noticeEndsOn: text(),
    safeguarding: integer({ mode: "boolean" }).notNull().default(false),
    /**
     * A request from the person's side or the provider to end the agreement at once for safeguarding, waiting for the
     * commissioning team to decide: when, by whom and why. Cleared when they decide (the audit log keeps it).
     */
    safeguardingRequestedAt: instant(),
    safeguardingRequestedBy: text(),
    safeguardingRequestReason: text(),
    endedOn: text(),
    createdBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("agreements_council_reference_idx").on(t.councilId, t.reference),
    index("agreements_council_status_idx").on(t.councilId, t.status),
    index("agreements_person_idx").on(t.personId),
    index("agreements_provider_idx").on(t.providerOrganisationId),
  ],
);

/**
 * One version of an agreement. While a draft its fields are edited; when issued for signature its whole
 * content is frozen as JSON with a SHA-256 fingerprint, which every signature and the approval are bound to.
 */
export const agreementVersions = sqliteTable(
  "agreement_versions",
  {
    id: id(),
    agreementId: text()
      .notNull()
      .references(() => agreements.id),
    number: integer().notNull(),
    status: text({ enum: VERSION_STATUSES }).notNull().default("draft"),
    startOn: text(),
    endOn: text(),
    reviewOn: text(),
    isfPence: integer().notNull().default(0),
    cadence: text({ enum: PAYMENT_CADENCES }).notNull(),
    feeKind: text({ enum: FEE_KINDS }).notNull().default("none"),
    /** Percentage fee in basis points (5% = 500). */
    feeBasisPoints: integer().notNull().default(0),
    feePence: integer().notNull().default(0),
    feeFunding: text({ enum: FEE_FUNDING }).notNull(),
    contingencyPence: integer().notNull().default(0),
    otherProvidersAllowed: integer({ mode: "boolean" }).notNull().default(false),
    plan: text({ mode: "json" }).$type<DraftPlanLine[]>().notNull().default([]),
    /** Why this version was made (for a variation). */
    changeReason: text().notNull().default(""),
    /** Set when issued: the frozen content, its fingerprint and the template version it was worded from. */
    content: text({ mode: "json" }).$type<AgreementContent>(),
    fingerprint: text(),
    templateVersion: integer(),
    issuedAt: instant(),
    issuedBy: text().references(() => users.id),
    approvedAt: instant(),
    updatedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("agreement_versions_number_idx").on(t.agreementId, t.number),
    /** Versions waiting for the commissioning team: few, counted on the dashboard. */
    index("agreement_versions_awaiting_idx").on(t.agreementId).where(sql`status = 'awaiting_approval'`),
    check("agreement_versions_money_check", sql`${t.isfPence} >= 0 and ${t.feePence} >= 0 and ${t.contingencyPence} >= 0`),
  ],
);

/** A party's electronic signature of one version, bound to its fingerprint. One per party per version. */
export const agreementSignatures = sqliteTable(
  "agreement_signatures",
  {
    id: id(),
    agreementId: text()
      .notNull()
      .references(() => agreements.id),
    versionId: text()
      .notNull()
      .references(() => agreementVersions.id),
    party: text({ enum: PARTIES }).notNull(),
    userId: text()
      .notNull()
      .references(() => users.id),
    /** The full name as typed by the signer. */
    name: text().notNull(),
    role: text().notNull(),
    authority: text().notNull(),
    fingerprint: text().notNull(),
    ipAddress: text().notNull().default(""),
    userAgent: text().notNull().default(""),
    signedAt: createdAt(),
  },
  (t) => [uniqueIndex("agreement_signatures_party_idx").on(t.versionId, t.party), index("agreement_signatures_agreement_idx").on(t.agreementId)],
);

export const DECISION_KINDS = ["declined", "returned", "approved"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** A decision on a version: a party declined to sign, or commissioning returned or approved it. */
export const agreementDecisions = sqliteTable(
  "agreement_decisions",
  {
    id: id(),
    agreementId: text()
      .notNull()
      .references(() => agreements.id),
    versionId: text()
      .notNull()
      .references(() => agreementVersions.id),
    kind: text({ enum: DECISION_KINDS }).notNull(),
    party: text({ enum: PARTIES }).notNull(),
    userId: text()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    reason: text().notNull().default(""),
    fingerprint: text().notNull(),
    ipAddress: text().notNull().default(""),
    decidedAt: createdAt(),
  },
  (t) => [index("agreement_decisions_agreement_idx").on(t.agreementId, t.decidedAt)],
);

export const agreementsRelations = relations(agreements, ({ one, many }) => ({
  council: one(councils, { fields: [agreements.councilId], references: [councils.id] }),
  person: one(people, { fields: [agreements.personId], references: [people.id] }),
  provider: one(organisations, { fields: [agreements.providerOrganisationId], references: [organisations.id] }),
  lot: one(frameworkLots, { fields: [agreements.lotId], references: [frameworkLots.id] }),
  versions: many(agreementVersions),
}));

export const agreementVersionsRelations = relations(agreementVersions, ({ one }) => ({
  agreement: one(agreements, { fields: [agreementVersions.agreementId], references: [agreements.id] }),
}));

import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { councils, users } from "./accounts";
import { createdAt, id, instant } from "./columns";
import { councilListItems } from "./council-lists";

export const CONTACT_METHODS = ["email", "phone", "post"] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const ACCESSIBLE_FORMATS = ["large_print", "easy_read", "braille", "audio", "bsl"] as const;
export type AccessibleFormat = (typeof ACCESSIBLE_FORMATS)[number];

export const PERSON_STATUSES = ["open", "closed"] as const;

/**
 * A supported person, recorded by a practitioner of one council. Never deleted once used: closing a record
 * keeps its history. `userId` is the person's own account once they accept an invitation.
 */
export const people = sqliteTable(
  "people",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    /** The council's own reference number for the person. */
    reference: text().notNull(),
    name: text().notNull(),
    dateOfBirth: text().notNull(),
    address: text().notNull().default(""),
    postcode: text().notNull().default(""),
    localityId: text().references(() => councilListItems.id),
    /** The care group from the council's list, for the SDS return. */
    careGroupId: text().references(() => councilListItems.id),
    email: text().notNull().default(""),
    phone: text().notNull().default(""),
    contactMethod: text({ enum: CONTACT_METHODS }).notNull().default("post"),
    accessibleFormats: text({ mode: "json" }).$type<AccessibleFormat[]>().notNull().default([]),
    communicationNeeds: text().notNull().default(""),
    /** The practitioner who looks after the person. */
    practitionerId: text().references(() => users.id),
    userId: text().references(() => users.id),
    status: text({ enum: PERSON_STATUSES }).notNull().default("open"),
    closedAt: instant(),
    closedReason: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("people_council_reference_idx").on(t.councilId, t.reference),
    index("people_council_name_idx").on(t.councilId, t.name),
    uniqueIndex("people_user_idx").on(t.userId),
  ],
);

export const REPRESENTATIVE_KINDS = ["carer", "family", "guardian", "power_of_attorney", "independent_supporter"] as const;
export type RepresentativeKind = (typeof REPRESENTATIVE_KINDS)[number];

/** What a representative may do for the person, from least to most. */
export const AUTHORITIES = ["view", "choose", "manage"] as const;
export type Authority = (typeof AUTHORITIES)[number];

/** Someone who acts for the person, on a recorded legal authority or basis, between two dates. */
export const representatives = sqliteTable(
  "representatives",
  {
    id: id(),
    personId: text()
      .notNull()
      .references(() => people.id),
    name: text().notNull(),
    kind: text({ enum: REPRESENTATIVE_KINDS }).notNull(),
    relationship: text().notNull().default(""),
    /** The legal authority or basis, in words ("Welfare power of attorney registered with the OPG"). */
    basis: text().notNull(),
    /** Required for guardians and attorneys. */
    documentReference: text().notNull().default(""),
    authority: text({ enum: AUTHORITIES }).notNull(),
    startsOn: text().notNull(),
    endsOn: text(),
    email: text().notNull().default(""),
    phone: text().notNull().default(""),
    userId: text().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("representatives_person_idx").on(t.personId), index("representatives_user_idx").on(t.userId)],
);

/** The outcome of an assessment of eligibility. The newest is the current one. */
export const assessments = sqliteTable(
  "assessments",
  {
    id: id(),
    personId: text()
      .notNull()
      .references(() => people.id),
    assessedOn: text().notNull(),
    eligible: integer({ mode: "boolean" }).notNull(),
    summary: text().notNull().default(""),
    recordedBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("assessments_person_idx").on(t.personId, t.createdAt)],
);

export const BUDGET_PERIODS = ["year", "week"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const BUDGET_BASES = ["ras_score", "agreed_package", "other"] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

/**
 * One version of a person's individual budget, with how it is split across the SDS options. Versions are
 * never edited: a change is a new version with its reason, so the history is kept. The highest version is
 * the current one. The option amounts are for the same period as the budget and add up to it.
 */
export const budgetVersions = sqliteTable(
  "budget_versions",
  {
    id: id(),
    personId: text()
      .notNull()
      .references(() => people.id),
    version: integer().notNull(),
    amountPence: integer().notNull(),
    period: text({ enum: BUDGET_PERIODS }).notNull(),
    startsOn: text().notNull(),
    endsOn: text(),
    basis: text({ enum: BUDGET_BASES }).notNull(),
    basisDetail: text().notNull().default(""),
    contributionPence: integer().notNull().default(0),
    option1Pence: integer().notNull().default(0),
    option2Pence: integer().notNull().default(0),
    option3Pence: integer().notNull().default(0),
    reason: text().notNull(),
    recordedBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("budget_versions_person_version_idx").on(t.personId, t.version)],
);

/** An outcome from the person's support plan: an entry of the council's outcome list, in the person's own words. */
export const personOutcomes = sqliteTable(
  "person_outcomes",
  {
    id: id(),
    personId: text()
      .notNull()
      .references(() => people.id),
    outcomeId: text()
      .notNull()
      .references(() => councilListItems.id),
    ownWords: text().notNull(),
    createdAt: createdAt(),
    /** Removed from the support plan; kept for the history. */
    removedAt: instant(),
  },
  (t) => [index("person_outcomes_person_idx").on(t.personId), index("person_outcomes_outcome_idx").on(t.outcomeId)],
);

/**
 * An emailed invitation to use the service, for the person or one of their representatives. Only the
 * SHA-256 of the token is stored; it works once and expires after 14 days. Sending again replaces it.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    tokenHash: text().notNull().unique(),
    personId: text()
      .notNull()
      .references(() => people.id),
    representativeId: text().references(() => representatives.id),
    email: text().notNull(),
    expiresAt: instant().notNull(),
    acceptedAt: instant(),
    replacedAt: instant(),
    invitedBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_person_idx").on(t.personId)],
);

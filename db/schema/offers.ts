import { relations, sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { councils, organisations, users } from "./accounts";
import { createdAt, id, instant } from "./columns";
import { frameworkLots } from "./frameworks";

export const OFFER_STATUSES = ["draft", "published", "paused", "withdrawn"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const DELIVERY_MODES = ["at_home", "in_community", "at_venue", "online"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Spoken, written and signed languages, by ISO 639 code (BSL is `bfi`). */
export const LANGUAGES = ["en", "gd", "bfi", "pl", "ur", "pa", "ar", "yue", "uk", "ro"] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMMUNICATION_SUPPORT = ["makaton", "easy_read", "talking_mats", "deafblind", "hearing_loop", "interpreters"] as const;
export type CommunicationSupport = (typeof COMMUNICATION_SUPPORT)[number];

export const ACCEPTING = ["yes", "waiting_list", "no"] as const;
export type Accepting = (typeof ACCEPTING)[number];

export const COST_UNITS = ["hour", "session", "day", "week", "package"] as const;
export type CostUnit = (typeof COST_UNITS)[number];

/** The Care Inspectorate's key questions, each graded 1 (unsatisfactory) to 6 (excellent). */
export const GRADE_THEMES = ["wellbeing", "leadership", "staffing", "setting", "planning"] as const;
export type GradeTheme = (typeof GRADE_THEMES)[number];
export type Grades = Partial<Record<GradeTheme, number>>;

const jsonList = <T extends string>() =>
  text({ mode: "json" })
    .$type<T[]>()
    .notNull()
    .default(sql`'[]'`);

/**
 * A service offer a provider publishes under a framework lot it is admitted to. Whether the public sees
 * it is worked out in each query from its status and the provider's current standing on the lot, so a
 * suspension hides it at once without touching the offer. Outcomes, localities and care groups are ids of
 * council list entries; retired entries stay attached.
 */
export const offers = sqliteTable(
  "offers",
  {
    id: id(),
    organisationId: text()
      .notNull()
      .references(() => organisations.id),
    /** The lot's framework's council, kept here so queries can be scoped by it. */
    councilId: text()
      .notNull()
      .references(() => councils.id),
    lotId: text()
      .notNull()
      .references(() => frameworkLots.id),
    status: text({ enum: OFFER_STATUSES }).notNull().default("draft"),
    title: text().notNull(),
    /** Plain-language summary shown in results, 50 to 250 characters. */
    summary: text().notNull(),
    description: text().notNull().default(""),
    outcomeIds: jsonList<string>(),
    careGroupIds: jsonList<string>(),
    minAge: integer(),
    maxAge: integer(),
    localityIds: jsonList<string>(),
    deliveryModes: jsonList<DeliveryMode>(),
    /** Days of the week, when not flexible. */
    days: jsonList<Weekday>(),
    /** "HH:MM", or null. */
    opensAt: text(),
    closesAt: text(),
    flexible: integer({ mode: "boolean" }).notNull().default(false),
    scheduleNotes: text().notNull().default(""),
    languages: jsonList<Language>(),
    /** Community languages not in LANGUAGES, by name, as the provider wrote them. */
    otherLanguages: jsonList<string>(),
    communicationSupport: jsonList<CommunicationSupport>(),
    accessibilityNotes: text().notNull().default(""),
    accepting: text({ enum: ACCEPTING }).notNull().default("yes"),
    /** Places available now, when the provider says. */
    places: integer(),
    contactName: text().notNull().default(""),
    contactEmail: text().notNull().default(""),
    contactPhone: text().notNull().default(""),
    /** How to get in touch, in the provider's words. */
    contactNotes: text().notNull().default(""),
    careInspectorateNumber: text().notNull().default(""),
    grades: text({ mode: "json" })
      .$type<Grades>()
      .notNull()
      .default(sql`'{}'`),
    gradedOn: text(),
    viewCount: integer().notNull().default(0),
    shortlistCount: integer().notNull().default(0),
    publishedAt: instant(),
    updatedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [
    index("offers_organisation_idx").on(t.organisationId, t.status),
    index("offers_council_status_idx").on(t.councilId, t.status, t.updatedAt),
    index("offers_lot_idx").on(t.lotId),
  ],
);

/** A price for an offer: an amount in pence per unit, what it includes, and when it applies. */
export const offerCostOptions = sqliteTable(
  "offer_cost_options",
  {
    id: id(),
    offerId: text()
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    label: text().notNull().default(""),
    amountPence: integer().notNull(),
    unit: text({ enum: COST_UNITS }).notNull(),
    includes: text().notNull().default(""),
    validFrom: text(),
    validTo: text(),
    position: integer().notNull().default(0),
  },
  (t) => [index("offer_cost_options_offer_idx").on(t.offerId, t.unit, t.amountPence)],
);

/**
 * Offers a signed-in person has kept to look at again or compare. Taking one off the shortlist keeps the row (with
 * the time), so the offer's shortlist count stays a count of distinct people.
 */
export const shortlistItems = sqliteTable(
  "shortlist_items",
  {
    userId: text()
      .notNull()
      .references(() => users.id),
    offerId: text()
      .notNull()
      .references(() => offers.id),
    createdAt: createdAt(),
    removedAt: instant(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.offerId] })],
);

export const ENQUIRY_STATUSES = ["open", "closed"] as const;

/** A conversation between a person (or their representative) and a provider about one offer. */
export const enquiries = sqliteTable(
  "enquiries",
  {
    id: id(),
    offerId: text()
      .notNull()
      .references(() => offers.id),
    organisationId: text()
      .notNull()
      .references(() => organisations.id),
    personUserId: text()
      .notNull()
      .references(() => users.id),
    status: text({ enum: ENQUIRY_STATUSES }).notNull().default("open"),
    /** Who spoke last, so each side sees what is waiting for it. */
    awaiting: text({ enum: ["provider", "person"] })
      .notNull()
      .default("provider"),
    updatedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [index("enquiries_person_idx").on(t.personUserId, t.updatedAt), index("enquiries_organisation_idx").on(t.organisationId, t.updatedAt), index("enquiries_offer_idx").on(t.offerId)],
);

export const enquiryMessages = sqliteTable(
  "enquiry_messages",
  {
    id: id(),
    enquiryId: text()
      .notNull()
      .references(() => enquiries.id),
    authorUserId: text()
      .notNull()
      .references(() => users.id),
    side: text({ enum: ["provider", "person"] }).notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("enquiry_messages_enquiry_idx").on(t.enquiryId, t.createdAt)],
);

export const offersRelations = relations(offers, ({ one, many }) => ({
  organisation: one(organisations, { fields: [offers.organisationId], references: [organisations.id] }),
  lot: one(frameworkLots, { fields: [offers.lotId], references: [frameworkLots.id] }),
  costOptions: many(offerCostOptions),
}));
export const offerCostOptionsRelations = relations(offerCostOptions, ({ one }) => ({
  offer: one(offers, { fields: [offerCostOptions.offerId], references: [offers.id] }),
}));

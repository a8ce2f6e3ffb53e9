import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, instant } from "./columns";

export const ROLES = [
  "supported_person",
  "representative",
  "practitioner",
  "commissioner",
  "finance",
  "provider_admin",
  "provider_staff",
  "platform_admin",
] as const;
export type Role = (typeof ROLES)[number];

export const COUNCIL_ROLES = ["practitioner", "commissioner", "finance"] as const satisfies readonly Role[];
export const PROVIDER_ROLES = ["provider_admin", "provider_staff"] as const satisfies readonly Role[];
export const PERSON_ROLES = ["supported_person", "representative"] as const satisfies readonly Role[];

export const councils = sqliteTable("councils", {
  id: id(),
  name: text().notNull().unique(),
  slug: text().notNull().unique(),
  createdAt: createdAt(),
});

export const ORGANISATION_TYPES = ["charity", "social_enterprise", "company", "other"] as const;

/** A provider organisation. It may work with several councils. */
export const organisations = sqliteTable("organisations", {
  id: id(),
  name: text().notNull(),
  type: text({ enum: ORGANISATION_TYPES }).notNull().default("charity"),
  /** Scottish Charity Regulator (OSCR) number, like SC012345. */
  charityNumber: text().notNull().default(""),
  /** Companies House number, like SC123456. */
  companyNumber: text().notNull().default(""),
  address: text().notNull().default(""),
  postcode: text().notNull().default(""),
  contactName: text().notNull().default(""),
  contactEmail: text().notNull().default(""),
  contactPhone: text().notNull().default(""),
  /** Care Inspectorate service registration numbers, comma separated. */
  careInspectorateNumbers: text().notNull().default(""),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text(),
    role: text({ enum: ROLES }).notNull(),
    councilId: text().references(() => councils.id),
    organisationId: text().references(() => organisations.id),
    createdAt: createdAt(),
    passwordChangedAt: instant(),
    disabledAt: instant(),
  },
  (t) => [index("users_council_idx").on(t.councilId), index("users_organisation_idx").on(t.organisationId)],
);

/** Sessions as the Lucia guide describes: the id is the SHA-256 of the token in the cookie. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant().notNull(),
    /** A one-off message for the next page shown in this session ("Your password has been changed"). */
    flash: text(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant().notNull(),
    usedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index("password_reset_tokens_user_idx").on(t.userId)],
);

/** Failed sign-ins counted per account ("email:…") and per address ("ip:…"). */
export const signInThrottles = sqliteTable("sign_in_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  firstFailureAt: instant().notNull(),
  lastFailureAt: instant().notNull(),
  lockedUntil: instant(),
});

export const councilsRelations = relations(councils, ({ many }) => ({ users: many(users) }));
export const organisationsRelations = relations(organisations, ({ many }) => ({ users: many(users) }));
export const usersRelations = relations(users, ({ one, many }) => ({
  council: one(councils, { fields: [users.councilId], references: [councils.id] }),
  organisation: one(organisations, { fields: [users.organisationId], references: [organisations.id] }),
  sessions: many(sessions),
}));
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

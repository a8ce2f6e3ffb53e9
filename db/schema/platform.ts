import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, instant } from "./columns";

/** Append-only: triggers in the migrations refuse UPDATE and DELETE. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorUserId: text(),
    councilId: text(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    detail: text().notNull().default(""),
    ipAddress: text(),
  },
  (t) => [
    index("audit_events_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_events_actor_idx").on(t.actorUserId),
    index("audit_events_council_idx").on(t.councilId, t.at),
  ],
);

/** Every email the service sends. Without SMTP it stays here, readable at /dev/outbox outside production. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    sentAt: instant(),
    error: text(),
  },
  (t) => [index("outbox_to_idx").on(t.toAddress, t.createdAt)],
);

/** A file sent with an email in the outbox (the signed agreement, its Easy Read summary), kept with it until sent and after. */
export const outboxAttachments = sqliteTable(
  "outbox_attachments",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    outboxId: integer()
      .notNull()
      .references(() => outbox.id),
    filename: text().notNull(),
    contentType: text().notNull(),
    content: blob({ mode: "buffer" }).notNull(),
  },
  (t) => [index("outbox_attachments_outbox_idx").on(t.outboxId)],
);

/** In-service notifications shown on a user's home page. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    userId: text()
      .notNull()
      .references(() => users.id),
    message: text().notNull(),
    link: text(),
    readAt: instant(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

export const settings = sqliteTable("settings", {
  key: text().primaryKey(),
  value: text().notNull(),
});

import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { notifications, users } from "@db/schema";
import { queueEmail, serviceLink, type Attachment } from "~/lib/email.server";

export type Notice = {
  userIds: string[];
  /** One sentence shown on the person's home page and used as the email subject. */
  message: string;
  /** Path of the page the notice is about. */
  link?: string;
  /** Extra paragraphs for the email. */
  body?: string;
  /** Files sent with the email. */
  attachments?: Attachment[];
};

/** Tells people something happened: a notification on their home page and an email. Runs inside the caller's transaction. */
export function notify(db: Tx, notice: Notice): void {
  const ids = [...new Set(notice.userIds)];
  if (ids.length === 0) return;
  const recipients = db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)))
    .all();
  for (const recipient of recipients) {
    db.insert(notifications).values({ userId: recipient.id, message: notice.message, link: notice.link ?? null }).run();
    const lines = [`Dear ${recipient.name},`, notice.message, notice.body ?? "", notice.link ? serviceLink(notice.link) : ""];
    queueEmail(db, { to: recipient.email, subject: notice.message, text: lines.filter(Boolean).join("\n\n"), attachments: notice.attachments });
  }
}

export function recentNotifications(db: Tx, userId: string, limit = 10) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

export function markNotificationsRead(db: Tx, userId: string): void {
  db.update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run();
}

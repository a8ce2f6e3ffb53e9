import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
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

/** How many of the user's notifications they have not seen yet. */
export function unreadCount(db: Tx, userId: string): number {
  return (
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

/**
 * One page of the user's notifications, newest first, each saying whether it was unread. Those on the page count
 * as seen from now on: they are marked read (the page still shows which were new).
 */
export function notificationsPage(db: Tx, userId: string, requested: number, now = new Date()) {
  const total = db.select({ n: count() }).from(notifications).where(eq(notifications.userId, userId)).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pageCount);
  const rows = db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  const unread = rows.filter((n) => !n.readAt).map((n) => n.id);
  const unreadBefore = unreadCount(db, userId);
  if (unread.length > 0) {
    db.update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.userId, userId), inArray(notifications.id, unread), isNull(notifications.readAt)))
      .run();
  }
  return {
    total,
    page,
    pageCount,
    /** Unread elsewhere, on other pages, after this one is seen. */
    unreadElsewhere: unreadBefore - unread.length,
    rows: rows.map((n) => ({ id: n.id, message: n.message, link: n.link, createdAt: n.createdAt, unread: !n.readAt })),
  };
}

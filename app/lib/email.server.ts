import { and, asc, desc, eq, inArray, isNull, like, type SQL } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import type { Tx } from "@db/client.server";
import { outbox, outboxAttachments } from "@db/schema";
import { env } from "./env.server";

import { SERVICE_NAME } from "./service";
const FROM = `"${SERVICE_NAME}" <no-reply@choice-and-control.example>`;

/** A file sent with an email. */
export type Attachment = { filename: string; contentType: string; content: Buffer };

export type Email = { to: string; subject: string; text: string; attachments?: Attachment[] };

/** A full link to a page of the service, for use in emails. */
export function serviceLink(path: string): string {
  return new URL(path, env().APP_ORIGIN).toString();
}

/**
 * Records the email in the outbox, inside the caller's (synchronous) transaction, so a message exists
 * exactly when the change it reports does. `deliverOutbox` sends it when SMTP is configured; otherwise
 * it stays in the outbox, readable at /dev/outbox outside production.
 */
export function queueEmail(db: Tx, email: Email): void {
  const text = `${email.text.trim()}\n\n--\n${SERVICE_NAME}\nThis is an automatic message. Please do not reply to it.\n`;
  const { id } = db.insert(outbox).values({ toAddress: email.to, subject: email.subject, textBody: text }).returning({ id: outbox.id }).get();
  for (const file of email.attachments ?? []) db.insert(outboxAttachments).values({ outboxId: id, ...file }).run();
}

/** The files sent with each of these emails, by email. */
function attachmentsOf(db: Tx, outboxIds: number[]): Map<number, (typeof outboxAttachments.$inferSelect)[]> {
  const byEmail = new Map<number, (typeof outboxAttachments.$inferSelect)[]>();
  if (outboxIds.length === 0) return byEmail;
  for (const file of db.select().from(outboxAttachments).where(inArray(outboxAttachments.outboxId, outboxIds)).orderBy(asc(outboxAttachments.id)).all()) {
    byEmail.set(file.outboxId, [...(byEmail.get(file.outboxId) ?? []), file]);
  }
  return byEmail;
}

let smtp: Transporter | undefined;

/** Sends what is waiting in the outbox over SMTP. Failures stay queued with the error and are tried again. */
export async function deliverOutbox(db: Tx, transport?: Transporter): Promise<number> {
  const url = env().SMTP_URL;
  if (!transport && !url) return 0;
  smtp ??= transport ?? nodemailer.createTransport(url);
  const waiting = db.select().from(outbox).where(isNull(outbox.sentAt)).orderBy(asc(outbox.id)).limit(100).all();
  const files = attachmentsOf(db, waiting.map((m) => m.id));
  let sent = 0;
  for (const message of waiting) {
    try {
      const attachments = (files.get(message.id) ?? []).map(({ filename, contentType, content }) => ({ filename, contentType, content }));
      await smtp.sendMail({ from: FROM, to: message.toAddress, subject: message.subject, text: message.textBody, attachments });
      db.update(outbox).set({ sentAt: new Date(), error: null }).where(eq(outbox.id, message.id)).run();
      sent++;
    } catch (error) {
      db.update(outbox).set({ error: String(error) }).where(eq(outbox.id, message.id)).run();
    }
  }
  return sent;
}

/**
 * The emails the outbox page may show, newest first (50 at most), with the names and sizes of their attachments,
 * optionally only those to one address. Outside
 * production, all of them. On a production service running the demo it shows only mail to addresses at
 * `.example` domains (reserved names that are never real mailboxes), so a reset link or invitation sent to a real
 * person can never be read there. Otherwise (a live service) the page does not exist: null.
 */
export function readableOutbox(db: Tx, options: { to?: string; production: boolean; demo: boolean }) {
  if (options.production && !options.demo) return null;
  const where: SQL[] = [];
  if (options.production) where.push(like(outbox.toAddress, "%.example"));
  if (options.to) where.push(eq(outbox.toAddress, options.to.trim().toLowerCase()));
  const messages = db
    .select()
    .from(outbox)
    .where(and(...where))
    .orderBy(desc(outbox.id))
    .limit(50)
    .all();
  const files = attachmentsOf(db, messages.map((m) => m.id));
  return messages.map((message) => ({ ...message, attachments: (files.get(message.id) ?? []).map((f) => ({ filename: f.filename, bytes: f.content.length })) }));
}

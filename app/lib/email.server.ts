import { and, asc, desc, eq, isNull, like, type SQL } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import type { Tx } from "@db/client.server";
import { outbox } from "@db/schema";
import { env } from "./env.server";

import { SERVICE_NAME } from "./service";
const FROM = `"${SERVICE_NAME}" <no-reply@choice-and-control.example>`;

export type Email = { to: string; subject: string; text: string };

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
  db.insert(outbox).values({ toAddress: email.to, subject: email.subject, textBody: text }).run();
}

let smtp: Transporter | undefined;

/** Sends what is waiting in the outbox over SMTP. Failures stay queued with the error and are tried again. */
export async function deliverOutbox(db: Tx, transport?: Transporter): Promise<number> {
  const url = env().SMTP_URL;
  if (!transport && !url) return 0;
  smtp ??= transport ?? nodemailer.createTransport(url);
  const waiting = db.select().from(outbox).where(isNull(outbox.sentAt)).orderBy(asc(outbox.id)).limit(100).all();
  let sent = 0;
  for (const message of waiting) {
    try {
      await smtp.sendMail({ from: FROM, to: message.toAddress, subject: message.subject, text: message.textBody });
      db.update(outbox).set({ sentAt: new Date(), error: null }).where(eq(outbox.id, message.id)).run();
      sent++;
    } catch (error) {
      db.update(outbox).set({ error: String(error) }).where(eq(outbox.id, message.id)).run();
    }
  }
  return sent;
}

/**
 * The emails the outbox page may show, newest first (50 at most), optionally only those to one address. Outside
 * production, all of them. On a production service running the demo it shows only mail to addresses at
 * `.example` domains (reserved names that are never real mailboxes), so a reset link or invitation sent to a real
 * person can never be read there. Otherwise (a live service) the page does not exist: null.
 */
export function readableOutbox(db: Tx, options: { to?: string; production: boolean; demo: boolean }) {
  if (options.production && !options.demo) return null;
  const where: SQL[] = [];
  if (options.production) where.push(like(outbox.toAddress, "%.example"));
  if (options.to) where.push(eq(outbox.toAddress, options.to.trim().toLowerCase()));
  return db
    .select()
    .from(outbox)
    .where(and(...where))
    .orderBy(desc(outbox.id))
    .limit(50)
    .all();
}

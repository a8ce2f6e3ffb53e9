import { describe, expect, it } from "vitest";
import { createTestDb } from "../../test/db";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type MailMessage from "nodemailer/lib/mailer/mail-message";
import { deliverOutbox, queueEmail, readableOutbox } from "./email.server";

describe("the outbox page", () => {
  const db = createTestDb();
  queueEmail(db, { to: "someone@council.gov.uk", subject: "Reset your password", text: "A real person's link" });
  queueEmail(db, { to: "morag@people.example", subject: "Reset your password", text: "A demo person's link" });
  const shown = (options: Parameters<typeof readableOutbox>[1]) => readableOutbox(db, options)?.map((m) => m.toAddress) ?? null;

  it("shows every email outside production, newest first, or those to one address", () => {
    expect(shown({ production: false, demo: false })).toEqual(["morag@people.example", "someone@council.gov.uk"]);
    expect(shown({ production: false, demo: false, to: " Someone@Council.gov.uk " })).toEqual(["someone@council.gov.uk"]);
  });

  it("on a production demo shows only mail to .example addresses, never a real person's", () => {
    expect(shown({ production: true, demo: true })).toEqual(["morag@people.example"]);
    expect(shown({ production: true, demo: true, to: "someone@council.gov.uk" })).toEqual([]);
  });

  it("does not exist on a live service", () => {
    expect(shown({ production: true, demo: false })).toBeNull();
  });
});

describe("attachments", () => {
  it("are kept with the email, shown by name on the outbox page and sent with it", async () => {
    const db = createTestDb();
    const content = Buffer.from("%PDF-1.7 signed agreement");
    queueEmail(db, { to: "james@people.example", subject: "Agreement approved", text: "Attached.", attachments: [{ filename: "CV-ISF-000001-v1-signed.pdf", contentType: "application/pdf", content }] });
    expect(readableOutbox(db, { production: false, demo: false })?.[0]?.attachments).toEqual([{ filename: "CV-ISF-000001-v1-signed.pdf", bytes: content.length }]);
    const sent: Mail.Options[] = [];
    // A mail transport that keeps each message instead of sending it.
    const transport = nodemailer.createTransport({
      name: "kept",
      version: "1",
      send: (mail: MailMessage, done: (error: Error | null, info: unknown) => void) => {
        sent.push(mail.data);
        done(null, { messageId: "kept" });
      },
    });
    expect(await deliverOutbox(db, transport)).toBe(1);
    expect(sent[0]?.attachments?.map((a) => [a.filename, Buffer.compare(a.content as Buffer, content)])).toEqual([["CV-ISF-000001-v1-signed.pdf", 0]]);
  });
});

import { describe, expect, it } from "vitest";
import { createTestDb } from "../../test/db";
import { queueEmail, readableOutbox } from "./email.server";

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

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerAlerts, notifications, outbox } from "@db/schema";
import { createTestDb } from "../../../test/db";
import { makeIsfAccount } from "../../../test/factories";
import { raiseLedgerAlerts } from "./alerts.server";
import { postEntries } from "./ledger.server";

describe("ledger alerts", () => {
  it("tell the provider and the practitioner once per condition, and again only after it has cleared", () => {
    const db = createTestDb();
    // £18,250.00 over 365 days: £50.00 a day.
    const { account, finance, providerAdmin, practitioner } = makeIsfAccount(db, { openingAmount: 1_825_000 });
    const recipients = { providerUserIds: [providerAdmin.id], practitionerUserIds: [practitioner.id] };
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", reference: "line-1", description: "Support, April" }], finance);

    // 30 June: nothing paid since 28 April, so the forecast is £1,400.00 of £18,250.00.
    expect(raiseLedgerAlerts(db, account.id, "2026-06-30", recipients)).toEqual(["forecast_underspend", "no_recent_drawdown"]);
    expect(raiseLedgerAlerts(db, account.id, "2026-07-01", recipients)).toEqual([]);
    const mine = db.select().from(notifications).where(eq(notifications.userId, practitioner.id)).all();
    expect(mine.map((n) => n.message)).toEqual([
      "An Individual Service Fund is forecast to leave more than 20% unspent",
      "Nothing has been paid from an Individual Service Fund for 8 weeks",
    ]);
    expect(mine[0]!.link).toBe(`/funds/${account.id}`);
    expect(db.select().from(notifications).where(eq(notifications.userId, providerAdmin.id)).all()).toHaveLength(2);
    const email = db.select().from(outbox).where(eq(outbox.toAddress, practitioner.email)).all()[0]!;
    expect(email.textBody).toContain("spending will reach £1,400.00 by 31 March 2027, leaving £16,850.00 of the £18,250.00 budget unspent");

    // Support is paid again: £3,900.00 spent, and at the new rate (£2,500.00 in 8 weeks, 272 days left) the
    // forecast is £16,042.86, less than 20% short. Both alerts clear.
    postEntries(db, [{ accountId: account.id, kind: "drawdown", amount: -250_000, entryDate: "2026-07-02", reference: "line-2", description: "Support, May and June" }], finance);
    expect(raiseLedgerAlerts(db, account.id, "2026-07-02", recipients)).toEqual([]);
    expect(db.select().from(ledgerAlerts).all().map((a) => [a.condition, a.clearedOn])).toEqual([
      ["forecast_underspend", "2026-07-02"],
      ["no_recent_drawdown", "2026-07-02"],
    ]);
    // After another 8 quiet weeks both come back, and are told again.
    expect(raiseLedgerAlerts(db, account.id, "2026-08-27", recipients)).toEqual(["forecast_underspend", "no_recent_drawdown"]);
    expect(db.select().from(notifications).where(eq(notifications.userId, practitioner.id)).all()).toHaveLength(4);
  });
});

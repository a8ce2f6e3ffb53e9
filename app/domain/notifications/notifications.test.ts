import { describe, expect, it } from "vitest";
import { notifications } from "@db/schema";
import { createSeededDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { NOTIFICATIONS_PAGE_SIZE, notificationsPage, recentNotifications, unreadCount } from "./notifications.server";

describe("a user's notifications", () => {
  it("are all kept, a page at a time, newest first; those seen on a page are marked read and still shown as new once", async () => {
    const db = await createSeededDb();
    const user = makeUser(db, "provider_admin");
    for (let n = 1; n <= 25; n++) db.insert(notifications).values({ userId: user.id, message: `Notice ${n}` }).run();
    expect(recentNotifications(db, user.id)).toHaveLength(10);
    expect(unreadCount(db, user.id)).toBe(25);

    const first = notificationsPage(db, user.id, 1);
    expect(first).toMatchObject({ total: 25, page: 1, pageCount: 2, unreadElsewhere: 5 });
    expect(first.rows).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    expect(first.rows[0]).toMatchObject({ message: "Notice 25", unread: true });
    expect(unreadCount(db, user.id)).toBe(5);

    const second = notificationsPage(db, user.id, 2);
    expect(second.rows.map((n) => n.message)).toEqual(["Notice 5", "Notice 4", "Notice 3", "Notice 2", "Notice 1"]);
    expect(second.rows.every((n) => n.unread)).toBe(true);
    expect(second.unreadElsewhere).toBe(0);
    expect(unreadCount(db, user.id)).toBe(0);

    expect(notificationsPage(db, user.id, 1).rows.some((n) => n.unread)).toBe(false);
    expect(notificationsPage(db, user.id, 99).page).toBe(2);
  });

  it("are nobody else's", async () => {
    const db = await createSeededDb();
    const [one, other] = [makeUser(db, "practitioner"), makeUser(db, "practitioner")];
    db.insert(notifications).values({ userId: one.id, message: "Only for one" }).run();
    expect(notificationsPage(db, other.id, 1)).toMatchObject({ total: 0, rows: [] });
    expect(unreadCount(db, one.id)).toBe(1);
  });
});

import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, outbox, passwordResetTokens, sessions, signInThrottles } from "@db/schema";
import { createSeededDb, TEST_PASSWORD } from "../../test/db";
import { actorFor } from "../../test/factories";
import { EXPIRED_RESET_LINK } from "./password-rules";
import { ACCOUNT_LOCK_AFTER, ADDRESS_LOCK_AFTER, ADDRESS_SLOW_AFTER, changePassword, LOCK_MS, requestPasswordReset, resetPassword, signIn, slowdownFor } from "./accounts.server";
import { createSession, validateSessionToken } from "./session.server";

const noSleep = async () => {};
const EMAIL = "finance@clydevale.example";

function resetLinkToken(db: Awaited<ReturnType<typeof createSeededDb>>, email: string): string {
  const message = db.select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(desc(outbox.id)).get();
  const match = /\/reset-password\/([a-z0-9]+)/.exec(message?.textBody ?? "");
  if (!match?.[1]) throw new Error("no reset link in the outbox");
  return match[1];
}

describe("signing in", () => {
  it("signs in with the right password, records it, and creates a session", async () => {
    const db = await createSeededDb();
    const result = await signIn(db, { email: " Finance@Clydevale.example ", password: TEST_PASSWORD }, { ipAddress: "10.0.0.1", sleep: noSleep });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(validateSessionToken(db, result.token)?.actor.email).toBe(EMAIL);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "auth.signed_in")).all()).toHaveLength(1);
  });

  it("gives the same message for a wrong password and an unknown account, and records the failure", async () => {
    const db = await createSeededDb();
    const wrong = await signIn(db, { email: EMAIL, password: "not-the-password" }, { ipAddress: "10.0.0.1", sleep: noSleep });
    const unknown = await signIn(db, { email: "nobody@clydevale.example", password: "whatever-it-is" }, { ipAddress: "10.0.0.2", sleep: noSleep });
    expect(wrong).toEqual({ ok: false, message: "Enter a correct email address and password", locked: false });
    expect(unknown).toEqual(wrong);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_in_failed")).all()).toHaveLength(2);
  });

  it("slows repeated failures, then locks the account, records the lock, and refuses even the right password", async () => {
    const db = await createSeededDb();
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const now = new Date("2026-11-22T10:00:00Z");
    let last;
    for (let i = 0; i < ACCOUNT_LOCK_AFTER; i++) {
      last = await signIn(db, { email: EMAIL, password: `wrong-${i}-password` }, { ipAddress: `10.1.0.${i}`, sleep, now });
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000]);
    expect(last).toMatchObject({ ok: false, locked: true });
    expect(last?.ok === false && last.message).toMatch(/locked until/);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "auth.locked")).all()).toHaveLength(1);

    const right = await signIn(db, { email: EMAIL, password: TEST_PASSWORD }, { ipAddress: "10.2.0.1", sleep, now: new Date(now.getTime() + 60_000) });
    expect(right).toMatchObject({ ok: false, locked: true });

    const afterLock = await signIn(db, { email: EMAIL, password: TEST_PASSWORD }, { ipAddress: "10.2.0.1", sleep, now: new Date(now.getTime() + LOCK_MS + 1000) });
    expect(afterLock.ok).toBe(true);
    expect(db.select().from(signInThrottles).where(eq(signInThrottles.key, `email:${EMAIL}`)).get()).toBeUndefined();
  });

  it("slows, then locks, an address that fails against many accounts", async () => {
    const db = await createSeededDb();
    const now = new Date("2026-11-22T10:00:00Z");
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let last;
    for (let i = 0; i < ADDRESS_LOCK_AFTER; i++) {
      last = await signIn(db, { email: `guess${i}@clydevale.example`, password: "password-guess" }, { ipAddress: "192.0.2.7", sleep, now });
    }
    expect(waits.slice(0, ADDRESS_SLOW_AFTER).every((ms) => ms === 0)).toBe(true);
    expect(waits.slice(ADDRESS_SLOW_AFTER, ADDRESS_SLOW_AFTER + 4)).toEqual([500, 1000, 1500, 2000]);
    expect(last).toMatchObject({ ok: false, locked: true });
    const other = await signIn(db, { email: EMAIL, password: TEST_PASSWORD }, { ipAddress: "192.0.2.7", sleep: noSleep, now });
    expect(other).toMatchObject({ ok: false, locked: true });
  });

  it("holds back sign-in a little more after each failure beyond the third, up to 2 seconds", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((failures) => slowdownFor(failures))).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });
});

describe("resetting a forgotten password", () => {
  it("emails a single-use link that sets the password and signs out every session", async () => {
    const db = await createSeededDb();
    const actor = actorFor(db, EMAIL);
    const existing = createSession(db, actor.id);
    requestPasswordReset(db, EMAIL);
    const token = resetLinkToken(db, EMAIL);
    expect(db.select().from(passwordResetTokens).get()?.id).not.toBe(token);

    await resetPassword(db, { token, password: "lantern-thistle-orbit" });
    expect(validateSessionToken(db, existing.token)).toBeNull();
    const signedIn = await signIn(db, { email: EMAIL, password: "lantern-thistle-orbit" }, { ipAddress: "10.0.0.1", sleep: noSleep });
    expect(signedIn.ok).toBe(true);

    await expect(resetPassword(db, { token, password: "another-good-password" })).rejects.toThrow(EXPIRED_RESET_LINK);
  });

  it("refuses a link after an hour, and a weak new password", async () => {
    const db = await createSeededDb();
    const asked = new Date("2026-11-22T10:00:00Z");
    requestPasswordReset(db, EMAIL, asked);
    const token = resetLinkToken(db, EMAIL);
    await expect(resetPassword(db, { token, password: "short" }, asked)).rejects.toThrow("Password must be 12 characters or more");
    await expect(resetPassword(db, { token, password: "lantern-thistle-orbit" }, new Date(asked.getTime() + 61 * 60_000))).rejects.toThrow(EXPIRED_RESET_LINK);
  });

  it("sends nothing for an address without an account", async () => {
    const db = await createSeededDb();
    const before = db.select().from(outbox).all().length;
    requestPasswordReset(db, "stranger@nowhere.example");
    expect(db.select().from(outbox).all()).toHaveLength(before);
  });
});

describe("changing a password", () => {
  it("needs the current password, then signs out every other session and returns a new one", async () => {
    const db = await createSeededDb();
    const actor = actorFor(db, EMAIL);
    const other = createSession(db, actor.id);
    await expect(changePassword(db, actor, { currentPassword: "wrong-password-here", newPassword: "lantern-thistle-orbit" })).rejects.toThrow(
      "Your current password is not correct",
    );
    expect(validateSessionToken(db, other.token)).not.toBeNull();

    const { token } = await changePassword(db, actor, { currentPassword: TEST_PASSWORD, newPassword: "lantern-thistle-orbit" });
    expect(validateSessionToken(db, other.token)).toBeNull();
    expect(validateSessionToken(db, token)?.actor.id).toBe(actor.id);
    expect(db.select().from(sessions).all()).toHaveLength(1);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "auth.password_changed")).all()).toHaveLength(1);
    expect(db.select().from(outbox).where(eq(outbox.subject, "Your password has been changed")).all()).toHaveLength(1);
  });
});

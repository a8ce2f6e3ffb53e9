import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "@db/schema";
import { actorFor, makeUser } from "../../test/factories";
import { createSeededDb, createTestDb } from "../../test/db";
import { createSession, invalidateSession, invalidateUserSessions, SESSION_LIFETIME_MS, validateSessionToken } from "./session.server";
import { hashToken } from "./tokens.server";

describe("sessions", () => {
  it("stores only the SHA-256 hash of the token", () => {
    const db = createTestDb();
    const user = makeUser(db, "practitioner");
    const { token } = createSession(db, user.id);
    const rows = db.select().from(sessions).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(hashToken(token));
    expect(rows[0]?.id).not.toContain(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("finds the user for a valid token and nothing for an unknown one", () => {
    const db = createTestDb();
    const user = makeUser(db, "finance");
    const { token } = createSession(db, user.id);
    expect(validateSessionToken(db, token)?.actor).toMatchObject({ id: user.id, role: "finance" });
    expect(validateSessionToken(db, `${token}x`)).toBeNull();
  });

  it("deletes an expired session", () => {
    const db = createTestDb();
    const user = makeUser(db, "finance");
    const start = new Date("2026-11-01T09:00:00Z");
    const { token } = createSession(db, user.id, start);
    const later = new Date(start.getTime() + SESSION_LIFETIME_MS + 1);
    expect(validateSessionToken(db, token, later)).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("slides the expiry forward once less than half the lifetime is left", () => {
    const db = createTestDb();
    const user = makeUser(db, "finance");
    const start = new Date("2026-11-01T09:00:00Z");
    const { token } = createSession(db, user.id, start);
    const early = new Date(start.getTime() + SESSION_LIFETIME_MS / 4);
    validateSessionToken(db, token, early);
    expect(db.select().from(sessions).get()?.expiresAt.getTime()).toBe(start.getTime() + SESSION_LIFETIME_MS);
    const late = new Date(start.getTime() + (SESSION_LIFETIME_MS * 3) / 4);
    expect(validateSessionToken(db, token, late)).not.toBeNull();
    expect(db.select().from(sessions).get()?.expiresAt.getTime()).toBe(late.getTime() + SESSION_LIFETIME_MS);
    const afterOriginalExpiry = new Date(start.getTime() + SESSION_LIFETIME_MS + 60_000);
    expect(validateSessionToken(db, token, afterOriginalExpiry)).not.toBeNull();
  });

  it("signs out one session, or every session of a user but the current one", () => {
    const db = createTestDb();
    const user = makeUser(db, "commissioner");
    const first = createSession(db, user.id);
    const second = createSession(db, user.id);
    const third = createSession(db, user.id);
    invalidateSession(db, first.sessionId);
    expect(validateSessionToken(db, first.token)).toBeNull();
    invalidateUserSessions(db, user.id, third.sessionId);
    expect(validateSessionToken(db, second.token)).toBeNull();
    expect(validateSessionToken(db, third.token)).not.toBeNull();
  });

  it("refuses the session of a disabled user", async () => {
    const db = await createSeededDb();
    const actor = actorFor(db, "finance@clydevale.example");
    const { token } = createSession(db, actor.id);
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, actor.id)).run();
    expect(validateSessionToken(db, token)).toBeNull();
  });
});

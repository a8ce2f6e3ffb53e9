import { createCookie, redirect } from "@remix-run/node";
import { and, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { sessions, users } from "@db/schema";
import { database } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { Actor } from "./permissions";
import { generateToken, hashToken } from "./tokens.server";

/** A session lasts 8 hours from the last time it was used; it is extended once less than half remains. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export const sessionCookie = createCookie("session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  get secure() {
    return env().NODE_ENV !== "development";
  },
});

export function createSession(db: Tx, userId: string, now = new Date()): { token: string; sessionId: string; expiresAt: Date } {
  const token = generateToken();
  const sessionId = hashToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  db.insert(sessions).values({ id: sessionId, userId, expiresAt, createdAt: now }).run();
  return { token, sessionId, expiresAt };
}

export type ValidSession = { sessionId: string; actor: Actor; flash: string | null };

/** Finds the session for a token, deleting it when expired and sliding its expiry when it is past half-life. */
export function validateSessionToken(db: Db, token: string, now = new Date()): ValidSession | null {
  const sessionId = hashToken(token);
  const row = db
    .select({
      expiresAt: sessions.expiresAt,
      flash: sessions.flash,
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      councilId: users.councilId,
      organisationId: users.organisationId,
      disabledAt: users.disabledAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime() || row.disabledAt) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  if (row.expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2) {
    db.update(sessions)
      .set({ expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) })
      .where(eq(sessions.id, sessionId))
      .run();
  }
  const { expiresAt: _expiresAt, disabledAt: _disabledAt, flash, ...actor } = row;
  return { sessionId, actor, flash };
}

/** Leaves a message for the next page this session shows. */
export function setFlash(db: Tx, sessionId: string, message: string): void {
  db.update(sessions).set({ flash: message }).where(eq(sessions.id, sessionId)).run();
}

export function takeFlash(db: Tx, session: ValidSession): string | null {
  if (!session.flash) return null;
  db.update(sessions).set({ flash: null }).where(eq(sessions.id, session.sessionId)).run();
  return session.flash;
}

export function invalidateSession(db: Tx, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Signs the user out everywhere, except (optionally) the session making the request. */
export function invalidateUserSessions(db: Tx, userId: string, exceptSessionId?: string): void {
  db.delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
    .run();
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getSession(request: Request): Promise<ValidSession | null> {
  const token = await tokenFrom(request);
  return token ? validateSessionToken(database(), token) : null;
}

export async function getActor(request: Request): Promise<Actor | null> {
  return (await getSession(request))?.actor ?? null;
}

/** The signed-in user, or a redirect to sign in that brings them back here afterwards. */
export async function requireSession(request: Request): Promise<ValidSession> {
  const session = await getSession(request);
  if (session) return session;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireActor(request: Request): Promise<Actor> {
  return (await requireSession(request)).actor;
}

export function commitSessionCookie(token: string): Promise<string> {
  return sessionCookie.serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0 });
}

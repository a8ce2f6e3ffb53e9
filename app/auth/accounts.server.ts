import { and, eq, gt, isNull } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import { passwordResetTokens, signInThrottles, users } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.server";
import { formatDateTime } from "~/lib/dates";
import { queueEmail, serviceLink } from "~/lib/email.server";
import { RuleBroken } from "~/lib/errors";
import { burnVerifyTime, hashPassword, passwordProblem, verifyPassword } from "./password.server";
import type { Actor } from "./permissions";
import { createSession, invalidateUserSessions } from "./session.server";
import { generateToken, hashToken } from "./tokens.server";
import { EXPIRED_RESET_LINK } from "./password-rules";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
/** Failures within the window before sign-in is slowed, and before it is locked: for one account, and from one address. */
export const SLOW_AFTER = 3;
export const ACCOUNT_LOCK_AFTER = 5;
export const ADDRESS_SLOW_AFTER = 10;
export const ADDRESS_LOCK_AFTER = 20;
export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

type ThrottleState = { failures: number; lockedUntil: Date | null };

function throttleState(db: Tx, key: string, now: Date): ThrottleState {
  const row = db.select().from(signInThrottles).where(eq(signInThrottles.key, key)).get();
  if (!row) return { failures: 0, lockedUntil: null };
  const lockedUntil = row.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  const inWindow = now.getTime() - row.firstFailureAt.getTime() < THROTTLE_WINDOW_MS;
  return { failures: inWindow || lockedUntil ? row.failures : 0, lockedUntil };
}

/** Counts a failure; returns the lock's end when this failure starts a lock. */
function recordFailure(db: Tx, key: string, lockAfter: number, now: Date): Date | null {
  const state = throttleState(db, key, now);
  const failures = state.failures + 1;
  const startsLock = failures >= lockAfter && !state.lockedUntil;
  const lockedUntil = startsLock ? new Date(now.getTime() + LOCK_MS) : state.lockedUntil;
  db.insert(signInThrottles)
    .values({ key, failures, firstFailureAt: now, lastFailureAt: now, lockedUntil })
    .onConflictDoUpdate({
      target: signInThrottles.key,
      set: state.failures === 0 ? { failures, firstFailureAt: now, lastFailureAt: now, lockedUntil } : { failures, lastFailureAt: now, lockedUntil },
    })
    .run();
  return startsLock ? lockedUntil : null;
}

/** How long to hold a sign-in attempt back, given earlier failures: nothing, then half a second more each time. */
export function slowdownFor(failures: number, slowAfter = SLOW_AFTER): number {
  return failures < slowAfter ? 0 : Math.min(2_000, 500 * (failures - slowAfter + 1));
}

export type SignInResult =
  | { ok: true; token: string; actor: Actor }
  | { ok: false; message: string; locked: boolean };

export type SignInOptions = { ipAddress: string; now?: Date; sleep?: (ms: number) => Promise<void> };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lockedMessage(until: Date) {
  return `Too many failed attempts to sign in. Sign-in is locked until ${formatDateTime(until)}. You can reset your password now.`;
}

export async function signIn(db: Db, input: { email: string; password: string }, options: SignInOptions): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = normaliseEmail(input.email);
  const emailKey = `email:${email}`;
  const addressKey = `ip:${options.ipAddress}`;
  const byEmail = throttleState(db, emailKey, now);
  const byAddress = throttleState(db, addressKey, now);
  const lockedUntil = byEmail.lockedUntil ?? byAddress.lockedUntil;
  if (lockedUntil) {
    recordAudit(db, { actor: null, action: "auth.sign_in_refused_locked", subjectType: "account", subjectId: email, ipAddress: options.ipAddress });
    return { ok: false, message: lockedMessage(lockedUntil), locked: true };
  }
  await (options.sleep ?? defaultSleep)(Math.max(slowdownFor(byEmail.failures), slowdownFor(byAddress.failures, ADDRESS_SLOW_AFTER)));

  const user = db.select().from(users).where(eq(users.email, email)).get();
  const valid = user?.passwordHash && !user.disabledAt ? await verifyPassword(user.passwordHash, input.password) : (await burnVerifyTime(input.password), false);

  if (!valid || !user) {
    // Immediate: the failure is counted even while another process is writing (it waits its turn, then writes).
    return immediate(db, (tx) => {
      const accountLock = recordFailure(tx, emailKey, ACCOUNT_LOCK_AFTER, now);
      const addressLock = recordFailure(tx, addressKey, ADDRESS_LOCK_AFTER, now);
      recordAudit(tx, {
        actor: null,
        councilId: user?.councilId,
        action: "auth.sign_in_failed",
        subjectType: "account",
        subjectId: email,
        ipAddress: options.ipAddress,
      });
      const newLock = accountLock ?? addressLock;
      if (newLock) {
        recordAudit(tx, {
          actor: null,
          councilId: user?.councilId,
          action: "auth.locked",
          subjectType: "account",
          subjectId: accountLock ? email : options.ipAddress,
          detail: `Locked until ${newLock.toISOString()} after repeated failed sign-ins`,
          ipAddress: options.ipAddress,
        });
        return { ok: false as const, message: lockedMessage(newLock), locked: true };
      }
      return { ok: false as const, message: "Enter a correct email address and password", locked: false };
    });
  }

  return db.transaction((tx) => {
    tx.delete(signInThrottles).where(eq(signInThrottles.key, emailKey)).run();
    const { token } = createSession(tx, user.id, now);
    recordAudit(tx, { actor: user, action: "auth.signed_in", subjectType: "user", subjectId: user.id, ipAddress: options.ipAddress });
    const actor: Actor = {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      councilId: user.councilId,
      organisationId: user.organisationId,
    };
    return { ok: true as const, token, actor };
  });
}

/** Emails a single-use link valid for an hour. Answers the same whether or not the address has an account. */
export function requestPasswordReset(db: Db, email: string, now = new Date()): void {
  const user = db
    .select()
    .from(users)
    .where(and(eq(users.email, normaliseEmail(email)), isNull(users.disabledAt)))
    .get();
  if (!user) return;
  const token = generateToken();
  db.transaction((tx) => {
    tx.insert(passwordResetTokens)
      .values({ id: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_LIFETIME_MS), createdAt: now })
      .run();
    recordAudit(tx, { actor: null, councilId: user.councilId, action: "auth.password_reset_requested", subjectType: "user", subjectId: user.id });
    queueEmail(tx, {
      to: user.email,
      subject: "Reset your password",
      text: [
        `Dear ${user.name},`,
        "Someone asked to reset the password for your account. If it was you, use this link within 1 hour to choose a new password:",
        serviceLink(`/reset-password/${token}`),
        "The link works once. If you did not ask for this, you can ignore this email: your password has not changed.",
      ].join("\n\n"),
    });
  });
}

export function findResetToken(db: Db, token: string, now = new Date()) {
  return db
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId, email: users.email, name: users.name })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(and(eq(passwordResetTokens.id, hashToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
    .get();
}

export async function resetPassword(db: Db, input: { token: string; password: string }, now = new Date()): Promise<void> {
  const reset = findResetToken(db, input.token, now);
  if (!reset) throw new RuleBroken(EXPIRED_RESET_LINK);
  const problem = passwordProblem(input.password, reset);
  if (problem) throw new RuleBroken(problem, { password: problem });
  const passwordHash = await hashPassword(input.password);
  db.transaction((tx) => {
    const used = tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.id, reset.id), isNull(passwordResetTokens.usedAt)))
      .run();
    if (used.changes !== 1) throw new RuleBroken(EXPIRED_RESET_LINK);
    setPassword(tx, { id: reset.userId, email: reset.email }, passwordHash, now);
    recordAudit(tx, { actor: { id: reset.userId, councilId: null }, action: "auth.password_reset", subjectType: "user", subjectId: reset.userId });
    queueEmail(tx, { to: reset.email, subject: "Your password has been changed", text: passwordChangedText(reset.name) });
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  now = new Date(),
): Promise<{ token: string; sessionId: string }> {
  const user = db.select().from(users).where(eq(users.id, actor.id)).get();
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new RuleBroken("Your current password is not correct", { currentPassword: "Your current password is not correct" });
  }
  const problem = passwordProblem(input.newPassword, user);
  if (problem) throw new RuleBroken(problem, { newPassword: problem });
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction((tx) => {
    setPassword(tx, user, passwordHash, now);
    recordAudit(tx, { actor, action: "auth.password_changed", subjectType: "user", subjectId: user.id });
    queueEmail(tx, { to: user.email, subject: "Your password has been changed", text: passwordChangedText(user.name) });
    const { token, sessionId } = createSession(tx, user.id, now);
    return { token, sessionId };
  });
}

/** Sets a new password and signs the user out of every session. */
export function setPassword(tx: Tx, user: { id: string; email: string }, passwordHash: string, now = new Date()): void {
  tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, user.id)).run();
  invalidateUserSessions(tx, user.id);
  tx.delete(signInThrottles).where(eq(signInThrottles.key, `email:${user.email}`)).run();
}

function passwordChangedText(name: string) {
  return [
    `Dear ${name},`,
    "The password for your account has just been changed, and you have been signed out everywhere else.",
    "If you did not do this, reset your password straight away and tell your council:",
    serviceLink("/forgot-password"),
  ].join("\n\n");
}

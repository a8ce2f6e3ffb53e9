import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { organisations, passwordResetTokens, users } from "@db/schema";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { authorise, ROLE_LABELS, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import type { InvitationInput, OrganisationInput, RegistrationInput } from "~/domain/frameworks/frameworks.schema";
import { queueEmail, serviceLink } from "~/lib/email.server";
import { NotFound, RuleBroken } from "~/lib/errors";

/** An invitation link lets the new user choose a password; it works once, for 7 days. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const ACCOUNT_EXISTS = "An account with this email address already exists. Sign in, or reset the password if it has been forgotten.";

/** Creates a user without a password and emails them a link to choose one. */
function createInvitedUser(tx: Tx, input: { name: string; email: string; role: "provider_admin" | "provider_staff"; organisationId: string; organisation: string; invitedBy: string | null }, now: Date): string {
  if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) throw new RuleBroken(ACCOUNT_EXISTS, { email: ACCOUNT_EXISTS });
  const user = tx.insert(users).values({ email: input.email, name: input.name, role: input.role, organisationId: input.organisationId }).returning().get();
  const token = generateToken();
  tx.insert(passwordResetTokens)
    .values({ id: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS), createdAt: now })
    .run();
  queueEmail(tx, {
    to: user.email,
    subject: `Set up your account for ${input.organisation}`,
    text: [
      `Dear ${user.name},`,
      input.invitedBy
        ? `${input.invitedBy} has invited you to use Choice and Control for ${input.organisation}, as ${ROLE_LABELS[input.role].toLowerCase()}.`
        : `You have registered ${input.organisation} with Choice and Control.`,
      "Use this link within 7 days to choose your password:",
      serviceLink(`/reset-password/${token}`),
      "Then sign in with your email address and the password you chose.",
    ].join("\n\n"),
  });
  return user.id;
}

/**
 * A provider registers its organisation; the person registering becomes its administrator and confirms by email.
 * The page says the same whether or not the address already has an account, so it cannot be used to find out who
 * has one: an existing account is sent a note saying how to sign in, and nothing is registered.
 */
export function registerProvider(db: Db, input: RegistrationInput, now = new Date()): void {
  db.transaction((tx) => {
    const existing = tx.select({ id: users.id, name: users.name, email: users.email, councilId: users.councilId }).from(users).where(eq(users.email, input.email)).get();
    if (existing) {
      queueEmail(tx, {
        to: existing.email,
        subject: "You already have an account with Choice and Control",
        text: [
          `Dear ${existing.name},`,
          `Someone asked to register ${input.organisationName} with Choice and Control using this email address, which already has an account. Nothing has been registered.`,
          "If it was you, sign in with this email address. If you have forgotten your password, you can reset it here:",
          serviceLink("/forgot-password"),
          "To register another organisation, use a different email address. If you did not ask for this, you can ignore this email.",
        ].join("\n\n"),
      });
      recordAudit(tx, { actor: null, councilId: existing.councilId, action: "organisation.registration_refused", subjectType: "user", subjectId: existing.id, detail: "the email address already has an account" });
      return;
    }
    const organisation = tx.insert(organisations).values({ name: input.organisationName, type: input.type, contactName: input.name, contactEmail: input.email }).returning().get();
    const userId = createInvitedUser(tx, { name: input.name, email: input.email, role: "provider_admin", organisationId: organisation.id, organisation: organisation.name, invitedBy: null }, now);
    recordAudit(tx, { actor: { id: userId, councilId: null }, action: "organisation.registered", subjectType: "organisation", subjectId: organisation.id, detail: organisation.name });
  });
}

export function getOrganisation(db: Tx, actor: Actor) {
  if (!actor.organisationId) throw new NotFound();
  authorise(actor, "provider.work", { organisationId: actor.organisationId });
  const organisation = db.select().from(organisations).where(eq(organisations.id, actor.organisationId)).get();
  if (!organisation) throw new NotFound();
  return organisation;
}

export function updateOrganisation(db: Db, actor: Actor, input: OrganisationInput): void {
  const organisation = getOrganisation(db, actor);
  authorise(actor, "provider.administer", { organisationId: organisation.id });
  db.transaction((tx) => {
    tx.update(organisations).set(input).where(eq(organisations.id, organisation.id)).run();
    recordAudit(tx, { actor, action: "organisation.updated", subjectType: "organisation", subjectId: organisation.id, detail: input.name });
  });
}

export function listColleagues(db: Tx, actor: Actor) {
  const organisation = getOrganisation(db, actor);
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, hasPassword: users.passwordHash })
    .from(users)
    .where(and(eq(users.organisationId, organisation.id), inArray(users.role, ["provider_admin", "provider_staff"])))
    .orderBy(asc(users.name))
    .all()
    .map(({ hasPassword, ...user }) => ({ ...user, invited: !hasPassword }));
}

export function inviteColleague(db: Db, actor: Actor, input: InvitationInput, now = new Date()): void {
  const organisation = getOrganisation(db, actor);
  authorise(actor, "provider.administer", { organisationId: organisation.id });
  db.transaction((tx) => {
    const userId = createInvitedUser(tx, { ...input, organisationId: organisation.id, organisation: organisation.name, invitedBy: actor.name }, now);
    recordAudit(tx, { actor, action: "organisation.colleague_invited", subjectType: "user", subjectId: userId, detail: `${input.email} as ${input.role}` });
  });
}

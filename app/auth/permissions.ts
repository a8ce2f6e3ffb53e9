import type { Role } from "@db/schema/accounts";
import { Forbidden, NotFound } from "~/lib/errors";

/** Who is asking. Built from the signed-in user; every command and query takes one. */
export type Actor = {
  id: string;
  name: string;
  email: string;
  role: Role;
  councilId: string | null;
  organisationId: string | null;
};

export const ROLE_LABELS: Record<Role, string> = {
  supported_person: "Supported person",
  representative: "Representative",
  practitioner: "Practitioner",
  commissioner: "Commissioning team",
  finance: "Council finance",
  provider_admin: "Provider administrator",
  provider_staff: "Provider staff",
  platform_admin: "Platform administrator",
};

export const isCouncilStaff = (actor: Actor) =>
  actor.role === "practitioner" || actor.role === "commissioner" || actor.role === "finance";
export const isProviderUser = (actor: Actor) => actor.role === "provider_admin" || actor.role === "provider_staff";
export const isPersonUser = (actor: Actor) => actor.role === "supported_person" || actor.role === "representative";

/** Staff of this council with one of these roles. */
const councilRole =
  (...roles: Role[]) =>
  (actor: Actor, subject: { councilId: string }) =>
    roles.includes(actor.role) && actor.councilId !== null && actor.councilId === subject.councilId;

/** Users of this provider organisation with one of these roles. */
const providerRole =
  (...roles: Role[]) =>
  (actor: Actor, subject: { organisationId: string }) =>
    roles.includes(actor.role) && actor.organisationId !== null && actor.organisationId === subject.organisationId;

type NoSubject = Record<string, never>;

/**
 * The one place that answers "may this actor do X to this thing". Each rule receives the actor and the
 * facts about the subject it needs (its council, its organisation). Loaders and actions ask through
 * `can` or `authorise`; queries also scope their `where` clauses, so a forgotten check cannot leak data.
 */
const RULES = {
  "account.manage": (_actor: Actor, _subject: NoSubject) => true,
  "council.work": (actor: Actor, subject: { councilId: string }) =>
    isCouncilStaff(actor) && actor.councilId === subject.councilId,
  "council.commission": councilRole("commissioner"),
  "council.finance": councilRole("finance"),
  "council.practice": councilRole("practitioner"),
  /** Record money on this council's Individual Service Funds (contributions, fees, adjustments) and reverse entries. */
  "ledger.record": councilRole("finance"),
  "council.audit.read": councilRole("commissioner"),
  /** Record and change supported people of this council: their details, budgets, outcomes, invitations. */
  "people.record": councilRole("practitioner"),
  /** See this council's supported people (the caseload and each record; every view is audited). */
  "people.view": councilRole("practitioner", "commissioner"),
  /** Aggregate counts about the council's people (the SDS return): staff who may see its people anyway. */
  "reporting.people": councilRole("practitioner", "commissioner"),
  /** The commissioning dashboard and its downloads. */
  "reporting.dashboard": councilRole("commissioner"),
  /**
   * The ledger exports of approved invoices and payments. They carry each line's person reference (never a name),
   * so only the council's own finance staff, who approve and pay those lines, may download them.
   */
  "finance.export": councilRole("finance"),
  /** The list of invoices waiting for council finance (no person in it): finance, and commissioners following the dashboard. */
  "invoice.queue.view": councilRole("finance", "commissioner"),
  "provider.work": providerRole("provider_admin", "provider_staff"),
  "provider.administer": providerRole("provider_admin"),
  /** Create and edit the council's frameworks, lots and criteria. */
  "framework.manage": councilRole("commissioner"),
  /** Evaluate, ask for clarification, decide, suspend, reinstate or exit: only the framework council's commissioners. */
  "application.decide": councilRole("commissioner"),
  /** Fill in and submit the organisation's own applications. */
  "application.edit": providerRole("provider_admin", "provider_staff"),
  /** An evidence document: its organisation's users, or the commissioners of the framework's council. */
  "document.read": (actor: Actor, subject: { councilId: string; organisationId: string }) =>
    councilRole("commissioner")(actor, subject) || providerRole("provider_admin", "provider_staff")(actor, subject),
  /** Maintain the council's lists of outcomes, localities and care groups. */
  "council.lists.manage": councilRole("commissioner"),
  /** Create, edit, publish, pause and withdraw the organisation's service offers, and see their counts. */
  "offer.manage": providerRole("provider_admin", "provider_staff"),
  /** Keep a shortlist and send enquiries: people and their representatives. */
  "offer.choose": (actor: Actor, _subject: NoSubject) => isPersonUser(actor),
  /** An enquiry's thread: the person who sent it, and the provider it was sent to. Nobody else. */
  "enquiry.read": (actor: Actor, subject: { personUserId: string; organisationId: string }) =>
    (isPersonUser(actor) && actor.id === subject.personUserId) || providerRole("provider_admin", "provider_staff")(actor, subject),
  /** See every Option 2 agreement of this council. */
  "agreement.council.view": councilRole("practitioner", "commissioner", "finance"),
  /** Co-produce an agreement's draft for the council (the person's practitioner's colleagues) or for the provider. */
  "agreement.council.draft": councilRole("practitioner"),
  "agreement.provider.draft": providerRole("provider_admin", "provider_staff"),
  /** Sign an agreement for the council, or for the provider (its administrators only). */
  "agreement.council.sign": councilRole("practitioner", "commissioner"),
  "agreement.provider.sign": providerRole("provider_admin"),
  /** Approve or return signed agreements, and end one immediately for safeguarding. */
  "agreement.approve": councilRole("commissioner"),
  /** Record a review of how far an agreement in force meets the person's outcomes: the agreement's provider. */
  "agreement.review": providerRole("provider_admin", "provider_staff"),
} satisfies Record<string, (actor: Actor, subject: never) => boolean>;

export type Permission = keyof typeof RULES;
type SubjectOf<P extends Permission> = Parameters<(typeof RULES)[P]>[1];

export function can<P extends Permission>(actor: Actor | null, permission: P, subject: SubjectOf<P>): boolean {
  if (!actor) return false;
  const rule = RULES[permission] as (actor: Actor, subject: SubjectOf<P>) => boolean;
  return rule(actor, subject);
}

/**
 * Throws unless the actor may. `hide: true` answers "not found" instead of "forbidden", for records
 * whose existence must not be confirmed (a person's record, an agreement).
 */
export function authorise<P extends Permission>(
  actor: Actor | null,
  permission: P,
  subject: SubjectOf<P>,
  options: { hide?: boolean } = {},
): asserts actor is Actor {
  if (can(actor, permission, subject)) return;
  throw options.hide ? new NotFound() : new Forbidden();
}

import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { enquiries, enquiryMessages, offers, organisations, users } from "@db/schema";
import { authorise, isPersonUser, isProviderUser, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { notify } from "~/domain/notifications/notifications.server";
import { NotFound, RuleBroken } from "~/lib/errors";
import { getPublicOffer } from "./offers.server";

import { MESSAGE_MAX } from "./labels";

function checkBody(body: string): string {
  const text = body.trim();
  if (!text) throw new RuleBroken("Enter your message", { body: "Enter your message" });
  if (text.length > MESSAGE_MAX) throw new RuleBroken(`Your message must be ${MESSAGE_MAX} characters or fewer`, { body: `Your message must be ${MESSAGE_MAX} characters or fewer` });
  return text;
}

function providerUserIds(tx: Tx, organisationId: string): string[] {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), inArray(users.role, ["provider_admin", "provider_staff"])))
    .all()
    .map((u) => u.id);
}

/**
 * A person (or representative) asks the provider about a published offer. The message goes only to the
 * provider's users; the audit row records that an enquiry was made, never what it says.
 */
export function startEnquiry(db: Db, actor: Actor, offerId: string, body: string): string {
  authorise(actor, "offer.choose", {});
  const text = checkBody(body);
  return db.transaction((tx) => {
    const { offer } = getPublicOffer(tx, offerId);
    const { id } = tx.insert(enquiries).values({ offerId: offer.id, organisationId: offer.organisationId, personUserId: actor.id, awaiting: "provider" }).returning({ id: enquiries.id }).get();
    tx.insert(enquiryMessages).values({ enquiryId: id, authorUserId: actor.id, side: "person", body: text }).run();
    recordAudit(tx, { actor, councilId: offer.councilId, action: "enquiry.sent", subjectType: "enquiry", subjectId: id, detail: `about offer ${offer.id}` });
    notify(tx, { userIds: providerUserIds(tx, offer.organisationId), message: `New enquiry about ${offer.title}`, link: `/enquiries/${id}` });
    return id;
  });
}

/** Who may see enquiries in a where clause: the person's own, or those sent to the provider's organisation. */
function scopeOf(actor: Actor): SQL {
  if (isPersonUser(actor)) return eq(enquiries.personUserId, actor.id);
  if (isProviderUser(actor) && actor.organisationId) return eq(enquiries.organisationId, actor.organisationId);
  throw new NotFound();
}

/** The actor's enquiries, newest activity first. */
export function listEnquiries(db: Tx, actor: Actor) {
  const scope = scopeOf(actor);
  return db
    .select({
      id: enquiries.id,
      offerTitle: offers.title,
      provider: organisations.name,
      person: users.name,
      status: enquiries.status,
      awaiting: enquiries.awaiting,
      updatedAt: enquiries.updatedAt,
    })
    .from(enquiries)
    .innerJoin(offers, eq(offers.id, enquiries.offerId))
    .innerJoin(organisations, eq(organisations.id, enquiries.organisationId))
    .innerJoin(users, eq(users.id, enquiries.personUserId))
    .where(scope)
    .orderBy(desc(enquiries.updatedAt))
    .all();
}

/** One enquiry and its messages, for its two sides only. */
export function getEnquiry(db: Tx, actor: Actor, enquiryId: string) {
  const enquiry = db
    .select({
      id: enquiries.id,
      offerId: enquiries.offerId,
      offerTitle: offers.title,
      organisationId: enquiries.organisationId,
      provider: organisations.name,
      personUserId: enquiries.personUserId,
      person: users.name,
      status: enquiries.status,
      createdAt: enquiries.createdAt,
    })
    .from(enquiries)
    .innerJoin(offers, eq(offers.id, enquiries.offerId))
    .innerJoin(organisations, eq(organisations.id, enquiries.organisationId))
    .innerJoin(users, eq(users.id, enquiries.personUserId))
    .where(and(eq(enquiries.id, enquiryId), scopeOf(actor)))
    .get();
  if (!enquiry) throw new NotFound();
  authorise(actor, "enquiry.read", enquiry, { hide: true });
  const messages = db
    .select({ id: enquiryMessages.id, side: enquiryMessages.side, body: enquiryMessages.body, createdAt: enquiryMessages.createdAt, author: users.name })
    .from(enquiryMessages)
    .innerJoin(users, eq(users.id, enquiryMessages.authorUserId))
    .where(eq(enquiryMessages.enquiryId, enquiry.id))
    .orderBy(asc(enquiryMessages.createdAt), asc(enquiryMessages.id))
    .all();
  return { ...enquiry, messages, side: isPersonUser(actor) ? ("person" as const) : ("provider" as const) };
}

/** Adds a message to the thread from either side, and tells the other side. */
export function replyToEnquiry(db: Db, actor: Actor, enquiryId: string, body: string, now = new Date()): void {
  const text = checkBody(body);
  db.transaction((tx) => {
    const enquiry = getEnquiry(tx, actor, enquiryId);
    tx.insert(enquiryMessages).values({ enquiryId: enquiry.id, authorUserId: actor.id, side: enquiry.side, body: text, createdAt: now }).run();
    tx.update(enquiries)
      .set({ awaiting: enquiry.side === "person" ? "provider" : "person", updatedAt: now })
      .where(eq(enquiries.id, enquiry.id))
      .run();
    recordAudit(tx, { actor, action: "enquiry.replied", subjectType: "enquiry", subjectId: enquiry.id, detail: `by the ${enquiry.side}` });
    notify(tx, {
      userIds: enquiry.side === "person" ? providerUserIds(tx, enquiry.organisationId) : [enquiry.personUserId],
      message: enquiry.side === "person" ? `New message from ${enquiry.person} about ${enquiry.offerTitle}` : `${enquiry.provider} has replied about ${enquiry.offerTitle}`,
      link: `/enquiries/${enquiry.id}`,
    });
  });
}

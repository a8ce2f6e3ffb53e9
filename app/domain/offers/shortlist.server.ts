import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { frameworkLots, offers, organisations, shortlistItems } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { NotFound, RuleBroken } from "~/lib/errors";
import { getPublicOffer, publiclyVisible, type OfferDetail } from "./offers.server";
import { COMPARE_FIELD, COMPARE_MAX, COMPARE_MIN } from "./labels";

/** On the person's shortlist now (not taken off it). */
const onShortlist = (actor: Actor) => and(eq(shortlistItems.userId, actor.id), isNull(shortlistItems.removedAt));

/**
 * Keeps an offer on the person's shortlist (once). The provider's count goes up the first time each person
 * shortlists it, not again when they take it off and put it back.
 */
export function addToShortlist(db: Db, actor: Actor, offerId: string): void {
  authorise(actor, "offer.choose", {});
  db.transaction((tx) => {
    getPublicOffer(tx, offerId);
    const mine = and(eq(shortlistItems.userId, actor.id), eq(shortlistItems.offerId, offerId));
    const before = tx.select({ removedAt: shortlistItems.removedAt }).from(shortlistItems).where(mine).get();
    if (before) {
      if (before.removedAt) tx.update(shortlistItems).set({ removedAt: null, createdAt: new Date() }).where(mine).run();
      return;
    }
    tx.insert(shortlistItems).values({ userId: actor.id, offerId }).run();
    tx.update(offers)
      .set({ shortlistCount: sql`${offers.shortlistCount} + 1` })
      .where(eq(offers.id, offerId))
      .run();
  });
}

/** Takes an offer off the person's shortlist. */
export function removeFromShortlist(db: Db, actor: Actor, offerId: string, now = new Date()): void {
  authorise(actor, "offer.choose", {});
  db.update(shortlistItems)
    .set({ removedAt: now })
    .where(and(onShortlist(actor), eq(shortlistItems.offerId, offerId)))
    .run();
}

export function shortlistedIds(db: Tx, actor: Actor | null): string[] {
  if (!actor) return [];
  return db.select({ id: shortlistItems.offerId }).from(shortlistItems).where(onShortlist(actor)).all().map((r) => r.id);
}

/** The person's shortlist, oldest first; offers no longer public are marked unavailable. */
export function shortlist(db: Tx, actor: Actor) {
  authorise(actor, "offer.choose", {});
  return db
    .select({
      id: offers.id,
      title: offers.title,
      summary: offers.summary,
      provider: organisations.name,
      lot: frameworkLots.name,
      available: sql<number>`${publiclyVisible()}`,
    })
    .from(shortlistItems)
    .innerJoin(offers, eq(offers.id, shortlistItems.offerId))
    .innerJoin(organisations, eq(organisations.id, offers.organisationId))
    .innerJoin(frameworkLots, eq(frameworkLots.id, offers.lotId))
    .where(onShortlist(actor))
    .orderBy(asc(shortlistItems.createdAt), sql`${shortlistItems}.rowid`)
    .all()
    .map((row) => ({ ...row, available: Boolean(row.available) }));
}

/**
 * Checks a choice of offers to compare: two to four of the person's shortlisted offers. Offers that are no longer
 * public (paused, withdrawn, their provider suspended) are left out, named, as long as two are left to compare.
 */
export function chooseToCompare(db: Tx, actor: Actor, offerIds: string[]): { ids: string[]; leftOut: string[] } {
  authorise(actor, "offer.choose", {});
  const unique = [...new Set(offerIds)];
  if (unique.length < COMPARE_MIN) throw comparisonProblem(`Select at least ${COMPARE_MIN} offers to compare`);
  if (unique.length > COMPARE_MAX) throw comparisonProblem(`Select no more than ${COMPARE_MAX} offers to compare`);
  const kept = new Map(shortlist(db, actor).map((item) => [item.id, item]));
  if (unique.some((id) => !kept.has(id))) throw new NotFound();
  const leftOut = unique.filter((id) => !kept.get(id)!.available).map((id) => kept.get(id)!.title);
  const ids = unique.filter((id) => kept.get(id)!.available);
  if (ids.length < COMPARE_MIN) {
    throw comparisonProblem(`${leftOut.join(" and ")} ${leftOut.length === 1 ? "is" : "are"} no longer available. Select at least ${COMPARE_MIN} offers that are, to compare`);
  }
  return { ids, leftOut };
}

const comparisonProblem = (message: string) => new RuleBroken(message, { [COMPARE_FIELD]: message });

/** Two to four of the person's shortlisted offers side by side, and the titles of those left out as no longer available. */
export function compareOffers(db: Tx, actor: Actor, offerIds: string[]): { offers: OfferDetail[]; leftOut: string[] } {
  const { ids, leftOut } = chooseToCompare(db, actor, offerIds);
  return { offers: ids.map((id) => getPublicOffer(db, id)), leftOut };
}

import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import {
  applicationLots,
  councilListItems,
  councils,
  enquiries,
  frameworkLots,
  frameworks,
  offerCostOptions,
  offers,
  organisations,
  providerApplications,
  type OfferStatus,
} from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { recordAudit } from "~/domain/audit/audit.server";
import { councilList, type ListItem } from "~/domain/council-lists/council-lists.server";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import { OFFER_STATUS_LABELS } from "./labels";
import { inFormOrder, offerProblems, type OfferInput } from "./offers.schema";

/**
 * The offer lifecycle: draft → published ↔ paused → withdrawn. Each action names the states it may start
 * from and the state it leads to. Only these change an offer's status, and each writes an audit row.
 */
export const OFFER_TRANSITIONS = {
  publish: { from: ["draft", "paused"], to: "published", past: "published", label: "Publish" },
  pause: { from: ["published"], to: "paused", past: "paused", label: "Pause" },
  withdraw: { from: ["draft", "published", "paused"], to: "withdrawn", past: "withdrawn", label: "Withdraw" },
} as const satisfies Record<string, { from: readonly OfferStatus[]; to: OfferStatus; past: string; label: string }>;

export type OfferAction = keyof typeof OFFER_TRANSITIONS;
export const OFFER_ACTIONS = Object.keys(OFFER_TRANSITIONS) as OfferAction[];

export function offerActionsFor(status: OfferStatus): OfferAction[] {
  return OFFER_ACTIONS.filter((action) => (OFFER_TRANSITIONS[action].from as readonly OfferStatus[]).includes(status));
}

/** The provider holds an admitted standing on the offer's lot right now (not suspended, not exited, the framework in force). */
export function admittedToLot(offerTable = offers): SQL {
  return sql`exists (select 1 from ${applicationLots} join ${providerApplications} on ${providerApplications.id} = ${applicationLots.applicationId}
    where ${applicationLots.lotId} = ${offerTable.lotId} and ${providerApplications.organisationId} = ${offerTable.organisationId}
    and ${providerApplications.status} = 'admitted' and ${applicationLots.outcome} = 'admitted' and ${frameworkInForce(providerApplications.frameworkId)})`;
}

/** What the public may see: published offers of providers currently admitted to the offer's lot. */
export function publiclyVisible(): SQL {
  return and(eq(offers.status, "published"), admittedToLot()) as SQL;
}

/** The organisation whose offers the actor manages: forbidden for anyone who may not manage offers. */
export function organisationOf(actor: Actor): string {
  authorise(actor, "offer.manage", { organisationId: actor.organisationId ?? "" });
  if (!actor.organisationId) throw new NotFound();
  return actor.organisationId;
}

/** The lots the organisation is admitted to now, on every council's framework: where it may offer support. */
export function admittedLots(db: Tx, organisationId: string) {
  return db
    .select({ id: frameworkLots.id, name: frameworkLots.name, framework: frameworks.name, councilId: frameworks.councilId, council: councils.name })
    .from(applicationLots)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
    .innerJoin(frameworkLots, eq(frameworkLots.id, applicationLots.lotId))
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(and(eq(providerApplications.organisationId, organisationId), eq(providerApplications.status, "admitted"), eq(applicationLots.outcome, "admitted"), frameworkInForce(frameworks.id)))
    .orderBy(asc(councils.name), asc(frameworkLots.position))
    .all();
}

/** The choices on the offer form: the lots the provider may use and each of those councils' lists. */
export function offerFormOptions(db: Tx, actor: Actor, current?: { councilId: string; outcomeIds: string[]; localityIds: string[]; careGroupIds: string[] }) {
  const organisationId = organisationOf(actor);
  const lots = admittedLots(db, organisationId);
  const councilIds = [...new Set([...lots.map((l) => l.councilId), ...(current ? [current.councilId] : [])])];
  const attached = new Set(current ? [...current.outcomeIds, ...current.localityIds, ...current.careGroupIds] : []);
  /** Active entries, plus retired ones the offer already uses (so saving does not drop them silently). */
  const list = (councilId: string, kind: "outcome" | "locality" | "care_group") =>
    councilList(db, councilId, kind, { includeRetired: true }).filter((item) => !item.retired || attached.has(item.id));
  const names = new Map(
    db
      .select({ id: councils.id, name: councils.name })
      .from(councils)
      .where(inArray(councils.id, councilIds))
      .all()
      .map((c) => [c.id, c.name]),
  );
  return {
    lots,
    councils: councilIds.map((councilId) => ({
      councilId,
      name: names.get(councilId) ?? "",
      outcomes: list(councilId, "outcome"),
      localities: list(councilId, "locality"),
      careGroups: list(councilId, "care_group"),
    })),
  };
}

/** Checks the input against the rules and the council's lists; returns the lot's council. */
function checkInput(tx: Tx, organisationId: string, input: OfferInput, existing?: typeof offers.$inferSelect): string {
  const problems = offerProblems(input);
  const lot = admittedLots(tx, organisationId).find((l) => l.id === input.lotId);
  const keepsLot = existing && existing.lotId === input.lotId;
  let councilId = lot?.councilId;
  if (!lot && keepsLot) councilId = existing.councilId;
  if (!councilId) problems.lotId = "Choose a type of support your organisation is admitted to on the framework";
  if (councilId) {
    const council = tx.select({ name: councils.name }).from(councils).where(eq(councils.id, councilId)).get()?.name ?? "the council";
    const previous = new Set(existing ? [...existing.outcomeIds, ...existing.localityIds, ...existing.careGroupIds] : []);
    const check = (field: keyof OfferInput & string, kind: "outcome" | "locality" | "care_group", chosen: string[], message: string) => {
      const allowed = new Set(councilList(tx, councilId, kind, { includeRetired: true }).filter((i) => !i.retired || previous.has(i.id)).map((i) => i.id));
      if (chosen.some((id) => !allowed.has(id))) problems[field] = message;
    };
    check("outcomeIds", "outcome", input.outcomeIds, `Choose outcomes from ${council}'s list, the council of the type of support`);
    check("localityIds", "locality", input.localityIds, `Choose areas from ${council}'s list, the council of the type of support`);
    check("careGroupIds", "care_group", input.careGroupIds, `Choose groups from ${council}'s list, the council of the type of support`);
  }
  if (Object.keys(problems).length > 0) throw new RuleBroken("Check the offer's details", inFormOrder(problems));
  return councilId!;
}

function offerValues(input: OfferInput) {
  const { costOptions: _costOptions, ...fields } = input;
  return {
    ...fields,
    outcomeIds: [...new Set(input.outcomeIds)],
    localityIds: [...new Set(input.localityIds)],
    careGroupIds: [...new Set(input.careGroupIds)],
    days: input.flexible ? [] : [...new Set(input.days)],
  };
}

/**
 * Saves the offer's cost options in the order given: an option sent with the id of one of the offer's own is changed
 * in place (its id, which the feed publishes and agreements point to, stays the same), others are added, and the
 * offer's options not sent are removed.
 */
function saveCostOptions(tx: Tx, offerId: string, input: OfferInput) {
  const saved = new Set(
    tx
      .select({ id: offerCostOptions.id })
      .from(offerCostOptions)
      .where(eq(offerCostOptions.offerId, offerId))
      .all()
      .map((r) => r.id),
  );
  const kept = new Set<string>();
  input.costOptions.forEach(({ id, ...option }, position) => {
    if (id && saved.has(id) && !kept.has(id)) {
      kept.add(id);
      tx.update(offerCostOptions)
        .set({ ...option, position })
        .where(and(eq(offerCostOptions.id, id), eq(offerCostOptions.offerId, offerId)))
        .run();
    } else {
      tx.insert(offerCostOptions)
        .values({ ...option, offerId, position })
        .run();
    }
  });
  const removed = [...saved].filter((id) => !kept.has(id));
  if (removed.length > 0) tx.delete(offerCostOptions).where(inArray(offerCostOptions.id, removed)).run();
}

/** Creates a draft offer under a lot the provider is admitted to. */
export function createOffer(db: Db, actor: Actor, input: OfferInput): string {
  const organisationId = organisationOf(actor);
  return db.transaction((tx) => {
    const councilId = checkInput(tx, organisationId, input);
    const { id } = tx
      .insert(offers)
      .values({ ...offerValues(input), organisationId, councilId, status: "draft" })
      .returning({ id: offers.id })
      .get();
    saveCostOptions(tx, id, input);
    recordAudit(tx, { actor, councilId, action: "offer.created", subjectType: "offer", subjectId: id, detail: input.title });
    return id;
  });
}

function ownOffer(tx: Tx, organisationId: string, offerId: string) {
  const offer = tx
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.organisationId, organisationId)))
    .get();
  if (!offer) throw new NotFound();
  return offer;
}

/** Changes an offer's details. A published offer stays published; a withdrawn one cannot change. */
export function updateOffer(db: Db, actor: Actor, offerId: string, input: OfferInput): void {
  const organisationId = organisationOf(actor);
  db.transaction((tx) => {
    const offer = ownOffer(tx, organisationId, offerId);
    if (offer.status === "withdrawn") throw new Conflict("This offer has been withdrawn, so it cannot be changed.");
    const councilId = checkInput(tx, organisationId, input, offer);
    tx.update(offers)
      .set({ ...offerValues(input), councilId, updatedAt: new Date() })
      .where(and(eq(offers.id, offer.id), eq(offers.organisationId, organisationId)))
      .run();
    saveCostOptions(tx, offer.id, input);
    recordAudit(tx, { actor, councilId, action: "offer.updated", subjectType: "offer", subjectId: offer.id, detail: input.title });
  });
}

/** Publishes, pauses or withdraws an offer. Publishing needs a current admission to the offer's lot. */
export function changeOfferStatus(db: Db, actor: Actor, offerId: string, action: OfferAction, now = new Date()): void {
  const organisationId = organisationOf(actor);
  const rule = OFFER_TRANSITIONS[action];
  db.transaction((tx) => {
    const offer = ownOffer(tx, organisationId, offerId);
    if (!(rule.from as readonly OfferStatus[]).includes(offer.status)) {
      throw new Conflict(`This offer is ${OFFER_STATUS_LABELS[offer.status].toLowerCase()}, so it cannot be ${rule.past} now.`);
    }
    if (rule.to === "published" && !admittedLots(tx, organisationId).some((lot) => lot.id === offer.lotId)) {
      throw new RuleBroken("Your organisation is not admitted to this offer's type of support on the framework at the moment, so the offer cannot be published.");
    }
    const changed = tx
      .update(offers)
      .set({ status: rule.to, updatedAt: now, ...(rule.to === "published" && !offer.publishedAt ? { publishedAt: now } : {}) })
      .where(and(eq(offers.id, offer.id), eq(offers.status, offer.status)))
      .run();
    if (changed.changes !== 1) throw new Conflict("Someone else changed this offer at the same time. Look at it again.");
    recordAudit(tx, { actor, councilId: offer.councilId, action: `offer.${action}`, subjectType: "offer", subjectId: offer.id, detail: `${offer.status} to ${rule.to}` });
  });
}

/** The organisation's offers with how often each was viewed, shortlisted and enquired about. */
export function providerOffers(db: Tx, actor: Actor) {
  const organisationId = organisationOf(actor);
  const enquiryCounts = new Map(
    db
      .select({ offerId: enquiries.offerId, n: count() })
      .from(enquiries)
      .where(eq(enquiries.organisationId, organisationId))
      .groupBy(enquiries.offerId)
      .all()
      .map((r) => [r.offerId, r.n]),
  );
  return db
    .select({
      id: offers.id,
      title: offers.title,
      status: offers.status,
      lot: frameworkLots.name,
      viewCount: offers.viewCount,
      shortlistCount: offers.shortlistCount,
      updatedAt: offers.updatedAt,
      admitted: sql<number>`${admittedToLot()}`,
    })
    .from(offers)
    .innerJoin(frameworkLots, eq(frameworkLots.id, offers.lotId))
    .where(eq(offers.organisationId, organisationId))
    .orderBy(desc(offers.updatedAt))
    .all()
    .map((o) => ({ ...o, admitted: Boolean(o.admitted), enquiryCount: enquiryCounts.get(o.id) ?? 0 }));
}

function labelsFor(items: ListItem[], ids: string[]): string[] {
  const byId = new Map(items.map((i) => [i.id, i.label]));
  return ids.map((id) => byId.get(id)).filter((label): label is string => Boolean(label));
}

/** What is shown of an offer's lot: its name and guide rate, and its framework and council. Select from the lot joined to both. */
export const offerLotColumns = {
  id: frameworkLots.id,
  name: frameworkLots.name,
  guideRateMinPence: frameworkLots.guideRateMinPence,
  guideRateMaxPence: frameworkLots.guideRateMaxPence,
  guideRateUnit: frameworkLots.guideRateUnit,
  frameworkId: frameworks.id,
  framework: frameworks.name,
  frameworkStatus: frameworks.status,
  council: councils.name,
};

/** An offer with everything a page, an agreement or the feed shows about it. Found with the given scope. */
function loadOffer(db: Tx, offerId: string, scope: SQL | undefined) {
  const offer = db
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), scope))
    .get();
  if (!offer) throw new NotFound();
  const provider = db.select().from(organisations).where(eq(organisations.id, offer.organisationId)).get();
  const lot = db
    .select(offerLotColumns)
    .from(frameworkLots)
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(eq(frameworkLots.id, offer.lotId))
    .get();
  if (!provider || !lot) throw new NotFound();
  // The application that admits the provider to this lot, when there is one among its applications to the framework.
  const standing = db
    .select({ status: providerApplications.status, decidedAt: providerApplications.decidedAt, outcome: applicationLots.outcome, inForce: sql<number>`${frameworkInForce(providerApplications.frameworkId)}` })
    .from(providerApplications)
    .leftJoin(applicationLots, and(eq(applicationLots.applicationId, providerApplications.id), eq(applicationLots.lotId, offer.lotId)))
    .where(and(eq(providerApplications.organisationId, offer.organisationId), eq(providerApplications.frameworkId, lot.frameworkId)))
    .orderBy(sql`${providerApplications.status} = 'admitted' and ${applicationLots.outcome} = 'admitted' desc`, desc(providerApplications.updatedAt))
    .get();
  const costOptions = db.select().from(offerCostOptions).where(eq(offerCostOptions.offerId, offer.id)).orderBy(asc(offerCostOptions.position)).all();
  const items = db
    .select({ id: councilListItems.id, label: councilListItems.label, description: councilListItems.description, retiredAt: councilListItems.retiredAt })
    .from(councilListItems)
    .where(inArray(councilListItems.id, [...offer.outcomeIds, ...offer.localityIds, ...offer.careGroupIds, ""]))
    .all()
    .map(({ retiredAt, ...item }) => ({ ...item, retired: retiredAt !== null }));
  return {
    offer,
    provider,
    lot,
    standing: standing ? { status: standing.status, decidedAt: standing.decidedAt, admittedToLot: standing.status === "admitted" && standing.outcome === "admitted" && Boolean(standing.inForce) } : null,
    costOptions,
    outcomes: offer.outcomeIds.map((id) => items.find((i) => i.id === id)).filter((i): i is ListItem => Boolean(i)),
    localities: labelsFor(items, offer.localityIds),
    careGroups: labelsFor(items, offer.careGroupIds),
  };
}

export type OfferDetail = ReturnType<typeof loadOffer>;

/** One of the organisation's own offers, in any state (for editing and previewing). */
export function getProviderOffer(db: Tx, actor: Actor, offerId: string) {
  const organisationId = organisationOf(actor);
  return loadOffer(db, offerId, eq(offers.organisationId, organisationId));
}

/** A published offer of an admitted provider; anything else is "not found". */
export function getPublicOffer(db: Tx, offerId: string): OfferDetail {
  if (!/^[0-9a-f-]{36}$/i.test(offerId)) throw new NotFound();
  return loadOffer(db, offerId, publiclyVisible());
}

/**
 * An offer with its provider, lot, framework standing and cost options, whatever its state, for the
 * areas that build on a person's choice (agreements): they check the person's own link to the offer.
 */
export function getOfferForAgreement(db: Tx, offerId: string): OfferDetail {
  return loadOffer(db, offerId, undefined);
}

/**
 * Counts a view of the offer's public page by someone who might use it: not by the provider's own staff, and not
 * when the page is shown again from itself (after its shortlist button, or reloaded), which `fromItself` says.
 * Returns whether the view was counted.
 */
export function recordOfferView(db: Tx, offer: { id: string; organisationId: string }, viewer: Actor | null, fromItself: boolean): boolean {
  if (fromItself || (viewer?.organisationId && viewer.organisationId === offer.organisationId)) return false;
  db.update(offers)
    .set({ viewCount: sql`${offers.viewCount} + 1` })
    .where(eq(offers.id, offer.id))
    .run();
  return true;
}

import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { councilListItems, councils, frameworkLots, frameworks, LANGUAGES, offers, organisations, type Language } from "@db/schema";
import { stableUuid } from "~/lib/ids.server";
import { penceToInput } from "~/lib/money";
import { COMMUNICATION_SUPPORT_LABELS, COST_UNIT_LABELS, DELIVERY_MODE_LABELS, GRADE_LABELS, GRADE_THEME_LABELS, LANGUAGE_LABELS, WEEKDAY_LABELS } from "./labels";
import { getPublicOffer, type OfferDetail } from "./offers.server";
import { searchOffers } from "./search.server";

/**
 * The Open Referral UK (HSDS 3.0 UK profile) view of published offers: services, their organisation,
 * cost options, service areas, languages, schedules and taxonomy terms (outcomes, care groups, lots).
 * Only published offers of admitted providers appear, and nothing about any person ever does.
 */

export const FEED_PAGE_SIZE = 50;
export const FEED_MAX_PAGE_SIZE = 200;

type Json = Record<string, unknown>;

/** Leaves out empty values: the schemas type each field, so a null or "" would not be valid. */
function compact<T extends Json>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined && v !== "")) as T;
}

const KINDS = { outcome: "Personal outcomes", care_group: "Care groups", lot: "Types of support" } as const;
type TaxonomyKind = keyof typeof KINDS;
const taxonomyId = (councilId: string, kind: TaxonomyKind) => stableUuid(`taxonomy:${councilId}:${kind}`);

export function apiDetails(origin: string) {
  return {
    version: "3.0",
    profile: "https://openreferraluk.org/",
    openapi_url: `${origin}/openreferral/`,
    description: "Service offers published by providers admitted to councils' Self-directed Support provider frameworks, in the Open Referral UK format.",
    endpoints: ["/services", "/services/{id}", "/taxonomies", "/taxonomy_terms"].map((path) => `${origin}/openreferral${path}`),
  };
}

function paged<T>(contents: T[], total: number, page: number, size: number) {
  const totalPages = Math.max(1, Math.ceil(total / size));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Page and page size from the query string: anything malformed falls back to the defaults. */
function paging(params: URLSearchParams) {
  const page = Number(params.get("page") ?? "1");
  const perPage = Number(params.get("per_page") ?? String(FEED_PAGE_SIZE));
  return {
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 1_000_000) : 1,
    perPage: Number.isInteger(perPage) && perPage >= 1 ? Math.min(perPage, FEED_MAX_PAGE_SIZE) : FEED_PAGE_SIZE,
  };
}

const ageParam = (params: URLSearchParams, name: string) => {
  const raw = params.get(name);
  const value = Number(raw);
  return raw && Number.isFinite(value) ? value : undefined;
};

/** What a service's entry in the list is made from: the offer, its provider and its lot. */
type ServiceFacts = Pick<OfferDetail, "offer" | "provider" | "lot">;

function organisationOf(detail: ServiceFacts, origin: string) {
  const { provider } = detail;
  const identifiers = [
    provider.charityNumber && { id: stableUuid(`${provider.id}:oscr`), organization_id: provider.id, identifier_scheme: "GB-SC", identifier_type: "Scottish Charity Number", identifier: provider.charityNumber },
    provider.companyNumber && { id: stableUuid(`${provider.id}:coh`), organization_id: provider.id, identifier_scheme: "GB-COH", identifier_type: "Company number", identifier: provider.companyNumber },
  ].filter(Boolean);
  return compact({
    id: provider.id,
    name: provider.name,
    description: `${provider.name}, a provider on ${detail.lot.council}'s ${detail.lot.framework}.`,
    email: provider.contactEmail,
    uri: `${origin}/offers?q=${encodeURIComponent(provider.name)}`,
    organization_identifiers: identifiers.length ? identifiers : undefined,
  });
}

function accreditationsOf(detail: ServiceFacts): string {
  const { offer } = detail;
  const grades = Object.entries(offer.grades).map(([theme, grade]) => `${GRADE_THEME_LABELS[theme as keyof typeof GRADE_THEME_LABELS]} ${GRADE_LABELS[grade as number]}`);
  if (!offer.careInspectorateNumber && grades.length === 0) return "";
  return [`Registered with the Care Inspectorate${offer.careInspectorateNumber ? ` (${offer.careInspectorateNumber})` : ""}.`, grades.length ? `Grades${offer.gradedOn ? ` at ${offer.gradedOn}` : ""}: ${grades.join("; ")}.` : ""].filter(Boolean).join(" ");
}

/** The fields a list item has (`service_list.json`). */
function serviceSummary(detail: ServiceFacts, origin: string) {
  const { offer } = detail;
  return compact({
    id: offer.id,
    organization_id: offer.organisationId,
    name: offer.title,
    description: `${offer.summary}\n\n${offer.description}`.trim(),
    url: `${origin}/offers/${offer.id}`,
    email: offer.contactEmail,
    status: "active",
    accreditations: accreditationsOf(detail),
    minimum_age: offer.minAge,
    maximum_age: offer.maxAge,
    alert: offer.accepting === "no" ? "Not accepting new people at the moment." : offer.accepting === "waiting_list" ? "New people join a waiting list." : "",
    last_modified: offer.updatedAt.toISOString(),
    organization: organisationOf(detail, origin),
  });
}

function attribute(offerId: string, termId: string, name: string, description: string, councilId: string, kind: TaxonomyKind) {
  return {
    id: stableUuid(`${offerId}:attribute:${termId}`),
    link_id: offerId,
    link_type: "service",
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, name, description: description || name, taxonomy: KINDS[kind], taxonomy_id: taxonomyId(councilId, kind), term: name },
  };
}

/** One service in full (`service.json`). */
export function toService(detail: OfferDetail, origin: string, careGroupItems: { id: string; label: string; description: string }[], localityItems: { id: string; label: string }[]) {
  const { offer, lot } = detail;
  const service = serviceSummary(detail, origin);
  const attendance = offer.deliveryModes.map((m) => DELIVERY_MODE_LABELS[m]).join(", ");
  return {
    ...service,
    schedules: [
      compact({
        id: stableUuid(`${offer.id}:schedule`),
        service_id: offer.id,
        freq: offer.flexible ? undefined : "WEEKLY",
        interval: offer.flexible ? undefined : 1,
        byday: offer.flexible ? undefined : offer.days.join(","),
        opens_at: offer.opensAt ? `${offer.opensAt}:00` : undefined,
        closes_at: offer.closesAt ? `${offer.closesAt}:00` : undefined,
        description: offer.flexible ? "Flexible: days and times are agreed with you." : `${offer.days.map((d) => WEEKDAY_LABELS[d]).join(", ")}${offer.opensAt && offer.closesAt ? `, ${offer.opensAt} to ${offer.closesAt}` : ""}`,
        attending_type: attendance,
        notes: offer.scheduleNotes,
      }),
    ],
    service_areas: localityItems.map((area) => ({ id: stableUuid(`${offer.id}:area:${area.id}`), service_id: offer.id, name: area.label, service_area: `${area.label}, ${lot.council}`, extent_type: "locality" })),
    languages: [
      ...offer.languages.filter((code): code is Language => (LANGUAGES as readonly string[]).includes(code)).map((code) => ({ id: stableUuid(`${offer.id}:language:${code}`), service_id: offer.id, name: LANGUAGE_LABELS[code], code })),
      ...offer.communicationSupport.map((kind) => ({ id: stableUuid(`${offer.id}:language:${kind}`), service_id: offer.id, name: COMMUNICATION_SUPPORT_LABELS[kind], note: "Communication support" })),
    ],
    cost_options: detail.costOptions.map((option) =>
      compact({
        id: option.id,
        service_id: offer.id,
        valid_from: option.validFrom,
        valid_to: option.validTo,
        option: option.label,
        amount: Number(penceToInput(option.amountPence)),
        currency: "GBP",
        amount_description: `£${penceToInput(option.amountPence)} ${COST_UNIT_LABELS[option.unit]}${option.includes ? `. Includes: ${option.includes}` : ""}`,
      }),
    ),
    contacts: offer.contactName ? [{ id: stableUuid(`${offer.id}:contact`), service_id: offer.id, name: offer.contactName, title: "Enquiries" }] : [],
    attributes: [
      attribute(offer.id, lot.id, lot.name, "", offer.councilId, "lot"),
      ...detail.outcomes.map((o) => attribute(offer.id, o.id, o.label, o.description, offer.councilId, "outcome")),
      ...careGroupItems.map((g) => attribute(offer.id, g.id, g.label, g.description, offer.councilId, "care_group")),
    ],
  };
}

function listItems(db: Tx, ids: string[]) {
  return new Map(
    db
      .select({ id: councilListItems.id, label: councilListItems.label, description: councilListItems.description })
      .from(councilListItems)
      .where(inArray(councilListItems.id, [...ids, ""]))
      .all()
      .map((i) => [i.id, i]),
  );
}

export function getService(db: Tx, offerId: string, origin: string) {
  const detail = getPublicOffer(db, offerId);
  const items = listItems(db, [...detail.offer.careGroupIds, ...detail.offer.localityIds]);
  const pick = (ids: string[]) => ids.map((id) => items.get(id)).filter((i): i is NonNullable<typeof i> => Boolean(i));
  return toService(detail, origin, pick(detail.offer.careGroupIds), pick(detail.offer.localityIds));
}

/** `GET /services`: text, taxonomy_term_id, minimum_age, maximum_age, page and per_page. */
export function listServices(db: Tx, params: URLSearchParams, origin: string) {
  const { page, perPage } = paging(params);
  const result = searchOffers(
    db,
    {
      text: params.get("text")?.slice(0, 2000) || undefined,
      termId: params.get("taxonomy_term_id")?.slice(0, 64) || undefined,
      minimumAgeAtLeast: ageParam(params, "minimum_age"),
      maximumAgeAtMost: ageParam(params, "maximum_age"),
      sort: "recent",
      page,
      perPage,
    },
    null,
    { pastTheEnd: "empty" },
  );
  const facts = serviceFacts(
    db,
    result.results.map((r) => r.id),
  );
  const contents = result.results.map((r) => serviceSummary(facts.get(r.id)!, origin));
  return paged(contents, result.total, page, perPage);
}

/** The offers the search found (published, of admitted providers) with their providers and lots, in one query. */
function serviceFacts(db: Tx, offerIds: string[]): Map<string, ServiceFacts> {
  if (offerIds.length === 0) return new Map();
  const rows = db
    .select({
      offer: offers,
      provider: organisations,
      lot: { id: frameworkLots.id, name: frameworkLots.name, frameworkId: frameworks.id, framework: frameworks.name, council: councils.name },
    })
    .from(offers)
    .innerJoin(organisations, eq(organisations.id, offers.organisationId))
    .innerJoin(frameworkLots, eq(frameworkLots.id, offers.lotId))
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(inArray(offers.id, offerIds))
    .all();
  return new Map(rows.map((row) => [row.offer.id, row]));
}

/** Every taxonomy term: each council's outcomes and care groups, and each framework's lots. */
function allTerms(db: Tx) {
  const items = db
    .select({ id: councilListItems.id, kind: councilListItems.kind, label: councilListItems.label, description: councilListItems.description, councilId: councilListItems.councilId })
    .from(councilListItems)
    .where(inArray(councilListItems.kind, ["outcome", "care_group"]))
    .orderBy(asc(councilListItems.councilId), asc(councilListItems.kind), asc(councilListItems.position))
    .all()
    .map((i) => ({ id: i.id, name: i.label, description: i.description || i.label, councilId: i.councilId, kind: i.kind as TaxonomyKind }));
  const lots = db
    .select({ id: frameworkLots.id, name: frameworkLots.name, description: frameworkLots.description, councilId: frameworks.councilId })
    .from(frameworkLots)
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .where(inArray(frameworks.status, ["open", "closed", "ended"]))
    .orderBy(asc(frameworks.councilId), asc(frameworkLots.position))
    .all()
    .map((l) => ({ ...l, description: l.description || l.name, kind: "lot" as TaxonomyKind }));
  return [...items, ...lots].map((t) => ({
    id: t.id,
    code: t.kind,
    name: t.name,
    description: t.description,
    taxonomy: KINDS[t.kind],
    taxonomy_id: taxonomyId(t.councilId, t.kind),
  }));
}

export function taxonomyTerms(db: Tx, params: URLSearchParams) {
  const { page, perPage } = paging(params);
  const terms = allTerms(db);
  return paged(terms.slice((page - 1) * perPage, page * perPage), terms.length, page, perPage);
}

export function taxonomies(db: Tx, params: URLSearchParams) {
  const { page, perPage } = paging(params);
  const all = db
    .select({ id: councils.id, name: councils.name })
    .from(councils)
    .orderBy(asc(councils.name))
    .all()
    .flatMap((council) =>
      (Object.keys(KINDS) as TaxonomyKind[]).map((kind) => ({
        id: taxonomyId(council.id, kind),
        name: `${council.name}: ${KINDS[kind].toLowerCase()}`,
        description: `${KINDS[kind]} used by ${council.name} in Self-directed Support.`,
        version: "1",
      })),
    );
  return paged(all.slice((page - 1) * perPage, page * perPage), all.length, page, perPage);
}

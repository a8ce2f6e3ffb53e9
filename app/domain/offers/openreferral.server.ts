import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { COMMUNICATION_SUPPORT, councilListItems, councils, frameworkLots, frameworks, LANGUAGES, offers, organisations, type CommunicationSupport, type Language } from "@db/schema";
import { stableUuid } from "~/lib/ids.server";
import { penceToInput } from "~/lib/money";
import { COMMUNICATION_SUPPORT_LABELS, COST_UNIT_LABELS, DEFAULT_LANGUAGE, DELIVERY_MODE_LABELS, GRADE_LABELS, GRADE_THEME_LABELS, LANGUAGE_LABELS, WEEKDAY_LABELS } from "./labels";
import { getPublicOffer, offerLotColumns, type OfferDetail } from "./offers.server";
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

type Term = { id: string; name: string; description: string; taxonomy: string; taxonomy_id: string };

/**
 * Communication support (Makaton, a hearing loop, interpreters…) and accessibility: one taxonomy, the same for every
 * council. The standard's `languages` are only the languages the support is given in, without interpretation.
 */
const ACCESS_TAXONOMY = { id: stableUuid("taxonomy:communication_and_access"), name: "Communication support and accessibility" };
const ACCESSIBILITY_NOTES = "accessibility_notes";
type AccessKey = CommunicationSupport | typeof ACCESSIBILITY_NOTES;
const ACCESS_TERMS: (Term & { key: AccessKey })[] = [
  ...COMMUNICATION_SUPPORT.map((kind) => ({ key: kind as AccessKey, name: COMMUNICATION_SUPPORT_LABELS[kind], description: `Communication support: ${COMMUNICATION_SUPPORT_LABELS[kind]}` })),
  { key: ACCESSIBILITY_NOTES as AccessKey, name: "Accessibility information", description: "What the provider says about access: step-free entry, toilets, quiet rooms and the like" },
].map((term) => ({ ...term, id: stableUuid(`communication_and_access:${term.key}`), taxonomy: ACCESS_TAXONOMY.name, taxonomy_id: ACCESS_TAXONOMY.id }));
const accessTerm = (key: AccessKey) => ACCESS_TERMS.find((t) => t.key === key)!;

export function apiDetails(origin: string) {
  return {
    version: "3.0",
    profile: "https://openreferraluk.org/",
    openapi_url: `${origin}/openreferral/openapi.json`,
    description: "Service offers published by providers admitted to councils' Self-directed Support provider frameworks, in the Open Referral UK format.",
    endpoints: ["/services", "/services/{id}", "/taxonomies", "/taxonomy_terms", "/openapi.json"].map((path) => `${origin}/openreferral${path}`),
  };
}

const ORUK_SCHEMAS = "https://github.com/openreferraluk/ORUK-Profile-3.0";

/**
 * The OpenAPI 3.0 description of this API (what `openapi_url` points to): its address, endpoints, parameters and
 * responses. Service objects follow the Open Referral UK profile's JSON schemas, which it links to.
 */
export function openApiDocument(origin: string) {
  const query = (name: string, description: string, schema: object) => ({ name, in: "query", required: false, description, schema });
  const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
  const paging = [{ $ref: "#/components/parameters/page" }, { $ref: "#/components/parameters/per_page" }];
  const pageOf = (items: string) => ({ allOf: [{ $ref: "#/components/schemas/Page" }, { type: "object", properties: { contents: { type: "array", items: { $ref: `#/components/schemas/${items}` } } } }] });
  return {
    openapi: "3.0.3",
    info: {
      title: "Choice and Control: Open Referral UK service directory",
      version: "3.0",
      description: apiDetails(origin).description,
      license: { name: "Open Government Licence v3.0", url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" },
    },
    externalDocs: { description: "Open Referral UK profile (HSDS 3.0) and its JSON schemas", url: ORUK_SCHEMAS },
    servers: [{ url: `${origin}/openreferral` }],
    paths: {
      "/": { get: { summary: "Details of this API", responses: { "200": json("Version, profile and endpoints", { type: "object" }) } } },
      "/services": {
        get: {
          summary: "Published service offers, a page at a time",
          parameters: [
            query("text", "Words to find in the title, summary, description, provider's name or the languages the provider named", { type: "string" }),
            query("taxonomy_term_id", "Only services with this taxonomy term (an outcome, care group, type of support or communication support)", { type: "string", format: "uuid" }),
            query("minimum_age", "Only services with a minimum age of at least this", { type: "number" }),
            query("maximum_age", "Only services with a maximum age of at most this", { type: "number" }),
            ...paging,
          ],
          responses: { "200": json("A page of services (service_list.json)", pageOf("ServiceListItem")), "431": { $ref: "#/components/responses/TooLong" } },
        },
      },
      "/services/{id}": {
        get: {
          summary: "One published service offer in full",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": json("The service (service.json)", { $ref: "#/components/schemas/Service" }), "404": json("No published service has this id", { $ref: "#/components/schemas/Error" }) },
        },
      },
      "/taxonomies": { get: { summary: "The taxonomies the services' attributes use", parameters: paging, responses: { "200": json("A page of taxonomies", pageOf("Taxonomy")) } } },
      "/taxonomy_terms": { get: { summary: "The terms of every taxonomy", parameters: paging, responses: { "200": json("A page of taxonomy terms", pageOf("TaxonomyTerm")) } } },
      "/openapi.json": { get: { summary: "This description", responses: { "200": json("OpenAPI 3.0 document", { type: "object" }) } } },
    },
    components: {
      parameters: {
        page: query("page", "The page to return, from 1", { type: "integer", minimum: 1, default: 1 }),
        per_page: query("per_page", "Items a page", { type: "integer", minimum: 1, maximum: FEED_MAX_PAGE_SIZE, default: FEED_PAGE_SIZE }),
      },
      responses: { TooLong: json("The address (with its query) is longer than the service reads", { $ref: "#/components/schemas/Error" }) },
      schemas: {
        Page: {
          type: "object",
          required: ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
          properties: {
            total_items: { type: "integer" },
            total_pages: { type: "integer" },
            page_number: { type: "integer" },
            size: { type: "integer" },
            first_page: { type: "boolean" },
            last_page: { type: "boolean" },
            empty: { type: "boolean" },
            contents: { type: "array", items: {} },
          },
        },
        ServiceListItem: { type: "object", description: "A service as the Open Referral UK profile's service_list.json describes it", externalDocs: { url: ORUK_SCHEMAS } },
        Service: { type: "object", description: "A service as the Open Referral UK profile's service.json describes it", externalDocs: { url: ORUK_SCHEMAS } },
        Taxonomy: { type: "object", required: ["id", "name", "description"], properties: { id: { type: "string", format: "uuid" }, name: { type: "string" }, description: { type: "string" }, version: { type: "string" } } },
        TaxonomyTerm: {
          type: "object",
          required: ["id", "name", "description"],
          properties: { id: { type: "string", format: "uuid" }, code: { type: "string" }, name: { type: "string" }, description: { type: "string" }, taxonomy: { type: "string" }, taxonomy_id: { type: "string", format: "uuid" } },
        },
        Error: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
      },
    },
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

/** A council list entry or lot as a term of that council's taxonomy of its kind. */
const councilTerm = (id: string, name: string, description: string, councilId: string, kind: TaxonomyKind): Term => ({
  id,
  name,
  description: description || name,
  taxonomy: KINDS[kind],
  taxonomy_id: taxonomyId(councilId, kind),
});

/** The service has the term; `value` is what it says about it, when there is more to say (HSDS 3.0 attribute.value). */
function attribute(offerId: string, term: Term, value?: string) {
  return compact({
    id: stableUuid(`${offerId}:attribute:${term.id}`),
    link_id: offerId,
    link_type: "service",
    taxonomy_term_id: term.id,
    taxonomy_term: { ...term, term: term.name },
    value,
  });
}

type ServiceLanguage = { id: string; service_id: string; name: string; code?: string };

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
    // A locality is named, not drawn: no extent, so no extent_type.
    service_areas: localityItems.map((area) => ({ id: stableUuid(`${offer.id}:area:${area.id}`), service_id: offer.id, name: area.label, service_area: `${area.label}, ${lot.council}` })),
    languages: [
      ...(offer.languages.length > 0 ? offer.languages : [DEFAULT_LANGUAGE])
        .filter((code): code is Language => (LANGUAGES as readonly string[]).includes(code))
        .map((code): ServiceLanguage => ({ id: stableUuid(`${offer.id}:language:${code}`), service_id: offer.id, name: LANGUAGE_LABELS[code], code })),
      // Languages the provider named itself: by name only, as no code was chosen.
      ...offer.otherLanguages.map((name): ServiceLanguage => ({ id: stableUuid(`${offer.id}:language:${name.toLowerCase()}`), service_id: offer.id, name })),
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
      attribute(offer.id, councilTerm(lot.id, lot.name, "", offer.councilId, "lot")),
      ...detail.outcomes.map((o) => attribute(offer.id, councilTerm(o.id, o.label, o.description, offer.councilId, "outcome"))),
      ...careGroupItems.map((g) => attribute(offer.id, councilTerm(g.id, g.label, g.description, offer.councilId, "care_group"))),
      ...offer.communicationSupport.map((kind) => attribute(offer.id, accessTerm(kind))),
      ...(offer.accessibilityNotes ? [attribute(offer.id, accessTerm(ACCESSIBILITY_NOTES), offer.accessibilityNotes)] : []),
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

/**
 * `GET /services`: text, taxonomy_term_id, minimum_age, maximum_age, page and per_page. A term of communication
 * support finds the offers giving it.
 */
export function listServices(db: Tx, params: URLSearchParams, origin: string) {
  const { page, perPage } = paging(params);
  const termId = params.get("taxonomy_term_id")?.slice(0, 64) || undefined;
  const accessKey = ACCESS_TERMS.find((t) => t.id === termId)?.key;
  const result = searchOffers(
    db,
    {
      text: params.get("text")?.slice(0, 2000) || undefined,
      ...(accessKey === ACCESSIBILITY_NOTES ? { withAccessibilityNotes: true } : accessKey ? { language: accessKey } : { termId }),
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
      lot: offerLotColumns,
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

/** Every taxonomy term: each council's outcomes and care groups, each framework's lots, and communication support. */
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
  return [
    ...[...items, ...lots].map((t) => ({ ...councilTerm(t.id, t.name, t.description, t.councilId, t.kind), code: t.kind })),
    ...ACCESS_TERMS.map(({ key, ...term }) => ({ ...term, code: key })),
  ];
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
    )
    .concat({ ...ACCESS_TAXONOMY, description: "Communication support the provider gives (such as Makaton or a hearing loop), and its accessibility information.", version: "1" });
  return paged(all.slice((page - 1) * perPage, page * perPage), all.length, page, perPage);
}

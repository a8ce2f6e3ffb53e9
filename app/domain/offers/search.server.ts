import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { COMMUNICATION_SUPPORT, councilListItems, DELIVERY_MODES, LANGUAGES, councils, personOutcomes, type Accepting, type CostUnit, type DeliveryMode } from "@db/schema";
import { isPersonUser, type Actor } from "~/auth/permissions";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { peopleActedFor } from "~/domain/people/people.server";
import { todayIso } from "~/lib/dates";
import { parsePounds } from "~/lib/money";
import { BUDGET_UNITS, DEFAULT_LANGUAGE, SEARCH_TEXT_MAX, type BudgetUnit } from "./labels";

export const SORTS = ["best", "cost", "recent"] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 10;
const MAX_TERMS = 12;

export type OfferQuery = {
  /** One council's offers; every council's when left out (the national open data feed). */
  councilId?: string;
  text?: string;
  outcomeId?: string;
  lotId?: string;
  localityId?: string;
  careGroupId?: string;
  age?: number;
  deliveryMode?: DeliveryMode;
  /** A language code or a kind of communication support. */
  language?: string;
  /** "yes": accepting now; "waiting_list": accepting now or with a waiting list. */
  accepting?: Exclude<Accepting, "no">;
  /**
   * Fits my budget: a current cost option in this unit at or under this many pence. Offers priced only in other units
   * are left out, since a price per session cannot be compared with a budget per hour.
   */
  maxCost?: { pence: number; unit: BudgetUnit };
  /** Offers whose provider gives accessibility information (the Open Referral feed). */
  withAccessibilityNotes?: boolean;
  /** Any of these taxonomy terms: outcome, care group or lot ids (the Open Referral feed). */
  termId?: string;
  /** Open Referral's filters: a minimum age of at least, a maximum age of at most. */
  minimumAgeAtLeast?: number;
  maximumAgeAtMost?: number;
  sort?: Sort;
  page?: number;
  perPage?: number;
  /** The person's own outcomes: results that support more of them come first. */
  personOutcomeIds?: string[];
};

export type OfferResult = {
  id: string;
  title: string;
  summary: string;
  provider: string;
  organisationId: string;
  lotId: string;
  lot: string;
  accepting: Accepting;
  places: number | null;
  localities: string[];
  deliveryModes: DeliveryMode[];
  lowestCost: { amountPence: number; unit: CostUnit } | null;
  outcomesMatched: number;
  updatedAt: Date;
};

export type OfferPage = { results: OfferResult[]; total: number; page: number; pageCount: number; perPage: number; personOutcomeCount: number };

/**
 * Turns anything a person types into a safe FTS5 query: words and numbers only (letters of any script),
 * each quoted and matched as a prefix, all required. Operators, quotes, brackets, emoji and the like are
 * dropped, so the result can never be a syntax error. Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const terms = input
    .slice(0, SEARCH_TEXT_MAX)
    .normalize("NFKC")
    .match(/[\p{L}\p{N}]+/gu);
  if (!terms) return null;
  const unique = [...new Set(terms.map((t) => t.toLowerCase().slice(0, 40)))].slice(0, MAX_TERMS);
  return unique.map((t) => `"${t}"*`).join(" ");
}

/**
 * The full-text match: what was typed, against the text columns only, and within one council's offers when the
 * search is in a council (the index holds each offer's council: migration 0010). The text columns include the
 * languages a provider named itself (migration 0018).
 */
function matchExpression(fts: string, councilId: string | undefined): string {
  const text = `{title summary description provider languages} : (${fts})`;
  const council = councilId?.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return council ? `council : "${council}" AND ${text}` : text;
}

/**
 * The outcome ids in the support plans of the people the signed-in person or representative acts for, to rank
 * offers by how many of them each supports. Outcomes removed from a plan no longer count.
 */
export function personOutcomeIdsFor(db: Tx, actor: Actor | null): string[] {
  if (!actor || !isPersonUser(actor)) return [];
  const personIds = peopleActedFor(db, actor).map((p) => p.id);
  if (personIds.length === 0) return [];
  const rows = db
    .selectDistinct({ outcomeId: personOutcomes.outcomeId })
    .from(personOutcomes)
    .where(and(inArray(personOutcomes.personId, personIds), isNull(personOutcomes.removedAt)))
    .all();
  return rows.map((r) => r.outcomeId);
}

const today = () => todayIso();

/** A current cost option of the offer, optionally of one unit and at most an amount. */
function currentCost(unit?: CostUnit, maxPence?: number): SQL {
  return sql`select 1 from offer_cost_options c where c.offer_id = o.id
    and (c.valid_from is null or c.valid_from <= ${today()}) and (c.valid_to is null or c.valid_to >= ${today()})
    ${unit ? sql`and c.unit = ${unit}` : sql``} ${maxPence !== undefined ? sql`and c.amount_pence <= ${maxPence}` : sql``}`;
}

/**
 * The offer's JSON list in `column` holds `value`. A value of letters, digits, `_` and `-` (every id and code) is
 * written into JSON as it is, so the list's text must contain it in quotes: that quick test comes first, and the
 * exact one runs only on the offers that pass it.
 */
const inList = (column: string, value: string) => {
  const list = sql.raw(`o.${column}`);
  const exact = sql`exists (select 1 from json_each(${list}) where value = ${value})`;
  return /^[\w-]+$/.test(value) ? sql`(instr(${list}, ${`"${value}"`}) > 0 and ${exact})` : exact;
};
const emptyList = (column: string) => sql`json_array_length(${sql.raw(`o.${column}`)}) = 0`;

/** An offer naming no care groups is for anyone, so it is for whichever group is asked for. */
const forCareGroup = (id: string) => sql`(${inList("care_group_ids", id)} or ${emptyList("care_group_ids")})`;

/** An offer naming no languages is offered in English (as its page says). */
const inLanguage = (code: string) => sql`(${inList("languages", code)} or ${inList("communication_support", code)}${code === DEFAULT_LANGUAGE ? sql` or ${emptyList("languages")}` : sql``})`;

/** A taxonomy term of the feed that is one of the offer's council's care groups. */
const isCareGroupOfCouncil = (id: string) => sql`exists (select 1 from council_list_items i where i.id = ${id} and i.kind = 'care_group' and i.council_id = o.council_id)`;

/** The search's conditions, cheapest first: whether the provider is admitted to the lot is asked last, of fewer offers. */
function conditions(query: OfferQuery): SQL[] {
  const where: SQL[] = [sql`o.status = 'published'`];
  if (query.councilId) where.push(sql`o.council_id = ${query.councilId}`);
  if (query.outcomeId) where.push(inList("outcome_ids", query.outcomeId));
  if (query.lotId) where.push(sql`o.lot_id = ${query.lotId}`);
  if (query.localityId) where.push(inList("locality_ids", query.localityId));
  if (query.careGroupId) where.push(forCareGroup(query.careGroupId));
  if (query.age !== undefined) where.push(sql`(o.min_age is null or o.min_age <= ${query.age}) and (o.max_age is null or o.max_age >= ${query.age})`);
  if (query.deliveryMode) where.push(inList("delivery_modes", query.deliveryMode));
  if (query.language) where.push(inLanguage(query.language));
  if (query.accepting === "yes") where.push(sql`o.accepting = 'yes'`);
  if (query.accepting === "waiting_list") where.push(sql`o.accepting in ('yes', 'waiting_list')`);
  if (query.withAccessibilityNotes) where.push(sql`o.accessibility_notes <> ''`);
  if (query.maxCost) where.push(sql`exists (${currentCost(query.maxCost.unit, query.maxCost.pence)})`);
  if (query.termId) {
    const term = query.termId;
    where.push(sql`(o.lot_id = ${term} or ${inList("outcome_ids", term)} or ${inList("care_group_ids", term)} or (${emptyList("care_group_ids")} and ${isCareGroupOfCouncil(term)}))`);
  }
  if (query.minimumAgeAtLeast !== undefined) where.push(sql`o.min_age >= ${query.minimumAgeAtLeast}`);
  if (query.maximumAgeAtMost !== undefined) where.push(sql`o.max_age <= ${query.maximumAgeAtMost}`);
  where.push(admittedToLotRaw());
  return where;
}

/** `admittedToLot` over the alias `o` used by the search's raw SQL. */
function admittedToLotRaw(): SQL {
  return sql`exists (select 1 from application_lots al join provider_applications pa on pa.id = al.application_id
    where al.lot_id = o.lot_id and pa.organisation_id = o.organisation_id and pa.status = 'admitted' and al.outcome = 'admitted'
    and ${frameworkInForce(sql.raw("pa.framework_id"))})`;
}

type Row = {
  id: string;
  title: string;
  summary: string;
  provider: string;
  organisation_id: string;
  lot_id: string;
  lot: string;
  accepting: Accepting;
  places: number | null;
  locality_ids: string;
  delivery_modes: string;
  updated_at: number;
  lowest: number | null;
  lowest_unit: CostUnit | null;
  matched: number;
};

/**
 * Published offers of admitted providers in one council, matching the free text and filters, in the chosen
 * order, one page at a time. Never throws on what a person typed; a page past the end gives the last page.
 */
export function searchOffers(db: Tx, query: OfferQuery, _viewer: Actor | null = null, options: { pastTheEnd?: "last" | "empty" } = {}): OfferPage {
  const perPage = Math.min(Math.max(Math.trunc(query.perPage ?? PAGE_SIZE), 1), 200);
  const fts = query.text ? ftsQuery(query.text) : null;
  const mine = [...new Set(query.personOutcomeIds ?? [])];
  const from = fts
    ? sql`offers o join (select offer_id, bm25(offers_search, 0, 0, 10, 5, 1, 3, 3) as score from offers_search where offers_search match ${matchExpression(fts, query.councilId)}) m on m.offer_id = o.id`
    : sql`offers o`;
  const where = sql.join(conditions(query), sql` and `);
  const requested = Number.isFinite(query.page) ? Math.min(Math.trunc(query.page!), 1_000_000) : 1;
  const matched = mine.length > 0 ? sql`(select count(*) from json_each(o.outcome_ids) where value in (${sql.join(mine.map((id) => sql`${id}`), sql`, `)}))` : sql`0`;
  // Prices are compared in the budget's unit when "fits my budget" is set, per hour otherwise.
  const unit = query.maxCost?.unit ?? "hour";
  const inUnit = sql`(select min(c.amount_pence) from offer_cost_options c where c.offer_id = o.id and c.unit = ${unit}
    and (c.valid_from is null or c.valid_from <= ${today()}) and (c.valid_to is null or c.valid_to >= ${today()}))`;
  const order =
    query.sort === "cost"
      ? sql`in_unit is null, in_unit, lowest is null, lowest, o.title`
      : query.sort === "recent"
        ? sql`o.updated_at desc, o.title`
        : sql`matched desc, ${fts ? sql`m.score, ` : sql``}o.updated_at desc, o.title`;
  // The price a result shows ("From £24.50 per hour"): the cheapest valid today, one in the compared unit first.
  const lowest = (column: "amount_pence" | "unit") =>
    sql`(select ${sql.raw(`c.${column}`)} from offer_cost_options c where c.offer_id = o.id
      and (c.valid_from is null or c.valid_from <= ${today()}) and (c.valid_to is null or c.valid_to >= ${today()})
      order by c.unit = ${unit} desc, c.amount_pence limit 1)`;
  // First the page: one pass finds its offers and, by a window count, the total, so the filters and the text match
  // run once. Costs are worked out here only when they are the order; otherwise only for the page's offers, below.
  const pageIds = (page: number) =>
    db.all<{ id: string; matched: number; total: number }>(sql`
    select o.id, ${matched} as matched, count(*) over () as total
      ${query.sort === "cost" ? sql`, ${inUnit} as in_unit, ${lowest("amount_pence")} as lowest` : sql``}
    from ${from}
    where ${where}
    order by ${order}
    limit ${perPage} offset ${(page - 1) * perPage}`);
  const pageRows = (page: number): (Row & { total: number })[] => {
    const ids = pageIds(page);
    if (ids.length === 0) return [];
    const details = new Map(
      db
        .all<Omit<Row, "matched">>(sql`
        select o.id, o.title, o.summary, org.name as provider, o.organisation_id, o.lot_id, l.name as lot, o.accepting, o.places,
          o.locality_ids, o.delivery_modes, o.updated_at, ${lowest("amount_pence")} as lowest, ${lowest("unit")} as lowest_unit
        from offers o
        join organisations org on org.id = o.organisation_id
        join framework_lots l on l.id = o.lot_id
        where o.id in (${sql.join(
          ids.map((r) => sql`${r.id}`),
          sql`, `,
        )})`)
        .map((row) => [row.id, row]),
    );
    return ids.map((r) => ({ ...details.get(r.id)!, matched: r.matched, total: r.total }));
  };
  let page = Math.max(requested, 1);
  let rows = pageRows(page);
  let total = rows[0]?.total;
  if (total === undefined) {
    // A page past the end (or nothing found): count, then show the last page unless an empty one was asked for.
    total = db.get<{ n: number }>(sql`select count(*) as n from ${from} where ${where}`)?.n ?? 0;
    const last = Math.max(1, Math.ceil(total / perPage));
    if (options.pastTheEnd !== "empty" && page > last) {
      page = last;
      rows = total > 0 ? pageRows(page) : [];
    }
  }
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const localities = new Map(
    db
      .select({ id: councilListItems.id, label: councilListItems.label })
      .from(councilListItems)
      .where(and(eq(councilListItems.kind, "locality"), query.councilId ? eq(councilListItems.councilId, query.councilId) : undefined))
      .all()
      .map((i) => [i.id, i.label]),
  );
  return {
    total,
    page,
    pageCount,
    perPage,
    personOutcomeCount: mine.length,
    results: rows.map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      provider: r.provider,
      organisationId: r.organisation_id,
      lotId: r.lot_id,
      lot: r.lot,
      accepting: r.accepting,
      places: r.places,
      localities: (JSON.parse(r.locality_ids) as string[]).map((id) => localities.get(id) ?? "").filter(Boolean),
      deliveryModes: JSON.parse(r.delivery_modes) as DeliveryMode[],
      lowestCost: r.lowest !== null && r.lowest_unit ? { amountPence: r.lowest, unit: r.lowest_unit } : null,
      outcomesMatched: r.matched,
      updatedAt: new Date(r.updated_at),
    })),
  };
}

/** A search parameter as one short string, or undefined. */
function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value.slice(0, 200) : undefined;
}

/** The unit a "fits my budget" amount is given in: one of BUDGET_UNITS, per hour unless another is chosen. */
export function budgetUnitOf(params: URLSearchParams): BudgetUnit {
  const unit = param(params, "budgetUnit");
  return BUDGET_UNITS.find((u) => u === unit) ?? "hour";
}

/** The oldest age the search takes. */
const AGE_MAX = 130;

/**
 * Reads the search page's query string into a query. Anything unknown or malformed in the lists and choices is
 * ignored, so a shared or hand-edited link always shows a page; a budget or an age typed in a form the search
 * cannot use is a problem to show beside its field (the search is not run until it is put right).
 */
export function offerQueryFromParams(params: URLSearchParams, councilId: string): { query: OfferQuery; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const ageText = param(params, "age");
  const age = Number(ageText);
  if (ageText && !(/^\d{1,3}$/.test(ageText) && age <= AGE_MAX)) problems.age = `Enter the person's age as a whole number of years, from 0 to ${AGE_MAX}, like 30`;
  const page = Number(param(params, "page"));
  const budget = param(params, "budget");
  const budgetUnit = budgetUnitOf(params);
  const pence = budget ? parsePounds(budget) : null;
  if (budget && pence === null) problems.budget = "Enter a budget in pounds and pence, like 25.50";
  else if (budget && pence === 0) problems.budget = "Enter a budget of more than £0, like 25.50";
  const language = param(params, "language");
  const deliveryMode = param(params, "deliveryMode");
  const accepting = param(params, "accepting");
  const sort = param(params, "sort");
  return {
    problems,
    query: {
      councilId,
      text: params.get("q")?.slice(0, SEARCH_TEXT_MAX) || undefined,
      outcomeId: param(params, "outcome"),
      lotId: param(params, "lot"),
      localityId: param(params, "locality"),
      careGroupId: param(params, "careGroup"),
      age: ageText && !problems.age ? age : undefined,
      deliveryMode: (DELIVERY_MODES as readonly string[]).includes(deliveryMode ?? "") ? (deliveryMode as DeliveryMode) : undefined,
      language: language && ([...LANGUAGES, ...COMMUNICATION_SUPPORT] as readonly string[]).includes(language) ? language : undefined,
      accepting: accepting === "yes" || accepting === "waiting_list" ? accepting : undefined,
      maxCost: pence ? { pence, unit: budgetUnit } : undefined,
      sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : "best",
      page: Number.isInteger(page) && page > 0 && page <= 1_000_000 ? page : 1,
    },
  };
}

/** The councils a visitor may search the offers of, by name. */
export function searchableCouncils(db: Tx): { id: string; name: string; slug: string }[] {
  return db.select({ id: councils.id, name: councils.name, slug: councils.slug }).from(councils).orderBy(councils.name).all();
}

/** The council whose offers a visitor sees: the one asked for, the visitor's own, or the first with offers. */
export function searchCouncil(db: Tx, slug: string | null, actor: Actor | null): { id: string; name: string; slug: string } | null {
  const all = searchableCouncils(db);
  const asked = slug ? all.find((c) => c.slug === slug) : undefined;
  if (asked) return asked;
  const own = actor?.councilId ? all.find((c) => c.id === actor.councilId) : undefined;
  if (own) return own;
  const withOffers = db.get<{ council_id: string }>(sql`select o.council_id from offers o where o.status = 'published' and ${admittedToLotRaw()} group by o.council_id order by count(*) desc limit 1`);
  return all.find((c) => c.id === withOffers?.council_id) ?? all[0] ?? null;
}

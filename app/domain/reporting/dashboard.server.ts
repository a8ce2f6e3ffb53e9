/**
 * The commissioning dashboard: the figures a council's commissioning team decides with, each with the address
 * of the list behind it. Every query is scoped to the actor's council in its `where` clause. People appear
 * only as counts. Figures over many rows are aggregated in SQL (`dashboard-figures.server.ts`).
 *
 * - Work waiting: applications, evidence, agreements awaiting approval, invoices awaiting approval and invoices
 *   with lines people have flagged (and how many lines), each with the age of the oldest.
 * - Market picture: providers per lot; published offers per lot and locality by capacity, the providers with
 *   an offer and those accepting new people, and the gaps (a lot with no provider accepting new people in a locality).
 * - Option 2 in numbers: people by option and locality, agreements in force and their value, spend against
 *   budget by provider, lot and outcome with forecast flags, median days to an approved agreement and to payment.
 * - Outcomes: people, planned and spent per council outcome. The share of outcomes met at reviews, by provider
 *   and lot, is worked out in `outcomes-met.server.ts` and shown beside it.
 */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { applicationLots, councils, frameworkLots, frameworks, providerApplications, type ApplicationStatus } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { councilList as councilListItems } from "~/domain/council-lists/council-lists.server";
import { complianceView } from "~/domain/frameworks/compliance.server";
import { daysBetween, toIsoDate, type IsoDate } from "~/lib/dates";
import { NotFound } from "~/lib/errors";
import { csvMoney, type CsvCell } from "~/lib/csv";
import {
  agreementsInForce,
  attributeSpend,
  fundFigures,
  marketRows,
  medianDaysToApproval,
  medianDaysToPay,
  peopleByOutcome,
  peopleToday,
  spendByOutcome,
  waitingCounts,
  type FundFigures,
  type MarketRow,
  type MedianFigure,
} from "./dashboard-figures.server";
import { NO_LOCALITY } from "~/domain/people/labels";
import { TO_REVIEW } from "~/domain/frameworks/labels";
import type { LedgerFlag } from "~/domain/ledger/figures";
import { WITHOUT_LOT } from "~/domain/ledger/funds.schema";
import { OPTION_COLUMN_LABELS, OPTION_KEYS, type BudgetFilter, type OptionKey } from "./labels";
import { councilList, NOT_RECORDED, type CountRow, type OptionCounts } from "./sds-return.server";

export type WaitingItem = { key: string; label: string; count: number; oldestDays: number | null; href: string };
export type LotFigure = { lotId: string; lot: string; framework: string; admitted: number; suspended: number; href: string };
/** One cell of the locality × lot heat table: the market there (offers by capacity, providers with one and those accepting), named, and whether it is a gap. */
export type LocalityLotCell = MarketRow & {
  locality: string;
  lot: string;
  /** No provider accepting new people for this lot in this locality. */
  gap: boolean;
  /** The offers search, filtered by this lot and locality. */
  href: string;
};
/** Spend to date against budget of a group of open funds (a provider, a lot), with the funds forecast to overspend and underspend and by how much. */
export type SpendRow = {
  key: string;
  label: string;
  accounts: number;
  funding: number;
  expected: number;
  spent: number;
  balance: number;
  overspend: number;
  underspend: number;
  /** By how much the funds forecast to overspend would pass their budgets, in all. */
  overspendPence: number;
  /** How much the funds forecast to underspend would leave unspent, in all. */
  underspendPence: number;
  href: string;
};
/** The funds list behind the forecast figures: funds flagged to overspend and to underspend. */
export type ForecastLinks = { overspendHref: string; underspendHref: string };
/** Spend by lot: a lot's forecast figures link to its funds list; the row of funds with no lot has none. */
export type LotSpend = SpendRow & Partial<ForecastLinks>;
export type ProviderSpend = Omit<SpendRow, "key" | "label"> & ForecastLinks & { organisationId: string; provider: string };
/** People with a budget today by option (and in all), each count with the people list behind it. */
export type PeopleRow = CountRow & { hrefs: Record<OptionKey | "total", string> };
export type OutcomeFigure = {
  /** Null for the row of spending that could not be attributed to any outcome. */
  outcomeId: string | null;
  outcome: string;
  /** Open records of people with the outcome in their support plan. */
  people: number;
  /** Planned against the outcome in the agreements in force of open funds. */
  planned: number;
  /** Spending recorded against the outcome. */
  spentDirect: number;
  /** Spending without an outcome, shared pro rata to the fund's planned amounts. */
  spentShared: number;
  spent: number;
  href: string | null;
};

export type Dashboard = {
  today: IsoDate;
  waiting: WaitingItem[];
  lots: LotFigure[];
  /** The heat table's rows and columns, and every cell of it (gaps included). */
  market: { localities: { id: string; label: string }[]; lots: { id: string; label: string }[]; gaps: number };
  localityByLot: LocalityLotCell[];
  /** Applications submitted or under review, with the queue of both. */
  applicationsToReview: { count: number; href: string };
  people: { totals: OptionCounts; hrefs: PeopleRow["hrefs"]; byLocality: PeopleRow[] };
  option2: {
    people: number;
    yearlyPence: number;
    /** The people with Option 2 money in their budget today. */
    href: string;
    /** With the agreements list filtered to those in force today. */
    inForce: { count: number; valuePence: number; href: string };
    /** With the agreements first approved in the median's window. */
    daysToApproval: MedianFigure & { href: string };
    /** With the invoices paid in the median's window. */
    daysToPay: MedianFigure & { href: string };
  };
  spend: ForecastLinks & {
    byProvider: ProviderSpend[];
    byLot: LotSpend[];
    accounts: number;
    overspend: number;
    underspend: number;
    overspendPence: number;
    underspendPence: number;
    funding: number;
    spent: number;
  };
  outcomes: OutcomeFigure[];
};

const daysSince = (instant: Date, today: IsoDate) => Math.max(0, daysBetween(toIsoDate(instant), today));

/** Everything waiting for the commissioning team (and, for invoices and flags, council finance), each with the age of the oldest. */
function workWaiting(db: Tx, actor: Actor, councilId: string, today: IsoDate): WaitingItem[] {
  const waitingOn = (status: ApplicationStatus) => {
    const rows = db
      .select({ submittedAt: providerApplications.submittedAt })
      .from(providerApplications)
      .where(and(eq(providerApplications.councilId, councilId), eq(providerApplications.status, status), isNotNull(providerApplications.submittedAt)))
      .all();
    const oldest = rows.map((r) => r.submittedAt!).sort((a, b) => a.getTime() - b.getTime())[0];
    return { count: rows.length, oldestDays: oldest ? daysSince(oldest, today) : null, href: `/commissioning/applications?status=${status}` };
  };
  const evidence = complianceView(db, actor, today).flatMap((p) => p.items);
  const expired = evidence.filter((i) => i.expired);
  const expiring = evidence.filter((i) => !i.expired);
  const oldestExpiry = (items: typeof evidence) => (items.length ? Math.max(...items.map((i) => Math.abs(daysBetween(i.expiresOn, today)))) : null);
  const counts = waitingCounts(db, councilId);
  return [
    { key: "submitted", label: "Applications submitted, not yet taken into review", ...waitingOn("submitted") },
    { key: "under_review", label: "Applications under review", ...waitingOn("under_review") },
    { key: "evidence_expired", label: "Evidence expired", count: expired.length, oldestDays: oldestExpiry(expired), href: "/commissioning/compliance" },
    {
      key: "evidence_expiring",
      label: "Evidence expiring in the next 60 days",
      count: expiring.length,
      oldestDays: expiring.length ? Math.min(...expiring.map((i) => i.daysLeft)) : null,
      href: "/commissioning/compliance",
    },
    {
      key: "agreements_awaiting_approval",
      label: "Agreements signed by all three parties, awaiting approval",
      count: counts.agreements.count,
      oldestDays: counts.agreements.oldest ? daysSince(counts.agreements.oldest, today) : null,
      href: "/agreements?status=awaiting_approval_any",
    },
    {
      key: "invoices_awaiting_approval",
      label: "Invoices awaiting approval by council finance (submitted or queried)",
      count: counts.invoices.count,
      oldestDays: counts.invoices.oldest ? Math.max(0, daysBetween(counts.invoices.oldest, today)) : null,
      href: "/council/invoices",
    },
    {
      key: "flags",
      label: `Invoices with lines flagged by people as support not received (${counts.flags.lines === 1 ? "1 line" : `${counts.flags.lines} lines`} in all)`,
      count: counts.flags.invoices,
      oldestDays: counts.flags.oldest ? daysSince(counts.flags.oldest, today) : null,
      href: "/council/invoices?flagged=1",
    },
  ];
}

type CouncilLot = { lotId: string; lot: string; framework: string };

/** The lots of the council's frameworks that are not drafts, in order. */
function councilLots(db: Tx, councilId: string): CouncilLot[] {
  return db
    .select({ lotId: frameworkLots.id, lot: frameworkLots.name, framework: frameworks.name })
    .from(frameworkLots)
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .where(and(eq(frameworks.councilId, councilId), inArray(frameworks.status, ["open", "closed"])))
    .orderBy(asc(frameworks.name), asc(frameworkLots.position))
    .all();
}

/** Providers admitted to (and suspended from) each lot. */
function lotFigures(db: Tx, councilId: string, lots: CouncilLot[]): LotFigure[] {
  const standings = db
    .select({ lotId: applicationLots.lotId, status: providerApplications.status })
    .from(applicationLots)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
    .where(and(eq(providerApplications.councilId, councilId), eq(applicationLots.outcome, "admitted"), inArray(providerApplications.status, ["admitted", "suspended"])))
    .all();
  return lots.map((lot) => ({
    ...lot,
    admitted: standings.filter((s) => s.lotId === lot.lotId && s.status === "admitted").length,
    suspended: standings.filter((s) => s.lotId === lot.lotId && s.status === "suspended").length,
    href: `/commissioning/applications?status=admitted&lot=${lot.lotId}`,
  }));
}

/**
 * The locality × lot heat table: for every current locality and every lot, the published offers the public can
 * see there by capacity, the providers with such an offer, and those accepting new people. A cell with none accepting is a gap, even when
 * offers there have a waiting list or are full.
 */
function localityByLot(db: Tx, councilId: string, councilSlug: string, lots: CouncilLot[], today: IsoDate): { cells: LocalityLotCell[]; localities: { id: string; label: string }[] } {
  const localities = councilListItems(db, councilId, "locality").map((l) => ({ id: l.id, label: l.label }));
  const rows = new Map(marketRows(db, councilId, today).map((r) => [`${r.localityId}|${r.lotId}`, r]));
  const cells = localities.flatMap((locality) =>
    lots.map((lot) => {
      const row = rows.get(`${locality.id}|${lot.lotId}`) ?? { localityId: locality.id, lotId: lot.lotId, offers: 0, accepting: 0, waitingList: 0, full: 0, providersWithOffer: 0, providersAccepting: 0 };
      return {
        ...row,
        locality: locality.label,
        lot: lot.lot,
        gap: row.providersAccepting === 0,
        href: `/offers?${new URLSearchParams({ council: councilSlug, lot: lot.lotId, locality: locality.id })}`,
      };
    }),
  );
  return { cells, localities };
}

/** Adds up open funds by a key: accounts, budget, planned and actual spend, balance and forecast flags. */
function rollUp(funds: FundFigures[], keyOf: (f: FundFigures) => { key: string; label: string; href: string }): SpendRow[] {
  const rows = new Map<string, SpendRow>();
  for (const fund of funds) {
    const { key, label, href } = keyOf(fund);
    const row = rows.get(key) ?? { key, label, href, accounts: 0, funding: 0, expected: 0, spent: 0, balance: 0, overspend: 0, underspend: 0, overspendPence: 0, underspendPence: 0 };
    row.accounts++;
    row.funding += fund.funding;
    row.expected += fund.expected;
    row.spent += fund.spent;
    row.balance += fund.balance;
    if (fund.overspend) {
      row.overspend++;
      row.overspendPence += fund.forecastVariance;
    }
    if (fund.underspend) {
      row.underspend++;
      row.underspendPence -= fund.forecastVariance;
    }
    rows.set(key, row);
  }
  return [...rows.values()];
}

export const NO_LOT = "No lot recorded";

/** The funds list, filtered as given, flagged to overspend and to underspend. */
function forecastLinks(filter: Record<string, string> = {}): ForecastLinks {
  const href = (flag: LedgerFlag) => `/funds?${new URLSearchParams({ ...filter, flag })}`;
  return { overspendHref: href("forecast_overspend"), underspendHref: href("forecast_underspend") };
}

function spendFigures(funds: FundFigures[], lots: CouncilLot[]): Dashboard["spend"] {
  const byProvider = rollUp(funds, (f) => ({ key: f.providerOrganisationId, label: f.provider, href: `/funds?provider=${f.providerOrganisationId}` }))
    .map(({ key, label, ...row }) => ({ ...row, ...forecastLinks({ provider: key }), organisationId: key, provider: label }))
    .sort((a, b) => a.provider.localeCompare(b.provider));
  const position = new Map(lots.map((l, i) => [l.lotId, i]));
  const byLot: LotSpend[] = rollUp(funds, (f) =>
    f.lotId ? { key: f.lotId, label: f.lot ?? NO_LOT, href: `/funds?${new URLSearchParams({ lot: f.lotId })}` } : { key: "", label: NO_LOT, href: `/funds?${new URLSearchParams({ lot: WITHOUT_LOT })}` },
  )
    .map((row) => ({ ...row, ...forecastLinks({ lot: row.key || WITHOUT_LOT }) }))
    .sort((a, b) => (position.get(a.key) ?? lots.length) - (position.get(b.key) ?? lots.length) || a.label.localeCompare(b.label));
  const sum = (key: "overspend" | "underspend" | "overspendPence" | "underspendPence" | "funding" | "spent") => byProvider.reduce((total, p) => total + p[key], 0);
  return {
    byProvider,
    byLot,
    accounts: funds.length,
    overspend: sum("overspend"),
    underspend: sum("underspend"),
    overspendPence: sum("overspendPence"),
    underspendPence: sum("underspendPence"),
    funding: sum("funding"),
    spent: sum("spent"),
    ...forecastLinks(),
  };
}

export const NOT_ATTRIBUTED = "Not attributed to an outcome";

/**
 * For each of the council's outcomes: open records of people with it in their support plan, the amount planned
 * against it in the agreements of open funds, and their spending to date attributed to it by `attributeSpend`
 * (recorded against it, plus a pro rata share of each fund's spending recorded without an outcome).
 */
function outcomeFigures(db: Tx, councilId: string, funds: FundFigures[]): OutcomeFigure[] {
  const people = peopleByOutcome(db, councilId);
  const direct = spendByOutcome(funds);
  const planned = new Map<string | null, number>();
  const shared = new Map<string | null, number>();
  const add = (map: Map<string | null, number>, key: string | null, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
  for (const fund of funds) {
    for (const [outcomeId, amount] of fund.plannedByOutcome) add(planned, outcomeId, amount);
    for (const [outcomeId, amount] of attributeSpend(fund)) add(shared, outcomeId, amount);
  }
  const rows: OutcomeFigure[] = councilListItems(db, councilId, "outcome", { includeRetired: true })
    .map((o) => {
      const spentDirect = direct.get(o.id) ?? 0;
      const spentShared = shared.get(o.id) ?? 0;
      return {
        outcomeId: o.id,
        outcome: o.retired ? `${o.label} (retired)` : o.label,
        people: people.get(o.id) ?? 0,
        planned: planned.get(o.id) ?? 0,
        spentDirect,
        spentShared,
        spent: spentDirect + spentShared,
        href: `/people?${new URLSearchParams({ outcome: o.id, status: "open" })}`,
        retired: o.retired,
      };
    })
    .filter((r) => !r.retired || r.people > 0 || r.planned > 0 || r.spent !== 0)
    .map(({ retired: _retired, ...row }) => row);
  const unattributed = shared.get(null) ?? 0;
  if (unattributed !== 0) rows.push({ outcomeId: null, outcome: NOT_ATTRIBUTED, people: 0, planned: 0, spentDirect: 0, spentShared: unattributed, spent: unattributed, href: null });
  return rows;
}

const zero = (): OptionCounts => ({ option1: 0, option2: 0, option3: 0, option4: 0, notChosen: 0, total: 0 });

/** The people list with a budget today as the filter says, in one locality (or with none recorded) or in any. */
const peopleHref = (option: BudgetFilter, locality?: string) => `/people?${new URLSearchParams({ option, ...(locality !== undefined ? { locality: locality || NO_LOCALITY } : {}) })}`;
const peopleHrefs = (locality?: string): PeopleRow["hrefs"] => ({
  ...(Object.fromEntries(OPTION_KEYS.map((key) => [key, peopleHref(key, locality)])) as Record<OptionKey, string>),
  total: peopleHref("any", locality),
});

/**
 * People with a budget today by SDS option, in total and by locality (every locality on the council's list, then
 * "Not recorded"), counted as the SDS return counts them, and the Option 2 money a year.
 */
function peopleFigures(db: Tx, councilId: string, today: IsoDate) {
  const totals = zero();
  const byLocality = new Map<string, PeopleRow>(councilList(db, councilId, "locality").map((l) => [l.id, { key: l.id, label: l.label, counts: zero(), hrefs: peopleHrefs(l.id) }]));
  const missing: PeopleRow = { key: "", label: NOT_RECORDED, counts: zero(), hrefs: peopleHrefs("") };
  let option2People = 0;
  let option2Yearly = 0;
  for (const row of peopleToday(db, councilId, today)) {
    const locality = (row.localityId !== null && byLocality.get(row.localityId)) || missing;
    for (const counts of [totals, locality.counts]) {
      counts[row.option] += row.people;
      counts.total += row.people;
    }
    option2People += row.option2People;
    option2Yearly += row.option2Yearly;
  }
  return { totals, byLocality: [...byLocality.values(), ...(missing.counts.total > 0 ? [missing] : [])], option2People, option2Yearly };
}

/** A median with the address of the list of the cases it is taken over. */
const withList = (median: MedianFigure, href: (m: MedianFigure) => string) => ({ ...median, href: href(median) });

export function commissioningDashboard(db: Tx, actor: Actor, today: IsoDate): Dashboard {
  authorise(actor, "reporting.dashboard", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  const councilId = actor.councilId;
  const council = db.select({ slug: councils.slug }).from(councils).where(eq(councils.id, councilId)).get();
  if (!council) throw new NotFound();
  const people = peopleFigures(db, councilId, today);
  const lots = councilLots(db, councilId);
  const market = localityByLot(db, councilId, council.slug, lots, today);
  const funds = fundFigures(db, councilId, today);
  const waiting = workWaiting(db, actor, councilId, today);
  return {
    today,
    waiting,
    applicationsToReview: {
      count: waiting.filter((w) => w.key === "submitted" || w.key === "under_review").reduce((n, w) => n + w.count, 0),
      href: `/commissioning/applications?status=${TO_REVIEW}`,
    },
    lots: lotFigures(db, councilId, lots),
    market: { localities: market.localities, lots: lots.map((l) => ({ id: l.lotId, label: l.lot })), gaps: market.cells.filter((c) => c.gap).length },
    localityByLot: market.cells,
    people: { totals: people.totals, hrefs: peopleHrefs(), byLocality: people.byLocality },
    option2: {
      people: people.option2People,
      yearlyPence: people.option2Yearly,
      href: peopleHref("withOption2"),
      inForce: { ...agreementsInForce(db, councilId, today), href: "/agreements?status=in_force" },
      daysToApproval: withList(medianDaysToApproval(db, councilId, today), (m) => `/agreements?${new URLSearchParams({ approvedFrom: m.from, approvedTo: m.to })}`),
      daysToPay: withList(medianDaysToPay(db, councilId, today), (m) => `/council/invoices?${new URLSearchParams({ paidFrom: m.from, paidTo: m.to })}`),
    },
    spend: spendFigures(funds, lots),
    outcomes: outcomeFigures(db, councilId, funds),
  };
}

export const DASHBOARD_TABLES = ["waiting", "lots", "market", "people-by-option", "people-by-locality", "option2", "spend", "spend-by-lot", "outcomes"] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const pounds = csvMoney;
const spendHeader = [
  "Accounts",
  "Budget (£)",
  "Planned spend to date (£)",
  "Spent to date (£)",
  "Balance (£)",
  "Forecast overspend",
  "Forecast overspend (£)",
  "Forecast underspend",
  "Forecast underspend (£)",
];
const spendCells = (r: Omit<SpendRow, "key" | "label" | "href">): CsvCell[] => [
  r.accounts,
  pounds(r.funding),
  pounds(r.expected),
  pounds(r.spent),
  pounds(r.balance),
  r.overspend,
  pounds(r.overspendPence),
  r.underspend,
  pounds(r.underspendPence),
];
const orBlank = (value: number | null) => value ?? "";

/** A table of the dashboard as CSV rows (money in pounds with two decimals). */
export function dashboardCsv(dashboard: Dashboard, table: DashboardTable): { header: string[]; rows: CsvCell[][] } {
  switch (table) {
    case "waiting":
      return { header: ["Work waiting", "Number", "Oldest (days)"], rows: dashboard.waiting.map((w) => [w.label, w.count, w.oldestDays ?? ""]) };
    case "lots":
      return { header: ["Framework", "Lot", "Providers admitted", "Providers suspended"], rows: dashboard.lots.map((l) => [l.framework, l.lot, l.admitted, l.suspended]) };
    case "market":
      return {
        header: ["Locality", "Lot", "Offers", "Accepting new people", "Waiting list", "Full", "Providers with an offer", "Providers accepting new people", "Gap"],
        rows: dashboard.localityByLot.map((c) => [c.locality, c.lot, c.offers, c.accepting, c.waitingList, c.full, c.providersWithOffer, c.providersAccepting, c.gap ? "Gap" : ""]),
      };
    case "people-by-option":
      return {
        header: ["SDS option", "People"],
        rows: [...OPTION_KEYS.map((k) => [OPTION_COLUMN_LABELS[k], dashboard.people.totals[k]]), ["Total", dashboard.people.totals.total]],
      };
    case "people-by-locality":
      return {
        header: ["Locality", ...OPTION_KEYS.map((k) => OPTION_COLUMN_LABELS[k]), "Total"],
        rows: dashboard.people.byLocality.map((r) => [r.label, ...OPTION_KEYS.map((k) => r.counts[k]), r.counts.total]),
      };
    case "option2": {
      const o = dashboard.option2;
      return {
        header: ["Figure", "Value", "Over"],
        rows: [
          ["People with an Option 2 budget today (Option 2, or Option 4 with an Option 2 part)", o.people, ""],
          ["Option 2 budgets a year (£)", pounds(o.yearlyPence), ""],
          ["Agreements in force today", o.inForce.count, ""],
          ["ISF amounts of agreements in force (£)", pounds(o.inForce.valuePence), ""],
          [`Median days from choosing a provider to an approved agreement, ${o.daysToApproval.from} to ${o.daysToApproval.to}`, orBlank(o.daysToApproval.days), o.daysToApproval.count],
          [`Median days from submission to payment of invoices, ${o.daysToPay.from} to ${o.daysToPay.to}`, orBlank(o.daysToPay.days), o.daysToPay.count],
        ],
      };
    }
    case "spend":
      return { header: ["Provider", ...spendHeader], rows: dashboard.spend.byProvider.map((p) => [p.provider, ...spendCells(p)]) };
    case "spend-by-lot":
      return { header: ["Lot", ...spendHeader], rows: dashboard.spend.byLot.map((l) => [l.label, ...spendCells(l)]) };
    case "outcomes":
      return {
        header: ["Outcome", "People with the outcome", "Planned (£)", "Spent against the outcome (£)", "Spent without an outcome, shared pro rata (£)", "Spent in all (£)"],
        rows: dashboard.outcomes.map((o) => [o.outcome, o.people, pounds(o.planned), pounds(o.spentDirect), pounds(o.spentShared), pounds(o.spent)]),
      };
  }
}

/**
 * Every figure shown about an Individual Service Fund, derived from its entries. Pure functions: no database,
 * no clock (the caller passes `today`). Money is integer pence; dates are ISO strings, both ends inclusive.
 *
 * Each entry falls in one category, a reversal in the category of the entry it reverses:
 * - funding: opening budget and budget variations (the council's money) and contributions received (the person's);
 * - spending: drawdowns, management fees and adjustments (a positive adjustment reduces spending, e.g. a refund);
 * - returned: the return of unspent funds when the account closes.
 * So balance = funding − spent − returned, which is also the plain sum of the signed amounts.
 */
import { LEDGER_ALERT_CONDITIONS, type LedgerAlertCondition, type LedgerEntryKind } from "@db/schema/ledger";
import { addDays, daysBetween, formatDate, type IsoDate } from "~/lib/dates";
import { formatPence, formatPenceShort } from "~/lib/money";

export type AccountTerms = {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  contingencyAllowed: number;
  surplusWeeksWorth: number;
  surplusHeldForWeeks: number;
  contributionFirst: boolean;
  closed: boolean;
};

export type EntryFact = {
  id: string;
  kind: LedgerEntryKind;
  amount: number;
  entryDate: IsoDate;
  outcomeId: string | null;
  reversesEntryId: string | null;
};

/** The recent spend rate behind the forecast is the spending of the last 8 weeks (56 days up to and including today). */
export const RECENT_SPEND_DAYS = 56;
/** Forecast flags wait for the first 8 weeks of the period, so a fund whose first invoice is not yet in is not reported as underspending. */
export const FORECAST_SETTLING_DAYS = 56;
/** "No drawdown for 8 weeks". */
export const QUIET_DAYS = 56;
/** A forecast underspend is flagged when more than this share of the funding would be left at the end. */
export const UNDERSPEND_SHARE = 0.2;

export type Category = "council_funding" | "contribution" | "spending" | "returned";

/** What each kind of entry counts as (a reversal counts as the kind of the entry it reverses). */
export const CATEGORY: Record<Exclude<LedgerEntryKind, "reversal">, Category> = {
  opening_budget: "council_funding",
  budget_variation: "council_funding",
  contribution_received: "contribution",
  drawdown: "spending",
  management_fee: "spending",
  adjustment: "spending",
  return_of_unspent: "returned",
};

/** Worked out once per list of entries: the figures of one page ask for it many times over the same list. */
const kindsOf = new WeakMap<EntryFact[], Map<string, Exclude<LedgerEntryKind, "reversal">>>();

/** The kind each entry counts as: its own, or for a reversal the kind of the entry it reverses. */
function effectiveKinds(entries: EntryFact[]): Map<string, Exclude<LedgerEntryKind, "reversal">> {
  const known = kindsOf.get(entries);
  if (known) return known;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const kinds = new Map<string, Exclude<LedgerEntryKind, "reversal">>();
  for (const entry of entries) {
    let current: EntryFact | undefined = entry;
    while (current && current.kind === "reversal") current = current.reversesEntryId ? byId.get(current.reversesEntryId) : undefined;
    if (!current || current.kind === "reversal") throw new Error(`Reversal ${entry.id} does not reverse an entry of this account`);
    kinds.set(entry.id, current.kind);
  }
  kindsOf.set(entries, kinds);
  return kinds;
}

export type Totals = {
  councilFunding: number;
  contributions: number;
  /** Everything paid in: the budget the fund is measured against. */
  funding: number;
  spent: number;
  returned: number;
  balance: number;
};

/** Totals of the entries dated on or before `asOf` (all of them without it). */
export function totals(entries: EntryFact[], asOf?: IsoDate): Totals {
  const kinds = effectiveKinds(entries);
  const sums: Record<Category, number> = { council_funding: 0, contribution: 0, spending: 0, returned: 0 };
  for (const entry of entries) {
    if (asOf && entry.entryDate > asOf) continue;
    sums[CATEGORY[kinds.get(entry.id)!]] += entry.amount;
  }
  const funding = sums.council_funding + sums.contribution;
  return {
    councilFunding: sums.council_funding,
    contributions: sums.contribution,
    funding,
    spent: 0 - sums.spending,
    returned: 0 - sums.returned,
    balance: funding + sums.spending + sums.returned,
  };
}

export type FundsBySource = { contributionSpent: number; councilSpent: number; contributionLeft: number; councilLeft: number };

/**
 * Whose money has been spent. With `contributionFirst` the person's contribution is used up before the council's
 * money; otherwise the council's money goes first. Spending beyond both (into the contingency) is the council's.
 */
export function fundsBySource(t: Totals, contributionFirst: boolean): FundsBySource {
  const contributionSpent = contributionFirst ? Math.min(t.spent, t.contributions) : Math.min(t.contributions, Math.max(0, t.spent - t.councilFunding));
  const councilSpent = t.spent - contributionSpent;
  return { contributionSpent, councilSpent, contributionLeft: t.contributions - contributionSpent, councilLeft: t.councilFunding - councilSpent };
}

export function periodDays(terms: Pick<AccountTerms, "periodStart" | "periodEnd">): number {
  return daysBetween(terms.periodStart, terms.periodEnd) + 1;
}

/** Days of the period gone by the end of `date`, between 0 and the whole period. */
export function elapsedDays(terms: Pick<AccountTerms, "periodStart" | "periodEnd">, date: IsoDate): number {
  return Math.min(periodDays(terms), Math.max(0, daysBetween(terms.periodStart, date) + 1));
}

/** What should have been spent by the end of `date` if the funding were spent evenly, day by day, over the period. */
export function expectedSpend(terms: Pick<AccountTerms, "periodStart" | "periodEnd">, funding: number, date: IsoDate): number {
  return Math.round((funding * elapsedDays(terms, date)) / periodDays(terms));
}

export type SpendOnOutcome = { outcomeId: string | null; planned: number | null; spent: number };

/**
 * Spending per outcome (reversals count against the outcome of what they reverse). Outcomes in the plan come
 * first in the plan's order, then any others; entries without an outcome are grouped under `null`.
 */
export function spendPerOutcome(entries: EntryFact[], plan: { outcomeId: string; planned: number }[] = []): SpendOnOutcome[] {
  const kinds = effectiveKinds(entries);
  const outcomeOf = new Map(entries.map((e) => [e.id, e.outcomeId]));
  const spent = new Map<string | null, number>();
  for (const entry of entries) {
    if (CATEGORY[kinds.get(entry.id)!] !== "spending") continue;
    const outcome = entry.kind === "reversal" && entry.reversesEntryId ? (outcomeOf.get(entry.reversesEntryId) ?? null) : entry.outcomeId;
    spent.set(outcome, (spent.get(outcome) ?? 0) - entry.amount);
  }
  const rows: SpendOnOutcome[] = plan.map((p) => ({ outcomeId: p.outcomeId, planned: p.planned, spent: spent.get(p.outcomeId) ?? 0 }));
  for (const [outcomeId, amount] of spent) {
    if (!plan.some((p) => p.outcomeId === outcomeId)) rows.push({ outcomeId, planned: null, spent: amount });
  }
  return rows;
}

export type Forecast = {
  /** Spending in the recent window and the window's length in days. */
  recentSpend: number;
  recentDays: number;
  /** Total spending expected by the end of the period at the recent rate. */
  forecastSpend: number;
  /** Forecast spend minus funding: above zero an overspend, below zero an underspend. */
  forecastVariance: number;
};

/**
 * The date money is counted to: today, or the first day of a fund that has not started yet, whose opening budget
 * is dated then (nothing can be spent before it).
 */
export function countedTo(terms: Pick<AccountTerms, "periodStart">, today: IsoDate): IsoDate {
  return today < terms.periodStart ? terms.periodStart : today;
}

/**
 * Forecast at period end: spent so far plus the recent daily rate (last 8 weeks, or the period so far if shorter)
 * for each day left. Before the period starts there is no rate yet: the forecast is the plan, all of the funding.
 */
export function forecast(terms: AccountTerms, entries: EntryFact[], today: IsoDate): Forecast {
  if (today < terms.periodStart) {
    const funding = totals(entries, terms.periodStart).funding;
    return { recentSpend: 0, recentDays: 0, forecastSpend: funding, forecastVariance: 0 };
  }
  const now = totals(entries, today);
  const recentDays = Math.min(RECENT_SPEND_DAYS, elapsedDays(terms, today));
  const windowStart = addDays(today, -(recentDays - 1));
  const recentSpend = recentDays === 0 ? 0 : now.spent - totals(entries, addDays(windowStart, -1)).spent;
  const daysLeft = periodDays(terms) - elapsedDays(terms, today);
  const forecastSpend = now.spent + (recentDays === 0 ? 0 : Math.round((recentSpend * daysLeft) / recentDays));
  return { recentSpend, recentDays, forecastSpend, forecastVariance: forecastSpend - now.funding };
}

/**
 * Days of the current unbroken run of surplus beyond the rule, ending today (0 when there is no surplus today).
 * Walks the period day by day on day numbers (days since the period's start), so a year costs no date parsing.
 */
export function surplusRunDays(terms: AccountTerms, entries: EntryFact[], today: IsoDate): number {
  const last = today < terms.periodEnd ? today : terms.periodEnd;
  const lastDay = daysBetween(terms.periodStart, last);
  const kinds = effectiveKinds(entries);
  const dated = entries
    .map((entry) => ({ day: daysBetween(terms.periodStart, entry.entryDate), amount: entry.amount, category: CATEGORY[kinds.get(entry.id)!] }))
    .sort((a, b) => a.day - b.day);
  const days = periodDays(terms);
  let run = 0;
  let index = 0;
  const sums = { funding: 0, spent: 0 };
  for (let day = 0; day <= lastDay; day++) {
    while (index < dated.length && dated[index]!.day <= day) {
      const { amount, category } = dated[index++]!;
      if (category === "council_funding" || category === "contribution") sums.funding += amount;
      if (category === "spending") sums.spent -= amount;
    }
    // Ahead of plan (expected − spent, expected being `expectedSpend` on this day: day + 1 days of the period gone)
    // by more than the rule allows.
    const ahead = Math.round((sums.funding * Math.min(days, day + 1)) / days) - sums.spent;
    run = ahead > surplusAllowance(terms.surplusWeeksWorth, sums.funding, days) ? run + 1 : 0;
  }
  return run;
}

/**
 * What the surplus rule lets a fund bank: its weeks' worth of the funding (weeks × 7 × funding / period days),
 * rounded down to whole pence, so that a fund is beyond the rule exactly when one penny more is banked.
 */
function surplusAllowance(weeksWorth: number, funding: number, days: number): number {
  return Math.floor((weeksWorth * 7 * funding) / days);
}

export type Surplus = {
  /** Banked: how far spending is behind the plan to date (expected spend less spending), or 0 when it is not. */
  banked: number;
  /** What the surplus rule allows to be banked: its weeks' worth of the funding. */
  allowed: number;
  /** The part of `banked` beyond `allowed`: the surplus whose days `surplusRunDays` counts. */
  beyond: number;
};

/**
 * The money banked against the agreement's surplus rule on `today` (or on the period's last day, once it is over),
 * measured as the surplus flag measures it: nothing is banked before the period starts.
 */
export function surplus(terms: AccountTerms, entries: EntryFact[], today: IsoDate): Surplus {
  const started = today >= terms.periodStart;
  const date = !started ? terms.periodStart : today < terms.periodEnd ? today : terms.periodEnd;
  const t = totals(entries, date);
  const allowed = surplusAllowance(terms.surplusWeeksWorth, t.funding, periodDays(terms));
  const banked = started ? Math.max(0, expectedSpend(terms, t.funding, date) - t.spent) : 0;
  return { banked, allowed, beyond: Math.max(0, banked - allowed) };
}

/** The conditions that flag an account for attention (and raise an alert). */
export const LEDGER_FLAGS = LEDGER_ALERT_CONDITIONS;
export type LedgerFlag = LedgerAlertCondition;

export const FLAG_LABELS: Record<LedgerFlag, string> = {
  forecast_overspend: "Forecast overspend",
  forecast_underspend: "Forecast underspend over 20%",
  surplus_held: "Surplus held too long",
  no_recent_drawdown: "No drawdown for 8 weeks",
};

export type Figures = Totals & {
  today: IsoDate;
  committed: number;
  /** Balance less what submitted invoices have committed: what a new invoice may use, contingency aside. */
  available: number;
  expectedSpend: number;
  /** Whose money has been spent and whose is left, under the contribution-first rule. */
  bySource: FundsBySource;
  forecast: Forecast;
  lastDrawdownDate: IsoDate | null;
  surplus: Surplus;
  surplusRunDays: number;
  flags: LedgerFlag[];
};

/**
 * Everything about the account as of `today`. `committed` is the total of submitted, not yet approved invoice
 * lines on this account (the invoices area knows it), in pence.
 */
export function accountFigures(terms: AccountTerms, entries: EntryFact[], today: IsoDate, committed = 0): Figures {
  const t = totals(entries, countedTo(terms, today));
  const f = forecast(terms, entries, today);
  const elapsed = elapsedDays(terms, today);
  const reversed = new Set(entries.map((e) => e.reversesEntryId).filter(Boolean));
  const lastDrawdownDate =
    entries
      .filter((e) => e.kind === "drawdown" && !reversed.has(e.id) && e.entryDate <= today)
      .map((e) => e.entryDate)
      .sort()
      .at(-1) ?? null;
  const run = surplusRunDays(terms, entries, today);
  const flags: LedgerFlag[] = [];
  if (!terms.closed) {
    const settled = elapsed >= FORECAST_SETTLING_DAYS;
    if (settled && f.forecastVariance > 0) flags.push("forecast_overspend");
    if (settled && -f.forecastVariance > t.funding * UNDERSPEND_SHARE) flags.push("forecast_underspend");
    if (run > terms.surplusHeldForWeeks * 7) flags.push("surplus_held");
    if (today <= terms.periodEnd && daysBetween(lastDrawdownDate ?? terms.periodStart, today) >= QUIET_DAYS) flags.push("no_recent_drawdown");
  }
  return {
    ...t,
    today,
    committed,
    available: t.balance - committed,
    expectedSpend: expectedSpend(terms, t.funding, today),
    bySource: fundsBySource(t, terms.contributionFirst),
    forecast: f,
    lastDrawdownDate,
    surplus: surplus(terms, entries, today),
    surplusRunDays: run,
    flags,
  };
}

/** "£6,214.50 left of £18,000 for this year" */
export function balanceSentence(terms: Pick<AccountTerms, "periodStart" | "periodEnd">, figures: Pick<Totals, "balance" | "funding">): string {
  const days = periodDays(terms);
  const period = days === 365 || days === 366 ? "this year" : `${formatDate(terms.periodStart)} to ${formatDate(terms.periodEnd)}`;
  if (figures.balance < 0) return `${formatPenceShort(-figures.balance)} over the ${formatPenceShort(figures.funding)} budget for ${period}`;
  return `${formatPenceShort(figures.balance)} left of ${formatPenceShort(figures.funding)} for ${period}`;
}

const weeks = (n: number) => (n === 1 ? "1 week" : `${n} weeks`);
const weeksWorthOf = (n: number) => (n === 1 ? "1 week's worth" : `${n} weeks' worth`);

/**
 * The money banked against the surplus rule in words, e.g. "£2,800.00 of the fund is unspent beyond what the plan
 * expected by now: £1,400.00 more than the £1,400.00 (4 weeks' worth of the fund) the agreement allows to build up,
 * for 28 days so far. If it stays over for more than 12 weeks, the council reviews the arrangement."
 */
export function surplusSentence(terms: Pick<AccountTerms, "surplusWeeksWorth" | "surplusHeldForWeeks">, figures: Pick<Figures, "surplus" | "surplusRunDays">): string {
  const { banked, allowed, beyond } = figures.surplus;
  if (banked === 0) return "None: spending is on plan or ahead of it.";
  const rule = `${formatPence(allowed)} (${weeksWorthOf(terms.surplusWeeksWorth)} of the fund)`;
  const unspent = `${formatPence(banked)} of the fund is unspent beyond what the plan expected by now`;
  if (beyond === 0) return `${unspent}. The agreement allows up to ${rule} to build up.`;
  const days = figures.surplusRunDays === 1 ? "1 day" : `${figures.surplusRunDays} days`;
  return `${unspent}: ${formatPence(beyond)} more than the ${rule} the agreement allows to build up, for ${days} so far. If it stays over for more than ${weeks(terms.surplusHeldForWeeks)}, the council reviews the arrangement.`;
}

export type SpendPoint = {
  /** The start of the period, the end of a 4-week stretch, today, or the end of the period. */
  kind: "start" | "four_weeks" | "today" | "end";
  /** Spending is counted to the end of this date (for the start: before this date). */
  date: IsoDate;
  planned: number;
  /** Null for dates still to come. */
  actual: number | null;
};

/**
 * Spend against plan for the chart: the start of the period, the end of each 4 weeks, today, and the end of the
 * period. Planned is the straight line over today's funding; actual is spending to each date up to today.
 */
export function spendSeries(terms: AccountTerms, entries: EntryFact[], today: IsoDate): SpendPoint[] {
  const funding = totals(entries, countedTo(terms, today)).funding;
  const dates = new Map<IsoDate, SpendPoint["kind"]>();
  for (let date = addDays(terms.periodStart, 27); date < terms.periodEnd; date = addDays(date, 28)) dates.set(date, "four_weeks");
  if (today >= terms.periodStart && today < terms.periodEnd) dates.set(today, "today");
  dates.set(terms.periodEnd, "end");
  const start: SpendPoint = { kind: "start", date: terms.periodStart, planned: 0, actual: today >= terms.periodStart ? 0 : null };
  // Spending to each date in one pass over the entries in date order.
  const kinds = effectiveKinds(entries);
  const spending = entries
    .filter((e) => CATEGORY[kinds.get(e.id)!] === "spending")
    .sort((a, b) => (a.entryDate < b.entryDate ? -1 : a.entryDate > b.entryDate ? 1 : 0));
  let index = 0;
  let spent = 0;
  return [
    start,
    ...[...dates.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, kind]) => {
        while (index < spending.length && spending[index]!.entryDate <= date) spent -= spending[index++]!.amount;
        return { kind, date, planned: expectedSpend(terms, funding, date), actual: date <= today ? spent : null };
      }),
  ];
}

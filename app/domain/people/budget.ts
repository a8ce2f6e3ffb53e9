import type { BudgetPeriod } from "@db/schema/people";
import { addDays, addMonths, daysBetween, type IsoDate } from "~/lib/dates";

/** Budget arithmetic shared by the domain, the pages and the PDF. */

export type OptionChoice = 1 | 2 | 3 | 4;

/** The SDS option the split amounts to: the one option used, or Option 4 (a mix). Null before a choice. */
export function optionChoiceOf(split: { option1Pence: number; option2Pence: number; option3Pence: number }): OptionChoice | null {
  const used = ([1, 2, 3] as const).filter((n) => split[`option${n}Pence`] > 0);
  if (used.length === 0) return null;
  return used.length === 1 ? used[0]! : 4;
}

/** The amount a year for an amount per period. */
export function perYear(pence: number, period: BudgetPeriod): number {
  return period === "week" ? pence * 52 : pence;
}

/** The Option 2 side of a budget: its amount per period and the dates it covers (no end date: until changed). */
export type Option2Terms = { option2Pence: number; period: BudgetPeriod; startsOn: IsoDate; endsOn: IsoDate | null };

/** The days from start to end, both included. */
export function daysIncluding(start: IsoDate, end: IsoDate): number {
  return daysBetween(start, end) + 1;
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** The start of the budget's year number `n`, counted from its start date (year 0 starts on it). */
const budgetYear = (budget: Option2Terms, n: number) => addMonths(budget.startsOn, 12 * n);

/** The Option 2 amount for the days from start to end, in fractions of a penny. */
function option2Exact(budget: Option2Terms, start: IsoDate, end: IsoDate): number {
  if (end < start) return 0;
  if (budget.period === "week") return (budget.option2Pence * daysIncluding(start, end)) / 7;
  let year = Math.floor(daysBetween(budget.startsOn, start) / 366);
  while (budgetYear(budget, year) > start) year--;
  while (budgetYear(budget, year + 1) <= start) year++;
  let total = 0;
  for (; budgetYear(budget, year) <= end; year++) {
    const yearStart = budgetYear(budget, year);
    const yearEnd = addDays(budgetYear(budget, year + 1), -1);
    total += (budget.option2Pence * daysIncluding(later(start, yearStart), earlier(end, yearEnd))) / daysIncluding(yearStart, yearEnd);
  }
  return total;
}

/**
 * The Option 2 amount for the days from start to end, to the penny: a weekly amount by the day (a seventh of it each
 * day); a yearly amount by the day of each budget year, counted from the budget's start date, so a whole budget year
 * is exactly the yearly amount, whether it has 365 days or 366.
 */
export function option2For(budget: Option2Terms, start: IsoDate, end: IsoDate): number {
  return Math.round(option2Exact(budget, start, end));
}

/**
 * What one agreement draws on the budget: its ISF amount over its dates. An agreement with a change waiting for
 * approval draws twice under the same key (the version in force and the change); the larger share counts.
 */
export type Draw = { key: string; start: IsoDate; end: IsoDate; pence: number };

/** The part of a draw that falls on the days from start to end, spread evenly over the draw's own days. */
function shareOf(draw: Draw, start: IsoDate, end: IsoDate): number {
  const from = later(start, draw.start);
  const to = earlier(end, draw.end);
  if (to < from) return 0;
  return (draw.pence * daysIncluding(from, to)) / daysIncluding(draw.start, draw.end);
}

/** Days on which draws take more than the budget allows, and by how much. */
export type Overdraw = { start: IsoDate; end: IsoDate; drawnPence: number; limitPence: number; keys: string[] };

/**
 * Whether the draws fit the budget's Option 2 amount: for the days of each draw, every draw's share of those days
 * against the budget's amount for them, so two agreements cannot each take a whole year's amount within one year.
 * (Days outside the budget's dates count at its rate: agreements are kept within its dates by their own rule.)
 * The days where the draws go furthest over, or null when they fit everywhere.
 */
export function overdrawn(budget: Option2Terms, draws: Draw[]): Overdraw | null {
  let worst: Overdraw | null = null;
  for (const { start, end } of draws) {
    const byKey = new Map<string, number>();
    for (const draw of draws) {
      const share = shareOf(draw, start, end);
      if (share > 0) byKey.set(draw.key, Math.max(byKey.get(draw.key) ?? 0, share));
    }
    const drawnPence = Math.round([...byKey.values()].reduce((a, b) => a + b, 0));
    const limitPence = option2For(budget, start, end);
    if (drawnPence > limitPence && (!worst || drawnPence - limitPence > worst.drawnPence - worst.limitPence)) {
      worst = { start, end, drawnPence, limitPence, keys: [...byKey.keys()] };
    }
  }
  return worst;
}

import { addMonths, todayIso, type IsoDate } from "~/lib/dates";

/** The council year (1 April to 31 March) the demo story is written for. */
export const DEMO_COUNCIL_YEAR = 2026;

/** The council year a day falls in: the year in which that council year's 1 April falls. */
export function councilYearOf(day: IsoDate): number {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/**
 * A date of the demo story, moved on by whole years when the demo data is loaded in a later council year, so that
 * budgets, agreements and prices are current whenever the service is first started. In the council year the story
 * is written for (and before it), the date is as written.
 */
export function demoDate(date: IsoDate, today: IsoDate = todayIso()): IsoDate {
  const years = councilYearOf(today) - DEMO_COUNCIL_YEAR;
  return years > 0 ? addMonths(date, 12 * years) : date;
}

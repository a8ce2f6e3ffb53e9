import { z } from "zod";
import type { IsoDate } from "~/lib/dates";
import { isoDate } from "~/lib/validation";

/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 3 * 366;

/** A reporting period, from a three-part date input for each end. */
export const PeriodSchema = z
  .object({ from: isoDate("Enter the first day of the period"), to: isoDate("Enter the last day of the period") })
  .refine((p) => p.to >= p.from, { message: "The last day must be on or after the first day", path: ["to"] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= MAX_PERIOD_DAYS * 86_400_000, { message: "Choose a period of three years or less", path: ["to"] });

/** The financial year (1 April to 31 March) that a date falls in: the period of the statutory returns. */
export function financialYearOf(date: IsoDate): { from: IsoDate; to: IsoDate } {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= "04-01" ? year : year - 1;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** The query string of a report's period, as the date inputs send it. */
export function periodQuery(period: { from: IsoDate; to: IsoDate }): string {
  const parts = (name: string, date: IsoDate) => {
    const [year, month, day] = date.split("-");
    return `${name}-day=${Number(day)}&${name}-month=${Number(month)}&${name}-year=${year}`;
  };
  return `${parts("from", period.from)}&${parts("to", period.to)}`;
}

/**
 * Two kinds of time, one convention each:
 * - instants (when something happened) are `Date` in TypeScript and integer milliseconds in SQLite;
 * - calendar dates (a start date, a date of birth) are ISO `YYYY-MM-DD` strings.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function todayIso(now: Date = new Date()): IsoDate {
  return toIsoDate(now);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

/** The same day some months later (or earlier), or the last day of that month when it is shorter: 31 August + 6 months is 28 February. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return toIsoDate(first);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
// `hourCycle: "h12"` rather than `hour12: true`: with the latter, engines differ on the hour after midnight ("0:05" or
// "12:05"), and a page drawn on the server must read the same in the browser.
const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
  timeZone: "Europe/London",
});

/** "4 March 2026" */
export function formatDate(date: IsoDate): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

/** "4 March 2026 at 2:05pm", built from the formatter's parts so that no engine's own punctuation or spaces show. */
export function formatDateTime(instant: Date): string {
  const part = Object.fromEntries(dateTime.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.day} ${part.month} ${part.year} at ${part.hour}:${part.minute}${(part.dayPeriod ?? "").toLowerCase()}`;
}

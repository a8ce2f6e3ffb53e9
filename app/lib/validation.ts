import { z } from "zod";
import { isIsoDate, type IsoDate } from "./dates";
import { parsePounds } from "./money";

/** zod building blocks with plain-English messages, shared by every form. */

export const requiredText = (emptyMessage: string, max = 500, tooLong = `Must be ${max} characters or fewer`) =>
  z.string({ error: emptyMessage }).trim().min(1, emptyMessage).max(max, tooLong);

export const optionalText = (max = 2000, tooLong = `Must be ${max} characters or fewer`) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => value ?? "");

export const emailAddress = (emptyMessage = "Enter an email address") =>
  z
    .string({ error: emptyMessage })
    .trim()
    .min(1, emptyMessage)
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
    .transform((value) => value.toLowerCase());

/**
 * An amount typed in pounds ("1,234.50"), converted to pence. A negative amount, or zero unless allowed, is refused
 * with `tooSmall` (what the field is called helps: "Budget must be more than £0").
 */
export const pounds = (emptyMessage: string, options: { allowZero?: boolean; tooSmall?: string } = {}) => {
  const allowZero = options.allowZero ?? false;
  const tooSmall = options.tooSmall ?? (allowZero ? "Amount must be £0 or more" : "Amount must be more than £0");
  return z
    .string({ error: emptyMessage })
    .trim()
    .min(1, emptyMessage)
    .transform((value, ctx) => {
      const pence = parsePounds(value);
      const negative = pence === null && parsePounds(value.replace(/^-\s*/, "")) !== null;
      if (negative || (pence === 0 && !allowZero)) {
        ctx.addIssue({ code: "custom", message: tooSmall });
        return z.NEVER;
      }
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: "Enter an amount in pounds and pence, like 1250 or 1250.50" });
        return z.NEVER;
      }
      return pence;
    });
};

/** The years a date in this service can fall in: anything else was mistyped (0100 for 2100, 9999 for "never"). */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;
const REAL_DATE = "Enter a real date, like 27 3 2026";
const YEAR_IN_RANGE = `Enter a year from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
const inRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
};

/** A calendar date from a three-part date input (see `parseForm`). */
export const isoDate = (emptyMessage: string) =>
  z
    .string({ error: emptyMessage })
    .min(1, emptyMessage)
    .refine(isIsoDate, REAL_DATE)
    .refine(inRange, YEAR_IN_RANGE);

export const optionalIsoDate = () =>
  z
    .string()
    .optional()
    .transform((value) => value ?? "")
    .refine((value) => value === "" || isIsoDate(value), REAL_DATE)
    .refine((value) => value === "" || inRange(value), YEAR_IN_RANGE);

/** A date in a link's query string, like `2026-04-01`: anything else is ignored, as if it were not there. */
export const linkDate = z
  .string()
  .refine((value) => isIsoDate(value) && inRange(value))
  .transform((value) => value as IsoDate)
  .optional()
  .catch(undefined);

/** One of a fixed set of choices (radios, selects). */
export const choice = <const T extends readonly [string, ...string[]]>(options: T, emptyMessage: string) =>
  z.enum(options, { error: emptyMessage });

export const wholeNumber = (emptyMessage: string, { min = 0, max = 1_000_000 } = {}) =>
  z
    .string({ error: emptyMessage })
    .trim()
    .min(1, emptyMessage)
    .regex(/^-?\d+$/, "Enter a whole number, like 12")
    .transform(Number)
    .refine((n) => n >= min, `Must be ${min} or more`)
    .refine((n) => n <= max, `Must be ${max.toLocaleString("en-GB")} or fewer`);

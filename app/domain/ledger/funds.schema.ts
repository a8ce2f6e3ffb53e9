import { z } from "zod";
import { optionalIsoDate } from "~/lib/validation";
import { LEDGER_FLAGS } from "./figures";

const pageNumber = z.coerce.number().int().min(1).catch(1);

/** The statement's date range (from a three-part date input, or `from`/`to` as ISO dates in a link) and page. */
export const StatementRangeSchema = z
  .object({ from: optionalIsoDate(), to: optionalIsoDate(), page: pageNumber })
  .refine((range) => !range.from || !range.to || range.from <= range.to, { path: ["to"], message: "The end date must be the same as or after the start date" });

/** A statement download: the same range, and which version. */
export const StatementDownloadSchema = z
  .object({ from: optionalIsoDate(), to: optionalIsoDate(), format: z.enum(["standard", "easy-read"]).catch("standard") })
  .refine((range) => !range.from || !range.to || range.from <= range.to, { path: ["to"], message: "The end date must be the same as or after the start date" });

const optionalId = z
  .string()
  .optional()
  .transform((value) => value || undefined);

/** The lot filter's value for funds whose agreement has no lot recorded. */
export const WITHOUT_LOT = "none";

/** Filters of the list of accounts. Unknown flags are ignored. */
export const FundsListSchema = z.object({
  provider: optionalId,
  lot: optionalId,
  locality: optionalId,
  flag: z.enum(LEDGER_FLAGS).optional().catch(undefined),
  page: pageNumber,
});

import { z } from "zod";
import { UNIT_KINDS } from "@db/schema";
import { choice, isoDate, linkDate, optionalIsoDate, pounds, requiredText } from "~/lib/validation";

/**
 * The council's list of invoices, from its address: the approval queue, only those with a line a person flagged
 * (`flagged=1`), or those paid from `paidFrom` to `paidTo` (either may be left out). Anything else is ignored.
 */
export const CouncilInvoicesSchema = z.object({
  flagged: z.literal("1").optional().catch(undefined),
  paidFrom: linkDate,
  paidTo: linkDate,
  page: z.coerce.number().int().min(1).catch(1),
});

/** Council finance's note of how it dealt with part of a Stripe payment coming back. */
export const ReversalDealtWithSchema = z.object({
  note: requiredText(
    "Say how it was dealt with, for example that you paid the rest by BACS or agreed with the provider what is owed",
    1000,
    "The note must be 1,000 characters or fewer"
  ),
});

/** A line typed by hand, added to an invoice or changed on it. */
export const LineSchema = z
  .object({
    agreementId: requiredText("Choose the agreement"),
    outcomeId: requiredText("Choose the outcome the support was for"),
    startOn: isoDate("Enter the first day of the support"),
    endOn: isoDate("Enter the last day of the support"),
    description: requiredText("Describe the support", 500, "The description must be 500 characters or fewer"),
    unitKind: choice(UNIT_KINDS, "Choose what the units are"),
    units: z
      .string({ error: "Enter the units" })
      .trim()
      .min(1, "Enter the units")
      .regex(/^\d{1,5}(\.\d{1,2})?$/, "Enter the units as a number, such as 3 or 2.5")
      .transform(Number)
      .refine((n) => n > 0, "The units must be more than zero"),
    rate: pounds("Enter the rate per unit"),
  })
  .refine((line) => line.startOn <= line.endOn, {
    path: ["endOn"],
    message: "The last day must be the same as or after the first day",
  });
export type LineForm = z.output<typeof LineSchema>;

/** A new invoice: to which council, and for which period (both dates, or neither for the next 4-weekly period). */
export const NewInvoiceSchema = z
  .object({
    councilId: requiredText("Choose the council to invoice"),
    periodStart: optionalIsoDate(),
    periodEnd: optionalIsoDate(),
  })
  .refine((v) => Boolean(v.periodStart) || !v.periodEnd, { path: ["periodStart"], message: "Enter the first day of the period, or leave both dates empty" })
  .refine((v) => Boolean(v.periodEnd) || !v.periodStart, { path: ["periodEnd"], message: "Enter the last day of the period, or leave both dates empty" })
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, { path: ["periodEnd"], message: "The last day must be the same as or after the first day" });

/** What finance types beside one line of an invoice: why it is rejected, a question about it, what a flag turned out to be. */
export const LINE_TEXTS = {
  reason: "Say why this line is rejected",
  question: "Write your question about this line",
  resolution: "Say what you found when you looked into this line",
} as const;
export type LineText = keyof typeof LINE_TEXTS;

/** The name of a line's field: each line has its own, so a problem is shown beside that line only. */
export const lineField = (text: LineText, lineId: string) => `${text}-${lineId}`;

/** The one field of a line's form, required, up to 2,000 characters. */
export const lineTextSchema = (text: LineText, lineId: string) =>
  z.object({ [lineField(text, lineId)]: requiredText(LINE_TEXTS[text], 2000, "Must be 2,000 characters or fewer") });

import { z } from "zod";
import { choice, isoDate, optionalText, pounds, requiredText } from "~/lib/validation";
import { formatPenceShort } from "~/lib/money";

/** What council finance records by hand on a fund. Drawdowns come from approved invoices; budget changes from agreements. */
export const RECORDABLE_KINDS = ["contribution_received", "management_fee", "adjustment"] as const;
export type RecordableKind = (typeof RECORDABLE_KINDS)[number];

/** The largest single amount typed in: more than any one movement on a fund should be, so a slip of the keyboard is caught. */
export const MAX_ENTRY_PENCE = 10_000_000;

const amount = pounds("Enter the amount").refine((pence) => pence <= MAX_ENTRY_PENCE, `The amount must be ${formatPenceShort(MAX_ENTRY_PENCE)} or less`);

/** The choices on the form: an adjustment is chosen with its direction. */
export const RECORD_CHOICES = ["contribution_received", "management_fee", "adjustment_in", "adjustment_out"] as const;

export const RecordEntrySchema = z
  .object({
    kind: choice(RECORD_CHOICES, "Select what you are recording"),
    amount,
    entryDate: isoDate("Enter the date the money moved"),
    reference: optionalText(100, "The reference must be 100 characters or fewer"),
    reason: optionalText(500, "The reason must be 500 characters or fewer"),
  })
  .superRefine((input, ctx) => {
    if (input.kind.startsWith("adjustment") && !input.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason for the adjustment" });
  })
  .transform(({ kind, ...rest }) => ({
    ...rest,
    kind: (kind.startsWith("adjustment") ? "adjustment" : kind) as RecordableKind,
    direction: kind === "adjustment_out" || kind === "management_fee" ? ("out" as const) : ("in" as const),
  }));
export type RecordEntryInput = z.output<typeof RecordEntrySchema>;

export const ReverseEntrySchema = z.object({
  entryDate: isoDate("Enter the date of the reversal"),
  reason: requiredText("Enter the reason for the reversal", 500, "The reason must be 500 characters or fewer"),
});
export type ReverseEntryInput = z.output<typeof ReverseEntrySchema>;

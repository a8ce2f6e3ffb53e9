import { z } from "zod";
import { FEE_KINDS, PAYMENT_CADENCES } from "@db/schema";
import type { FieldErrors } from "~/lib/errors";
import { parsePounds } from "~/lib/money";
import { choice, isoDate, linkDate, optionalText, pounds, requiredText } from "~/lib/validation";
import type { DraftInput } from "./agreements.server";

/** A percentage typed as "5" or "4.5", as basis points. */
const percent = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return 0;
    const match = /^(\d{1,2})(?:\.(\d{1,2}))?%?$/.exec(value);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "Enter the fee as a percentage, like 5 or 4.5" });
      return z.NEVER;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  });

const optionalPounds = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return 0;
    const pence = parsePounds(value);
    if (pence === null) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in pounds and pence, like 1250 or 1250.50" });
      return z.NEVER;
    }
    return pence;
  });

export const DraftSchema = z.object({
  startOn: isoDate("Enter the start date"),
  endOn: isoDate("Enter the end date"),
  reviewOn: isoDate("Enter the review date"),
  isfPence: pounds("Enter the ISF amount"),
  cadence: choice(PAYMENT_CADENCES, "Select how often the provider is paid"),
  feeKind: choice(FEE_KINDS, "Select the kind of management fee"),
  feeBasisPoints: percent,
  feePence: optionalPounds,
  contingencyPence: optionalPounds,
  otherProvidersAllowed: choice(["yes", "no"] as const, "Select whether part of the fund may be used with other providers").transform((v) => v === "yes"),
  changeReason: optionalText(500),
});

export const MAX_PLAN_LINES = 20;

/** Plan lines `plan-N-…`, one per outcome: amounts in pounds, a cost option chosen from the provider's offers or an optional rate. */
export function planFrom(formData: FormData, errors: FieldErrors): DraftInput["plan"] {
  const plan: DraftInput["plan"] = [];
  for (let index = 0; index < MAX_PLAN_LINES; index++) {
    const field = (name: string) => String(formData.get(`plan-${index}-${name}`) ?? "").trim();
    const personOutcomeId = field("personOutcomeId");
    if (!personOutcomeId) continue;
    const amountText = field("amount");
    const rateText = field("rate");
    const amountPence = amountText ? parsePounds(amountText) : 0;
    const ratePence = rateText ? parsePounds(rateText) : null;
    if (amountPence === null) errors[`plan-${index}-amount`] = "Enter the amount set aside in pounds and pence, like 1250 or 1250.50";
    if (rateText && ratePence === null) errors[`plan-${index}-rate`] = "Enter the rate in pounds and pence, like 22.50";
    const support = field("support");
    const quantity = field("quantity");
    const costOption = field("costOption");
    const costOptionId = field("costOptionId") || null;
    if (support.length > 500 || quantity.length > 200 || costOption.length > 200) errors[`plan-${index}-support`] = "Keep each answer shorter";
    plan.push({ personOutcomeId, support, quantity, costOption, costOptionId, ratePence: ratePence ?? null, amountPence: amountPence ?? 0 });
  }
  return plan;
}

export const SignSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Read the agreement again and sign it"),
  declaration: z.literal("yes", { error: "Tick the box to confirm you have read the agreement and agree to it" }),
  name: requiredText("Type your full name to sign", 200),
});

export const ReasonSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Read the agreement again first"),
  reason: requiredText("Enter the reason", 2000),
});

export const ApproveSchema = z.object({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Read the agreement again first") });

export const NoticeSchema = z.object({
  endsOn: isoDate("Enter the date the agreement ends"),
  reason: requiredText("Enter the reason for ending the agreement", 2000),
  safeguarding: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
});

export const SafeguardingDecisionSchema = z.object({
  decision: choice(["end", "carry_on"] as const, "Select whether the agreement ends today").transform((v) => v === "end"),
  decisionReason: optionalText(2000),
});

export const VariationSchema = z.object({ reason: requiredText("Say what needs to change and why", 500) });

export const StartSchema = z.object({
  choice: requiredText("Select a provider", 200),
  personId: requiredText("Select who the support is for", 64),
  offerId: optionalText(64),
});

export const ListFilterSchema = z.object({
  /** A status, or `awaiting_approval_any` (a new agreement or a change waiting for approval), or `in_force` (in force today). */
  status: z.enum(["draft", "issued", "awaiting_approval", "active", "ending", "ended", "withdrawn", "awaiting_approval_any", "in_force"]).optional().catch(undefined),
  /** Agreements under one lot of the framework. */
  lot: z.string().trim().max(64).optional().catch(undefined),
  /** One person's agreements (their id, from their record). */
  person: z.string().trim().max(64).optional().catch(undefined),
  /** Agreements of people whose name or reference contains this, or with this agreement reference. */
  q: z.string().trim().max(100).optional().catch(undefined),
  /** Agreements first approved on or after this day (the dashboard's median days to approval links here). */
  approvedFrom: linkDate,
  /** Agreements first approved on or before this day. */
  approvedTo: linkDate,
  page: z.coerce.number().int().min(1).catch(1),
});

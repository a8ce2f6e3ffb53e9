import { z } from "zod";
import { APPLICATION_STATUSES, CRITERION_KINDS, FRAMEWORK_STATUSES, ORGANISATION_TYPES } from "@db/schema";
import { parsePounds } from "~/lib/money";
import { choice, emailAddress, isoDate, optionalText, requiredText } from "~/lib/validation";
import { TO_REVIEW } from "./labels";

const yesNo = (emptyMessage: string) => choice(["yes", "no"], emptyMessage).transform((v) => v === "yes");

/** An optional amount in pounds, converted to pence; empty is null. */
const optionalPounds = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const pence = parsePounds(value);
    if (pence === null) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in pounds and pence, like 21.50" });
      return z.NEVER;
    }
    return pence;
  });

export const FrameworkSchema = z
  .object({
    name: requiredText("Enter the framework's name", 200),
    reference: requiredText("Enter the framework's reference", 60),
    description: optionalText(4000),
    startDate: isoDate("Enter the start date"),
    endDate: isoDate("Enter the end date"),
    status: choice(FRAMEWORK_STATUSES, "Choose the framework's status"),
    rolling: yesNo("Choose whether the framework re-opens to new providers"),
  })
  .refine((v) => v.endDate > v.startDate, { path: ["endDate"], message: "The end date must be after the start date" });
export type FrameworkInput = z.output<typeof FrameworkSchema>;

export const LotSchema = z
  .object({
    name: requiredText("Enter the lot's name", 200),
    description: optionalText(2000),
    guideRateMin: optionalPounds,
    guideRateMax: optionalPounds,
    guideRateUnit: optionalText(40),
  })
  .refine((v) => v.guideRateMin === null || v.guideRateMax === null || v.guideRateMax >= v.guideRateMin, {
    path: ["guideRateMax"],
    message: "The highest guide rate must be the same as or more than the lowest",
  })
  .refine((v) => (v.guideRateMin === null && v.guideRateMax === null) || v.guideRateUnit !== "", {
    path: ["guideRateUnit"],
    message: "Enter what the guide rate is for, like per hour",
  })
  .transform(({ guideRateMin, guideRateMax, ...rest }) => ({ ...rest, guideRateMinPence: guideRateMin, guideRateMaxPence: guideRateMax }));
export type LotInput = z.output<typeof LotSchema>;

export const CriterionSchema = z.object({
  title: requiredText("Enter the criterion", 200),
  guidance: optionalText(2000),
  kind: choice(CRITERION_KINDS, "Choose whether this is a question or a document"),
  mandatory: yesNo("Choose whether the criterion is mandatory"),
  expires: yesNo("Choose whether the evidence expires"),
});
export type CriterionInput = z.output<typeof CriterionSchema>;

export const QueueFilterSchema = z.object({
  status: z.enum([...APPLICATION_STATUSES, TO_REVIEW]).optional().catch(undefined),
  lot: z.string().max(64).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const EvaluationSchema = z.object({
  criterionId: z.string().min(1).max(64),
  evaluation: choice(["met", "not_met"], "Choose met or not met"),
  comment: optionalText(2000),
});

export const ClarificationSchema = z.object({ question: requiredText("Enter the question for the provider", 2000) });
export const ClarificationAnswerSchema = z.object({ answer: requiredText("Enter your answer", 4000) });
export const ReasonSchema = z.object({ reason: requiredText("Enter the reason", 2000) });
export const AdmitSchema = z.object({ lots: z.array(z.string().max(64)).min(1, "Choose at least one lot to admit the provider to") });
export const RejectSchema = z.object({ reasons: requiredText("Enter the reasons for the rejection", 4000) });

export const LotsChoiceSchema = z.object({ lots: z.array(z.string().max(64)).min(1, "Choose at least one lot") });
export const DeclarationsSchema = z.object({
  declaration: z.literal("yes", { error: "Confirm the declaration to continue" }),
});

export const OrganisationSchema = z
  .object({
    name: requiredText("Enter the organisation's name", 200),
    type: choice(ORGANISATION_TYPES, "Choose the type of organisation"),
    charityNumber: optionalText(20).refine((v) => v === "" || /^SC\d{6}$/i.test(v), "Enter an OSCR number in the correct format, like SC012345"),
    companyNumber: optionalText(20).refine((v) => v === "" || /^[A-Z]{0,2}\d{6,8}$/i.test(v), "Enter a Companies House number in the correct format, like SC123456"),
    address: requiredText("Enter the organisation's address", 500),
    postcode: requiredText("Enter the postcode", 10).refine((v) => /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i.test(v), "Enter a real postcode, like G1 1AA"),
    contactName: requiredText("Enter the name of the contact person", 200),
    contactEmail: emailAddress("Enter the contact email address"),
    contactPhone: requiredText("Enter the contact telephone number", 30),
    careInspectorateNumbers: optionalText(500),
  })
  .refine((v) => v.type !== "charity" || v.charityNumber !== "", { path: ["charityNumber"], message: "Enter the charity's OSCR number" })
  .refine((v) => v.type !== "company" || v.companyNumber !== "", { path: ["companyNumber"], message: "Enter the company's Companies House number" });
export type OrganisationInput = z.output<typeof OrganisationSchema>;

export const RegistrationSchema = z.object({
  organisationName: requiredText("Enter your organisation's name", 200),
  type: choice(ORGANISATION_TYPES, "Choose the type of organisation"),
  name: requiredText("Enter your full name", 200),
  email: emailAddress("Enter your email address"),
});
export type RegistrationInput = z.output<typeof RegistrationSchema>;

export const InvitationSchema = z.object({
  name: requiredText("Enter your colleague's full name", 200),
  email: emailAddress("Enter your colleague's email address"),
  role: choice(["provider_admin", "provider_staff"], "Choose what your colleague can do"),
});
export type InvitationInput = z.output<typeof InvitationSchema>;

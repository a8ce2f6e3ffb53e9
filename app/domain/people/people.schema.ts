import { z } from "zod";
import {
  ACCESSIBLE_FORMATS,
  AUTHORITIES,
  BUDGET_BASES,
  BUDGET_PERIODS,
  CONTACT_METHODS,
  REPRESENTATIVE_KINDS,
} from "@db/schema/people";
import { parsePounds } from "~/lib/money";
import { choice, isoDate, optionalIsoDate, optionalText, pounds, requiredText } from "~/lib/validation";
import { BUDGET_FILTERS } from "~/domain/reporting/labels";

/** The shapes of the people forms. The rules that need more than one field live in people.server.ts. */

const optionalEmail = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ?? "").toLowerCase())
  .refine((value) => value === "" || z.email().safeParse(value).success, "Enter an email address in the correct format, like name@example.com");

/** An amount in pounds that may be left empty (meaning £0). */
const optionalPounds = () =>
  z
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

export const PersonSchema = z.object({
  name: requiredText("Enter the person's full name", 200),
  reference: requiredText("Enter the council's reference number for the person", 50),
  dateOfBirth: isoDate("Enter the person's date of birth"),
  address: optionalText(500),
  postcode: optionalText(10),
  localityId: optionalText(100),
  careGroupId: optionalText(100),
  email: optionalEmail,
  phone: optionalText(30),
  contactMethod: choice(CONTACT_METHODS, "Select how the person would like to be contacted"),
  accessibleFormats: z.array(z.enum(ACCESSIBLE_FORMATS)).default([]),
  communicationNeeds: optionalText(2000),
});
export type PersonInput = z.output<typeof PersonSchema>;

export const RepresentativeSchema = z.object({
  name: requiredText("Enter the representative's full name", 200),
  kind: choice(REPRESENTATIVE_KINDS, "Select who the representative is"),
  relationship: optionalText(200),
  basis: requiredText("Enter the legal authority or basis for acting for the person", 500),
  documentReference: optionalText(100),
  authority: choice(AUTHORITIES, "Select what the representative may do"),
  startsOn: isoDate("Enter the date the representative starts acting"),
  endsOn: optionalIsoDate(),
  email: optionalEmail,
  phone: optionalText(30),
});
export type RepresentativeInput = z.output<typeof RepresentativeSchema>;

/** A change to a representative's record: everything recorded when they were added but who they are, with the reason. */
export const RepresentativeChangeSchema = RepresentativeSchema.omit({ kind: true }).extend({
  reason: requiredText("Enter the reason for the change", 1000),
});
export type RepresentativeChangeInput = z.output<typeof RepresentativeChangeSchema>;

export const RepresentativeEndSchema = z.object({
  reason: requiredText("Enter why the representative no longer acts for the person", 1000),
});

export const AssessmentSchema = z.object({
  assessedOn: isoDate("Enter the date of the assessment"),
  eligible: choice(["yes", "no"], "Select whether the person is eligible for support").transform((v) => v === "yes"),
  summary: optionalText(2000),
});
export type AssessmentInput = z.output<typeof AssessmentSchema>;

export const OptionSplitSchema = z.object({
  option1Pence: optionalPounds(),
  option2Pence: optionalPounds(),
  option3Pence: optionalPounds(),
  reason: optionalText(500),
});
export type OptionSplitInput = z.output<typeof OptionSplitSchema>;

export const BudgetSchema = OptionSplitSchema.extend({
  amountPence: pounds("Enter the amount of the budget", { tooSmall: "Budget must be more than £0" }),
  period: choice(BUDGET_PERIODS, "Select whether the budget is per year or per week"),
  startsOn: isoDate("Enter the date the budget starts"),
  endsOn: optionalIsoDate(),
  basis: choice(BUDGET_BASES, "Select how the budget was set"),
  basisDetail: optionalText(500),
  contributionPence: optionalPounds(),
});
export type BudgetInput = z.output<typeof BudgetSchema>;

export const OutcomeSchema = z.object({
  outcomeId: requiredText("Select an outcome from the list", 100),
  ownWords: requiredText("Enter the outcome in the person's own words", 500),
});
export type OutcomeInput = z.output<typeof OutcomeSchema>;

export const InviteSchema = z.object({
  recipient: requiredText("Select who to invite", 100),
});

export const CloseSchema = z.object({
  reason: requiredText("Enter why the record is being closed", 1000),
});

export const AcceptInvitationSchema = z
  .object({
    password: z.string().min(1, "Enter a password"),
    confirmPassword: z.string().min(1, "Enter the password again"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

export const SearchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).catch(1),
  /** "mine": only the signed-in practitioner's caseload. */
  show: z.enum(["all", "mine"]).catch("all"),
  /** People with this outcome (a council list entry) in their support plan. */
  outcome: z.string().trim().max(64).catch(""),
  status: z.enum(["open", "closed"]).optional().catch(undefined),
  /** People with a budget today, under an option (as the SDS return counts them). */
  option: z.enum(BUDGET_FILTERS).optional().catch(undefined),
  /** People in a locality of the council's list, or "none" for those with no locality recorded. */
  locality: z.string().trim().max(64).catch(""),
});

export const PractitionerSchema = z.object({
  practitionerId: requiredText("Select a practitioner from the list", 100),
});


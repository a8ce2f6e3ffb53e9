import { z } from "zod";
import { ACCEPTING, COMMUNICATION_SUPPORT, COST_UNITS, DELIVERY_MODES, GRADE_THEMES, LANGUAGES, WEEKDAYS, type CostUnit, type Grades } from "@db/schema/offers";
import { parseForm, type ParsedForm } from "~/lib/forms";
import { parsePounds } from "~/lib/money";
import { choice, optionalIsoDate, optionalText } from "~/lib/validation";

export const SUMMARY_MIN = 50;
export const SUMMARY_MAX = 250;
/** Cost option rows on the offer form. */
export const MAX_COST_OPTIONS = 4;
/** Languages a provider may name besides those on the list. */
export const MAX_OTHER_LANGUAGES = 10;

/** One price. `id` is the saved option's own, sent back with the form, so a change keeps its id (the feed's and agreements'). */
export type CostOptionInput = { id?: string | null; label: string; amountPence: number; unit: CostUnit; includes: string; validFrom: string | null; validTo: string | null };

const ID = /^[0-9a-f-]{36}$/i;

/** What a provider enters for an offer, already parsed. The business rules are checked by `offerProblems`. */
export type OfferInput = {
  lotId: string;
  title: string;
  summary: string;
  description: string;
  outcomeIds: string[];
  careGroupIds: string[];
  minAge: number | null;
  maxAge: number | null;
  localityIds: string[];
  deliveryModes: (typeof DELIVERY_MODES)[number][];
  flexible: boolean;
  days: (typeof WEEKDAYS)[number][];
  opensAt: string | null;
  closesAt: string | null;
  scheduleNotes: string;
  languages: (typeof LANGUAGES)[number][];
  otherLanguages: string[];
  communicationSupport: (typeof COMMUNICATION_SUPPORT)[number][];
  accessibilityNotes: string;
  accepting: (typeof ACCEPTING)[number];
  places: number | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactNotes: string;
  careInspectorateNumber: string;
  grades: Grades;
  gradedOn: string | null;
  costOptions: CostOptionInput[];
};

const text = (max: number) => z.string().max(max, `Must be ${max} characters or fewer`).trim().optional().default("");
const ids = z.array(z.string().max(64)).max(50);
const optionalWhole = (message: string, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      if (!/^\d{1,4}$/.test(value) || Number(value) > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return Number(value);
    });
const time = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const match = /^(\d{1,2})[:.](\d{2})$/.exec(value);
      if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return `${match[1]!.padStart(2, "0")}:${match[2]}`;
    });
const grade = z
  .string()
  .optional()
  .transform((value) => (value && /^[1-6]$/.test(value) ? Number(value) : undefined));

const OfferFormSchema = z.object({
  lotId: z.string({ error: "Choose the type of support" }).min(1, "Choose the type of support").max(64),
  title: text(120),
  summary: text(1000),
  description: text(8000),
  outcomeIds: ids,
  careGroupIds: ids,
  minAge: optionalWhole("Enter the youngest age as a whole number of years, like 18", 120),
  maxAge: optionalWhole("Enter the oldest age as a whole number of years, like 65", 120),
  localityIds: ids,
  deliveryModes: z.array(z.enum(DELIVERY_MODES, { error: "Choose how the support is delivered" })).max(10),
  flexible: choice(["yes", "no"], "Choose whether the times are flexible").transform((v) => v === "yes"),
  days: z.array(z.enum(WEEKDAYS, { error: "Choose days of the week" })).max(7),
  opensAt: time("Enter the start time like 09:00"),
  closesAt: time("Enter the finish time like 17:30"),
  scheduleNotes: text(1000),
  languages: z.array(z.enum(LANGUAGES, { error: "Choose languages from the list" })).max(20),
  otherLanguages: z
    .string()
    .max(500, "Must be 500 characters or fewer")
    .optional()
    .transform((value, ctx) => {
      const names = (value ?? "").split(/[,;\n]/).map((name) => name.trim().replace(/\s+/g, " ")).filter(Boolean);
      const unique = names.filter((name, index) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === index);
      if (unique.length > MAX_OTHER_LANGUAGES || unique.some((name) => name.length > 40)) {
        ctx.addIssue({ code: "custom", message: `Enter up to ${MAX_OTHER_LANGUAGES} languages, separated by commas, like Tigrinya, Farsi` });
        return z.NEVER;
      }
      return unique;
    }),
  communicationSupport: z.array(z.enum(COMMUNICATION_SUPPORT, { error: "Choose communication support from the list" })).max(20),
  accessibilityNotes: text(2000),
  accepting: choice(ACCEPTING, "Choose whether you are accepting new people"),
  places: optionalWhole("Enter the number of places as a whole number, like 3", 9999),
  contactName: text(120),
  contactEmail: z
    .string()
    .trim()
    .max(254)
    .optional()
    .default("")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address in the correct format, like name@example.com"),
  contactPhone: text(40),
  contactNotes: text(1000),
  careInspectorateNumber: text(60),
  gradedOn: optionalIsoDate().transform((v) => v || null),
  ...Object.fromEntries(GRADE_THEMES.map((theme) => [`grade-${theme}`, grade])),
});

const LIST_FIELDS = ["outcomeIds", "careGroupIds", "localityIds", "deliveryModes", "days", "languages", "communicationSupport"];

const VALID_TO_BEFORE_FROM = "The 'valid to' date must be the same as or after the 'valid from' date";

/** Reads the offer form: the fields, and up to four cost option rows (`cost-N-amount`, `cost-N-unit`…). */
export function parseOfferForm(formData: FormData): ParsedForm<OfferInput> {
  const form = parseForm(OfferFormSchema, formData, LIST_FIELDS);
  const fieldErrors: Record<string, string> = form.ok ? {} : { ...form.fieldErrors };
  const costOptions: CostOptionInput[] = [];
  const sentIds = new Set<string>();
  const values = form.values;
  const value = (name: string) => String(values[name] ?? "").trim();
  for (let index = 0; index < MAX_COST_OPTIONS; index++) {
    const prefix = `cost-${index}`;
    const amount = value(`${prefix}-amount`);
    const unit = value(`${prefix}-unit`);
    const label = value(`${prefix}-label`).slice(0, 200);
    const includes = value(`${prefix}-includes`).slice(0, 500);
    const sentId = value(`${prefix}-id`).toLowerCase();
    const id = ID.test(sentId) && !sentIds.has(sentId) ? sentId : null;
    const dates = parseForm(z.object({ from: optionalIsoDate(), to: optionalIsoDate() }), dateParts(formData, prefix));
    if (!amount && !label && !includes) continue;
    if (id) sentIds.add(id);
    const pence = parsePounds(amount);
    if (!amount) fieldErrors[`${prefix}-amount`] = "Enter the amount, or empty this cost option to remove it";
    else if (pence === null) fieldErrors[`${prefix}-amount`] = "Enter an amount in pounds and pence, like 24.50 (no more than two decimal places)";
    else if (pence <= 0) fieldErrors[`${prefix}-amount`] = "The amount must be more than £0";
    if (!(COST_UNITS as readonly string[]).includes(unit)) fieldErrors[`${prefix}-unit`] = "Choose what the amount is for, like per hour";
    if (!dates.ok) Object.assign(fieldErrors, Object.fromEntries(Object.entries(dates.fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v])));
    else if (dates.data.from && dates.data.to && dates.data.to < dates.data.from) fieldErrors[`${prefix}-to`] = VALID_TO_BEFORE_FROM;
    if (pence && pence > 0 && dates.ok && (COST_UNITS as readonly string[]).includes(unit)) {
      costOptions.push({ id, label, amountPence: pence, unit: unit as CostUnit, includes, validFrom: dates.data.from || null, validTo: dates.data.to || null });
    }
  }
  if (form.ok && Object.keys(fieldErrors).length === 0) return { ok: true, data: toOfferInput(form.data, costOptions), values };
  // Refused: the business rules are checked too, on what could be read, so every problem is listed at once.
  const readable = form.ok ? form : parseForm(OfferFormSchema, withoutFields(formData, Object.keys(fieldErrors)), LIST_FIELDS);
  const anyCostProblem = Object.keys(fieldErrors).some((field) => field.startsWith("cost-"));
  const rules = readable.ok ? offerProblems(toOfferInput(readable.data, costOptions), { costs: !anyCostProblem }) : {};
  return { ok: false, fieldErrors: inFormOrder({ ...rules, ...fieldErrors }), values };
}

/** Answers the form could not read, taken out so the rest can be read: each falls back to its empty answer. */
function withoutFields(formData: FormData, fields: string[]): FormData {
  const rest = new FormData();
  for (const [name, value] of formData) {
    const field = name.replace(/-(day|month|year)$/, "");
    if (!fields.includes(name) && !fields.includes(field)) rest.append(name, value);
  }
  // The choices with no empty answer fall back to the one that raises no rule of its own.
  if (fields.includes("lotId")) rest.set("lotId", "none");
  if (fields.includes("flexible")) rest.set("flexible", "yes");
  if (fields.includes("accepting")) rest.set("accepting", "yes");
  return rest;
}

/** The order of the form's fields, for the error summary; the cost rows come between access and capacity. */
const FIELD_ORDER = Object.keys(OfferFormSchema.shape);
const COST_FIELDS = ["amount", "unit", "label", "includes", "from", "to"];

function fieldPosition(field: string): number {
  const cost = /^cost-(\d)-(\w+)$/.exec(field);
  if (cost) return FIELD_ORDER.indexOf("accepting") - 1 + (1 + Number(cost[1]) * COST_FIELDS.length + COST_FIELDS.indexOf(cost[2]!)) / 100;
  const index = FIELD_ORDER.indexOf(field);
  return index === -1 ? FIELD_ORDER.length : index;
}

/** Problems keyed by field, in the order the fields are on the form. */
export function inFormOrder(problems: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).sort(([a], [b]) => fieldPosition(a) - fieldPosition(b)));
}

function toOfferInput(fields: z.output<typeof OfferFormSchema>, costOptions: CostOptionInput[]): OfferInput {
  const { gradedOn, ...rest } = fields;
  const grades: Grades = {};
  for (const theme of GRADE_THEMES) {
    const g = (rest as Record<string, unknown>)[`grade-${theme}`];
    if (typeof g === "number") grades[theme] = g;
  }
  return {
    lotId: rest.lotId,
    title: rest.title,
    summary: rest.summary,
    description: rest.description,
    outcomeIds: rest.outcomeIds,
    careGroupIds: rest.careGroupIds,
    minAge: rest.minAge,
    maxAge: rest.maxAge,
    localityIds: rest.localityIds,
    deliveryModes: rest.deliveryModes,
    flexible: rest.flexible,
    days: rest.days,
    opensAt: rest.opensAt,
    closesAt: rest.closesAt,
    scheduleNotes: rest.scheduleNotes,
    languages: rest.languages,
    otherLanguages: rest.otherLanguages,
    communicationSupport: rest.communicationSupport,
    accessibilityNotes: rest.accessibilityNotes,
    accepting: rest.accepting,
    places: rest.places,
    contactName: rest.contactName,
    contactEmail: rest.contactEmail,
    contactPhone: rest.contactPhone,
    contactNotes: rest.contactNotes,
    careInspectorateNumber: rest.careInspectorateNumber,
    grades,
    gradedOn,
    costOptions,
  };
}

/** The `from` and `to` date parts of one cost option row, renamed so the shared date parsing joins them. */
function dateParts(formData: FormData, prefix: string): FormData {
  const parts = new FormData();
  for (const end of ["from", "to"]) {
    for (const part of ["day", "month", "year"]) parts.set(`${end}-${part}`, String(formData.get(`${prefix}-${end}-${part}`) ?? ""));
  }
  return parts;
}

/**
 * The business rules of an offer, as messages keyed by form field. Empty when the offer may be saved. `costs: false`
 * leaves out the cost options' rules, when the rows could not all be read.
 */
export function offerProblems(input: OfferInput, { costs = true }: { costs?: boolean } = {}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!input.title) problems.title = "Enter the offer's title";
  const summaryLength = [...input.summary].length;
  if (summaryLength < SUMMARY_MIN || summaryLength > SUMMARY_MAX) {
    problems.summary = `The summary must be between ${SUMMARY_MIN} and ${SUMMARY_MAX} characters (it is ${summaryLength})`;
  }
  if (!input.description) problems.description = "Describe what the support looks like day to day";
  if (input.outcomeIds.length === 0) problems.outcomeIds = "Choose at least one outcome the offer helps with";
  if (input.localityIds.length === 0) problems.localityIds = "Choose at least one area where the support is available";
  if (input.deliveryModes.length === 0) problems.deliveryModes = "Choose how the support is delivered";
  if (input.minAge !== null && input.maxAge !== null && input.maxAge < input.minAge) problems.maxAge = "The oldest age must be the same as or more than the youngest age";
  if (!input.flexible && input.days.length === 0) problems.days = "Choose the days the support is available, or say the times are flexible";
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt) problems.closesAt = "The finish time must be after the start time";
  if (costs && input.costOptions.length === 0) problems["cost-0-amount"] = "Enter at least one cost option";
  if (costs) {
    input.costOptions.forEach((option, index) => {
      if (!Number.isInteger(option.amountPence) || option.amountPence <= 0) problems[`cost-${index}-amount`] = "The amount must be more than £0";
      if (option.validFrom && option.validTo && option.validTo < option.validFrom) problems[`cost-${index}-to`] = VALID_TO_BEFORE_FROM;
    });
  }
  if (!input.contactName && !input.contactEmail && !input.contactPhone) problems.contactName = "Give a contact name, email address or phone number";
  return problems;
}

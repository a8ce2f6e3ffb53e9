import type { z } from "zod";

/** What an action sends back when a form needs fixing: a message per field, and everything that was typed. */
export type FormProblems = {
  fieldErrors: Record<string, string>;
  values: Record<string, string | string[]>;
  /** A problem with the whole form, not one field. */
  formError?: string;
};

export type ParsedForm<T> = { ok: true; data: T; values: FormProblems["values"] } | ({ ok: false } & FormProblems);

/**
 * Everything submitted, as typed: single values as strings, repeated names as arrays. Files are left out,
 * and so are passwords (any field whose name contains "password"), which are never sent back to the page.
 */
export function formValues(formData: FormData): FormProblems["values"] {
  const values: FormProblems["values"] = {};
  for (const key of new Set(formData.keys())) {
    if (/password/i.test(key)) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

/**
 * Plain-English messages for what a schema did not word itself: a field missing from the request, a choice
 * that is not one of the options, text that is too long. Browsers never send such forms, but anyone can.
 */
const fallbackMessage = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "Answer this question" : "Enter your answer as text";
    case "invalid_value":
      return "Choose one of the options given";
    case "too_big":
      return issue.origin === "string" ? `Must be ${Number(issue.maximum).toLocaleString("en-GB")} characters or fewer` : issue.origin === "array" ? "Too many options chosen" : `Must be ${String(issue.maximum)} or less`;
    case "too_small":
      return issue.origin === "string" || issue.origin === "array" ? "Answer this question" : `Must be ${String(issue.minimum)} or more`;
    default:
      return "Check this answer: it is not in the form we expected";
  }
};

/**
 * Names whose values are lists (checkboxes), so one ticked box is still an array. Any other name sent more than
 * once counts as its first value, as `FormData.get` reads it.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, listFields: string[] = []): ParsedForm<z.output<S>> {
  const values = formValues(formData);
  const single = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
  const input: Record<string, unknown> = { ...Object.fromEntries(formData), ...single, ...joinDateParts(single) };
  for (const name of listFields) {
    const value = values[name];
    input[name] = value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value];
  }
  const result = schema.safeParse(input, { error: fallbackMessage });
  if (result.success) return { ok: true, data: result.data, values };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".") || "form";
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors, values };
}

export function hasProblems(data: unknown): data is FormProblems {
  return (
    typeof data === "object" &&
    data !== null &&
    "fieldErrors" in data &&
    (Object.keys((data as FormProblems).fieldErrors).length > 0 || Boolean((data as FormProblems).formError))
  );
}

/**
 * A date typed as three fields (`start-day`, `start-month`, `start-year`) becomes `start`: "YYYY-MM-DD" when
 * all parts are numbers, "" when all are empty, or the parts as typed otherwise (which `isoDate` refuses).
 */
function joinDateParts(values: Record<string, string | undefined>): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const key of Object.keys(values)) {
    const match = /^(.*)-day$/.exec(key);
    if (!match?.[1]) continue;
    const name = match[1];
    const part = (suffix: string) => String(values[`${name}-${suffix}`] ?? "").trim();
    const [day, month, year] = [part("day"), part("month"), part("year")];
    if (!day && !month && !year) joined[name] = "";
    else if (/^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)) {
      joined[name] = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    } else joined[name] = `${year}-${month}-${day}`;
  }
  return joined;
}

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

/** Names whose values are lists (checkboxes), so one ticked box is still an array. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, listFields: string[] = []): ParsedForm<z.output<S>> {
  const values = formValues(formData);
  const input: Record<string, unknown> = { ...Object.fromEntries(formData), ...values, ...joinDateParts(values) };
  for (const name of listFields) {
    const value = values[name];
    input[name] = value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value];
  }
  const result = schema.safeParse(input);
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
function joinDateParts(values: FormProblems["values"]): Record<string, string> {
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

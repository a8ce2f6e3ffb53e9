import type { FormProblems } from "~/lib/forms";
import { parseForm } from "~/lib/forms";
import { todayIso } from "~/lib/dates";
import { financialYearOf, PeriodSchema } from "./reporting.schema";

/**
 * The period a report asks for in its query string (three-part date inputs `from` and `to`); the current
 * financial year when none is given.
 */
export function periodFromRequest(
  request: Request,
  today = todayIso(),
): { ok: true; period: { from: string; to: string }; values: FormProblems["values"] } | { ok: false; problems: FormProblems } {
  const params = new URL(request.url).searchParams;
  if (![...params.keys()].some((key) => key.startsWith("from") || key.startsWith("to"))) {
    const period = financialYearOf(today);
    return { ok: true, period, values: { from: period.from, to: period.to } };
  }
  const formData = new FormData();
  for (const [key, value] of params) formData.append(key, value);
  const parsed = parseForm(PeriodSchema, formData);
  if (!parsed.ok) return { ok: false, problems: { fieldErrors: parsed.fieldErrors, values: parsed.values } };
  return { ok: true, period: parsed.data, values: parsed.values };
}

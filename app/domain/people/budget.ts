import type { BudgetPeriod } from "@db/schema/people";

/** Budget arithmetic shared by the domain, the pages and the PDF. */

export type OptionChoice = 1 | 2 | 3 | 4;

/** The SDS option the split amounts to: the one option used, or Option 4 (a mix). Null before a choice. */
export function optionChoiceOf(split: { option1Pence: number; option2Pence: number; option3Pence: number }): OptionChoice | null {
  const used = ([1, 2, 3] as const).filter((n) => split[`option${n}Pence`] > 0);
  if (used.length === 0) return null;
  return used.length === 1 ? used[0]! : 4;
}

/** The amount a year for an amount per period. */
export function perYear(pence: number, period: BudgetPeriod): number {
  return period === "week" ? pence * 52 : pence;
}

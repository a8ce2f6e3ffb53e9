/**
 * Who has a budget on a day, and under which SDS option, in SQL: the counting rules of the SDS return
 * (`sds-return.server.ts`) for one day, shared by the dashboard's people figures and the people list's filters, so
 * that a figure and the list behind it always agree.
 *
 * - A person's budget on a day is their latest budget version covering the day, on a record still open that day (a
 *   closed record counts only before the day, UTC, it was closed).
 * - Its option is Option 1, 2 or 3 when all the money is under that option, Option 4 when it is under more than one,
 *   and "not chosen yet" before a split is recorded (as `optionChoiceOf`).
 */
import { sql, type SQL } from "drizzle-orm";
import { budgetVersions, people } from "@db/schema";
import type { IsoDate } from "~/lib/dates";
import type { BudgetFilter, OptionKey } from "./labels";

/** True for a `people` row and a `budget_versions` row when that version is the person's budget on the day. */
export const budgetOnDay = (day: IsoDate): SQL => sql`${budgetVersions.personId} = ${people.id}
  and ${budgetVersions.version} = (select max(c.version) from budget_versions c
    where c.person_id = ${people.id} and c.starts_on <= ${day} and (c.ends_on is null or c.ends_on >= ${day}))
  and (${people.status} = 'open' or date(${people.closedAt} / 1000, 'unixepoch') > ${day})`;

/** The SDS option (an `OptionKey`) of a `budget_versions` row's split. */
export const optionOfBudget: SQL<OptionKey> = sql<OptionKey>`case (${budgetVersions.option1Pence} > 0) + (${budgetVersions.option2Pence} > 0) + (${budgetVersions.option3Pence} > 0)
  when 0 then 'notChosen'
  when 1 then (case when ${budgetVersions.option1Pence} > 0 then 'option1' when ${budgetVersions.option2Pence} > 0 then 'option2' else 'option3' end)
  else 'option4' end`;

/** True for the people whose budget on the day matches the filter of the people list. */
export function budgetFilter(filter: BudgetFilter, day: IsoDate): SQL {
  const matches = filter === "any" ? sql`1` : filter === "withOption2" ? sql`${budgetVersions.option2Pence} > 0` : sql`${optionOfBudget} = ${filter}`;
  return sql`exists (select 1 from ${budgetVersions} where ${budgetOnDay(day)} and ${matches})`;
}

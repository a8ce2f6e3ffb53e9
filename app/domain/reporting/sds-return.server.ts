/**
 * The SDS return: how many people had an individual budget in a period, by SDS option, and by age band, care
 * group and locality. Only counts leave this module, never a person.
 *
 * - A person counts in a period when one of their budget versions overlaps it (starts on or before its last day
 *   and has no end or ends on or after its first day). A closed record counts only for the days before it was
 *   closed: its budget versions end, for the return, the day before the closing day (UTC).
 * - Their option is that of the highest (latest) version overlapping the period: Option 1, 2 or 3 when all the
 *   money is under that option, Option 4 when it is under more than one, "not chosen" before a split is recorded.
 * - Age is taken on the last day of the period.
 * - Care group: the one on the person's record now (from the council's list, retired entries included), or
 *   "Not recorded" when there is none.
 */
import { and, asc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { budgetVersions, councilListItems, people, type BudgetPeriod } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { optionChoiceOf, perYear } from "~/domain/people/budget";
import { daysBetween, isIsoDate, type IsoDate } from "~/lib/dates";
import { NotFound, RuleBroken } from "~/lib/errors";
import type { CsvCell } from "~/lib/csv";
import { OPTION_COLUMN_LABELS, OPTION_KEYS, type OptionKey } from "./labels";
import { MAX_PERIOD_DAYS } from "./reporting.schema";

export type Period = { from: IsoDate; to: IsoDate };

export type OptionCounts = Record<OptionKey | "total", number>;
export type CountRow = { label: string; counts: OptionCounts; key: string };

/** Age bands of the return, by age in whole years on the last day of the period. */
export const AGE_BANDS = [
  { label: "Under 18", min: 0, max: 17 },
  { label: "18 to 64", min: 18, max: 64 },
  { label: "65 to 74", min: 65, max: 74 },
  { label: "75 to 84", min: 75, max: 84 },
  { label: "85 and over", min: 85, max: Infinity },
] as const;

export const NOT_RECORDED = "Not recorded";

/** What the return needs to know about one person: never their name or reference. */
export type PersonFacts = {
  dateOfBirth: IsoDate;
  localityId: string | null;
  careGroupId: string | null;
  split: { option1Pence: number; option2Pence: number; option3Pence: number };
};
export type ListEntry = { id: string; label: string };

export type SdsReturn = {
  period: Period;
  totals: OptionCounts;
  byAgeBand: CountRow[];
  byCareGroup: CountRow[];
  byLocality: CountRow[];
};

const zero = (): OptionCounts => ({ option1: 0, option2: 0, option3: 0, option4: 0, notChosen: 0, total: 0 });

export function optionKeyOf(split: PersonFacts["split"]): OptionKey {
  const choice = optionChoiceOf(split);
  return choice === null ? "notChosen" : `option${choice}`;
}

/** Age in whole years on a date. */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function ageBandOf(dateOfBirth: IsoDate, on: IsoDate): string {
  const age = ageOn(dateOfBirth, on);
  return AGE_BANDS.find((band) => age >= band.min && age <= band.max)?.label ?? AGE_BANDS[0].label;
}

/** Counts rows for every entry of a list (zero rows included, as a return lists every category), then "Not recorded". */
function countBy(facts: PersonFacts[], entries: ListEntry[], keyOf: (f: PersonFacts) => string | null): CountRow[] {
  const rows = new Map<string, CountRow>(entries.map((e) => [e.id, { key: e.id, label: e.label, counts: zero() }]));
  const missing: CountRow = { key: "", label: NOT_RECORDED, counts: zero() };
  for (const fact of facts) {
    const key = keyOf(fact);
    const row = (key !== null && rows.get(key)) || missing;
    row.counts[optionKeyOf(fact.split)]++;
    row.counts.total++;
  }
  return [...rows.values(), ...(missing.counts.total > 0 ? [missing] : [])];
}

/** The return from the facts about the people who had a budget in the period. Pure, so it can be checked by hand. */
export function tallySdsReturn(facts: PersonFacts[], period: Period, lists: { localities: ListEntry[]; careGroups: ListEntry[] }): SdsReturn {
  const totals = zero();
  for (const fact of facts) {
    totals[optionKeyOf(fact.split)]++;
    totals.total++;
  }
  const bands = AGE_BANDS.map((band) => ({ id: band.label, label: band.label }));
  return {
    period,
    totals,
    byAgeBand: countBy(facts, bands, (f) => ageBandOf(f.dateOfBirth, period.to)),
    byCareGroup: countBy(facts, lists.careGroups, (f) => f.careGroupId),
    byLocality: countBy(facts, lists.localities, (f) => f.localityId),
  };
}

/** The day (UTC) a closed record was closed: it had no budget from that day on. */
const closingDay = sql`date(${people.closedAt} / 1000, 'unixepoch')`;

export type BudgetFacts = PersonFacts & { period: BudgetPeriod; option2Pence: number };

/**
 * The facts about each of the council's people with a budget version overlapping the period (before the day the
 * record was closed, for a closed one): the latest such version for each. Scoped by council in the query itself.
 */
export function peopleWithBudgets(db: Tx, councilId: string, period: Period): BudgetFacts[] {
  const rows = db
    .select({
      personId: people.id,
      dateOfBirth: people.dateOfBirth,
      localityId: people.localityId,
      careGroupId: people.careGroupId,
      version: budgetVersions.version,
      period: budgetVersions.period,
      option1Pence: budgetVersions.option1Pence,
      option2Pence: budgetVersions.option2Pence,
      option3Pence: budgetVersions.option3Pence,
    })
    .from(budgetVersions)
    .innerJoin(people, eq(people.id, budgetVersions.personId))
    .where(
      and(
        eq(people.councilId, councilId),
        lte(budgetVersions.startsOn, period.to),
        or(isNull(budgetVersions.endsOn), gte(budgetVersions.endsOn, period.from)),
        or(eq(people.status, "open"), sql`${closingDay} > ${period.from} and ${budgetVersions.startsOn} < ${closingDay}`),
      ),
    )
    .orderBy(asc(budgetVersions.personId), asc(budgetVersions.version))
    .all();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) latest.set(row.personId, row);
  return [...latest.values()].map((row) => ({
    dateOfBirth: row.dateOfBirth,
    localityId: row.localityId,
    careGroupId: row.careGroupId,
    split: { option1Pence: row.option1Pence, option2Pence: row.option2Pence, option3Pence: row.option3Pence },
    period: row.period,
    option2Pence: row.option2Pence,
  }));
}

export function councilList(db: Tx, councilId: string, kind: "locality" | "care_group"): ListEntry[] {
  return db
    .select({ id: councilListItems.id, label: councilListItems.label })
    .from(councilListItems)
    .where(and(eq(councilListItems.councilId, councilId), eq(councilListItems.kind, kind)))
    .orderBy(asc(councilListItems.position), asc(councilListItems.label))
    .all();
}

export function checkPeriod(period: Period): Period {
  if (!isIsoDate(period.from) || !isIsoDate(period.to)) throw new RuleBroken("Enter the period as real dates");
  if (period.to < period.from) throw new RuleBroken("The end of the period must be on or after its start");
  if (daysBetween(period.from, period.to) > MAX_PERIOD_DAYS) throw new RuleBroken("Choose a period of three years or less");
  return period;
}

/** The SDS return of the actor's council: for its practitioners and commissioners, who may see its people. */
export function sdsReturn(db: Tx, actor: Actor, period: Period): SdsReturn {
  authorise(actor, "reporting.people", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  checkPeriod(period);
  const lists = { localities: councilList(db, actor.councilId, "locality"), careGroups: councilList(db, actor.councilId, "care_group") };
  return tallySdsReturn(peopleWithBudgets(db, actor.councilId, period), period, lists);
}

const countCells = (counts: OptionCounts): CsvCell[] => [...OPTION_KEYS.map((k) => counts[k]), counts.total];

/** The return as CSV rows: one row per category of each breakdown, then the total. */
export function sdsReturnCsv(report: SdsReturn): { header: string[]; rows: CsvCell[][] } {
  const header = ["Period start", "Period end", "Breakdown", "Category", ...OPTION_KEYS.map((k) => OPTION_COLUMN_LABELS[k]), "Total"];
  const lines = (breakdown: string, rows: CountRow[]) => rows.map((r) => [report.period.from, report.period.to, breakdown, r.label, ...countCells(r.counts)]);
  return {
    header,
    rows: [
      ...lines("Age band", report.byAgeBand),
      ...lines("Care group", report.byCareGroup),
      ...lines("Locality", report.byLocality),
      [report.period.from, report.period.to, "All people", "Total", ...countCells(report.totals)],
    ],
  };
}

/** The yearly amount under Option 2 of a budget version. */
export const option2PerYear = (facts: Pick<BudgetFacts, "option2Pence" | "period">) => perYear(facts.option2Pence, facts.period);

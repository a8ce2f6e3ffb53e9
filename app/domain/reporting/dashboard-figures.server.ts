/**
 * The dashboard's figures over many rows, aggregated in SQL so that only totals leave the database: a council
 * with tens of thousands of funds and millions of ledger entries gets a few thousand grouped rows back. Each
 * function takes the council id and puts it in its `where` clause; `commissioningDashboard` authorises first.
 *
 * The ledger rules are those of `app/domain/ledger/figures.ts` (its constants and pure functions are used
 * here): a reversal counts in the category, and for the outcome, of the entry it reverses; funding is the
 * opening budget, budget variations and contributions; spending is drawdowns, management fees and adjustments.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { budgetVersions, people } from "@db/schema";
import { elapsedDays, expectedSpend, FORECAST_SETTLING_DAYS, periodDays, RECENT_SPEND_DAYS, UNDERSPEND_SHARE } from "~/domain/ledger/figures";
import { APPROVED_STATUSES, firstApprovedOn } from "~/domain/agreements/agreements.server";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { paidBetween } from "~/domain/invoices/invoices.server";
import { addDays, type IsoDate } from "~/lib/dates";
import { budgetOnDay, optionOfBudget } from "./budget-today.server";
import { MEDIAN_WINDOW_DAYS, medianOfCounts, type ValueCount } from "./median";

const FUNDING = sql.raw(`('opening_budget', 'budget_variation', 'contribution_received')`);
const SPENDING = sql.raw(`('drawdown', 'management_fee', 'adjustment')`);

/** One open ISF account of the council with its totals to date and its forecast flags. */
export type FundFigures = {
  accountId: string;
  providerOrganisationId: string;
  provider: string;
  lotId: string | null;
  lot: string | null;
  funding: number;
  spent: number;
  balance: number;
  expected: number;
  overspend: boolean;
  underspend: boolean;
  /** Forecast spend at the end of the period less the funding: above zero an overspend, below zero an underspend. */
  forecastVariance: number;
  /** Spending to date recorded without an outcome. */
  unattributed: number;
  /** The planned amount per outcome in the agreement version in force. */
  plannedByOutcome: Map<string, number>;
};

type AccountRow = { id: string; provider_organisation_id: string; provider: string; lot_id: string | null; lot: string | null; period_start: string; period_end: string };
type SumRow = { account_id: string; funding: number; spent: number; recent: number; returned: number; unattributed: number };

/**
 * The ledger entries to date of the council's open accounts, each with the kind and outcome it counts under
 * (a reversal's are those of the entry it reverses) and the start of its account's recent-spend window: the
 * last 8 weeks, or the period so far when shorter, as the ledger's `forecast` takes it.
 */
const entriesToDate = (councilId: string, today: IsoDate) => sql`
  acc as (
    select a.id,
      date(max(julianday(${today}) - ${RECENT_SPEND_DAYS - 1}, julianday(a.period_start), julianday(${today}) - julianday(a.period_end) + julianday(a.period_start))) as window_start
    from isf_accounts a
    where a.council_id = ${councilId} and a.closed_at is null
  ),
  e as (
    select acc.id as account_id, acc.window_start, x.entry_date, x.amount,
      case when x.kind = 'reversal' then (select r.kind from ledger_entries r where r.id = x.reverses_entry_id) else x.kind end as k,
      case when x.kind = 'reversal' then (select r.outcome_id from ledger_entries r where r.id = x.reverses_entry_id) else x.outcome_id end as outcome_id
    from acc join ledger_entries x on x.account_id = acc.id
    where x.entry_date <= ${today}
  )`;

/**
 * The council's open ISF accounts with funding, spend and balance to date, the even-spend plan to date, and the
 * forecast flags of the ledger (overspend; underspend of more than a fifth), each from one grouped query.
 */
export function fundFigures(db: Tx, councilId: string, today: IsoDate): FundFigures[] {
  const accounts = db.all<AccountRow>(sql`
    select a.id, a.provider_organisation_id, o.name as provider, ag.lot_id, l.name as lot, a.period_start, a.period_end
    from isf_accounts a
    join organisations o on o.id = a.provider_organisation_id
    left join agreements ag on ag.id = a.agreement_id
    left join framework_lots l on l.id = ag.lot_id
    where a.council_id = ${councilId} and a.closed_at is null`);
  const sums = db.all<SumRow>(sql`
    with ${entriesToDate(councilId, today)}
    select account_id,
      coalesce(sum(case when k in ${FUNDING} then amount end), 0) as funding,
      coalesce(sum(case when k in ${SPENDING} then -amount end), 0) as spent,
      coalesce(sum(case when k in ${SPENDING} and entry_date >= window_start then -amount end), 0) as recent,
      coalesce(sum(case when k = 'return_of_unspent' then -amount end), 0) as returned,
      coalesce(sum(case when k in ${SPENDING} and outcome_id is null then -amount end), 0) as unattributed
    from e
    group by account_id`);
  const plans = db.all<{ account_id: string; outcome_id: string | null; planned: number }>(sql`
    select a.id as account_id, json_extract(j.value, '$.outcomeId') as outcome_id, sum(json_extract(j.value, '$.amountPence')) as planned
    from isf_accounts a
    join agreement_versions v on v.agreement_id = a.agreement_id and v.status = 'approved',
    json_each(v.plan) j
    where a.council_id = ${councilId} and a.closed_at is null and json_extract(j.value, '$.amountPence') > 0
    group by a.id, outcome_id`);

  const totals = new Map(sums.map((row) => [row.account_id, row]));
  const planned = new Map<string, Map<string, number>>();
  for (const row of plans) {
    if (!row.outcome_id) continue;
    const plan = planned.get(row.account_id) ?? new Map<string, number>();
    plan.set(row.outcome_id, (plan.get(row.outcome_id) ?? 0) + row.planned);
    planned.set(row.account_id, plan);
  }

  return accounts.map((a) => {
    const t = totals.get(a.id) ?? { funding: 0, spent: 0, recent: 0, returned: 0, unattributed: 0 };
    const terms = { periodStart: a.period_start, periodEnd: a.period_end };
    const elapsed = elapsedDays(terms, today);
    const recentDays = Math.min(RECENT_SPEND_DAYS, elapsed);
    const daysLeft = periodDays(terms) - elapsed;
    const forecastSpend = t.spent + (recentDays === 0 ? 0 : Math.round((t.recent * daysLeft) / recentDays));
    const variance = forecastSpend - t.funding;
    const settled = elapsed >= FORECAST_SETTLING_DAYS;
    return {
      accountId: a.id,
      providerOrganisationId: a.provider_organisation_id,
      provider: a.provider,
      lotId: a.lot_id,
      lot: a.lot,
      funding: t.funding,
      spent: t.spent,
      balance: t.funding - t.spent - t.returned,
      expected: expectedSpend(terms, t.funding, today),
      overspend: settled && variance > 0,
      underspend: settled && -variance > t.funding * UNDERSPEND_SHARE,
      forecastVariance: variance,
      unattributed: t.unattributed,
      plannedByOutcome: planned.get(a.id) ?? new Map(),
    };
  });
}

/** Spending to date of the council's open funds recorded against each outcome (a reversal counts against the outcome of what it reverses). */
export function spendByOutcome(db: Tx, councilId: string, today: IsoDate): Map<string, number> {
  const rows = db.all<{ outcome_id: string; spent: number }>(sql`
    with ${entriesToDate(councilId, today)}
    select outcome_id, coalesce(sum(-amount), 0) as spent
    from e
    where k in ${SPENDING} and outcome_id is not null
    group by outcome_id`);
  return new Map(rows.map((r) => [r.outcome_id, r.spent]));
}

/**
 * One fund's spending without an outcome (management fees, lines invoiced without one) under the attribution
 * rule: shared between the outcomes of the fund's plan in proportion to their planned amounts, in whole pence,
 * the pence left by rounding going to the outcome with the largest planned amount. With no plan it stays
 * unattributed (the `null` key). Spending recorded against an outcome simply counts for it (`spendByOutcome`).
 */
export function attributeSpend(fund: Pick<FundFigures, "unattributed" | "plannedByOutcome">): Map<string | null, number> {
  const shared = new Map<string | null, number>();
  if (fund.unattributed === 0) return shared;
  const plan = [...fund.plannedByOutcome].filter(([, amount]) => amount > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const plannedTotal = plan.reduce((sum, [, amount]) => sum + amount, 0);
  if (plannedTotal === 0) return shared.set(null, fund.unattributed);
  let given = 0;
  for (const [outcomeId, amount] of plan.slice(1)) {
    const share = Math.round((fund.unattributed * amount) / plannedTotal);
    shared.set(outcomeId, share);
    given += share;
  }
  return shared.set(plan[0]![0], fund.unattributed - given);
}

/** The council's agreements in force today (active or ending, approved version covering today): how many and their ISF amounts. */
export function agreementsInForce(db: Tx, councilId: string, today: IsoDate): { count: number; valuePence: number } {
  const row = db.get<{ n: number; value: number | null }>(sql`
    select count(*) as n, sum(v.isf_pence) as value
    from agreements a
    join agreement_versions v on v.agreement_id = a.id and v.status = 'approved'
    where a.council_id = ${councilId} and a.status in ('active', 'ending')
      and v.start_on <= ${today} and coalesce(a.notice_ends_on, v.end_on, '9999-12-31') >= ${today}`);
  return { count: row?.n ?? 0, valuePence: row?.value ?? 0 };
}

/** How many days a median covers, and over how many cases. */
export type MedianFigure = { days: number | null; count: number; from: IsoDate; to: IsoDate };

const histogram = (rows: { days: number; n: number }[]): { median: number | null; count: number } => {
  const counts: ValueCount[] = rows.map((r) => ({ value: r.days, count: r.n }));
  return { median: medianOfCounts(counts), count: counts.reduce((sum, c) => sum + c.count, 0) };
};

/**
 * Median days from choosing a provider to an approved agreement: from the day the agreement was started (the
 * person, their representative or practitioner chose the provider: `agreements.created_at`) to the day the
 * commissioning team first approved it (its first "approved" decision), in calendar days (UTC), over the
 * agreements first approved in the 12 months up to today. Later variations do not count again.
 */
export function medianDaysToApproval(db: Tx, councilId: string, today: IsoDate): MedianFigure {
  const from = addDays(today, -(MEDIAN_WINDOW_DAYS - 1));
  const rows = db.all<{ days: number; n: number }>(sql`
    select cast(round(julianday(first_approved_on) - julianday(date(created_at / 1000, 'unixepoch'))) as integer) as days, count(*) as n
    from (
      select a.created_at, ${firstApprovedOn(sql`a.id`)} as first_approved_on
      from agreements a
      where a.council_id = ${councilId} and a.status in ${APPROVED_STATUSES}
    )
    where first_approved_on between ${from} and ${today}
    group by days`);
  const { median, count } = histogram(rows);
  return { days: median, count, from, to: today };
}

/**
 * Median days to pay invoices: from the day an invoice was first submitted (`submitted_on`, which starts the
 * 28-day clock and keeps running while it is queried) to the day it was paid (`paid_on`), as council finance's
 * prompt-payment figures count them, over the invoices (not credit notes) paid in the 12 months up to today.
 */
export function medianDaysToPay(db: Tx, councilId: string, today: IsoDate): MedianFigure {
  const from = addDays(today, -(MEDIAN_WINDOW_DAYS - 1));
  const rows = db.all<{ days: number; n: number }>(sql`
    select cast(round(julianday(paid_on) - julianday(submitted_on)) as integer) as days, count(*) as n
    from invoices
    where council_id = ${councilId} and ${paidBetween({ from, to: today })}
    group by days`);
  const { median, count } = histogram(rows);
  return { days: median, count, from, to: today };
}

/** Open records of the council's people with each outcome in their support plan (outcomes removed from a plan do not count). */
export function peopleByOutcome(db: Tx, councilId: string): Map<string, number> {
  const rows = db.all<{ outcome_id: string; n: number }>(sql`
    select po.outcome_id, count(distinct po.person_id) as n
    from person_outcomes po join people p on p.id = po.person_id
    where p.council_id = ${councilId} and p.status = 'open' and po.removed_at is null
    group by po.outcome_id`);
  return new Map(rows.map((r) => [r.outcome_id, r.n]));
}

/** One lot and locality of the market: the council's published offers there that the public can see, by capacity. */
export type MarketRow = { lotId: string; localityId: string; offers: number; accepting: number; waitingList: number; full: number; providersAccepting: number };

/**
 * Published offers visible to the public (their provider admitted to the lot of a framework in force and not
 * suspended, as the search shows them) per lot and locality they serve, counted by capacity, with the number of different providers
 * accepting new people there.
 */
export function marketRows(db: Tx, councilId: string, today: IsoDate): MarketRow[] {
  const rows = db.all<{ lot_id: string; locality_id: string; offers: number; accepting: number; waiting_list: number; full: number; providers_accepting: number }>(sql`
    select o.lot_id, j.value as locality_id, count(*) as offers,
      sum(o.accepting = 'yes') as accepting, sum(o.accepting = 'waiting_list') as waiting_list, sum(o.accepting = 'no') as full,
      count(distinct case when o.accepting = 'yes' then o.organisation_id end) as providers_accepting
    from offers o, json_each(o.locality_ids) j
    where o.council_id = ${councilId} and o.status = 'published'
      and exists (select 1 from application_lots al join provider_applications pa on pa.id = al.application_id
        where al.lot_id = o.lot_id and pa.organisation_id = o.organisation_id and pa.status = 'admitted' and al.outcome = 'admitted'
          and ${frameworkInForce(sql`pa.framework_id`, today)})
    group by o.lot_id, j.value`);
  return rows.map((r) => ({
    lotId: r.lot_id,
    localityId: r.locality_id,
    offers: r.offers,
    accepting: r.accepting,
    waitingList: r.waiting_list,
    full: r.full,
    providersAccepting: r.providers_accepting,
  }));
}

/** Work waiting that lives in other areas' tables: agreements to approve, invoices to approve and people's flags. */
export function waitingCounts(db: Tx, councilId: string) {
  const agreementsRow = db.get<{ n: number; oldest: number | null }>(sql`
    select count(*) as n, min(signed) as oldest from (
      select (select max(s.signed_at) from agreement_signatures s where s.version_id = v.id) as signed
      from agreements a join agreement_versions v on v.agreement_id = a.id
      where a.council_id = ${councilId} and v.status = 'awaiting_approval'
    )`);
  const invoicesRow = db.get<{ n: number; oldest: string | null }>(sql`
    select count(*) as n, min(submitted_on) as oldest from invoices
    where council_id = ${councilId} and status in ('submitted', 'queried')`);
  const flagsRow = db.get<{ n: number; oldest: number | null }>(sql`
    select count(*) as n, min(l.flagged_at) as oldest
    from invoice_lines l join invoices i on i.id = l.invoice_id
    where l.flagged_at is not null and l.flag_resolved_at is null and i.council_id = ${councilId}`);
  return {
    agreements: { count: agreementsRow?.n ?? 0, oldest: agreementsRow?.oldest != null ? new Date(agreementsRow.oldest) : null },
    invoices: { count: invoicesRow?.n ?? 0, oldest: invoicesRow?.oldest ?? null },
    flags: { count: flagsRow?.n ?? 0, oldest: flagsRow?.oldest != null ? new Date(flagsRow.oldest) : null },
  };
}

/** People of the council with a budget today, by locality and SDS option, with their Option 2 money a year. */
export type PeopleTodayRow = { localityId: string | null; option: "option1" | "option2" | "option3" | "option4" | "notChosen"; people: number; option2People: number; option2Yearly: number };

/**
 * The SDS return's counting rules for one day, in SQL (`budget-today.server.ts`): each person with a budget today
 * counts once, under the option of that budget; a weekly Option 2 amount is 52 weeks' worth a year.
 */
export function peopleToday(db: Tx, councilId: string, today: IsoDate): PeopleTodayRow[] {
  const option2 = budgetVersions.option2Pence;
  const rows = db.all<{ locality_id: string | null; option: PeopleTodayRow["option"]; people: number; option2_people: number; option2_yearly: number | null }>(sql`
    select ${people.localityId} as locality_id, ${optionOfBudget} as option, count(*) as people, sum(${option2} > 0) as option2_people,
      sum(case when ${option2} > 0 then (case when ${budgetVersions.period} = 'week' then ${option2} * 52 else ${option2} end) end) as option2_yearly
    from ${people} join ${budgetVersions} on ${budgetOnDay(today)}
    where ${people.councilId} = ${councilId}
    group by locality_id, option`);
  return rows.map((r) => ({ localityId: r.locality_id, option: r.option, people: r.people, option2People: r.option2_people, option2Yearly: r.option2_yearly ?? 0 }));
}

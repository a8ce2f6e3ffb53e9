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
import { CATEGORY, elapsedDays, expectedSpend, FORECAST_SETTLING_DAYS, periodDays, RECENT_SPEND_DAYS, UNDERSPEND_SHARE } from "~/domain/ledger/figures";
import { APPROVED_STATUSES, firstApprovedOn } from "~/domain/agreements/agreements.server";
import { agreementInForceOn } from "~/domain/agreements/in-force";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { openFlagCounts, paidBetween } from "~/domain/invoices/invoices.server";
import { addDays, todayIso, type IsoDate } from "~/lib/dates";
import { runSteps, type Steps } from "~/lib/steps";
import { budgetOnDay, optionOfBudget } from "./budget-today.server";
import { MEDIAN_WINDOW_DAYS, medianOfCounts, type ValueCount } from "./median";


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
  /** Spending to date recorded against each outcome. */
  spentByOutcome: Map<string, number>;
  /** The planned amount per outcome in the agreement version in force. */
  plannedByOutcome: Map<string, number>;
};

type AccountRow = {
  id: string;
  provider_organisation_id: string;
  provider: string;
  lot_id: string | null;
  lot: string | null;
  period_start: string;
  period_end: string;
  window_start: string;
  last_sequence: number | null;
};
type GroupRow = { account_id: string; k: keyof typeof CATEGORY; outcome_id: string | null; recent: 0 | 1; amount: number };

/** One fund's ledger to date in the dashboard's terms: funding, spending (all, recent, by outcome and without one) and unspent funds returned. */
type LedgerTotals = { funding: number; spent: number; recent: number; returned: number; unattributed: number; spentByOutcome: Map<string, number> };

/**
 * Ledger totals already worked out, per database handle and fund. The ledger is append-only (its triggers refuse
 * updates and deletes) and every entry takes the next sequence number of its fund, so a fund's totals to a day
 * change only when its last sequence does: they are kept with the day, that sequence and the start of the fund's
 * recent-spend window, and worked out again when any of them moves. A request therefore reads again only the
 * funds whose ledger moved since the last one; the daily jobs work out every council's (`warmFundTotalsSteps`).
 */
const totalsMemo = new WeakMap<object, Map<string, { councilId: string; key: string; totals: LedgerTotals }>>();
const FUNDS_PER_STEP = 200;

/**
 * The council's open ISF accounts, each with the start of its recent-spend window (the last 8 weeks, or the
 * period so far when shorter, as the ledger's `forecast` takes it) and its last ledger sequence.
 */
function openAccounts(db: Tx, councilId: string, today: IsoDate): AccountRow[] {
  return db.all<AccountRow>(sql`
    select a.id, a.provider_organisation_id, o.name as provider, ag.lot_id, l.name as lot, a.period_start, a.period_end,
      date(max(julianday(${today}) - ${RECENT_SPEND_DAYS - 1}, julianday(a.period_start), julianday(${today}) - julianday(a.period_end) + julianday(a.period_start))) as window_start,
      (select max(x.sequence) from ledger_entries x where x.account_id = a.id) as last_sequence
    from isf_accounts a
    join organisations o on o.id = a.provider_organisation_id
    left join agreements ag on ag.id = a.agreement_id
    left join framework_lots l on l.id = ag.lot_id
    where a.council_id = ${councilId} and a.closed_at is null`);
}

const memoKey = (a: AccountRow, today: IsoDate) => `${today}|${a.last_sequence ?? 0}|${a.window_start}`;

/**
 * The ledger totals to date of some funds, from one grouped query: each entry counts under its kind and outcome,
 * a reversal under those of the entry it reverses; funding is the opening budget, budget variations and
 * contributions; spending is drawdowns, management fees and adjustments.
 */
function readLedgerTotals(db: Tx, accounts: AccountRow[], today: IsoDate): Map<string, LedgerTotals> {
  const totals = new Map<string, LedgerTotals>(
    accounts.map((a) => [a.id, { funding: 0, spent: 0, recent: 0, returned: 0, unattributed: 0, spentByOutcome: new Map() }]),
  );
  if (accounts.length === 0) return totals;
  const rows = db.all<GroupRow>(sql`
    with acc as (
      select json_extract(j.value, '$[0]') as id, json_extract(j.value, '$[1]') as window_start
      from json_each(${JSON.stringify(accounts.map((a) => [a.id, a.window_start]))}) j
    ),
    e as (
      select acc.id as account_id, x.entry_date >= acc.window_start as recent, x.amount,
        case when x.kind = 'reversal' then (select r.kind from ledger_entries r where r.id = x.reverses_entry_id) else x.kind end as k,
        case when x.kind = 'reversal' then (select r.outcome_id from ledger_entries r where r.id = x.reverses_entry_id) else x.outcome_id end as outcome_id
      from acc join ledger_entries x on x.account_id = acc.id
      where x.entry_date <= ${today}
    )
    select account_id, k, outcome_id, recent, sum(amount) as amount from e group by account_id, k, outcome_id, recent`);
  for (const row of rows) {
    const t = totals.get(row.account_id)!;
    const category = CATEGORY[row.k];
    if (category === "council_funding" || category === "contribution") t.funding += row.amount;
    else if (category === "returned") t.returned -= row.amount;
    else {
      t.spent -= row.amount;
      if (row.recent) t.recent -= row.amount;
      if (row.outcome_id === null) t.unattributed -= row.amount;
      else t.spentByOutcome.set(row.outcome_id, (t.spentByOutcome.get(row.outcome_id) ?? 0) - row.amount);
    }
  }
  return totals;
}

/** The ledger totals of the council's open funds, read again only for those whose ledger moved since they were kept. */
function* ledgerTotalsSteps(db: Tx, councilId: string, accounts: AccountRow[], today: IsoDate): Steps<Map<string, LedgerTotals>> {
  // Kept only outside a transaction: one rolled back could have read entries whose sequence numbers are used again.
  const client = "$client" in db && !db.$client.inTransaction ? db.$client : null;
  const memo = (client && totalsMemo.get(client)) || new Map<string, { councilId: string; key: string; totals: LedgerTotals }>();
  if (client) totalsMemo.set(client, memo);
  const open = new Set(accounts.map((a) => a.id));
  for (const [id, kept] of memo) if (kept.councilId === councilId && !open.has(id)) memo.delete(id);
  const stale = accounts.filter((a) => memo.get(a.id)?.key !== memoKey(a, today));
  for (let i = 0; i < stale.length; i += FUNDS_PER_STEP) {
    const chunk = stale.slice(i, i + FUNDS_PER_STEP);
    for (const [id, totals] of readLedgerTotals(db, chunk, today)) {
      memo.set(id, { councilId, key: memoKey(chunk.find((a) => a.id === id)!, today), totals });
    }
    yield;
  }
  return new Map(accounts.map((a) => [a.id, memo.get(a.id)!.totals]));
}

/** Daily: works out the ledger totals of every council's open funds a few funds at a time, so the first dashboard of the day is quick. */
export function* warmFundTotalsSteps(db: Tx, today: IsoDate = todayIso()): Steps<number> {
  let funds = 0;
  for (const { id } of db.all<{ id: string }>(sql`select distinct council_id as id from isf_accounts where closed_at is null`)) {
    const accounts = openAccounts(db, id, today);
    yield* ledgerTotalsSteps(db, id, accounts, today);
    funds += accounts.length;
  }
  return funds;
}

/**
 * The council's open ISF accounts with funding, spend and balance to date, the even-spend plan to date, the
 * forecast flags of the ledger (overspend; underspend of more than a fifth) and the spending per outcome.
 */
export function fundFigures(db: Tx, councilId: string, today: IsoDate): FundFigures[] {
  const accounts = openAccounts(db, councilId, today);
  const totals = runSteps(ledgerTotalsSteps(db, councilId, accounts, today));
  const plans = db.all<{ account_id: string; outcome_id: string | null; planned: number }>(sql`
    select a.id as account_id, json_extract(j.value, '$.outcomeId') as outcome_id, sum(json_extract(j.value, '$.amountPence')) as planned
    from isf_accounts a
    join agreement_versions v on v.agreement_id = a.agreement_id and v.status = 'approved',
    json_each(v.plan) j
    where a.council_id = ${councilId} and a.closed_at is null and json_extract(j.value, '$.amountPence') > 0
    group by a.id, outcome_id`);

  const planned = new Map<string, Map<string, number>>();
  for (const row of plans) {
    if (!row.outcome_id) continue;
    const plan = planned.get(row.account_id) ?? new Map<string, number>();
    plan.set(row.outcome_id, (plan.get(row.outcome_id) ?? 0) + row.planned);
    planned.set(row.account_id, plan);
  }

  return accounts.map((a) => {
    const t = totals.get(a.id)!;
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
      spentByOutcome: t.spentByOutcome,
      plannedByOutcome: planned.get(a.id) ?? new Map(),
    };
  });
}

/** Spending to date of the council's open funds recorded against each outcome (a reversal counts against the outcome of what it reverses). */
export function spendByOutcome(funds: Pick<FundFigures, "spentByOutcome">[]): Map<string, number> {
  const spent = new Map<string, number>();
  for (const fund of funds) for (const [outcomeId, amount] of fund.spentByOutcome) spent.set(outcomeId, (spent.get(outcomeId) ?? 0) + amount);
  return spent;
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

/**
 * The council's agreements in force today (`agreementInForceOn`: active or under notice, approved version covering
 * today), as the agreements list's `in_force` filter shows them: how many and the ISF amounts of those versions.
 */
export function agreementsInForce(db: Tx, councilId: string, today: IsoDate): { count: number; valuePence: number } {
  const row = db.get<{ n: number; value: number | null }>(sql`
    select count(*) as n, sum(v.isf_pence) as value
    from agreements a
    join agreement_versions v on v.agreement_id = a.id and v.status = 'approved'
    where a.council_id = ${councilId} and ${agreementInForceOn(sql`a.id`, today)}`);
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

/**
 * One lot and locality of the market: the council's published offers there that the public can see, by capacity,
 * the different providers with such an offer there, and those of them accepting new people.
 */
export type MarketRow = {
  lotId: string;
  localityId: string;
  offers: number;
  accepting: number;
  waitingList: number;
  full: number;
  providersWithOffer: number;
  providersAccepting: number;
};

/**
 * Published offers visible to the public (their provider admitted to the lot of a framework in force and not
 * suspended, as the search shows them) per lot and locality they serve, counted by capacity, with the number of
 * different providers with an offer there and of those accepting new people there.
 */
export function marketRows(db: Tx, councilId: string, today: IsoDate): MarketRow[] {
  const rows = db.all<{ lot_id: string; locality_id: string; offers: number; accepting: number; waiting_list: number; full: number; providers_with_offer: number; providers_accepting: number }>(sql`
    select o.lot_id, j.value as locality_id, count(*) as offers,
      sum(o.accepting = 'yes') as accepting, sum(o.accepting = 'waiting_list') as waiting_list, sum(o.accepting = 'no') as full,
      count(distinct o.organisation_id) as providers_with_offer,
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
    providersWithOffer: r.providers_with_offer,
    providersAccepting: r.providers_accepting,
  }));
}

/** Work waiting that lives in other areas' tables: agreements to approve, invoices to approve and invoices with lines people flagged. */
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
  return {
    agreements: { count: agreementsRow?.n ?? 0, oldest: agreementsRow?.oldest != null ? new Date(agreementsRow.oldest) : null },
    invoices: { count: invoicesRow?.n ?? 0, oldest: invoicesRow?.oldest ?? null },
    flags: openFlagCounts(db, councilId),
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

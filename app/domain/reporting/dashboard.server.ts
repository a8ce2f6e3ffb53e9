/**
 * The commissioning dashboard: the figures a council's commissioning team decides with, each with the address
 * of the list behind it. Every query is scoped to the actor's council in its `where` clause. People appear
 * only as counts.
 *
 * Figures that wait for other areas, and where they plug in:
 * - work waiting: agreements awaiting approval, invoices awaiting approval and flags raised by people are
 *   further `WaitingItem`s in `workWaiting`;
 * - market picture: published offers per lot, capacity and gaps by locality fill `localityByLot`;
 * - Option 2: active agreements and their value, median days to an approved agreement and to payment, and
 *   outcomes met are further fields of `Dashboard` computed from those areas' tables.
 */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { applicationLots, frameworkLots, frameworks, providerApplications, type ApplicationStatus } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { complianceView } from "~/domain/frameworks/compliance.server";
import { listAccounts } from "~/domain/ledger/queries.server";
import { daysBetween, toIsoDate, type IsoDate } from "~/lib/dates";
import { NotFound } from "~/lib/errors";
import type { CsvCell } from "./csv";
import { OPTION_COLUMN_LABELS, OPTION_KEYS } from "./labels";
import { councilList, option2PerYear, peopleWithBudgets, tallySdsReturn, type CountRow, type OptionCounts } from "./sds-return.server";

export type WaitingItem = { key: string; label: string; count: number; oldestDays: number | null; href: string };
export type LotFigure = { lotId: string; lot: string; framework: string; admitted: number; suspended: number; href: string };
/** One cell of the locality × lot heat table: providers accepting new people in a locality under a lot. */
export type LocalityLotCell = { locality: string; lotId: string; accepting: number };
export type ProviderSpend = {
  organisationId: string;
  provider: string;
  accounts: number;
  funding: number;
  expected: number;
  spent: number;
  balance: number;
  overspend: number;
  underspend: number;
};

export type Dashboard = {
  today: IsoDate;
  waiting: WaitingItem[];
  lots: LotFigure[];
  /** Null until service offers exist: see `localityByLot`. */
  localityByLot: LocalityLotCell[] | null;
  people: { totals: OptionCounts; byLocality: CountRow[] };
  option2: { people: number; yearlyPence: number };
  spend: { byProvider: ProviderSpend[]; accounts: number; overspend: number; underspend: number; funding: number; spent: number };
};

const daysSince = (instant: Date, today: IsoDate) => Math.max(0, daysBetween(toIsoDate(instant), today));

/** Applications waiting for the commissioning team, and evidence expiring, each with the age of the oldest. */
function workWaiting(db: Tx, actor: Actor, councilId: string, today: IsoDate): WaitingItem[] {
  const waitingOn = (status: ApplicationStatus) => {
    const rows = db
      .select({ submittedAt: providerApplications.submittedAt })
      .from(providerApplications)
      .where(and(eq(providerApplications.councilId, councilId), eq(providerApplications.status, status), isNotNull(providerApplications.submittedAt)))
      .all();
    const oldest = rows.map((r) => r.submittedAt!).sort((a, b) => a.getTime() - b.getTime())[0];
    return { count: rows.length, oldestDays: oldest ? daysSince(oldest, today) : null, href: `/commissioning/applications?status=${status}` };
  };
  const evidence = complianceView(db, actor, today).flatMap((p) => p.items);
  const expired = evidence.filter((i) => i.expired);
  const expiring = evidence.filter((i) => !i.expired);
  const oldestExpiry = (items: typeof evidence) => (items.length ? Math.max(...items.map((i) => Math.abs(daysBetween(i.expiresOn, today)))) : null);
  return [
    { key: "submitted", label: "Applications submitted, not yet taken into review", ...waitingOn("submitted") },
    { key: "under_review", label: "Applications under review", ...waitingOn("under_review") },
    { key: "evidence_expired", label: "Evidence expired", count: expired.length, oldestDays: oldestExpiry(expired), href: "/commissioning/compliance" },
    {
      key: "evidence_expiring",
      label: "Evidence expiring in the next 60 days",
      count: expiring.length,
      oldestDays: expiring.length ? Math.min(...expiring.map((i) => i.daysLeft)) : null,
      href: "/commissioning/compliance",
    },
  ];
}

/** Providers admitted to (and suspended from) each lot of the council's frameworks that are not drafts. */
function lotFigures(db: Tx, councilId: string): LotFigure[] {
  const lots = db
    .select({ lotId: frameworkLots.id, lot: frameworkLots.name, framework: frameworks.name })
    .from(frameworkLots)
    .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
    .where(and(eq(frameworks.councilId, councilId), inArray(frameworks.status, ["open", "closed"])))
    .orderBy(asc(frameworks.name), asc(frameworkLots.position))
    .all();
  const standings = db
    .select({ lotId: applicationLots.lotId, status: providerApplications.status })
    .from(applicationLots)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
    .where(and(eq(providerApplications.councilId, councilId), eq(applicationLots.outcome, "admitted"), inArray(providerApplications.status, ["admitted", "suspended"])))
    .all();
  return lots.map((lot) => ({
    ...lot,
    admitted: standings.filter((s) => s.lotId === lot.lotId && s.status === "admitted").length,
    suspended: standings.filter((s) => s.lotId === lot.lotId && s.status === "suspended").length,
    href: `/commissioning/applications?status=admitted&lot=${lot.lotId}`,
  }));
}

/**
 * The locality × lot heat table of providers accepting new people. It needs published service offers (their
 * service areas and capacity), which come with the offers area: until then there is nothing to show.
 */
function localityByLot(_db: Tx, _councilId: string): LocalityLotCell[] | null {
  return null;
}

/** Spend to date against budget of the council's open ISF accounts, by provider, with forecast flags. */
function spendByProvider(db: Tx, councilId: string, today: IsoDate): Dashboard["spend"] {
  const accounts = listAccounts(db, { councilId }, today);
  const providers = new Map<string, ProviderSpend>();
  for (const { account, providerName, figures } of accounts) {
    const row = providers.get(account.providerOrganisationId) ?? {
      organisationId: account.providerOrganisationId,
      provider: providerName,
      accounts: 0,
      funding: 0,
      expected: 0,
      spent: 0,
      balance: 0,
      overspend: 0,
      underspend: 0,
    };
    row.accounts++;
    row.funding += figures.funding;
    row.expected += figures.expectedSpend;
    row.spent += figures.spent;
    row.balance += figures.balance;
    if (figures.flags.includes("forecast_overspend")) row.overspend++;
    if (figures.flags.includes("forecast_underspend")) row.underspend++;
    providers.set(account.providerOrganisationId, row);
  }
  const byProvider = [...providers.values()].sort((a, b) => a.provider.localeCompare(b.provider));
  const sum = (key: "overspend" | "underspend" | "funding" | "spent") => byProvider.reduce((total, p) => total + p[key], 0);
  return { byProvider, accounts: accounts.length, overspend: sum("overspend"), underspend: sum("underspend"), funding: sum("funding"), spent: sum("spent") };
}

export function commissioningDashboard(db: Tx, actor: Actor, today: IsoDate): Dashboard {
  authorise(actor, "reporting.dashboard", { councilId: actor.councilId ?? "" });
  if (!actor.councilId) throw new NotFound();
  const councilId = actor.councilId;
  const current = peopleWithBudgets(db, councilId, { from: today, to: today });
  const report = tallySdsReturn(current, { from: today, to: today }, { localities: councilList(db, councilId, "locality"), careGroups: [] });
  const withOption2 = current.filter((p) => p.option2Pence > 0);
  return {
    today,
    waiting: workWaiting(db, actor, councilId, today),
    lots: lotFigures(db, councilId),
    localityByLot: localityByLot(db, councilId),
    people: { totals: report.totals, byLocality: report.byLocality },
    option2: { people: withOption2.length, yearlyPence: withOption2.reduce((sum, p) => sum + option2PerYear(p), 0) },
    spend: spendByProvider(db, councilId, today),
  };
}

export const DASHBOARD_TABLES = ["waiting", "lots", "people-by-option", "people-by-locality", "spend"] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const pounds = (pence: number) => Math.round(pence) / 100;

/** A table of the dashboard as CSV rows (money in pounds with two decimals). */
export function dashboardCsv(dashboard: Dashboard, table: DashboardTable): { header: string[]; rows: CsvCell[][] } {
  switch (table) {
    case "waiting":
      return { header: ["Work waiting", "Number", "Oldest (days)"], rows: dashboard.waiting.map((w) => [w.label, w.count, w.oldestDays ?? ""]) };
    case "lots":
      return { header: ["Framework", "Lot", "Providers admitted", "Providers suspended"], rows: dashboard.lots.map((l) => [l.framework, l.lot, l.admitted, l.suspended]) };
    case "people-by-option":
      return {
        header: ["SDS option", "People"],
        rows: [...OPTION_KEYS.map((k) => [OPTION_COLUMN_LABELS[k], dashboard.people.totals[k]]), ["Total", dashboard.people.totals.total]],
      };
    case "people-by-locality":
      return {
        header: ["Locality", ...OPTION_KEYS.map((k) => OPTION_COLUMN_LABELS[k]), "Total"],
        rows: dashboard.people.byLocality.map((r) => [r.label, ...OPTION_KEYS.map((k) => r.counts[k]), r.counts.total]),
      };
    case "spend":
      return {
        header: ["Provider", "Accounts", "Budget (£)", "Planned spend to date (£)", "Spent to date (£)", "Balance (£)", "Forecast overspend", "Forecast underspend"],
        rows: dashboard.spend.byProvider.map((p) => [p.provider, p.accounts, pounds(p.funding), pounds(p.expected), pounds(p.spent), pounds(p.balance), p.overspend, p.underspend]),
      };
  }
}

import { describe, expect, it } from "vitest";
import type { LedgerEntryKind } from "@db/schema/ledger";
import {
  accountFigures,
  balanceSentence,
  expectedSpend,
  forecast,
  fundsBySource,
  spendPerOutcome,
  spendSeries,
  surplus,
  surplusRunDays,
  surplusSentence,
  totals,
  type AccountTerms,
  type EntryFact,
} from "./figures";

// A year of 365 days with £18,250.00 of funding: exactly £50.00 (5,000p) a day, £1,400.00 (140,000p) every 4 weeks.
const YEAR: AccountTerms = {
  periodStart: "2026-04-01",
  periodEnd: "2027-03-31",
  contingencyAllowed: 0,
  surplusWeeksWorth: 4,
  surplusHeldForWeeks: 12,
  contributionFirst: false,
  closed: false,
};

let n = 0;
function entry(kind: LedgerEntryKind, amount: number, entryDate: string, extra: Partial<EntryFact> = {}): EntryFact {
  n++;
  return { id: `e${n}`, kind, amount, entryDate, outcomeId: null, reversesEntryId: null, ...extra };
}
const opening = () => entry("opening_budget", 1_825_000, "2026-04-01");

describe("totals", () => {
  const wrong = entry("drawdown", -98_000, "2026-05-26", { outcomeId: "B" });
  const entries = [
    opening(),
    entry("contribution_received", 50_000, "2026-04-15"),
    entry("drawdown", -112_000, "2026-04-28", { outcomeId: "A" }),
    entry("management_fee", -5_000, "2026-04-28"),
    wrong,
    entry("reversal", 98_000, "2026-05-30", { reversesEntryId: wrong.id, outcomeId: "B" }),
    entry("drawdown", -89_600, "2026-05-30", { outcomeId: "B" }),
    entry("adjustment", 1_250, "2026-06-02", { outcomeId: "A" }),
  ];

  it("adds funding and spending, counting a reversal with what it reverses and a positive adjustment as a refund", () => {
    expect(totals(entries)).toEqual({
      councilFunding: 1_825_000,
      contributions: 50_000,
      funding: 1_875_000,
      spent: 205_350, // 112,000 + 5,000 + 98,000 − 98,000 + 89,600 − 1,250
      returned: 0,
      balance: 1_669_650,
    });
  });

  it("counts only entries dated on or before a date", () => {
    expect(totals(entries, "2026-05-26")).toMatchObject({ spent: 215_000, balance: 1_660_000 });
  });

  it("gives spend per outcome in the plan's order, then unplanned outcomes and spending without one", () => {
    const plan = [
      { outcomeId: "A", planned: 900_000 },
      { outcomeId: "B", planned: 600_000 },
      { outcomeId: "C", planned: 300_000 },
    ];
    expect(spendPerOutcome(entries, plan)).toEqual([
      { outcomeId: "A", planned: 900_000, spent: 110_750 },
      { outcomeId: "B", planned: 600_000, spent: 89_600 },
      { outcomeId: "C", planned: 300_000, spent: 0 },
      { outcomeId: null, planned: null, spent: 5_000 },
    ]);
  });

  it("spends the person's contribution first only when the rule says so", () => {
    const t = totals(entries);
    expect(fundsBySource(t, true)).toEqual({ contributionSpent: 50_000, councilSpent: 155_350, contributionLeft: 0, councilLeft: 1_669_650 });
    expect(fundsBySource(t, false)).toEqual({ contributionSpent: 0, councilSpent: 205_350, contributionLeft: 50_000, councilLeft: 1_619_650 });
  });

  it("uses the contribution after the council's money, and puts an overspend on the council", () => {
    const t = { councilFunding: 100_000, contributions: 20_000, funding: 120_000, spent: 130_000, returned: 0, balance: -10_000 };
    expect(fundsBySource(t, false)).toEqual({ contributionSpent: 20_000, councilSpent: 110_000, contributionLeft: 0, councilLeft: -10_000 });
  });
});

describe("expected spend on a straight line", () => {
  it("is a day's share of the funding for each day gone, including today", () => {
    expect(expectedSpend(YEAR, 1_825_000, "2026-04-10")).toBe(50_000);
    expect(expectedSpend(YEAR, 1_825_000, "2026-03-31")).toBe(0);
    expect(expectedSpend(YEAR, 1_825_000, "2027-06-01")).toBe(1_825_000);
  });

  it("rounds to the nearest penny", () => {
    expect(expectedSpend(YEAR, 1_000_000, "2026-04-01")).toBe(2_740); // 1,000,000 / 365 = 2,739.73
  });
});

describe("forecast at period end", () => {
  const threeInvoices = () => [
    opening(),
    entry("drawdown", -140_000, "2026-04-28"),
    entry("drawdown", -140_000, "2026-05-26"),
    entry("drawdown", -140_000, "2026-06-23"),
  ];

  it("projects the last 8 weeks' spending over the days left", () => {
    // 30 June is day 91; the window 6 May–30 June holds two invoices (280,000); 274 days left:
    // 420,000 + 280,000 × 274 / 56 = 420,000 + 1,370,000.
    expect(forecast(YEAR, threeInvoices(), "2026-06-30")).toEqual({ recentSpend: 280_000, recentDays: 56, forecastSpend: 1_790_000, forecastVariance: -35_000 });
  });

  it("uses the period so far when it is shorter than 8 weeks", () => {
    // Day 28: 140,000 in 28 days, 337 days left: 140,000 + 140,000 × 337 / 28 = 1,825,000.
    const entries = [opening(), entry("drawdown", -140_000, "2026-04-28")];
    expect(forecast(YEAR, entries, "2026-04-28")).toEqual({ recentSpend: 140_000, recentDays: 28, forecastSpend: 1_825_000, forecastVariance: 0 });
  });

  it("flags an overspend", () => {
    // Window spend 380,000: 520,000 + 380,000 × 274 / 56 (1,859,285.71) = 2,379,286.
    const entries = [...threeInvoices(), entry("drawdown", -100_000, "2026-06-30")];
    const figures = accountFigures(YEAR, entries, "2026-06-30");
    expect(figures.forecast.forecastSpend).toBe(2_379_286);
    expect(figures.flags).toEqual(["forecast_overspend"]);
  });

  it("does not flag an underspend of 20% or less", () => {
    expect(accountFigures(YEAR, threeInvoices(), "2026-06-30").flags).toEqual([]);
  });

  it("flags an underspend above 20% and no drawdown for 8 weeks", () => {
    const entries = [opening(), entry("drawdown", -140_000, "2026-04-28")];
    const figures = accountFigures(YEAR, entries, "2026-06-30");
    expect(figures.forecast.forecastSpend).toBe(140_000);
    expect(figures.lastDrawdownDate).toBe("2026-04-28");
    expect(figures.flags).toEqual(["forecast_underspend", "no_recent_drawdown"]);
  });

  it("waits for the first 8 weeks before flagging a forecast or a quiet fund", () => {
    expect(accountFigures(YEAR, [opening()], "2026-05-25").flags).toEqual([]);
    // 26 May is day 56: the forecast counts; 27 May is 56 days after the start with no drawdown.
    expect(accountFigures(YEAR, [opening()], "2026-05-26").flags).toEqual(["forecast_underspend"]);
    expect(accountFigures(YEAR, [opening()], "2026-05-27").flags).toEqual(["forecast_underspend", "no_recent_drawdown"]);
  });

  it("flags nothing on a closed account", () => {
    expect(accountFigures({ ...YEAR, closed: true }, [opening()], "2026-09-01").flags).toEqual([]);
  });
});

describe("surplus rule", () => {
  // One invoice of 140,000 on day 28. Four weeks' worth is 140,000, so from day 57 (27 May) the fund is more
  // than four weeks' worth ahead of plan: expected 5,000 × day − 140,000 > 140,000.
  const entries = [opening(), entry("drawdown", -140_000, "2026-04-28")];

  it("counts the days the balance has been ahead of plan by more than the rule", () => {
    expect(surplusRunDays(YEAR, entries, "2026-05-26")).toBe(0);
    expect(surplusRunDays(YEAR, entries, "2026-05-27")).toBe(1);
    expect(surplusRunDays(YEAR, entries, "2026-06-30")).toBe(35);
  });

  it("flags a surplus held for more than 12 weeks (84 days), not for exactly 12", () => {
    expect(accountFigures(YEAR, entries, "2026-08-18").surplusRunDays).toBe(84);
    expect(accountFigures(YEAR, entries, "2026-08-18").flags).not.toContain("surplus_held");
    expect(accountFigures(YEAR, entries, "2026-08-19").flags).toContain("surplus_held");
  });

  it("starts counting again once spending catches up", () => {
    const caughtUp = [...entries, entry("drawdown", -400_000, "2026-07-01")];
    // 1 July, day 92: expected 460,000, spent 540,000: behind no longer.
    expect(surplusRunDays(YEAR, caughtUp, "2026-07-01")).toBe(0);
  });

  it("measures the money banked against plan, what the rule allows and the part beyond it", () => {
    // 26 May, day 56: expected 280,000, spent 140,000: 140,000 banked, exactly the 4 weeks' worth allowed.
    expect(surplus(YEAR, entries, "2026-05-26")).toEqual({ banked: 140_000, allowed: 140_000, beyond: 0 });
    // 23 June, day 84: expected 420,000: 280,000 banked, 140,000 of it beyond the rule.
    expect(surplus(YEAR, entries, "2026-06-23")).toEqual({ banked: 280_000, allowed: 140_000, beyond: 140_000 });
    expect(accountFigures(YEAR, entries, "2026-06-23").surplus.beyond).toBe(140_000);
    // Spending ahead of plan banks nothing; before the period starts nothing is banked.
    expect(surplus(YEAR, [...entries, entry("drawdown", -400_000, "2026-07-01")], "2026-07-01")).toEqual({ banked: 0, allowed: 140_000, beyond: 0 });
    expect(surplus(YEAR, entries, "2026-03-10")).toEqual({ banked: 0, allowed: 140_000, beyond: 0 });
    // Once the period is over, what is banked is measured on its last day: all that was not spent.
    expect(surplus(YEAR, entries, "2027-05-01")).toEqual({ banked: 1_685_000, allowed: 140_000, beyond: 1_545_000 });
  });

  it("counts a surplus day exactly when a penny is banked beyond the rule", () => {
    // 100 days with £1,000.03: 4 weeks' worth is 28,000.84p, so 28,000p may be banked and 28,001p is beyond the rule.
    // On 30 April, day 30, 30,001p was expected to be spent.
    const terms: AccountTerms = { ...YEAR, periodEnd: "2026-07-09" };
    const spending = (pence: number) => [entry("opening_budget", 100_003, "2026-04-01"), entry("drawdown", -pence, "2026-04-30")];
    expect(surplus(terms, spending(2_001), "2026-04-30")).toEqual({ banked: 28_000, allowed: 28_000, beyond: 0 });
    expect(surplusRunDays(terms, spending(2_001), "2026-04-30")).toBe(0);
    expect(surplus(terms, spending(2_000), "2026-04-30")).toEqual({ banked: 28_001, allowed: 28_000, beyond: 1 });
    expect(surplusRunDays(terms, spending(2_000), "2026-04-30")).toBeGreaterThan(0);
  });

  it("says in words how much is banked and how it stands against the rule", () => {
    expect(surplusSentence(YEAR, accountFigures(YEAR, entries, "2026-05-26"))).toBe(
      "£1,400.00 of the fund is unspent beyond what the plan expected by now. The agreement allows up to £1,400.00 (4 weeks' worth of the fund) to build up.",
    );
    expect(surplusSentence(YEAR, accountFigures(YEAR, entries, "2026-06-23"))).toBe(
      "£2,800.00 of the fund is unspent beyond what the plan expected by now: £1,400.00 more than the £1,400.00 (4 weeks' worth of the fund) the agreement allows to build up, for 28 days so far. If it stays over for more than 12 weeks, the council reviews the arrangement.",
    );
    expect(surplusSentence(YEAR, accountFigures(YEAR, [...entries, entry("drawdown", -400_000, "2026-07-01")], "2026-07-01"))).toBe(
      "None: spending is on plan or ahead of it.",
    );
  });
});

describe("figures shown to people", () => {
  it("says how much is left of the year's budget", () => {
    expect(balanceSentence(YEAR, { balance: 621_450, funding: 1_800_000 })).toBe("£6,214.50 left of £18,000 for this year");
  });

  it("names the dates of a period that is not a year", () => {
    expect(balanceSentence({ periodStart: "2026-04-01", periodEnd: "2026-09-30" }, { balance: 621_450, funding: 1_800_000 })).toBe(
      "£6,214.50 left of £18,000 for 1 April 2026 to 30 September 2026",
    );
  });

  it("says by how much an account is overdrawn into its contingency", () => {
    expect(balanceSentence(YEAR, { balance: -12_050, funding: 1_800_000 })).toBe("£120.50 over the £18,000 budget for this year");
  });

  it("shows a fund approved before it starts with all of its budget, planned to be spent, and no flags", () => {
    const figures = accountFigures(YEAR, [opening()], "2026-03-10");
    expect(figures).toMatchObject({ funding: 1_825_000, balance: 1_825_000, spent: 0, available: 1_825_000, expectedSpend: 0, flags: [] });
    expect(figures.forecast).toMatchObject({ forecastSpend: 1_825_000, forecastVariance: 0 });
    expect(balanceSentence(YEAR, figures)).toBe("£18,250 left of £18,250 for this year");
    expect(spendSeries(YEAR, [opening()], "2026-03-10").at(-1)).toEqual({ kind: "end", date: "2027-03-31", planned: 1_825_000, actual: null });
  });

  it("gives available money net of what submitted invoices have committed", () => {
    const figures = accountFigures(YEAR, [opening(), entry("drawdown", -140_000, "2026-04-28")], "2026-05-01", 60_000);
    expect(figures).toMatchObject({ balance: 1_685_000, committed: 60_000, available: 1_625_000, expectedSpend: 155_000 });
    expect(figures.bySource).toEqual({ contributionSpent: 0, councilSpent: 140_000, contributionLeft: 0, councilLeft: 1_685_000 });
  });

  it("plots planned and actual spend at each 4 weeks, today and the end of the period", () => {
    const entries = [opening(), entry("drawdown", -140_000, "2026-04-28"), entry("drawdown", -140_000, "2026-05-26")];
    const series = spendSeries(YEAR, entries, "2026-06-10");
    expect(series).toHaveLength(16);
    expect(series.slice(0, 5)).toEqual([
      { kind: "start", date: "2026-04-01", planned: 0, actual: 0 },
      { kind: "four_weeks", date: "2026-04-28", planned: 140_000, actual: 140_000 },
      { kind: "four_weeks", date: "2026-05-26", planned: 280_000, actual: 280_000 },
      { kind: "today", date: "2026-06-10", planned: 355_000, actual: 280_000 },
      { kind: "four_weeks", date: "2026-06-23", planned: 420_000, actual: null },
    ]);
    expect(series.at(-2)).toEqual({ kind: "four_weeks", date: "2027-03-30", planned: 1_820_000, actual: null });
    expect(series.at(-1)).toEqual({ kind: "end", date: "2027-03-31", planned: 1_825_000, actual: null });
  });
});

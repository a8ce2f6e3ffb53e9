import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { spendSeries, type EntryFact } from "~/domain/ledger/figures";
import { describeSpend, SpendChart } from "./spend-chart";

const terms = {
  periodStart: "2026-04-01",
  periodEnd: "2027-03-31",
  contingencyAllowed: 0,
  surplusWeeksWorth: 4,
  surplusHeldForWeeks: 12,
  contributionFirst: false,
  closed: false,
};
const entries: EntryFact[] = [
  { id: "1", kind: "opening_budget", amount: 1_825_000, entryDate: "2026-04-01", outcomeId: null, reversesEntryId: null },
  { id: "2", kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", outcomeId: null, reversesEntryId: null },
  { id: "3", kind: "drawdown", amount: -120_000, entryDate: "2026-05-26", outcomeId: null, reversesEntryId: null },
];

describe("the spend chart", () => {
  const series = spendSeries(terms, entries, "2026-06-10");
  const html = renderToStaticMarkup(<SpendChart series={series} budget={1_825_000} />);

  it("is an image with a title and a description that says how spending compares with the plan", () => {
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)-title \1-desc"/);
    expect(html).toContain("<title");
    expect(html).toContain(">Spending against plan</title>");
    expect(describeSpend(series, 1_825_000)).toBe(
      "The plan spends £18,250 evenly by 31 March 2027. By 10 June 2026, £2,600 had been spent against £3,550 planned: £950 behind plan.",
    );
    expect(html).toContain(`${describeSpend(series, 1_825_000)}</desc>`);
  });

  it("has a table beside it with the same figures", () => {
    expect(html).toContain("<caption class=\"ds_table__caption\">Spending against plan, in figures</caption>");
    expect(html).toMatch(/By 28 April 2026<\/td><td class="ds_table__cell--numeric">£1,400<\/td><td class="ds_table__cell--numeric">£1,400/);
    expect(html).toMatch(/Today, 10 June 2026<\/td><td class="ds_table__cell--numeric">£3,550<\/td><td class="ds_table__cell--numeric">£2,600/);
    expect(html).toMatch(/By 31 March 2027<\/td><td class="ds_table__cell--numeric">£18,250<\/td><td class="ds_table__cell--numeric">Not yet/);
  });

  it("uses no inline styles, which the content security policy forbids", () => {
    expect(html).not.toMatch(/\sstyle=/);
  });

  it("says so when nothing has been spent", () => {
    expect(describeSpend(spendSeries(terms, entries.slice(0, 1), "2026-04-01"), 1_825_000)).toBe("The plan spends £18,250 evenly by 31 March 2027. Nothing has been spent yet.");
  });
});

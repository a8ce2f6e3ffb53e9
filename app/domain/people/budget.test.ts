import { describe, expect, it } from "vitest";
import { option2For, overdrawn, type Option2Terms } from "./budget";

const yearly: Option2Terms = { option2Pence: 3_650_000, period: "year", startsOn: "2026-04-01", endsOn: "2027-03-31" };

describe("the Option 2 amount for some days", () => {
  it("is a whole budget year's amount for a whole budget year, even one with 29 February", () => {
    expect(option2For(yearly, "2026-04-01", "2027-03-31")).toBe(3_650_000);
    expect(option2For({ ...yearly, startsOn: "2027-04-01", endsOn: null }, "2027-04-01", "2028-03-31")).toBe(3_650_000);
    expect(option2For({ ...yearly, startsOn: "2027-04-01", endsOn: null }, "2027-04-01", "2029-03-31")).toBe(7_300_000);
  });

  it("pro-rates a yearly amount by the day of the budget year, and a weekly amount by the seventh", () => {
    expect(option2For(yearly, "2027-01-04", "2027-03-31")).toBe(870_000);
    expect(option2For({ option2Pence: 70_000, period: "week", startsOn: "2026-04-01", endsOn: null }, "2026-05-01", "2026-05-10")).toBe(100_000);
  });
});

describe("draws on a budget", () => {
  const draw = (key: string, start: string, end: string, pence: number) => ({ key, start, end, pence });

  it("cannot each take a whole year's amount within one year", () => {
    expect(overdrawn(yearly, [draw("a", "2026-04-01", "2026-09-30", 3_650_000)])).toMatchObject({ start: "2026-04-01", end: "2026-09-30", drawnPence: 3_650_000, limitPence: 1_830_000 });
    expect(overdrawn(yearly, [draw("a", "2026-04-01", "2027-03-31", 3_650_000), draw("b", "2026-04-01", "2027-03-31", 3_650_000)])).toMatchObject({ drawnPence: 7_300_000, limitPence: 3_650_000 });
  });

  it("fit when each takes its days' share", () => {
    expect(overdrawn(yearly, [draw("a", "2026-04-01", "2026-09-30", 1_830_000), draw("b", "2026-10-01", "2027-03-31", 1_820_000)])).toBeNull();
    // A change waiting for approval draws under the same key as the version in force: the larger counts, not both.
    expect(overdrawn(yearly, [draw("a", "2026-04-01", "2027-03-31", 3_000_000), draw("a", "2026-04-01", "2027-03-31", 3_650_000)])).toBeNull();
  });

  it("judge a short agreement by its own days, so a long one cannot crowd them", () => {
    // Half the year's amount over the year, and a quarter's full amount in one quarter: over in that quarter only.
    const over = overdrawn(yearly, [draw("a", "2026-04-01", "2027-03-31", 1_825_000), draw("b", "2027-01-01", "2027-03-31", 900_000)]);
    expect(over).toMatchObject({ start: "2027-01-01", end: "2027-03-31", keys: ["a", "b"], limitPence: 900_000, drawnPence: 1_350_000 });
  });
});

import { describe, expect, it } from "vitest";
import { councilYearOf, demoDate } from "./demo-year";

describe("the demo story's dates", () => {
  it("are as written in the council year 2026/27 and before it", () => {
    expect(demoDate("2026-04-01", "2026-12-04")).toBe("2026-04-01");
    expect(demoDate("2027-03-31", "2027-03-31")).toBe("2027-03-31");
    expect(demoDate("2026-04-01", "2025-06-01")).toBe("2026-04-01");
  });

  it("move on by whole years in a later council year, keeping the end of February", () => {
    expect(councilYearOf("2027-04-01")).toBe(2027);
    expect(councilYearOf("2028-03-31")).toBe(2027);
    expect(demoDate("2026-04-01", "2027-04-01")).toBe("2027-04-01");
    expect(demoDate("2027-03-31", "2027-05-20")).toBe("2028-03-31");
    expect(demoDate("2027-02-28", "2027-05-20")).toBe("2028-02-28");
    expect(demoDate("2026-12-07", "2029-01-10")).toBe("2028-12-07");
  });
});

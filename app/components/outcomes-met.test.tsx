import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OutcomeTally } from "~/domain/reporting/outcomes-met.server";
import { OutcomesMetTables } from "./outcomes-met";

const tally = (key: string, label: string, met: number, partlyMet: number, notMet: number): OutcomeTally => {
  const assessed = met + partlyMet + notMet;
  return { key, label, assessed, met, partlyMet, notMet, share: { met: met / assessed, partlyMet: partlyMet / assessed, notMet: notMet / assessed } };
};

describe("the outcomes met tables", () => {
  it("shows each provider and lot with counts and percentages, then the total", () => {
    const report = {
      today: "2026-10-01",
      agreements: 2,
      total: tally("all", "All", 2, 1, 0),
      byProvider: [tally("o1", "Riverbank Community Care", 2, 1, 0)],
      byLot: [tally("l1", "Support framework: Care at home", 2, 1, 0)],
    };
    const html = renderToStaticMarkup(<OutcomesMetTables report={report} />);
    expect(html).toContain("Outcomes met by provider, at the latest review of 2 agreements</caption>");
    expect(html).toContain("Outcomes met by lot, at the latest review of each agreement</caption>");
    expect(html).toContain("Riverbank Community Care");
    expect(html).toContain("2 (67%)");
    expect(html).toContain("1 (33%)");
    expect(html).toContain("All providers");
    expect(html).toContain("All lots");
  });

  it("says when nothing has been reviewed yet", () => {
    const empty = { today: "2026-10-01", agreements: 0, total: { ...tally("all", "All", 0, 0, 0), share: { met: 0, partlyMet: 0, notMet: 0 } }, byProvider: [], byLot: [] };
    expect(renderToStaticMarkup(<OutcomesMetTables report={empty} />)).toContain("No outcome reviews have been recorded yet.");
  });
});

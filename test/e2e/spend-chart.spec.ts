import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { SpendChart } from "../../app/components/spend-chart";
import { spendSeries, type EntryFact } from "../../app/domain/ledger/figures";
import { expectAccessible, test } from "./support";

const designSystemCss = readFileSync("node_modules/@scottish-government/design-system/dist/css/design-system.min.css", "utf8");
const appCss = readFileSync("app/styles/app.css", "utf8");

const terms = { periodStart: "2026-04-01", periodEnd: "2027-03-31", contingencyAllowed: 0, surplusWeeksWorth: 4, surplusHeldForWeeks: 12, contributionFirst: false, closed: false };
const entries: EntryFact[] = [
  { id: "1", kind: "opening_budget", amount: 1_825_000, entryDate: "2026-04-01", outcomeId: null, reversesEntryId: null },
  { id: "2", kind: "drawdown", amount: -140_000, entryDate: "2026-04-28", outcomeId: null, reversesEntryId: null },
  { id: "3", kind: "drawdown", amount: -120_000, entryDate: "2026-05-26", outcomeId: null, reversesEntryId: null },
];

// The chart on its own, in the design system's styles, until the account pages that show it exist.
test("the spend chart passes axe", async ({ page }) => {
  const chart = renderToStaticMarkup(createElement(SpendChart, { series: spendSeries(terms, entries, "2026-06-10"), budget: 1_825_000 }));
  await page.setContent(
    `<!doctype html><html lang="en-GB"><head><title>Spend chart</title><style>${designSystemCss}</style><style>${appCss}</style></head>` +
      `<body><main id="main-content" class="ds_layout"><h1>Your fund</h1>${chart}</main></body></html>`,
  );
  await expectAccessible(page);
});

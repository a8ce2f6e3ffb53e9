import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { expectAccessible, signIn, test, visit } from "./support";

/** Fills a three-part date input (a group named by its legend) with a date. */
async function fillDate(page: Page, legend: string, date: Date) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(date.getUTCDate()));
  await group.getByLabel("Month").fill(String(date.getUTCMonth() + 1));
  await group.getByLabel("Year").fill(String(date.getUTCFullYear()));
}

test("a commissioner opens the dashboard, follows a figure to its list and downloads a table as CSV", async ({ page }) => {
  await signIn(page, "commissioner@clydevale.example");
  await page.getByRole("link", { name: "Dashboard" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Commissioning dashboard" })).toBeVisible();
  await visit(page, "/commissioning/dashboard");
  await expect(page.getByRole("img", { name: /People with a budget today, by SDS option/ })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download providers per lot as CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv).toContain('"Framework","Lot","Providers admitted","Providers suspended"');
  // Other journeys admit providers too: the demo data's two at least.
  expect(csv).toMatch(/"Care at home",([2-9]|\d{2,}),\d+\r\n/);

  await page.getByRole("table", { name: "Providers on each lot of your frameworks" }).getByRole("link", { name: "Care at home" }).click();
  await expect(page).toHaveURL(/\/commissioning\/applications\?status=admitted&lot=/);
  await expect(page.getByRole("link", { name: /APP-DEMO01|Riverbank Community Care/ }).first()).toBeVisible();
});

test("the SDS return for a period, on the page and as CSV", async ({ page }) => {
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/reports/sds-return");
  await page.getByRole("group", { name: "First day of the period" }).getByLabel("Day").fill("1");
  await page.getByRole("group", { name: "First day of the period" }).getByLabel("Month").fill("4");
  await page.getByRole("group", { name: "First day of the period" }).getByLabel("Year").fill("2026");
  await page.getByRole("group", { name: "Last day of the period" }).getByLabel("Day").fill("31");
  await page.getByRole("group", { name: "Last day of the period" }).getByLabel("Month").fill("3");
  await page.getByRole("group", { name: "Last day of the period" }).getByLabel("Year").fill("2027");
  await page.getByRole("button", { name: "Show the return" }).click();
  // The demo data's three people, and any that other journeys record.
  await expect(page.getByRole("heading", { name: /^1 April 2026 to 31 March 2027: \d+ people$/ })).toBeVisible();
  await visit(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the return as CSV" }).click();
  expect(readFileSync((await (await download).path())!, "utf8")).toMatch(/"All people","Total",\d+,\d+,\d+,\d+,\d+,\d+\r\n$/);

  await page.getByRole("group", { name: "Last day of the period" }).getByLabel("Year").fill("2025");
  await page.getByRole("button", { name: "Show the return" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toContainText("The last day must be on or after the first day");
  await visit(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
});

test("the public open data page and the OCDS release package", async ({ page, request }) => {
  await visit(page, "/open-data");
  await expect(page.getByRole("link", { name: "Open Government Licence v3.0" })).toBeVisible();
  await expect(page.getByRole("link", { name: "the service directory feed" })).toHaveAttribute("href", "/openreferral/");
  const response = await request.get("/open-data/ocds/releases.json?council=clydevale");
  expect(response.status()).toBe(200);
  expect(response.headers()["access-control-allow-origin"]).toBe("*");
  expect(response.headers()["cross-origin-resource-policy"]).toBe("cross-origin");
  const body = (await response.json()) as { version: string; releases: { ocid: string }[] };
  expect(body.version).toBe("1.1");
  // Other journeys add frameworks of their own: the demo's is one release among them.
  expect(body.releases.map((release) => release.ocid)).toContain("ocds-cc0000-clydevale-CV-SDS-2026");
});

test("a commissioner reads the market, Option 2 and outcome figures, follows agreements awaiting approval to the list and downloads a table", async ({ page }) => {
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/commissioning/dashboard");
  await expect(page.getByRole("table", { name: "Providers accepting new people, by locality and lot" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Option 2 in numbers" })).toBeVisible();
  await expect(page.getByText("Median days to pay an invoice")).toBeVisible();
  await expect(page.getByRole("table", { name: "People, planned and spent money, by outcome" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Spent to date, by outcome/ })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download offers by locality and lot as CSV" }).click();
  expect(readFileSync((await (await download).path())!, "utf8")).toContain('"Locality","Lot","Offers","Accepting new people","Waiting list","Full","Providers with an offer","Providers accepting new people","Gap"');

  // The demo data's reviews of James's agreement with Riverbank: his latest review met two outcomes and partly met one.
  const met = page.getByRole("table", { name: /^Outcomes met by provider/ });
  await expect(met.getByRole("row", { name: /Riverbank Community Care/ })).toBeVisible();
  const outcomesDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download outcomes met by provider as CSV" }).click();
  const outcomesCsv = readFileSync((await (await outcomesDownload).path())!, "utf8");
  expect(outcomesCsv).toContain('"Provider","Outcomes assessed","Met","Met (%)","Partly met","Partly met (%)","Not met","Not met (%)"');
  expect(outcomesCsv).toMatch(/"Riverbank Community Care",\d+,\d+,/);

  const heat = page.getByRole("table", { name: "Providers accepting new people, by locality and lot" });
  await heat.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/offers\?council=clydevale&lot=.+&locality=/);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("table", { name: "Work waiting for the commissioning team" }).getByRole("link", { name: /Agreements signed by all three parties/ }).click();
  await expect(page).toHaveURL(/\/agreements\?status=awaiting_approval_any/);
  await expect(page.getByRole("status")).toContainText(/\d+ agreements?/);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("link", { name: /^\d+ agreements? worth £/ }).click();
  await expect(page).toHaveURL(/\/agreements\?status=in_force/);
  await expect(page.getByLabel("Show", { exact: true })).toHaveValue("in_force");
  await expect(page.getByRole("status")).toContainText(/\d+ agreements? in force today/);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("table", { name: "Work waiting for the commissioning team" }).getByRole("link", { name: /flagged by people/ }).click();
  await expect(page).toHaveURL(/\/council\/invoices\?flagged=1/);
  await expect(page.getByRole("heading", { level: 1, name: "Invoices to approve" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("table", { name: "People, planned and spent money, by outcome" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/people\?outcome=.+&status=open/);
  await expect(page.getByRole("status")).toContainText("in their support plan");
  await expectAccessible(page);
});

test("a commissioner follows the headline figures and the people by option and locality to the lists behind them", async ({ page }) => {
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/commissioning/dashboard");
  const figures = page.getByRole("list", { name: "Key figures" });
  await figures.getByRole("link", { name: /applications? to review/ }).click();
  await expect(page).toHaveURL(/\/commissioning\/applications\?status=to_review/);
  await expect(page.getByLabel("Status")).toHaveValue("to_review");
  // Northfield's application, under review in the demo data, and any other journey's waiting to be reviewed.
  const statuses = await page.getByRole("table", { name: "Applications" }).locator("tbody tr td:last-child").allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((status) => /^(Submitted|Under review)$/.test(status.trim()))).toBe(true);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("table", { name: /People with a budget today, by SDS option/ }).getByRole("link", { name: "Option 2", exact: true }).click();
  await expect(page).toHaveURL(/\/people\?option=option2/);
  await expect(page.getByRole("status")).toContainText(/\d+ (person|people) with a budget today under Option 2/);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await page.getByRole("table", { name: "People with a budget today, by locality and SDS option" }).getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/people\?option=any&locality=/);
  await expect(page.getByRole("status")).toContainText(/with a budget today (in .+|with no locality recorded)/);
  await expectAccessible(page);

  await page.goto("/commissioning/dashboard");
  await figures.getByRole("link", { name: /forecast to overspend/ }).click();
  await expect(page).toHaveURL(/\/funds\?flag=forecast_overspend/);
  await expect(page.getByLabel("Flag")).toHaveValue("forecast_overspend");
  await expectAccessible(page);
});

test("council finance downloads the approved invoices and payments of a period for the ledger", async ({ page }) => {
  await signIn(page, "finance@clydevale.example");
  await visit(page, "/council/invoices");
  await page.getByRole("link", { name: "Exports for the council's ledger" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports for the council's ledger" })).toBeVisible();
  await expectAccessible(page);

  const today = new Date();
  await fillDate(page, "First day of the period", new Date(today.getTime() - 364 * 86_400_000));
  await fillDate(page, "Last day of the period", today);
  await page.getByRole("button", { name: "Show the exports" }).click();
  await expectAccessible(page);

  const approved = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download approved invoices as CSV" }).click();
  const csv = readFileSync((await (await approved).path())!, "utf8");
  expect(csv).toContain('"Invoice number","Type","Credits invoice","Provider","Provider registration","Submitted on","Approved on"');
  // The demo data's invoices from Riverbank to James's fund, by his reference and never his name.
  expect(csv).toMatch(/"INV-\d{6}","Invoice","","Riverbank Community Care",.*\d+\.\d{2},"Approved"/);
  expect(csv).not.toContain("James");

  const payments = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download payments as CSV" }).click();
  expect(readFileSync((await (await payments).path())!, "utf8")).toMatch(/"INV-\d{6}","Riverbank Community Care",.*,"(BACS|Stripe)",.*\d+\.\d{2},"(Paid|Credited)"\r\n/);

  await fillDate(page, "Last day of the period", new Date(today.getTime() - 400 * 86_400_000));
  await page.getByRole("button", { name: "Show the exports" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toContainText("The last day must be on or after the first day");
  await expect(page.getByRole("group", { name: "Last day of the period" }).getByLabel("Year")).toHaveValue(String(new Date(today.getTime() - 400 * 86_400_000).getUTCFullYear()));
  await expectAccessible(page);
});

import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn, visit } from "./support";

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
  expect(body.releases[0]!.ocid).toBe("ocds-cc0000-clydevale-CV-SDS-2026");
});

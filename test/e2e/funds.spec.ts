import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { pdfText } from "../pdf";
import { expectAccessible, expectErrorSummary, signIn, test, visit } from "./support";

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

test("James sees his balance, the chart and his statement, and downloads it as a PDF", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "james@people.example");
  await visit(page, "/dev/outbox?to=james@people.example");
  await expect(page.getByRole("heading", { name: /^Your Individual Service Fund statement for .* is ready$/ })).toBeVisible();
  await visit(page, "/my-support");
  await page.getByRole("link", { name: /Individual Service Fund with Riverbank Community Care/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your Individual Service Fund" })).toBeVisible();
  await expect(page.locator(".ds_lead")).toHaveText(/^£[\d,.]+ left of £18,000 for this year$/);
  await expect(page.getByRole("img", { name: /Spending against plan/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Spending against plan, in figures" })).toBeVisible();
  await expect(page.getByRole("table", { name: "What your money was spent on" })).toContainText("Having things to do");
  const statement = page.getByRole("table", { name: /Statement entries/ });
  await expect(statement).toContainText("Opening budget");
  await expect(statement).toContainText("Reversed");
  await expect(page.getByRole("status").filter({ hasText: /^\d+ entries$/ })).toBeVisible();
  await expectAccessible(page);

  await fillDate(page, "From", "2", "6", "2026");
  await fillDate(page, "To", "1", "6", "2026");
  await page.getByRole("button", { name: "Show entries" }).click();
  await expectErrorSummary(page, "The end date must be the same as or after the start date");

  const opening = (await statement.locator("tbody tr").first().locator("td").first().innerText()).trim();
  const [day, monthName, year] = opening.split(" ");
  const month = String(new Date(`${monthName} 1, 2000`).getMonth() + 1);
  await fillDate(page, "From", day!, month, year!);
  await fillDate(page, "To", day!, month, year!);
  await page.getByRole("button", { name: "Show entries" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 entry" })).toBeVisible();
  await expectAccessible(page);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download the statement for/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^statement-CV-100871-.*\.pdf$/);
  const text = pdfText(readFileSync((await download.path())!));
  expect(text).toContain("Individual Service Fund statement");
  expect(text).toContain("James Whyte");
  expect(text).toContain(opening);

  const easyRead = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download the Easy Read statement/ }).click();
  expect((await easyRead).suggestedFilename()).toMatch(/-easy-read\.pdf$/);
});

test("James opens a payment on his statement and says he did not get the support it was for", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "james@people.example");
  await visit(page, "/my-support");
  await page.getByRole("link", { name: /Individual Service Fund with Riverbank Community Care/ }).click();
  await expect(page.getByText("If you did not get the support a payment was for, open the payment to tell us.")).toBeVisible();
  await expect(page.locator(".ds_summary-list").first()).toContainText("Unspent (banked) money");
  // The second payment: the first is the line a credit note gives back in another journey.
  await page.getByRole("table", { name: /Statement entries/ }).getByRole("link", { name: /^Payment for support:/ }).nth(1).click();
  await expect(page.getByRole("heading", { level: 2, name: "Did you get this support?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "I did not get this support" }).click();
  await expect(page.getByRole("status")).toContainText("We have told the provider and the council");
  await expect(page.getByText("You told us you did not get this support. The provider and the council are looking into it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "I did not get this support" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the provider lists its funds and opens James's; another provider cannot", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/funds");
  const table = page.getByRole("table", { name: /Individual Service Funds/ });
  await expect(table).toContainText("James Whyte");
  await table.getByRole("link", { name: /James Whyte/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Individual Service Fund of James Whyte" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Spending against plan/ })).toBeVisible();
  await expectAccessible(page);
  const address = page.url();
  await page.getByRole("table", { name: /Statement entries/ }).getByRole("link", { name: /^Payment for support:/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Entry \d+: payment for support$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "I did not get this support" })).toHaveCount(0);

  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, "admin@glenburn-support.example");
  await visit(other, "/funds");
  await expect(other.getByText("No funds match.")).toBeVisible();
  expect((await other.goto(address))?.status()).toBe(404);
  await context.close();
});

test("the council filters its funds by provider, locality and flag, and sees who has looked at an account", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/funds");
  await page.getByLabel("Locality").selectOption({ label: "Northfield" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No funds match.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Locality").selectOption({ label: "Riverside" });
  await page.getByLabel("Provider").selectOption({ label: "Riverbank Community Care" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: /Individual Service Funds/ })).toContainText("Riverbank Community Care");
  await page.getByRole("link", { name: /James Whyte/ }).click();
  const views = page.getByRole("table", { name: "Recent views and downloads by council staff" });
  await expect(views).toContainText("Fiona Gallacher");
  await expectAccessible(page);
});

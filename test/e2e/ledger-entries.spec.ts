import { expect, type Page } from "@playwright/test";
import { expectAccessible, expectErrorSummary, signIn, test, tick, visit } from "./support";

test.describe.configure({ timeout: 120_000 });

async function fillToday(page: Page, legend: string) {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

test("council finance records James's contribution and reverses it; the fund shows money invoiced and waiting for approval", async ({ page }) => {
  await signIn(page, "finance@clydevale.example");
  await visit(page, "/funds");
  await expect(page.getByRole("table", { name: /Individual Service Funds/ })).toContainText("Invoiced, waiting for approval");
  await page.getByRole("link", { name: /James Whyte/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Individual Service Fund of James Whyte" })).toBeVisible();
  const summary = page.locator(".ds_summary-list").first();
  await expect(summary).toContainText("Invoiced, waiting for approval");
  await expect(summary).toContainText("Management fee from the fund");
  await expect(page.getByRole("table", { name: "What the money was spent on" }).getByRole("columnheader", { name: "Planned" })).toBeVisible();
  await expectAccessible(page);
  const fundPath = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Record money received, a fee or an adjustment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record money on the fund" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record the entry" }).click();
  await expectErrorSummary(page, "Select what you are recording");

  await tick(page.getByLabel("The person's contribution received"));
  await page.getByLabel("Amount").fill("12.345");
  await fillToday(page, "Date the money moved");
  await page.getByLabel("Reference (optional)").fill("E2E-7781");
  await page.getByRole("button", { name: "Record the entry" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter an amount in pounds and pence");
  await expect(page.getByLabel("Amount")).toHaveValue("12.345");
  await expect(page.getByLabel("Reference (optional)")).toHaveValue("E2E-7781");
  await expect(page.getByLabel("The person's contribution received")).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Amount").fill("75.25");
  await page.getByRole("button", { name: "Record the entry" }).click();

  await expect(page.getByRole("status")).toContainText(/Contribution received of £75\.25 recorded as entry \d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Entry \d+: contribution received$/);
  await expect(page.locator("main")).toContainText("The person's contribution (reference E2E-7781)");
  await expectAccessible(page);
  const entryPath = new URL(page.url()).pathname;

  await visit(page, fundPath);
  await expect(page.locator(".ds_summary-list").first()).toContainText("The person's contribution");
  await expect(page.locator(".ds_summary-list").first()).toContainText("£75.25 received. It is spent before the council's money");
  await page.getByRole("link", { name: "Contribution received: The person's contribution (reference E2E-7781)" }).click();
  await expect(page).toHaveURL(new RegExp(`${entryPath}$`));

  await page.getByRole("link", { name: "Reverse this entry" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Reverse entry \d+$/);
  await expectAccessible(page);
  await fillToday(page, "Date of the reversal");
  await page.getByRole("button", { name: "Reverse the entry" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the reason for the reversal");
  await expectAccessible(page);
  await page.getByLabel("Why is this entry being reversed?").fill("The payment was recorded on the wrong fund");
  await page.getByRole("button", { name: "Reverse the entry" }).click();

  await expect(page.getByRole("status")).toContainText(/Entry reversed: the reversal is entry \d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Entry \d+: reversal$/);
  await expect(page.locator("main")).toContainText("The payment was recorded on the wrong fund");
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Entry \d+: contribution received of / }).click();
  await expect(page.getByText("Reversed", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Entry \d+: reversal of / })).toBeVisible();
  await expect(page.getByRole("link", { name: "Reverse this entry" })).toHaveCount(0);
  await expectAccessible(page);

  await visit(page, `${entryPath}/reverse`);
  await expect(page.locator("main")).toContainText("This entry has already been reversed");
});

test("James sees money invoiced and waiting for approval, and cannot record on his fund", async ({ page }) => {
  await signIn(page, "james@people.example");
  await visit(page, "/my-support");
  await expect(page.getByRole("table", { name: "Individual Service Funds" })).toContainText(/after £[\d,.]+ of invoices waiting for approval/);
  const fund = page.getByRole("link", { name: /Individual Service Fund with Riverbank Community Care/ });
  const fundPath = (await fund.getAttribute("href"))!;
  await fund.click();
  await expect(page.locator(".ds_summary-list").first()).toContainText("Invoiced, waiting for approval");
  await expect(page.getByRole("link", { name: "Record money received, a fee or an adjustment" })).toHaveCount(0);
  await expectAccessible(page);
  const refused = await page.goto(`${fundPath}/entries/new`);
  expect(refused?.status()).toBe(403);
  await expectAccessible(page);
});

import { expect, type Page } from "@playwright/test";
import { expectAccessible, signIn, signOut, test, tick, visit } from "./support";

const RIVERBANK = "admin@riverbank-care.example";
const JAMES = "james@people.example";
const OUTCOMES = ["Living where and as I want", "Seeing people, friendships and relationships", "Having things to do"];

const outcome = (page: Page, name: string) => page.getByRole("group", { name });
const latestReviewHeading = (page: Page) => page.getByRole("region", { name: "Outcome reviews" }).getByRole("heading", { level: 3 }).first();

async function fillDate(page: Page, legend: string, date: Date) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(date.getUTCDate()));
  await group.getByLabel("Month").fill(String(date.getUTCMonth() + 1));
  await group.getByLabel("Year").fill(String(date.getUTCFullYear()));
}

test("a provider records a review of an agreement in force, and the person sees it on their agreement", async ({ page }) => {
  test.setTimeout(300_000);
  const today = new Date();
  const todayText = today.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  await signIn(page, RIVERBANK);
  await visit(page, "/agreements?status=active");
  await page.getByRole("link", { name: /-ISF-/ }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Outcome reviews" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Review on 1 October 2026" })).toBeVisible();
  await expect(page.locator(".ds_summary-list__item", { hasText: "Next review by" })).toContainText("1 April 2027");
  await expectAccessible(page);
  const agreementPath = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Record a review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a review" })).toBeVisible();
  await expectAccessible(page);

  // Nothing chosen, and a date in the future: every problem is listed, and what was typed stays.
  await tick(outcome(page, OUTCOMES[0]!).getByLabel("Met", { exact: true }));
  await page.getByLabel(`Comment on “${OUTCOMES[0]}” (optional)`).fill("Cooking his own tea every day now");
  await fillDate(page, "Date of the review", new Date(today.getTime() + 3 * 86_400_000));
  await page.getByRole("button", { name: "Record the review" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("The date of the review must be today or in the past");
  await expect(summary).toContainText(`Select met, partly met or not met for “${OUTCOMES[1]}”`);
  await expect(summary).toContainText(`Select met, partly met or not met for “${OUTCOMES[2]}”`);
  await expect(summary).not.toContainText(`for “${OUTCOMES[0]}”`);
  await expect(page).toHaveTitle(/^Error: /);
  await expect(outcome(page, OUTCOMES[0]!).getByLabel("Met", { exact: true })).toBeChecked();
  await expect(page.getByLabel(`Comment on “${OUTCOMES[0]}” (optional)`)).toHaveValue("Cooking his own tea every day now");
  await expectAccessible(page);

  await fillDate(page, "Date of the review", today);
  await tick(outcome(page, OUTCOMES[1]!).getByLabel("Partly met", { exact: true }));
  await tick(outcome(page, OUTCOMES[2]!).getByLabel("Not met", { exact: true }));
  await page.getByLabel(`Comment on “${OUTCOMES[2]}” (optional)`).fill("The garden centre has cut his shifts for the winter");
  await page.getByLabel("Summary of the review (optional)").fill("Look for winter volunteering instead.");
  await page.getByRole("button", { name: "Record the review" }).click();
  await expect(page.getByRole("status")).toContainText("The review has been recorded");
  await expect(latestReviewHeading(page)).toHaveText(`Review on ${todayText}`);
  await expect(page.getByRole("link", { name: "Record a review" })).toBeVisible();
  await expectAccessible(page);

  await signOut(page);
  await signIn(page, JAMES);
  await visit(page, agreementPath);
  await expect(latestReviewHeading(page)).toHaveText(`Review on ${todayText}`);
  const latest = page.getByRole("table", { name: `Outcomes at the review on ${todayText}` });
  await expect(latest).toContainText("Cooking his own tea every day now");
  await expect(latest).toContainText("The garden centre has cut his shifts for the winter");
  await expect(latest.getByRole("row", { name: new RegExp(OUTCOMES[2]!) })).toContainText("Not met");
  await expect(page.getByText("Look for winter volunteering instead.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Record a review" })).toHaveCount(0);
  const refused = await page.goto(`${agreementPath}/review`);
  expect(refused?.status()).toBe(403);
});

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { E2E_PASSWORD } from "../../playwright.config";

export { E2E_PASSWORD };

/** Scans the page with axe for WCAG 2.2 AA (and best-practice) problems; fails on any violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Goes to a page and checks it with axe. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectAccessible(page);
}

export async function signIn(page: Page, email: string, password = E2E_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" }).first()).toBeAttached();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator(".ds_site-header__navigation").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "You have signed out" })).toBeVisible();
}

/** The newest link in the outbox that was sent to this address and matches the pattern. */
export async function linkFromOutbox(page: Page, to: string, pattern: RegExp): Promise<string> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(to)}`);
  const text = await page.locator(".app-email-body").first().innerText();
  const match = pattern.exec(text);
  if (!match) throw new Error(`No link matching ${pattern} in the newest email to ${to}`);
  return new URL(match[0]).pathname;
}

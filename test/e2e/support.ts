import axe from "axe-core";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { E2E_PASSWORD } from "../../playwright.config";

export { E2E_PASSWORD };

/**
 * Playwright's test, with every page watched for script errors. A page whose hydration fails (React error
 * 418: the browser drew something other than the server sent) is drawn again from scratch, and whatever the
 * person had typed or ticked is lost, so any such error fails the test.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    await use(page);
    expect(errors, "errors in the pages' scripts").toEqual([]);
  },
});

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

type Violation = { id: string; help: string; nodes: { target: unknown[] }[] };

/**
 * Scans the page with axe for WCAG 2.2 AA (and best-practice) problems; fails on any violation. axe is put into
 * the page once per document and asked for violations only (see docs/decisions/016-browser-test-time.md).
 */
export async function expectAccessible(page: Page): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    // Colours are judged at rest, not half-way through a button's hover or focus transition.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const inPage = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const results = await inPage.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }, AXE_TAGS);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** The page answered a refused form: its error summary names the problem, its title starts "Error: ", and axe is clean. */
export async function expectErrorSummary(page: Page, message: string): Promise<void> {
  await expect(page.getByRole("alert")).toContainText(message);
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
}

/**
 * Ticks a box or chooses a radio button as a person does, by clicking its label (the design system draws the
 * control on the label), once the page is live: a click while the page is still being hydrated can be undone.
 */
export async function tick(control: Locator): Promise<void> {
  await setTicked(control, true);
}

/** Unticks a box by its label, once the page is live. */
export async function untick(control: Locator): Promise<void> {
  await setTicked(control, false);
}

async function setTicked(control: Locator, ticked: boolean): Promise<void> {
  const page = control.page();
  await page.waitForFunction(() => document.documentElement.classList.contains("js-enabled"));
  if ((await control.isChecked()) !== ticked) await page.locator(`label[for="${await control.getAttribute("id")}"]`).click();
  if (ticked) await expect(control).toBeChecked();
  else await expect(control).not.toBeChecked();
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

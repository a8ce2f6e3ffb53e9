import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { E2E_PASSWORD, expectAccessible, linkFromOutbox, signIn, signOut, test, visit } from "./support";

const HOMES: [email: string, label: RegExp][] = [
  ["commissioner@clydevale.example", /Commissioning team, Clydevale Council/],
  ["finance@clydevale.example", /Council finance, Clydevale Council/],
  ["practitioner@clydevale.example", /Practitioner, Clydevale Council/],
  ["admin@riverbank-care.example", /Provider administrator, Riverbank Community Care/],
  ["admin@new-horizons.example", /Provider administrator, New Horizons Support/],
  ["morag@people.example", /Supported person/],
  ["james@people.example", /Supported person/],
  ["aileen@people.example", /Representative/],
  ["practitioner@eastmuir.example", /Practitioner, Eastmuir Council/],
  ["commissioner@eastmuir.example", /Commissioning team, Eastmuir Council/],
];

test.describe("signing in as each demo role", () => {
  for (const [email, label] of HOMES) {
    test(`${email} sees their own home page`, async ({ page }) => {
      await signIn(page, email);
      await expect(page.locator(".ds_page-header__label")).toHaveText(label);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
      await expectAccessible(page);
    });
  }
});

test("the public pages, the sign-in page with its demo accounts, and the error pages", async ({ page }) => {
  await visit(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Choose and direct your support" })).toBeVisible();
  await visit(page, "/login");
  await expect(page.getByRole("table", { name: "Demo accounts" })).toContainText("morag@people.example");
  for (const path of ["/accessibility", "/privacy", "/cookies", "/forgot-password", "/signed-out"]) await visit(page, path);
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
});

test("a failed sign-in shows an error summary that takes focus, keeps the email, and prefixes the title", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter your email address");
  await expect(summary).toContainText("Enter your password");
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expectAccessible(page);

  await page.getByLabel("Email address").fill("finance@clydevale.example");
  await page.getByLabel("Password", { exact: true }).fill("not-the-right-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue("finance@clydevale.example");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await page.getByRole("link", { name: "Enter a correct email address and password" }).click();
  await expect(page.getByLabel("Email address")).toBeFocused();
});

test("sign in, see the account page, and sign out", async ({ page }) => {
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/account");
  await expect(page.getByText("practitioner@clydevale.example")).toBeVisible();
  await signOut(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("reset a forgotten password through the emailed link, then change it back", async ({ page }) => {
  // An account no other browser test signs in as, because this test changes its password for a while.
  const email = "finance@eastmuir.example";
  await visit(page, "/forgot-password");
  await page.getByLabel("What is your email address?").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);

  const link = await linkFromOutbox(page, email, /http:\/\/localhost:\d+\/reset-password\/[a-z0-9]+/);
  await expectAccessible(page);
  await visit(page, link);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Type the new password again").fill("short");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("alert")).toContainText("Password must be 12 characters or more");
  await expectAccessible(page);

  await page.getByLabel("New password", { exact: true }).fill("heather-lighthouse-42");
  await page.getByLabel("Type the new password again").fill("heather-lighthouse-42");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password has been changed. Sign in with your new password.")).toBeVisible();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  await signIn(page, email, "heather-lighthouse-42");
  await visit(page, "/account/password");
  await page.getByLabel("Current password").fill("heather-lighthouse-42");
  await page.getByLabel("New password", { exact: true }).fill(E2E_PASSWORD);
  await page.getByLabel("Type the new password again").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");
  await expectAccessible(page);
});

test("requests from another site are refused, and /healthz answers", async ({ request }) => {
  const refused = await request.post("/logout", { headers: { Origin: "https://evil.example" } });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("did not come from a page of this service, so nothing was changed");
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const headers = (await request.get("/login")).headers();
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("the built service refuses to start on bad configuration, with a message naming the variable", () => {
  const start = (env: Record<string, string>) => spawnSync(process.execPath, ["server.js"], { env: { ...process.env, NODE_ENV: "production", ...env }, encoding: "utf8", timeout: 60_000 });
  const badPort = start({ PORT: "not-a-port" });
  expect(badPort.status).toBe(1);
  expect(badPort.stderr).toContain("PORT:");
  expect(badPort.stderr).not.toMatch(/^\s+at /m);
  const dir = mkdtempSync(join(tmpdir(), "config-"));
  writeFileSync(join(dir, "a-file"), "");
  const badPath = start({ PORT: "3299", DATABASE_PATH: join(dir, "a-file", "app.db") });
  expect(badPath.status).toBe(1);
  expect(badPath.stderr).toContain("DATABASE_PATH: cannot open a database at");
  expect(badPath.stderr).not.toMatch(/^\s+at /m);
});

import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { expectAccessible, expectErrorSummary, signIn, signOut, test, tick, visit } from "./support";

const MORAG = "morag@people.example";
const KIRKMUIR = "admin@kirkmuir-wellbeing.example";
const RIVERBANK = "admin@riverbank-care.example";
const PRACTITIONER = "practitioner@clydevale.example";
const COMMISSIONER = "commissioner@clydevale.example";

async function as(page: Page, email: string) {
  if (await page.getByRole("button", { name: "Sign out" }).first().isVisible().catch(() => false)) await signOut(page);
  await signIn(page, email);
}

/** The provider fills in the plan for the first outcome and issues the agreement for signature. */
async function planAndIssue(page: Page, agreementPath: string, amount: string) {
  await visit(page, `${agreementPath}/draft`);
  await page.locator("#reviewOn").fill("1");
  await page.locator("#reviewOn-month").fill("3");
  await page.locator("#reviewOn-year").fill("2027");
  await page.getByLabel("What support").first().fill("Support worker for outings and activities");
  await page.getByLabel("Roughly how many hours or sessions").first().fill("4 hours a week");
  await page.getByLabel("Cost option", { exact: true }).first().selectOption({ index: 1 });
  await page.getByLabel("Amount set aside for this outcome").first().fill("999999");
  await expect(page.getByText(/The plan is .* more than the ISF amount/)).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("alert")).toContainText("more than the ISF amount");
  await expectAccessible(page);
  await page.getByLabel("Amount set aside for this outcome").first().fill(amount);
  await page.getByRole("button", { name: "Save and check" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check the agreement before it is issued" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Issue for signature" }).click();
  await expect(page.getByRole("status")).toContainText("issued for signature");
  await expectAccessible(page);
}

async function sign(page: Page, agreementPath: string, name: string, { checkRefusal = false } = {}) {
  await visit(page, `${agreementPath}/sign`);
  if (checkRefusal) {
    await page.getByRole("button", { name: "Sign the agreement" }).click();
    await expect(page.getByRole("alert")).toContainText("Tick the box");
    await expectAccessible(page);
  }
  await tick(page.getByLabel("I have read this agreement and I agree to it"));
  await page.getByLabel("Type your full name to sign").fill(name);
  await page.getByRole("button", { name: "Sign the agreement" }).click();
  await expect(page.getByRole("status")).toContainText("You have signed the agreement");
  await expectAccessible(page);
}

/** Downloads the agreement from its page, as a person would, and checks it is the signed PDF. */
async function expectSignedPdf(page: Page, agreementPath: string) {
  await visit(page, agreementPath);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the agreement (PDF), signed and approved" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-ISF-\d{6}-v\d+\.pdf$/);
  expect(readFileSync((await file.path())!).subarray(0, 5).toString()).toBe("%PDF-");
}

test("a person chooses a provider, the provider plans, everyone signs, commissioning approves and all download the signed agreement", async ({ page }) => {
  test.setTimeout(600_000);
  await as(page, MORAG);
  await visit(page, "/agreements");
  await page.getByRole("link", { name: "Choose a provider" }).click();
  await expectAccessible(page);
  await tick(page.getByLabel("Kirkmuir Wellbeing Trust: Community and day support"));
  await page.getByRole("button", { name: "Choose this provider" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan the support" })).toBeVisible();
  await expectAccessible(page);
  const agreementPath = new URL(page.url()).pathname.replace(/\/draft$/, "");

  await as(page, KIRKMUIR);
  await planAndIssue(page, agreementPath, "800");

  await sign(page, agreementPath, "Heather Munro", { checkRefusal: true });
  await as(page, MORAG);
  await visit(page, agreementPath);
  await expect(page.getByRole("link", { name: "Read and sign" })).toBeVisible();
  await sign(page, agreementPath, "Morag Sinclair");
  await as(page, PRACTITIONER);
  await sign(page, agreementPath, "Siobhan Reid");
  await expect(page.getByRole("status")).toContainText("it has gone to the council for approval");

  await as(page, COMMISSIONER);
  await visit(page, "/agreements?status=awaiting_approval_any");
  await page.getByRole("link", { name: /-ISF-/ }).first().waitFor();
  await visit(page, `${agreementPath}/approve`);
  const rates = page.getByRole("table", { name: "Rates against the framework's guide rates" });
  await expect(rates).toContainText("£25.00 per hour");
  await expect(rates).toContainText("Above the guide rate");
  await page.getByRole("button", { name: "Approve the agreement" }).click();
  await expect(page.getByRole("status")).toContainText("The agreement is approved");
  await expect(page.locator(".ds_page-header .ds_tag")).toHaveText("Active");
  await expectAccessible(page);
  await expectSignedPdf(page, agreementPath);

  for (const email of [MORAG, KIRKMUIR, PRACTITIONER]) {
    await as(page, email);
    await expectSignedPdf(page, agreementPath);
  }

  await as(page, RIVERBANK);
  const refused = await page.goto(agreementPath);
  expect(refused?.status()).toBe(404);
});

test("a representative declines to sign with a reason and the agreement goes back to draft", async ({ page }) => {
  test.setTimeout(300_000);
  await as(page, "aileen@people.example");
  await visit(page, "/agreements/new");
  await tick(page.getByLabel("Riverbank Community Care: Community and day support"));
  await page.getByRole("button", { name: "Choose this provider" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan the support" })).toBeVisible();
  const agreementPath = new URL(page.url()).pathname.replace(/\/draft$/, "");

  await as(page, RIVERBANK);
  await planAndIssue(page, agreementPath, "400");

  await as(page, "aileen@people.example");
  await visit(page, `${agreementPath}/sign`);
  await page.getByRole("button", { name: "Decline to sign" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the reason");
  await expectAccessible(page);
  await page.getByLabel("Why are you declining?").fill("Callum's swimming needs to be on Saturdays");
  await page.getByRole("button", { name: "Decline to sign" }).click();
  await expect(page.getByRole("status")).toContainText("You have declined to sign");
  await expect(page.getByRole("table", { name: "Declined and returned versions" })).toContainText("Callum's swimming needs to be on Saturdays");
  await expect(page.locator(".ds_page-header .ds_tag")).toHaveText("Draft");
  await expectAccessible(page);
});

test("a person chooses a provider from an offer's page and plans with the offer's cost options", async ({ page }) => {
  test.setTimeout(300_000);
  await as(page, MORAG);
  await visit(page, "/my-support");
  const agreementsTable = page.getByRole("table", { name: "Agreements with providers" });
  await expect(agreementsTable.getByRole("row", { name: /Glenburn Home Support/ })).toContainText("Waiting for your signature");
  await expect(agreementsTable.getByRole("link", { name: "Read and sign the agreement with Glenburn Home Support" })).toBeVisible();
  await visit(page, "/offers?q=recovery+coaching");
  await page.getByRole("link", { name: "Recovery coaching" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Recovery coaching" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Choose this provider" }).click();
  await expect(page.getByLabel("Kirkmuir Wellbeing Trust: Mental health and wellbeing")).toBeChecked();
  await expect(page.getByRole("radio")).toHaveCount(1);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Choose this provider" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Plan the support" })).toBeVisible();
  await expect(page.locator(".ds_page-header__label")).toContainText("Morag Sinclair and Kirkmuir Wellbeing Trust");
  await expect(page.getByText("Kirkmuir Wellbeing Trust's offer: the rate is the offer's price").first()).toBeVisible();
  await expect(page.getByLabel(/^Rate/)).toHaveCount(0);
  await expectAccessible(page);
  const costOption = page.getByLabel("Cost option", { exact: true }).first();
  await expect(costOption.locator("option")).toHaveText(["Select a cost option", "Recovery coaching (Standard rate): £28.00 per hour, including travel; online sessions available"]);
  await page.getByLabel("Individual Service Fund (ISF) amount").fill("1500");
  await page.getByLabel("What support").first().fill("Weekly recovery coaching at home or online");
  await page.getByLabel("Amount set aside for this outcome").first().fill("1400");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expectErrorSummary(page, "Select the cost option for this support");
  await page.getByLabel("Cost option", { exact: true }).first().selectOption({ index: 1 });
  await page.getByRole("button", { name: "Save and check" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check the agreement before it is issued" })).toBeVisible();
  await expect(page.getByText("Recovery coaching (Standard rate), £28.00 per hour")).toBeVisible();
  await expectAccessible(page);
});

/**
 * Uses the agreement between Morag and Kirkmuir that the first journey approves: no other journey reads it, so
 * asking to end it, deciding that it carries on and starting a change to it disturb nothing else.
 */
test("a person asks to end an agreement for safeguarding and starts a change; commissioning decides it carries on", async ({ page }) => {
  test.setTimeout(120_000);
  await as(page, MORAG);
  await visit(page, "/agreements?status=active");
  await page.getByRole("row", { name: /Kirkmuir Wellbeing Trust/ }).getByRole("link", { name: /-ISF-/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Agreement .*-ISF-/ })).toBeVisible();
  await expectAccessible(page);
  const agreementPath = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Give notice to end this agreement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Give notice to end the agreement" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Give notice" }).click();
  await expectErrorSummary(page, "Enter the reason for ending the agreement");
  await tick(page.getByLabel("Ask the council to end it today, without notice, because someone's safety is at risk"));
  await page.getByLabel("Why is the agreement ending?").fill("A support worker shouted at me on Tuesday");
  await page.getByRole("button", { name: "Give notice" }).click();
  await expect(page.getByRole("status")).toContainText("Your request to end the agreement today has gone to the council's commissioning team");
  await expect(page.getByRole("heading", { level: 2, name: "Request to end this agreement today for safeguarding" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Start a change" }).click();
  await expectErrorSummary(page, "Say what needs to change and why");
  await page.getByLabel("What needs to change, and why").fill("A different support worker, and Saturday mornings instead of Fridays");
  await page.getByRole("button", { name: "Start a change" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan the support" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("A change has been started as a new version");
  await expectAccessible(page);

  await as(page, COMMISSIONER);
  await visit(page, `${agreementPath}/notice`);
  await expect(page.getByLabel("End it today, without notice, because someone's safety is at risk")).toBeAttached();
  await visit(page, agreementPath);
  const request = page.getByRole("region", { name: "Request to end this agreement today for safeguarding" });
  await expect(request).toContainText("A support worker shouted at me on Tuesday");
  await request.getByRole("button", { name: "Decide" }).click();
  await expectErrorSummary(page, "Select whether the agreement ends today");
  await tick(page.getByLabel("No, it carries on"));
  await page.getByLabel("Your reasons").fill("Kirkmuir has moved the worker to other duties while it looks into this; Morag agrees to carry on");
  await page.getByRole("button", { name: "Decide" }).click();
  await expect(page.getByRole("status")).toContainText("The agreement carries on");
  await expect(page.locator(".ds_page-header .ds_tag")).toHaveText("Active");
  await expect(page.getByRole("heading", { level: 2, name: "Change in progress: version 2" })).toBeVisible();
  await expectAccessible(page);
});

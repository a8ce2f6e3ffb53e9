import { expect, type Page } from "@playwright/test";
import { expectAccessible, expectErrorSummary, linkFromOutbox, signIn, signOut, test, tick, visit } from "./support";

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

async function submitAndExpectProblem(page: Page, button: string, message: string) {
  await page.getByRole("button", { name: button }).click();
  await expectErrorSummary(page, message);
}

test("a practitioner records a new person with a budget and outcomes and invites them; the person accepts and sees My support", async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString().slice(-6);
  const email = `eilidh.${stamp}@people.example`;
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/people");
  await page.getByLabel("Search by name or reference number").fill("morag");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table", { name: "People in your council" })).toContainText("Morag Sinclair");
  await expect(page.getByRole("table", { name: "People in your council" })).not.toContainText("James Whyte");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Record a new person" }).click();
  await expectAccessible(page);
  await submitAndExpectProblem(page, "Record the person", "Enter the person's full name");

  await page.getByLabel("Full name").fill("Eilidh Fraser");
  await page.getByLabel("Council reference number").fill(`CV-E${stamp}`);
  await fillDate(page, "Date of birth", "4", "7", "2099");
  await page.getByLabel("Email address").fill(email);
  await tick(page.getByLabel("Email", { exact: true }));
  await tick(page.getByLabel("Easy Read"));
  await page.getByLabel("Care group").selectOption({ label: "Mental health" });
  await submitAndExpectProblem(page, "Record the person", "Date of birth must be today or in the past");
  await expect(page.getByLabel("Full name")).toHaveValue("Eilidh Fraser");
  await expect(page.getByLabel("Easy Read")).toBeChecked();
  await expect(page.getByLabel("Care group").locator("option:checked")).toHaveText("Mental health");
  await fillDate(page, "Date of birth", "4", "7", "1988");
  await page.getByRole("button", { name: "Record the person" }).click();
  await expect(page.getByRole("status")).toContainText("Eilidh Fraser has been recorded");
  await expect(page.getByRole("heading", { level: 1, name: "Eilidh Fraser" })).toBeVisible();
  await expect(page.locator(".ds_summary-list__item", { hasText: "Care group" })).toContainText("Mental health");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Record the assessment" }).click();
  await expectAccessible(page);
  await fillDate(page, "Date of the assessment", "2", "3", "2026");
  await tick(page.getByLabel("Yes, eligible"));
  await page.getByRole("button", { name: "Record the assessment" }).click();
  await expect(page.getByRole("status")).toContainText("The assessment has been recorded");

  await page.getByRole("link", { name: "Record the budget" }).click();
  await expectAccessible(page);
  await page.getByLabel("Individual budget").fill("0");
  await fillDate(page, "Start date", "1", "4", "2026");
  await tick(page.getByLabel("Agreed support package"));
  await submitAndExpectProblem(page, "Save the budget", "Budget must be more than £0");
  await page.getByLabel("Individual budget").fill("12000");
  await page.getByLabel("Assessed contribution from the person (optional)").fill("15000");
  await page.getByLabel("Option 2: the person chooses, someone else holds the money").fill("10000");
  await submitAndExpectProblem(page, "Save the budget", "Contribution must not be more than the budget of £12,000.00");
  await expect(page.getByRole("alert")).toContainText("must add up to the budget of £12,000.00. They add up to £10,000.00");
  await expect(page.getByLabel("Individual budget")).toHaveValue("12000");
  await page.getByLabel("Assessed contribution from the person (optional)").fill("");
  await page.getByLabel("Option 3: the council arranges support").fill("2000");
  await page.getByRole("button", { name: "Save the budget" }).click();
  await expect(page.getByRole("status")).toContainText("Budget version 1 has been recorded");
  await expect(page.locator(".ds_summary-list")).toContainText(["£12,000.00 a year"]);

  await page.getByRole("link", { name: "Add or remove outcomes" }).click();
  await expectAccessible(page);
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Having things to do" });
  await page.getByLabel("In the person's own words").fill("Get back to my pottery class on Mondays");
  await page.getByRole("button", { name: "Add the outcome" }).click();
  await expect(page.getByRole("status")).toContainText("The outcome has been added");
  await expect(page.getByText("Get back to my pottery class on Mondays", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to Eilidh Fraser" }).click();

  await page.getByRole("link", { name: "Invite the person or a representative" }).click();
  await expectAccessible(page);
  await tick(page.getByLabel("Eilidh Fraser"));
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`An invitation has been sent to ${email}`);
  await signOut(page);

  const link = await linkFromOutbox(page, email, /http:\/\/localhost:\d+\/invitation\/[a-z0-9]+/);
  await visit(page, link);
  await page.getByLabel("Choose a password").fill("short");
  await page.getByLabel("Type the password again").fill("short");
  await submitAndExpectProblem(page, "Set up my account", "Password must be 12 characters or more");
  await page.getByLabel("Choose a password").fill("thistle-harbour-lantern");
  await page.getByLabel("Type the password again").fill("thistle-harbour-lantern");
  await page.getByRole("button", { name: "Set up my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My support" })).toBeVisible();
  await expect(page.getByText("£12,000.00 a year").first()).toBeVisible();
  await expect(page.getByText("Under Option 2")).toBeVisible();
  await expect(page.getByText("Get back to my pottery class on Mondays", { exact: true })).toBeVisible();
  await expect(page.getByText("Siobhan Reid")).toBeVisible();
  await expectAccessible(page);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
});

test("a representative sees only the person they act for", async ({ page }) => {
  await signIn(page, "aileen@people.example");
  await page.getByRole("link", { name: "My support" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Support for Callum Baird" })).toBeVisible();
  await expect(page.getByText("Mum gets a break on Friday evenings")).toBeVisible();
  await expect(page.getByText("£9,880.00 a year").first()).toBeVisible();
  await expectAccessible(page);
});

test("nobody outside the person's council or circle learns the record exists", async ({ page }) => {
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/people?q=CV-100234");
  await page.getByRole("link", { name: "Morag Sinclair" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Morag Sinclair" })).toBeVisible();
  await expectAccessible(page);
  const moragPath = new URL(page.url()).pathname;
  await signOut(page);

  for (const email of ["practitioner@eastmuir.example", "aileen@people.example", "admin@riverbank-care.example"]) {
    await signIn(page, email);
    for (const path of [moragPath, `${moragPath}/budget`, `${moragPath}/record.pdf`]) {
      const response = await page.request.get(path);
      expect(response.status(), `${email} ${path}`).toBe(404);
    }
    const response = await page.goto(moragPath);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  }
});

test("a practitioner ends a representative's authority and the representative loses access at once", async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString().slice(-6);
  const email = `fiona.${stamp}@people.example`;
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/people?show=mine");
  await expect(page.getByRole("table", { name: "Your caseload" })).toContainText("James Whyte");
  await page.getByRole("link", { name: "James Whyte" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "James Whyte" })).toBeVisible();
  const jamesPath = new URL(page.url()).pathname;
  const jamesId = jamesPath.split("/").at(-1)!;

  await page.getByRole("link", { name: "Change the practitioner" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who is James Whyte's practitioner?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save the practitioner" }).click();
  await expect(page.getByRole("alert")).toContainText("Siobhan Reid is already James Whyte's practitioner");
  await expectAccessible(page);

  await visit(page, `${jamesPath}/close`);
  await expect(page.getByText("James Whyte's record cannot be closed while an agreement is in force")).toBeVisible();
  await expect(page.getByRole("button", { name: "Close the record" })).toHaveCount(0);

  await visit(page, `${jamesPath}/representatives/new`);
  await page.getByLabel("Representative's full name").fill(`Fiona Whyte ${stamp}`);
  await tick(page.getByLabel("Family member"));
  await page.getByLabel("Legal authority or basis").fill("Chosen by James");
  await tick(page.getByLabel("View only"));
  await fillDate(page, "Start date", "1", "1", "2026");
  await page.getByRole("button", { name: "Record the representative" }).click();
  await expect(page.getByRole("status")).toContainText(`Fiona Whyte ${stamp} has been recorded as a representative`);
  await page.getByRole("link", { name: "Invite the person or a representative" }).click();
  await page.getByRole("link", { name: `Record an email address for Fiona Whyte ${stamp} (representative)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Change Fiona Whyte ${stamp}` })).toBeVisible();
  await expect(page.getByLabel("Legal authority or basis")).toHaveValue("Chosen by James");
  await page.getByLabel("Email address (optional)").fill(email);
  await page.getByLabel("Relationship to the person (optional)").fill("Sister");
  await page.getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the reason for the change");
  await expect(page.getByLabel("Email address (optional)")).toHaveValue(email);
  await expectAccessible(page);
  await page.getByLabel("Reason for the change").fill("James gave us Fiona's email address");
  await page.getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByRole("status")).toContainText(`The change to Fiona Whyte ${stamp} has been recorded`);
  await expect(page.getByRole("table", { name: "Representatives" })).toContainText(`Fiona Whyte ${stamp} (Sister)`);
  await page.getByRole("link", { name: "Invite the person or a representative" }).click();
  await tick(page.getByLabel(`Fiona Whyte ${stamp} (representative)`));
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`An invitation has been sent to ${email}`);
  await signOut(page);

  const link = await linkFromOutbox(page, email, /http:\/\/localhost:\d+\/invitation\/[a-z0-9]+/);
  await visit(page, link);
  await page.getByLabel("Choose a password").fill("heather-lochside-beacon");
  await page.getByLabel("Type the password again").fill("heather-lochside-beacon");
  await page.getByRole("button", { name: "Set up my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support for James Whyte" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Agreements with providers" })).toContainText("Active");
  await expect(page.getByRole("table", { name: "Individual Service Funds" })).toContainText(/left of £18,000 for this year/);
  await expectAccessible(page);

  // She may only view James's support, and browses it with his budget and outcomes in view.
  await page.getByRole("link", { name: "Find support" }).first().click();
  const inView = page.locator(".ds_inset-text", { has: page.getByRole("heading", { name: "James Whyte's budget" }) });
  await expect(inView).toContainText("£22,100.00 a year");
  await expect(inView).toContainText("Option 3: the council arranges support: £4,100.00 a year");
  await expect(inView).not.toContainText("Not yet used by agreements");
  await inView.getByText("James Whyte's outcomes (3)").click();
  await expect(inView.getByText("Keep my job at the garden centre on Tuesdays and Thursdays")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Fits my budget: most I can pay").fill("40");
  await tick(page.getByLabel("Per session"));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Offers with a price of £40.00 or less per session. Offers priced only another way are not shown.")).toBeVisible();
  await page.getByRole("link", { name: "Green gym and gardening" }).click();
  await expect(page.locator(".ds_summary-list__item", { hasText: "Guide rate" })).toContainText("£19.80 to £23.00 per hour");
  await expectAccessible(page);
  await page.getByRole("link", { name: "See the guide rate of every lot on the framework page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Self-directed Support Provider Framework 2026–2030" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Provider frameworks" })).toBeVisible();
  await signOut(page);

  await signIn(page, "practitioner@clydevale.example");
  await visit(page, jamesPath);
  await page.getByRole("link", { name: `Change Fiona Whyte ${stamp}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Change Fiona Whyte ${stamp}` })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the reason for the change");
  await expectAccessible(page);
  await page.getByRole("link", { name: `End Fiona Whyte ${stamp}'s authority today` }).click();
  await expectAccessible(page);
  await page.getByLabel(`Why does Fiona Whyte ${stamp} no longer act for James Whyte?`).fill("James asked for this");
  await page.getByRole("button", { name: "End their authority today" }).click();
  await expect(page.getByRole("status")).toContainText(`Fiona Whyte ${stamp} no longer acts for the person`);
  await expect(page.getByRole("table", { name: "Representatives" })).toContainText("Not active");
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, email, "heather-lochside-beacon");
  const response = await page.goto(`/my-support/${jamesId}`);
  expect(response?.status()).toBe(404);
  await expectAccessible(page);
});

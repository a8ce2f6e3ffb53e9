import { expect, type Page } from "@playwright/test";
import { E2E_PASSWORD, expectAccessible, linkFromOutbox, signIn, signOut, test, tick, untick, visit } from "./support";

const PROVIDER_EMAIL = "morven@thistle-support.example";
const PROVIDER = "Thistle Support Services";
const NEXT_YEAR = String(new Date().getFullYear() + 1);
// Long journeys through several accounts, each page scanned with axe.
test.describe.configure({ timeout: 480_000 });

const PDF = { name: "certificate.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\nA test certificate\n%%EOF\n") };

async function openTask(page: Page, title: string) {
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await expectAccessible(page);
}

async function saveAndBack(page: Page) {
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("status")).toContainText("saved");
}

async function answerQuestion(page: Page, title: string, answer: string) {
  await openTask(page, title);
  await page.getByLabel("Your answer").fill(answer);
  await saveAndBack(page);
}

async function uploadEvidence(page: Page, title: string, expires: boolean) {
  await openTask(page, title);
  await page.getByLabel("Upload a file").setInputFiles(PDF);
  if (expires) {
    await page.getByLabel("Day").fill("31");
    await page.getByLabel("Month").fill("3");
    await page.getByLabel("Year").fill(NEXT_YEAR);
  }
  await saveAndBack(page);
}

test("a provider registers and applies, the commissioner asks for clarification, then admits to two lots, and the public page shows it", async ({ page }) => {
  // Register the organisation and set a password through the emailed link.
  await visit(page, "/frameworks");
  await page.getByRole("link", { name: "Register your organisation" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your organisation's name");
  await expectAccessible(page);
  await page.getByLabel("Organisation name").fill(PROVIDER);
  await tick(page.getByLabel("Charity"));
  await page.getByLabel("Your full name").fill("Morven Kerr");
  await page.getByLabel("Your email address").fill(PROVIDER_EMAIL);
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);
  const link = await linkFromOutbox(page, PROVIDER_EMAIL, /http:\/\/localhost:\d+\/reset-password\/[a-z0-9]+/);
  await visit(page, link);
  await page.getByLabel("New password", { exact: true }).fill(E2E_PASSWORD);
  await page.getByLabel("Type the new password again").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password has been changed. Sign in with your new password.")).toBeVisible();
  await signIn(page, PROVIDER_EMAIL);

  // Start an application and find every mandatory task missing.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Frameworks" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Apply to Self-directed Support Provider Framework 2026–2030" }).click();
  await expect(page.getByText("You have completed 0 of")).toBeVisible();
  await expectAccessible(page);
  const applicationUrl = page.url();
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await page.getByRole("button", { name: "Submit the application" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Complete your organisation details");
  await expect(summary).toContainText("Upload evidence for: Public liability insurance");
  await expect(summary).not.toContainText("Complaints policy");
  await expectAccessible(page);
  await summary.getByRole("link", { name: "Choose the lots you are applying for" }).click();
  await expect(page.locator("#lots")).toBeFocused();

  // Work through the task list.
  await page.goto(applicationUrl);
  await openTask(page, "Organisation details");
  await page.getByLabel("OSCR charity number").fill("SC049999");
  await page.getByLabel("Address", { exact: true }).fill("7 Thistle Court, Clydevale");
  await page.getByLabel("Postcode").fill("CV3 4TS");
  await page.getByLabel("Contact telephone number").fill("01632 960 199");
  await page.getByRole("button", { name: "Save the details" }).click();
  await expect(page.getByRole("status")).toContainText("saved");

  await page.getByRole("link", { name: "Lots you are applying for" }).click();
  await expectAccessible(page);
  for (const lot of ["Care at home", "Community and day support", "Short breaks"]) await tick(page.getByLabel(lot));
  await saveAndBack(page);

  await answerQuestion(page, "Care Inspectorate registration and grades", "CS2021000111, grades 5 and 5");
  await answerQuestion(page, "OSCR charity or Companies House number", "SC049999");
  await answerQuestion(page, "Scottish Living Wage commitment", "All staff are paid the Scottish Living Wage or more");

  // A file that is not a document, and a date in the past, are refused; what was typed is kept.
  await openTask(page, "Public liability insurance");
  await page.getByLabel("Upload a file").setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("just some text pretending") });
  await page.getByLabel("Day").fill("1");
  await page.getByLabel("Month").fill("1");
  await page.getByLabel("Year").fill("2020");
  await page.getByLabel("Anything you want to add (optional)").fill("Policy number PL-1234");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("The file must be a PDF, PNG, JPEG or DOCX");
  await expect(page.getByRole("alert")).toContainText("The expiry date must be in the future");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Anything you want to add (optional)")).toHaveValue("Policy number PL-1234");
  await expectAccessible(page);
  await page.getByLabel("Upload a file").setInputFiles(PDF);
  await page.getByLabel("Year").fill(NEXT_YEAR);
  await saveAndBack(page);

  await uploadEvidence(page, "Employer's liability insurance", true);
  await uploadEvidence(page, "Safer recruitment and PVG policy", false);
  await uploadEvidence(page, "Adult support and protection policy", false);
  await openTask(page, "Declarations");
  await tick(page.getByLabel("I confirm these declarations on behalf of my organisation"));
  await saveAndBack(page);

  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Submit the application" }).click();
  await expect(page.getByRole("heading", { name: "Application submitted" })).toBeVisible();
  await expect(page.getByText("Your reference number is")).toContainText(/APP-[0-9A-F]{8}/);
  await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
  await expectAccessible(page);
  // What was sent stays readable, with the evidence to download.
  await page.getByRole("link", { name: "See what you sent" }).click();
  await expect(page.getByText("Submitted", { exact: true })).toBeVisible();
  await expect(page.getByText("All staff are paid the Scottish Living Wage or more")).toBeVisible();
  await expect(page.getByRole("link", { name: "certificate.pdf" }).first()).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The commissioner finds it in the queue and asks for clarification.
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/commissioning/applications");
  await page.getByLabel("Status").selectOption("submitted");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("1 application")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: PROVIDER }).click();
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Download certificate.pdf" }).first()).toBeVisible();
  await page.getByRole("button", { name: "Start the review" }).click();
  await expect(page.getByRole("status")).toContainText("now under review");
  await expect(page.getByRole("status")).toContainText("under review");
  await page.getByRole("button", { name: "Ask for clarification" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the question for the provider");
  await expectAccessible(page);
  await page.getByLabel("Or ask the provider for clarification").fill("Which localities do your staff cover?");
  await page.getByRole("button", { name: "Ask for clarification" }).click();
  await expect(page.getByRole("status")).toContainText("returned to the provider");
  await expectAccessible(page);
  const reviewUrl = page.url();
  await signOut(page);

  // The provider answers and sends the application back.
  await signIn(page, PROVIDER_EMAIL);
  await expect(page.getByRole("link", { name: /has been returned for clarification/ })).toBeVisible();
  await page.goto(applicationUrl);
  await expect(page.getByText("Which localities do your staff cover?")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Answer the question" }).click();
  await expectAccessible(page);
  await page.getByLabel("Your answer").fill("Clydevale Town, Riverside and Northfield");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your answers before you submit" })).toBeVisible();
  await page.getByRole("button", { name: "Send the application back" }).click();
  await expect(page.getByRole("heading", { name: "Application sent back" })).toBeVisible();
  await signOut(page);

  // The commissioner evaluates and admits to two of the three lots.
  await signIn(page, "commissioner@clydevale.example");
  await page.goto(reviewUrl);
  await expect(page.getByText("Clydevale Town, Riverside and Northfield").first()).toBeVisible();
  await page.getByRole("button", { name: "Start the review" }).click();
  await expect(page.getByRole("status")).toContainText("now under review");
  await tick(page.getByRole("group", { name: "Evaluation of Public liability insurance" }).getByLabel("Met", { exact: true }));
  await page.getByLabel("Comment on Public liability insurance").fill("Cover of £5 million");
  await page.getByRole("button", { name: "Save the evaluation of Public liability insurance" }).click();
  await expect(page.getByRole("status")).toContainText("evaluation has been saved");
  await expect(page.getByText("Met: Cover of £5 million")).toBeVisible();
  await expectAccessible(page);

  // Not met needs a reason: the refusal shows in that evaluation only; the others keep what they had.
  await tick(page.getByRole("group", { name: "Evaluation of Employer's liability insurance" }).getByLabel("Not met"));
  await page.getByRole("button", { name: "Save the evaluation of Employer's liability insurance" }).click();
  await expect(page.getByRole("alert")).toContainText("Say why the criterion is not met");
  await expect(page.locator(".ds_question__error-message")).toHaveCount(1);
  await expect(page.getByRole("group", { name: "Evaluation of Public liability insurance" }).getByLabel("Met", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Comment on Public liability insurance")).toHaveValue("Cover of £5 million");
  await expect(page.getByLabel("Short breaks")).toBeChecked();
  await expectAccessible(page);

  // The provider cannot be admitted until every mandatory criterion is evaluated as met.
  await page.getByRole("button", { name: "Admit the provider" }).click();
  await expect(page.getByRole("alert")).toContainText("Evaluate Care Inspectorate registration and grades before you admit the provider");
  await expect(page.getByRole("alert")).not.toContainText("Public liability insurance");
  for (const criterion of ["Care Inspectorate registration and grades", "OSCR charity or Companies House number", "Employer's liability insurance", "Safer recruitment and PVG policy", "Scottish Living Wage commitment", "Adult support and protection policy"]) {
    await tick(page.getByRole("group", { name: `Evaluation of ${criterion}` }).getByLabel("Met", { exact: true }));
    await page.getByRole("button", { name: `Save the evaluation of ${criterion}` }).click();
    await expect(page.getByRole("status")).toContainText("evaluation has been saved");
  }
  await untick(page.getByLabel("Short breaks"));
  await page.getByRole("button", { name: "Admit the provider" }).click();
  await expect(page.getByRole("status")).toContainText("admitted");
  await expectAccessible(page);

  // The public page lists the provider under the two lots only.
  await signOut(page);
  await visit(page, "/frameworks");
  await page.getByRole("link", { name: "Self-directed Support Provider Framework 2026–2030" }).click();
  await expectAccessible(page);
  const lot = (name: string) => page.locator("section").filter({ has: page.getByRole("heading", { name, exact: true }) });
  await expect(lot("Care at home")).toContainText(PROVIDER);
  await expect(lot("Community and day support")).toContainText(PROVIDER);
  await expect(lot("Short breaks")).not.toContainText(PROVIDER);
  await expect(lot("Short breaks")).toContainText("Riverbank Community Care");

  // The framework re-opens (rolling admission): the provider applies for more lots.
  await signIn(page, PROVIDER_EMAIL);
  await visit(page, "/provider/frameworks");
  await expect(page.getByText("This framework has rolling admission, so you can apply to join more of its lots: Short breaks, Supported living")).toBeVisible();
  await page.getByRole("button", { name: "Apply for more lots of Self-directed Support Provider Framework 2026–2030" }).click();
  await expect(page.getByText("This is an application for more lots.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Lots you are applying for" }).click();
  await expect(page.getByLabel("Care at home")).toHaveCount(0);
  await expect(page.getByText("You are already admitted to Care at home, Community and day support.")).toBeVisible();
  await expectAccessible(page);
});

test("the commissioner manages frameworks and sees the compliance view; other councils and providers are kept out", async ({ page }) => {
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/commissioning/compliance");
  const riverbank = page.locator("section").filter({ has: page.getByRole("heading", { name: /Riverbank Community Care/ }) });
  await expect(riverbank).toContainText("Public liability insurance");
  await expect(riverbank).toContainText("21 days left");
  await expect(riverbank).toContainText("30 days");

  await visit(page, "/commissioning/frameworks");
  await page.getByRole("link", { name: "Create a framework" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create the framework" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the framework's name");
  await expectAccessible(page);
  await page.getByLabel("Name", { exact: true }).fill("Carers' Short Breaks Framework");
  await page.getByLabel("Reference").fill("CV-SB-2027");
  await page.getByRole("group", { name: "Start date" }).getByLabel("Day").fill("1");
  await page.getByRole("group", { name: "Start date" }).getByLabel("Month").fill("4");
  await page.getByRole("group", { name: "Start date" }).getByLabel("Year").fill("2027");
  await page.getByRole("group", { name: "End date" }).getByLabel("Day").fill("31");
  await page.getByRole("group", { name: "End date" }).getByLabel("Month").fill("3");
  await page.getByRole("group", { name: "End date" }).getByLabel("Year").fill("2029");
  await page.getByRole("button", { name: "Create the framework" }).click();
  await expect(page.getByRole("status")).toContainText("The framework has been created");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Add a lot" }).click();
  await expectAccessible(page);
  await page.getByLabel("Name of the lot").fill("Overnight short breaks");
  await page.getByLabel("Lowest guide rate (optional)").fill("150");
  await page.getByLabel("Highest guide rate (optional)").fill("120");
  await page.getByRole("button", { name: "Add the lot" }).click();
  await expect(page.getByRole("alert")).toContainText("The highest guide rate must be the same as or more than the lowest");
  await page.getByLabel("Highest guide rate (optional)").fill("195.50");
  await page.getByLabel("What the guide rate is for").fill("per night");
  await page.getByRole("button", { name: "Add the lot" }).click();
  await expect(page.getByRole("table", { name: "Lots and guide rates" })).toContainText("£150.00 to £195.50 per night");

  await page.getByRole("link", { name: "Add a criterion" }).click();
  await expectAccessible(page);
  await page.getByLabel("Criterion").fill("Public liability insurance");
  await tick(page.getByLabel("A document as evidence"));
  await tick(page.getByRole("group", { name: "Does the evidence expire?" }).getByLabel("Yes"));
  await page.getByRole("button", { name: "Add the criterion" }).click();
  await expect(page.getByRole("table", { name: "Admission criteria" })).toContainText("Public liability insurance");
  await signOut(page);

  await signIn(page, "commissioner@eastmuir.example");
  await visit(page, "/commissioning/applications");
  await expect(page.getByText("0 applications")).toBeVisible();
  await signOut(page);

  await signIn(page, "admin@riverbank-care.example");
  // The home page keeps the evidence to renew in view, and every notification is a link away.
  await visit(page, "/");
  const due = page.locator("section").filter({ has: page.getByRole("heading", { name: "Evidence to renew" }) });
  await expect(due).toContainText("Public liability insurance for Self-directed Support Provider Framework 2026–2030 expires on");
  await expect(due.getByRole("link", { name: "Renew Public liability insurance" })).toBeVisible();
  await page.locator(".app-account-bar").getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await visit(page, "/provider/frameworks");
  await expect(page.getByText("Admitted", { exact: true }).first()).toBeVisible();
  await visit(page, "/provider/organisation");
  await page.getByRole("link", { name: "Invite a colleague" }).click();
  await expectAccessible(page);
  await page.getByLabel("Full name").fill("Sam Reid");
  await page.getByLabel("Email address").fill("sam@riverbank-care.example");
  await tick(page.getByLabel("Provider staff"));
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText("We have emailed an invitation to sam@riverbank-care.example");
  const commissioning = await page.goto("/commissioning/applications");
  expect(commissioning?.status()).toBe(403);
});

import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { expectAccessible, signIn, signOut, test, tick, visit } from "./support";

/**
 * Text with HTML and script in it, saved through the real forms, is shown as typed wherever it appears and never
 * runs. The payloads would set `window.__pwned` or open a dialog if they ran. The Vitest sweep
 * (app/routes/hostile-input.test.ts) covers every form; this checks, in Chromium, a few fields shown elsewhere.
 */
const hostile = (what: string) => `${what} <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> "'&`;

function watchForScripts(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** The text is on the page as typed (so it was escaped), and nothing in it ran. */
async function expectShownLiterally(page: Page, text: string, dialogs: string[]): Promise<void> {
  await expect(page.getByText(text).first()).toBeVisible();
  await expectNothingRan(page, dialogs);
}

async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

test("a person's name and a council list entry with HTML in them are shown as typed, and a name too long is refused", async ({ page }) => {
  const dialogs = watchForScripts(page);
  const name = hostile("Ailsa Test");
  await signIn(page, "practitioner@clydevale.example");
  await visit(page, "/people/new");
  await page.getByLabel("Full name").fill("A".repeat(100_000));
  await page.getByLabel("Council reference number").fill("CV-999001");
  await page.getByLabel("Day").fill("2");
  await page.getByLabel("Month").fill("3");
  await page.getByLabel("Year").fill("1961");
  await page.getByRole("button", { name: "Record the person" }).click();
  await expect(page.getByRole("alert")).toContainText("Must be 200 characters or fewer");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill("ailsa.test@people.example");
  await page.getByLabel("Communication needs").fill(hostile("Needs"));
  await page.getByRole("button", { name: "Record the person" }).click();
  await expect(page.getByRole("status")).toContainText("has been recorded");
  await expectShownLiterally(page, name, dialogs);
  await expectShownLiterally(page, hostile("Needs"), dialogs);
  await visit(page, "/people");
  await expectShownLiterally(page, name, dialogs);
  await signOut(page);

  const locality = hostile("Quayside");
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/council/lists?list=locality");
  await page.getByLabel("Name").fill(locality);
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("status")).toContainText("has been added");
  await expectShownLiterally(page, locality, dialogs);
  await signOut(page);
  await visit(page, "/offers");
  await expect(page.locator("option", { hasText: "Quayside <img" })).toHaveCount(1);
  await expectNothingRan(page, dialogs);
});

test("a framework and an enquiry with script in them stay text on public and private pages", async ({ page }) => {
  const dialogs = watchForScripts(page);
  const framework = hostile("Hostile Framework");
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/commissioning/frameworks/new");
  await page.getByLabel("Name", { exact: true }).fill(framework);
  await page.getByLabel("Reference").fill("CV-HOSTILE-1");
  await page.getByLabel("Description").fill(hostile("Description"));
  await page.getByLabel("Day").first().fill("1");
  await page.getByLabel("Month").first().fill("4");
  await page.getByLabel("Year").first().fill("2026");
  await page.getByLabel("Day").nth(1).fill("31");
  await page.getByLabel("Month").nth(1).fill("3");
  await page.getByLabel("Year").nth(1).fill("2030");
  await tick(page.getByLabel("Closed"));
  await tick(page.getByLabel("No", { exact: true }));
  await page.getByRole("button", { name: "Create the framework" }).click();
  await expect(page.getByRole("status")).toContainText("The framework has been created");
  await expectShownLiterally(page, framework, dialogs);
  await signOut(page);
  await visit(page, "/frameworks");
  await expectShownLiterally(page, framework, dialogs);

  // An enquiry to an offer no other journey writes to.
  const db = new Database("test/.tmp/e2e.db", { readonly: true, fileMustExist: true });
  const offerId = (
    db
      .prepare("select o.id from offers o join organisations g on g.id = o.organisation_id where g.name = 'Kirkmuir Wellbeing Trust' and o.status = 'published' order by o.created_at limit 1")
      .get() as { id: string }
  ).id;
  db.close();
  const message = hostile("Could you help on Saturdays?");
  await signIn(page, "morag@people.example");
  await visit(page, `/offers/${offerId}/enquire`);
  await page.getByLabel(/Your message to/).fill("x".repeat(100_000));
  await page.getByRole("button", { name: "Send enquiry" }).click();
  await expect(page.getByRole("alert")).toContainText("Your message must be");
  await page.getByLabel(/Your message to/).fill(message);
  await page.getByRole("button", { name: "Send enquiry" }).click();
  await expect(page.getByRole("status")).toContainText("Your enquiry has been sent");
  await expectShownLiterally(page, message, dialogs);
  await expectAccessible(page);
  await signOut(page);
  await signIn(page, "admin@kirkmuir-wellbeing.example");
  await visit(page, "/enquiries");
  await page.getByRole("row", { name: /Morag Sinclair/ }).getByRole("link").first().click();
  await expectShownLiterally(page, message, dialogs);
});

test("evidence uploads: a file too big is refused with the reason, and a file's odd name is shown as text", async ({ page }) => {
  const dialogs = watchForScripts(page);
  await signIn(page, "admin@new-horizons.example");
  await visit(page, "/provider/frameworks");
  await page.getByRole("button", { name: "Apply to Self-directed Support Provider Framework 2026–2030" }).click();
  await page.getByRole("link", { name: "Safer recruitment and PVG policy", exact: true }).click();
  await expectAccessible(page);
  const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  await page.getByLabel("Upload a file").setInputFiles({ name: "policy.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(12 * 1024 * 1024, pdf) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("The file must be smaller than 10 MB");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  const name = "<b>Safer</b> & 'recruitment' <img src=x onerror=alert(1)>.pdf";
  await page.getByLabel("Upload a file").setInputFiles({ name, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  // The form parser keeps only the part of a name after the last "/", and cannot read one with "=" in it.
  await expect(page.getByRole("alert")).toContainText("rename the file");
  const readable = "<b>Safer<b> & 'recruitment'.pdf";
  await page.getByLabel("Upload a file").setInputFiles({ name: readable, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("status")).toContainText("Your answer has been saved");
  await page.getByRole("link", { name: "Safer recruitment and PVG policy", exact: true }).click();
  await expectShownLiterally(page, readable, dialogs);
});

import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_ORIGIN } from "../../playwright.config";
import { readDemoIds, type DemoIds } from "../demo-ids";
import { expectAccessible, expectErrorSummary, signIn, signOut, test, tick, visit } from "./support";

/**
 * Text with HTML and script in it, saved through the real forms, is shown as typed wherever it appears and never
 * runs. The payloads would set `window.__pwned` or open a dialog if they ran. The Vitest sweep
 * (app/routes/hostile-input.test.ts) covers every form; this checks, in Chromium, the fields shown elsewhere: names
 * of people, representatives and list entries, frameworks, offers in the search and on their page, enquiries,
 * invoice lines, outcome reviews, ledger entries and their reversals, file names and bank account names.
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

/** Visits each page and checks every text is shown as typed there, with nothing run. */
async function expectShownLiterallyOn(page: Page, paths: string[], texts: string[], dialogs: string[]): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    for (const text of texts) await expect(page.getByText(text).first(), `${text} on ${path}`).toBeVisible();
    await expectNothingRan(page, dialogs);
  }
}

/** Posts a form as the signed-in user, as the page's own form would without JavaScript; the answer must be the next page. */
async function postForm(page: Page, path: string, form: Record<string, string>): Promise<string> {
  const response = await page.request.post(path, { form, headers: { Origin: E2E_ORIGIN } });
  expect(response.status(), `${path}: ${(await response.text()).slice(0, 300)}`).toBe(200);
  return new URL(response.url()).pathname;
}

const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};

/** Ids of the demo data, and the outcomes of James's agreement, from the service's own database. */
function demoData(): { ids: DemoIds; outcomeId: string; personOutcomeIds: string[] } {
  const db = new Database("test/.tmp/e2e.db", { readonly: true, fileMustExist: true });
  try {
    const ids = readDemoIds(db);
    const version = db.prepare("select plan from agreement_versions where agreement_id = ? and status = 'approved'").get(ids["agreement:james"]) as { plan: string };
    const plan = JSON.parse(version.plan) as { outcomeId: string; personOutcomeId: string }[];
    return { ids, outcomeId: plan[0]!.outcomeId, personOutcomeIds: plan.map((p) => p.personOutcomeId) };
  } finally {
    db.close();
  }
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
  await expectErrorSummary(page, "Must be 200 characters or fewer");
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
  await expectErrorSummary(page, "The file must be smaller than 10 MB");
  const name = "<b>Safer</b> & 'recruitment' <img src=x onerror=alert(1)>.pdf";
  await page.getByLabel("Upload a file").setInputFiles({ name, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  // The form parser cannot read a name with "=" in it (and a name with "/" in it is refused as a folder path).
  await expect(page.getByRole("alert")).toContainText("rename the file");
  const readable = "<b>Safer<b> & 'recruitment'.pdf";
  await page.getByLabel("Upload a file").setInputFiles({ name: readable, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("status")).toContainText("Your answer has been saved");
  await page.getByRole("link", { name: "Safer recruitment and PVG policy", exact: true }).click();
  await expectShownLiterally(page, readable, dialogs);
});

test("an offer, an invoice line and an outcome review with script in them stay text wherever they are shown", async ({ page }) => {
  const dialogs = watchForScripts(page);
  const { ids, outcomeId, personOutcomeIds } = demoData();

  // Kirkmuir renames an offer no other journey reads; the search and the offer's page show it.
  const title = hostile("Zebrafinch peer groups");
  const summary = hostile("Small groups for people living with anxiety, meeting every week in Kirkmuir.");
  await signIn(page, "admin@kirkmuir-wellbeing.example");
  await visit(page, "/provider/offers");
  await page.getByRole("link", { name: "Peer support groups" }).click();
  await page.getByRole("link", { name: /Change/ }).first().click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill(summary);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Your changes have been saved");
  const offerPath = new URL(page.url()).pathname.replace("/provider", "");
  await signOut(page);
  await expectShownLiterallyOn(page, ["/offers?q=Zebrafinch", offerPath], [title, summary], dialogs);

  // Riverbank describes a line by hand on a new invoice for the first weeks of James's agreement, and reviews his
  // outcomes as they were in August (before the demo's latest review, so it is never the latest).
  const description = hostile("Garden centre visit");
  const comment = hostile("Cooking his own tea");
  const reviewSummary = hostile("Review summary");
  await signIn(page, "admin@riverbank-care.example");
  const invoicePath = await postForm(page, "/provider/invoices/new", {
    councilId: ids["council:clydevale"]!,
    ...dateFields("periodStart", "2026-04-01"),
    ...dateFields("periodEnd", "2026-04-28"),
  });
  await postForm(page, invoicePath, {
    intent: "add-line",
    agreementId: ids["agreement:james"]!,
    outcomeId,
    ...dateFields("startOn", "2026-04-08"),
    ...dateFields("endOn", "2026-04-08"),
    description,
    unitKind: "hours",
    units: "1",
    rate: "21.50",
  });
  const agreementPath = `/agreements/${ids["agreement:james"]}`;
  await postForm(page, `${agreementPath}/review`, {
    ...dateFields("reviewedOn", "2026-08-14"),
    summary: reviewSummary,
    ...Object.fromEntries(personOutcomeIds.flatMap((id, i) => [[`result-${id}`, "met"], [`comment-${id}`, i === 0 ? comment : ""]])),
  });
  await expectShownLiterallyOn(page, [invoicePath], [description], dialogs);
  await expectShownLiterallyOn(page, [agreementPath], [comment, reviewSummary], dialogs);
  await expectAccessible(page);
});

test("a representative, a ledger entry and its reversal, and a bank account name with script in them stay text", async ({ page }) => {
  const dialogs = watchForScripts(page);
  const { ids } = demoData();

  // A practitioner records a new person with a representative.
  const representative = hostile("Rab Test");
  await signIn(page, "practitioner@clydevale.example");
  const personPath = await postForm(page, "/people/new", {
    name: "Isla Hostile",
    reference: "CV-999002",
    ...dateFields("dateOfBirth", "1958-05-06"),
    email: "isla.hostile@people.example",
    contactMethod: "email",
    communicationNeeds: "",
  });
  await postForm(page, `${personPath}/representatives/new`, {
    name: representative,
    kind: "family",
    relationship: "Son",
    basis: "Family member",
    documentReference: "",
    authority: "view",
    ...dateFields("startsOn", "2026-06-01"),
    email: "",
    phone: "",
  });
  await expectShownLiterallyOn(page, [personPath], [representative], dialogs);
  await page.getByRole("link", { name: /Change/ }).filter({ hasText: "Rab Test" }).first().click();
  await expectShownLiterallyOn(page, [new URL(page.url()).pathname], [representative], dialogs);
  await signOut(page);

  // Council finance adjusts James's fund and reverses it (no change to his balance), both with reasons.
  const reason = hostile("Adjustment");
  const reversalReason = hostile("Reversal");
  const today = new Date().toISOString().slice(0, 10);
  await signIn(page, "finance@clydevale.example");
  const fundPath = `/funds/${ids["fund:CV-100871"]}`;
  const entryPath = await postForm(page, `${fundPath}/entries/new`, { kind: "adjustment_in", amount: "1.00", ...dateFields("entryDate", today), reference: "", reason });
  const reversalPath = await postForm(page, `${entryPath}/reverse`, { ...dateFields("entryDate", today), reason: reversalReason });
  await expectShownLiterallyOn(page, [entryPath, fundPath], [reason], dialogs);
  await expectShownLiterallyOn(page, [reversalPath], [reversalReason], dialogs);
  await expectAccessible(page);
  await signOut(page);

  // A bank account name cannot hold markup at all: refused, and given back as typed.
  const accountName = "<b onclick=x>";
  await signIn(page, "admin@glenburn-support.example");
  await visit(page, "/provider/payments/bank-details");
  await page.getByLabel("Name on the account").fill(accountName);
  await page.getByLabel("Sort code").fill("80-11-17");
  await page.getByLabel("Account number").fill("41726093");
  await page.getByRole("button", { name: "Save bank details" }).click();
  await expect(page.getByRole("alert")).toContainText("The name on the account can only use letters");
  await expect(page.getByLabel("Name on the account")).toHaveValue(accountName);
  await expect(page.locator("main b")).toHaveCount(0);
  await expectNothingRan(page, dialogs);
  await page.getByLabel("Name on the account").fill("Glen & Co/Ltd");
  await page.getByRole("button", { name: "Save bank details" }).click();
  await expect(page.getByRole("status")).toContainText("Councils will pay you by BACS");
  await expectShownLiterallyOn(page, ["/provider/payments"], ["Glen & Co/Ltd"], dialogs);
});

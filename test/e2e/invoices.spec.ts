import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { expectAccessible, expectErrorSummary, signIn, signOut, test, tick, visit } from "./support";

test.describe.configure({ timeout: 120_000 });

test("a provider uploads invoice lines as CSV: every problem is listed by row, then only the valid rows are kept", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await expect(page.getByRole("status")).toContainText("started");
  await expectAccessible(page);
  const agreement = (await page.getByLabel("Agreement").locator("option").nth(1).innerText()).split(":")[0]!.trim();

  await page.getByRole("link", { name: "Upload lines from a CSV file" }).click();
  await expect(page.getByRole("heading", { name: "Upload invoice lines" })).toBeVisible();
  await expectAccessible(page);
  const [, periodStart] = /\((\d{4}-\d{2}-\d{2}) to \d{4}-\d{2}-\d{2}\)/.exec(await page.locator("main").innerText()) ?? [];
  const csv = [
    "person reference,agreement reference,date,units,rate,description,outcome",
    `CV-100871,${agreement},${periodStart},3,21.50,Garden centre,`,
    `CV-999999,${agreement},not a date,0,21.50,Football,`,
  ].join("\r\n");
  const file = { name: "lines.csv", mimeType: "text/csv", buffer: Buffer.from(csv) };

  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload" }).click();
  const summary = page.locator("#error-summary");
  await expect(summary).toContainText("Nothing has been saved: 1 row has a problem");
  await expect(summary).toContainText("Row 3: No person has the reference CV-999999");
  await expect(summary).toContainText('"not a date" is not a date');
  await expect(page).toHaveTitle(/^Error: Upload invoice lines/);
  await expectAccessible(page);

  await page.getByLabel("CSV file").setInputFiles(file);
  await tick(page.locator("#keepValidOnly"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("1 line from lines.csv added to invoice INV-");
  await expect(page.getByRole("status")).toContainText("1 row with problems was left out and listed below");
  await expect(page.getByRole("table", { name: /lines.csv: problems 1 to 1 of 1/ })).toContainText("No person has the reference CV-999999");
  await expectAccessible(page);
  await page.getByRole("link", { name: /Check the lines of invoice/ }).click();
  await expect(page.getByRole("table", { name: "Lines" })).toContainText("Garden centre");
  await expectAccessible(page);
});

test("council finance works the approval queue, answers a query's clock and reads the prompt-payment figures", async ({ page }) => {
  await signIn(page, "finance@clydevale.example");
  await visit(page, "/council/invoices");
  const queue = page.getByRole("table", { name: "Submitted and queried invoices" });
  await expect(queue).toContainText("Riverbank Community Care");
  await expect(queue).toContainText("over 28");
  await queue.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Invoice INV-");
  await expectAccessible(page);
  await visit(page, "/council/payment-runs");
  await expect(page.getByRole("table", { name: "Approved invoices waiting for payment" })).toContainText("INV-000004");
  await visit(page, "/council/prompt-payment");
  await expect(page.getByRole("table", { name: "By provider and month of payment" })).toContainText("Riverbank Community Care");
});

test("James sees the support he was charged for and can say he did not get it", async ({ page }) => {
  await signIn(page, "james@people.example");
  await visit(page, "/my-support/invoices");
  const table = page.getByRole("table", { name: "Invoiced support" });
  await expect(table).toContainText("Support worker at the garden centre and travel there");
  await expect(table.getByRole("columnheader")).toHaveText(["When", "Support", "Provider", "Invoice status", "Amount", "Tell us"]);
  await expect(table).toContainText("Riverbank Community Care");
  await expect(table).toContainText("Paid");
  await table
    .getByRole("button", { name: /I did not get this support/ })
    .last()
    .click();
  await expect(page.getByRole("status")).toContainText("We have told the provider and the council");
  await expect(table).toContainText("You told us you did not get this");
  await expectAccessible(page);
});

/** The invoice's first day, as the upload page gives it (ISO). */
async function periodStartOf(page: Page, invoicePath: string): Promise<string> {
  await page.goto(`${invoicePath}/upload`);
  const [, start] = /\((\d{4}-\d{2}-\d{2}) to \d{4}-\d{2}-\d{2}\)/.exec(await page.locator("main").innerText()) ?? [];
  await page.goto(invoicePath);
  return start!;
}

async function fillDate(page: Page, legend: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

test("a provider invoices a period it chooses, after being told what to fix", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("link", { name: "Invoice another period or another council" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Start an invoice" })).toBeVisible();
  await expectAccessible(page);
  await tick(page.getByLabel("Clydevale Council"));
  await fillDate(page, "First day of the period (optional)", "2026-06-28");
  await fillDate(page, "Last day of the period (optional)", "2026-06-01");
  await page.getByRole("button", { name: "Start the invoice" }).click();
  await expectErrorSummary(page, "The last day must be the same as or after the first day");
  await fillDate(page, "First day of the period (optional)", "2026-06-01");
  await fillDate(page, "Last day of the period (optional)", "2026-06-28");
  await page.getByRole("button", { name: "Start the invoice" }).click();
  await expect(page.getByRole("status")).toContainText("started for 1 June 2026 to 28 June 2026");
  await expectAccessible(page);
});

test("a provider adds a line by hand with its outcome, then changes it on its own page", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await expect(page.getByRole("status")).toContainText("started");
  const invoicePath = new URL(page.url()).pathname;
  const start = await periodStartOf(page, invoicePath);

  await page.getByLabel("Agreement").selectOption({ index: 1 });
  const outcome = page.getByLabel("Outcome", { exact: true });
  const outcomes = await outcome.locator("option").allInnerTexts();
  await outcome.selectOption({ label: outcomes[1]! });
  await fillDate(page, "First day", start);
  await fillDate(page, "Last day", start);
  await page.getByLabel("Support given").fill("Garden centre");
  await page.getByLabel("Units", { exact: true }).fill("3");
  await page.getByLabel("Rate per unit").fill("21.50");
  await page.getByRole("button", { name: "Add the line" }).click();
  await expect(page.getByRole("status")).toContainText("Line added.");
  const lines = page.getByRole("table", { name: "Lines" });
  await expect(lines).toContainText(`Outcome: ${outcomes[1]}`);
  await expect(lines).toContainText("£64.50");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Change line 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Change line 1 of invoice INV-\d+$/);
  await expect(page.getByLabel("Support given")).toHaveValue("Garden centre");
  await expect(page.getByLabel("Outcome", { exact: true }).locator("option:checked")).toHaveText(outcomes[1]!);
  await expectAccessible(page);

  const changed = outcomes[2] ?? outcomes[1]!;
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: changed });
  await page.getByLabel("Support given").fill("Football");
  await page.getByLabel("Units", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Save the line" }).click();
  await expect(page.locator("#error-summary")).toContainText("The units must be more than zero");
  await expect(page).toHaveTitle(/^Error: Change line 1/);
  await expect(page.getByLabel("Support given")).toHaveValue("Football");
  await expect(page.getByLabel("Outcome", { exact: true }).locator("option:checked")).toHaveText(changed);
  await expectAccessible(page);

  await page.getByLabel("Units", { exact: true }).fill("2.5");
  await page.getByRole("button", { name: "Save the line" }).click();
  await expect(page.getByRole("status")).toContainText("Line 1 changed.");
  await expect(lines).toContainText("Football");
  await expect(lines).toContainText(`Outcome: ${changed}`);
  await expect(lines).toContainText("£53.75");
  await expectAccessible(page);
});

/** A CSV of the template's heading and `count` rows whose units are 0, each about 400 bytes. */
function csvWithProblems(agreement: string, date: string, count: number): Buffer {
  const rows = Array.from({ length: count }, (_, i) => `CV-100871,${agreement},${date},0,21.50,Visit ${i + 1} ${"x".repeat(350)},`);
  return Buffer.from(["person reference,agreement reference,date,units,rate,description,outcome", ...rows].join("\r\n"));
}

test("a CSV upload with hundreds of problems shows its progress, then lists every problem, paged and as a download", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await expect(page.getByRole("status")).toContainText("started");
  const invoicePath = new URL(page.url()).pathname;
  const agreement = (await page.getByLabel("Agreement").locator("option").nth(1).innerText()).split(":")[0]!.trim();
  const start = await periodStartOf(page, invoicePath);
  await visit(page, `${invoicePath}/upload`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
  await page.getByLabel("CSV file").setInputFiles({ name: "many-problems.csv", mimeType: "text/csv", buffer: csvWithProblems(agreement, start, 250) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("progressbar", { name: "Uploading many-problems.csv" })).toBeVisible();
  await expectAccessible(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const summary = page.locator("#error-summary");
  await expect(summary).toContainText("Nothing has been saved: 250 rows have problems");
  await expect(summary).toContainText('Row 2: The units must be a number above zero, not "0"');
  await expect(page).toHaveTitle(/^Error: Upload invoice lines/);
  const table = page.getByRole("table", { name: "many-problems.csv: problems 1 to 100 of 250" });
  await expect(table.getByRole("row")).toHaveCount(101);
  await expectAccessible(page);

  await summary.getByRole("link", { name: "See all 250 rows with problems" }).click();
  await expect(page.locator("#problems")).toBeFocused();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Page 3" }).click();
  const last = page.getByRole("table", { name: "many-problems.csv: problems 201 to 250 of 250" });
  await expect(last).toContainText("251");
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download every problem as a CSV file (250 rows)" }).click();
  const file = await (await download).path();
  const text = readFileSync(file, "utf8").trim().split("\r\n");
  expect(text).toHaveLength(251);
  expect(text[250]).toBe('251,"The units must be a number above zero, not ""0"""');
});

test.describe("without JavaScript", () => {
  // axe needs JavaScript in the page: the same pages are scanned by the tests above.
  test.use({ javaScriptEnabled: false });

  test("the upload form posts the plain way and lists the problems", async ({ page }) => {
    await signIn(page, "admin@riverbank-care.example");
    await page.goto("/provider/invoices");
    await page.getByRole("button", { name: "Start an invoice" }).click();
    await expect(page.getByRole("status")).toContainText("started");
    const invoicePath = new URL(page.url()).pathname;
    const agreement = (await page.getByLabel("Agreement").locator("option").nth(1).innerText()).split(":")[0]!.trim();
    const start = await periodStartOf(page, invoicePath);
    await page.goto(`${invoicePath}/upload`);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.locator("#error-summary")).toContainText("Choose a CSV file to upload");
    await page.getByLabel("CSV file").setInputFiles({ name: "two.csv", mimeType: "text/csv", buffer: csvWithProblems(agreement, start, 2) });
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.locator("#error-summary")).toContainText("Nothing has been saved: 2 rows have problems");
    await expect(page.getByRole("table", { name: "two.csv: problems 1 to 2 of 2" })).toContainText("Row");
  });
});

test("a long invoice is shown a page at a time; finance rejects a line on the second page with a reason, and a missing reason is shown beside that line only", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await expect(page.getByRole("status")).toContainText("started");
  const invoicePath = new URL(page.url()).pathname;
  const agreement = (await page.getByLabel("Agreement").locator("option").nth(1).innerText()).split(":")[0]!.trim();
  const start = await periodStartOf(page, invoicePath);
  const rows = Array.from({ length: 60 }, (_, i) => `CV-100871,${agreement},${start},0.25,21.50,Visit ${i + 1},`);
  await page.goto(`${invoicePath}/upload`);
  await page.getByLabel("CSV file").setInputFiles({
    name: "visits.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(["person reference,agreement reference,date,units,rate,description,outcome", ...rows].join("\r\n")),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("60 lines from visits.csv added");
  await page.goto(invoicePath);
  await expect(page.getByRole("table", { name: "Lines: 1 to 50 of 60" })).toBeVisible();
  await expect(page.locator("main")).toContainText("£322.80");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Page 2" }).click();
  await expect(page.getByRole("table", { name: "Lines: 51 to 60 of 60" })).toContainText("Visit 55");
  await page.getByRole("button", { name: "Submit the invoice" }).click();
  await expect(page.getByRole("status")).toContainText("Invoice submitted to the council");
  const invoiceId = invoicePath.split("/").at(-1)!;
  await signOut(page);

  await signIn(page, "finance@clydevale.example");
  await visit(page, `/council/invoices/${invoiceId}?page=2`);
  const lines = page.getByRole("table", { name: "Lines: 51 to 60 of 60" });
  await lines.getByText("Reject or ask about line 55").click();
  await lines.getByRole("button", { name: "Reject the line on line 55" }).click();
  await expect(page.locator("#error-summary")).toContainText("Say why this line is rejected");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("table", { name: "Lines: 51 to 60 of 60" })).toBeVisible();
  await expect(page.locator(".ds_question--error")).toHaveCount(1);
  const reason = page.getByRole("textbox", { name: "Why is it rejected? (line 55)" });
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await reason.fill("No visit is recorded on the rota for this one");
  await page.getByRole("button", { name: "Reject the line on line 55" }).click();
  await expect(page.getByRole("status")).toContainText("Line rejected. The provider has been told why.");
  const row = page.getByRole("table", { name: "Lines: 51 to 60 of 60" }).getByRole("row").filter({ hasText: "Visit 55" });
  await expect(row).toContainText("Rejected");
  await expect(row).toContainText("No visit is recorded on the rota for this one");
  await expect(page.locator("main")).toContainText("£317.42");
  await expectAccessible(page);
});

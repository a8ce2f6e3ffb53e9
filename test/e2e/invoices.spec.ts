import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, visit } from "./support";

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
  await expect(summary).toContainText("nothing has been saved");
  await expect(summary).toContainText("Row 3: no person has the reference CV-999999");
  await expect(summary).toContainText('"not a date" is not a date');
  await expectAccessible(page);

  await page.getByLabel("CSV file").setInputFiles(file);
  await page.locator('label[for="keepValidOnly"]').click();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("1 lines uploaded. 1 rows with problems were left out: 3.");
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
  await table
    .getByRole("button", { name: /I did not get this support/ })
    .last()
    .click();
  await expect(page.getByRole("status")).toContainText("We have told the provider and the council");
  await expect(table).toContainText("You told us you did not get this");
  await expectAccessible(page);
});

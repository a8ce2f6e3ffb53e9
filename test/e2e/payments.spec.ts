import { expect } from "@playwright/test";
import { expectAccessible, signIn, signOut, test, tick, visit } from "./support";

test("Riverbank's administrator connects a Stripe account through onboarding", async ({ page }) => {
  await signIn(page, "admin@riverbank-care.example");
  await page.getByRole("link", { name: "How you get paid" }).first().click();
  await expect(page.getByRole("heading", { name: "How you get paid" })).toBeVisible();
  await expect(page.getByText("Not connected")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Connect a Stripe account" }).click();
  await expect(page.getByRole("heading", { name: "Set up your Stripe account" })).toBeVisible();
  await expect(page.getByText("Riverbank Community Care", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Complete onboarding" }).click();
  await expect(page).toHaveURL(/\/provider\/payments$/);
  await expect(page.getByRole("status")).toContainText("Your Stripe account is connected");
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByText("Councils pay you by Stripe.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect a Stripe account" })).toHaveCount(0);
  await expectAccessible(page);

  await visit(page, "/dev/stripe");
  const events = page.getByRole("table", { name: /events sent/ });
  await expect(events).toContainText("account.updated");
  await page.getByRole("button", { name: "Pay out to Riverbank Community Care" }).click();
  await expect(page.getByRole("status")).toContainText("payout.paid sent");
  await expect(events).toContainText("payout.paid");
  await expectAccessible(page);
});

test("a provider's administrator gives bank details, fixes a mistake, and sees them only masked", async ({ page }) => {
  await signIn(page, "admin@new-horizons.example");
  await visit(page, "/provider/payments");
  await page.getByRole("link", { name: "Give bank details" }).click();
  await expect(page.getByRole("heading", { name: "Your bank details" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Name on the account").fill("New Horizons Support");
  await page.getByLabel("Sort code").fill("30-94-5");
  await page.getByLabel("Account number").fill("0073344");
  await page.getByRole("button", { name: "Save bank details" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("The name on the account must be 18 characters or fewer, as banks send it with a BACS payment");
  await expect(summary).toContainText("Sort code must be 6 digits long, like 30-94-57");
  await expect(summary).toContainText("Account number must be 8 digits long, like 00733445");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Name on the account")).toHaveValue("New Horizons Support");
  await expect(page.getByLabel("Sort code")).toHaveValue("30-94-5");
  await expectAccessible(page);

  await page.getByLabel("Name on the account").fill("New Horizons");
  await page.getByLabel("Sort code").fill("30-94-57");
  await page.getByLabel("Account number").fill("00733445");
  await page.getByRole("button", { name: "Save bank details" }).click();
  await expect(page.getByRole("status")).toContainText("Councils will pay you by BACS into the account ending 3445");
  await expect(page.getByText("**-**-57")).toBeVisible();
  await expect(page.getByText("****3445")).toBeVisible();
  await expect(page.getByText("Councils pay you by BACS to your bank account.")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("00733445");
  expect(html).not.toContain("309457");
  expect(html).not.toContain("30-94-57");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Change bank details" }).click();
  await expect(page.getByText("You are paid into the account ****3445, sort code **-**-57.")).toBeVisible();
  await expect(page.getByLabel("Account number")).toHaveValue("");
  expect(await page.content()).not.toContain("00733445");
  await expectAccessible(page);
});

test("only provider administrators see how their organisation is paid", async ({ page }) => {
  await signIn(page, "finance@clydevale.example");
  const response = await page.goto("/provider/payments");
  expect(response?.status()).toBe(403);
  await expectAccessible(page);
});

test("the Stripe webhook refuses an unsigned delivery", async ({ request }) => {
  const response = await request.post("/webhooks/stripe", { data: '{"id":"evt_1","type":"account.updated"}', headers: { "Content-Type": "application/json" } });
  expect(response.status()).toBe(400);
  expect(await response.text()).toBe("Missing Stripe-Signature header");
});

test("Riverbank invoices from the plan, finance approves and pays by Stripe, the webhook marks it paid, and James sees the line", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/payments");
  if (await page.getByRole("button", { name: "Connect a Stripe account" }).count()) {
    await page.getByRole("button", { name: "Connect a Stripe account" }).click();
    await page.getByRole("button", { name: "Complete onboarding" }).click();
    await expect(page.getByText("Councils pay you by Stripe.")).toBeVisible();
  }
  await visit(page, "/provider/invoices");
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await page.getByRole("button", { name: "Fill in the period from the plans" }).click();
  await expect(page.getByRole("status")).toContainText("3 lines added from the plans");
  await expectAccessible(page);
  const reference = ((await page.getByRole("heading", { level: 1 }).innerText()).match(/INV-\d+/) ?? [""])[0];
  const period = (/Period\s*(\d+ \w+ \d{4} to \d+ \w+ \d{4})/.exec(await page.locator("main").innerText()) ?? [""])[1] ?? "";
  await page.getByRole("button", { name: "Submit the invoice" }).click();
  await expect(page.getByRole("status")).toContainText("Invoice submitted to the council");
  await expect(page.getByText("Awaiting approval")).toBeVisible();
  await signOut(page);

  await signIn(page, "finance@clydevale.example");
  await visit(page, "/council/invoices");
  await page.getByRole("link", { name: reference }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Approve and draw down" }).click();
  await expect(page.getByRole("status")).toContainText("Invoice approved");

  await visit(page, "/council/payment-runs");
  await page.getByRole("button", { name: "Prepare a payment run" }).click();
  await expect(page.getByRole("status")).toContainText("prepared");
  await expect(page.getByRole("table", { name: "Totals per provider" })).toContainText("Stripe");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm and pay" }).click();
  await expect(page.getByRole("status")).toContainText("Stripe transfers sent");
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: "Invoices" }).getByRole("row", { name: new RegExp(reference) })).toContainText("Paid");
  }).toPass({ timeout: 20_000 });
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "james@people.example");
  await visit(page, "/my-support/invoices");
  await expect(page.getByRole("table", { name: "Invoiced support" })).toContainText(period);
  // The approval drew the lines down from his fund today: his statement for today shows them.
  await visit(page, "/my-support");
  await page.getByRole("link", { name: /Individual Service Fund with Riverbank Community Care/ }).click();
  const today = new Date();
  for (const legend of ["From", "To"]) {
    const group = page.getByRole("group", { name: legend });
    await group.getByLabel("Day").fill(String(today.getUTCDate()));
    await group.getByLabel("Month").fill(String(today.getUTCMonth() + 1));
    await group.getByLabel("Year").fill(String(today.getUTCFullYear()));
  }
  await page.getByRole("button", { name: "Show entries" }).click();
  const statement = page.getByRole("table", { name: /Statement entries/ });
  await expect(statement).toContainText(`${reference} line 1`);
  await expect(statement).toContainText(`${reference} line 3`);
  await expectAccessible(page);
});

test("a credit note is taken off Riverbank's next payment run, and both sides see where the credit went", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("link", { name: "INV-000001", exact: true }).click();
  await tick(page.getByRole("checkbox", { name: /^Line 1:/ }));
  await page.getByLabel("Why are you giving this money back?").fill("One week's visits were cancelled");
  await page.getByRole("button", { name: "Send the credit note" }).click();
  await expect(page.getByRole("status")).toContainText("sent to the council for approval");
  const credit = ((await page.getByRole("heading", { level: 1 }).innerText()).match(/CN-\d+/) ?? [""])[0];
  await expect(page.locator("main")).toContainText("Once the council approves it, it is taken off the council's next payment to you");
  await expect(page.locator("main")).not.toContainText("Days to pay");
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "finance@clydevale.example");
  await visit(page, "/council/invoices");
  await page.getByRole("link", { name: credit, exact: true }).click();
  await page.getByRole("button", { name: "Approve and draw down" }).click();
  await expect(page.getByRole("status")).toContainText("approved");
  await visit(page, "/council/payment-runs");
  await expect(page.getByRole("table", { name: "Credit to take off providers' next payments" })).toContainText(credit);
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await expect(page.locator("main")).toContainText(/You owe Clydevale Council £[\d,.]+ of credit from approved credit notes/);
  await expect(page.getByRole("table", { name: "Your invoices and credit notes" }).getByRole("row", { name: new RegExp(credit) })).toContainText("credit");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Start an invoice" }).click();
  await page.getByRole("button", { name: "Fill in the period from the plans" }).click();
  const reference = ((await page.getByRole("heading", { level: 1 }).innerText()).match(/INV-\d+/) ?? [""])[0];
  await page.getByRole("button", { name: "Submit the invoice" }).click();
  await expect(page.getByRole("status")).toContainText("Invoice submitted to the council");
  await signOut(page);

  await signIn(page, "finance@clydevale.example");
  await visit(page, "/council/invoices");
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.getByRole("button", { name: "Approve and draw down" }).click();
  await expect(page.getByRole("status")).toContainText("Invoice approved");
  await visit(page, "/council/payment-runs");
  await page.getByRole("button", { name: "Prepare a payment run" }).click();
  await expect(page.getByRole("table", { name: "Credit notes taken off this run" })).toContainText(credit);
  await expect(page.getByRole("table", { name: "Totals per provider" })).toContainText("Credit taken off");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm and pay" }).click();
  await expect(page.getByRole("status")).toContainText("Stripe transfers sent");
  const bankPaid = page.getByRole("button", { name: "The bank has paid the BACS file" });
  if (await bankPaid.count()) await bankPaid.click();
  await signOut(page);

  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/provider/invoices");
  await page.getByRole("link", { name: credit, exact: true }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.locator("main")).toContainText(new RegExp(`off invoice ${reference} in payment run PR-\\d+, paid on`));
  }).toPass({ timeout: 20_000 });
  await expectAccessible(page);
});

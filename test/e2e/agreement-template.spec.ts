import { expect } from "@playwright/test";
import { expectAccessible, signIn, test, visit } from "./support";

test("a commissioner changes the agreement template's terms and wording as a new version", async ({ page }) => {
  await signIn(page, "commissioner@eastmuir.example");
  await visit(page, "/council/agreement-template");
  await expect(page.getByText("This is version 1.")).toBeVisible();

  await page.getByLabel("Notice period to end an agreement, in days").fill("forty");
  await page.getByLabel("Add a clause: heading").first().fill("Local arrangements");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter a whole number, like 12");
  await expect(summary).toContainText('Enter the wording of "Local arrangements"');
  await expect(summary).toContainText("Say what changed in this version");
  await expect(page.getByLabel("Add a clause: heading").first()).toHaveValue("Local arrangements");
  await expectAccessible(page);

  await page.getByLabel("Notice period to end an agreement, in days").fill("35");
  await page.getByLabel("Add a clause: wording").first().fill("{{provider.name}} will meet {{person.name}} every month.");
  await page.getByLabel("What changed in this version").fill("Longer notice and monthly meetings");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByRole("status")).toContainText("Template saved as version 2");
  await expect(page.getByLabel("Notice period to end an agreement, in days")).toHaveValue("35");
  await expect(page.getByRole("table", { name: "Earlier versions of the template" })).toContainText("Longer notice and monthly meetings");
  await expectAccessible(page);
});

test("only commissioners can change the template", async ({ page }) => {
  await signIn(page, "finance@clydevale.example");
  const response = await page.goto("/council/agreement-template");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You cannot see this page" })).toBeVisible();
  await expectAccessible(page);
});

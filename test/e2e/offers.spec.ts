import { expect } from "@playwright/test";
import { expectAccessible, signIn, signOut, test, tick, visit } from "./support";

test("a person finds support by outcome, area and budget, shortlists and compares three, and the provider answers an enquiry", async ({ page }) => {
  test.setTimeout(300_000);
  await visit(page, "/offers");
  await expect(page.getByRole("heading", { name: /offers found/ })).toBeVisible();

  await signIn(page, "morag@people.example");
  await visit(page, "/offers");
  await page.getByLabel("Outcome it helps with").selectOption({ label: "Having things to do" });
  await page.getByLabel("Area").selectOption({ label: "Riverside" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/outcome=.*locality=/);
  const before = Number((await page.getByRole("heading", { name: /offers found/ }).innerText()).split(" ")[0]);
  await expectAccessible(page);

  await page.getByLabel("Fits my budget: most I can pay").fill("30");
  await tick(page.getByLabel("Per hour"));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: "3 offers found" })).toBeVisible();
  expect(before).toBeGreaterThan(3);
  await expectAccessible(page);

  const links = page.locator(".ds_search-result__link");
  const titles = await links.allInnerTexts();
  const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
  expect(titles).toHaveLength(3);
  for (const [index, title] of titles.entries()) {
    await visit(page, hrefs[index]!);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await page.getByRole("button", { name: "Add to shortlist" }).click();
    await expect(page.getByRole("status")).toContainText("Added to your shortlist");
  }

  await visit(page, "/shortlist");
  for (const title of titles) await tick(page.getByRole("checkbox", { name: new RegExp(title.replace(/[()]/g, ".")) }));
  await page.getByRole("button", { name: "Compare offers" }).click();
  const table = page.getByRole("table", { name: "Comparing 3 offers from your shortlist" });
  await expect(table).toBeVisible();
  for (const title of titles) await expect(table.getByRole("columnheader", { name: title })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "Cost" })).toBeVisible();
  await expectAccessible(page);

  await table.getByRole("link", { name: "Out and about: community connections" }).click();
  await page.getByRole("link", { name: "Send an enquiry" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send enquiry" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your message");
  await expectAccessible(page);
  await page.getByLabel(/Your message to Riverbank Community Care/).fill("Could someone support my son to go swimming on Saturday mornings?");
  await page.getByRole("button", { name: "Send enquiry" }).click();
  await expect(page.getByRole("status")).toContainText("Your enquiry has been sent");
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "admin@riverbank-care.example");
  await visit(page, "/enquiries");
  await page.getByRole("row", { name: /Out and about.*Morag Sinclair/ }).getByRole("link").click();
  await expect(page.getByText("swimming on Saturday mornings")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Your reply").fill("Yes, Dougie can meet you at the leisure centre at 10am.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("status")).toContainText("Your message has been sent");
  await visit(page, "/provider/offers");
  await expect(page.getByRole("row", { name: /Out and about/ })).toBeVisible();
  await signOut(page);

  await signIn(page, "morag@people.example");
  await visit(page, "/");
  await page.getByRole("link", { name: /Riverbank Community Care has replied about Out and about/ }).first().click();
  await expect(page.getByText("Dougie can meet you at the leisure centre")).toBeVisible();
  await expectAccessible(page);
});

test("a visitor chooses the council, and a budget the search cannot use is named beside its field", async ({ page }) => {
  await visit(page, "/offers");
  await expect(page.getByText("Clydevale Council", { exact: true }).first()).toBeVisible();
  await page.getByLabel("Council", { exact: true }).selectOption({ label: "Eastmuir Council" });
  await page.getByRole("button", { name: "Change council" }).click();
  await expect(page).toHaveURL(/council=eastmuir/);
  await expect(page.locator(".ds_page-header__label")).toHaveText("Eastmuir Council");
  await expectAccessible(page);

  await visit(page, "/offers?council=clydevale");
  await page.getByLabel("Fits my budget: most I can pay").fill("25.555");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveTitle(/^Error: Find support/);
  await expect(page.getByRole("alert")).toContainText("Enter a budget in pounds and pence, like 25.50");
  await expect(page.getByLabel("Fits my budget: most I can pay")).toHaveValue("25.555");
  await expect(page.getByRole("heading", { name: /offers found/ })).toHaveCount(0);
  await expectAccessible(page);
});

test("comparing one offer is refused on the shortlist, the box still ticked", async ({ page }) => {
  await signIn(page, "aileen@people.example");
  await visit(page, "/offers");
  await page.locator(".ds_search-result__link").first().click();
  await page.getByRole("button", { name: "Add to shortlist" }).click();
  await expect(page.getByRole("status")).toContainText("Added to your shortlist");
  await visit(page, "/shortlist");
  const box = page.getByRole("checkbox").first();
  await tick(box);
  await page.getByRole("button", { name: "Compare offers" }).click();
  await expect(page).toHaveTitle(/^Error: Your shortlist/);
  await expect(page.getByRole("alert")).toContainText("Select at least 2 offers to compare");
  await expect(page.getByRole("checkbox").first()).toBeChecked();
  await expectAccessible(page);
});

test("a provider creates, previews, publishes and pauses an offer", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "admin@kirkmuir-wellbeing.example");
  await visit(page, "/provider/offers");
  await page.getByRole("link", { name: "Create an offer" }).click();
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Mindful mornings");
  await page.getByLabel("Summary").fill("Too short");
  await page.getByLabel("Amount").first().fill("12.345");
  await page.getByRole("button", { name: "Save as draft" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Choose the type of support");
  await expectAccessible(page);

  await page.getByLabel("Type of support (framework lot)").selectOption({ label: "Mental health and wellbeing" });
  await page.getByLabel("Summary").fill("Calm, guided mindfulness sessions on weekday mornings to help with stress, sleep and low mood.");
  await page.getByLabel("What the support looks like day to day").fill("Small groups meet at the Old School hall.");
  for (const name of ["Being as well as possible", "Kirkmuir", "At a venue"]) await tick(page.getByRole("checkbox", { name, exact: true }));
  await tick(page.getByRole("radio", { name: "Yes, agreed with each person" }));
  await page.getByLabel("Amount").first().fill("14.50");
  await page.getByLabel("For", { exact: true }).first().selectOption({ label: "per session" });
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("status")).toContainText("Offer saved as a draft");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Preview the offer as people will see it" }).click();
  await expect(page.getByText("This is a preview. Only your organisation can see it.")).toBeVisible();
  await expectAccessible(page);
  const offerUrl = page.url().replace("/provider/offers/", "/offers/").replace("/preview", "");
  expect((await page.request.get(offerUrl)).status()).toBe(404);

  await page.getByRole("link", { name: "Back to managing this offer" }).click();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText("The offer has been published");
  expect((await page.request.get(offerUrl)).status()).toBe(200);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("status")).toContainText("The offer has been paused");
  expect((await page.request.get(offerUrl)).status()).toBe(404);
  await expectAccessible(page);
});

test("a commissioner maintains the council's lists", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "commissioner@clydevale.example");
  await visit(page, "/council/lists?list=care_group");
  await page.getByLabel("Name").fill("Harbour");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("status")).toContainText('"Harbour" has been added');
  await page.getByRole("button", { name: "Move up Harbour" }).click();
  await page.getByRole("button", { name: "Retire Harbour" }).click();
  await expect(page.getByRole("row", { name: /Harbour/ })).toContainText("Retired");
  await page.getByRole("link", { name: "Rename Harbour" }).click();
  await expect(page.getByRole("heading", { name: 'Rename "Harbour"' })).toBeVisible();
  await page.getByLabel("Name").fill("Harbour and Quay");
  await page.getByRole("button", { name: "Save the new name" }).click();
  await expect(page.getByRole("row", { name: /Harbour and Quay/ })).toBeVisible();
  await expectAccessible(page);
});

test("the Open Referral feed is open to any site", async ({ request }) => {
  const response = await request.get("/openreferral/services?per_page=5");
  expect(response.headers()["access-control-allow-origin"]).toBe("*");
  const body = await response.json();
  expect(body).toMatchObject({ page_number: 1, size: 5, first_page: true, empty: false });
  expect(body.total_items).toBeGreaterThanOrEqual(23);
  const one = await request.get(`/openreferral/services/${body.contents[0].id}`);
  expect((await one.json()).cost_options.length).toBeGreaterThan(0);
  expect((await request.get("/openreferral/services/not-an-id")).status()).toBe(404);
  expect((await request.get("/offers?q=%22NEAR(%2A&page=99999")).status()).toBe(200);

  const long = await request.get(`/openreferral/services?text=${"care%20".repeat(3_000)}`);
  expect(long.status()).toBe(200);
  expect(long.headers()["access-control-allow-origin"]).toBe("*");
  expect((await long.json()).contents).toBeInstanceOf(Array);
  const tooLong = await request.get(`/openreferral/services?text=${"care%20".repeat(12_000)}`);
  expect(tooLong.status()).toBe(431);
  expect(tooLong.headers()["access-control-allow-origin"]).toBe("*");
  expect(await tooLong.json()).toHaveProperty("error");

  const openapi = await request.get((await (await request.get("/openreferral/")).json()).openapi_url.replace(/^https?:\/\/[^/]+/, ""));
  expect(openapi.headers()["access-control-allow-origin"]).toBe("*");
  expect(await openapi.json()).toMatchObject({ openapi: "3.0.3", paths: { "/services": expect.any(Object) } });
});

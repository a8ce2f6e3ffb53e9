import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { offers } from "@db/schema";
import { demoOfferId } from "@db/seed/offers";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { changeOfferStatus } from "~/domain/offers/offers.server";
import { addToShortlist } from "~/domain/offers/shortlist.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { loaderAnswer } from "../../test/loader";
import { loader as offerLoader } from "./offers.$offerId._index";
import { loader as searchLoader } from "./offers._index";
import { loader as compareLoader } from "./shortlist.compare";
import { loader as shortlistLoader } from "./shortlist._index";

let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
});

async function requestAs(email: string | null, path: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  return new Request(`http://localhost:3000${path}`, { ...init, headers });
}

const search = async (query: string, email: string | null = null) => loaderAnswer(await searchLoader({ request: await requestAs(email, `/offers?${query}`), params: {}, context: {} }));

describe("the search page", () => {
  it("refuses a budget it cannot read, with the problem beside the field, what was typed kept and no results", async () => {
    const { status, page } = await search("budget=25.555&budgetUnit=week&age=abc&q=garden");
    expect(status).toBe(400);
    expect(page.problems?.fieldErrors).toEqual({
      budget: "Enter a budget in pounds and pence, like 25.50",
      age: "Enter the person's age as a whole number of years, from 0 to 130, like 30",
    });
    expect(page.values).toMatchObject({ budget: "25.555", budgetUnit: "week", age: "abc", q: "garden" });
    expect(page.page).toBeNull();
    const fixed = await search("budget=25.50&age=30");
    expect(fixed.status).toBe(200);
    expect(fixed.page.problems).toBeNull();
    expect(fixed.page.page?.total).toBeGreaterThan(0);
  });

  it("lets a visitor who is not signed in choose the council whose offers they see", async () => {
    const first = await search("");
    expect(first.page.council?.name).toBe("Clydevale Council");
    expect(first.page.councils.map((c) => c.name)).toEqual(["Clydevale Council", "Eastmuir Council"]);
    const eastmuir = await search("council=eastmuir");
    expect(eastmuir.page.council?.name).toBe("Eastmuir Council");
    expect(eastmuir.page.values.council).toBe("eastmuir");
  });
});

describe("an offer's page", () => {
  it("counts a view by a visitor, not by the provider's own staff nor when the page is shown again from itself", async () => {
    const id = demoOfferId(2);
    const views = () => db.select({ n: offers.viewCount }).from(offers).where(eq(offers.id, id)).get()!.n;
    const open = async (email: string | null, headers: Record<string, string> = {}) =>
      offerLoader({ request: await requestAs(email, `/offers/${id}`, { headers }), params: { offerId: id }, context: {} });
    const before = views();
    await open(null, { Referer: "http://localhost:3000/offers?q=home" });
    await open("morag@people.example");
    expect(views()).toBe(before + 2);
    await open("morag@people.example", { Referer: `http://localhost:3000/offers/${id}` });
    await open("admin@riverbank-care.example");
    await open(null, { Referer: `http://localhost:3000/offers/${id}` });
    expect(views()).toBe(before + 2);
  });
});

describe("comparing shortlisted offers", () => {
  const AILEEN = "aileen@people.example";
  const query = (...ns: number[]) => ["compare=yes", ...ns.map((n) => `offer=${demoOfferId(n)}`)].join("&");
  const shortlistPage = async (search: string) => loaderAnswer(await shortlistLoader({ request: await requestAs(AILEEN, `/shortlist?${search}`), params: {}, context: {} }));
  const comparePage = async (search: string) => compareLoader({ request: await requestAs(AILEEN, `/shortlist/compare?${search}`), params: {}, context: {} });

  beforeAll(() => {
    for (const n of [1, 3, 4, 5, 6]) addToShortlist(db, actorFor(db, AILEEN), demoOfferId(n));
  });

  it("refuses one or five offers on the shortlist itself, with a 400, an error and the boxes still ticked", async () => {
    for (const [ns, message] of [
      [[1], "Select at least 2 offers to compare"],
      [[1, 3, 4, 5, 6], "Select no more than 4 offers to compare"],
      [[], "Select at least 2 offers to compare"],
    ] as const) {
      const { status, page } = await shortlistPage(query(...ns));
      expect(status).toBe(400);
      if (!("items" in page)) throw new Error("sent elsewhere");
      expect(page.problems).toEqual({ fieldErrors: { offer: message }, values: { offer: ns.map(demoOfferId) } });
      expect(page.items).toHaveLength(5);
    }
  });

  it("goes on to the comparison with two to four, and a link with a wrong number comes back to the shortlist", async () => {
    const chosen = await shortlistPage(query(1, 3));
    expect(chosen.page).toBeInstanceOf(Response);
    expect((chosen.page as unknown as Response).headers.get("Location")).toBe(`/shortlist/compare?${query(1, 3)}`);
    const wrong = (await comparePage(query(1))) as unknown as Response;
    expect(wrong.status).toBe(302);
    expect(wrong.headers.get("Location")).toBe(`/shortlist?${query(1)}`);
  });

  it("compares the offers still available when one has been paused, naming the one left out", async () => {
    changeOfferStatus(db, actorFor(db, "admin@riverbank-care.example"), demoOfferId(4), "pause");
    const page = await comparePage(query(1, 3, 4));
    if (!("offers" in page)) throw new Error(`status ${page.status}`);
    expect(page.offers.map((o) => o.id)).toEqual([demoOfferId(1), demoOfferId(3)]);
    expect(page.leftOut).toEqual(["Riverside Saturday club"]);
  });
});

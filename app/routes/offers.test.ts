import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { offers, people, representatives } from "@db/schema";
import { demoOfferId } from "@db/seed/offers";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { changeOfferStatus } from "~/domain/offers/offers.server";
import { addOutcome, addRepresentative, createPerson, recordAssessment, recordBudget } from "~/domain/people/people.server";
import { addToShortlist } from "~/domain/offers/shortlist.server";
import { addDays, todayIso } from "~/lib/dates";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor, makeUser } from "../../test/factories";
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

  it("compares a budget per session, per day or per week only with offers priced the same way, and says so", async () => {
    const cheapSessions = await search("budget=40&budgetUnit=session");
    expect(cheapSessions.status).toBe(200);
    expect(cheapSessions.page.values.budgetUnit).toBe("session");
    expect(cheapSessions.page.budgetFilter).toBe("£40.00 or less per session");
    const found = cheapSessions.page.page!.results;
    expect(found.map((r) => r.title)).toEqual(expect.arrayContaining(["Walk and talk", "Green gym and gardening", "Autism-friendly social evenings"]));
    expect(found.map((r) => r.title)).not.toContain("Riverside Saturday club");
    const days = (await search("budget=100&budgetUnit=day")).page.page!.results.map((r) => r.title);
    expect(days).toEqual(["Day breaks with activities"]);
    const unknown = await search("budget=25&budgetUnit=package");
    expect(unknown.page.values.budgetUnit).toBe("hour");
    expect(unknown.page.budgetFilter).toBe("£25.00 or less per hour");
    expect((await search("budgetUnit=day")).page.budgetFilter).toBeNull();
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

describe("the budget and outcomes in view while browsing", () => {
  const practitioner = () => actorFor(db, "practitioner@clydevale.example");
  const yesterday = () => addDays(todayIso(), -1);

  it("shows a representative who may only view the person's budget, its split and their outcomes, with nothing to spend", async () => {
    const callum = db.select().from(people).where(eq(people.reference, "CV-101456")).get()!;
    const viewer = makeUser(db, "representative", { councilId: callum.councilId });
    const rep = addRepresentative(db, practitioner(), callum.id, {
      name: viewer.name, kind: "family", relationship: "Uncle", basis: "Chosen by Callum", documentReference: "", authority: "view", startsOn: yesterday(), endsOn: "", email: "", phone: "",
    });
    db.update(representatives).set({ userId: viewer.id }).where(eq(representatives.id, rep.id)).run();
    const { page } = await search("", viewer.email);
    expect(page.budgets).toEqual([
      {
        personId: callum.id,
        name: "Callum Baird",
        self: false,
        budget: expect.objectContaining({ amountPence: 988_000, period: "year", ended: false, options: [{ option: 2, pence: 988_000 }] }),
        option2: null,
        outcomes: expect.arrayContaining([expect.objectContaining({ outcome: "Carer able to continue caring", ownWords: "Mum gets a break on Friday evenings" })]),
      },
    ]);
  });

  it("shows a person with no Option 2 amount their budget's split and outcomes, and nobody else's", async () => {
    const user = makeUser(db, "supported_person", { councilId: practitioner().councilId });
    const person = createPerson(db, practitioner(), {
      name: "Ishbel Grant", reference: `CV-T${user.id.slice(0, 6)}`, dateOfBirth: "1950-02-03", address: "3 Shore Road", postcode: "", localityId: "", careGroupId: "",
      email: user.email, phone: "", contactMethod: "post", accessibleFormats: [], communicationNeeds: "",
    });
    db.update(people).set({ userId: user.id }).where(eq(people.id, person.id)).run();
    expect((await search("", user.email)).page.budgets).toEqual([{ personId: person.id, name: "Ishbel Grant", self: true, budget: null, option2: null, outcomes: [] }]);

    recordAssessment(db, practitioner(), person.id, { assessedOn: yesterday(), eligible: true, summary: "" });
    recordBudget(db, practitioner(), person.id, {
      amountPence: 520_000, period: "year", startsOn: yesterday(), endsOn: "", basis: "agreed_package", basisDetail: "", contributionPence: 0,
      option1Pence: 120_000, option2Pence: 0, option3Pence: 400_000, reason: "",
    });
    const outcome = councilList(db, person.councilId, "outcome")[0]!;
    addOutcome(db, practitioner(), person.id, { outcomeId: outcome.id, ownWords: "Swim at the baths on Tuesdays" });
    const [mine] = (await search("", user.email)).page.budgets;
    expect(mine).toMatchObject({
      self: true,
      budget: { amountPence: 520_000, options: [{ option: 1, pence: 120_000 }, { option: 3, pence: 400_000 }] },
      option2: null,
      outcomes: [{ outcome: outcome.label, ownWords: "Swim at the baths on Tuesdays" }],
    });
    expect((await search("", "morag@people.example")).page.budgets.map((b) => b.name)).toEqual(["Morag Sinclair"]);
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

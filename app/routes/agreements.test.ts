import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { people, representatives } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { loaderAnswer } from "../../test/loader";
import { loader as listLoader } from "./agreements._index";
import { loader as chooseLoader } from "./agreements.new";
import { loader as offersLoader } from "./offers._index";
import { loader as personLoader } from "./people.$personId._index";

let db: Db;
const personId = (reference: string) => db.select().from(people).where(eq(people.reference, reference)).get()!.id;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  // Aileen may also see Morag's record, but only view it.
  db.insert(representatives)
    .values({ personId: personId("CV-100234"), name: "Aileen Baird", kind: "family", basis: "Chosen by Morag", authority: "view", startsOn: "2020-01-01", userId: actorFor(db, "aileen@people.example").id })
    .run();
});

async function requestAs(email: string | null, path: string): Promise<Request> {
  const headers = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  return new Request(`http://localhost:3000${path}`, { headers });
}

/** The loader's answer, or the status of the response it threw. */
async function run<T>(load: () => Promise<T>): Promise<T | number> {
  try {
    const result = await load();
    return result instanceof Response && result.status !== 200 ? result.status : result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const choose = async (email: string, query = "") => run(async () => chooseLoader({ request: await requestAs(email, `/agreements/new${query}`), params: {}, context: {} }));

describe("choosing a provider", () => {
  it("is refused to a representative who may only view the person", async () => {
    expect(await choose("aileen@people.example", `?person=${personId("CV-100234")}`)).toBe(403);
    const page = await choose("aileen@people.example");
    if (typeof page === "number") throw new Error(`status ${page}`);
    expect(page.people.map((p) => p.name)).toEqual(["Callum Baird"]);
  });

  it("is open to the person and to their practitioner", async () => {
    const own = await choose("morag@people.example");
    if (typeof own === "number") throw new Error(`status ${own}`);
    expect(own.people.map((p) => p.name)).toEqual(["Morag Sinclair"]);
    const practitioner = await choose("practitioner@clydevale.example", `?person=${personId("CV-100234")}`);
    if (typeof practitioner === "number") throw new Error(`status ${practitioner}`);
    expect(practitioner.people.map((p) => p.name)).toEqual(["Morag Sinclair"]);
    expect(await choose("practitioner@eastmuir.example", `?person=${personId("CV-100234")}`)).toBe(404);
  });
});

const ok = <T,>(answer: T | number): T => {
  if (typeof answer === "number") throw new Error(`status ${answer}`);
  return answer;
};

describe("finding a person's agreements", () => {
  it("shows them on the person's record", async () => {
    const id = personId("CV-100234");
    const page = ok(await run(async () => personLoader({ request: await requestAs("practitioner@clydevale.example", `/people/${id}`), params: { personId: id }, context: {} })));
    expect(page.agreements.rows).toEqual([expect.objectContaining({ provider: "Glenburn Home Support", status: "issued", isfPence: 280_000 })]);
  });

  it("lists one person's agreements on the agreements page, or those matching a name", async () => {
    const list = async (email: string, query: string) => ok(await run(async () => listLoader({ request: await requestAs(email, `/agreements?${query}`), params: {}, context: {} })));
    const morag = await list("commissioner@clydevale.example", `person=${personId("CV-100234")}`);
    expect(morag.rows.map((r) => r.person)).toEqual(["Morag Sinclair"]);
    expect(morag.person).toEqual({ id: personId("CV-100234"), name: "Morag Sinclair" });
    expect((await list("commissioner@clydevale.example", "q=whyte")).rows.map((r) => r.person)).toEqual(["James Whyte"]);
    expect((await list("commissioner@clydevale.example", "q=CV-101456")).rows.map((r) => r.person)).toEqual(["Callum Baird"]);
    const elsewhere = await list("commissioner@eastmuir.example", `person=${personId("CV-100234")}`);
    expect(elsewhere).toMatchObject({ total: 0, person: null });
  });
});

describe("finding support", () => {
  const offers = async (email: string | null) => loaderAnswer(ok(await run(async () => offersLoader({ request: await requestAs(email, "/offers?council=clydevale"), params: {}, context: {} })))).page;

  it("shows a signed-in person their budget and what their agreements leave of its Option 2 amount", async () => {
    const morag = await offers("morag@people.example");
    expect(morag.budgets).toEqual([
      expect.objectContaining({
        name: "Morag Sinclair",
        self: true,
        budget: expect.objectContaining({ amountPence: 1_456_000, period: "year", startsOn: "2026-04-01", endsOn: "2027-03-31", options: [{ option: 2, pence: 1_456_000 }] }),
        option2: expect.objectContaining({ to: "2027-03-31" }),
      }),
    ]);
    // Her agreement with Glenburn takes £2,800 of the year's last 87 days; the rest is there for a new one.
    expect(morag.budgets![0]!.option2!.availablePence).toBeGreaterThan(0);
    expect((await offers("james@people.example")).budgets).toEqual([expect.objectContaining({ name: "James Whyte", option2: expect.objectContaining({ availablePence: 0 }) })]);
    // Aileen chooses and signs for Callum, and may only view Morag's support: she sees both budgets, and what is left to spend of Callum's.
    expect((await offers("aileen@people.example")).budgets).toEqual([
      expect.objectContaining({ name: "Callum Baird", self: false, option2: expect.objectContaining({ availablePence: expect.any(Number) }) }),
      expect.objectContaining({ name: "Morag Sinclair", self: false, budget: expect.objectContaining({ amountPence: 1_456_000 }), option2: null }),
    ]);
    expect((await offers("commissioner@clydevale.example")).budgets).toEqual([]);
    expect((await offers(null)).budgets).toEqual([]);
  });
});

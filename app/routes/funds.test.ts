import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { auditEvents, isfAccounts, people } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor, makeIsfAccount } from "../../test/factories";
import { pdfText } from "../../test/pdf";
import { loader as accountLoader } from "./funds.$accountId._index";
import { loader as statementLoader } from "./funds.$accountId.statement[.]pdf";
import { loader as listLoader } from "./funds._index";
import { loader as mySupportLoader } from "./my-support.$personId";

let db: Db;
let jamesAccountId: string;
let jamesPersonId: string;
let otherCouncilAccountId: string;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const james = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
  jamesPersonId = james.id;
  jamesAccountId = db.select().from(isfAccounts).where(eq(isfAccounts.personId, james.id)).get()!.id;
  otherCouncilAccountId = makeIsfAccount(db).account.id;
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

const account = async (email: string | null, query = "") =>
  run(async () => accountLoader({ request: await requestAs(email, `/funds/${jamesAccountId}${query}`), params: { accountId: jamesAccountId }, context: {} }));

describe("the account page", () => {
  it("shows James his balance, chart, spending per outcome and the first page of his statement", async () => {
    const page = await account("james@people.example");
    if (typeof page === "number") throw new Error(`status ${page}`);
    expect(page.title).toBe("Your Individual Service Fund");
    expect(page.summary.sentence).toMatch(/^£[\d,.]+ left of £18,000 for this year$/);
    expect(page.summary.series.length).toBeGreaterThan(3);
    expect(page.surplus).toMatch(/^(£[\d,.]+ of the fund is unspent beyond what the plan expected by now[.:] |None: spending is on plan or ahead of it\.$)/);
    expect(page.outcomes.map((o) => o.label)).toEqual(expect.arrayContaining(["Having things to do"]));
    expect(page.statement.lines[0]).toMatchObject({ kind: "opening_budget", amount: 1_800_000, balance: 1_800_000 });
    expect(page.statement.count).toBe(18);
    expect(page.views).toEqual([]);
  });

  it("filters the statement by dates, and refuses an end before the start", async () => {
    const all = await account("james@people.example");
    if (typeof all === "number") throw new Error(`status ${all}`);
    const second = all.statement.lines[1]!.entryDate;
    const ranged = await account("james@people.example", `?from=${second}&to=${second}`);
    if (typeof ranged === "number") throw new Error(`status ${ranged}`);
    expect(ranged.statement.lines.every((l) => l.entryDate === second)).toBe(true);
    expect(ranged.statement.openingBalance).toBe(1_800_000);
    const wrong = await account("james@people.example", "?from-day=2&from-month=6&from-year=2026&to-day=1&to-month=6&to-year=2026");
    if (typeof wrong === "number") throw new Error(`status ${wrong}`);
    expect(wrong.problems.fieldErrors.to).toBe("The end date must be the same as or after the start date");
    expect(wrong.statement.count).toBe(18);
  });

  it("lets the provider of the agreement and the council's staff in, and records the council's views", async () => {
    expect(typeof (await account("admin@riverbank-care.example"))).toBe("object");
    for (const email of ["practitioner@clydevale.example", "commissioner@clydevale.example", "finance@clydevale.example"]) {
      const page = await account(email);
      if (typeof page === "number") throw new Error(`${email}: status ${page}`);
      expect(page.views[0]?.name).toBe(actorFor(db, email).name);
    }
    const views = db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, jamesAccountId), eq(auditEvents.action, "isf_account.viewed"))).all();
    expect(views).toHaveLength(3);
  });

  it("answers 404 to another person, a representative of someone else, another provider and another council", async () => {
    for (const email of ["morag@people.example", "aileen@people.example", "admin@glenburn-support.example", "practitioner@eastmuir.example", "commissioner@eastmuir.example"]) {
      expect([email, await account(email)]).toEqual([email, 404]);
    }
    expect(await account(null)).toBe(302);
    const other = await run(async () =>
      accountLoader({ request: await requestAs("finance@clydevale.example", `/funds/${otherCouncilAccountId}`), params: { accountId: otherCouncilAccountId }, context: {} }),
    );
    expect(other).toBe(404);
  });

  it("is linked from James's My support page", async () => {
    const page = await run(async () => mySupportLoader({ request: await requestAs("james@people.example", `/my-support/${jamesPersonId}`), params: { personId: jamesPersonId }, context: {} }));
    if (typeof page === "number" || page instanceof Response) throw new Error(`status ${String(page)}`);
    expect(page.funds.map((f) => f.id)).toEqual([jamesAccountId]);
  });
});

describe("the statement download", () => {
  const download = async (email: string, query: string) =>
    run(async () => statementLoader({ request: await requestAs(email, `/funds/${jamesAccountId}/statement.pdf${query}`), params: { accountId: jamesAccountId }, context: {} }));

  it("gives James a PDF of any period, standard or Easy Read", async () => {
    const opening = db.select().from(isfAccounts).where(eq(isfAccounts.id, jamesAccountId)).get()!.periodStart;
    const standard = await download("james@people.example", `?from=${opening}&to=${opening}`);
    if (!(standard instanceof Response)) throw new Error(`status ${String(standard)}`);
    expect(standard.headers.get("Content-Type")).toBe("application/pdf");
    expect(standard.headers.get("Content-Disposition")).toMatch(/^attachment; filename="statement-CV-100871-/);
    const text = pdfText(new Uint8Array(await standard.arrayBuffer()));
    expect(text).toContain("Individual Service Fund statement");
    expect(text).toContain("James Whyte");
    expect(text).toContain("Riverbank Community Care");
    expect(text).toContain("£18,000.00");
    const easy = await download("james@people.example", "?format=easy-read");
    if (!(easy instanceof Response)) throw new Error(`status ${String(easy)}`);
    expect(easy.headers.get("Content-Disposition")).toContain("-easy-read.pdf");
    expect(pdfText(new Uint8Array(await easy.arrayBuffer())).length).toBeGreaterThan(100);
  });

  it("refuses a period ending before it starts (400) and anyone who may not see the account (404)", async () => {
    expect(await download("james@people.example", "?from=2026-06-02&to=2026-06-01")).toBe(400);
    expect(await download("morag@people.example", "")).toBe(404);
    expect(await download("admin@glenburn-support.example", "")).toBe(404);
    expect(await download("practitioner@eastmuir.example", "")).toBe(404);
  });
});

describe("the list of funds", () => {
  const list = async (email: string, query = "") => run(async () => listLoader({ request: await requestAs(email, `/funds${query}`), params: {}, context: {} }));

  it("shows a provider only its own funds, and the council all of its own", async () => {
    const riverbank = await list("admin@riverbank-care.example");
    if (typeof riverbank === "number") throw new Error(`status ${riverbank}`);
    expect(riverbank.rows.map((r) => r.account.id)).toEqual([jamesAccountId]);
    const glenburn = await list("admin@glenburn-support.example");
    if (typeof glenburn === "number") throw new Error(`status ${glenburn}`);
    expect(glenburn.rows).toEqual([]);
    const council = await list("commissioner@clydevale.example");
    if (typeof council === "number") throw new Error(`status ${council}`);
    expect(council.rows.map((r) => r.person?.name)).toEqual(["James Whyte"]);
    expect(council.localities.map((l) => l.label)).toContain("Riverside");
    const eastmuir = await list("practitioner@eastmuir.example");
    if (typeof eastmuir === "number") throw new Error(`status ${eastmuir}`);
    expect(eastmuir.rows).toEqual([]);
  });

  it("filters by provider, locality and flag", async () => {
    const riverside = council.localityId("Riverside");
    const byLocality = await list("finance@clydevale.example", `?locality=${riverside}`);
    const elsewhere = await list("finance@clydevale.example", `?locality=${council.localityId("Northfield")}`);
    const byOtherProvider = await list("finance@clydevale.example", `?provider=${actorFor(db, "admin@glenburn-support.example").organisationId}`);
    const byFlag = await list("finance@clydevale.example", "?flag=forecast_overspend");
    if ([byLocality, elsewhere, byOtherProvider, byFlag].some((r) => typeof r === "number")) throw new Error("refused");
    const rows = (r: typeof byLocality) => (typeof r === "number" ? [] : r.rows.map((row) => row.account.id));
    expect(rows(byLocality)).toEqual([jamesAccountId]);
    expect(rows(elsewhere)).toEqual([]);
    expect(rows(byOtherProvider)).toEqual([]);
    const jamesFlags = typeof byLocality === "number" ? [] : byLocality.rows[0]!.figures.flags;
    expect(rows(byFlag)).toEqual(jamesFlags.includes("forecast_overspend") ? [jamesAccountId] : []);
  });

  it("is not for people and representatives (403)", async () => {
    expect(await list("james@people.example")).toBe(403);
  });
});

const council = {
  localityId(label: string): string {
    const row = db.$client.prepare("select id from council_list_items where kind = 'locality' and label = ?").get(label) as { id: string } | undefined;
    if (!row) throw new Error(`No locality ${label}`);
    return row.id;
  },
};

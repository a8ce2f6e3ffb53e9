import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { loader as dashboardCsv } from "./commissioning.dashboard.$table[.]csv";
import { loader as releases } from "./open-data.ocds.releases[.]json";
import { loader as sdsCsv } from "./reports.sds-return[.]csv";

let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
});

async function get(load: typeof dashboardCsv, path: string, email: string | null, params: Record<string, string> = {}): Promise<Response> {
  const headers = new Headers();
  if (email) headers.set("Cookie", await commitSessionCookie(createSession(db, actorFor(db, email).id).token));
  try {
    return (await load({ request: new Request(`http://localhost:3000${path}`, { headers }), params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const YEAR = "from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027";

describe("exports", () => {
  it("give the commissioner the dashboard's tables as CSV with counts only", async () => {
    const response = await get(dashboardCsv, "/commissioning/dashboard/lots.csv", "commissioner@clydevale.example", { table: "lots" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="dashboard-lots-/);
    expect(await response.text()).toContain('"Care at home"');
    const people = await get(dashboardCsv, "/commissioning/dashboard/people-by-locality.csv", "commissioner@clydevale.example", { table: "people-by-locality" });
    const text = await people.text();
    for (const name of ["Morag", "James", "Callum", "CV-100234"]) expect(text).not.toContain(name);
  });

  it("show another council's commissioner only their own council, and refuse practitioners, finance, providers and people", async () => {
    const other = await get(dashboardCsv, "/commissioning/dashboard/lots.csv", "commissioner@eastmuir.example", { table: "lots" });
    expect(other.status).toBe(200);
    expect(await other.text()).not.toContain("Care at home");
    for (const email of ["practitioner@clydevale.example", "finance@clydevale.example", "admin@riverbank-care.example", "morag@people.example", "aileen@people.example"]) {
      expect((await get(dashboardCsv, "/commissioning/dashboard/lots.csv", email, { table: "lots" })).status, email).toBe(403);
    }
    expect((await get(dashboardCsv, "/commissioning/dashboard/lots.csv", null, { table: "lots" })).status).toBe(302);
  });

  it("give the SDS return as CSV to the council's practitioners and commissioners only", async () => {
    const response = await get(sdsCsv, `/reports/sds-return.csv?${YEAR}`, "practitioner@clydevale.example");
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('"All people","Total",0,2,0,1,0,3');
    const eastmuir = await (await get(sdsCsv, `/reports/sds-return.csv?${YEAR}`, "commissioner@eastmuir.example")).text();
    expect(eastmuir).toContain('"All people","Total",0,0,0,0,0,0');
    for (const email of ["finance@clydevale.example", "admin@riverbank-care.example", "morag@people.example"]) {
      expect((await get(sdsCsv, `/reports/sds-return.csv?${YEAR}`, email)).status, email).toBe(403);
    }
    expect((await get(sdsCsv, "/reports/sds-return.csv?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2027", "practitioner@clydevale.example")).status).toBe(400);
  });

  it("publish the OCDS release package to anyone, readable from any site", async () => {
    const response = await get(releases, "/open-data/ocds/releases.json?council=clydevale", null);
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = (await response.json()) as { version: string; releases: { tag: string[] }[] };
    expect(body.version).toBe("1.1");
    expect(body.releases.filter((r) => r.tag.includes("award"))).toHaveLength(4);
    expect((await get(releases, "/open-data/ocds/releases.json?council=nowhere", null)).status).toBe(404);
  });
});

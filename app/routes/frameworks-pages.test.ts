import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { loader as homeLoader } from "./_index";
import { loader as notificationsLoader } from "./notifications";
import { action as registerAction } from "./register-provider";

let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
});

async function requestAs(email: string | null, path: string, form?: Record<string, string>): Promise<Request> {
  const headers = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  if (!form) return new Request(`http://localhost:3000${path}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", "http://localhost:3000");
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
}

/** The answer, or the status of the response returned or thrown. */
async function run(load: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await load();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const init = (result as { init?: { status?: number } }).init;
      return { status: init?.status ?? 200, data: (result as { data: unknown }).data };
    }
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("registering an organisation", () => {
  it("answers the same for an address that already has an account as for a new one", async () => {
    const register = async (email: string) =>
      run(async () =>
        registerAction({ request: await requestAs(null, "/register-provider", { organisationName: "Loch Side Care", type: "charity", name: "Isla Grant", email }), params: {}, context: {} }),
      );
    expect(await register("isla@lochside.example")).toEqual({ sentTo: "isla@lochside.example" });
    expect(await register("admin@riverbank-care.example")).toEqual({ sentTo: "admin@riverbank-care.example" });
  });
});

describe("notifications and the provider's home page", () => {
  it("has a notifications page for every signed-in user, linked from the home page", async () => {
    const page = async (email: string | null) => run(async () => notificationsLoader({ request: await requestAs(email, "/notifications"), params: {}, context: {} }));
    expect(await page(null)).toBe(302);
    for (const email of ["admin@riverbank-care.example", "commissioner@clydevale.example", "morag@people.example", "practitioner@eastmuir.example"]) {
      expect(await page(email)).toMatchObject({ page: 1, rows: expect.any(Array) });
    }
  });

  it("shows a provider its evidence to renew on its home page, and nobody else", async () => {
    const home = async (email: string) => (await run(async () => homeLoader({ request: await requestAs(email, "/"), params: {}, context: {} }))) as { evidence: unknown; unread: number };
    expect((await home("admin@riverbank-care.example")).evidence).toEqual({
      actionNeeded: false,
      items: [expect.objectContaining({ text: expect.stringMatching(/^Public liability insurance for Self-directed Support Provider Framework 2026–2030 expires on .+, in 21 days$/), renew: expect.stringMatching(/^\/provider\/applications\/.+\/criteria\/.+/) })],
    });
    expect((await home("admin@glenburn-support.example")).evidence).toEqual({ actionNeeded: false, items: [] });
    expect((await home("commissioner@clydevale.example")).evidence).toBeNull();
  });
});

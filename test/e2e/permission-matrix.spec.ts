import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_ORIGIN } from "../../playwright.config";
import { readDemoIds } from "../demo-ids";
import { PERSONAS, POLICY, type DemoIds, type Outcome, type Persona } from "../permission-policy";
import { E2E_PASSWORD, test } from "./support";

type BuiltRoute = { id: string; path?: string; module: { default?: unknown; loader?: unknown } };

/** Every route of the built app that answers GET (a page or a resource with a loader). */
async function builtRoutes(): Promise<string[]> {
  const buildPath = new URL("../../build/index.js", import.meta.url).href;
  const build = (await import(buildPath)) as { routes: Record<string, BuiltRoute> };
  return Object.values(build.routes)
    .filter((route) => route.id !== "root" && (route.module.default || route.module.loader))
    .map((route) => route.id)
    .sort();
}

/** Ids the sample paths need, read from the service's own database. */
function demoIds(): DemoIds {
  const db = new Database("test/.tmp/e2e.db", { readonly: true, fileMustExist: true });
  try {
    return readDemoIds(db);
  } finally {
    db.close();
  }
}

async function contextFor(persona: Persona): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: { Origin: E2E_ORIGIN } });
  const email = PERSONAS[persona];
  if (email) {
    const response = await context.post("/login", { form: { email, password: E2E_PASSWORD }, maxRedirects: 0 });
    expect(response.status(), `${persona} signs in`).toBe(302);
  }
  return context;
}

function outcomeOf(status: number, location: string | undefined): Outcome | `status ${number}` {
  if (status === 200) return "ok";
  if (status === 403) return "forbidden";
  if (status === 404) return "hidden";
  if (status === 405) return "method";
  if (status >= 300 && status < 400) return location?.startsWith("/login") ? "login" : "away";
  return `status ${status}`;
}

test("every route of the app has a row in the permission policy", async () => {
  const missing = (await builtRoutes()).filter((id) => !POLICY[id]);
  expect(missing, "routes without a policy row in test/permission-policy.ts").toEqual([]);
});

// Each kind of visitor is its own test, so the two workers share the walk. The matrix runs before the journeys
// (see playwright.config.ts), on the demo data as loaded: no journey has yet given a provider a new person.
test.describe.configure({ mode: "parallel" });

for (const persona of Object.keys(PERSONAS) as Persona[]) {
  test(`every route answers ${persona === "anonymous" ? "an anonymous visitor" : `the ${persona} persona`} as the policy says`, async () => {
    test.setTimeout(300_000);
    const ids = demoIds();
    const mismatches: string[] = [];
    let cells = 0;
    const context = await contextFor(persona);
    for (const [routeId, policy] of Object.entries(POLICY)) {
      const path = typeof policy.path === "function" ? policy.path(ids) : policy.path;
      const response = await context.get(path, { maxRedirects: 0 });
      const actual = outcomeOf(response.status(), response.headers()["location"]);
      cells++;
      if (actual !== policy.expect[persona]) mismatches.push(`${routeId} (${path}) as ${persona}: expected ${policy.expect[persona]}, got ${actual}`);
    }
    await context.dispose();
    expect(mismatches).toEqual([]);
    expect(cells).toBe(Object.keys(POLICY).length);
  });
}

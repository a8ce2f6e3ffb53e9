import { expect } from "@playwright/test";
import { PERSONAS, POLICY, type Persona } from "../permission-policy";
import { builtRoutes, contextFor, demoIds, outcomeOf, pathOf } from "./matrix";
import { test } from "./support";

test("every route of the app has a row in the permission policy", async () => {
  const missing = (await builtRoutes()).filter((route) => route.get && !POLICY[route.id]).map((route) => route.id);
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
      const path = pathOf(policy, ids);
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

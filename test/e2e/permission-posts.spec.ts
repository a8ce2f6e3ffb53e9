import { expect } from "@playwright/test";
import Database from "better-sqlite3";
import { PERSONAS, POLICY, postRefusals, type Persona } from "../permission-policy";
import { builtRoutes, contextFor, demoIds, E2E_DATABASE, outcomeOf, pathOf } from "./matrix";
import { test } from "./support";

/**
 * The POST half of the permission matrix: every route with a form, posted to by every persona the policy says it
 * refuses (another provider posting to Riverbank's invoice, another council's finance to Clydevale's payment run,
 * anyone signed out), with the service's own Origin and an intent no form has. Each post must be refused (sent to
 * sign in, 403 or 404) and must change nothing: no other connection may have committed anything to the database
 * meanwhile (SQLite's `data_version`). It runs on its own, after the GET walk and before the journeys (see
 * playwright.config.ts), so that nothing else writes while it watches.
 */
test("every form refuses a post from everyone the policy refuses, and the refused post changes nothing", async () => {
  test.setTimeout(120_000);
  const formRoutes = (await builtRoutes()).filter((route) => route.post).map((route) => route.id);
  expect(formRoutes.filter((id) => !POLICY[id]), "routes with a form but no policy row").toEqual([]);

  const ids = demoIds();
  const personas = Object.keys(PERSONAS) as Persona[];
  const contexts = new Map(await Promise.all(personas.map(async (persona) => [persona, await contextFor(persona)] as const)));
  const watcher = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  const version = () => watcher.pragma("data_version", { simple: true }) as number;

  const mismatches: string[] = [];
  let cells = 0;
  try {
    for (const routeId of formRoutes) {
      const policy = POLICY[routeId]!;
      const path = pathOf(policy, ids);
      for (const [persona, expected] of postRefusals(policy)) {
        const before = version();
        const response = await contexts.get(persona)!.post(path, { form: { intent: "not-an-intent-of-this-form" }, maxRedirects: 0 });
        const actual = outcomeOf(response.status(), response.headers()["location"]);
        cells++;
        if (actual !== expected) mismatches.push(`POST ${routeId} (${path}) as ${persona}: expected ${expected}, got ${actual}`);
        if (version() !== before) mismatches.push(`POST ${routeId} (${path}) as ${persona} changed the database`);
      }
    }
  } finally {
    watcher.close();
    await Promise.all([...contexts.values()].map((context) => context.dispose()));
  }
  expect(mismatches).toEqual([]);
  console.log(`Permission matrix, POST: ${cells} cells over ${formRoutes.length} routes with a form`);
});

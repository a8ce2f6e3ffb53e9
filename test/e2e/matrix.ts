import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_ORIGIN } from "../../playwright.config";
import { readDemoIds } from "../demo-ids";
import { PERSONAS, type DemoIds, type Outcome, type Persona, type RoutePolicy } from "../permission-policy";
import { E2E_PASSWORD } from "./support";

/** What the permission matrix's two walks (GET and POST) share: the built routes, the demo ids, signed-in contexts. */

type BuiltRoute = { id: string; path?: string; module: { default?: unknown; loader?: unknown; action?: unknown } };

/** Every route of the built app, with whether it answers GET (a page or a resource with a loader) and POST (a form's action). */
export async function builtRoutes(): Promise<{ id: string; get: boolean; post: boolean }[]> {
  const buildPath = new URL("../../build/index.js", import.meta.url).href;
  const build = (await import(buildPath)) as { routes: Record<string, BuiltRoute> };
  return Object.values(build.routes)
    .filter((route) => route.id !== "root")
    .map((route) => ({ id: route.id, get: Boolean(route.module.default || route.module.loader), post: Boolean(route.module.action) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const E2E_DATABASE = "test/.tmp/e2e.db";

/** Ids the sample paths need, read from the service's own database. */
export function demoIds(): DemoIds {
  const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    return readDemoIds(db);
  } finally {
    db.close();
  }
}

export const pathOf = (policy: RoutePolicy, ids: DemoIds) => (typeof policy.path === "function" ? policy.path(ids) : policy.path);

/** A request context for the persona, signed in (every request carries the service's own Origin, as its forms do). */
export async function contextFor(persona: Persona): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: { Origin: E2E_ORIGIN } });
  const email = PERSONAS[persona];
  if (email) {
    const response = await context.post("/login", { form: { email, password: E2E_PASSWORD }, maxRedirects: 0 });
    expect(response.status(), `${persona} signs in`).toBe(302);
  }
  return context;
}

export function outcomeOf(status: number, location: string | undefined): Outcome | `status ${number}` {
  if (status === 200) return "ok";
  if (status === 403) return "forbidden";
  if (status === 404) return "hidden";
  if (status === 405) return "method";
  if (status >= 300 && status < 400) return location?.startsWith("/login") ? "login" : "away";
  return `status ${status}`;
}

import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_ORIGIN } from "../../playwright.config";
import { PERSONAS, POLICY, type DemoIds, type Outcome, type Persona } from "../permission-policy";
import { E2E_PASSWORD } from "./support";

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
    const ids: DemoIds = {};
    for (const row of db.prepare("select slug, id from councils").all() as { slug: string; id: string }[]) ids[`council:${row.slug}`] = row.id;
    for (const row of db.prepare("select reference, id from frameworks").all() as { reference: string; id: string }[]) {
      ids[`framework:${row.reference}`] = row.id;
      ids[`lot:${row.reference}`] = (db.prepare("select id from framework_lots where framework_id = ? order by position limit 1").get(row.id) as { id: string }).id;
      ids[`criterion:${row.reference}`] = (db.prepare("select id from framework_criteria where framework_id = ? order by position limit 1").get(row.id) as { id: string }).id;
    }
    for (const row of db.prepare("select o.name, a.id from provider_applications a join organisations o on o.id = a.organisation_id").all() as { name: string; id: string }[]) {
      ids[`application:${row.name}`] = row.id;
      const document = db.prepare("select id from evidence_documents where application_id = ? limit 1").get(row.id) as { id: string } | undefined;
      if (document) ids[`document:${row.name}`] = document.id;
    }
    for (const row of db.prepare("select reference, id from people").all() as { reference: string; id: string }[]) ids[`person:${row.reference}`] = row.id;
    const first = (query: string) => (db.prepare(query).get() as { id: string } | undefined)?.id ?? "none";
    ids["offer:riverbank"] = first(
      "select o.id from offers o join organisations g on g.id = o.organisation_id where g.name = 'Riverbank Community Care' and o.status = 'published' order by o.created_at desc limit 1",
    );
    ids["enquiry:morag"] = first("select e.id from enquiries e join users u on u.id = e.person_user_id where u.email = 'morag@people.example' limit 1");
    const funds = db.prepare("select p.reference, a.id from isf_accounts a join people p on p.id = a.person_id").all() as { reference: string; id: string }[];
    for (const row of funds) ids[`fund:${row.reference}`] = row.id;
    const entries = db
      .prepare("select p.reference, e.id from ledger_entries e join isf_accounts a on a.id = e.account_id join people p on p.id = a.person_id where e.kind = 'drawdown' order by e.sequence")
      .all() as { reference: string; id: string }[];
    for (const row of entries) ids[`entry:${row.reference}`] = row.id;
    const agreements = db
      .prepare("select a.id, lower(substr(p.name, 1, instr(p.name, ' ') - 1)) as first from agreements a join people p on p.id = a.person_id order by a.created_at")
      .all() as { id: string; first: string }[];
    for (const row of agreements) ids[`agreement:${row.first}`] ??= row.id;
    for (const row of db.prepare("select id, lower(substr(name, 1, instr(name, ' ') - 1)) as first from people").all() as { id: string; first: string }[]) {
      ids[`person:${row.first}`] ??= row.id;
    }
    const invoice = (status: string) =>
      (db.prepare("select i.id from invoices i join organisations o on o.id = i.provider_organisation_id where o.name = 'Riverbank Community Care' and i.status = ? order by i.reference").get(status) as { id: string } | undefined)?.id ?? "none";
    ids["invoice:riverbank"] = invoice("submitted");
    ids["invoice:paid"] = invoice("paid");
    ids["invoice:queried"] = invoice("queried");
    ids["line:queried"] = first(`select id from invoice_lines where invoice_id = '${ids["invoice:queried"]}' order by position limit 1`);
    ids["upload:queried"] = first(`select id from invoice_uploads where invoice_id = '${ids["invoice:queried"]}' order by uploaded_at limit 1`);
    return ids;
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

test("every route answers each kind of visitor as the policy says", async () => {
  test.setTimeout(600_000);
  const ids = demoIds();
  const mismatches: string[] = [];
  let cells = 0;
  for (const persona of Object.keys(PERSONAS) as Persona[]) {
    const context = await contextFor(persona);
    for (const [routeId, policy] of Object.entries(POLICY)) {
      const path = typeof policy.path === "function" ? policy.path(ids) : policy.path;
      const response = await context.get(path, { maxRedirects: 0 });
      const actual = outcomeOf(response.status(), response.headers()["location"]);
      cells++;
      if (actual !== policy.expect[persona]) mismatches.push(`${routeId} (${path}) as ${persona}: expected ${policy.expect[persona]}, got ${actual}`);
    }
    await context.dispose();
  }
  expect(mismatches).toEqual([]);
  expect(cells).toBe(Object.keys(POLICY).length * Object.keys(PERSONAS).length);
});

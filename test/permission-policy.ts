/**
 * The declared permission policy: for every route of the app and every kind of visitor, what must happen
 * when they open it. test/e2e/permission-matrix.spec.ts checks every cell against the running service, and
 * fails for any route of the built app that has no row here.
 */
export const PERSONAS = {
  anonymous: null,
  person: "morag@people.example",
  representative: "aileen@people.example",
  practitioner: "practitioner@clydevale.example",
  commissioner: "commissioner@clydevale.example",
  finance: "finance@clydevale.example",
  provider: "admin@riverbank-care.example",
  otherCouncilPractitioner: "practitioner@eastmuir.example",
  otherCouncilCommissioner: "commissioner@eastmuir.example",
} as const;

export type Persona = keyof typeof PERSONAS;

/** ok: 200 · login: sent to sign in · forbidden: 403 · hidden: 404 (existence not confirmed) · away: redirected elsewhere */
export type Outcome = "ok" | "login" | "forbidden" | "hidden" | "away";

/** Ids from the demo data that sample paths can use. */
export type DemoIds = Record<string, string>;

export type RoutePolicy = {
  /** The path to request; a function when it needs an id from the demo data. */
  path: string | ((ids: DemoIds) => string);
  expect: Record<Persona, Outcome>;
};

const personas = Object.keys(PERSONAS) as Persona[];

/** The same outcome for everyone. */
export const everyone = (outcome: Outcome) => Object.fromEntries(personas.map((p) => [p, outcome])) as Record<Persona, Outcome>;

/** Anonymous visitors are sent to sign in; the listed personas get in; everyone else gets `otherwise`. */
export const only = (allowed: Persona[], otherwise: Outcome = "forbidden") =>
  Object.fromEntries(personas.map((p) => [p, p === "anonymous" ? "login" : allowed.includes(p) ? "ok" : otherwise])) as Record<Persona, Outcome>;

export const signedIn = () => only(personas.filter((p) => p !== "anonymous"));

export const POLICY: Record<string, RoutePolicy> = {
  "routes/_index": { path: "/", expect: everyone("ok") },
  "routes/login": { path: "/login", expect: { ...everyone("away"), anonymous: "ok" } },
  "routes/logout": { path: "/logout", expect: everyone("away") },
  "routes/signed-out": { path: "/signed-out", expect: everyone("ok") },
  "routes/forgot-password": { path: "/forgot-password", expect: everyone("ok") },
  "routes/reset-password.$token": { path: "/reset-password/not-a-real-token", expect: everyone("ok") },
  "routes/account._index": { path: "/account", expect: signedIn() },
  "routes/account.password": { path: "/account/password", expect: signedIn() },
  "routes/healthz": { path: "/healthz", expect: everyone("ok") },
  "routes/accessibility": { path: "/accessibility", expect: everyone("ok") },
  "routes/privacy": { path: "/privacy", expect: everyone("ok") },
  "routes/cookies": { path: "/cookies", expect: everyone("ok") },
  "routes/dev.outbox": { path: "/dev/outbox", expect: everyone("ok") },
  "routes/$": { path: "/no-such-page", expect: everyone("hidden") },
  "routes/people._index": { path: "/people", expect: only(["practitioner", "commissioner", "otherCouncilPractitioner", "otherCouncilCommissioner"]) },
  "routes/people.new": { path: "/people/new", expect: only(["practitioner", "otherCouncilPractitioner"]) },
  "routes/people.$personId._index": { path: (ids) => `/people/${ids["person:CV-100234"]}`, expect: { ...only(["practitioner", "commissioner"], "hidden"), person: "away" } },
  ...Object.fromEntries(
    ["details", "assessment", "budget", "options", "outcomes", "invite", "close", "representatives.new"].map((page) => [
      `routes/people.$personId.${page}`,
      {
        path: (ids: DemoIds) => `/people/${ids["person:CV-100234"]}/${page.replace(".", "/")}`,
        expect: { ...only(["practitioner"], "hidden"), commissioner: "forbidden", person: "forbidden" },
      },
    ]),
  ),
  "routes/people.$personId.record[.]pdf": { path: (ids) => `/people/${ids["person:CV-100234"]}/record.pdf`, expect: only(["practitioner", "commissioner", "person"], "hidden") },
  "routes/invitation.$token": { path: "/invitation/not-a-real-token", expect: everyone("ok") },
  "routes/my-support._index": { path: "/my-support", expect: { ...only([]), person: "away", representative: "away" } },
  "routes/my-support.$personId": {
    path: (ids) => `/my-support/${ids["person:CV-100234"]}`,
    expect: { ...only(["person"], "hidden"), practitioner: "away", commissioner: "away" },
  },
  "routes/open-data._index": { path: "/open-data", expect: everyone("ok") },
  "routes/open-data.ocds.releases[.]json": { path: "/open-data/ocds/releases.json?council=clydevale", expect: everyone("ok") },
  "routes/commissioning.dashboard._index": { path: "/commissioning/dashboard", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/commissioning.dashboard.$table[.]csv": { path: "/commissioning/dashboard/spend.csv", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/reports.sds-return._index": { path: "/reports/sds-return", expect: only(["practitioner", "commissioner", "otherCouncilPractitioner", "otherCouncilCommissioner"]) },
  "routes/reports.sds-return[.]csv": {
    path: "/reports/sds-return.csv?from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027",
    expect: only(["practitioner", "commissioner", "otherCouncilPractitioner", "otherCouncilCommissioner"]),
  },
  "routes/council.agreement-template": { path: "/council/agreement-template", expect: only(["commissioner", "otherCouncilCommissioner"]) },
};

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
  "routes/council.agreement-template": { path: "/council/agreement-template", expect: only(["commissioner", "otherCouncilCommissioner"]) },

  // People (rows kept here until the people area's own rows are merged). Sample: Morag's record.
  "routes/invitation.$token": { path: "/invitation/not-a-real-token", expect: everyone("ok") },
  "routes/people._index": { path: "/people", expect: only(["practitioner", "commissioner", "otherCouncilPractitioner", "otherCouncilCommissioner"]) },
  "routes/people.new": { path: "/people/new", expect: only(["practitioner", "otherCouncilPractitioner"]) },
  "routes/people.$personId._index": { path: (ids) => `/people/${ids["person:morag"]}`, expect: only(["person", "practitioner", "commissioner"], "hidden") },
  ...Object.fromEntries(
    ["assessment", "budget", "close", "details", "invite", "options", "outcomes", "representatives.new"].map((page) => [
      `routes/people.$personId.${page}`,
      {
        path: (ids: DemoIds) => `/people/${ids["person:morag"]}/${page.replace(".", "/")}`,
        expect: { ...only(["practitioner"], "hidden"), person: "forbidden", commissioner: "forbidden" } as Record<Persona, Outcome>,
      },
    ]),
  ),

  // Agreements. Samples: James's active agreement with Riverbank; Morag's with Glenburn, issued and waiting for her
  // signature; Callum's with Kirkmuir, signed (by his mother Aileen) and waiting for approval.
  "routes/agreements._index": { path: "/agreements", expect: signedIn() },
  "routes/agreements.new": { path: "/agreements/new", expect: only(["person", "representative"]) },
  "routes/agreements.$agreementId._index": { path: (ids) => `/agreements/${ids["agreement:james"]}`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.pdf": { path: (ids) => `/agreements/${ids["agreement:james"]}/pdf`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.easy-read": { path: (ids) => `/agreements/${ids["agreement:james"]}/easy-read`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.notice": {
    path: (ids) => `/agreements/${ids["agreement:james"]}/notice`,
    expect: { ...only(["practitioner", "commissioner", "provider"], "hidden"), finance: "forbidden" },
  },
  "routes/agreements.$agreementId.draft": {
    path: (ids) => `/agreements/${ids["agreement:morag"]}/draft`,
    expect: { ...only([], "hidden"), person: "away", practitioner: "away", commissioner: "forbidden", finance: "forbidden" },
  },
  "routes/agreements.$agreementId.check": {
    path: (ids) => `/agreements/${ids["agreement:morag"]}/check`,
    expect: { ...only([], "hidden"), person: "away", practitioner: "away", commissioner: "forbidden", finance: "forbidden" },
  },
  "routes/agreements.$agreementId.sign": {
    path: (ids) => `/agreements/${ids["agreement:morag"]}/sign`,
    expect: { ...only(["person", "practitioner", "commissioner"], "hidden"), finance: "forbidden" },
  },
  "routes/agreements.$agreementId.approve": {
    path: (ids) => `/agreements/${ids["agreement:callum"]}/approve`,
    expect: { ...only(["commissioner"], "hidden"), representative: "forbidden", practitioner: "forbidden", finance: "forbidden" },
  },
};

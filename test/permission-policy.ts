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
  "routes/provider.invoices._index": { path: "/provider/invoices", expect: only(["provider"]) },
  "routes/provider.invoices.$invoiceId._index": { path: (ids) => `/provider/invoices/${ids["invoice:riverbank"]}`, expect: only(["provider"], "hidden") },
  "routes/provider.invoices.$invoiceId.upload": { path: (ids) => `/provider/invoices/${ids["invoice:riverbank"]}/upload`, expect: only(["provider"], "hidden") },
  "routes/provider.invoices.template[.csv]": { path: "/provider/invoices/template.csv", expect: everyone("ok") },
  "routes/invoices.$invoiceId.pdf": { path: (ids) => `/invoices/${ids["invoice:riverbank"]}/pdf`, expect: only(["provider", "finance"], "hidden") },
  "routes/invoices.$invoiceId.remittance": { path: (ids) => `/invoices/${ids["invoice:paid"]}/remittance`, expect: only(["provider", "finance"], "hidden") },
  "routes/council.invoices._index": { path: "/council/invoices", expect: only(["finance"]) },
  "routes/council.invoices.$invoiceId": { path: (ids) => `/council/invoices/${ids["invoice:riverbank"]}`, expect: { ...only(["finance"], "hidden"), provider: "forbidden" } },
  "routes/council.payment-runs._index": { path: "/council/payment-runs", expect: only(["finance"]) },
  "routes/council.payment-runs.$runId._index": { path: "/council/payment-runs/not-a-run", expect: { ...everyone("hidden"), anonymous: "login" } },
  "routes/council.payment-runs.$runId.bank-file": { path: "/council/payment-runs/not-a-run/bank-file", expect: { ...everyone("hidden"), anonymous: "login" } },
  "routes/council.prompt-payment": { path: "/council/prompt-payment", expect: only(["finance"]) },
  "routes/my-support.invoices": { path: "/my-support/invoices", expect: only(["person", "representative"]) },
};

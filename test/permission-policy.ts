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
  "routes/council.lists": { path: "/council/lists?list=locality", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/offers._index": { path: "/offers?q=support&sort=cost", expect: everyone("ok") },
  "routes/offers.$offerId._index": { path: (ids) => `/offers/${ids["offer:riverbank"]}`, expect: everyone("ok") },
  "routes/offers.$offerId.enquire": { path: (ids) => `/offers/${ids["offer:riverbank"]}/enquire`, expect: only(["person", "representative"]) },
  "routes/shortlist._index": { path: "/shortlist", expect: only(["person", "representative"]) },
  "routes/shortlist.compare": { path: "/shortlist/compare", expect: only(["person", "representative"]) },
  "routes/enquiries._index": { path: "/enquiries", expect: only(["person", "representative", "provider"]) },
  "routes/enquiries.$enquiryId": { path: (ids) => `/enquiries/${ids["enquiry:morag"]}`, expect: only(["person", "provider"], "hidden") },
  "routes/provider.offers._index": { path: "/provider/offers", expect: only(["provider"]) },
  "routes/provider.offers.new": { path: "/provider/offers/new", expect: only(["provider"]) },
  "routes/provider.offers.$offerId._index": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}`, expect: only(["provider"]) },
  "routes/provider.offers.$offerId.edit": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}/edit`, expect: only(["provider"]) },
  "routes/provider.offers.$offerId.preview": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}/preview`, expect: only(["provider"]) },
  "routes/openreferral._index": { path: "/openreferral/", expect: everyone("ok") },
  "routes/openreferral.services._index": { path: "/openreferral/services?text=home&page=2&per_page=5", expect: everyone("ok") },
  "routes/openreferral.services.$id": { path: (ids) => `/openreferral/services/${ids["offer:riverbank"]}`, expect: everyone("ok") },
  "routes/openreferral.taxonomies": { path: "/openreferral/taxonomies", expect: everyone("ok") },
  "routes/openreferral.taxonomy_terms": { path: "/openreferral/taxonomy_terms", expect: everyone("ok") },
};

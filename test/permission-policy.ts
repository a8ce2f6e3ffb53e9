import type { DemoIds } from "./demo-ids";

/**
 * The declared permission policy: for every route of the app and every kind of visitor, what must happen
 * when they open it, and, for a route with a form, when a visitor it refuses posts to it.
 * test/e2e/permission-matrix.spec.ts checks every GET cell against the running service, and fails for any route
 * of the built app that has no row here; test/e2e/permission-posts.spec.ts checks every POST cell.
 */
export const PERSONAS = {
  anonymous: null,
  person: "morag@people.example",
  representative: "aileen@people.example",
  practitioner: "practitioner@clydevale.example",
  commissioner: "commissioner@clydevale.example",
  finance: "finance@clydevale.example",
  provider: "admin@riverbank-care.example",
  /** Another admitted provider of the same council: Riverbank's invoices, funds and offers are not theirs. */
  otherProvider: "admin@kirkmuir-wellbeing.example",
  otherCouncilPractitioner: "practitioner@eastmuir.example",
  otherCouncilCommissioner: "commissioner@eastmuir.example",
  otherCouncilFinance: "finance@eastmuir.example",
  /** A provider that has not applied to any framework: it has no agreements, offers or invoices. */
  newProvider: "admin@new-horizons.example",
} as const;

export type Persona = keyof typeof PERSONAS;

/** ok: 200 · login: sent to sign in · forbidden: 403 · hidden: 404 (existence not confirmed) · away: redirected elsewhere · method: 405 (not a page) */
export type Outcome = "ok" | "login" | "forbidden" | "hidden" | "away" | "method";

export type { DemoIds };

/** What a refused form post must get: sent to sign in, 403 or 404. */
export type Refusal = "login" | "forbidden" | "hidden";
const REFUSALS: readonly Outcome[] = ["login", "forbidden", "hidden"] satisfies Refusal[];

export type RoutePolicy = {
  /** The path to request; a function when it needs an id from the demo data. */
  path: string | ((ids: DemoIds) => string);
  expect: Record<Persona, Outcome>;
  /**
   * For a route with a form: the refusal a persona's post gets where it differs from what the same persona gets
   * opening the page, where a persona who may open the page may not post to it, or "ok" where a persona refused
   * the page may still use the form. Everyone whose GET is refused is refused the POST in the same way unless said
   * here; personas who may use the form are never posted as.
   */
  post?: Partial<Record<Persona, Refusal | "ok">>;
};

/** The personas a route's form must refuse, each with the refusal it must get. */
export function postRefusals(policy: RoutePolicy): [Persona, Refusal][] {
  return personas.flatMap((persona): [Persona, Refusal][] => {
    const refusal = policy.post?.[persona] ?? policy.expect[persona];
    return REFUSALS.includes(refusal) ? [[persona, refusal as Refusal]] : [];
  });
}

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
  "routes/notifications": { path: "/notifications", expect: signedIn() },
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
    ["details", "assessment", "budget", "options", "outcomes", "invite", "close", "representatives.new", "practitioner"].map((page) => [
      `routes/people.$personId.${page}`,
      {
        path: (ids: DemoIds) => `/people/${ids["person:CV-100234"]}/${page.replace(".", "/")}`,
        expect: { ...only(["practitioner"], "hidden"), commissioner: "forbidden", person: "forbidden" },
      },
    ]),
  ),
  ...Object.fromEntries(
    [
      ["routes/people.$personId.representatives.$representativeId._index", ""],
      ["routes/people.$personId.representatives.$representativeId.end", "/end"],
    ].map(([routeId, page]) => [
      routeId!,
      {
        path: (ids: DemoIds) => `/people/${ids["person:CV-101456"]}/representatives/${ids["representative:aileen"]}${page}`,
        expect: { ...only(["practitioner"], "hidden"), commissioner: "forbidden" },
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
  "routes/funds._index": {
    path: "/funds",
    expect: only(["practitioner", "commissioner", "finance", "provider", "otherProvider", "newProvider", "otherCouncilPractitioner", "otherCouncilCommissioner", "otherCouncilFinance"]),
  },
  "routes/funds.$accountId._index": { path: (ids) => `/funds/${ids["fund:CV-100871"]}`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/funds.$accountId.entries.new": {
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/new`,
    expect: { ...only(["finance"], "hidden"), practitioner: "forbidden", commissioner: "forbidden", provider: "forbidden" },
  },
  "routes/funds.$accountId.entries.$entryId._index": {
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/${ids["entry:CV-100871"]}`,
    expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden"),
    // Only the person and those acting for them say they did not get the support a payment was for.
    post: { practitioner: "forbidden", commissioner: "forbidden", finance: "forbidden", provider: "forbidden" },
  },
  "routes/funds.$accountId.entries.$entryId.reverse": {
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/${ids["entry:CV-100871"]}/reverse`,
    expect: { ...only(["finance"], "hidden"), practitioner: "forbidden", commissioner: "forbidden", provider: "forbidden" },
  },
  "routes/funds.$accountId.statement[.]pdf": {
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/statement.pdf`,
    expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden"),
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

  "routes/frameworks._index": { path: "/frameworks", expect: everyone("ok") },
  "routes/frameworks.$frameworkId": { path: (ids) => `/frameworks/${ids["framework:CV-SDS-2026"]}`, expect: everyone("ok") },
  "routes/register-provider": { path: "/register-provider", expect: everyone("ok") },
  "routes/commissioning.frameworks._index": { path: "/commissioning/frameworks", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/commissioning.frameworks.new": { path: "/commissioning/frameworks/new", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/commissioning.frameworks.$frameworkId._index": { path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}`, expect: only(["commissioner"], "hidden") },
  "routes/commissioning.frameworks.$frameworkId.edit": { path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/edit`, expect: only(["commissioner"], "hidden") },
  "routes/commissioning.frameworks.$frameworkId.lots.$lotId": {
    path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/lots/${ids["lot:CV-SDS-2026"]}`,
    expect: only(["commissioner"], "hidden"),
  },
  "routes/commissioning.frameworks.$frameworkId.criteria.$criterionId": {
    path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/criteria/${ids["criterion:CV-SDS-2026"]}`,
    expect: only(["commissioner"], "hidden"),
  },
  "routes/commissioning.applications._index": { path: "/commissioning/applications", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/commissioning.applications.$applicationId": { path: (ids) => `/commissioning/applications/${ids["application:Riverbank Community Care"]}`, expect: only(["commissioner"], "hidden") },
  "routes/commissioning.compliance": { path: "/commissioning/compliance", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/documents.$documentId": { path: (ids) => `/documents/${ids["document:Riverbank Community Care"]}`, expect: only(["commissioner", "provider"], "hidden") },
  "routes/provider.frameworks": { path: "/provider/frameworks", expect: only(["provider", "otherProvider", "newProvider"], "hidden") },
  "routes/provider.organisation._index": { path: "/provider/organisation", expect: only(["provider", "otherProvider", "newProvider"], "hidden") },
  "routes/provider.organisation.edit": { path: "/provider/organisation/edit", expect: only(["provider", "otherProvider", "newProvider"], "hidden") },
  "routes/provider.organisation.invite": { path: "/provider/organisation/invite", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.applications.$applicationId._index": { path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}`, expect: only(["provider"], "hidden") },
  "routes/provider.applications.$applicationId.lots": { path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/lots`, expect: only(["provider"], "hidden") },
  "routes/provider.applications.$applicationId.declarations": {
    path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/declarations`,
    expect: only(["provider"], "hidden"),
  },
  "routes/provider.applications.$applicationId.submitted": {
    path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/submitted`,
    expect: only(["provider"], "hidden"),
  },
  // An admitted application can no longer be changed, so its editing pages do not exist even for its provider.
  "routes/provider.applications.$applicationId.check": { path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/check`, expect: only([], "hidden") },
  "routes/provider.applications.$applicationId.clarification": {
    path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/clarification`,
    expect: only([], "hidden"),
  },
  // An admitted provider may still update each answer and its evidence (the council is told).
  "routes/provider.applications.$applicationId.criteria.$criterionId": {
    path: (ids) => `/provider/applications/${ids["application:Riverbank Community Care"]}/criteria/${ids["criterion:CV-SDS-2026"]}`,
    expect: only(["provider"], "hidden"),
  },
  "routes/provider.payments._index": { path: "/provider/payments", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.payments.bank-details": { path: "/provider/payments/bank-details", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.payments.stripe-refresh": { path: "/provider/payments/stripe-refresh", expect: { ...only([]), provider: "away", otherProvider: "away", newProvider: "away" } },
  "routes/provider.payments.stripe-return": { path: "/provider/payments/stripe-return", expect: { ...only([]), provider: "away", otherProvider: "away", newProvider: "away" } },
  "routes/dev.stripe": { path: "/dev/stripe", expect: everyone("ok") },
  "routes/dev.stripe-onboarding": { path: "/dev/stripe-onboarding?account=acct_unknown", expect: everyone("hidden") },
  "routes/webhooks.stripe": { path: "/webhooks/stripe", expect: everyone("method") },
  "routes/council.lists": { path: "/council/lists?list=locality", expect: only(["commissioner", "otherCouncilCommissioner"]) },
  "routes/offers._index": { path: "/offers?q=support&sort=cost", expect: everyone("ok") },
  "routes/offers.$offerId._index": { path: (ids) => `/offers/${ids["offer:riverbank"]}`, expect: everyone("ok") },
  "routes/offers.$offerId.enquire": { path: (ids) => `/offers/${ids["offer:riverbank"]}/enquire`, expect: only(["person", "representative"]) },
  "routes/shortlist._index": { path: "/shortlist", expect: only(["person", "representative"]) },
  // With no offers chosen, the comparison sends people back to their shortlist to choose some.
  "routes/shortlist.compare": { path: "/shortlist/compare", expect: { ...only(["person", "representative"]), person: "away", representative: "away" } },
  "routes/enquiries._index": { path: "/enquiries", expect: only(["person", "representative", "provider", "otherProvider", "newProvider"]) },
  "routes/enquiries.$enquiryId": { path: (ids) => `/enquiries/${ids["enquiry:morag"]}`, expect: only(["person", "provider"], "hidden") },
  "routes/provider.offers._index": { path: "/provider/offers", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.offers.new": { path: "/provider/offers/new", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.offers.$offerId._index": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}`, expect: { ...only(["provider"]), otherProvider: "hidden", newProvider: "hidden" } },
  "routes/provider.offers.$offerId.edit": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}/edit`, expect: { ...only(["provider"]), otherProvider: "hidden", newProvider: "hidden" } },
  "routes/provider.offers.$offerId.preview": { path: (ids) => `/provider/offers/${ids["offer:riverbank"]}/preview`, expect: { ...only(["provider"]), otherProvider: "hidden", newProvider: "hidden" } },
  "routes/openreferral._index": { path: "/openreferral/", expect: everyone("ok") },
  "routes/openreferral.services._index": { path: "/openreferral/services?text=home&page=2&per_page=5", expect: everyone("ok") },
  "routes/openreferral.services.$id": { path: (ids) => `/openreferral/services/${ids["offer:riverbank"]}`, expect: everyone("ok") },
  "routes/openreferral.taxonomies": { path: "/openreferral/taxonomies", expect: everyone("ok") },
  "routes/openreferral.taxonomy_terms": { path: "/openreferral/taxonomy_terms", expect: everyone("ok") },
  "routes/openreferral.openapi[.]json": { path: "/openreferral/openapi.json", expect: everyone("ok") },
  // Agreements. Samples: James's active agreement with Riverbank; Morag's with Glenburn, issued and waiting for her
  // signature; Callum's with Kirkmuir, signed (by his mother Aileen) and waiting for approval.
  "routes/agreements._index": { path: "/agreements", expect: signedIn() },
  // Practitioners choose a provider from a person's record (the page needs the person), so they may post the form.
  "routes/agreements.new": { path: "/agreements/new", expect: only(["person", "representative"]), post: { practitioner: "ok", otherCouncilPractitioner: "ok" } },
  "routes/agreements.$agreementId._index": { path: (ids) => `/agreements/${ids["agreement:james"]}`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.pdf": { path: (ids) => `/agreements/${ids["agreement:james"]}/pdf`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.easy-read": { path: (ids) => `/agreements/${ids["agreement:james"]}/easy-read`, expect: only(["practitioner", "commissioner", "finance", "provider"], "hidden") },
  "routes/agreements.$agreementId.notice": {
    path: (ids) => `/agreements/${ids["agreement:james"]}/notice`,
    expect: { ...only(["practitioner", "commissioner", "provider"], "hidden"), finance: "forbidden" },
  },
  "routes/agreements.$agreementId.review": {
    path: (ids) => `/agreements/${ids["agreement:james"]}/review`,
    expect: { ...only(["provider"], "hidden"), practitioner: "forbidden", commissioner: "forbidden", finance: "forbidden" },
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
    // Callum's provider (Kirkmuir) and his representative know the agreement, but only commissioners approve it.
    expect: { ...only(["commissioner"], "hidden"), representative: "forbidden", practitioner: "forbidden", finance: "forbidden", otherProvider: "forbidden" },
  },
  "routes/provider.invoices._index": { path: "/provider/invoices", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.invoices.new": { path: "/provider/invoices/new", expect: only(["provider", "otherProvider", "newProvider"]) },
  "routes/provider.invoices.$invoiceId._index": { path: (ids) => `/provider/invoices/${ids["invoice:riverbank"]}`, expect: only(["provider"], "hidden") },
  "routes/provider.invoices.$invoiceId.upload": { path: (ids) => `/provider/invoices/${ids["invoice:riverbank"]}/upload`, expect: only(["provider"], "hidden") },
  "routes/provider.invoices.$invoiceId.uploads.$uploadId.problems[.csv]": {
    path: (ids) => `/provider/invoices/${ids["invoice:queried"]}/uploads/${ids["upload:queried"]}/problems.csv`,
    expect: only(["provider"], "hidden"),
  },
  "routes/provider.invoices.$invoiceId.lines.$lineId": {
    path: (ids) => `/provider/invoices/${ids["invoice:queried"]}/lines/${ids["line:queried"]}`,
    expect: only(["provider"], "hidden"),
  },
  "routes/provider.invoices.template[.csv]": { path: "/provider/invoices/template.csv", expect: everyone("ok") },
  "routes/invoices.$invoiceId.pdf": { path: (ids) => `/invoices/${ids["invoice:riverbank"]}/pdf`, expect: only(["provider", "finance"], "hidden") },
  "routes/invoices.$invoiceId.remittance": { path: (ids) => `/invoices/${ids["invoice:paid"]}/remittance`, expect: only(["provider", "finance"], "hidden") },
  // Commissioners read the queue (it names no person) from the dashboard's figures; only finance opens an invoice.
  "routes/council.invoices._index": { path: "/council/invoices?flagged=1", expect: only(["finance", "commissioner", "otherCouncilCommissioner", "otherCouncilFinance"]) },
  "routes/council.invoices.$invoiceId": { path: (ids) => `/council/invoices/${ids["invoice:riverbank"]}`, expect: { ...only(["finance"], "hidden"), provider: "forbidden" } },
  "routes/council.payment-runs._index": { path: "/council/payment-runs", expect: only(["finance", "otherCouncilFinance"]) },
  // PR-00001, Clydevale's demo run that paid Riverbank by BACS: only Clydevale's finance staff know it exists.
  "routes/council.payment-runs.$runId._index": { path: (ids) => `/council/payment-runs/${ids["payment-run:clydevale"]}`, expect: only(["finance"], "hidden") },
  "routes/council.payment-runs.$runId.bank-file": { path: (ids) => `/council/payment-runs/${ids["payment-run:clydevale"]}/bank-file`, expect: only(["finance"], "hidden") },
  "routes/council.prompt-payment": { path: "/council/prompt-payment", expect: only(["finance", "otherCouncilFinance"]) },
  "routes/my-support.invoices": { path: "/my-support/invoices", expect: only(["person", "representative"]) },
  "routes/council.exports._index": {
    path: "/council/exports?from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027",
    expect: only(["finance", "otherCouncilFinance"]),
  },
  "routes/council.exports.$export[.]csv": {
    path: "/council/exports/approved-invoices.csv?from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027",
    expect: only(["finance", "otherCouncilFinance"]),
  },
};

/**
 * The hostile-input sweep: every form of the service (every route module with an `action`) is sent empty values,
 * 100,000-character strings, Unicode, HTML and script, SQL-like text, odd numbers, impossible dates, missing and
 * duplicated fields and the wrong content types. Each answer must be a page or a redirect, never a 500; a refusal
 * names the problem in plain English and saves nothing. test/e2e/hostile-input.spec.ts shows in Chromium that
 * whatever text is saved is shown escaped.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { frameworkLots, frameworks, organisations, people, users } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { startAgreement } from "~/domain/agreements/agreements.server";
import { acceptDeclarations, chooseLots, requestClarification, startApplication, startReview, submitApplication } from "~/domain/frameworks/applications.server";
import { addLot, createFramework } from "~/domain/frameworks/frameworks.server";
import { uploadsDir } from "~/domain/frameworks/files.server";
import { CSV_COLUMNS } from "~/domain/invoices/csv";
import { approveInvoice, createInvoice, prefillFromPlan, submitInvoice } from "~/domain/invoices/invoices.server";
import { createPaymentRun } from "~/domain/invoices/payment-runs.server";
import { OFFER_ACTIONS } from "~/domain/offers/offers.server";
import { toCsv } from "~/lib/csv";
import { addDays, todayIso } from "~/lib/dates";
import { useDatabaseForTests } from "~/lib/db.server";
import type { FormProblems } from "~/lib/forms";
import { createSeededDb } from "../../test/db";
import { readDemoIds, type DemoIds } from "../../test/demo-ids";
import { actorFor } from "../../test/factories";
import { DOCX_ENTRIES, zipFile } from "../../test/zip";

const ROUTES_DIR = resolve(__dirname);
const APP_DIR = resolve(__dirname, "..");

type Form = {
  /** Who submits it (an email of the demo data), or nobody. */
  as: string | null;
  path: (ids: DemoIds) => string;
  params: (ids: DemoIds) => Record<string, string>;
  /** Intents the form's buttons post, when they are not written as a list in the route module itself. */
  intents?: readonly string[];
  /** Fields the form has besides those found in its markup (names built at run time). */
  fields?: string[];
  /**
   * A submission the form accepts. When given, each field is also swept alone, the others valid, so the payloads
   * reach the checks behind the first refusal (ranges, dates in order, the domain's rules).
   */
  valid?: (ids: DemoIds, n: number) => Record<string, string>;
  /**
   * Fields checked together, where a bad value in one is reported on another (a split that must add up to the
   * budget; a lowest guide rate above the highest).
   */
  together?: string[][];
  /** Tables a refused submission may still write to, and why. */
  mayRecord?: string[];
  /**
   * Why the sweep cannot reach the form's validation with the demo data (every answer is a 403, 404 or 409), when
   * that is so. Those forms are still swept for crashes.
   */
  unreached?: string;
};

const PRACTITIONER = "practitioner@clydevale.example";
const COMMISSIONER = "commissioner@clydevale.example";
const FINANCE = "finance@clydevale.example";
const PROVIDER = "admin@riverbank-care.example";
const NEW_PROVIDER = "admin@new-horizons.example";
const MORAG = "morag@people.example";
const NORTHFIELD = "admin@northfield-day.example";
const EASTMUIR_COMMISSIONER = "commissioner@eastmuir.example";

const person = (ids: DemoIds) => ({ personId: ids["person:CV-100234"]! });
const personPath = (page: string) => (ids: DemoIds) => `/people/${ids["person:CV-100234"]}/${page}`;
const none = () => ({});

/** Every form of the service. A route module with an action that is missing here fails the sweep. */
const FORMS: Record<string, Form> = {
  "login.tsx": { as: null, path: () => "/login", params: none, mayRecord: ["sign_in_throttles", "audit_events"] },
  "forgot-password.tsx": { as: null, path: () => "/forgot-password", params: none },
  "reset-password.$token.tsx": { as: null, path: () => "/reset-password/not-a-real-token", params: () => ({ token: "not-a-real-token" }) },
  "invitation.$token.tsx": { as: null, path: () => "/invitation/not-a-real-token", params: () => ({ token: "not-a-real-token" }) },
  "register-provider.tsx": { as: null, path: () => "/register-provider", params: none },
  "account.password.tsx": { as: PRACTITIONER, path: () => "/account/password", params: none },
  "people.new.tsx": {
    as: PRACTITIONER,
    path: () => "/people/new",
    params: none,
    valid: (_ids, n) => ({ name: "Ailsa Test", reference: `CV-9${n}`, "dateOfBirth-day": "2", "dateOfBirth-month": "3", "dateOfBirth-year": "1961", email: "ailsa@people.example", contactMethod: "email", communicationNeeds: "None" }),
  },
  "people.$personId.details.tsx": { as: PRACTITIONER, path: personPath("details"), params: person },
  "people.$personId.assessment.tsx": {
    as: PRACTITIONER,
    path: personPath("assessment"),
    params: person,
    valid: () => ({ "assessedOn-day": "2", "assessedOn-month": "3", "assessedOn-year": "2026", eligible: "yes", summary: "Eligible" }),
  },
  "people.$personId.budget.tsx": {
    as: PRACTITIONER,
    path: personPath("budget"),
    params: person,
    valid: () => ({ amountPence: "18200", period: "year", "startsOn-day": "1", "startsOn-month": "4", "startsOn-year": "2026", "endsOn-day": "31", "endsOn-month": "3", "endsOn-year": "2027", basis: "agreed_package", basisDetail: "", contributionPence: "", option2Pence: "18200", reason: "Reassessed" }),
    together: [["amountPence", "option1Pence", "option2Pence", "option3Pence"]],
  },
  "people.$personId.options.tsx": { as: PRACTITIONER, path: personPath("options"), params: person },
  "people.$personId.outcomes.tsx": { as: PRACTITIONER, path: personPath("outcomes"), params: person },
  "people.$personId.invite.tsx": { as: PRACTITIONER, path: personPath("invite"), params: person },
  "people.$personId.representatives.new.tsx": {
    as: PRACTITIONER,
    path: personPath("representatives/new"),
    params: person,
    valid: () => ({ name: "Rab Test", kind: "family", relationship: "Son", basis: "Family member", documentReference: "", authority: "view", "startsOn-day": "1", "startsOn-month": "6", "startsOn-year": "2026", email: "", phone: "" }),
  },
  "commissioning.frameworks.new.tsx": {
    as: COMMISSIONER,
    path: () => "/commissioning/frameworks/new",
    params: none,
    valid: (_ids, n) => ({ name: `Test framework ${n}`, reference: `CV-T-${n}`, description: "", "startDate-day": "1", "startDate-month": "4", "startDate-year": "2026", "endDate-day": "31", "endDate-month": "3", "endDate-year": "2030", status: "draft", rolling: "yes" }),
  },
  "commissioning.frameworks.$frameworkId.edit.tsx": {
    as: COMMISSIONER,
    path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/edit`,
    params: (ids) => ({ frameworkId: ids["framework:CV-SDS-2026"]! }),
  },
  "commissioning.frameworks.$frameworkId.lots.$lotId.tsx": {
    as: COMMISSIONER,
    path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/lots/new`,
    params: (ids) => ({ frameworkId: ids["framework:CV-SDS-2026"]!, lotId: "new" }),
    valid: (_ids, n) => ({ name: `Test lot ${n}`, description: "", guideRateMin: "18", guideRateMax: "25", guideRateUnit: "per hour" }),
    together: [["guideRateMin", "guideRateMax"]],
  },
  "commissioning.frameworks.$frameworkId.criteria.$criterionId.tsx": {
    as: COMMISSIONER,
    path: (ids) => `/commissioning/frameworks/${ids["framework:CV-SDS-2026"]}/criteria/new`,
    params: (ids) => ({ frameworkId: ids["framework:CV-SDS-2026"]!, criterionId: "new" }),
    valid: (_ids, n) => ({ title: `Test criterion ${n}`, guidance: "", kind: "question", mandatory: "yes", expires: "no" }),
  },
  "commissioning.applications.$applicationId.tsx": {
    as: COMMISSIONER,
    path: (ids) => `/commissioning/applications/${ids["application:Northfield Day Opportunities"]}`,
    params: (ids) => ({ applicationId: ids["application:Northfield Day Opportunities"]! }),
    fields: ["criterionId"],
  },
  "council.agreement-template.tsx": {
    as: COMMISSIONER,
    path: () => "/council/agreement-template",
    params: none,
    fields: ["clause-0-heading", "clause-0-body", "easy-0-heading", "easy-0-body"],
  },
  "council.lists.tsx": {
    as: COMMISSIONER,
    path: () => "/council/lists?list=locality",
    params: none,
    fields: ["itemId"],
    valid: (_ids, n) => ({ intent: "add", label: `Test place ${n}`, description: "" }),
  },
  "provider.organisation.edit.tsx": { as: PROVIDER, path: () => "/provider/organisation/edit", params: none },
  "provider.organisation.invite.tsx": { as: PROVIDER, path: () => "/provider/organisation/invite", params: none },
  "provider.frameworks.tsx": {
    as: NEW_PROVIDER,
    path: () => "/provider/frameworks",
    params: none,
    // Its one field is the hidden id of a framework: Eastmuir's, made when the sweep starts, is open to New Horizons.
    valid: (ids) => ({ frameworkId: ids["framework:EM-SDS-2026"]! }),
  },
  "provider.applications.$applicationId.lots.tsx": {
    as: NEW_PROVIDER,
    path: (ids) => `/provider/applications/${ids["application:New Horizons Support"]}/lots`,
    params: (ids) => ({ applicationId: ids["application:New Horizons Support"]! }),
  },
  "provider.applications.$applicationId.declarations.tsx": {
    as: NEW_PROVIDER,
    path: (ids) => `/provider/applications/${ids["application:New Horizons Support"]}/declarations`,
    params: (ids) => ({ applicationId: ids["application:New Horizons Support"]! }),
  },
  "provider.applications.$applicationId.criteria.$criterionId.tsx": {
    as: NEW_PROVIDER,
    path: (ids) => `/provider/applications/${ids["application:New Horizons Support"]}/criteria/${ids["criterion:CV-SDS-2026"]}`,
    params: (ids) => ({ applicationId: ids["application:New Horizons Support"]!, criterionId: ids["criterion:CV-SDS-2026"]! }),
  },
  "provider.applications.$applicationId.clarification.tsx": {
    as: NORTHFIELD,
    path: (ids) => `/provider/applications/${ids["application:clarification"]}/clarification`,
    params: (ids) => ({ applicationId: ids["application:clarification"]! }),
    valid: () => ({ answer: "North and South, from Monday to Saturday" }),
  },
  "provider.applications.$applicationId.check.tsx": {
    as: NEW_PROVIDER,
    path: (ids) => `/provider/applications/${ids["application:New Horizons Support"]}/check`,
    params: (ids) => ({ applicationId: ids["application:New Horizons Support"]! }),
  },
  "provider.offers.new.tsx": { as: PROVIDER, path: () => "/provider/offers/new", params: none },
  "provider.offers.$offerId.edit.tsx": {
    as: PROVIDER,
    path: (ids) => `/provider/offers/${ids["offer:riverbank"]}/edit`,
    params: (ids) => ({ offerId: ids["offer:riverbank"]! }),
  },
  "provider.offers.$offerId._index.tsx": {
    as: PROVIDER,
    path: (ids) => `/provider/offers/${ids["offer:riverbank"]}`,
    params: (ids) => ({ offerId: ids["offer:riverbank"]! }),
    intents: OFFER_ACTIONS,
  },
  "offers.$offerId._index.tsx": { as: MORAG, path: (ids) => `/offers/${ids["offer:glenburn"]}`, params: (ids) => ({ offerId: ids["offer:glenburn"]! }) },
  "offers.$offerId.enquire.tsx": {
    as: MORAG,
    path: (ids) => `/offers/${ids["offer:glenburn"]}/enquire`,
    params: (ids) => ({ offerId: ids["offer:glenburn"]! }),
    valid: () => ({ body: "Can you help on Saturdays?" }),
  },
  "enquiries.$enquiryId.tsx": {
    as: MORAG,
    path: (ids) => `/enquiries/${ids["enquiry:morag"]}`,
    params: (ids) => ({ enquiryId: ids["enquiry:morag"]! }),
    valid: () => ({ body: "Thank you" }),
  },
  "shortlist._index.tsx": { as: MORAG, path: () => "/shortlist", params: none },
  "agreements.new.tsx": { as: MORAG, path: () => "/agreements/new", params: none },
  "agreements.$agreementId.draft.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/agreements/${ids["agreement:draft"]}/draft`,
    params: (ids) => ({ agreementId: ids["agreement:draft"]! }),
    fields: ["plan-0-personOutcomeId", "plan-0-support", "plan-0-quantity", "plan-0-costOption", "plan-0-rate", "plan-0-amount"],
  },
  "agreements.$agreementId.check.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/agreements/${ids["agreement:draft"]}/check`,
    params: (ids) => ({ agreementId: ids["agreement:draft"]! }),
  },
  "agreements.$agreementId.sign.tsx": { as: MORAG, path: (ids) => `/agreements/${ids["agreement:morag"]}/sign`, params: (ids) => ({ agreementId: ids["agreement:morag"]! }) },
  "agreements.$agreementId.approve.tsx": {
    as: COMMISSIONER,
    path: (ids) => `/agreements/${ids["agreement:callum"]}/approve`,
    params: (ids) => ({ agreementId: ids["agreement:callum"]! }),
  },
  "agreements.$agreementId._index.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/agreements/${ids["agreement:james"]}`,
    params: (ids) => ({ agreementId: ids["agreement:james"]! }),
  },
  "agreements.$agreementId.notice.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/agreements/${ids["agreement:james"]}/notice`,
    params: (ids) => ({ agreementId: ids["agreement:james"]! }),
  },
  "agreements.$agreementId.review.tsx": {
    as: PROVIDER,
    path: (ids) => `/agreements/${ids["agreement:james"]}/review`,
    params: (ids) => ({ agreementId: ids["agreement:james"]! }),
  },
  "provider.invoices._index.tsx": { as: PROVIDER, path: () => "/provider/invoices", params: none },
  "provider.invoices.new.tsx": {
    as: PROVIDER,
    path: () => "/provider/invoices/new",
    params: none,
    valid: (ids) => ({ councilId: ids["council:clydevale"]!, "periodStart-day": "14", "periodStart-month": "10", "periodStart-year": "2026", "periodEnd-day": "10", "periodEnd-month": "11", "periodEnd-year": "2026" }),
  },
  "provider.invoices.$invoiceId.lines.$lineId.tsx": {
    as: PROVIDER,
    path: (ids) => `/provider/invoices/${ids["invoice:queried"]}/lines/${ids["line:queried"]}`,
    params: (ids) => ({ invoiceId: ids["invoice:queried"]!, lineId: ids["line:queried"]! }),
  },
  "provider.invoices.$invoiceId._index.tsx": {
    as: PROVIDER,
    path: (ids) => `/provider/invoices/${ids["invoice:draft"]}`,
    params: (ids) => ({ invoiceId: ids["invoice:draft"]! }),
  },
  // Every payload here is text where the file should be; files themselves are swept under "hostile uploads".
  "provider.invoices.$invoiceId.upload.tsx": {
    as: PROVIDER,
    path: (ids) => `/provider/invoices/${ids["invoice:draft"]}/upload`,
    params: (ids) => ({ invoiceId: ids["invoice:draft"]! }),
  },
  "council.invoices.$invoiceId.tsx": {
    as: FINANCE,
    path: (ids) => `/council/invoices/${ids["invoice:riverbank"]}`,
    params: (ids) => ({ invoiceId: ids["invoice:riverbank"]! }),
  },
  "my-support.invoices.tsx": {
    as: "james@people.example",
    path: () => "/my-support/invoices",
    params: none,
    unreached: "its one field is the hidden id of an invoice line: anything else is not found",
  },
  "council.payment-runs._index.tsx": {
    as: FINANCE,
    path: () => "/council/payment-runs",
    params: none,
    // A payment date may not be in the past: tomorrow's, whenever the sweep runs.
    valid: () => {
      const [year, month, day] = addDays(todayIso(), 1).split("-");
      return { "payOn-day": String(Number(day)), "payOn-month": String(Number(month)), "payOn-year": year! };
    },
  },
  // The run prepared for tomorrow when the sweep starts: the first "pay" confirms it, then paying, confirming the
  // bank file (both before its date) and cancelling (once confirmed) are refused.
  "council.payment-runs.$runId._index.tsx": {
    as: FINANCE,
    path: (ids) => `/council/payment-runs/${ids["payment-run:draft"]}`,
    params: (ids) => ({ runId: ids["payment-run:draft"]! }),
  },
  "provider.payments._index.tsx": { as: PROVIDER, path: () => "/provider/payments", params: none },
  "provider.payments.bank-details.tsx": {
    as: PROVIDER,
    path: () => "/provider/payments/bank-details",
    params: none,
    valid: () => ({ accountName: "Riverbank Care", sortCode: "30-94-57", accountNumber: "00733445" }),
  },
  "dev.stripe.tsx": { as: null, path: () => "/dev/stripe", params: none, unreached: "the offline Stripe does not run in unit tests" },
  "dev.stripe-onboarding.tsx": {
    as: null,
    path: () => "/dev/stripe-onboarding?account=acct_unknown",
    params: none,
    unreached: "the offline Stripe does not run in unit tests",
  },
  "webhooks.stripe.ts": { as: null, path: () => "/webhooks/stripe", params: none, unreached: "Stripe is not configured in unit tests" },
  "funds.$accountId.entries.new.tsx": {
    as: FINANCE,
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/new`,
    params: (ids) => ({ accountId: ids["fund:CV-100871"]! }),
  },
  "funds.$accountId.entries.$entryId.reverse.tsx": {
    as: FINANCE,
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/${ids["entry:CV-100871"]}/reverse`,
    params: (ids) => ({ accountId: ids["fund:CV-100871"]!, entryId: ids["entry:CV-100871"]! }),
  },
  // The first submission flags the line the payment was for; every later one is told it was flagged already.
  "funds.$accountId.entries.$entryId._index.tsx": {
    as: "james@people.example",
    path: (ids) => `/funds/${ids["fund:CV-100871"]}/entries/${ids["entry:CV-100871"]}`,
    params: (ids) => ({ accountId: ids["fund:CV-100871"]!, entryId: ids["entry:CV-100871"]! }),
  },
  "people.$personId.practitioner.tsx": { as: PRACTITIONER, path: personPath("practitioner"), params: person },
  "people.$personId.representatives.$representativeId._index.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/people/${ids["person:CV-101456"]}/representatives/${ids["representative:aileen"]}`,
    params: (ids) => ({ personId: ids["person:CV-101456"]!, representativeId: ids["representative:aileen"]! }),
    valid: (_ids, n) => ({
      name: `Aileen Baird ${n}`,
      relationship: "Mother",
      basis: "Welfare power of attorney",
      documentReference: "OPG welfare power of attorney 2023-WPA-04417",
      authority: "choose",
      "startsOn-day": "1",
      "startsOn-month": "6",
      "startsOn-year": "2023",
      email: "aileen@people.example",
      phone: "",
      reason: "Name corrected",
    }),
  },
  "logout.ts": { as: PRACTITIONER, path: () => "/logout", params: none },
  // Last: they close or end the records the forms above work on.
  "people.$personId.representatives.$representativeId.end.tsx": {
    as: PRACTITIONER,
    path: (ids) => `/people/${ids["person:CV-101456"]}/representatives/${ids["representative:aileen"]}/end`,
    params: (ids) => ({ personId: ids["person:CV-101456"]!, representativeId: ids["representative:aileen"]! }),
  },
  "people.$personId.close.tsx": { as: PRACTITIONER, path: personPath("close"), params: person },
};

// ---------------------------------------------------------------------------------------------------------------
// What each form sends, read from its route module and the components it uses

type Inventory = { file: string; source: string; upload: boolean; intents: (string | null)[]; fields: string[] };

function componentSources(source: string): string {
  const imports = [...source.matchAll(/from "~\/components\/(?!ds)([^"]+)"/g)].map((m) => m[1]!);
  return imports
    .map((path) => {
      for (const candidate of [`${path}.tsx`, `${path}.ts`]) {
        try {
          return readFileSync(resolve(APP_DIR, "components", candidate), "utf8");
        } catch {
          continue;
        }
      }
      return "";
    })
    .join("\n");
}

function inventory(file: string, form: Form): Inventory {
  const source = readFileSync(resolve(ROUTES_DIR, file), "utf8");
  const markup = `${source}\n${componentSources(source)}`;
  const names = new Set<string>();
  const template = (name: string) => name.replace(/\$\{[^}]*\}/g, "0");
  for (const match of markup.matchAll(/\bname=(?:"([^"]+)"|\{`([^`]+)`\})/g)) names.add(template(match[1] ?? match[2]!));
  for (const match of markup.matchAll(/<DateInput\b[^>]*?\bname=(?:"([^"]+)"|\{`([^`]+)`\})/g)) {
    const name = template(match[1] ?? match[2]!);
    names.delete(name);
    for (const part of ["day", "month", "year"]) names.add(`${name}-${part}`);
  }
  for (const name of form.fields ?? []) names.add(name);
  names.delete("intent");
  const named = [...source.matchAll(/intentOf\(\s*[^,]+,\s*([A-Z_]+)\)/g)].map((m) => new RegExp(`const ${m[1]} = \\[([^\\]]*)\\]`).exec(source)?.[1] ?? "");
  const lists = [...[...source.matchAll(/intentOf\(\s*[^,]+,\s*\[([^\]]*)\]/g)].map((m) => m[1]!), ...named];
  const listed = lists.flatMap((list) => [...list.matchAll(/"([^"]+)"/g)].map((q) => q[1]!));
  const intents = form.intents ?? listed;
  const usesIntent = /intentOf\(/.test(source);
  if (usesIntent && intents.length === 0) throw new Error(`${file}: name its intents in the sweep's table`);
  return { file, source, upload: /readUploadForm|parseMultipartFormData/.test(source), intents: usesIntent ? [...intents] : [null], fields: [...names] };
}

// ---------------------------------------------------------------------------------------------------------------
// The payloads

const LONG = "Long text ".repeat(10_000);
const TEXT: Record<string, string> = {
  empty: "",
  "only spaces": "   \t  ",
  "100,000 characters": LONG,
  "Unicode and emoji": "Zoë Ó Ceallaigh 🧡👩🏽‍🦽 مرحبا שלום Ελληνικά e\u0301 \u202Etxt.exe",
  "NUL and control characters": "before\u0000after\u0007\u001b[31m",
  "script tag": "<script>alert(1)</script>",
  "HTML attribute breakout": '"><img src=x onerror=alert(1)>',
  "SQL-like text": "'; DROP TABLE people; --",
  "-1": "-1",
  "0": "0",
  "0.5": "0.5",
  "1e308": "1e308",
  "99999999999999999999": "99999999999999999999",
  NaN: "NaN",
  "1,000": "1,000",
  "impossible ISO date": "2026-02-31",
};
const DATES: Record<string, [string, string, string]> = {
  "31 February": ["31", "2", "2026"],
  "month 13": ["1", "13", "2026"],
  "year 0": ["1", "1", "0"],
  "year 99999": ["1", "1", "99999"],
  "year 0100": ["1", "1", "0100"],
  "year 9999": ["31", "12", "9999"],
  "negative date parts": ["-1", "-1", "-2026"],
};

type Body =
  | { kind: "urlencoded" | "multipart"; entries: [string, string | File][] }
  | { kind: "raw"; contentType: string; body: string };

/** `once`: the body's encoding is what is wrong, so one intent of the form is enough. */
type Case = { name: string; once?: boolean; body: (fields: string[], intent: string | null, upload: boolean) => Body };

const withIntent = (intent: string | null, entries: [string, string | File][]): [string, string | File][] => (intent === null ? entries : [["intent", intent], ...entries]);
const native = (upload: boolean, entries: [string, string | File][]): Body => ({ kind: upload ? "multipart" : "urlencoded", entries });

const CASES: Case[] = [
  ...Object.entries(TEXT).map(([name, value]) => ({ name, body: (fields: string[], intent: string | null, upload: boolean) => native(upload, withIntent(intent, fields.map((f) => [f, value]))) })),
  ...Object.entries(DATES).map(([name, [day, month, year]]) => ({
    name,
    body: (fields: string[], intent: string | null, upload: boolean) =>
      native(
        upload,
        withIntent(
          intent,
          fields.map((f): [string, string] => [f, f.endsWith("-day") ? day : f.endsWith("-month") ? month : f.endsWith("-year") ? year : "Test value"]),
        ),
      ),
  })),
  { name: "missing fields", body: (_fields, intent, upload) => native(upload, withIntent(intent, [])) },
  { name: "nothing at all", body: (_fields, _intent, upload) => native(upload, []) },
  { name: "duplicated fields", body: (fields, intent, upload) => native(upload, withIntent(intent, fields.flatMap((f): [string, string][] => [[f, "1"], [f, "2"]]))) },
  { name: "duplicated intent", body: (fields, intent, upload) => native(upload, [...withIntent(intent, fields.map((f) => [f, "1"])), ["intent", "other"]]) },
  { name: "unknown intent", body: (fields, _intent, upload) => native(upload, [["intent", "<script>alert(1)</script>"], ...fields.map((f): [string, string] => [f, "1"])]) },
  {
    name: "JSON body",
    once: true,
    body: (fields, intent) => ({ kind: "raw", contentType: "application/json", body: JSON.stringify(Object.fromEntries(withIntent(intent, fields.map((f) => [f, "1"])))) }),
  },
  { name: "text/plain body", once: true, body: (fields, intent) => ({ kind: "raw", contentType: "text/plain", body: withIntent(intent, fields.map((f) => [f, "1"])).map(([k, v]) => `${k}=${String(v)}`).join("\n") }) },
  { name: "no content type", once: true, body: (fields, intent) => ({ kind: "raw", contentType: "", body: new URLSearchParams(withIntent(intent, fields.map((f) => [f, "1"])) as [string, string][]).toString() }) },
  { name: "broken percent-encoding", once: true, body: (fields, intent) => ({ kind: "raw", contentType: "application/x-www-form-urlencoded", body: `intent=${intent ?? ""}&${fields.map((f) => `${f}=%E0%A4%A`).join("&")}` }) },
  {
    name: "the other form encoding",
    once: true,
    body: (fields, intent, upload) => ({ kind: upload ? "urlencoded" : "multipart", entries: withIntent(intent, fields.map((f) => [f, "1"])) }),
  },
  { name: "multipart without a boundary", once: true, body: () => ({ kind: "raw", contentType: "multipart/form-data", body: "intent=x" }) },
];

// ---------------------------------------------------------------------------------------------------------------
// Sending a form and judging the answer

const ORIGIN = process.env.APP_ORIGIN ?? "http://localhost:3000";

type Answer = {
  status: number;
  kind: "redirect" | "problems" | "data" | "error page" | "crash";
  problems?: FormProblems;
  data?: { problems?: { message: string }[] };
  detail?: string;
};

function toRequest(path: string, cookie: string | null, body: Body): Request {
  const headers = new Headers({ Origin: ORIGIN });
  if (cookie) headers.set("Cookie", cookie);
  let payload: BodyInit;
  if (body.kind === "raw") {
    if (body.contentType) headers.set("Content-Type", body.contentType);
    payload = new Blob([body.body]);
  } else if (body.kind === "multipart") {
    const formData = new FormData();
    for (const [name, value] of body.entries) formData.append(name, value);
    payload = formData;
  } else {
    payload = new URLSearchParams(body.entries.map(([k, v]) => [k, String(v)]));
  }
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: payload });
}

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

async function send(action: Action, request: Request, params: Record<string, string>): Promise<Answer> {
  let result: unknown;
  try {
    result = await action({ request, params, context: { ipAddress: "192.0.2.10", cspNonce: "" } });
  } catch (thrown) {
    if (thrown instanceof Response) {
      if (thrown.status >= 300 && thrown.status < 400) return { status: thrown.status, kind: "redirect", detail: thrown.headers.get("Location") ?? "" };
      return { status: thrown.status, kind: thrown.status >= 500 ? "crash" : "error page", detail: await thrown.text() };
    }
    return { status: 500, kind: "crash", detail: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) };
  }
  if (result instanceof Response) {
    if (result.status >= 300 && result.status < 400) return { status: result.status, kind: "redirect", detail: result.headers.get("Location") ?? "" };
    return { status: result.status, kind: result.status >= 500 ? "crash" : "data", detail: (await result.text()).slice(0, 200) };
  }
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { init, data } = result as { init?: { status?: number }; data: unknown };
    const status = init?.status ?? 200;
    if (data && typeof data === "object" && "fieldErrors" in data) return { status, kind: "problems", problems: data as FormProblems };
    return { status, kind: status >= 500 ? "crash" : "data" };
  }
  return { status: 200, kind: "data", data: result as Answer["data"] };
}

/** Words of the validation library's own messages, never meant for the people using the service. */
const JARGON = /invalid (input|option)|expected (one of|string|number|array)|received|\bNaN\b|undefined|\bnull\b|\[object|too_big|too_small|too big:|too small:|\bregex|\bzod\b/i;

// ---------------------------------------------------------------------------------------------------------------
// The database: which tables a submission wrote to (temporary triggers), and what text was kept

let db: Db;
let ids: DemoIds;
let tables: string[];

function watchChanges(): void {
  const sqlite = db.$client;
  sqlite.exec("create temp table if not exists sweep_changes (tbl text not null)");
  for (const table of tables) {
    for (const event of ["insert", "update", "delete"]) {
      sqlite.exec(`create temp trigger if not exists "sweep_${table}_${event}" after ${event} on main."${table}" begin insert into temp.sweep_changes values ('${table}'); end`);
    }
  }
}

function takeChanges(): string[] {
  const changed = db.$client.prepare("select distinct tbl from temp.sweep_changes").all() as { tbl: string }[];
  db.$client.exec("delete from temp.sweep_changes");
  return changed.map((row) => row.tbl);
}

/** Text columns holding a value as long as the 100,000-character payload, or a NUL byte. */
function suspiciousText(): string[] {
  const found: string[] = [];
  for (const table of tables) {
    const columns = db.$client.prepare(`select name, type from pragma_table_info('${table}')`).all() as { name: string; type: string }[];
    for (const column of columns.filter((c) => /text/i.test(c.type))) {
      const row = db.$client
        .prepare(`select max(length("${column.name}")) as longest, sum(instr("${column.name}", char(0)) > 0) as nuls from "${table}"`)
        .get() as { longest: number | null; nuls: number | null };
      if ((row.longest ?? 0) >= 50_000) found.push(`${table}.${column.name} kept ${row.longest} characters`);
      if ((row.nuls ?? 0) > 0) found.push(`${table}.${column.name} kept a NUL byte`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------

async function submit(form: Form, action: Action, body: Body): Promise<{ answer: Answer; changed: string[] }> {
  let cookie: string | null = null;
  if (form.as) {
    const { token } = createSession(db, actorFor(db, form.as).id);
    cookie = (await commitSessionCookie(token)).split(";")[0]!;
  }
  takeChanges();
  const answer = await send(action, toRequest(form.path(ids), cookie, body), form.params(ids));
  tally.submissions++;
  const changed = takeChanges().filter((table) => !(form.mayRecord ?? []).includes(table));
  return { answer, changed };
}

/** What is wrong with one answer: a crash, a refusal that saved something, a refusal the page cannot explain. */
/**
 * With one field bad and the others valid, a refusal must point at that field: its own message in the error summary
 * (a date's parts share the date's message), or a message about the whole form.
 */
function namesTheField(label: string, answer: Answer, field: string, together: string[][] = []): string[] {
  if (answer.kind !== "problems" || !answer.problems) return [];
  const { fieldErrors, formError } = answer.problems;
  const related = [field, ...together.filter((group) => group.includes(field)).flat()];
  const named = Object.keys(fieldErrors).some((key) => related.some((f) => key === f || f.startsWith(`${key}-`)));
  return named || formError ? [] : [`${label}: the error summary names ${Object.keys(fieldErrors).join(", ") || "nothing"}, not ${field}`];
}

function judge(label: string, answer: Answer, changed: string[]): string[] {
  if (answer.kind === "crash") return [`${label}: ${answer.status} ${answer.detail ?? ""}`.slice(0, 400)];
  const problems: string[] = [];
  const refused = answer.status >= 400;
  if (refused) tally.refused++;
  else tally.accepted++;
  if (refused && changed.length > 0) problems.push(`${label}: refused (${answer.status}) but wrote to ${changed.join(", ")}`);
  if (answer.kind === "problems") {
    const messages = [...Object.values(answer.problems!.fieldErrors), ...(answer.problems!.formError ? [answer.problems!.formError] : [])];
    if (messages.length === 0) problems.push(`${label}: refused with no message for the error summary`);
    for (const message of messages) {
      if (!message.trim() || JARGON.test(message.replace(/"[^"]*"/g, '"…"')) || message.length > 300) problems.push(`${label}: unclear message "${message.slice(0, 120)}"`);
    }
    if (answer.status < 400) problems.push(`${label}: problems answered with status ${answer.status}`);
  }
  return problems;
}

const actionRoutes = readdirSync(ROUTES_DIR)
  .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
  .filter((file) => /export async function action\b/.test(readFileSync(resolve(ROUTES_DIR, file), "utf8")))
  .sort();

const failures: string[] = [];
/** Forms one of whose submissions got past sign-in and the permission checks to the form's own answer. */
const reachedForms = new Set<string>();
const tally = { forms: 0, submissions: 0, refused: 0, accepted: 0 };

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const all = db.$client.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^create virtual table/i.test(t.sql)).map((t) => t.name);
  // Sessions are touched on every request; full-text indexes follow the tables they index.
  tables = all.map((t) => t.name).filter((name) => name !== "sessions" && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  ids = readDemoIds(db.$client);
  // Records in the states the forms need: a draft agreement, a draft application, a draft invoice and more below.
  const practitioner = actorFor(db, PRACTITIONER);
  const riverbank = db.select().from(organisations).where(eq(organisations.name, "Riverbank Community Care")).get()!;
  const framework = db.select().from(frameworks).where(eq(frameworks.reference, "CV-SDS-2026")).get()!;
  const lot = db.select().from(frameworkLots).where(eq(frameworkLots.name, "Community and day support")).all().find((l) => l.frameworkId === framework.id)!;
  const morag = db.select().from(people).where(eq(people.reference, "CV-100234")).get()!;
  ids["agreement:draft"] = startAgreement(db, practitioner, { personId: morag.id, providerOrganisationId: riverbank.id, lotId: lot.id }).id;
  ids["application:New Horizons Support"] = startApplication(db, actorFor(db, NEW_PROVIDER), framework.id);
  // A payment run of the approved invoices waiting for one, prepared to pay tomorrow; then Riverbank's next invoice,
  // filled in from the plan and approved, waits for the next run.
  const provider = actorFor(db, PROVIDER);
  const finance = actorFor(db, FINANCE);
  ids["payment-run:draft"] = createPaymentRun(db, finance, { payOn: addDays(todayIso(), 1) }).id;
  const waiting = createInvoice(db, provider);
  prefillFromPlan(db, provider, waiting.id);
  submitInvoice(db, provider, waiting.id);
  approveInvoice(db, finance, waiting.id);
  ids["invoice:draft"] = createInvoice(db, provider).id;
  // Eastmuir's framework, open to New Horizons, with Northfield's application to it waiting for its answer to a
  // clarification.
  const eastmuir = actorFor(db, EASTMUIR_COMMISSIONER);
  const northfield = actorFor(db, NORTHFIELD);
  ids["framework:EM-SDS-2026"] = createFramework(db, eastmuir, {
    name: "Eastmuir support framework",
    reference: "EM-SDS-2026",
    description: "",
    startDate: "2026-04-01",
    endDate: "2030-03-31",
    status: "open",
    rolling: true,
  });
  const eastmuirLot = addLot(db, eastmuir, ids["framework:EM-SDS-2026"], { name: "Care at home", description: "", guideRateMinPence: null, guideRateMaxPence: null, guideRateUnit: "" });
  const clarification = startApplication(db, northfield, ids["framework:EM-SDS-2026"]);
  chooseLots(db, northfield, clarification, [eastmuirLot]);
  acceptDeclarations(db, northfield, clarification);
  submitApplication(db, northfield, clarification);
  startReview(db, eastmuir, clarification);
  requestClarification(db, eastmuir, clarification, "Which localities do you cover, and on which days?");
  ids["application:clarification"] = clarification;
  // The provider's forms pause and archive Riverbank's offers; people's forms use another provider's.
  ids["offer:glenburn"] = (
    db.$client.prepare("select o.id from offers o join organisations g on g.id = o.organisation_id where g.name = 'Glenburn Home Support' and o.status = 'published' limit 1").get() as { id: string }
  ).id;
  expect(db.select().from(users).where(eq(users.email, MORAG)).get()).toBeDefined();
  watchChanges();
});

afterAll(() => {
  console.log(
    `Hostile-input sweep: ${tally.forms} forms, intents and single fields, ${tally.submissions} submissions (${tally.refused} refused, ${tally.accepted} accepted); ${failures.length} failures`,
  );
});

describe("the hostile-input sweep", () => {
  it("has every form of the service in its table", () => {
    expect(actionRoutes.filter((file) => !FORMS[file])).toEqual([]);
    expect(Object.keys(FORMS).filter((file) => !actionRoutes.includes(file))).toEqual([]);
  });

  for (const file of Object.keys(FORMS)) {
    it(`${file}: never a 500, refusals name the problem and save nothing`, { timeout: 120_000 }, async () => {
      const form = FORMS[file]!;
      const { action } = (await import(resolve(ROUTES_DIR, file))) as { action: Action };
      const { fields, intents, upload } = inventory(file, form);
      const problems: string[] = [];
      let reached = false;
      for (const [index, intent] of intents.entries()) {
        tally.forms++;
        for (const hostile of CASES.filter((c) => index === 0 || !c.once)) {
          const label = `${intent ?? "(form)"} × ${hostile.name}`;
          const { answer, changed } = await submit(form, action, hostile.body(fields, intent, upload));
          problems.push(...judge(label, answer, changed));
          if (answer.kind === "problems" || answer.kind === "data" || (answer.kind === "redirect" && !answer.detail?.startsWith("/login")) || answer.status === 409) reached = true;
        }
      }
      if (reached) reachedForms.add(file);
      failures.push(...problems.map((p) => `${file} ${p}`));
      expect(problems).toEqual([]);
    });
  }

  for (const [file, form] of Object.entries(FORMS).filter(([, f]) => f.valid)) {
    it(`${file}: each field alone, the others valid`, { timeout: 120_000 }, async () => {
      const { action } = (await import(resolve(ROUTES_DIR, file))) as { action: Action };
      const { upload } = inventory(file, form);
      const problems: string[] = [];
      let n = 0;
      const base = () => form.valid!(ids, ++n);
      const entries = (values: Record<string, string>) => Object.entries(values);
      const accepted = await submit(form, action, native(upload, entries(base())));
      if (accepted.answer.kind !== "redirect" && accepted.answer.kind !== "data") {
        problems.push(`the valid submission was refused: ${JSON.stringify(accepted.answer.problems ?? accepted.answer.detail)}`);
      } else reachedForms.add(file);
      const fields = Object.keys(base()).filter((name) => name !== "intent");
      for (const field of fields) {
        tally.forms++;
        for (const [name, value] of Object.entries(TEXT)) {
          const { answer, changed } = await submit(form, action, native(upload, entries({ ...base(), [field]: value })));
          problems.push(...judge(`${field} × ${name}`, answer, changed));
          problems.push(...namesTheField(`${field} × ${name}`, answer, field, form.together));
        }
        const date = /^(.*)-day$/.exec(field)?.[1];
        if (!date) continue;
        for (const [name, [day, month, year]] of Object.entries(DATES)) {
          const values = { ...base(), [`${date}-day`]: day, [`${date}-month`]: month, [`${date}-year`]: year };
          const { answer, changed } = await submit(form, action, native(upload, entries(values)));
          problems.push(...judge(`${date} × ${name}`, answer, changed));
          problems.push(...namesTheField(`${date} × ${name}`, answer, date, form.together));
          if (answer.kind === "redirect") problems.push(`${date} × ${name}: accepted`);
        }
      }
      failures.push(...problems.map((p) => `${file} ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it("reached the validation of every form (beyond sign-in, 403 and 404), with its own payloads or a valid submission", () => {
    const unreached = Object.entries(FORMS).filter(([file, form]) => !form.unreached && !reachedForms.has(file));
    expect(unreached.map(([file]) => `${file}: check the persona and ids in the sweep's table`)).toEqual([]);
  });

  it("kept no 100,000-character text and no NUL bytes from any submission", () => {
    expect(suspiciousText()).toEqual([]);
  });
});

describe("hostile uploads", () => {
  const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const ZIP_BOMB = zipFile([...DOCX_ENTRIES, { name: "word/media/image1.png", data: new Uint8Array(150 * 1024 * 1024), deflate: true }]);
  const FIFTY_MB = (() => {
    const bytes = new Uint8Array(50 * 1024 * 1024);
    bytes.set(PDF_BYTES);
    return bytes;
  })();

  async function upload(file: string, path: string, params: Record<string, string>, name: string, bytes: Uint8Array, fields: [string, string][] = []) {
    const { action } = (await import(resolve(ROUTES_DIR, file))) as { action: Action };
    const { token } = createSession(db, actorFor(db, path.startsWith("/provider/invoices") ? PROVIDER : NEW_PROVIDER).id);
    const cookie = (await commitSessionCookie(token)).split(";")[0]!;
    takeChanges();
    const answer = await send(action, toRequest(path, cookie, { kind: "multipart", entries: [...fields, ["file", new File([bytes as Uint8Array<ArrayBuffer>], name)]] }), params);
    return { answer, changed: takeChanges() };
  }

  describe("framework evidence", () => {
    let criterion: { id: string; expires: boolean };
    const evidence = async (name: string, bytes: Uint8Array) => {
      const applicationId = ids["application:New Horizons Support"]!;
      const fields: [string, string][] = criterion.expires ? [["expiresOn-day", "1"], ["expiresOn-month", "1"], ["expiresOn-year", String(new Date().getFullYear() + 2)]] : [];
      return upload(
        "provider.applications.$applicationId.criteria.$criterionId.tsx",
        `/provider/applications/${applicationId}/criteria/${criterion.id}`,
        { applicationId, criterionId: criterion.id },
        name,
        bytes,
        fields,
      );
    };

    beforeAll(() => {
      criterion = db.$client
        .prepare("select id, expires from framework_criteria where framework_id = ? and kind = 'document' order by position limit 1")
        .get(ids["framework:CV-SDS-2026"]) as { id: string; expires: boolean };
      expect(criterion).toBeDefined();
    });

    const refusals: [string, string, () => Uint8Array, RegExp][] = [
      ["a file named PDF whose bytes are not", "insurance.pdf", () => new TextEncoder().encode("MZ\u0090 this is a program, not a PDF"), /must be a PDF, PNG, JPEG or DOCX/],
      ["a PNG named PDF", "insurance.pdf", () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]), /must be a PDF, PNG, JPEG or DOCX/],
      ["a 50 MB file", "big.pdf", () => FIFTY_MB, /must be smaller than 10 MB/],
      ["a zip bomb named DOCX", "policy.docx", () => ZIP_BOMB, /must be a PDF, PNG, JPEG or DOCX/],
      ["a name the form parser cannot read", "renewal=final; v2.pdf", () => PDF_BYTES, /rename the file/],
      ["an empty file", "empty.pdf", () => new Uint8Array(), /empty/],
      ["a name with a folder path", "../../etc/passwd.pdf", () => PDF_BYTES, /must not include a folder/],
      ["a name with a Windows folder path", "..\\..\\x.pdf", () => PDF_BYTES, /must not include a folder/],
      ["a name with a control character", "insurance\u0007.pdf", () => PDF_BYTES, /control characters/],
    ];
    for (const [what, name, bytes, message] of refusals) {
      it(`refuses ${what}, names the problem and saves nothing`, async () => {
        const { answer, changed } = await evidence(name, bytes());
        expect([answer.status, answer.detail]).toEqual([400, undefined]);
        expect(answer.problems?.fieldErrors.file).toMatch(message);
        expect(changed).toEqual([]);
      });
    }

    it("refuses a name with a folder path and gives back the rest of the form", async () => {
      if (!criterion.expires) return;
      const { answer } = await evidence("../../etc/passwd.pdf", PDF_BYTES);
      expect(answer.problems?.values).toMatchObject({ "expiresOn-day": "1", "expiresOn-month": "1" });
      expect(existsSync(resolve(uploadsDir(db), "../../etc/passwd.pdf"))).toBe(false);
    });

    it("keeps a file under a generated name, and its given name only as text", async () => {
      const sent = "<b>Insurance<b> & 'more'.pdf";
      const { answer } = await evidence(sent, PDF_BYTES);
      expect([answer.kind, answer.detail]).toEqual(["redirect", `/provider/applications/${ids["application:New Horizons Support"]}`]);
      const stored = db.$client.prepare("select id, file_name as fileName from evidence_documents order by rowid desc limit 1").get() as { id: string; fileName: string };
      expect(stored.fileName).toBe(sent);
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(existsSync(join(uploadsDir(db), stored.id))).toBe(true);
    });
  });

  describe("invoice lines from a CSV file", () => {
    const csv = (name: string, bytes: Uint8Array, fields: [string, string][] = []) => {
      const invoiceId = ids["invoice:draft"]!;
      return upload("provider.invoices.$invoiceId.upload.tsx", `/provider/invoices/${invoiceId}/upload`, { invoiceId }, name, bytes, fields);
    };

    /** A line of the template for a day of the draft invoice's period, for James's agreement with Riverbank. */
    const validCsv = () => {
      const invoice = db.$client.prepare("select period_start as periodStart from invoices where id = ?").get(ids["invoice:draft"]) as { periodStart: string };
      const agreement = db.$client.prepare("select reference from agreements where id = ?").get(ids["agreement:james"]) as { reference: string };
      return new TextEncoder().encode(toCsv([...CSV_COLUMNS], [["CV-100871", agreement.reference, invoice.periodStart, "1", "21.50", "Support at the garden centre", ""]]));
    };

    it("reads the valid file it is given under a plain name", async () => {
      const { answer, changed } = await csv("lines.csv", validCsv());
      expect(answer.kind).toBe("redirect");
      expect(changed).toContain("invoice_lines");
    });

    for (const [what, name, message] of [
      ["a folder path", "../../etc/lines.csv", /must not include a folder/],
      ["a Windows folder path", "C:\\Users\\me\\lines.csv", /must not include a folder/],
      ["a control character", "lines\u001b.csv", /control characters/],
    ] as const) {
      it(`refuses a valid file whose name has ${what}, names the problem on the file, gives back the rest of the form and saves nothing`, async () => {
        const { answer, changed } = await csv(name, validCsv(), [["keepValidOnly", "yes"]]);
        expect([answer.status, answer.kind]).toEqual([400, "problems"]);
        expect(answer.problems?.fieldErrors.file).toMatch(message);
        expect(answer.problems?.values).toMatchObject({ keepValidOnly: "yes" });
        expect(changed).toEqual([]);
      });
    }
    it("refuses a 50 MB file, names the problem and saves nothing", async () => {
      const { answer, changed } = await csv("lines.csv", FIFTY_MB);
      expect([answer.status, answer.detail]).toEqual([400, undefined]);
      expect(answer.problems?.fieldErrors.file).toMatch(/too big/);
      expect(changed).toEqual([]);
    });

    // A file that is read but is not the template is recorded as a refused upload, for the provider to read its problems.
    const refusals: [string, string, () => Uint8Array][] = [
      ["a file that is not a CSV", "lines.csv", () => PDF_BYTES],
      ["a zip bomb", "lines.csv", () => ZIP_BOMB],
    ];
    for (const [what, name, bytes] of refusals) {
      it(`refuses ${what}, lists its problems and adds no line`, async () => {
        const { answer, changed } = await csv(name, bytes());
        expect(answer.kind).toBe("redirect");
        expect(answer.detail).toMatch(/\/upload\?upload=[0-9a-f-]{36}$/);
        expect(changed).toEqual(["invoice_uploads"]);
        const recorded = db.$client.prepare("select saved, added, problems, file_name as fileName from invoice_uploads order by rowid desc limit 1").get() as {
          saved: number;
          added: number;
          problems: string;
          fileName: string;
        };
        expect([recorded.saved, recorded.added]).toEqual([0, 0]);
        expect((JSON.parse(recorded.problems) as { message: string }[])[0]?.message).toMatch(/./);
        expect(recorded.fileName).not.toContain("/");
      });
    }
  });
});

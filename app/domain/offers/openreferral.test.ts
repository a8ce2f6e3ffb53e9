import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { offers } from "@db/schema";
import { demoOfferId } from "@db/seed/offers";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { changeOfferStatus } from "./offers.server";
import { apiDetails, getService, listServices, openApiDocument, taxonomies, taxonomyTerms } from "./openreferral.server";

const ORIGIN = "https://choice.example";
const schema = (name: string) => JSON.parse(readFileSync(resolve("test/fixtures/openreferral-uk", name), "utf8")) as object;

let db: Db;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateListItem = ajv.compile(schema("service_list.json"));
const validateService = ajv.compile(schema("service.json"));

const errorsOf = (validate: typeof validateService) => ajv.errorsText(validate.errors);
const params = (query: Record<string, string> = {}) => new URLSearchParams(query);

beforeAll(async () => {
  db = await createSeededDb();
});

describe("Open Referral UK feed", () => {
  it("uses schemas that really check (a service with a malformed id fails)", () => {
    expect(validateService({ id: "not-a-uuid", name: "x", status: "active" })).toBe(false);
    expect(validateListItem({ id: demoOfferId(1), name: "x", status: "open" })).toBe(false);
  });

  it("lists published offers with the standard's paging fields, each item valid against service_list.json", () => {
    const page = listServices(db, params({ per_page: "100" }), ORIGIN);
    expect(page).toMatchObject({ total_items: 23, total_pages: 1, page_number: 1, size: 100, first_page: true, last_page: true, empty: false });
    expect(page.contents).toHaveLength(23);
    for (const item of page.contents) {
      expect(validateListItem(item), errorsOf(validateListItem)).toBe(true);
    }
  });

  it("gives each published offer as a service valid against service.json, with costs, areas, languages and its organisation", () => {
    const service = getService(db, demoOfferId(1), ORIGIN);
    expect(validateService(service), errorsOf(validateService)).toBe(true);
    expect(service.cost_options[0]).toMatchObject({ amount: 24.5, currency: "GBP" });
    expect(service.service_areas.map((a) => a.name)).toEqual(["Clydevale Town", "Riverside", "Northfield"]);
    expect(service.languages.map((l) => l.name)).toContain("Gaelic");
    expect(service.organization).toMatchObject({ name: "Riverbank Community Care" });
    expect(service.attributes.map((a) => a.taxonomy_term.name)).toContain("Feeling safe");
    for (const item of listServices(db, params({ per_page: "100" }), ORIGIN).contents) {
      const full = getService(db, item.id, ORIGIN);
      expect(validateService(full), `${item.name}: ${errorsOf(validateService)}`).toBe(true);
    }
  });

  it("never includes drafts or paused offers", () => {
    const ids = listServices(db, params({ per_page: "200" }), ORIGIN).contents.map((s) => s.id);
    expect(ids).not.toContain(demoOfferId(7));
    expect(ids).not.toContain(demoOfferId(13));
    expect(() => getService(db, demoOfferId(7), ORIGIN)).toThrow();
  });

  it("filters by text, taxonomy term and ages, and pages past the end are empty", () => {
    const dementia = listServices(db, params({ text: "dementia" }), ORIGIN);
    expect(dementia.contents.map((s) => s.name)).toEqual(["Living well with dementia at home"]);
    const terms = taxonomyTerms(db, params({ per_page: "200" })).contents.filter((t) => t.name === "Carer able to continue caring");
    const carers = terms.map((term) => listServices(db, params({ taxonomy_term_id: term.id, per_page: "100" }), ORIGIN).total_items);
    expect(Math.max(...carers)).toBeGreaterThan(3);
    expect(listServices(db, params({ minimum_age: "18", maximum_age: "40" }), ORIGIN).contents.map((s) => s.name)).toEqual(["Autism-friendly social evenings"]);
    const past = listServices(db, params({ page: "99", per_page: "10" }), ORIGIN);
    expect(past).toMatchObject({ empty: true, contents: [], page_number: 99, last_page: true });
    expect(listServices(db, params({ page: "abc", per_page: "-4", text: '"NEAR(* OR' }), ORIGIN).page_number).toBe(1);
  });

  it("lists taxonomies and terms for outcomes, care groups and lots", () => {
    expect(taxonomies(db, params()).contents.map((t) => t.name)).toContain("Clydevale Council: personal outcomes");
    const names = taxonomyTerms(db, params({ per_page: "200" })).contents.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["Having things to do", "Autism", "Short breaks"]));
  });

  it("keeps service ids stable and hides an offer as soon as it is paused", () => {
    const provider = actorFor(db, "admin@riverbank-care.example");
    changeOfferStatus(db, provider, demoOfferId(3), "pause");
    expect(listServices(db, params({ per_page: "100" }), ORIGIN).contents.map((s) => s.id)).not.toContain(demoOfferId(3));
    changeOfferStatus(db, provider, demoOfferId(3), "publish");
    expect(getService(db, demoOfferId(3), ORIGIN).id).toBe(demoOfferId(3));
  });

  it("gives only spoken and signed languages as languages; communication support and accessibility are attributes", () => {
    const byName = (name: string) => listServices(db, params({ per_page: "100" }), ORIGIN).contents.find((s) => s.name === name)!.id;
    const sensory = getService(db, byName("Care for people with sensory loss"), ORIGIN);
    expect(sensory.languages.map((l) => l.name)).toEqual(["English", "British Sign Language (BSL)"]);
    const access = (service: typeof sensory) => service.attributes.filter((a) => a.taxonomy_term.taxonomy === "Communication support and accessibility");
    expect(access(sensory).map((a) => a.taxonomy_term.name)).toEqual(["Deafblind communication", "Hearing loop"]);
    const reablement = getService(db, byName("Getting home from hospital (reablement)"), ORIGIN);
    expect(reablement.languages.map((l) => l.name)).not.toContain("Interpreters arranged when needed");
    expect(access(reablement).map((a) => a.taxonomy_term.name)).toEqual(["Interpreters arranged when needed"]);

    db.update(offers).set({ accessibilityNotes: "Step-free entrance and an accessible toilet", languages: [] }).where(eq(offers.id, sensory.id)).run();
    const noted = getService(db, sensory.id, ORIGIN);
    expect(validateService(noted), errorsOf(validateService)).toBe(true);
    expect(access(noted).find((a) => a.taxonomy_term.name === "Accessibility information")).toMatchObject({ value: "Step-free entrance and an accessible toilet" });
    expect(noted.languages.map((l) => l.name)).toEqual(["English"]);

    const hearingLoop = taxonomyTerms(db, params({ per_page: "200" })).contents.find((t) => t.name === "Hearing loop")!;
    expect(taxonomies(db, params()).contents.map((t) => t.id)).toContain(hearingLoop.taxonomy_id);
    const withLoop = listServices(db, params({ taxonomy_term_id: hearingLoop.id, per_page: "100" }), ORIGIN).contents.map((s) => s.name);
    expect(withLoop.sort()).toEqual(["Care for people with sensory loss", "Peer support groups"]);
    const accessibility = taxonomyTerms(db, params({ per_page: "200" })).contents.find((t) => t.name === "Accessibility information")!;
    const withNotes = listServices(db, params({ taxonomy_term_id: accessibility.id, per_page: "100" }), ORIGIN).contents.map((s) => s.name);
    expect(withNotes).toEqual(expect.arrayContaining(["Care for people with sensory loss", "Riverside Saturday club"]));
    expect(withNotes).not.toContain("Morning and evening support at home");
  });

  it("gives the community languages a provider named itself, by name", () => {
    const crisis = listServices(db, params({ text: "crisis prevention" }), ORIGIN).contents[0]!;
    const service = getService(db, crisis.id, ORIGIN);
    expect(validateService(service), errorsOf(validateService)).toBe(true);
    expect(service.languages.map((l) => [l.name, l.code])).toEqual([
      ["English", "en"],
      ["Polish", "pl"],
      ["Ukrainian", "uk"],
      ["Tigrinya", undefined],
      ["Farsi", undefined],
    ]);
    expect(listServices(db, params({ text: "Tigrinya" }), ORIGIN).contents.map((s) => s.name)).toEqual(["Crisis prevention and early support"]);
  });

  it("names service areas without an extent type the standard does not have", () => {
    const allowed = ["geojson", "topojson", "kml", "text"];
    for (const item of listServices(db, params({ per_page: "100" }), ORIGIN).contents) {
      for (const area of getService(db, item.id, ORIGIN).service_areas as { extent_type?: string }[]) {
        if (area.extent_type !== undefined) expect(allowed).toContain(area.extent_type);
      }
    }
  });

  it("points openapi_url at an OpenAPI 3.0 description of this API, every reference in it resolving", () => {
    const details = apiDetails(ORIGIN);
    expect(details.openapi_url).toBe(`${ORIGIN}/openreferral/openapi.json`);
    const document = openApiDocument(ORIGIN);
    expect(document.openapi).toMatch(/^3\.0\.\d$/);
    expect(document.servers).toEqual([{ url: `${ORIGIN}/openreferral` }]);
    for (const endpoint of details.endpoints) expect(Object.keys(document.paths)).toContain(endpoint.replace(`${ORIGIN}/openreferral`, ""));
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      const target = ref.split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, ref).toBeTypeOf("object");
    }
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) expect(Object.keys((operation as { responses: object }).responses), path).toContain("200");
    }
  });
});

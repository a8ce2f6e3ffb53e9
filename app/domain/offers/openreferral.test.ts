import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { demoOfferId } from "@db/seed/offers";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { changeOfferStatus } from "./offers.server";
import { getService, listServices, taxonomies, taxonomyTerms } from "./openreferral.server";

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
});

import { readFileSync } from "node:fs";
import Ajv, { type AnySchema } from "ajv";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { people, providerApplications } from "@db/schema";
import { changeStanding } from "~/domain/frameworks/applications.server";
import { NotFound } from "~/lib/errors";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";
import { OCID_PREFIX } from "./labels";
import { ocdsReleasePackage, type OcdsReleasePackage } from "./ocds.server";

/**
 * The OCDS 1.1 schemas are JSON Schema draft-04, which Ajv 8 does not read without the `ajv-draft-04` package
 * (not installed here). The closest configuration that works: draft-04's `id` becomes `$id` and `$schema` is
 * dropped, so Ajv reads them as draft-07. Every keyword the OCDS schemas use (type, properties, required, enum,
 * pattern, minLength, minItems, uniqueItems, format, $ref, oneOf) means the same in both drafts.
 */
function asDraft07(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asDraft07);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema") continue;
    if (key === "id" && typeof value === "string") out.$id = value;
    else out[key] = asDraft07(value);
  }
  return out;
}

const fixture = (name: string) => asDraft07(JSON.parse(readFileSync(new URL(`../../../test/fixtures/ocds/${name}`, import.meta.url), "utf8"))) as AnySchema;

function packageValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(fixture("release-schema.json"));
  return ajv.compile(fixture("release-package-schema.json"));
}

const ORIGIN = "https://choice.example";
let db: Db;
let validate: ReturnType<typeof packageValidator>;

beforeAll(async () => {
  db = await createSeededDb();
  validate = packageValidator();
});

function valid(pkg: OcdsReleasePackage) {
  const ok = validate(JSON.parse(JSON.stringify(pkg)));
  expect(validate.errors ?? []).toEqual([]);
  return ok;
}

const application = (reference: string) => db.select().from(providerApplications).where(eq(providerApplications.reference, reference)).get()!;

describe("the OCDS release package of the frameworks", () => {
  it("validates against the OCDS 1.1 release package schema, with a tender release and an award per admitted provider", () => {
    const pkg = ocdsReleasePackage(db, ORIGIN, "clydevale");
    expect(valid(pkg)).toBe(true);
    expect(pkg.version).toBe("1.1");
    expect(pkg.license).toContain("open-government-licence/version/3");
    const tender = pkg.releases.filter((r) => r.tag.includes("tender"));
    expect(tender).toHaveLength(1);
    expect(tender[0]!.ocid).toBe(`${OCID_PREFIX}-clydevale-CV-SDS-2026`);
    expect(tender[0]!.tender!.status).toBe("active");
    expect(tender[0]!.tender!.lots.map((l) => l.title)).toContain("Care at home");
    const awards = pkg.releases.filter((r) => r.tag.includes("award"));
    // Three providers are admitted in the demo data; the one under review is not published.
    expect(awards.map((r) => r.awards![0]!.suppliers[0]!.name).sort()).toEqual(["Glenburn Home Support", "Kirkmuir Wellbeing Trust", "Riverbank Community Care", "Thistle Lane Connections"]);
    const riverbank = awards.find((r) => r.awards![0]!.suppliers[0]!.name === "Riverbank Community Care")!;
    expect(riverbank.parties.map((p) => [p.id, p.roles])).toEqual([
      ["cc-council-clydevale", ["buyer", "procuringEntity"]],
      ["GB-SC-SC041234", ["supplier", "tenderer"]],
    ]);
    expect(riverbank.awards![0]!.relatedLots).toHaveLength(3);
  });

  it("publishes an award update when a provider is suspended, reinstated or exits, with unique release ids and the same ocid", () => {
    const commissioner = actorFor(db, "commissioner@clydevale.example");
    changeStanding(db, commissioner, application("APP-DEMO01").id, "suspend", "Insurance lapsed");
    changeStanding(db, commissioner, application("APP-DEMO01").id, "reinstate", "Insurance renewed");
    changeStanding(db, commissioner, application("APP-DEMO02").id, "exit", "Left at its own request");
    const pkg = ocdsReleasePackage(db, ORIGIN, "clydevale");
    expect(valid(pkg)).toBe(true);
    const updates = pkg.releases.filter((r) => r.tag.includes("awardUpdate"));
    expect(updates.map((r) => [r.awards![0]!.id, r.awards![0]!.status, r.awards![0]!.description.split(":")[0]])).toEqual([
      ["APP-DEMO01", "active", expect.stringContaining("was suspended from the framework")],
      ["APP-DEMO01", "active", expect.stringContaining("was reinstated")],
      ["APP-DEMO02", "cancelled", expect.stringContaining("left the framework")],
    ]);
    const ids = pkg.releases.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(pkg.releases.map((r) => r.ocid))).toEqual(new Set([`${OCID_PREFIX}-clydevale-CV-SDS-2026`]));
    // The award keeps the date of the admission; the release carries the date of the change.
    const suspension = updates[0]!;
    expect(suspension.awards![0]!.date < suspension.date).toBe(true);
  });

  it("never contains a supported person", () => {
    const text = JSON.stringify(ocdsReleasePackage(db, ORIGIN));
    for (const person of db.select().from(people).all()) {
      expect(text).not.toContain(person.name);
      expect(text).not.toContain(person.reference);
      expect(text).not.toContain(person.id);
    }
  });

  it("covers every council without a council, is empty but valid for a council with no frameworks, and refuses an unknown council", () => {
    expect(valid(ocdsReleasePackage(db, ORIGIN))).toBe(true);
    const eastmuir = ocdsReleasePackage(db, ORIGIN, "eastmuir");
    expect(valid(eastmuir)).toBe(true);
    expect(eastmuir.releases).toEqual([]);
    expect(() => ocdsReleasePackage(db, ORIGIN, "nowhere")).toThrow(NotFound);
  });
});

import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { frameworks, type FrameworkStatus } from "@db/schema";
import { DEMO_FRAMEWORK_REFERENCE } from "@db/seed/frameworks";
import { choosableProviders, startAgreement } from "~/domain/agreements/agreements.server";
import { admittedLots, getPublicOffer } from "~/domain/offers/offers.server";
import { listServices } from "~/domain/offers/openreferral.server";
import { searchOffers } from "~/domain/offers/search.server";
import { addDays, todayIso } from "~/lib/dates";
import { useDatabaseForTests } from "~/lib/db.server";
import { NotFound } from "~/lib/errors";
import { loader as offersLoader } from "~/routes/offers._index";
import { createSeededDb } from "../../../test/db";
import { actorFor, councilId } from "../../../test/factories";
import { loaderAnswer } from "../../../test/loader";
import { providerStandings, startApplication } from "./applications.server";
import { providerComplianceBlock } from "./compliance.server";
import { isInForce } from "./in-force";

let db: Db;
let frameworkId: string;
const GLENBURN = "admin@glenburn-support.example";

beforeEach(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  frameworkId = db.select().from(frameworks).where(eq(frameworks.reference, DEMO_FRAMEWORK_REFERENCE)).get()!.id;
});

function setFramework(values: { status?: FrameworkStatus; endDate?: string }) {
  db.update(frameworks).set(values).where(eq(frameworks.id, frameworkId)).run();
}

/** What a person, a provider and the open data see of Glenburn's standing on Clydevale's framework. */
async function standing() {
  const clydevale = councilId(db, "clydevale");
  const glenburn = actorFor(db, GLENBURN).organisationId!;
  const { page: offersPage } = loaderAnswer(await offersLoader({ request: new Request("http://localhost:3000/offers?council=clydevale"), params: {}, context: {} }));
  return {
    block: providerComplianceBlock(db, glenburn, clydevale),
    choosable: choosableProviders(db, clydevale).some((p) => p.organisationId === glenburn),
    lotsToOfferUnder: admittedLots(db, glenburn).length,
    searchResults: searchOffers(db, { councilId: clydevale }).total,
    openReferral: listServices(db, new URLSearchParams(), "http://localhost:3000").total_items,
    lotsOnOffersPage: offersPage.options?.lots.length ?? 0,
    offersOnOffersPage: offersPage.page?.total ?? 0,
  };
}

describe("a framework in force", () => {
  it("is one open or closed whose end date has not passed", () => {
    const today = "2027-06-30";
    expect(isInForce({ status: "open", endDate: today }, today)).toBe(true);
    expect(isInForce({ status: "closed", endDate: "2030-03-31" }, today)).toBe(true);
    expect(isInForce({ status: "open", endDate: "2027-06-29" }, today)).toBe(false);
    expect(isInForce({ status: "ended", endDate: "2030-03-31" }, today)).toBe(false);
    expect(isInForce({ status: "draft", endDate: "2030-03-31" }, today)).toBe(false);
  });

  it("keeps admitted providers choosable and their offers public while it is open or closed", async () => {
    const before = await standing();
    expect(getPublicOffer(db, glenburnOfferId()).provider.name).toBe("Glenburn Home Support");
    expect(before).toMatchObject({ block: null, choosable: true });
    for (const count of [before.lotsToOfferUnder, before.searchResults, before.openReferral, before.lotsOnOffersPage, before.offersOnOffersPage]) expect(count).toBeGreaterThan(0);
    setFramework({ status: "closed" });
    expect(await standing()).toEqual(before);
  });

  for (const [what, change] of [
    ["has ended", { status: "ended" as const }],
    ["is past its end date", { endDate: addDays(todayIso(), -1) }],
  ] as const) {
    it(`stops counting admissions once it ${what}: nobody can choose its providers and their offers are no longer public`, async () => {
      setFramework(change);
      expect(await standing()).toEqual({
        block: "The provider is not admitted to the council's framework.",
        choosable: false,
        lotsToOfferUnder: 0,
        searchResults: 0,
        openReferral: 0,
        lotsOnOffersPage: 0,
        offersOnOffersPage: 0,
      });
      expect(() => getPublicOffer(db, glenburnOfferId())).toThrow(NotFound);
      const morag = db.$client.prepare("select id from people where reference = 'CV-100234'").get() as { id: string };
      const lot = admittedLotId();
      expect(() => startAgreement(db, actorFor(db, "morag@people.example"), { personId: morag.id, providerOrganisationId: actorFor(db, GLENBURN).organisationId!, lotId: lot })).toThrow(
        "not admitted",
      );
    });
  }

  it("takes no new applications after its end date, even while still marked open", async () => {
    const horizons = actorFor(db, "admin@new-horizons.example");
    setFramework({ endDate: addDays(todayIso(), -1) });
    expect(() => startApplication(db, horizons, frameworkId)).toThrow("This framework is not open for applications.");
    setFramework({ endDate: todayIso() });
    expect(providerStandings(db, horizons)).toEqual([]);
    expect(startApplication(db, horizons, frameworkId)).toMatch(/./);
  });
});

function admittedLotId(): string {
  const row = db.$client
    .prepare(
      `select al.lot_id as id from application_lots al join provider_applications pa on pa.id = al.application_id
       join organisations o on o.id = pa.organisation_id where o.name = 'Glenburn Home Support' and al.outcome = 'admitted' limit 1`,
    )
    .get() as { id: string };
  return row.id;
}

function glenburnOfferId(): string {
  const row = db.$client
    .prepare("select o.id from offers o join organisations g on g.id = o.organisation_id where g.name = 'Glenburn Home Support' and o.status = 'published' limit 1")
    .get() as { id: string };
  return row.id;
}

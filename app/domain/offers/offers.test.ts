import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { councilListItems, notifications, offerCostOptions, offers, organisations, providerApplications } from "@db/schema";
import { demoOfferId } from "@db/seed/offers";
import { changeStanding } from "~/domain/frameworks/applications.server";
import { addListItem, councilList, moveListItem, renameListItem, setListItemRetired } from "~/domain/council-lists/council-lists.server";
import { Conflict, Forbidden, NotFound, RuleBroken } from "~/lib/errors";
import { createSeededDb } from "../../../test/db";
import { actorFor, admitToNewFramework, councilId } from "../../../test/factories";
import { getEnquiry, listEnquiries, replyToEnquiry, startEnquiry } from "./enquiries.server";
import { admittedLots, changeOfferStatus, createOffer, getPublicOffer, getProviderOffer, providerOffers, recordOfferView, updateOffer } from "./offers.server";
import { offerFormValues } from "./form-values";
import { offerProblems, parseOfferForm, type OfferInput } from "./offers.schema";
import { ftsQuery, offerQueryFromParams, personOutcomeIdsFor, searchOffers } from "./search.server";
import { addToShortlist, compareOffers, removeFromShortlist, shortlist } from "./shortlist.server";
import { offerView } from "./view";

let db: Db;
let clydevale: string;
const riverbank = () => actorFor(db, "admin@riverbank-care.example");
const morag = () => actorFor(db, "morag@people.example");
const search = (query: Partial<Parameters<typeof searchOffers>[1]> = {}) => searchOffers(db, { councilId: clydevale, perPage: 100, ...query });
const titles = (query: Partial<Parameters<typeof searchOffers>[1]> = {}) => search(query).results.map((r) => r.title);
const listId = (kind: "outcome" | "locality" | "care_group", label: string) =>
  db.select().from(councilListItems).where(and(eq(councilListItems.councilId, clydevale), eq(councilListItems.kind, kind), eq(councilListItems.label, label))).get()!.id;

function validInput(overrides: Partial<OfferInput> = {}): OfferInput {
  const lot = admittedLots(db, riverbank().organisationId!).find((l) => l.name === "Community and day support")!;
  return {
    lotId: lot.id,
    title: "Cooking together",
    summary: "Weekly cooking sessions in small groups where you learn to plan, shop for and cook healthy meals.",
    description: "We meet every Wednesday in the community kitchen.",
    outcomeIds: [listId("outcome", "Staying independent")],
    careGroupIds: [],
    minAge: 18,
    maxAge: null,
    localityIds: [listId("locality", "Kirkmuir")],
    deliveryModes: ["at_venue"],
    flexible: false,
    days: ["WE"],
    opensAt: "10:00",
    closesAt: "13:00",
    scheduleNotes: "",
    languages: ["en"],
    otherLanguages: [],
    communicationSupport: [],
    accessibilityNotes: "",
    accepting: "yes",
    places: 4,
    contactName: "Ewan MacLeod",
    contactEmail: "",
    contactPhone: "",
    contactNotes: "",
    careInspectorateNumber: "",
    grades: {},
    gradedOn: null,
    costOptions: [{ label: "", amountPence: 4000, unit: "session", includes: "Ingredients", validFrom: null, validTo: null }],
    ...overrides,
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

beforeEach(async () => {
  db = await createSeededDb();
  clydevale = councilId(db, "clydevale");
});

describe("searching offers", () => {
  it("returns results or nothing, never an error, whatever is typed", () => {
    const hostile = ['"', "'", '""', "OR", "AND NOT", "NEAR(home care, 2)", "*", "-", "--", "^", "home*", "col:title", "😀🙂", "x".repeat(10_000), "'; drop table offers; --", "%_", "\u0000", "(((", "日本語", "care OR", ""];
    for (const text of hostile) {
      const page = search({ text });
      expect(page.total, text.slice(0, 20)).toBeGreaterThanOrEqual(0);
    }
    expect(ftsQuery("NEAR(a b) OR \"c\" -d*")).toBe('"near"* "a"* "b"* "or"* "c"* "d"*');
    expect(ftsQuery("😀 -- *")).toBeNull();
    expect(db.select().from(offers).all().length).toBe(25);
  });

  it("finds offers by words in the title, summary, description, provider name and the languages the provider named", () => {
    expect(titles({ text: "dementia" })).toEqual(["Living well with dementia at home"]);
    expect(titles({ text: "Tigrinya" })).toEqual(["Crisis prevention and early support"]);
    expect(titles({ text: "fars" })).toEqual(["Crisis prevention and early support"]);
    expect(titles({ text: "Kirkmuir Wellbeing" }).length).toBeGreaterThanOrEqual(5);
    expect(titles({ text: "garden" })).toContain("Green gym and gardening");
    expect(titles({ text: "Promoting Excellence" })).toEqual(["Living well with dementia at home"]);
  });

  it("matches text within the council searched, and never against the council itself", () => {
    expect(titles({ text: "dementia" })).toEqual(["Living well with dementia at home"]);
    expect(search({ text: "dementia", councilId: councilId(db, "eastmuir") }).total).toBe(0);
    expect(searchOffers(db, { text: "dementia" }).results.map((r) => r.title)).toEqual(["Living well with dementia at home"]);
    expect(search({ text: clydevale.split("-")[0]! }).total).toBe(0);
  });

  it("shows only published offers of admitted providers", () => {
    const all = titles();
    expect(all).toHaveLength(23);
    expect(all).not.toContain("Night-time support (sleepover)");
    expect(all).not.toContain("Moving on: first home for young adults");
    expect(() => getPublicOffer(db, demoOfferId(7))).toThrow(NotFound);
  });

  it("filters by outcome, locality, lot, care group, age, delivery mode, language and capacity", () => {
    const safe = listId("outcome", "Feeling safe");
    for (const r of search({ outcomeId: safe }).results) expect(getPublicOffer(db, r.id).offer.outcomeIds).toContain(safe);
    expect(titles({ localityId: listId("locality", "Glenburn"), outcomeId: listId("outcome", "Living where and as I want") })).toEqual(
      expect.arrayContaining(["Supported living at Station Court", "Support in your own tenancy"]),
    );
    const shortBreaks = admittedLots(db, riverbank().organisationId!).find((l) => l.name === "Short breaks")!;
    expect(search({ lotId: shortBreaks.id }).results.every((r) => r.lot === "Short breaks")).toBe(true);
    expect(titles({ careGroupId: listId("care_group", "Autism"), age: 30 })).toContain("Autism-friendly social evenings");
    expect(titles({ age: 45 })).not.toContain("Autism-friendly social evenings");
    expect(titles({ deliveryMode: "online", language: "ar" }).sort()).toEqual(["Back to work and learning", "Online wellbeing coaching", "Recovery coaching"]);
    expect(titles({ language: "makaton" })).toContain("Riverside Saturday club");
    expect(search({ accepting: "yes" }).results.every((r) => r.accepting === "yes")).toBe(true);
    expect(search({ accepting: "waiting_list" }).results.some((r) => r.accepting === "waiting_list")).toBe(true);
  });

  it("matches a filter only by a whole entry of the offer's list, whatever a hand-edited link holds", () => {
    const safe = listId("outcome", "Feeling safe");
    const withSafe = search({ outcomeId: safe }).total;
    expect(withSafe).toBeGreaterThan(0);
    for (const nearly of [safe.slice(0, 8), safe.slice(9), `${safe}"`, `"${safe}"`, ",", '","', "[", `${safe},${safe}`]) {
      expect(search({ outcomeId: nearly }).total).toBe(0);
      expect(search({ localityId: nearly }).total).toBe(0);
    }
    expect(search({ outcomeId: safe.toUpperCase() }).total).toBe(0);
  });

  it("finds an offer for anyone under every care group, and one naming no language under English", () => {
    const id = createOffer(db, riverbank(), validInput({ title: "Open to all", careGroupIds: [], languages: [] }));
    changeOfferStatus(db, riverbank(), id, "publish");
    expect(titles({ careGroupId: listId("care_group", "Autism") })).toContain("Open to all");
    expect(titles({ careGroupId: listId("care_group", "Carers") })).toContain("Open to all");
    expect(titles({ language: "en" })).toContain("Open to all");
    expect(titles({ language: "pl" })).not.toContain("Open to all");
    const autism = listId("care_group", "Autism");
    const named = search({ careGroupId: autism }).results.filter((r) => r.title !== "Open to all");
    for (const r of named) expect(getPublicOffer(db, r.id).offer.careGroupIds).toContain(autism);
    expect(searchOffers(db, { termId: autism, perPage: 100 }).results.map((r) => r.title)).toContain("Open to all");
    expect(searchOffers(db, { termId: listId("outcome", "Feeling safe"), perPage: 100 }).results.map((r) => r.title)).not.toContain("Open to all");
  });

  it("fits my budget: a current cost in the same unit, per hour, session, day or week, at or under the amount", () => {
    const under23 = search({ maxCost: { pence: 2300, unit: "hour" } });
    expect(under23.results.map((r) => r.title).sort()).toEqual(["Autism-friendly social evenings", "Glenburn personal care at home", "Sitting service for carers"]);
    expect(titles({ maxCost: { pence: 120000, unit: "week" } })).toEqual(["Supported living at Station Court"]);
    expect(titles({ maxCost: { pence: 1200, unit: "session" } }).sort()).toEqual(["Peer support groups", "Walk and talk"]);
    expect(titles({ maxCost: { pence: 11000, unit: "day" } })).toEqual(["Day breaks with activities"]);
    expect(search({ maxCost: { pence: 1, unit: "hour" } }).total).toBe(0);
  });

  it("shows and sorts by the price in the budget's unit when fits my budget is set", () => {
    const id = demoOfferId(1);
    const hourly = search().results.find((r) => r.id === id)!.lowestCost!;
    expect(hourly.unit).toBe("hour");
    const extra = db.insert(offerCostOptions).values({ offerId: id, label: "Group session", amountPence: 1100, unit: "session" }).returning().get();
    try {
      const perSession = search({ maxCost: { pence: 1200, unit: "session" }, sort: "cost" }).results;
      expect(perSession.find((r) => r.id === id)?.lowestCost).toEqual({ amountPence: 1100, unit: "session" });
      expect(perSession.every((r) => r.lowestCost?.unit === "session")).toBe(true);
      const amounts = perSession.map((r) => r.lowestCost!.amountPence);
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
      expect(search().results.find((r) => r.id === id)!.lowestCost).toEqual(hourly);
    } finally {
      db.delete(offerCostOptions).where(eq(offerCostOptions.id, extra.id)).run();
    }
  });

  it("shows each result's lowest price valid today, not one that has lapsed", () => {
    const id = demoOfferId(1);
    const before = search().results.find((r) => r.id === id)!.lowestCost!;
    db.insert(offerCostOptions).values({ offerId: id, label: "Last year's rate", amountPence: 500, unit: "hour", validFrom: "2020-01-01", validTo: "2021-01-01" }).run();
    expect(search().results.find((r) => r.id === id)!.lowestCost).toEqual(before);
    expect(before.amountPence).toBeGreaterThan(500);
  });

  it("sorts by lowest hourly cost and by most recently updated", () => {
    const byCost = search({ sort: "cost" }).results.filter((r) => r.lowestCost?.unit === "hour").map((r) => r.lowestCost!.amountPence);
    expect(byCost).toEqual([...byCost].sort((a, b) => a - b));
    const recent = search({ sort: "recent" }).results.map((r) => r.updatedAt.getTime());
    expect(recent).toEqual([...recent].sort((a, b) => b - a));
  });

  it("ranks by how many of the person's outcomes an offer supports", () => {
    const mine = ["Carer able to continue caring", "Having things to do", "Seeing people, friendships and relationships", "Improved confidence"].map((l) => listId("outcome", l));
    const page = search({ personOutcomeIds: mine });
    expect(page.personOutcomeCount).toBe(4);
    const matched = page.results.map((r) => r.outcomesMatched);
    expect(matched).toEqual([...matched].sort((a, b) => b - a));
    expect(matched[0]).toBe(3);
    expect(search().results.every((r) => r.outcomesMatched === 0)).toBe(true);
  });

  it("paginates with a total, and a page past the end gives the last page", () => {
    const first = search({ perPage: 10, page: 1 });
    expect(first).toMatchObject({ total: 23, pageCount: 3, page: 1 });
    expect(search({ perPage: 10, page: 99 })).toMatchObject({ page: 3 });
    expect(search({ perPage: 10, page: 99 }).results).toHaveLength(3);
    expect(search({ perPage: 10, page: -5 }).page).toBe(1);
  });

  it("reads any query string without failing, ignoring choices it does not know", () => {
    const { query, problems } = offerQueryFromParams(new URLSearchParams("q=%22&page=1e99&language=klingon&sort=drop&accepting=maybe&deliveryMode=teleport"), clydevale);
    expect(problems).toEqual({});
    expect(query).toMatchObject({ page: 1, sort: "best", maxCost: undefined, language: undefined, age: undefined, accepting: undefined, deliveryMode: undefined });
    expect(search(query).total).toBe(23);
  });

  it("names a budget or an age it cannot use, rather than leaving it out of the search", () => {
    const read = (query: string) => offerQueryFromParams(new URLSearchParams(query), clydevale);
    expect(read("budget=25.555&age=abc").problems).toEqual({
      budget: "Enter a budget in pounds and pence, like 25.50",
      age: "Enter the person's age as a whole number of years, from 0 to 130, like 30",
    });
    expect(read("budget=0").problems.budget).toBe("Enter a budget of more than £0, like 25.50");
    for (const age of ["-1", "31.5", "131", "1e2"]) expect(read(`age=${age}`).problems, age).toHaveProperty("age");
    expect(read("budget=%C2%A325.50&budgetUnit=week&age=30")).toEqual({ problems: {}, query: expect.objectContaining({ maxCost: { pence: 2550, unit: "week" }, age: 30 }) });
    expect(read("budget=40&budgetUnit=session").query.maxCost).toEqual({ pence: 4000, unit: "session" });
    expect(read("budget=95&budgetUnit=day").query.maxCost).toEqual({ pence: 9500, unit: "day" });
    expect(read("budget=300&budgetUnit=package").query.maxCost).toEqual({ pence: 30000, unit: "hour" });
    expect(read("budget=abc&budgetUnit=session").problems.budget).toBe("Enter a budget in pounds and pence, like 25.50");
    expect(read("budget=&age=").problems).toEqual({});
  });
});

describe("the offer lifecycle", () => {
  it("creates a draft, publishes, pauses, republishes and withdraws, each audited", () => {
    const id = createOffer(db, riverbank(), validInput());
    expect(titles()).not.toContain("Cooking together");
    changeOfferStatus(db, riverbank(), id, "publish");
    expect(titles()).toContain("Cooking together");
    changeOfferStatus(db, riverbank(), id, "pause");
    expect(titles()).not.toContain("Cooking together");
    expect(() => getPublicOffer(db, id)).toThrow(NotFound);
    changeOfferStatus(db, riverbank(), id, "publish");
    changeOfferStatus(db, riverbank(), id, "withdraw");
    expect(thrown(() => changeOfferStatus(db, riverbank(), id, "publish"))).toBeInstanceOf(Conflict);
    expect(thrown(() => updateOffer(db, riverbank(), id, validInput()))).toBeInstanceOf(Conflict);
    const audit = db.$client.prepare("select action from audit_events where subject_id = ? order by id").all(id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(["offer.created", "offer.publish", "offer.pause", "offer.publish", "offer.withdraw"]);
  });

  it("only allows lots the provider is admitted to", () => {
    const supportedLiving = db.$client.prepare("select id from framework_lots where name = 'Supported living'").get() as { id: string };
    const error = thrown(() => createOffer(db, riverbank(), validInput({ lotId: supportedLiving.id })));
    expect(error).toBeInstanceOf(RuleBroken);
    expect((error as RuleBroken).fieldErrors.lotId).toMatch(/admitted/);
    expect(thrown(() => createOffer(db, actorFor(db, "admin@new-horizons.example"), validInput()))).toBeInstanceOf(RuleBroken);
    expect(thrown(() => createOffer(db, morag(), validInput()))).toBeInstanceOf(Forbidden);
  });

  it("takes the lists of the type of support's council, for a provider on two councils' frameworks", () => {
    const eastmuirLot = admitToNewFramework(db, "eastmuir", riverbank().organisationId!);
    const error = thrown(() => createOffer(db, riverbank(), validInput({ lotId: eastmuirLot })));
    expect((error as RuleBroken).fieldErrors).toMatchObject({
      outcomeIds: "Choose outcomes from Eastmuir Council's list, the council of the type of support",
      localityIds: "Choose areas from Eastmuir Council's list, the council of the type of support",
    });
    const eastmuir = councilId(db, "eastmuir");
    const fromEastmuir = (kind: "outcome" | "locality", label: string) =>
      db.select().from(councilListItems).where(and(eq(councilListItems.councilId, eastmuir), eq(councilListItems.kind, kind), eq(councilListItems.label, label))).get()!.id;
    const id = createOffer(db, riverbank(), validInput({ lotId: eastmuirLot, outcomeIds: [fromEastmuir("outcome", "Staying independent")], localityIds: [fromEastmuir("locality", "Coastal")] }));
    expect(getProviderOffer(db, riverbank(), id).offer.councilId).toBe(eastmuir);
  });

  it("refuses a short summary, a valid-to before valid-from, and amounts that are not positive pence", () => {
    const problems = offerProblems(
      validInput({ summary: "Too short", costOptions: [{ label: "", amountPence: 2500, unit: "hour", includes: "", validFrom: "2026-05-01", validTo: "2026-04-01" }] }),
    );
    expect(problems.summary).toMatch(/between 50 and 250/);
    expect(problems["cost-0-to"]).toMatch(/after the 'valid from'/);
    const form = new FormData();
    for (const [k, v] of Object.entries({ lotId: "x", flexible: "yes", accepting: "yes", "cost-0-amount": "22.555", "cost-0-unit": "hour", "cost-1-amount": "-3", "cost-1-unit": "hour", "cost-2-amount": "0", "cost-2-unit": "week" })) form.set(k, v);
    const parsed = parseOfferForm(form);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.fieldErrors["cost-0-amount"]).toMatch(/two decimal places/);
      expect(parsed.fieldErrors["cost-1-amount"]).toBeDefined();
      expect(parsed.fieldErrors["cost-2-amount"]).toMatch(/more than £0/);
    }
    form.set("cost-0-amount", "22.55");
    form.delete("cost-1-amount");
    form.delete("cost-2-amount");
    const ok = parseOfferForm(form);
    expect(ok.ok && ok.data.costOptions).toEqual([{ id: null, label: "", amountPence: 2255, unit: "hour", includes: "", validFrom: null, validTo: null }]);
    // Dates the wrong way round on the second row, with the first row emptied: the message is beside the second row.
    form.delete("cost-0-amount");
    for (const [k, v] of Object.entries({ "cost-1-amount": "25", "cost-1-from-day": "1", "cost-1-from-month": "5", "cost-1-from-year": "2027", "cost-1-to-day": "1", "cost-1-to-month": "4", "cost-1-to-year": "2027" })) form.set(k, v);
    const reversed = parseOfferForm(form);
    expect(reversed.ok ? {} : reversed.fieldErrors).toMatchObject({ "cost-1-to": expect.stringMatching(/after the 'valid from'/) });
    expect(reversed.ok ? {} : reversed.fieldErrors).not.toHaveProperty("cost-0-to");
  });

  it("lists every problem with the form at once: what it cannot read and the offer's rules, in the form's order", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: "Mindful mornings", summary: "Too short", flexible: "no", accepting: "yes", minAge: "ten", "cost-0-amount": "12.345", "cost-0-unit": "session", contactName: "Ewan" })) form.set(k, v);
    const parsed = parseOfferForm(form);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? {} : parsed.fieldErrors).toEqual({
      lotId: "Choose the type of support",
      summary: "The summary must be between 50 and 250 characters (it is 9)",
      description: "Describe what the support looks like day to day",
      outcomeIds: "Choose at least one outcome the offer helps with",
      minAge: "Enter the youngest age as a whole number of years, like 18",
      localityIds: "Choose at least one area where the support is available",
      deliveryModes: "Choose how the support is delivered",
      days: "Choose the days the support is available, or say the times are flexible",
      "cost-0-amount": "Enter an amount in pounds and pence, like 24.50 (no more than two decimal places)",
    });
    expect(Object.keys(parsed.ok ? {} : parsed.fieldErrors)).toEqual(["lotId", "summary", "description", "outcomeIds", "minAge", "localityIds", "deliveryModes", "days", "cost-0-amount"]);
  });

  it("records other community languages by name, and shows them with the listed ones", () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(offerFormValues(getProviderOffer(db, riverbank(), demoOfferId(1))))) for (const v of [value].flat()) form.append(name, v);
    form.set("otherLanguages", " Tigrinya,  farsi ; Farsi,,");
    const parsed = parseOfferForm(form);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    expect(parsed.data.otherLanguages).toEqual(["Tigrinya", "farsi"]);
    updateOffer(db, riverbank(), demoOfferId(1), parsed.data);
    expect(offerView(getPublicOffer(db, demoOfferId(1))).languages).toEqual(["English", "Gaelic", "Tigrinya", "farsi"]);
    expect(offerFormValues(getProviderOffer(db, riverbank(), demoOfferId(1))).otherLanguages).toBe("Tigrinya, farsi");
    const title = getPublicOffer(db, demoOfferId(1)).offer.title;
    expect(titles({ text: "Tigrinya" })).toEqual(expect.arrayContaining([title, "Crisis prevention and early support"]));
    updateOffer(db, riverbank(), demoOfferId(1), { ...parsed.data, otherLanguages: [] });
    expect(titles({ text: "Tigrinya" })).toEqual(["Crisis prevention and early support"]);
    form.set("otherLanguages", Array.from({ length: 11 }, (_, i) => `Language ${i}`).join(", "));
    const tooMany = parseOfferForm(form);
    expect(tooMany.ok ? {} : tooMany.fieldErrors).toEqual({ otherLanguages: "Enter up to 10 languages, separated by commas, like Tigrinya, Farsi" });
  });

  it("keeps a cost option's id when the offer is saved again, so the feed's and agreements' ids stay the same", () => {
    const id = createOffer(db, riverbank(), validInput({ costOptions: [{ label: "Weekday", amountPence: 4000, unit: "session", includes: "", validFrom: null, validTo: null }, { label: "Weekend", amountPence: 4500, unit: "session", includes: "", validFrom: null, validTo: null }] }));
    const resubmit = (change: (values: Record<string, string | string[]>) => void) => {
      const values = offerFormValues(getProviderOffer(db, riverbank(), id));
      change(values);
      const form = new FormData();
      for (const [name, value] of Object.entries(values)) for (const v of [value].flat()) form.append(name, v);
      const parsed = parseOfferForm(form);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
      updateOffer(db, riverbank(), id, parsed.data);
      return getProviderOffer(db, riverbank(), id).costOptions;
    };
    const [weekday, weekend] = getProviderOffer(db, riverbank(), id).costOptions;
    const changed = resubmit((values) => {
      values["cost-0-amount"] = "41.00";
      values["cost-2-amount"] = "60";
      values["cost-2-unit"] = "day";
    });
    expect(changed.map((c) => [c.id === weekday!.id, c.id === weekend!.id, c.amountPence])).toEqual([
      [true, false, 4100],
      [false, true, 4500],
      [false, false, 6000],
    ]);
    const removed = resubmit((values) => {
      for (const field of ["id", "amount", "unit", "label", "includes"]) values[`cost-0-${field}`] = "";
    });
    expect(removed.map((c) => c.id)).toEqual([weekend!.id, changed[2]!.id]);
  });

  it("hides a provider's offers while it is suspended, and shows them again when reinstated", () => {
    const commissioner = actorFor(db, "commissioner@clydevale.example");
    const application = db.select().from(providerApplications).innerJoin(organisations, eq(organisations.id, providerApplications.organisationId)).where(eq(organisations.name, "Riverbank Community Care")).get()!;
    const before = search().total;
    changeStanding(db, commissioner, application.provider_applications.id, "suspend", "Insurance lapsed");
    expect(search().total).toBe(before - 6);
    expect(titles({ text: "riverbank" })).toEqual([]);
    expect(() => getPublicOffer(db, demoOfferId(1))).toThrow(NotFound);
    expect(getProviderOffer(db, riverbank(), demoOfferId(1)).offer.status).toBe("published");
    expect(thrown(() => changeOfferStatus(db, riverbank(), demoOfferId(7), "publish"))).toBeInstanceOf(RuleBroken);
    changeStanding(db, commissioner, application.provider_applications.id, "reinstate", "Insurance renewed");
    expect(search().total).toBe(before);
  });

  it("keeps another organisation's offers out of reach", () => {
    const glenburn = actorFor(db, "admin@glenburn-support.example");
    expect(() => getProviderOffer(db, glenburn, demoOfferId(1))).toThrow(NotFound);
    expect(thrown(() => changeOfferStatus(db, glenburn, demoOfferId(1), "pause"))).toBeInstanceOf(NotFound);
  });

  it("counts views by people other than the provider's staff, and each person shortlisting once, for the provider", () => {
    const offer = getPublicOffer(db, demoOfferId(2)).offer;
    const counts = () => {
      const row = providerOffers(db, riverbank()).find((o) => o.id === offer.id)!;
      return { views: row.viewCount, shortlists: row.shortlistCount, enquiries: row.enquiryCount };
    };
    const before = counts();
    expect(recordOfferView(db, offer, null, false)).toBe(true);
    expect(recordOfferView(db, offer, morag(), false)).toBe(true);
    expect(recordOfferView(db, offer, morag(), true)).toBe(false);
    expect(recordOfferView(db, offer, riverbank(), false)).toBe(false);
    expect(recordOfferView(db, offer, actorFor(db, "admin@glenburn-support.example"), false)).toBe(true);
    addToShortlist(db, morag(), offer.id);
    addToShortlist(db, morag(), offer.id);
    removeFromShortlist(db, morag(), offer.id);
    expect(shortlist(db, morag()).map((s) => s.id)).not.toContain(offer.id);
    addToShortlist(db, morag(), offer.id);
    expect(shortlist(db, morag()).map((s) => s.id)).toContain(offer.id);
    addToShortlist(db, actorFor(db, "aileen@people.example"), offer.id);
    startEnquiry(db, morag(), offer.id, "Do you have space on Tuesdays?");
    expect(counts()).toEqual({ views: before.views + 3, shortlists: before.shortlists + 2, enquiries: before.enquiries + 1 });
  });
});

describe("an offer's page", () => {
  it("shows the lot's guide rate with a link to the framework's page, and neither when there is none to show", () => {
    const detail = getPublicOffer(db, demoOfferId(1));
    const view = offerView(detail);
    expect(view).toMatchObject({ lot: "Care at home", guideRate: "£21.50 to £24.80 per hour", frameworkLink: `/frameworks/${detail.lot.frameworkId}` });
    expect(offerView({ ...detail, lot: { ...detail.lot, guideRateMinPence: null, guideRateMaxPence: null } }).guideRate).toBe("");
    expect(offerView({ ...detail, lot: { ...detail.lot, frameworkStatus: "draft" } }).frameworkLink).toBeNull();
  });
});

describe("shortlist, comparison and enquiries", () => {
  it("compares two to four shortlisted public offers", () => {
    for (const n of [1, 2, 3]) addToShortlist(db, morag(), demoOfferId(n));
    expect(shortlist(db, morag()).map((s) => s.id)).toEqual([1, 2, 3].map(demoOfferId));
    expect(compareOffers(db, morag(), [demoOfferId(1), demoOfferId(3)]).offers.map((d) => d.offer.title)).toEqual(["Morning and evening support at home", "Out and about: community connections"]);
    expect((thrown(() => compareOffers(db, morag(), [demoOfferId(1)])) as RuleBroken).fieldErrors).toEqual({ offer: "Select at least 2 offers to compare" });
    for (const n of [4, 5]) addToShortlist(db, morag(), demoOfferId(n));
    expect((thrown(() => compareOffers(db, morag(), [1, 2, 3, 4, 5].map(demoOfferId))) as RuleBroken).fieldErrors).toEqual({ offer: "Select no more than 4 offers to compare" });
    expect(() => compareOffers(db, morag(), [demoOfferId(1), demoOfferId(9)])).toThrow(NotFound);
    expect(() => addToShortlist(db, morag(), demoOfferId(7))).toThrow(NotFound);
    expect(() => shortlist(db, riverbank())).toThrow(Forbidden);
  });

  it("leaves an offer that is no longer available out of a comparison, saying so, while two are left", () => {
    for (const n of [1, 2, 3]) addToShortlist(db, morag(), demoOfferId(n));
    changeOfferStatus(db, riverbank(), demoOfferId(2), "pause");
    const { offers: compared, leftOut } = compareOffers(db, morag(), [1, 2, 3].map(demoOfferId));
    expect(compared.map((d) => d.offer.id)).toEqual([demoOfferId(1), demoOfferId(3)]);
    expect(leftOut).toEqual(["Living well with dementia at home"]);
    const refused = thrown(() => compareOffers(db, morag(), [demoOfferId(1), demoOfferId(2)])) as RuleBroken;
    expect(refused.fieldErrors.offer).toBe("Living well with dementia at home is no longer available. Select at least 2 offers that are, to compare");
  });

  it("keeps an enquiry between the person and the provider, with notifications both ways", () => {
    const id = startEnquiry(db, morag(), demoOfferId(8), "Hello, I live in Glenburn and need help in the mornings.");
    const glenburn = actorFor(db, "admin@glenburn-support.example");
    expect(listEnquiries(db, glenburn).map((e) => e.id)).toContain(id);
    replyToEnquiry(db, glenburn, id, "Yes, we can help. When suits you?");
    expect(getEnquiry(db, morag(), id).messages.map((m) => m.side)).toEqual(["person", "provider"]);
    for (const outsider of [riverbank(), actorFor(db, "aileen@people.example"), actorFor(db, "practitioner@clydevale.example"), actorFor(db, "commissioner@clydevale.example")]) {
      expect(() => getEnquiry(db, outsider, id)).toThrow(NotFound);
    }
    const notes = db.select().from(notifications).where(eq(notifications.userId, morag().id)).all();
    expect(notes.some((n) => n.message.includes("Glenburn Home Support has replied"))).toBe(true);
    const outbox = db.$client.prepare("select text_body from outbox").all() as { text_body: string }[];
    expect(outbox.some((m) => m.text_body.includes("need help in the mornings"))).toBe(false);
    expect(thrown(() => replyToEnquiry(db, morag(), id, "   "))).toBeInstanceOf(RuleBroken);
  });
});

describe("council lists", () => {
  it("adds, renames, reorders and retires entries without breaking offers", () => {
    const commissioner = actorFor(db, "commissioner@clydevale.example");
    const safe = listId("outcome", "Feeling safe");
    const added = addListItem(db, commissioner, "outcome", { label: "Managing money", description: "" });
    expect(councilList(db, clydevale, "outcome").at(-1)?.id).toBe(added);
    expect(thrown(() => addListItem(db, commissioner, "outcome", { label: "Managing money", description: "" }))).toBeInstanceOf(RuleBroken);
    moveListItem(db, commissioner, added, "up");
    expect(councilList(db, clydevale, "outcome").at(-2)?.id).toBe(added);
    renameListItem(db, commissioner, safe, { label: "Feeling and being safe", description: "" });
    setListItemRetired(db, commissioner, safe, true);
    expect(councilList(db, clydevale, "outcome").map((i) => i.id)).not.toContain(safe);
    const offer = getPublicOffer(db, demoOfferId(1));
    expect(offer.outcomes.map((o) => o.label)).toContain("Feeling and being safe");
    expect(search({ outcomeId: safe }).total).toBeGreaterThan(0);
    updateOffer(db, riverbank(), demoOfferId(1), { ...validInput({ lotId: offer.offer.lotId }), outcomeIds: offer.offer.outcomeIds });
    expect(thrown(() => createOffer(db, riverbank(), validInput({ outcomeIds: [safe] })))).toBeInstanceOf(RuleBroken);
    expect(() => setListItemRetired(db, actorFor(db, "commissioner@eastmuir.example"), safe, false)).toThrow(NotFound);
    expect(() => addListItem(db, riverbank(), "outcome", { label: "x", description: "" })).toThrow(Forbidden);
  });

  it("counts names that differ only in capitals as the same name", () => {
    const commissioner = actorFor(db, "commissioner@clydevale.example");
    expect((thrown(() => addListItem(db, commissioner, "outcome", { label: "feeling SAFE", description: "" })) as RuleBroken).fieldErrors).toEqual({
      label: 'The list already has "Feeling safe": give this entry a name that differs by more than capital letters',
    });
    const added = addListItem(db, commissioner, "outcome", { label: "Managing money", description: "" });
    expect(thrown(() => renameListItem(db, commissioner, added, { label: "FEELING SAFE", description: "" }))).toBeInstanceOf(RuleBroken);
    renameListItem(db, commissioner, added, { label: "Managing Money", description: "" });
    expect(councilList(db, clydevale, "outcome").map((i) => i.label)).toContain("Managing Money");
    expect(addListItem(db, commissioner, "care_group", { label: "Feeling safe", description: "" })).toBeTypeOf("string");
  });
});

describe("ranking by the signed-in person's own outcomes", () => {
  it("uses the outcomes in the support plans of the people they act for", async () => {
    const seeded = await createSeededDb();
    const morag = actorFor(seeded, "morag@people.example");
    const mine = personOutcomeIdsFor(seeded, morag);
    expect(mine).toHaveLength(3);
    const results = searchOffers(seeded, { councilId: councilId(seeded, "clydevale"), perPage: 100, personOutcomeIds: mine }, morag);
    expect(results.results[0]!.outcomesMatched).toBeGreaterThan(0);
    const counts = results.results.map((r) => r.outcomesMatched);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(personOutcomeIdsFor(seeded, actorFor(seeded, "practitioner@clydevale.example"))).toEqual([]);
    expect(personOutcomeIdsFor(seeded, null)).toEqual([]);
  });
});

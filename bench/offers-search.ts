// How long a search takes over many offers: `npm run bench:search` (10,000 offers unless COUNT is set).
// Builds a scratch database under bench/data/, generates offers across the demo lots, localities and
// outcomes, then times typical searches. It prints timings; it asserts nothing.
import { rmSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { councilListItems, councils, frameworkLots, offerCostOptions, offers, organisations } from "@db/schema";
import { seedDemoData } from "@db/seed";
import { searchOffers, type OfferQuery } from "~/domain/offers/search.server";

const COUNT = Number(process.env.COUNT ?? 10_000);
const path = "bench/data/offers-search.db";
rmSync(path, { force: true });
rmSync(`${path}-wal`, { force: true });
rmSync(`${path}-shm`, { force: true });
const db = openDatabase(path);
migrateDatabase(db);
await seedDemoData(db, { password: "benchmark-password" });

const council = db.select().from(councils).where(eq(councils.slug, "clydevale")).get()!;
const lots = db.select().from(frameworkLots).all();
const list = (kind: "outcome" | "locality" | "care_group") =>
  db.select().from(councilListItems).where(and(eq(councilListItems.councilId, council.id), eq(councilListItems.kind, kind))).all().map((i) => i.id);
const [outcomes, localities, careGroups] = [list("outcome"), list("locality"), list("care_group")];
const providers = db.select().from(organisations).all();
const template = db.select().from(offers).where(eq(offers.status, "published")).all();
const words = "support home community garden music swimming cooking friendship confidence walking art dementia recovery carers break volunteering college".split(" ");
const pick = <T>(items: T[], n: number) => Array.from({ length: n }, (_, i) => items[(Math.random() * items.length) | 0]!).filter((v, i, a) => a.indexOf(v) === i);

const started = performance.now();
db.transaction((tx) => {
  for (let i = 0; i < COUNT; i++) {
    const base = template[i % template.length]!;
    const { id } = tx
      .insert(offers)
      .values({
        ...base,
        id: undefined,
        lotId: lots[i % lots.length]!.id,
        organisationId: base.organisationId,
        title: `${pick(words, 2).join(" ")} ${i}`,
        summary: `${base.summary} ${pick(words, 4).join(" ")}`,
        description: `${base.description} ${pick(words, 8).join(" ")}`,
        outcomeIds: pick(outcomes, 3),
        localityIds: pick(localities, 2),
        careGroupIds: pick(careGroups, 2),
        accepting: (["yes", "waiting_list", "no"] as const)[i % 3],
        updatedAt: new Date(Date.now() - i * 60_000),
      })
      .returning({ id: offers.id })
      .get();
    tx.insert(offerCostOptions).values({ offerId: id, amountPence: 2000 + (i % 1300), unit: i % 5 === 0 ? "week" : "hour" }).run();
  }
});
console.log(`Generated ${COUNT} offers (${providers.length} providers) in ${Math.round(performance.now() - started)} ms`);

function time(name: string, query: Omit<OfferQuery, "councilId">) {
  searchOffers(db, { councilId: council.id, ...query });
  const runs = 20;
  const t0 = performance.now();
  let total = 0;
  for (let i = 0; i < runs; i++) total = searchOffers(db, { councilId: council.id, ...query }).total;
  console.log(`${name.padEnd(58)} ${((performance.now() - t0) / runs).toFixed(1).padStart(7)} ms  (${total} found)`);
}

time("no filters, best match, page 1", {});
time("free text 'garden music'", { text: "garden music" });
time("free text, hostile: '\"NEAR(* OR -x 😀'", { text: '"NEAR(* OR -x 😀' });
time("outcome + locality", { outcomeId: outcomes[0], localityId: localities[1] });
time("outcome + locality + fits budget £25/hour, lowest cost", { outcomeId: outcomes[0], localityId: localities[1], maxCost: { pence: 2500, unit: "hour" }, sort: "cost" });
time("ranked by 4 of the person's outcomes", { personOutcomeIds: outcomes.slice(0, 4) });
time("text + every filter + ranking, page 3", {
  text: "support",
  outcomeId: outcomes[2],
  localityId: localities[0],
  careGroupId: careGroups[1],
  age: 40,
  accepting: "waiting_list",
  maxCost: { pence: 3000, unit: "hour" },
  personOutcomeIds: outcomes.slice(0, 4),
  page: 3,
});
db.$client.close();

import { asc, count, eq, inArray } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { councils, frameworks } from "@db/schema";
import { PUBLISHED } from "./ocds.server";

/** Councils with at least one published (not draft) framework, for the open data page. */
export function publishingCouncils(db: Tx) {
  return db
    .select({ slug: councils.slug, name: councils.name, frameworks: count(frameworks.id) })
    .from(councils)
    .innerJoin(frameworks, eq(frameworks.councilId, councils.id))
    .where(inArray(frameworks.status, PUBLISHED))
    .groupBy(councils.id)
    .orderBy(asc(councils.name))
    .all();
}

import { integer, text } from "drizzle-orm/sqlite-core";

/** Every record is keyed by a random UUID, so ids in URLs reveal nothing about how many records exist. */
export const id = () => text().primaryKey().$defaultFn(() => crypto.randomUUID());

/** An instant, stored as integer milliseconds. */
export const instant = () => integer({ mode: "timestamp_ms" });

export const createdAt = () =>
  integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());

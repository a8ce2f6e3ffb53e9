import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A database handle or an open transaction: commands that may run inside a caller's transaction take this. */
export type Tx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  keepPreparedStatements(sqlite);
  return drizzle(sqlite, { schema, casing: "snake_case" });
}

/** How many prepared statements a connection keeps for reuse; the least recently used is let go first. */
export const STATEMENTS_KEPT = 500;

/**
 * Reuses the prepared statement for SQL text the connection has prepared before, instead of compiling it again
 * for every query (Drizzle prepares each query it runs). A statement is handed back in its default mode, since
 * Drizzle switches some to returning rows as arrays. No code here iterates a statement lazily, so a statement is
 * never still running when it is handed out again.
 */
function keepPreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) kept.delete(source);
    else statement = prepare(source);
    kept.set(source, statement);
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    if (statement.reader) statement.raw(false).pluck(false).expand(false);
    return statement;
  }) as Database.Database["prepare"];
}

export const MIGRATIONS_FOLDER = resolve(process.cwd(), "migrations");

/** Applies pending migrations. Returns true when the database had never been migrated (it is new). */
export function migrateDatabase(db: Db): boolean {
  const isNew = !db.$client
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return isNew;
}

/**
 * Runs `body` in a BEGIN IMMEDIATE transaction, so the write lock is taken before anything is read:
 * a check and the write it guards cannot interleave with another connection's. The body must be synchronous.
 */
export function immediate<T>(db: Db, body: (tx: Tx) => T): T {
  return db.transaction(body, { behavior: "immediate" });
}

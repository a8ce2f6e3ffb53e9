import { openDatabase, type Db } from "@db/client.server";
import { ConfigurationError, env } from "./env.server";

let handle: Db | undefined;

/** The service's database, opened once per process at the configured path (a path that cannot be used names the variable). */
export function database(): Db {
  if (handle) return handle;
  const path = env().DATABASE_PATH;
  try {
    handle = openDatabase(path);
  } catch (error) {
    throw new ConfigurationError(`DATABASE_PATH: cannot open a database at ${path} (${error instanceof Error ? error.message : String(error)})`);
  }
  return handle;
}

/** Route-module tests point the service's handle at their own test database. */
export function useDatabaseForTests(db: Db): void {
  handle = db;
}

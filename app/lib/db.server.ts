import { openDatabase, type Db } from "@db/client.server";
import { env } from "./env.server";

let handle: Db | undefined;

/** The service's database, opened once per process at the configured path. */
export function database(): Db {
  handle ??= openDatabase(env().DATABASE_PATH);
  return handle;
}

/** Route-module tests point the service's handle at their own test database. */
export function useDatabaseForTests(db: Db): void {
  handle = db;
}

import { mkdirSync, rmSync } from "node:fs";
import { migrateDatabase, openDatabase } from "../db/client.server";
import { TEMPLATE_PATH, TMP_DIR } from "./paths";

/** Builds one migrated database; each test file copies it (test/db.ts). */
export default function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  const db = openDatabase(TEMPLATE_PATH);
  migrateDatabase(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
}

import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { openDatabase, type Db } from "@db/client.server";
import { seedDemoData } from "@db/seed";
import { TEMPLATE_PATH, TMP_DIR } from "./paths";

/** A fresh migrated database of this test's own, copied from the template. */
export function createTestDb(): Db {
  const path = resolve(TMP_DIR, `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(TEMPLATE_PATH, path);
  return openDatabase(path);
}

export const TEST_PASSWORD = "test-password-for-everyone";

/** A fresh database with the demo data loaded. */
export async function createSeededDb(): Promise<Db> {
  const db = createTestDb();
  await seedDemoData(db, { password: TEST_PASSWORD });
  return db;
}

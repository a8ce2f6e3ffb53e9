import { resolve } from "node:path";
import { readEnv } from "../../app/lib/env.server";
import { backupDatabase, backupFolderOf, backupUploadsOf } from "../backup";

const env = readEnv();
const target = process.argv[2] ?? resolve(backupFolderOf(env.DATABASE_PATH), `app-${new Date().toISOString().replace(/[:.]/g, "-")}.db`);
const result = await backupDatabase(env.DATABASE_PATH, target);
if (!result.ok) {
  console.error(`Backup failed: ${result.problem}`);
  process.exit(1);
}
console.log(
  `Backed up ${env.DATABASE_PATH} to ${target} (${result.tables} tables, ${result.migrations} migrations; integrity ok) and ${result.files ?? 0} evidence files to ${backupUploadsOf(target)}.`,
);

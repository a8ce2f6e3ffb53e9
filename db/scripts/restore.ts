import { readEnv } from "../../app/lib/env.server";
import { restoreDatabase } from "../backup";

const env = readEnv();
const source = process.argv[2];
if (!source) {
  console.error("Say which backup to restore: npm run restore -- <file>");
  process.exit(2);
}
const result = restoreDatabase(source, env.DATABASE_PATH);
if (!result.ok) {
  console.error(`Not restored: ${result.problem}. The database was not changed.`);
  process.exit(1);
}
console.log(`Restored ${source} to ${env.DATABASE_PATH} (integrity ok). Any previous file is kept at ${env.DATABASE_PATH}.before-restore.`);

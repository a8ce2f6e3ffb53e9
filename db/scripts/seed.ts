import { migrateDatabase, openDatabase } from "../client.server";
import { seedDemoData } from "../seed";
import { readEnv } from "../../app/lib/env.server";

const env = readEnv();
const db = openDatabase(env.DATABASE_PATH);
migrateDatabase(db);
await seedDemoData(db, { password: env.DEMO_PASSWORD });
console.log(`Demo data loaded into ${env.DATABASE_PATH}.`);

import { migrateDatabase, openDatabase } from "../client.server";
import { readEnv } from "../../app/lib/env.server";

const db = openDatabase(readEnv().DATABASE_PATH);
const isNew = migrateDatabase(db);
console.log(isNew ? "Created and migrated a new database." : "Database is up to date.");

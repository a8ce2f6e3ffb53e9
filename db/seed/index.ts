import { hashPassword } from "~/auth/password.server";
import type { Db } from "../client.server";
import { seedAccounts } from "./accounts";
import { seedCouncilLists } from "./council-lists";
import { seedFrameworks } from "./frameworks";
import { councils, settings } from "../schema";
import { ensureDefaultTemplate } from "~/domain/agreements/templates.server";
import { seedPeople } from "./people";
import { seedAgreements } from "./agreements";
import { seedInvoices } from "./invoices";

export { DEMO_USERS } from "./accounts";

/**
 * Loads the fictional demo data: Clydevale and Eastmuir councils, their staff, providers and people.
 * Idempotent: running it again changes nothing that is already there.
 */
export async function seedDemoData(db: Db, options: { password: string }): Promise<void> {
  const passwordHash = await hashPassword(options.password);
  seedAccounts(db, passwordHash);
  seedCouncilLists(db);
  seedFrameworks(db);
  db.transaction((tx) => {
    for (const council of tx.select().from(councils).all()) ensureDefaultTemplate(tx, council.id);
  });
  seedPeople(db);
  seedAgreements(db);
  seedInvoices(db);
  db.insert(settings).values({ key: "demo_data", value: "1" }).onConflictDoNothing().run();
}

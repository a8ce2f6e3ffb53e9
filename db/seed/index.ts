import { hashPassword } from "~/auth/password.server";
import { ensureDefaultTemplate } from "~/domain/agreements/templates.server";
import type { Db } from "../client.server";
import { councils, settings } from "../schema";
import { seedAccounts } from "./accounts";
import { seedAgreements } from "./agreements";
import { seedCouncilLists } from "./council-lists";
import { seedFrameworks } from "./frameworks";
import { seedDemoFunds } from "./funds";
import { seedInvoices } from "./invoices";
import { seedOffers } from "./offers";
import { seedPeople } from "./people";
import { seedReviews } from "./reviews";

export { DEMO_USERS } from "./accounts";

/**
 * Loads the fictional demo data: Clydevale and Eastmuir councils, their staff, providers and people.
 * Idempotent: running it again changes nothing that is already there.
 */
export async function seedDemoData(db: Db, options: { password: string }): Promise<void> {
  const passwordHash = await hashPassword(options.password);
  seedAccounts(db, passwordHash);
  seedCouncilLists(db);
  seedPeople(db);
  db.transaction((tx) => {
    for (const council of tx.select().from(councils).all()) ensureDefaultTemplate(tx, council.id);
  });
  seedFrameworks(db);
  seedOffers(db);
  await seedAgreements(db);
  // Only when the agreements above opened no fund for James (it does nothing if he already has one).
  seedDemoFunds(db);
  seedInvoices(db);
  seedReviews(db);
  db.insert(settings).values({ key: "demo_data", value: "1" }).onConflictDoNothing().run();
}

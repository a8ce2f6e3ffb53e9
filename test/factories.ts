import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { applicationLots, councilListItems, councils, frameworkLots, frameworks, organisations, providerApplications, users, type Role } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { openAccount, type OpenAccountInput } from "~/domain/ledger/ledger.server";

/** The demo user with this email, as an actor. */
export function actorFor(db: Db, email: string): Actor {
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`No user ${email}`);
  return { id: user.id, name: user.name, email: user.email, role: user.role, councilId: user.councilId, organisationId: user.organisationId };
}

export function councilId(db: Db, slug: "clydevale" | "eastmuir"): string {
  const council = db.select().from(councils).where(eq(councils.slug, slug)).get();
  if (!council) throw new Error(`No council ${slug}`);
  return council.id;
}

let counter = 0;

/** A new user with the given role, in a new or given council/organisation. */
export function makeUser(db: Db, role: Role, fields: Partial<typeof users.$inferInsert> = {}): Actor {
  counter++;
  const needsCouncil = ["practitioner", "commissioner", "finance", "supported_person", "representative"].includes(role);
  const needsOrganisation = role === "provider_admin" || role === "provider_staff";
  const councilId =
    fields.councilId ?? (needsCouncil ? db.insert(councils).values({ name: `Test Council ${counter}`, slug: `test-${counter}-${Date.now()}` }).returning().get().id : null);
  const organisationId = fields.organisationId ?? (needsOrganisation ? db.insert(organisations).values({ name: `Test Provider ${counter}` }).returning().get().id : null);
  const user = db
    .insert(users)
    .values({ email: `user${counter}-${Date.now()}@test.example`, name: `Test User ${counter}`, role, councilId, organisationId, ...fields })
    .returning()
    .get();
  return { id: user.id, name: user.name, email: user.email, role: user.role, councilId: user.councilId, organisationId: user.organisationId };
}

/**
 * An open ISF account (for an agreement that does not need to exist yet) in a new council, with a finance user of
 * that council, a provider administrator and a practitioner. £1,000.00 for April 2026 to March 2027 unless told.
 */
export function makeIsfAccount(db: Db, terms: Partial<OpenAccountInput> = {}) {
  const finance = makeUser(db, "finance");
  const councilId = finance.councilId!;
  const providerAdmin = makeUser(db, "provider_admin");
  const practitioner = makeUser(db, "practitioner", { councilId });
  const account = openAccount(
    db,
    {
      councilId,
      agreementId: crypto.randomUUID(),
      personId: crypto.randomUUID(),
      providerOrganisationId: providerAdmin.organisationId!,
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      openingAmount: 100_000,
      ...terms,
    },
    finance,
  );
  return { account, finance, councilId, providerAdmin, practitioner };
}

/** A personal outcome on the council's list. */
export function makeOutcome(db: Db, councilId: string, label = "Having things to do"): string {
  return db.insert(councilListItems).values({ councilId, kind: "outcome", label }).returning().get().id;
}

/** An open framework of the council with one lot, to which the organisation is admitted. Returns the lot's id. */
export function admitToNewFramework(db: Db, council: "clydevale" | "eastmuir", organisationId: string, lotName = "Care at home"): string {
  const id = councilId(db, council);
  const framework = db
    .insert(frameworks)
    .values({ councilId: id, name: `${lotName} framework`, reference: `FW-${crypto.randomUUID().slice(0, 8)}`, startDate: "2026-04-01", endDate: "2030-03-31", status: "open" })
    .returning()
    .get();
  const lot = db.insert(frameworkLots).values({ frameworkId: framework.id, name: lotName }).returning().get();
  const application = db
    .insert(providerApplications)
    .values({ frameworkId: framework.id, councilId: id, organisationId, reference: `APP-${crypto.randomUUID().slice(0, 8)}`, status: "admitted", decidedAt: new Date() })
    .returning()
    .get();
  db.insert(applicationLots).values({ applicationId: application.id, lotId: lot.id, outcome: "admitted" }).run();
  return lot.id;
}

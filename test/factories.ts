import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { councils, organisations, users, type Role } from "@db/schema";
import type { Actor } from "~/auth/permissions";

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

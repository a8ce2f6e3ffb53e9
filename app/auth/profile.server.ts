import { eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { councils, organisations } from "@db/schema";
import type { Actor } from "./permissions";

/** The council or provider organisation the user works for, or "" for people using the service for themselves. */
export function organisationNameOf(db: Tx, actor: Actor): string {
  if (actor.organisationId) {
    return db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, actor.organisationId)).get()?.name ?? "";
  }
  if (actor.councilId && actor.role !== "supported_person" && actor.role !== "representative") {
    return db.select({ name: councils.name }).from(councils).where(eq(councils.id, actor.councilId)).get()?.name ?? "";
  }
  return "";
}

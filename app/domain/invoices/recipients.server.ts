import { and, eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { users } from "@db/schema";

/** Everyone who works for the provider organisation: told about its invoices and payments. */
export const providerUserIds = (tx: Tx, organisationId: string) =>
  tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .all()
    .map((u) => u.id);

/** The council's finance team: told about invoices to approve and payments that need them. */
export const financeUserIds = (tx: Tx, councilId: string) =>
  tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.councilId, councilId), eq(users.role, "finance")))
    .all()
    .map((u) => u.id);

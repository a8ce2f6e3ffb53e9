import { and, asc, eq, isNull } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { councilListItems, type ListKind } from "@db/schema";

export type ListItem = { id: string; label: string; description: string; retired: boolean };

/** A council's list, in order. Retired entries are left out unless asked for (to show on older records). */
export function councilList(db: Tx, councilId: string, kind: ListKind, options: { includeRetired?: boolean } = {}): ListItem[] {
  return db
    .select({ id: councilListItems.id, label: councilListItems.label, description: councilListItems.description, retiredAt: councilListItems.retiredAt })
    .from(councilListItems)
    .where(and(eq(councilListItems.councilId, councilId), eq(councilListItems.kind, kind), options.includeRetired ? undefined : isNull(councilListItems.retiredAt)))
    .orderBy(asc(councilListItems.position), asc(councilListItems.label))
    .all()
    .map(({ retiredAt, ...item }) => ({ ...item, retired: retiredAt !== null }));
}

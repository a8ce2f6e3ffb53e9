import { and, asc, eq, isNull, max } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { councilListItems, type ListKind } from "@db/schema";
import { authorise, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { NotFound, RuleBroken } from "~/lib/errors";

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


/** Names are the same when they differ only in capitals ("feeling safe" and "Feeling safe"). */
const sameName = (a: string, b: string) => a.localeCompare(b, "en-GB", { sensitivity: "accent" }) === 0;

function assertLabelFree(tx: Tx, councilId: string, kind: ListKind, label: string, exceptId?: string) {
  const clash = tx
    .select({ id: councilListItems.id, label: councilListItems.label })
    .from(councilListItems)
    .where(and(eq(councilListItems.councilId, councilId), eq(councilListItems.kind, kind)))
    .all()
    .find((item) => item.id !== exceptId && sameName(item.label, label));
  if (!clash) return;
  const message = clash.label === label ? `The list already has "${label}"` : `The list already has "${clash.label}": give this entry a name that differs by more than capital letters`;
  throw new RuleBroken(message, { label: message });
}

function councilOf(actor: Actor): string {
  authorise(actor, "council.lists.manage", { councilId: actor.councilId ?? "" });
  return actor.councilId!;
}

function ownItem(tx: Tx, councilId: string, itemId: string) {
  const item = tx
    .select()
    .from(councilListItems)
    .where(and(eq(councilListItems.id, itemId), eq(councilListItems.councilId, councilId)))
    .get();
  if (!item) throw new NotFound();
  return item;
}

/** Adds an entry at the end of one of the council's lists. */
export function addListItem(db: Db, actor: Actor, kind: ListKind, input: { label: string; description: string }): string {
  const councilId = councilOf(actor);
  return db.transaction((tx) => {
    assertLabelFree(tx, councilId, kind, input.label);
    const last = tx
      .select({ position: max(councilListItems.position) })
      .from(councilListItems)
      .where(and(eq(councilListItems.councilId, councilId), eq(councilListItems.kind, kind)))
      .get();
    const { id } = tx
      .insert(councilListItems)
      .values({ councilId, kind, label: input.label, description: input.description, position: (last?.position ?? -1) + 1 })
      .returning({ id: councilListItems.id })
      .get();
    recordAudit(tx, { actor, action: "council_list.added", subjectType: "council_list_item", subjectId: id, detail: `${kind}: ${input.label}` });
    return id;
  });
}

/** Renames an entry. Records that use it show the new name; nothing else changes. */
export function renameListItem(db: Db, actor: Actor, itemId: string, input: { label: string; description: string }): void {
  const councilId = councilOf(actor);
  db.transaction((tx) => {
    const item = ownItem(tx, councilId, itemId);
    assertLabelFree(tx, councilId, item.kind, input.label, item.id);
    tx.update(councilListItems).set(input).where(eq(councilListItems.id, item.id)).run();
    recordAudit(tx, { actor, action: "council_list.renamed", subjectType: "council_list_item", subjectId: item.id, detail: `${item.label} to ${input.label}` });
  });
}

/** Moves an entry one place up or down its list. */
export function moveListItem(db: Db, actor: Actor, itemId: string, direction: "up" | "down"): void {
  const councilId = councilOf(actor);
  db.transaction((tx) => {
    const item = ownItem(tx, councilId, itemId);
    const ordered = councilList(tx, councilId, item.kind, { includeRetired: true });
    const index = ordered.findIndex((i) => i.id === item.id);
    const swapWith = direction === "up" ? index - 1 : index + 1;
    if (swapWith < 0 || swapWith >= ordered.length) return;
    [ordered[index], ordered[swapWith]] = [ordered[swapWith]!, ordered[index]!];
    ordered.forEach((entry, position) => tx.update(councilListItems).set({ position }).where(eq(councilListItems.id, entry.id)).run());
    recordAudit(tx, { actor, action: "council_list.moved", subjectType: "council_list_item", subjectId: item.id, detail: `${item.label} ${direction}` });
  });
}

/**
 * Retires an entry (or brings it back). A retired entry is not offered for new records, but stays on the
 * offers and plans that already use it, so changing a list never breaks them.
 */
export function setListItemRetired(db: Db, actor: Actor, itemId: string, retired: boolean, now = new Date()): void {
  const councilId = councilOf(actor);
  db.transaction((tx) => {
    const item = ownItem(tx, councilId, itemId);
    tx.update(councilListItems)
      .set({ retiredAt: retired ? now : null })
      .where(eq(councilListItems.id, item.id))
      .run();
    recordAudit(tx, { actor, action: retired ? "council_list.retired" : "council_list.restored", subjectType: "council_list_item", subjectId: item.id, detail: item.label });
  });
}

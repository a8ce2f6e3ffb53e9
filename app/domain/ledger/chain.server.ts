import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { ledgerEntries } from "@db/schema";

/** The previous hash of an account's first entry. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedEntry = Omit<typeof ledgerEntries.$inferSelect, "hash">;

/**
 * SHA-256 of the entry's canonical form: a JSON array of every column in a fixed order (the leading 1 is the
 * version of this layout), ending with the previous entry's hash. Changing any field, the order of entries or
 * the link to the previous entry changes the hash.
 */
export function entryHash(e: ChainedEntry): string {
  const canonical = JSON.stringify([
    1,
    e.id,
    e.accountId,
    e.sequence,
    e.kind,
    e.amount,
    e.entryDate,
    e.reference,
    e.outcomeId,
    e.reversesEntryId,
    e.description,
    e.reason,
    e.actorUserId,
    e.createdAt.getTime(),
    e.previousHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type BrokenLink = {
  accountId: string;
  entryId: string;
  sequence: number;
  problem: "sequence" | "previous_hash" | "hash";
};

export type ChainCheck = { accounts: number; entries: number; broken: BrokenLink[] };

function checkAccount(entries: (typeof ledgerEntries.$inferSelect)[]): BrokenLink | null {
  let previousHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const link = { accountId: entry.accountId, entryId: entry.id, sequence: entry.sequence };
    if (entry.sequence !== index + 1) return { ...link, problem: "sequence" };
    if (entry.previousHash !== previousHash) return { ...link, problem: "previous_hash" };
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) return { ...link, problem: "hash" };
    previousHash = hash;
  }
  return null;
}

/**
 * Recomputes the hash chain of one account, or of every account, and reports the first broken entry of each
 * account whose chain does not hold: a missing or repeated sequence number, a link to the wrong previous entry,
 * or an entry whose content no longer matches its hash.
 */
export function verifyChain(db: Tx, accountId?: string): ChainCheck {
  const rows = db
    .select()
    .from(ledgerEntries)
    .where(accountId ? eq(ledgerEntries.accountId, accountId) : undefined)
    .orderBy(asc(ledgerEntries.accountId), asc(ledgerEntries.sequence))
    .all();
  const byAccount = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const list = byAccount.get(row.accountId) ?? [];
    list.push(row);
    byAccount.set(row.accountId, list);
  }
  const broken = [...byAccount.values()].map(checkAccount).filter((b): b is BrokenLink => b !== null);
  return { accounts: byAccount.size, entries: rows.length, broken };
}

import { createHash } from "node:crypto";

/**
 * A UUID derived from a name (SHA-1, laid out as a version 5 UUID): the same name always gives the same id.
 * Used for records that are not rows of their own but need a stable id in open data (an offer's language
 * or service area in the Open Referral feed), and for demo data that must keep its ids between loads.
 */
export function stableUuid(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

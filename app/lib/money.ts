/** Money is an integer number of pence everywhere. This module is the only place that converts or formats it. */
const formatter = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

export function formatPence(pence: number): string {
  return formatter.format(pence / 100);
}

/** Formats without pence when the amount is whole pounds: £18,000 rather than £18,000.00. */
export function formatPenceShort(pence: number): string {
  return pence % 100 === 0 ? formatter.format(pence / 100).replace(/\.00$/, "") : formatPence(pence);
}

/** Parses "1,234.56", "£1234.5" or "12" into pence. Returns null for anything else (more than 2 decimals, signs, text). */
export function parsePounds(input: string): number | null {
  const cleaned = input.trim().replace(/^£/, "").replace(/,/g, "");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const pounds = Number(match[1]);
  const pence = Number((match[2] ?? "").padEnd(2, "0"));
  return pounds * 100 + pence;
}

/** The value to put back into a money field. */
export function penceToInput(pence: number): string {
  return (pence / 100).toFixed(2);
}

import type { LedgerEntryKind } from "@db/schema/ledger";

/** What each kind of entry is called on statements and in messages. */
export const KIND_LABELS: Record<LedgerEntryKind, string> = {
  opening_budget: "Opening budget",
  budget_variation: "Budget change",
  contribution_received: "Contribution received",
  drawdown: "Payment for support",
  management_fee: "Management fee",
  adjustment: "Adjustment",
  reversal: "Reversal",
  return_of_unspent: "Unspent money returned",
};

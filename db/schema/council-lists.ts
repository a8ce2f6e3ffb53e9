import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { councils } from "./accounts";
import { createdAt, id, instant } from "./columns";

/** The lists each council keeps for its filters and records: personal outcomes, localities and care groups. */
export const LIST_KINDS = ["outcome", "locality", "care_group"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/**
 * One entry of a council list. Entries are never deleted: a retired entry stays attached to the records
 * that already use it (so changing a list never breaks an offer or a support plan) but is not offered again.
 */
export const councilListItems = sqliteTable(
  "council_list_items",
  {
    id: id(),
    councilId: text()
      .notNull()
      .references(() => councils.id),
    kind: text({ enum: LIST_KINDS }).notNull(),
    label: text().notNull(),
    description: text().notNull().default(""),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    retiredAt: instant(),
  },
  (t) => [index("council_list_items_council_kind_idx").on(t.councilId, t.kind, t.position), uniqueIndex("council_list_items_label_idx").on(t.councilId, t.kind, t.label)],
);

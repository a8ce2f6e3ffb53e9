import type { ListKind } from "@db/schema/council-lists";

export const LIST_LABELS: Record<ListKind, { title: string; singular: string }> = {
  outcome: { title: "Personal outcomes", singular: "outcome" },
  locality: { title: "Localities", singular: "locality" },
  care_group: { title: "Care groups", singular: "care group" },
};

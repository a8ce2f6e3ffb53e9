import type { Db } from "../client.server";
import { councilListItems, councils, type ListKind } from "../schema";

/** Personal outcomes grouped as the Talking Points approach does; the same list for both demo councils. */
export const DEMO_OUTCOMES = [
  ["Being as well as possible", "Keeping healthy, managing conditions, getting the right care at the right time"],
  ["Living where and as I want", "A home that suits me, and living the way I choose"],
  ["Seeing people, friendships and relationships", "Keeping in touch with family and friends, and making new friends"],
  ["Having things to do", "Work, learning, hobbies, volunteering and getting out and about"],
  ["Feeling safe", "Being and feeling safe at home and in the community"],
  ["Staying independent", "Doing things for myself, with the right support"],
  ["Improved confidence", "Feeling more confident and in control of my life"],
  ["Carer able to continue caring", "The people who care for me can keep doing so, and have a life of their own"],
] as const;

export const DEMO_LOCALITIES: Record<string, string[]> = {
  clydevale: ["Clydevale Town", "Riverside", "Northfield", "Glenburn", "Kirkmuir"],
  eastmuir: ["Eastmuir Central", "Coastal", "Moorland"],
};

export const DEMO_CARE_GROUPS = [
  "Older people",
  "Learning disability",
  "Mental health",
  "Physical disability",
  "Autism",
  "Carers",
  "Young adults",
] as const;

/** Creates each demo council's lists. Idempotent: existing entries are kept. */
export function seedCouncilLists(db: Db): void {
  db.transaction((tx) => {
    for (const council of tx.select().from(councils).all()) {
      const add = (kind: ListKind, entries: readonly (readonly [string, string] | string)[]) =>
        entries.forEach((entry, position) => {
          const [label, description] = typeof entry === "string" ? [entry, ""] : entry;
          tx.insert(councilListItems).values({ councilId: council.id, kind, label, description, position }).onConflictDoNothing().run();
        });
      add("outcome", DEMO_OUTCOMES);
      add("locality", DEMO_LOCALITIES[council.slug] ?? []);
      add("care_group", DEMO_CARE_GROUPS);
    }
  });
}

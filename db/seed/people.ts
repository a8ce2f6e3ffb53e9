import { and, eq } from "drizzle-orm";
import type { Db } from "../client.server";
import { assessments, budgetVersions, councilListItems, councils, people, personOutcomes, representatives, users, type AccessibleFormat } from "../schema";
import { demoDate } from "./demo-year";

type DemoPerson = {
  reference: string;
  name: string;
  dateOfBirth: string;
  address: string;
  postcode: string;
  locality: string;
  careGroup: string;
  email: string;
  phone: string;
  contactMethod: "email" | "phone" | "post";
  accessibleFormats: AccessibleFormat[];
  communicationNeeds: string;
  /** The demo account of the person, when they have one. */
  account?: string;
  budget: { amountPence: number; option2Pence: number; option3Pence: number; basis: "ras_score" | "agreed_package"; basisDetail: string };
  outcomes: [outcome: string, ownWords: string][];
  representative?: { account: string; name: string; relationship: string; documentReference: string; basis: string };
};

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    reference: "CV-100234",
    name: "Morag Sinclair",
    dateOfBirth: "1944-05-12",
    address: "14 Burnside Terrace\nClydevale",
    postcode: "CV1 4BT",
    locality: "Clydevale Town",
    careGroup: "Older people",
    email: "morag@people.example",
    phone: "01632 960 114",
    contactMethod: "phone",
    accessibleFormats: ["large_print"],
    communicationNeeds: "Hard of hearing: speak clearly and face her. Prefers a phone call before a visit.",
    account: "morag@people.example",
    budget: { amountPence: 1_456_000, option2Pence: 1_456_000, option3Pence: 0, basis: "ras_score", basisDetail: "38" },
    outcomes: [
      ["Seeing people, friendships and relationships", "Get to the lunch club at the church hall on Wednesdays and see my friends"],
      ["Staying independent", "Keep living in my own house and doing my own shopping with a bit of help"],
      ["Being as well as possible", "Keep my legs moving so I can manage the stairs"],
    ],
  },
  {
    reference: "CV-100871",
    name: "James Whyte",
    dateOfBirth: "1991-09-03",
    address: "Flat 2, 7 Mill Lane\nRiverside",
    postcode: "CV3 7ML",
    locality: "Riverside",
    careGroup: "Learning disability",
    email: "james@people.example",
    phone: "07700 900 871",
    contactMethod: "email",
    accessibleFormats: ["easy_read"],
    communicationNeeds: "Has a learning disability. Use Easy Read and short sentences; give him time to answer.",
    account: "james@people.example",
    budget: { amountPence: 2_210_000, option2Pence: 1_800_000, option3Pence: 410_000, basis: "agreed_package", basisDetail: "Support package agreed at review" },
    outcomes: [
      ["Having things to do", "Keep my job at the garden centre on Tuesdays and Thursdays"],
      ["Seeing people, friendships and relationships", "Get out to the football with my pals on Saturdays"],
      ["Living where and as I want", "Stay in my own flat and cook my own tea"],
    ],
  },
  {
    reference: "CV-101456",
    name: "Callum Baird",
    dateOfBirth: "2005-02-21",
    address: "3 Heather Road\nNorthfield",
    postcode: "CV5 3HR",
    locality: "Northfield",
    careGroup: "Learning disability",
    email: "",
    phone: "",
    contactMethod: "post",
    accessibleFormats: [],
    communicationNeeds: "Uses some Makaton signs and a picture board. His mother Aileen helps him to take part in decisions.",
    budget: { amountPence: 988_000, option2Pence: 988_000, option3Pence: 0, basis: "ras_score", basisDetail: "24" },
    outcomes: [
      ["Having things to do", "Go swimming and to the youth club like other people my age"],
      ["Improved confidence", "Learn to get the bus into town"],
      ["Carer able to continue caring", "Mum gets a break on Friday evenings"],
    ],
    representative: {
      account: "aileen@people.example",
      name: "Aileen Baird",
      relationship: "Mother",
      basis: "Welfare power of attorney",
      documentReference: "OPG welfare power of attorney 2023-WPA-04417",
    },
  },
];

/**
 * Morag, James and Callum with their budgets, outcomes and care groups in Clydevale. Idempotent: people already there
 * are left alone, except that one without a care group is given theirs.
 */
export function seedPeople(db: Db): void {
  db.transaction((tx) => {
    const council = tx.select().from(councils).where(eq(councils.slug, "clydevale")).get();
    const practitioner = tx.select().from(users).where(eq(users.email, "practitioner@clydevale.example")).get();
    if (!council || !practitioner) return;
    const item = (kind: "outcome" | "locality" | "care_group", label: string) =>
      tx
        .select({ id: councilListItems.id })
        .from(councilListItems)
        .where(and(eq(councilListItems.councilId, council.id), eq(councilListItems.kind, kind), eq(councilListItems.label, label)))
        .get()?.id ?? null;
    const userId = (email: string) => tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? null;

    for (const demo of DEMO_PEOPLE) {
      const exists = tx.select().from(people).where(and(eq(people.councilId, council.id), eq(people.reference, demo.reference))).get();
      // Records loaded before people had care groups get theirs; nothing else about them changes.
      if (exists && exists.careGroupId === null) tx.update(people).set({ careGroupId: item("care_group", demo.careGroup) }).where(eq(people.id, exists.id)).run();
      if (exists) continue;
      const person = tx
        .insert(people)
        .values({
          councilId: council.id,
          reference: demo.reference,
          name: demo.name,
          dateOfBirth: demo.dateOfBirth,
          address: demo.address,
          postcode: demo.postcode,
          localityId: item("locality", demo.locality),
          careGroupId: item("care_group", demo.careGroup),
          email: demo.email,
          phone: demo.phone,
          contactMethod: demo.contactMethod,
          accessibleFormats: demo.accessibleFormats,
          communicationNeeds: demo.communicationNeeds,
          practitionerId: practitioner.id,
          userId: demo.account ? userId(demo.account) : null,
        })
        .returning()
        .get();
      tx.insert(assessments).values({ personId: person.id, assessedOn: demoDate("2026-03-02"), eligible: true, summary: "Eligible for social care support", recordedBy: practitioner.id }).run();
      tx.insert(budgetVersions)
        .values({
          personId: person.id,
          version: 1,
          period: "year",
          startsOn: demoDate("2026-04-01"),
          endsOn: demoDate("2027-03-31"),
          contributionPence: 0,
          option1Pence: 0,
          reason: "First budget",
          recordedBy: practitioner.id,
          ...demo.budget,
        })
        .run();
      for (const [outcome, ownWords] of demo.outcomes) {
        const outcomeId = item("outcome", outcome);
        if (outcomeId) tx.insert(personOutcomes).values({ personId: person.id, outcomeId, ownWords }).run();
      }
      if (demo.representative) {
        const { account, ...rep } = demo.representative;
        tx.insert(representatives)
          .values({ ...rep, personId: person.id, kind: "power_of_attorney", authority: "choose", startsOn: "2023-06-01", email: account, userId: userId(account) })
          .run();
      }
    }
  });
}

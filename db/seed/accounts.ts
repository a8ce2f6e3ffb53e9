import { eq } from "drizzle-orm";
import type { Db } from "../client.server";
import { councils, organisations, users, type Role } from "../schema";

export const DEMO_COUNCILS = [
  { name: "Clydevale Council", slug: "clydevale" },
  { name: "Eastmuir Council", slug: "eastmuir" },
] as const;

const contact = (contactName: string, contactEmail: string, contactPhone: string) => ({ contactName, contactEmail, contactPhone });

export const DEMO_ORGANISATIONS = [
  {
    name: "Riverbank Community Care",
    type: "charity",
    charityNumber: "SC041234",
    address: "12 Mill Lane, Clydevale",
    postcode: "CV1 2AB",
    careInspectorateNumbers: "CS2009123456, CS2012654321",
    ...contact("Ewan MacLeod", "admin@riverbank-care.example", "01632 960 101"),
  },
  { name: "New Horizons Support", type: "social_enterprise", ...contact("Priya Nair", "admin@new-horizons.example", "01632 960 102") },
  {
    name: "Glenburn Home Support",
    type: "company",
    companyNumber: "SC512345",
    address: "4 Station Road, Glenburn",
    postcode: "CV4 7GH",
    careInspectorateNumbers: "CS2015111222",
    ...contact("Alan Drummond", "admin@glenburn-support.example", "01632 960 103"),
  },
  {
    name: "Kirkmuir Wellbeing Trust",
    type: "charity",
    charityNumber: "SC045678",
    address: "The Old School, Kirk Street, Kirkmuir",
    postcode: "CV8 3KM",
    careInspectorateNumbers: "CS2011333444",
    ...contact("Heather Munro", "admin@kirkmuir-wellbeing.example", "01632 960 104"),
  },
  {
    name: "Northfield Day Opportunities",
    type: "social_enterprise",
    address: "Unit 3, Northfield Business Park, Northfield",
    postcode: "CV6 1NF",
    careInspectorateNumbers: "CS2018555666",
    ...contact("Robert Lindsay", "admin@northfield-day.example", "01632 960 105"),
  },
] as const;

type DemoUser = {
  email: string;
  name: string;
  role: Role;
  council?: (typeof DEMO_COUNCILS)[number]["slug"];
  organisation?: (typeof DEMO_ORGANISATIONS)[number]["name"];
  /** What the sign-in page says this account is for. */
  about: string;
};

export const DEMO_USERS: DemoUser[] = [
  { email: "commissioner@clydevale.example", name: "Fiona Gallacher", role: "commissioner", council: "clydevale", about: "Clydevale commissioning team: frameworks, applications, agreement approval" },
  { email: "finance@clydevale.example", name: "Graham Kerr", role: "finance", council: "clydevale", about: "Clydevale council finance: invoice approval and payment runs" },
  { email: "practitioner@clydevale.example", name: "Siobhan Reid", role: "practitioner", council: "clydevale", about: "Clydevale social worker: people, budgets and outcomes" },
  { email: "admin@riverbank-care.example", name: "Ewan MacLeod", role: "provider_admin", organisation: "Riverbank Community Care", about: "Administrator of Riverbank Community Care, an admitted provider" },
  { email: "admin@new-horizons.example", name: "Priya Nair", role: "provider_admin", organisation: "New Horizons Support", about: "Administrator of New Horizons Support, a provider that has not yet applied" },
  { email: "admin@glenburn-support.example", name: "Alan Drummond", role: "provider_admin", organisation: "Glenburn Home Support", about: "Administrator of Glenburn Home Support, an admitted provider" },
  { email: "admin@kirkmuir-wellbeing.example", name: "Heather Munro", role: "provider_admin", organisation: "Kirkmuir Wellbeing Trust", about: "Administrator of Kirkmuir Wellbeing Trust, an admitted provider" },
  { email: "admin@northfield-day.example", name: "Robert Lindsay", role: "provider_admin", organisation: "Northfield Day Opportunities", about: "Administrator of Northfield Day Opportunities, whose application is under review" },
  { email: "morag@people.example", name: "Morag Sinclair", role: "supported_person", council: "clydevale", about: "Supported person with an Option 2 budget; her agreement with Glenburn waits for her signature" },
  { email: "james@people.example", name: "James Whyte", role: "supported_person", council: "clydevale", about: "Supported person with an active agreement and a few months of spending" },
  { email: "aileen@people.example", name: "Aileen Baird", role: "representative", council: "clydevale", about: "Representative acting for her son Callum, who has a budget" },
  { email: "practitioner@eastmuir.example", name: "Duncan Stewart", role: "practitioner", council: "eastmuir", about: "Eastmuir social worker (another council)" },
  { email: "commissioner@eastmuir.example", name: "Kirsty Paterson", role: "commissioner", council: "eastmuir", about: "Eastmuir commissioning team (another council)" },
  { email: "finance@eastmuir.example", name: "Calum Drummond", role: "finance", council: "eastmuir", about: "Eastmuir council finance (another council)" },
];

/** Creates the demo councils, provider organisations and accounts. Safe to run again: existing rows are kept. */
export function seedAccounts(db: Db, passwordHash: string): void {
  db.transaction((tx) => {
    for (const council of DEMO_COUNCILS) tx.insert(councils).values(council).onConflictDoNothing().run();
    for (const organisation of DEMO_ORGANISATIONS) {
      const exists = tx.select().from(organisations).where(eq(organisations.name, organisation.name)).get();
      if (!exists) tx.insert(organisations).values(organisation).run();
    }
    const councilIds = new Map(tx.select().from(councils).all().map((c) => [c.slug, c.id]));
    const organisationIds = new Map(tx.select().from(organisations).all().map((o) => [o.name, o.id]));
    for (const user of DEMO_USERS) {
      tx.insert(users)
        .values({
          email: user.email,
          name: user.name,
          role: user.role,
          passwordHash,
          councilId: user.council ? councilIds.get(user.council) : null,
          organisationId: user.organisation ? organisationIds.get(user.organisation) : null,
        })
        .onConflictDoNothing()
        .run();
    }
  });
}

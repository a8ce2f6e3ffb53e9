import { and, eq } from "drizzle-orm";
import { stableUuid } from "~/lib/ids.server";
import type { Db } from "../client.server";
import {
  applicationLots,
  councilListItems,
  councils,
  enquiries,
  enquiryMessages,
  frameworkLots,
  frameworks,
  offerCostOptions,
  offers,
  organisations,
  providerApplications,
  users,
  type CostUnit,
  type DeliveryMode,
  type Grades,
  type Language,
  type CommunicationSupport,
  type Weekday,
} from "../schema";
import { DEMO_FRAMEWORK_REFERENCE } from "./frameworks";
import { demoDate } from "./demo-year";

/** The demo offer ids are derived from their number, so links to them survive reloading the demo data. */
export const demoOfferId = (n: number) => stableUuid(`demo-offer:${n}`);
export const DEMO_ENQUIRY_ID = stableUuid("demo-enquiry:1");

/** A fourth provider, admitted by this seed, so that four providers publish offers. */
const FOURTH_PROVIDER = {
  name: "Thistle Lane Connections",
  type: "social_enterprise" as const,
  address: "21 Thistle Lane, Riverside",
  postcode: "CV3 5TL",
  careInspectorateNumbers: "CS2016777888",
  contactName: "Ayesha Rahman",
  contactEmail: "hello@thistle-lane.example",
  contactPhone: "01632 960 106",
};
const FOURTH_PROVIDER_LOTS = ["Community and day support", "Short breaks", "Mental health and wellbeing"];

type DemoOffer = {
  provider: string;
  lot: string;
  title: string;
  summary: string;
  description: string;
  outcomes: number[];
  careGroups: string[];
  ages: [number | null, number | null];
  localities: string[];
  modes: DeliveryMode[];
  days?: Weekday[];
  times?: [string, string];
  languages: Language[];
  /** Community languages not on the list, by name. */
  otherLanguages?: string[];
  support?: CommunicationSupport[];
  accepting: "yes" | "waiting_list" | "no";
  places: number | null;
  costs: [pounds: number, unit: CostUnit, includes: string][];
  grades?: Grades;
  status?: "draft" | "paused";
};

const O = { well: 0, home: 1, people: 2, doing: 3, safe: 4, independent: 5, confidence: 6, carer: 7 };
const WEEKDAYS: Weekday[] = ["MO", "TU", "WE", "TH", "FR"];
const ALL_AREAS = ["Clydevale Town", "Riverside", "Northfield", "Glenburn", "Kirkmuir"];
const TRAVEL = "Travel time, mileage and bank holidays";
const GOOD: Grades = { wellbeing: 5, leadership: 4, staffing: 5, planning: 5 };
const VERY_GOOD: Grades = { wellbeing: 5, leadership: 5, staffing: 5, setting: 5, planning: 5 };

const R = "Riverbank Community Care";
const G = "Glenburn Home Support";
const K = "Kirkmuir Wellbeing Trust";
const T = FOURTH_PROVIDER.name;

const OFFERS: DemoOffer[] = [
  { provider: R, lot: "Care at home", title: "Morning and evening support at home", summary: "A small, regular team helps you get up, washed and dressed, and settled at night, at the times you choose.", description: "The same two or three support workers visit you every day, so you get to know each other. We help with personal care, medication prompts, meals and getting ready for the day or for bed. You decide the times and what matters most on each visit.", outcomes: [O.well, O.home, O.independent, O.safe], careGroups: ["Older people", "Physical disability"], ages: [18, null], localities: ["Clydevale Town", "Riverside", "Northfield"], modes: ["at_home"], days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], times: ["07:00", "22:00"], languages: ["en", "gd"], accepting: "yes", places: 4, costs: [[24.5, "hour", TRAVEL]], grades: VERY_GOOD },
  { provider: R, lot: "Care at home", title: "Living well with dementia at home", summary: "Patient, dementia-trained support workers help you keep your routines, stay safe at home and give your family a rest.", description: "Our staff hold the Promoting Excellence skilled level in dementia care. We keep to familiar routines, support with meals, personal care and appointments, and work closely with your family and your community psychiatric nurse.", outcomes: [O.home, O.safe, O.carer, O.well], careGroups: ["Older people"], ages: [50, null], localities: ["Clydevale Town", "Riverside"], modes: ["at_home", "in_community"], days: WEEKDAYS, times: ["08:00", "20:00"], languages: ["en"], support: ["easy_read"], accepting: "waiting_list", places: null, costs: [[26.2, "hour", TRAVEL]], grades: VERY_GOOD },
  { provider: R, lot: "Community and day support", title: "Out and about: community connections", summary: "One-to-one support to get out into your community: the shops, the gym, a football match, a class or visiting friends.", description: "We match you with a support worker who shares your interests. Together you plan what you want to do each week, from swimming to volunteering, and build the confidence to do more of it on your own.", outcomes: [O.people, O.doing, O.confidence, O.independent], careGroups: ["Learning disability", "Autism", "Young adults"], ages: [16, 65], localities: ALL_AREAS, modes: ["in_community"], days: ["MO", "TU", "WE", "TH", "FR", "SA"], times: ["09:00", "21:00"], languages: ["en", "bfi"], support: ["makaton", "easy_read"], accepting: "yes", places: 6, costs: [[23.8, "hour", "Travel time; your own costs for activities are not included"]], grades: GOOD },
  { provider: R, lot: "Community and day support", title: "Riverside Saturday club", summary: "A friendly Saturday club at the Riverside community hall with music, cooking, games and trips, for adults with learning disabilities.", description: "Around twelve members meet every Saturday. Members choose the programme each month: cooking lunch together, music sessions, walks along the river and day trips. Staff support personal care when needed.", outcomes: [O.people, O.doing, O.confidence], careGroups: ["Learning disability"], ages: [18, null], localities: ["Riverside", "Clydevale Town"], modes: ["at_venue"], days: ["SA"], times: ["10:00", "16:00"], languages: ["en"], support: ["makaton", "talking_mats"], accepting: "yes", places: 3, costs: [[62, "session", "Lunch and materials; trips cost extra"]], grades: GOOD },
  { provider: R, lot: "Short breaks", title: "Weekend short breaks by the coast", summary: "Overnight short breaks in a homely shared house near the coast, so you have a change of scene and your carer gets a rest.", description: "Stay for a weekend or a few nights in our four-bedroom house. Each guest has their own room. Staff are awake overnight. We plan outings with you before you arrive and keep in touch with your family while you are with us.", outcomes: [O.carer, O.doing, O.people], careGroups: ["Learning disability", "Physical disability", "Carers"], ages: [18, null], localities: ALL_AREAS, modes: ["at_venue"], days: ["FR", "SA", "SU"], languages: ["en"], support: ["makaton"], accepting: "waiting_list", places: null, costs: [[165, "day", "All meals, activities and waking night staff"]], grades: VERY_GOOD },
  { provider: R, lot: "Short breaks", title: "Sitting service for carers", summary: "A trusted support worker stays with the person you care for, at home, so you can go out for a few hours without worrying.", description: "Book a regular slot or ask when you need it. The same worker comes each time where possible. They can help with meals, personal care and activities while you are out.", outcomes: [O.carer, O.safe], careGroups: ["Carers", "Older people"], ages: [null, null], localities: ["Clydevale Town", "Riverside", "Northfield"], modes: ["at_home"], languages: ["en", "pl"], accepting: "yes", places: 8, costs: [[22.9, "hour", "Travel time"]], grades: GOOD },
  { provider: R, lot: "Care at home", title: "Night-time support (sleepover)", summary: "A support worker sleeps over in your home and is there if you need help during the night, so you and your family feel safe.", description: "Our sleepover staff help you settle at night, are on hand if you wake and need support, and help you get up in the morning. We can also provide waking nights for people who need more support.", outcomes: [O.safe, O.home, O.carer], careGroups: ["Older people", "Physical disability", "Learning disability"], ages: [18, null], localities: ["Clydevale Town", "Riverside"], modes: ["at_home"], days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], times: ["22:00", "23:00"], languages: ["en"], accepting: "no", places: 0, costs: [[145, "session", "A 10-hour sleepover; waking nights priced separately"]], grades: VERY_GOOD, status: "paused" },
  { provider: G, lot: "Care at home", title: "Glenburn personal care at home", summary: "Reliable personal care and practical help at home in Glenburn and Kirkmuir, from a local team who know the area well.", description: "We provide visits from 30 minutes upwards for personal care, meals, medication, shopping and housework. Our rotas are planned a week ahead and sent to you, so you always know who is coming.", outcomes: [O.well, O.home, O.independent], careGroups: ["Older people", "Physical disability"], ages: [18, null], localities: ["Glenburn", "Kirkmuir"], modes: ["at_home"], days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], times: ["07:30", "21:30"], languages: ["en"], accepting: "yes", places: 10, costs: [[22, "hour", TRAVEL], [25.5, "hour", "Weekend and evening visits after 6pm, including travel"]], grades: GOOD },
  { provider: G, lot: "Care at home", title: "Getting home from hospital (reablement)", summary: "Short-term support for up to six weeks after a hospital stay, to help you regain skills and confidence in your own home.", description: "Working with your occupational therapist, our reablement team supports you to do things for yourself again: washing, dressing, cooking and getting around. Support reduces as you get stronger.", outcomes: [O.independent, O.confidence, O.well], careGroups: ["Older people", "Physical disability"], ages: [18, null], localities: ["Glenburn", "Kirkmuir", "Northfield"], modes: ["at_home"], days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], times: ["08:00", "20:00"], languages: ["en", "ur", "pa"], support: ["interpreters"], accepting: "yes", places: 5, costs: [[27.5, "hour", TRAVEL], [890, "package", "Six weeks of reablement visits, reviewed every fortnight"]], grades: GOOD },
  { provider: G, lot: "Supported living", title: "Supported living at Station Court", summary: "Your own tenancy in a group of flats in Glenburn, with support staff on site day and night and a shared lounge for company.", description: "Station Court has eight one-bedroom flats. You hold your own tenancy with a housing association and choose how your support hours are used: cooking, budgeting, going out, or just a chat. Staff are on site at all times.", outcomes: [O.home, O.independent, O.safe, O.people], careGroups: ["Learning disability", "Autism", "Mental health"], ages: [18, 64], localities: ["Glenburn"], modes: ["at_home"], languages: ["en"], support: ["easy_read", "makaton"], accepting: "waiting_list", places: 1, costs: [[23.4, "hour", "Shared overnight support is included"], [1150, "week", "Typical package of 45 hours a week plus shared night support"]], grades: VERY_GOOD },
  { provider: G, lot: "Supported living", title: "Support in your own tenancy", summary: "Flexible support in your own home anywhere in Glenburn or Kirkmuir, to manage your tenancy, money, health and everyday life.", description: "We support you to keep your home and live the life you want: paying bills, shopping, cooking, appointments and meeting people. We agree a weekly plan with you and review it every three months.", outcomes: [O.home, O.independent, O.confidence], careGroups: ["Learning disability", "Mental health", "Young adults"], ages: [18, null], localities: ["Glenburn", "Kirkmuir"], modes: ["at_home", "in_community"], languages: ["en", "pl", "ro"], accepting: "yes", places: 3, costs: [[24, "hour", TRAVEL]], grades: GOOD },
  { provider: G, lot: "Care at home", title: "Care for people with sensory loss", summary: "Support at home from staff trained in deafblind communication and BSL, for people with sight or hearing loss.", description: "Our specialist workers support you with daily living, letters, appointments and getting out, using the communication that suits you. We work with Deafblind Scotland and local sensory services.", outcomes: [O.independent, O.people, O.safe], careGroups: ["Physical disability", "Older people"], ages: [18, null], localities: ["Glenburn", "Kirkmuir", "Clydevale Town"], modes: ["at_home", "in_community"], days: WEEKDAYS, times: ["09:00", "17:00"], languages: ["en", "bfi"], support: ["deafblind", "hearing_loop"], accepting: "yes", places: 2, costs: [[31.5, "hour", TRAVEL]], grades: GOOD },
  { provider: G, lot: "Supported living", title: "Moving on: first home for young adults", summary: "Support for young adults leaving home or care to set up and keep their first tenancy, with help to learn life skills.", description: "We help with finding a flat, furnishing it, setting up bills, cooking and budgeting, and getting into college or work. Support is intensive at first and tapers as you settle.", outcomes: [O.home, O.independent, O.confidence, O.doing], careGroups: ["Young adults", "Learning disability", "Autism"], ages: [16, 25], localities: ["Glenburn", "Kirkmuir", "Northfield"], modes: ["at_home", "in_community"], languages: ["en"], support: ["easy_read"], accepting: "yes", places: 4, costs: [[24.8, "hour", TRAVEL]], status: "draft" },
  { provider: K, lot: "Mental health and wellbeing", title: "Recovery coaching", summary: "One-to-one recovery coaching for people living with mental ill health, to set goals, build routines and feel more in control.", description: "A recovery coach meets you weekly, at home, in a cafe or online. Together you set goals that matter to you, such as sleeping better, getting back to work or reconnecting with friends, and track your progress.", outcomes: [O.well, O.confidence, O.independent], careGroups: ["Mental health"], ages: [18, null], localities: ALL_AREAS, modes: ["at_home", "in_community", "online"], languages: ["en", "ar"], accepting: "yes", places: 7, costs: [[28, "hour", "Travel; online sessions available"]], grades: GOOD },
  { provider: K, lot: "Mental health and wellbeing", title: "Peer support groups", summary: "Weekly peer support groups in Kirkmuir and online, led by people with their own experience of mental ill health.", description: "Groups meet on Tuesday evenings at the Old School and on Thursday afternoons online. You can come along, listen and share when you feel ready. Groups are small and confidential.", outcomes: [O.people, O.well, O.confidence], careGroups: ["Mental health", "Carers"], ages: [18, null], localities: ["Kirkmuir", "Glenburn"], modes: ["at_venue", "online"], days: ["TU", "TH"], times: ["14:00", "20:00"], languages: ["en"], support: ["hearing_loop"], accepting: "yes", places: 12, costs: [[12, "session", "Tea and coffee"]], grades: GOOD },
  { provider: K, lot: "Community and day support", title: "Green gym and gardening", summary: "Outdoor gardening and conservation sessions in the Kirkmuir community garden, to get active, learn skills and meet people.", description: "Join our volunteers three mornings a week to grow vegetables, look after the woodland path and build raised beds. Tools and waterproofs provided. No experience needed; support staff are on hand.", outcomes: [O.doing, O.well, O.people], careGroups: ["Mental health", "Learning disability", "Older people"], ages: [16, null], localities: ["Kirkmuir"], modes: ["in_community"], days: ["MO", "WE", "FR"], times: ["09:30", "13:00"], languages: ["en", "gd"], accepting: "yes", places: 9, costs: [[38, "session", "Tools, clothing and a hot drink"]], grades: GOOD },
  { provider: K, lot: "Mental health and wellbeing", title: "Crisis prevention and early support", summary: "Quick, short-term support when your mental health is getting worse, to help you stay well at home and avoid a crisis.", description: "Contact us and we aim to see you within two working days. We work intensively with you for up to eight weeks alongside your GP or community mental health team.", outcomes: [O.safe, O.well, O.home], careGroups: ["Mental health"], ages: [18, null], localities: ["Kirkmuir", "Glenburn", "Northfield"], modes: ["at_home", "online"], days: WEEKDAYS, times: ["09:00", "19:00"], languages: ["en", "pl", "uk"], otherLanguages: ["Tigrinya", "Farsi"], support: ["interpreters"], accepting: "yes", places: 3, costs: [[29.5, "hour", "Travel and out-of-hours telephone support"]] },
  { provider: K, lot: "Community and day support", title: "Back to work and learning", summary: "Help to find volunteering, college courses and paid work that suit you, with support to apply and to settle in.", description: "An employment support worker helps you explore what you want to do, write a CV, apply for courses or jobs and prepare for interviews. We stay in touch after you start, for as long as you want.", outcomes: [O.doing, O.confidence, O.independent], careGroups: ["Mental health", "Young adults", "Autism"], ages: [16, 67], localities: ALL_AREAS, modes: ["in_community", "online"], days: WEEKDAYS, times: ["09:00", "17:00"], languages: ["en", "ar", "ur"], accepting: "waiting_list", places: null, costs: [[25, "hour", "Travel"]], grades: GOOD },
  { provider: K, lot: "Mental health and wellbeing", title: "Wellbeing support for carers", summary: "Time and support for unpaid carers: a listening ear, advice on looking after yourself, and help to plan breaks.", description: "We meet carers one-to-one at home, in a cafe or online, and run a monthly carers' lunch. We can help you prepare for your adult carer support plan.", outcomes: [O.carer, O.well], careGroups: ["Carers"], ages: [16, null], localities: ALL_AREAS, modes: ["at_home", "in_community", "online"], languages: ["en", "gd"], accepting: "yes", places: 15, costs: [[26, "hour", "Travel"]], grades: GOOD },
  { provider: T, lot: "Community and day support", title: "Creative arts studio", summary: "Art, pottery and music sessions at our Riverside studio, for adults who want to try something creative in a relaxed group.", description: "Sessions run on weekday afternoons with a tutor and support staff. Members have exhibited at the Clydevale Arts Festival. Materials are provided and there is a quiet room if you need a break.", outcomes: [O.doing, O.people, O.confidence], careGroups: ["Learning disability", "Autism", "Mental health"], ages: [18, null], localities: ["Riverside", "Clydevale Town"], modes: ["at_venue"], days: ["MO", "TU", "WE", "TH"], times: ["13:00", "16:00"], languages: ["en", "yue"], support: ["makaton", "easy_read"], accepting: "yes", places: 5, costs: [[45, "session", "Materials and a snack"]], grades: GOOD },
  { provider: T, lot: "Community and day support", title: "Autism-friendly social evenings", summary: "Monthly social evenings planned by and for autistic adults: quiz nights, board games, film screenings and meals out.", description: "Small groups, predictable plans sent out in advance and a quiet space at every event. Support staff can meet you beforehand and travel with you if you want.", outcomes: [O.people, O.doing, O.confidence], careGroups: ["Autism", "Young adults"], ages: [18, 40], localities: ["Riverside", "Clydevale Town", "Northfield"], modes: ["in_community", "at_venue"], days: ["FR"], times: ["18:00", "21:00"], languages: ["en"], support: ["easy_read"], accepting: "yes", places: 10, costs: [[30, "session", "Venue costs; food and tickets extra"], [23, "hour", "One-to-one travel support before and after"]] },
  { provider: T, lot: "Short breaks", title: "Day breaks with activities", summary: "Daytime short breaks with outings and activities for adults, giving family carers a regular, reliable rest.", description: "Spend a day with a small group, doing something you enjoy: a trip to the coast, bowling, a museum or a walk. We collect you from home and bring you back.", outcomes: [O.carer, O.doing, O.people], careGroups: ["Learning disability", "Older people", "Carers"], ages: [18, null], localities: ALL_AREAS, modes: ["in_community"], days: ["TU", "TH", "SA"], times: ["09:30", "16:30"], languages: ["en", "pa"], accepting: "yes", places: 6, costs: [[95, "day", "Transport, lunch and entry fees"]] },
  { provider: T, lot: "Mental health and wellbeing", title: "Walk and talk", summary: "Gentle group walks with a trained wellbeing worker, to get outside, move more and talk things through if you want to.", description: "Walks of about an hour on flat paths around Riverside and Northfield, finishing with a cup of tea. Suitable for most people, including wheelchair users on the riverside route.", outcomes: [O.well, O.people], careGroups: ["Mental health", "Older people"], ages: [18, null], localities: ["Riverside", "Northfield"], modes: ["in_community"], days: ["WE", "SA"], times: ["10:00", "12:00"], languages: ["en"], accepting: "yes", places: 20, costs: [[8, "session", "Tea afterwards"]] },
  { provider: T, lot: "Mental health and wellbeing", title: "Online wellbeing coaching", summary: "Video or phone coaching sessions for people who find it hard to leave home, to manage anxiety and low mood.", description: "Six to twelve sessions with a coach trained in cognitive behavioural approaches. Evening appointments available. We can lend you a tablet if you need one.", outcomes: [O.well, O.confidence], careGroups: ["Mental health", "Young adults"], ages: [16, null], localities: ALL_AREAS, modes: ["online"], languages: ["en", "ur", "ar", "pl"], accepting: "yes", places: 8, costs: [[32, "hour", "Loan of a tablet if needed"], [300, "package", "Ten sessions"]] },
  { provider: T, lot: "Short breaks", title: "Short breaks for young carers' families", summary: "Flexible short breaks for families where a young person helps to care, so everyone gets time for themselves.", description: "We plan breaks around your family: a day out for the person you care for, an overnight stay with a host family, or support at home while you go out.", outcomes: [O.carer, O.well], careGroups: ["Carers", "Young adults"], ages: [null, null], localities: ["Northfield", "Riverside"], modes: ["at_home", "in_community"], languages: ["en"], accepting: "no", places: 0, costs: [[120, "day", "All activities"]] },
];

/**
 * About 25 demo offers from four providers on Clydevale's framework, across its five lots and localities,
 * with one enquiry already under way. A fourth provider is admitted so that four providers publish.
 * Idempotent: offers are keyed by fixed ids and nothing is added twice.
 */
export function seedOffers(db: Db): void {
  const council = db.select().from(councils).where(eq(councils.slug, "clydevale")).get();
  if (!council) return;
  const framework = db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.councilId, council.id), eq(frameworks.reference, DEMO_FRAMEWORK_REFERENCE)))
    .get();
  if (!framework) return;
  db.transaction((tx) => {
    const lots = new Map(tx.select().from(frameworkLots).where(eq(frameworkLots.frameworkId, framework.id)).all().map((l) => [l.name, l.id]));
    let fourth = tx.select().from(organisations).where(eq(organisations.name, FOURTH_PROVIDER.name)).get();
    if (!fourth) {
      fourth = tx.insert(organisations).values(FOURTH_PROVIDER).returning().get();
      const decidedAt = new Date(Date.now() - 60 * 86_400_000);
      const application = tx
        .insert(providerApplications)
        .values({ frameworkId: framework.id, councilId: council.id, organisationId: fourth.id, reference: "APP-DEMO05", status: "admitted", declarationsAcceptedAt: decidedAt, submittedAt: decidedAt, decidedAt })
        .returning()
        .get();
      for (const lot of FOURTH_PROVIDER_LOTS) {
        const lotId = lots.get(lot);
        if (lotId) tx.insert(applicationLots).values({ applicationId: application.id, lotId, outcome: "admitted" }).run();
      }
    }
    const providers = new Map(tx.select().from(organisations).all().map((o) => [o.name, o]));
    const list = new Map(
      tx
        .select()
        .from(councilListItems)
        .where(eq(councilListItems.councilId, council.id))
        .all()
        .map((i) => [`${i.kind}:${i.label}`, i]),
    );
    const outcomeIds = tx
      .select()
      .from(councilListItems)
      .where(and(eq(councilListItems.councilId, council.id), eq(councilListItems.kind, "outcome")))
      .orderBy(councilListItems.position)
      .all()
      .map((i) => i.id);
    const idsOf = (kind: string, labels: string[]) => labels.map((l) => list.get(`${kind}:${l}`)?.id).filter((id): id is string => Boolean(id));
    OFFERS.forEach((demo, index) => {
      const id = demoOfferId(index + 1);
      const provider = providers.get(demo.provider);
      const lotId = lots.get(demo.lot);
      if (!provider || !lotId || tx.select({ id: offers.id }).from(offers).where(eq(offers.id, id)).get()) return;
      const updatedAt = new Date(Date.now() - (index * 3 + 1) * 86_400_000);
      const status = demo.status ?? "published";
      tx.insert(offers)
        .values({
          id,
          organisationId: provider.id,
          councilId: council.id,
          lotId,
          status,
          title: demo.title,
          summary: demo.summary,
          description: demo.description,
          outcomeIds: demo.outcomes.map((o) => outcomeIds[o]).filter((x): x is string => Boolean(x)),
          careGroupIds: idsOf("care_group", demo.careGroups),
          minAge: demo.ages[0],
          maxAge: demo.ages[1],
          localityIds: idsOf("locality", demo.localities),
          deliveryModes: demo.modes,
          days: demo.days ?? [],
          flexible: !demo.days,
          opensAt: demo.times?.[0] ?? null,
          closesAt: demo.times?.[1] ?? null,
          scheduleNotes: demo.days ? "" : "Times are agreed with you.",
          languages: demo.languages,
          otherLanguages: demo.otherLanguages ?? [],
          communicationSupport: demo.support ?? [],
          accessibilityNotes: demo.modes.includes("at_venue") ? "Step-free entrance, accessible toilet and a quiet room." : "",
          accepting: demo.accepting,
          places: demo.places,
          contactName: provider.contactName,
          contactEmail: provider.contactEmail,
          contactPhone: provider.contactPhone,
          contactNotes: "Send an enquiry through this service, or phone us on weekdays between 9am and 5pm.",
          careInspectorateNumber: demo.grades ? (provider.careInspectorateNumbers.split(",")[0]?.trim() ?? "") : "",
          grades: demo.grades ?? {},
          gradedOn: demo.grades ? "2025-09-18" : null,
          viewCount: 40 + ((index * 37) % 160),
          shortlistCount: (index * 7) % 19,
          publishedAt: status === "draft" ? null : updatedAt,
          updatedAt,
          createdAt: updatedAt,
        })
        .run();
      demo.costs.forEach(([pounds, unit, includes], position) =>
        tx
          .insert(offerCostOptions)
          .values({ id: stableUuid(`${id}:cost:${position}`), offerId: id, amountPence: Math.round(pounds * 100), unit, includes, label: position === 0 ? "Standard rate" : "", validFrom: demoDate("2026-04-01"), validTo: demoDate("2027-03-31"), position })
          .run(),
      );
    });
    const morag = tx.select().from(users).where(eq(users.email, "morag@people.example")).get();
    const riverbankAdmin = tx.select().from(users).where(eq(users.email, "admin@riverbank-care.example")).get();
    const offer = tx.select().from(offers).where(eq(offers.id, demoOfferId(1))).get();
    if (morag && riverbankAdmin && offer && !tx.select({ id: enquiries.id }).from(enquiries).where(eq(enquiries.id, DEMO_ENQUIRY_ID)).get()) {
      const at = new Date(Date.now() - 2 * 86_400_000);
      tx.insert(enquiries).values({ id: DEMO_ENQUIRY_ID, offerId: offer.id, organisationId: offer.organisationId, personUserId: morag.id, awaiting: "person", createdAt: at, updatedAt: new Date(at.getTime() + 3_600_000) }).run();
      tx.insert(enquiryMessages)
        .values([
          { enquiryId: DEMO_ENQUIRY_ID, authorUserId: morag.id, side: "person", body: "Hello, could someone come at 8am on weekdays? I need help with getting dressed and breakfast.", createdAt: at },
          { enquiryId: DEMO_ENQUIRY_ID, authorUserId: riverbankAdmin.id, side: "provider", body: "Dear Morag, yes, we have a team in Clydevale Town with space at 8am. Would you like us to visit for a chat next week?", createdAt: new Date(at.getTime() + 3_600_000) },
        ])
        .run();
    }
  });
}

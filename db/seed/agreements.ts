import { and, eq, gt, max } from "drizzle-orm";
import type { Actor } from "~/auth/permissions";
import type { IsoDate } from "~/lib/dates";
import {
  approveVersion,
  issueForSignature,
  signVersion,
  startAgreement,
  updateDraft,
  workingVersion,
  type DraftInput,
} from "~/domain/agreements/agreements.server";
import { seedDemoLedger } from "~/domain/ledger/demo.server";
import { outcomesOf } from "~/domain/people/people.server";
import type { Db } from "../client.server";
import { agreements, frameworkLots, frameworks, isfAccounts, notifications, organisations, outbox, outboxAttachments, people, users } from "../schema";
import { demoDate } from "./demo-year";

const META = { ipAddress: "", userAgent: "Demo data" };

type DemoAgreement = {
  person: string;
  provider: string;
  lot: string;
  /** Who starts it (the person, their representative or the practitioner). */
  startedBy: string;
  /** The plan, a line for each of the person's outcomes it sets money aside for, named by the outcome. */
  draft: Omit<DraftInput, "plan"> & { plan: { outcome: string; support: string; quantity: string; costOption: string; ratePence: number; amountPence: number }[] };
  /** Who signs, in order; the agreement stops there. */
  signers: string[];
  approve: boolean;
  /**
   * For an agreement already running: the day it was started (and its plan drafted) and the day it was issued, signed
   * and approved, which its history and signature page show. Otherwise now.
   */
  history?: { started: IsoDate; issued: IsoDate };
};

const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    person: "CV-100871",
    provider: "Riverbank Community Care",
    lot: "Community and day support",
    startedBy: "james@people.example",
    draft: {
      startOn: demoDate("2026-04-01"),
      endOn: demoDate("2027-03-31"),
      reviewOn: demoDate("2026-10-01"),
      isfPence: 1_800_000,
      cadence: "four_weekly_arrears",
      feeKind: "percent",
      feeBasisPoints: 500,
      feePence: 0,
      contingencyPence: 50_000,
      otherProvidersAllowed: true,
      plan: [
        { outcome: "Having things to do", support: "Support worker at the garden centre and travel there", quantity: "4 hours a week", costOption: "Weekday daytime", ratePence: 2150, amountPence: 447_200 },
        { outcome: "Seeing people, friendships and relationships", support: "Support to get to the football and back", quantity: "4 hours a week", costOption: "Weekend", ratePence: 2150, amountPence: 447_200 },
        { outcome: "Living where and as I want", support: "Cooking and keeping the flat with a support worker", quantity: "4 hours a week", costOption: "Weekday daytime", ratePence: 2150, amountPence: 447_200 },
      ],
    },
    signers: ["james@people.example", "admin@riverbank-care.example", "practitioner@clydevale.example"],
    approve: true,
    history: { started: demoDate("2026-03-20"), issued: demoDate("2026-03-25") },
  },
  {
    person: "CV-100234",
    provider: "Glenburn Home Support",
    lot: "Care at home",
    startedBy: "morag@people.example",
    draft: {
      startOn: demoDate("2027-01-04"),
      endOn: demoDate("2027-03-31"),
      reviewOn: demoDate("2027-03-01"),
      isfPence: 280_000,
      cadence: "four_weekly_arrears",
      feeKind: "fixed",
      feePence: 15_000,
      feeBasisPoints: 0,
      contingencyPence: 0,
      otherProvidersAllowed: false,
      plan: [
        { outcome: "Seeing people, friendships and relationships", support: "A lift to the lunch club and company there", quantity: "3 hours on Wednesdays", costOption: "Weekday daytime", ratePence: 2300, amountPence: 85_100 },
        { outcome: "Staying independent", support: "Help with shopping and around the house", quantity: "4 hours a week", costOption: "Weekday daytime", ratePence: 2300, amountPence: 113_600 },
        { outcome: "Being as well as possible", support: "Gentle exercise at home with a support worker", quantity: "2 hours a week", costOption: "Weekday daytime", ratePence: 2300, amountPence: 56_800 },
      ],
    },
    signers: ["admin@glenburn-support.example", "practitioner@clydevale.example"],
    approve: false,
  },
  {
    person: "CV-101456",
    provider: "Kirkmuir Wellbeing Trust",
    lot: "Community and day support",
    startedBy: "aileen@people.example",
    draft: {
      startOn: demoDate("2026-12-07"),
      endOn: demoDate("2027-03-31"),
      reviewOn: demoDate("2027-03-01"),
      isfPence: 260_000,
      cadence: "four_weekly_arrears",
      feeKind: "none",
      feePence: 0,
      feeBasisPoints: 0,
      contingencyPence: 0,
      otherProvidersAllowed: true,
      plan: [
        { outcome: "Having things to do", support: "Swimming and youth club with a support worker", quantity: "3 hours a week", costOption: "Evenings and weekends", ratePence: 2250, amountPence: 114_750 },
        { outcome: "Improved confidence", support: "Travel training on the bus into town", quantity: "2 hours a week", costOption: "Weekday daytime", ratePence: 2150, amountPence: 73_100 },
        { outcome: "Carer able to continue caring", support: "Friday evening activity so his mum gets a break", quantity: "2 hours a week", costOption: "Evenings and weekends", ratePence: 2250, amountPence: 67_500 },
      ],
    },
    signers: ["aileen@people.example", "admin@kirkmuir-wellbeing.example", "practitioner@clydevale.example"],
    approve: false,
  },
];

/**
 * Demo data tells nobody: the notifications and emails the agreement commands write while seeding are removed, so
 * the demo starts with empty inboxes and no mail is sent for history that never happened.
 */
export async function seedAgreements(db: Db): Promise<void> {
  const lastNotification = db.select({ id: max(notifications.id) }).from(notifications).get()?.id ?? 0;
  const lastEmail = db.select({ id: max(outbox.id) }).from(outbox).get()?.id ?? 0;
  await createDemoAgreements(db);
  db.transaction((tx) => {
    tx.delete(notifications).where(gt(notifications.id, lastNotification)).run();
    tx.delete(outboxAttachments).where(gt(outboxAttachments.outboxId, lastEmail)).run();
    tx.delete(outbox).where(gt(outbox.id, lastEmail)).run();
  });
}

/**
 * James's active agreement with Riverbank (signed by all three, approved, its fund opened with five months of
 * drawdowns), Morag's with Glenburn waiting for her signature, and Callum's with Kirkmuir, signed by his mother
 * Aileen and the others, waiting for approval. Idempotent: a person who already has the agreement is left alone.
 */
async function createDemoAgreements(db: Db): Promise<void> {
  const actor = (email: string): Actor | null => {
    const user = db.select().from(users).where(eq(users.email, email)).get();
    return user ? { id: user.id, name: user.name, email: user.email, role: user.role, councilId: user.councilId, organisationId: user.organisationId } : null;
  };
  const commissioner = actor("commissioner@clydevale.example");
  const finance = actor("finance@clydevale.example");
  if (!commissioner || !finance) return;
  for (const demo of DEMO_AGREEMENTS) {
    const person = db.select().from(people).where(and(eq(people.councilId, commissioner.councilId!), eq(people.reference, demo.person))).get();
    const provider = db.select().from(organisations).where(eq(organisations.name, demo.provider)).get();
    const lot = db
      .select({ id: frameworkLots.id })
      .from(frameworkLots)
      .innerJoin(frameworks, eq(frameworks.id, frameworkLots.frameworkId))
      .where(and(eq(frameworks.councilId, commissioner.councilId!), eq(frameworkLots.name, demo.lot)))
      .get();
    const starter = actor(demo.startedBy);
    if (!person || !provider || !lot || !starter) continue;
    const exists = db.select({ id: agreements.id }).from(agreements).where(and(eq(agreements.personId, person.id), eq(agreements.providerOrganisationId, provider.id))).get();
    if (exists) continue;

    const at = (date: IsoDate | undefined, time: string) => (date ? new Date(`${date}T${time}:00Z`) : undefined);
    const { started, issued } = demo.history ?? {};
    const agreement = startAgreement(db, starter, { personId: person.id, providerOrganisationId: provider.id, lotId: lot.id }, at(started, "09:00"));
    const outcomes = outcomesOf(db, person.id);
    const plan = outcomes.map((outcome) => {
      const { outcome: _named, ...line } = demo.draft.plan.find((p) => p.outcome === outcome.outcome) ?? { outcome: "", support: "", quantity: "", costOption: "", ratePence: null, amountPence: 0 };
      return { personOutcomeId: outcome.id, ...line };
    });
    updateDraft(db, starter, agreement.id, { ...demo.draft, plan }, at(started, "09:30"));
    const { fingerprint } = issueForSignature(db, starter, agreement.id, at(issued, "09:00"));
    demo.signers.forEach((email, n) => {
      const signer = actor(email)!;
      signVersion(db, signer, agreement.id, { fingerprint, name: signer.name }, META, at(issued, `1${n}:00`));
    });
    if (!demo.approve) continue;
    await approveVersion(db, commissioner, agreement.id, { fingerprint }, META, at(issued, "15:00"));
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get();
    if (account && !workingVersion(db, agreement.id)) {
      db.transaction((tx) =>
        seedDemoLedger(tx, account.id, { from: demo.draft.startOn, invoices: 5, hourlyRate: 2150, hoursPerWeek: 12, outcomeIds: outcomes.map((o) => o.outcomeId), actor: finance }),
      );
    }
  }
}

/**
 * Option 2 agreements: start one with a chosen provider, co-produce the draft, issue it for signature, sign or
 * decline, approve or return, vary, give notice and end. Every command checks the lifecycle table
 * (`lifecycle.ts`), writes an audit row and tells the parties.
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { immediate, type Db, type Tx } from "@db/client.server";
import {
  agreementDecisions,
  agreements,
  agreementSignatures,
  agreementVersions,
  applicationLots,
  councils,
  frameworkLots,
  isfAccounts,
  offerCostOptions,
  offers,
  organisations,
  people,
  providerApplications,
  representatives,
  users,
  type AgreementStatus,
  type CostUnit,
  type DraftPlanLine,
  type Party,
  type TemplateTerms,
} from "@db/schema";
import { can, isCouncilStaff, isPersonUser, isProviderUser, ROLE_LABELS, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { providerComplianceBlock } from "~/domain/frameworks/compliance.server";
import { frameworkInForce } from "~/domain/frameworks/in-force";
import { agreementFundFigures } from "~/domain/ledger/funds.server";
import { openAccount, postEntries } from "~/domain/ledger/ledger.server";
import { runOffEnds } from "~/domain/ledger/run-off";
import { notify } from "~/domain/notifications/notifications.server";
import { COST_UNIT_LABELS } from "~/domain/offers/labels";
import { publiclyVisible } from "~/domain/offers/offers.server";
import { option2For, overdrawn } from "~/domain/people/budget";
import { currentBudget, option2Draws, outcomesOf, peopleActedFor, personAccess, type Person, type PersonAccess } from "~/domain/people/people.server";
import { addDays, daysBetween, formatDate, todayIso, type IsoDate } from "~/lib/dates";
import { serviceLink } from "~/lib/email.server";
import { Conflict, Forbidden, NotFound, RuleBroken, type FieldErrors } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import { runSteps, type Steps } from "~/lib/steps";
import { feePence, fingerprintOf, wordAgreement, type AgreementContent, type Approval, type ManagementFee, type PersonSignatory, type Signature } from "./document";
import { agreementAllows, PARTY_LABELS, VERSION_TRANSITIONS, versionAllows, type VersionCommand } from "./lifecycle";
import { agreementInForceOn, IN_FORCE_AGREEMENT_STATUSES, isInForceOn } from "./in-force";
import { agreementPath, audit, commissionerIds, partyUserIds, personSideUserIds, tellParties } from "./parties.server";
import { agreementPdf, easyReadPdf } from "./pdf.server";
import { currentTemplate, templateVersion } from "./templates.server";

export type Agreement = typeof agreements.$inferSelect;
export type AgreementVersion = typeof agreementVersions.$inferSelect;
/** Where a signature or decision came from. */
export type RequestMeta = { ipAddress: string; userAgent: string };

const WORKING = ["draft", "issued", "awaiting_approval"] as const;

/* ------------------------------------------------------------------------------------------------------------
 * Who may see and do what.
 * ---------------------------------------------------------------------------------------------------------- */

/** The agreements the actor may see, as a `where` condition: their council's, their organisation's, or the people they act for. */
function visibleTo(db: Tx, actor: Actor): SQL {
  if (isCouncilStaff(actor)) return eq(agreements.councilId, actor.councilId ?? "");
  if (isProviderUser(actor)) return eq(agreements.providerOrganisationId, actor.organisationId ?? "");
  if (isPersonUser(actor)) {
    const ids = peopleActedFor(db, actor).map((p) => p.id);
    return ids.length > 0 ? inArray(agreements.personId, ids) : sql`0`;
  }
  return sql`0`;
}

/** The agreement, if the actor may see it; anyone else is told it was not found. */
export function findAgreement(db: Tx, actor: Actor, agreementId: string): Agreement {
  const agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.id, agreementId), visibleTo(db, actor)))
    .get();
  if (!agreement) throw new NotFound();
  if (isCouncilStaff(actor) && !can(actor, "agreement.council.view", { councilId: agreement.councilId })) throw new NotFound();
  return agreement;
}

/** The party the actor signs for, or null when they may not sign this agreement. Representatives need authority to choose, today. */
export function partyOf(db: Tx, actor: Actor, agreement: Agreement, today = todayIso()): Party | null {
  if (can(actor, "agreement.provider.sign", { organisationId: agreement.providerOrganisationId })) return "provider";
  if (can(actor, "agreement.council.sign", { councilId: agreement.councilId })) return "council";
  const access = personAccess(db, actor, agreement.personId, "choose", today);
  if (access && (access.via === "self" || access.via === "representative")) return "person";
  return null;
}

/** Co-producers edit and issue the draft: the person or a representative who may choose, the provider's users, the council's practitioners. */
export function mayCoProduce(db: Tx, actor: Actor, agreement: Agreement, today = todayIso()): boolean {
  if (can(actor, "agreement.provider.draft", { organisationId: agreement.providerOrganisationId })) return true;
  if (can(actor, "agreement.council.draft", { councilId: agreement.councilId })) return true;
  const access = personAccess(db, actor, agreement.personId, "choose", today);
  return Boolean(access && (access.via === "self" || access.via === "representative"));
}

/**
 * How the actor may choose a provider for the person, or null: as the person, as a representative with authority to
 * choose and sign within its dates, or as a practitioner of the person's council. A representative who may only view
 * cannot.
 */
export function chooserAccess(db: Tx, actor: Actor, personId: string, today = todayIso()): PersonAccess | null {
  const chooser = personAccess(db, actor, personId, "choose", today);
  if (chooser) return chooser;
  const viewer = personAccess(db, actor, personId, "view", today);
  return viewer?.via === "council" && can(actor, "agreement.council.draft", { councilId: viewer.person.councilId }) ? viewer : null;
}

/** The person, for choosing a provider for them. Anyone who may not see the person is told it was not found. */
export function requireChooser(db: Tx, actor: Actor, personId: string, today = todayIso()): PersonAccess {
  const access = chooserAccess(db, actor, personId, today);
  if (access) return access;
  if (!personAccess(db, actor, personId, "view", today)) throw new NotFound();
  throw new Forbidden("Only the person, a representative with authority to choose and sign, or their practitioner can choose a provider");
}

function requireCoProducer(db: Tx, actor: Actor, agreement: Agreement, today: IsoDate): void {
  if (!mayCoProduce(db, actor, agreement, today)) throw new Forbidden("Only the person, their provider and their practitioner can change this agreement");
}

function requireParty(db: Tx, actor: Actor, agreement: Agreement, today: IsoDate): Party {
  const party = partyOf(db, actor, agreement, today);
  if (!party) {
    throw new Forbidden(
      isPersonUser(actor)
        ? "You can sign only with authority to choose and sign for the person, within the dates of that authority"
        : "You cannot sign this agreement",
    );
  }
  return party;
}

/** The forms of an agreement, by who may use them: its co-producers, its signing parties, the commissioning team. */
export type AgreementForm = "coProduce" | "sign" | "approve";

/**
 * The agreement for one of its forms, checked before the form is read, with the rules of the commands behind it:
 * not found for anyone who may not see the agreement, forbidden for anyone who may see it but not use the form.
 */
export function agreementForForm(db: Tx, actor: Actor, agreementId: string, form: AgreementForm, today = todayIso()): Agreement {
  const agreement = findAgreement(db, actor, agreementId);
  if (form === "coProduce") requireCoProducer(db, actor, agreement, today);
  if (form === "sign") requireParty(db, actor, agreement, today);
  if (form === "approve" && !can(actor, "agreement.approve", { councilId: agreement.councilId })) throw new Forbidden("Only the commissioning team approves agreements");
  return agreement;
}

/** Only people, their representatives and practitioners choose providers; anyone else is refused before the choice is read. */
export function requireMayStartAgreements(actor: Actor): void {
  if (!isPersonUser(actor) && !can(actor, "agreement.council.draft", { councilId: actor.councilId ?? "" })) {
    throw new Forbidden("Only the person, a representative with authority to choose, or their practitioner can choose a provider");
  }
}

function requireVersionState(version: AgreementVersion, command: VersionCommand): void {
  if (versionAllows(version.status, command)) return;
  const messages: Record<VersionCommand, string> = {
    edit: "This version has been issued for signature and cannot be changed. Decline it to return it to draft.",
    issue: "This version has already been issued for signature.",
    sign: "This version is not waiting for signatures.",
    decline: "This version is not waiting for signatures.",
    approve: "This version is not waiting for approval.",
    return: "This version is not waiting for approval.",
  };
  throw new Conflict(messages[command]);
}

/* ------------------------------------------------------------------------------------------------------------
 * Versions and facts.
 * ---------------------------------------------------------------------------------------------------------- */

export function versionsOf(db: Tx, agreementId: string): AgreementVersion[] {
  return db.select().from(agreementVersions).where(eq(agreementVersions.agreementId, agreementId)).orderBy(desc(agreementVersions.number)).all();
}

/** The version being drafted, signed or approved, if any. */
export function workingVersion(db: Tx, agreementId: string): AgreementVersion | null {
  return (
    db
      .select()
      .from(agreementVersions)
      .where(and(eq(agreementVersions.agreementId, agreementId), inArray(agreementVersions.status, WORKING)))
      .orderBy(desc(agreementVersions.number))
      .get() ?? null
  );
}

/** The approved version in force, if any. */
export function inForceVersion(db: Tx, agreementId: string): AgreementVersion | null {
  return db.select().from(agreementVersions).where(and(eq(agreementVersions.agreementId, agreementId), eq(agreementVersions.status, "approved"))).get() ?? null;
}

/**
 * The start date of an approved agreement that has not started yet, or null. Approval makes the agreement active
 * at once (its fund opens for its period), but until the start date it shows as "Approved, starts on …" and
 * nothing can be invoiced against it: invoices are checked against the agreement's dates.
 */
export function startsLater(agreement: Pick<Agreement, "status">, inForce: Pick<AgreementVersion, "startOn"> | null, today = todayIso()): IsoDate | null {
  if (agreement.status !== "active" || !inForce?.startOn) return null;
  return inForce.startOn > today ? inForce.startOn : null;
}

function requireWorking(db: Tx, agreementId: string): AgreementVersion {
  const version = workingVersion(db, agreementId);
  if (!version) throw new Conflict("This agreement has no version being drafted, signed or approved");
  return version;
}

export function feeOf(version: Pick<AgreementVersion, "feeKind" | "feeBasisPoints" | "feePence" | "feeFunding">): ManagementFee {
  if (version.feeKind === "percent") return { kind: "percent", basisPoints: version.feeBasisPoints, funding: version.feeFunding };
  if (version.feeKind === "fixed") return { kind: "fixed", pence: version.feePence, funding: version.feeFunding };
  return { kind: "none" };
}

/** The plan's total, the fee, and what the fund must cover (the plan, plus the fee when it comes out of the fund). */
export function moneyOf(version: Pick<AgreementVersion, "plan" | "isfPence" | "feeKind" | "feeBasisPoints" | "feePence" | "feeFunding">) {
  const planned = version.plan.reduce((sum, line) => sum + line.amountPence, 0);
  const fee = feePence(feeOf(version), version.isfPence);
  const fromFund = planned + (version.feeFunding === "from_fund" ? fee : 0);
  return { planned, fee, fromFund, left: version.isfPence - fromFund };
}

function planProblem(version: Pick<AgreementVersion, "plan" | "isfPence" | "feeKind" | "feeBasisPoints" | "feePence" | "feeFunding">): string | null {
  const money = moneyOf(version);
  if (money.left >= 0) return null;
  const what = version.feeFunding === "from_fund" && money.fee > 0 ? `The plan and the management fee come to ${formatPence(money.fromFund)}` : `The plan comes to ${formatPence(money.planned)}`;
  return `${what}, which is ${formatPence(-money.left)} more than the ISF amount of ${formatPence(version.isfPence)}. Reduce the plan or raise the ISF amount.`;
}

export type FundFloor = {
  /** What the fund has paid out, and committed on invoices waiting for approval. */
  paidOrCommitted: number;
  /** The least the ISF amount may be. */
  least: number;
  /** True when the fund has paid or committed more than it holds (into its contingency): the amount cannot come down at all. */
  overdrawn: boolean;
};

/**
 * The least a change to an agreement in force may set its ISF amount to, from its fund's figures in the ledger: what
 * the fund has paid or committed, less any other money paid into it (the person's contributions), and never more than
 * the amount in force. Approval posts the change of amount to the fund, which must still cover what it has paid and
 * owes. Null when there is no fund yet (before the first approval).
 */
function fundFloor(db: Tx, agreementId: string, today: IsoDate): FundFloor | null {
  const inForce = inForceVersion(db, agreementId);
  const figures = inForce ? agreementFundFigures(db, agreementId, today) : null;
  if (!inForce || !figures) return null;
  return {
    paidOrCommitted: figures.spent + figures.committed,
    least: Math.max(0, inForce.isfPence - Math.max(0, figures.available)),
    overdrawn: figures.available < 0,
  };
}

/** "The fund has already paid or committed £5,400.00, so the ISF amount cannot be less than £5,400.00." */
function fundFloorWords(floor: FundFloor): string {
  const paid = `The fund has already paid or committed ${formatPence(floor.paidOrCommitted)}`;
  if (floor.overdrawn) return `${paid}, more than it holds, so the ISF amount cannot be less than it is now: ${formatPence(floor.least)}.`;
  const covered = floor.paidOrCommitted - floor.least;
  const met = covered > 0 ? `, ${formatPence(covered)} of it met by the person's contributions` : "";
  return `${paid}${met}, so the ISF amount cannot be less than ${formatPence(floor.least)}.`;
}

/** For the draft of a change to an agreement in force: the least its ISF amount may be and why, or null when it may be anything. */
function fundFloorOnDraft(db: Tx, agreementId: string, today: IsoDate): string | null {
  const floor = fundFloor(db, agreementId, today);
  return floor && floor.least > 0 ? fundFloorWords(floor) : null;
}

/** Why this ISF amount is less than the agreement's fund has already paid or committed, or null. */
function fundProblem(db: Tx, agreementId: string, isfPence: number, today: IsoDate): string | null {
  const floor = fundFloor(db, agreementId, today);
  return floor && isfPence < floor.least ? fundFloorWords(floor) : null;
}

type Budget = NonNullable<ReturnType<typeof currentBudget>>;

const BUDGET_PERIOD_WORDS = { year: "a year", week: "a week" } as const;

/** "£14,560.00 a year from 1 April 2026 to 31 March 2027" */
function budgetWords(budget: Budget): string {
  const dates = budget.endsOn ? `from ${formatDate(budget.startsOn)} to ${formatDate(budget.endsOn)}` : `from ${formatDate(budget.startsOn)}, with no end date`;
  return `${formatPence(budget.option2Pence)} ${BUDGET_PERIOD_WORDS[budget.period]} ${dates}`;
}

/**
 * Why an agreement's dates fall outside the person's budget, per field; empty when they fit. A change to an agreement
 * in force keeps its start date (see `startChangeProblem`), so only its end date is checked.
 */
function budgetDatesProblems(db: Tx, person: Person, agreementId: string, dates: { startOn: string | null; endOn: string | null }): FieldErrors {
  const budget = currentBudget(db, person.id);
  if (!budget) return {};
  const problems: FieldErrors = {};
  const period = `${person.name}'s Option 2 budget is ${budgetWords(budget)}`;
  if (dates.startOn && dates.startOn < budget.startsOn && !inForceVersion(db, agreementId)) {
    problems.startOn = `The start date must be on or after ${formatDate(budget.startsOn)}: ${period}.`;
  }
  if (dates.endOn && budget.endsOn && dates.endOn > budget.endsOn) problems.endOn = `The end date must be on or before ${formatDate(budget.endsOn)}: ${period}.`;
  return problems;
}

/**
 * Why these dates and amount do not fit the person's Option 2 budget, or null: dates outside the budget's, or more
 * than its amount for the days (pro-rated by the day) together with every other agreement of the person that is
 * issued, waiting for approval, active or ending (at the larger of its approved and proposed amounts). The message
 * says by how much.
 */
export function budgetProblem(db: Tx, person: Person, agreementId: string, version: { startOn: string | null; endOn: string | null; isfPence: number }): string | null {
  const budget = currentBudget(db, person.id);
  if (!budget || budget.option2Pence === 0) return `${person.name} has no Option 2 budget. Their practitioner must record one first.`;
  const outside = Object.values(budgetDatesProblems(db, person, agreementId, version))[0];
  if (outside) return outside;
  const start = version.startOn ?? budget.startsOn;
  const end = version.endOn ?? start;
  const over = overdrawn(budget, [{ key: agreementId, start, end, pence: version.isfPence }, ...option2Draws(db, person.id, agreementId)]);
  if (!over) return null;
  const others = over.keys.filter((key) => key !== agreementId).length;
  const shared = others === 0 ? "" : ` with ${others === 1 ? "another agreement" : `${others} other agreements`}`;
  return (
    `The ISF amount${shared} comes to ${formatPence(over.drawnPence)} from ${formatDate(over.start)} to ${formatDate(over.end)}, which is ${formatPence(over.drawnPence - over.limitPence)} ` +
    `more than ${person.name}'s Option 2 budget allows for those dates: ${formatPence(over.limitPence)} (${budgetWords(budget)}).`
  );
}

/**
 * What is left of the person's Option 2 budget for this agreement's dates after their other agreements: the budget's
 * amount for those days (`limit`), and the most this agreement can take (`available`).
 */
export function option2Available(db: Tx, person: Person, agreementId: string, version: { startOn: string | null; endOn: string | null }) {
  const budget = currentBudget(db, person.id);
  if (!budget || budget.option2Pence === 0) return null;
  const start = version.startOn ?? budget.startsOn;
  const end = version.endOn ?? start;
  const limit = option2For(budget, start, end);
  const shown = { limit, start, end, budget: budgetWords(budget) };
  const problem = budgetProblem(db, person, agreementId, { ...version, isfPence: 0 });
  if (problem) return { ...shown, available: 0 };
  let low = 0;
  let high = limit;
  // The most this agreement could take: found by halving, since more for this one never makes room for the others.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (budgetProblem(db, person, agreementId, { ...version, isfPence: mid })) high = mid - 1;
    else low = mid;
  }
  return { ...shown, available: low };
}

/** The dates a new agreement starts from: today (or the budget's start, if later) to the budget's end, or for a year. */
function newAgreementDates(budget: Budget, today: IsoDate): { startOn: IsoDate; endOn: IsoDate } {
  const startOn = budget.startsOn > today ? budget.startsOn : today;
  const endOn = budget.endsOn && budget.endsOn > startOn ? budget.endsOn : addDays(addDays(startOn, 365), -1);
  return { startOn, endOn };
}

/**
 * For a supported person or representative browsing support, each person they act for today (within their authority
 * and dates: a representative who may only view included), to keep in view: the current budget and its split by
 * option, the outcomes in the person's own words, and, for those who may choose and sign, how much of the Option 2
 * amount a new agreement from today could still take after the agreements already drawing on it.
 */
export function budgetsInView(db: Tx, actor: Actor, today = todayIso()) {
  if (!isPersonUser(actor)) return [];
  return peopleActedFor(db, actor, today).map(({ id, name, self }) => {
    const budget = currentBudget(db, id);
    const current = budget !== null && !(budget.endsOn && budget.endsOn < today);
    const chooser = current && budget.option2Pence > 0 ? chooserAccess(db, actor, id, today) : null;
    const dates = chooser && budget ? newAgreementDates(budget, today) : null;
    return {
      personId: id,
      name,
      self,
      budget: budget && {
        amountPence: budget.amountPence,
        period: budget.period,
        startsOn: budget.startsOn,
        endsOn: budget.endsOn,
        ended: !current,
        options: ([1, 2, 3] as const).map((option) => ({ option, pence: budget[`option${option}Pence`] })).filter((o) => o.pence > 0),
      },
      option2: chooser && dates && { from: dates.startOn, to: dates.endOn, availablePence: option2Available(db, chooser.person, "", dates)?.available ?? 0 },
      outcomes: outcomesOf(db, id).map((o) => ({ id: o.id, outcome: o.outcome, ownWords: o.ownWords })),
    };
  });
}

/** True when the provider is admitted to this lot of one of the council's frameworks. */
function admittedToLot(db: Tx, organisationId: string, councilId: string, lotId: string): boolean {
  return Boolean(
    db
      .select({ lot: applicationLots.lotId })
      .from(applicationLots)
      .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
      .where(
        and(
          eq(applicationLots.lotId, lotId),
          eq(applicationLots.outcome, "admitted"),
          eq(providerApplications.organisationId, organisationId),
          eq(providerApplications.councilId, councilId),
          eq(providerApplications.status, "admitted"),
          frameworkInForce(providerApplications.frameworkId),
        ),
      )
      .get(),
  );
}

/** The providers a person of this council can choose: admitted, with the lots they are admitted to and any reason they are blocked. */
export function choosableProviders(db: Tx, councilId: string, today = todayIso()) {
  const rows = db
    .select({ organisationId: organisations.id, organisation: organisations.name, lotId: frameworkLots.id, lot: frameworkLots.name })
    .from(applicationLots)
    .innerJoin(providerApplications, eq(providerApplications.id, applicationLots.applicationId))
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .innerJoin(frameworkLots, eq(frameworkLots.id, applicationLots.lotId))
    .where(and(eq(providerApplications.councilId, councilId), eq(providerApplications.status, "admitted"), eq(applicationLots.outcome, "admitted"), frameworkInForce(providerApplications.frameworkId, today)))
    .orderBy(asc(organisations.name), asc(frameworkLots.position))
    .all();
  return rows.map((row) => ({ ...row, blocked: providerComplianceBlock(db, row.organisationId, councilId, today) }));
}

export type CostChoice = { id: string; offer: string; name: string; amountPence: number; unit: CostUnit; text: string };

/**
 * The cost options a plan line may use: those of the offer the agreement was started from, or, without one, those of
 * the provider's published offers under the agreement's lot; current today. Empty when there are none.
 */
export function costChoices(db: Tx, agreement: Pick<Agreement, "offerId" | "providerOrganisationId" | "lotId">, today = todayIso()): CostChoice[] {
  const rows = db
    .select({ option: offerCostOptions, offer: offers.title })
    .from(offerCostOptions)
    .innerJoin(offers, eq(offers.id, offerCostOptions.offerId))
    .where(
      and(
        eq(offers.organisationId, agreement.providerOrganisationId),
        eq(offers.lotId, agreement.lotId),
        agreement.offerId ? eq(offers.id, agreement.offerId) : eq(offers.status, "published"),
        or(isNull(offerCostOptions.validTo), sql`${offerCostOptions.validTo} >= ${today}`),
      ),
    )
    .orderBy(asc(offers.title), asc(offerCostOptions.position))
    .all();
  return rows.map(({ option, offer }) => {
    const name = `${offer}${option.label ? ` (${option.label})` : ""}`;
    return {
      id: option.id,
      offer,
      name,
      amountPence: option.amountPence,
      unit: option.unit,
      text: `${name}: ${formatPence(option.amountPence)} ${COST_UNIT_LABELS[option.unit]}${option.includes ? `, including ${option.includes.charAt(0).toLowerCase()}${option.includes.slice(1)}` : ""}`,
    };
  });
}

/**
 * True when the plan must use the offer's prices: the agreement was started from an offer that has current cost
 * options. Otherwise the provider's published prices are offered, and a cost option may still be described in words.
 */
export function onlyOfferPrices(agreement: Pick<Agreement, "offerId">, choices: CostChoice[]): boolean {
  return Boolean(agreement.offerId) && choices.length > 0;
}

/* ------------------------------------------------------------------------------------------------------------
 * Telling people.
 * ---------------------------------------------------------------------------------------------------------- */

/* ------------------------------------------------------------------------------------------------------------
 * Starting and drafting.
 * ---------------------------------------------------------------------------------------------------------- */

/** Two letters for a council's references: the first letter of its name and of its second half ("Clydevale" gives CV). */
function councilCode(name: string): string {
  const word = name.split(" ")[0] ?? "";
  return `${word[0] ?? "X"}${word.slice(Math.ceil(word.length / 2))[0] ?? "X"}`.toUpperCase();
}

function nextReference(db: Tx, councilId: string): string {
  const council = db.select({ name: councils.name }).from(councils).where(eq(councils.id, councilId)).get();
  const n = (db.select({ n: count() }).from(agreements).where(eq(agreements.councilId, councilId)).get()?.n ?? 0) + 1;
  return `${councilCode(council?.name ?? "")}-ISF-${String(n).padStart(6, "0")}`;
}

/** True when the offer is one the public can see, of this provider and under this lot: the only offers an agreement may start from. */
function offerOnShow(db: Tx, offerId: string, organisationId: string, lotId: string): boolean {
  return Boolean(
    db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.organisationId, organisationId), eq(offers.lotId, lotId), publiclyVisible()))
      .get(),
  );
}

export type StartInput = { personId: string; providerOrganisationId: string; lotId: string; offerId?: string | null };

/**
 * "Choose this provider": the person, a representative who may choose, or their practitioner starts an agreement
 * with an admitted provider that is not blocked, from one of its published offers under the lot or from none. The draft starts from the person's budget dates and outcomes.
 * Choosing the same provider and lot again returns the agreement already in progress.
 */
export function startAgreement(db: Db, actor: Actor, input: StartInput, now = new Date()): Agreement {
  const today = todayIso(now);
  return immediate(db, (tx) => {
    const { person } = requireChooser(tx, actor, input.personId, today);
    if (person.status === "closed") throw new RuleBroken("This person's record is closed");
    const budget = currentBudget(tx, person.id);
    if (!budget || budget.option2Pence === 0) throw new RuleBroken(`${person.name} has no Option 2 budget. Their practitioner must record one before a provider can be chosen.`);
    if (budget.endsOn && budget.endsOn < today) {
      throw new RuleBroken(`${person.name}'s budget ended on ${formatDate(budget.endsOn)}. Their practitioner must record the new one before a provider can be chosen.`);
    }
    if (!admittedToLot(tx, input.providerOrganisationId, person.councilId, input.lotId)) {
      throw new RuleBroken("This provider is not admitted to that part of the council's framework, so it cannot be chosen");
    }
    const blocked = providerComplianceBlock(tx, input.providerOrganisationId, person.councilId, today);
    if (blocked) throw new RuleBroken(`This provider cannot be chosen at the moment. ${blocked}`);
    if (input.offerId && !offerOnShow(tx, input.offerId, input.providerOrganisationId, input.lotId)) {
      throw new RuleBroken("That offer cannot be chosen: it is not one this provider publishes for this kind of support. Choose the provider from its published offer, or without an offer.");
    }
    const existing = tx
      .select()
      .from(agreements)
      .where(
        and(
          eq(agreements.personId, person.id),
          eq(agreements.providerOrganisationId, input.providerOrganisationId),
          eq(agreements.lotId, input.lotId),
          inArray(agreements.status, ["draft", "issued", "awaiting_approval"]),
        ),
      )
      .get();
    if (existing) return existing;

    const template = currentTemplate(tx, person.councilId);
    const agreement = tx
      .insert(agreements)
      .values({
        councilId: person.councilId,
        personId: person.id,
        providerOrganisationId: input.providerOrganisationId,
        lotId: input.lotId,
        offerId: input.offerId || null,
        reference: nextReference(tx, person.councilId),
        createdBy: actor.id,
        createdAt: now,
      })
      .returning()
      .get();
    const { startOn, endOn } = newAgreementDates(budget, today);
    const plan: DraftPlanLine[] = outcomesOf(tx, person.id).map((o) => ({
      personOutcomeId: o.id,
      outcomeId: o.outcomeId,
      support: "",
      quantity: "",
      costOption: "",
      ratePence: null,
      amountPence: 0,
    }));
    const halfway = addDays(startOn, 182);
    const draft = { startOn, endOn, reviewOn: halfway < endOn ? halfway : endOn };
    const available = option2Available(tx, person, agreement.id, draft)?.available ?? 0;
    tx.insert(agreementVersions)
      .values({ agreementId: agreement.id, number: 1, ...draft, isfPence: available, cadence: template.terms.defaultCadence, feeFunding: template.terms.feeFunding, plan, createdAt: now, updatedAt: now })
      .run();
    const provider = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, input.providerOrganisationId)).get()?.name ?? "";
    audit(tx, actor, agreement, "started", `${person.name} with ${provider}${input.offerId ? ` (offer ${input.offerId})` : ""}`, undefined, now);
    tellParties(tx, agreement, `${person.name} has chosen ${provider}: agreement ${agreement.reference} is ready to plan together`);
    return agreement;
  });
}

export type DraftInput = {
  startOn: IsoDate;
  endOn: IsoDate;
  reviewOn: IsoDate;
  isfPence: number;
  cadence: AgreementVersion["cadence"];
  feeKind: AgreementVersion["feeKind"];
  feeBasisPoints: number;
  feePence: number;
  contingencyPence: number;
  otherProvidersAllowed: boolean;
  plan: Omit<DraftPlanLine, "outcomeId">[];
  changeReason?: string;
};

/**
 * A variation keeps the start date of the version in force: the fund's period starts then (the ledger refuses to move
 * it) and its entries are dated from it. To start later, the agreement is ended and a new one made.
 */
function startChangeProblem(db: Tx, agreementId: string, startOn: string | null): string | null {
  const inForce = inForceVersion(db, agreementId);
  if (!inForce?.startOn || !startOn || inForce.startOn === startOn) return null;
  return `The start date cannot change once the agreement is in force: it started on ${formatDate(inForce.startOn)}. To start later, end this agreement and make a new one.`;
}

function draftProblems(db: Tx, agreement: Agreement, input: DraftInput, today: IsoDate): FieldErrors {
  const problems: FieldErrors = {};
  const startMoved = startChangeProblem(db, agreement.id, input.startOn);
  if (startMoved) problems.startOn = startMoved;
  if (input.endOn <= input.startOn) problems.endOn = "End date must be after the start date";
  const { person } = names(db, agreement);
  for (const [field, problem] of Object.entries(budgetDatesProblems(db, person, agreement.id, input))) problems[field] ??= problem;
  if (input.reviewOn < input.startOn || input.reviewOn > input.endOn) problems.reviewOn = "Review date must be between the start and end dates";
  const belowFund = fundProblem(db, agreement.id, input.isfPence, today);
  if (belowFund) problems.isfPence = belowFund;
  if (input.feeKind === "percent" && (input.feeBasisPoints <= 0 || input.feeBasisPoints > 2500)) problems.feeBasisPoints = "Enter a percentage fee between 0.01% and 25%";
  if (input.feeKind === "fixed" && input.feePence <= 0) problems.feePence = "Enter the fixed fee, more than £0";
  const outcomeIds = new Set(outcomesOf(db, agreement.personId).map((o) => o.id));
  input.plan.forEach((line, index) => {
    if (!outcomeIds.has(line.personOutcomeId)) problems[`plan-${index}-support`] = "This outcome is no longer in the person's support plan";
    else if (line.amountPence > 0 && !line.support) problems[`plan-${index}-support`] = "Describe the support this money pays for";
  });
  return problems;
}

/** Saves the draft. Refuses a plan that costs more than the ISF amount, saying by how much. */
export function updateDraft(db: Db, actor: Actor, agreementId: string, input: DraftInput, now = new Date()): void {
  const today = todayIso(now);
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    requireCoProducer(tx, actor, agreement, today);
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "edit");
    const problems = draftProblems(tx, agreement, input, today);
    const outcomes = new Map(outcomesOf(tx, agreement.personId).map((o) => [o.id, o.outcomeId]));
    const choices = costChoices(tx, agreement, today);
    const onlyChoices = onlyOfferPrices(agreement, choices);
    const plan: DraftPlanLine[] = input.plan.map((line, index) => {
      const planned = { ...line, outcomeId: outcomes.get(line.personOutcomeId) ?? "" };
      const choice = choices.find((c) => c.id === line.costOptionId);
      if (choice) return { ...planned, costOptionId: choice.id, costOption: choice.name, ratePence: choice.amountPence, unit: choice.unit };
      if (line.costOptionId) problems[`plan-${index}-costOptionId`] = "Select one of the provider's cost options";
      else if (onlyChoices && line.amountPence > 0) problems[`plan-${index}-costOptionId`] = "Select the cost option for this support";
      return onlyChoices ? { ...planned, costOptionId: null, costOption: "", ratePence: null, unit: null } : { ...planned, costOptionId: null, unit: null };
    });
    const values = {
      startOn: input.startOn,
      endOn: input.endOn,
      reviewOn: input.reviewOn,
      isfPence: input.isfPence,
      cadence: input.cadence,
      feeKind: input.feeKind,
      feeBasisPoints: input.feeKind === "percent" ? input.feeBasisPoints : 0,
      feePence: input.feeKind === "fixed" ? input.feePence : 0,
      contingencyPence: input.contingencyPence,
      otherProvidersAllowed: input.otherProvidersAllowed,
      plan,
      changeReason: input.changeReason ?? version.changeReason,
    };
    const { feeFunding } = withFeeFunding(tx, agreement, version);
    const overPlan = planProblem({ ...values, feeFunding });
    if (overPlan) problems.isfPence ??= overPlan;
    const first = Object.values(problems)[0];
    if (first) throw new RuleBroken(first, problems);
    tx.update(agreementVersions).set({ ...values, feeFunding, updatedAt: now }).where(eq(agreementVersions.id, version.id)).run();
    audit(tx, actor, agreement, "draft_saved", `Version ${version.number}: ISF ${formatPence(input.isfPence)}, plan ${formatPence(moneyOf({ ...values, feeFunding }).planned)}`, undefined, now);
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Issuing, signing, declining.
 * ---------------------------------------------------------------------------------------------------------- */

function names(db: Tx, agreement: Agreement) {
  const person = db.select().from(people).where(eq(people.id, agreement.personId)).get()!;
  const provider = db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, agreement.providerOrganisationId)).get()?.name ?? "";
  const council = db.select({ name: councils.name }).from(councils).where(eq(councils.id, agreement.councilId)).get()?.name ?? "";
  const lot = db.select().from(frameworkLots).where(eq(frameworkLots.id, agreement.lotId)).get()!;
  return { person, provider, council, lot };
}

/** A representative's authority to sign for the person, in words: basis, document, what they may do and their dates. */
function representativeAuthority(rep: typeof representatives.$inferSelect, person: Person): string {
  const dates = `from ${formatDate(rep.startsOn)}${rep.endsOn ? ` to ${formatDate(rep.endsOn)}` : ""}`;
  return `${rep.basis}${rep.documentReference ? `, ${rep.documentReference}` : ""}; authority to ${rep.authority === "manage" ? "manage" : "choose and sign"} for ${person.name} ${dates}`;
}

/**
 * Everyone who may sign for the person: the person themself, and every representative with authority to choose and
 * sign (or manage) in force today, with their authority. A version issued today names them, and only they may sign it
 * for the person; whoever of them signs is recorded on the signature page.
 */
function personSignatories(db: Tx, person: Person, today: IsoDate): PersonSignatory[] {
  const reps = db
    .select()
    .from(representatives)
    .where(
      and(
        eq(representatives.personId, person.id),
        inArray(representatives.authority, ["choose", "manage"]),
        sql`${representatives.startsOn} <= ${today}`,
        or(isNull(representatives.endsOn), sql`${representatives.endsOn} >= ${today}`),
      ),
    )
    .orderBy(asc(representatives.startsOn), asc(representatives.name))
    .all();
  return [
    { name: person.name, authority: "The supported person, signing for themselves" },
    ...reps.map((rep) => ({ name: rep.name, authority: representativeAuthority(rep, person), representativeId: rep.id })),
  ];
}

/**
 * Why the actor, signing for the person, may not sign this issued version, or null when they may. The person always
 * may; a representative (whose authority is in force today, as `requireParty` checks) only if the version names them:
 * their authority to choose and sign was in force on the day it was issued. Versions issued before signatories were
 * named by record go by name, and those issued before they were listed at all by the dates of the authority.
 */
function unnamedSignatoryProblem(db: Tx, actor: Actor, agreement: Agreement, version: AgreementVersion, today: IsoDate): string | null {
  const access = personAccess(db, actor, agreement.personId, "choose", today);
  if (access?.via !== "representative" || !version.issuedAt) return null;
  const rep = db.select().from(representatives).where(eq(representatives.id, access.representativeId ?? "")).get()!;
  const issuedOn = todayIso(version.issuedAt);
  const named = version.content?.personSignatories;
  const listed = named ? named.slice(1).some((s) => (s.representativeId ? s.representativeId === rep.id : s.name === rep.name)) : rep.startsOn <= issuedOn;
  if (listed) return null;
  return `Version ${version.number} was issued on ${formatDate(issuedOn)} and does not name you among those who may sign for ${access.person.name}: your authority to choose and sign was not in force that day. Decline it with a reason, and it can be issued again naming you.`;
}

/** The unit a plan line's rate is per: its cost option's unit, or the lot's guide-rate unit ("per hour"). */
function unitOf(line: Pick<DraftPlanLine, "unit">, lot: { guideRateUnit: string }): string {
  return line.unit ? COST_UNIT_LABELS[line.unit] : lot.guideRateUnit;
}

/**
 * A version's version of the money: while a draft, the management fee is funded as the council's template says
 * today (the page, the checks and the wording all follow it); once issued, as the version froze it.
 */
function withFeeFunding<V extends AgreementVersion>(db: Tx, agreement: Agreement, version: V): V {
  if (version.status !== "draft") return version;
  return { ...version, feeFunding: currentTemplate(db, agreement.councilId).terms.feeFunding };
}

/** The content of a draft version, worded from the council's current template. */
export function composeContent(db: Tx, agreement: Agreement, version: AgreementVersion, today = todayIso()): { content: AgreementContent; templateVersion: number } {
  const { person, provider, council, lot } = names(db, agreement);
  const template = currentTemplate(db, agreement.councilId);
  const outcomes = new Map(outcomesOf(db, person.id).map((o) => [o.id, o]));
  const fee = feeOf(withFeeFunding(db, agreement, version));
  const signatories = personSignatories(db, person, today);
  const content = wordAgreement(
    {
      reference: agreement.reference,
      version: version.number,
      templateVersion: template.version,
      council,
      provider,
      person: person.name,
      personSignatory: signatories.map((s, i) => (i === 0 ? s.name : `${s.name} for ${person.name}`)).join(" or "),
      personSignatories: signatories,
      frameworkTerms: template.terms.frameworkTermsName,
      start: version.startOn ?? "",
      end: version.endOn ?? "",
      review: version.reviewOn ?? "",
      isfPence: version.isfPence,
      cadence: version.cadence,
      fee,
      contingencyPence: version.contingencyPence,
      otherProvidersAllowed: version.otherProvidersAllowed,
      plan: version.plan
        .filter((line) => line.amountPence > 0)
        .map((line) => ({
          outcome: outcomes.get(line.personOutcomeId)?.outcome ?? "",
          ownWords: outcomes.get(line.personOutcomeId)?.ownWords ?? "",
          support: line.support,
          quantity: line.quantity,
          costOption: [line.costOption, line.ratePence !== null ? `${formatPence(line.ratePence)} ${unitOf(line, lot)}`.trim() : ""].filter(Boolean).join(", "),
          amountPence: line.amountPence,
        })),
      terms: {
        noticeDays: template.terms.noticeDays,
        paymentDays: template.terms.paymentDays,
        statementWeeks: template.terms.statementWeeks,
        surplusWeeks: template.terms.surplusWeeks,
        surplusHeldWeeks: template.terms.surplusHeldWeeks,
      },
    },
    { clauses: template.clauses, easyRead: template.easyReadClauses },
  );
  return { content, templateVersion: template.version };
}

/** Nothing is issued, signed or approved for a person whose record is closed. */
function closedRecordProblem(person: Person): string | null {
  return person.status === "closed" ? `${person.name}'s record is closed, so this agreement cannot be issued, signed or approved.` : null;
}

/** What stops this version being issued or approved, as messages; empty when nothing does. */
export function readinessProblems(db: Tx, agreement: Agreement, version: AgreementVersion, today = todayIso()): string[] {
  const problems: string[] = [];
  const { person } = names(db, agreement);
  const closed = closedRecordProblem(person);
  if (closed) problems.push(closed);
  if (!version.startOn || !version.endOn || !version.reviewOn) problems.push("Enter the start, end and review dates");
  const startMoved = startChangeProblem(db, agreement.id, version.startOn);
  if (startMoved) problems.push(startMoved);
  if (version.isfPence <= 0) problems.push("Enter the ISF amount");
  if (!version.plan.some((line) => line.amountPence > 0)) problems.push("Set aside money for at least one outcome in the plan");
  const overPlan = planProblem(withFeeFunding(db, agreement, version));
  if (overPlan) problems.push(overPlan);
  const overBudget = budgetProblem(db, person, agreement.id, version);
  if (overBudget) problems.push(overBudget);
  const belowFund = fundProblem(db, agreement.id, version.isfPence, today);
  if (belowFund) problems.push(belowFund);
  const blocked = providerComplianceBlock(db, agreement.providerOrganisationId, agreement.councilId, today);
  if (blocked) problems.push(`The provider cannot enter agreements at the moment. ${blocked}`);
  return problems;
}

/** Freezes the draft as version N with its fingerprint and sends it to the three parties to sign. */
export function issueForSignature(db: Db, actor: Actor, agreementId: string, now = new Date()): { fingerprint: string } {
  const today = todayIso(now);
  return immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    requireCoProducer(tx, actor, agreement, today);
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "issue");
    const problems = readinessProblems(tx, agreement, version, today);
    if (problems.length > 0) throw new RuleBroken(problems[0]!);
    const { content, templateVersion } = composeContent(tx, agreement, version, today);
    const fingerprint = fingerprintOf(content);
    const { feeFunding } = withFeeFunding(tx, agreement, version);
    tx.update(agreementVersions)
      .set({ status: VERSION_TRANSITIONS.issue.to, content, fingerprint, templateVersion, feeFunding, issuedAt: now, updatedAt: now, issuedBy: actor.id })
      .where(eq(agreementVersions.id, version.id))
      .run();
    if (!inForceVersion(tx, agreement.id)) tx.update(agreements).set({ status: "issued" }).where(eq(agreements.id, agreement.id)).run();
    audit(tx, actor, agreement, "issued", `Version ${version.number} issued for signature; fingerprint ${fingerprint}`, undefined, now);
    tellParties(tx, agreement, `Agreement ${agreement.reference} version ${version.number} is ready to read and sign`, undefined, councilSignerIds(tx, agreement));
    return { fingerprint };
  });
}

/** Council officers who may sign: the person's practitioner is told through the parties; commissioners also. */
function councilSignerIds(db: Tx, agreement: Agreement): string[] {
  return commissionerIds(db, agreement.councilId);
}

export type SignInput = { fingerprint: string; name: string };

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();

/** The role and authority a signature records for this party. */
function signingAuthority(db: Tx, actor: Actor, agreement: Agreement, party: Party, today: IsoDate): { role: string; authority: string } {
  const { person, provider, council } = names(db, agreement);
  if (party === "provider") return { role: ROLE_LABELS[actor.role], authority: `Authorised administrator of ${provider}` };
  if (party === "council") return { role: ROLE_LABELS[actor.role], authority: `Officer of ${council}` };
  const access = personAccess(db, actor, person.id, "choose", today)!;
  if (access.via === "self") return { role: "Supported person", authority: `${person.name}, signing for themselves` };
  const rep = db.select().from(representatives).where(eq(representatives.id, access.representativeId ?? "")).get()!;
  return { role: `Representative${rep.relationship ? ` (${rep.relationship.toLowerCase()})` : ""}`, authority: representativeAuthority(rep, person) };
}

/**
 * Signs the issued version for the actor's party. The form carries the fingerprint of the version the signer read:
 * if the version has changed since, nothing is signed. The typed name must be the signer's full name.
 */
export function signVersion(db: Db, actor: Actor, agreementId: string, input: SignInput, meta: RequestMeta, now = new Date()): { complete: boolean } {
  const today = todayIso(now);
  return immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    const party = requireParty(tx, actor, agreement, today);
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "sign");
    if (input.fingerprint !== version.fingerprint) {
      throw new RuleBroken("This agreement has changed since you opened it. Read the current version and sign that.");
    }
    const closed = closedRecordProblem(names(tx, agreement).person);
    if (closed) throw new RuleBroken(closed);
    const unnamed = party === "person" ? unnamedSignatoryProblem(tx, actor, agreement, version, today) : null;
    if (unnamed) throw new Forbidden(unnamed);
    if (!sameName(input.name, actor.name)) throw new RuleBroken(`Type your full name as it is on your account: ${actor.name}`, { name: `Type your full name as it is on your account: ${actor.name}` });
    const already = tx.select({ id: agreementSignatures.id }).from(agreementSignatures).where(and(eq(agreementSignatures.versionId, version.id), eq(agreementSignatures.party, party))).get();
    if (already) throw new Conflict(`${PARTY_LABELS[party]} has already signed this version`);
    const { role, authority } = signingAuthority(tx, actor, agreement, party, today);
    tx.insert(agreementSignatures)
      .values({ agreementId: agreement.id, versionId: version.id, party, userId: actor.id, name: input.name.trim(), role, authority, fingerprint: version.fingerprint!, ipAddress: meta.ipAddress, userAgent: meta.userAgent.slice(0, 500), signedAt: now })
      .run();
    audit(tx, actor, agreement, "signed", `${PARTY_LABELS[party]} signed version ${version.number} (${role}; ${authority})`, meta.ipAddress, now);
    const signed = tx.select({ party: agreementSignatures.party }).from(agreementSignatures).where(eq(agreementSignatures.versionId, version.id)).all();
    const complete = signed.length === 3;
    if (complete) {
      tx.update(agreementVersions).set({ status: "awaiting_approval" }).where(eq(agreementVersions.id, version.id)).run();
      if (!inForceVersion(tx, agreement.id)) tx.update(agreements).set({ status: "awaiting_approval" }).where(eq(agreements.id, agreement.id)).run();
      audit(tx, null, agreement, "awaiting_approval", `Version ${version.number} signed by all three parties`, undefined, now);
      notify(tx, { userIds: commissionerIds(tx, agreement.councilId), message: `Agreement ${agreement.reference} version ${version.number} is signed and waiting for approval`, link: `${agreementPath(agreement.id)}/approve` });
      tellParties(tx, agreement, `Agreement ${agreement.reference} is signed by everyone and has gone to the council for approval`);
    } else {
      tellParties(tx, agreement, `${PARTY_LABELS[party]} has signed agreement ${agreement.reference} version ${version.number}`);
    }
    return { complete };
  });
}

/** Withdraws the version (declined or returned) and opens a new draft from it, so the history and signatures stay as they were. */
function withdrawToDraft(tx: Tx, agreement: Agreement, version: AgreementVersion): AgreementVersion {
  tx.update(agreementVersions).set({ status: "withdrawn" }).where(eq(agreementVersions.id, version.id)).run();
  const { id: _id, number, status: _s, content: _c, fingerprint: _f, templateVersion: _t, issuedAt: _i, issuedBy: _b, approvedAt: _a, createdAt: _cr, updatedAt: _u, ...fields } = version;
  const draft = tx
    .insert(agreementVersions)
    .values({ ...fields, number: number + 1, status: "draft" })
    .returning()
    .get();
  if (!inForceVersion(tx, agreement.id)) tx.update(agreements).set({ status: "draft" }).where(eq(agreements.id, agreement.id)).run();
  return draft;
}

export type ReasonInput = { fingerprint: string; reason: string };

/** Any party may decline to sign, with a reason: the agreement goes back to draft for the parties to change. */
export function declineVersion(db: Db, actor: Actor, agreementId: string, input: ReasonInput, meta: RequestMeta, today = todayIso()): void {
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    const party = requireParty(tx, actor, agreement, today);
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "decline");
    if (input.fingerprint !== version.fingerprint) throw new RuleBroken("This agreement has changed since you opened it. Read the current version first.");
    tx.insert(agreementDecisions)
      .values({ agreementId: agreement.id, versionId: version.id, kind: "declined", party, userId: actor.id, name: actor.name, reason: input.reason, fingerprint: version.fingerprint!, ipAddress: meta.ipAddress })
      .run();
    const draft = withdrawToDraft(tx, agreement, version);
    audit(tx, actor, agreement, "declined", `${PARTY_LABELS[party]} declined version ${version.number}: ${input.reason}. Version ${draft.number} opened as a draft`, meta.ipAddress);
    tellParties(tx, agreement, `${actor.name} declined to sign agreement ${agreement.reference}: it is back in draft`, `Their reason: ${input.reason}`);
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Approval.
 * ---------------------------------------------------------------------------------------------------------- */

/** What the commissioning team weighs before approving: the budget, the provider's compliance, the rates against the lot's guide rates. */
export function approvalReview(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  if (!can(actor, "agreement.approve", { councilId: agreement.councilId })) throw new Forbidden("Only the commissioning team approves agreements");
  const version = workingVersion(db, agreement.id);
  const { person, lot } = names(db, agreement);
  const budget = currentBudget(db, person.id);
  const rates = (version?.plan ?? [])
    .filter((line) => line.amountPence > 0)
    .map((line) => {
      const low = lot.guideRateMinPence;
      const high = lot.guideRateMaxPence;
      const rate = line.ratePence;
      const unit = unitOf(line, lot);
      const flag =
        rate === null
          ? "No rate given"
          : lot.guideRateUnit && unit !== lot.guideRateUnit
            ? `Priced ${unit}: the guide rate is ${lot.guideRateUnit}`
            : low !== null && rate < low
              ? "Below the guide rate"
              : high !== null && rate > high
                ? "Above the guide rate"
                : null;
      return { support: line.support, costOption: line.costOption, ratePence: rate, unit, flag };
    });
  return {
    agreement,
    version,
    lot: { name: lot.name, min: lot.guideRateMinPence, max: lot.guideRateMaxPence, unit: lot.guideRateUnit },
    budget: budget ? { option2Pence: budget.option2Pence, period: budget.period, startsOn: budget.startsOn, endsOn: budget.endsOn } : null,
    budgetProblem: version ? budgetProblem(db, person, agreement.id, version) : null,
    fund: version ? fundCheck(db, agreement.id, version.isfPence, today) : null,
    compliance: providerComplianceBlock(db, agreement.providerOrganisationId, agreement.councilId, today),
    rates,
  };
}

/** Told to the commissioning team when money has left the fund since a version cutting its ISF amount was signed. */
const RETURN_TO_CHANGE_AMOUNT = "Return this version with your reasons, so the parties can change the ISF amount and sign it again.";

/**
 * For the approval review of a change to an agreement in force: whether its ISF amount still covers what the fund
 * has paid or committed since the version was issued. Null when there is no fund yet.
 */
function fundCheck(db: Tx, agreementId: string, isfPence: number, today: IsoDate) {
  const floor = fundFloor(db, agreementId, today);
  if (!floor) return null;
  return { paidOrCommitted: floor.paidOrCommitted, problem: isfPence < floor.least ? `${fundFloorWords(floor)} ${RETURN_TO_CHANGE_AMOUNT}` : null };
}

/**
 * The commissioning team approves the signed version: it comes into force (replacing any earlier version), and the
 * ISF account opens with the ISF amount (or, for a variation, its amount, end date and contingency reach the account),
 * all or nothing.
 */
export async function approveVersion(db: Db, actor: Actor, agreementId: string, input: { fingerprint: string }, meta: RequestMeta, now = new Date()): Promise<void> {
  const today = todayIso(now);
  const approvedAt = now;
  const files = await approvedFiles(db, actor, agreementId, input.fingerprint, approvedAt);
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    if (!can(actor, "agreement.approve", { councilId: agreement.councilId })) throw new Forbidden("Only the commissioning team approves agreements");
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "approve");
    if (input.fingerprint !== version.fingerprint) throw new RuleBroken("This agreement has changed since you opened it. Read the current version first.");
    const blocked = providerComplianceBlock(tx, agreement.providerOrganisationId, agreement.councilId, today);
    if (blocked) throw new RuleBroken(`This agreement cannot be approved while the provider is blocked. ${blocked}`);
    const { person } = names(tx, agreement);
    const overBudget = closedRecordProblem(person) ?? budgetProblem(tx, person, agreement.id, version) ?? planProblem(version);
    if (overBudget) throw new RuleBroken(overBudget);
    const startMoved = startChangeProblem(tx, agreement.id, version.startOn);
    if (startMoved) throw new RuleBroken(startMoved);
    const belowFund = fundProblem(tx, agreement.id, version.isfPence, today);
    if (belowFund) throw new RuleBroken(`${belowFund} ${RETURN_TO_CHANGE_AMOUNT}`);
    const previous = inForceVersion(tx, agreement.id);
    tx.insert(agreementDecisions)
      .values({ agreementId: agreement.id, versionId: version.id, kind: "approved", party: "council", userId: actor.id, name: actor.name, fingerprint: version.fingerprint!, ipAddress: meta.ipAddress, decidedAt: approvedAt })
      .run();
    if (previous) tx.update(agreementVersions).set({ status: "superseded" }).where(eq(agreementVersions.id, previous.id)).run();
    tx.update(agreementVersions).set({ status: "approved", approvedAt }).where(eq(agreementVersions.id, version.id)).run();
    tx.update(agreements).set({ status: agreement.status === "ending" ? "ending" : "active" }).where(eq(agreements.id, agreement.id)).run();
    const terms = termsOf(tx, agreement, version);
    const account = tx.select().from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get();
    if (!account) {
      openAccount(
        tx,
        {
          councilId: agreement.councilId,
          agreementId: agreement.id,
          personId: agreement.personId,
          providerOrganisationId: agreement.providerOrganisationId,
          periodStart: version.startOn!,
          periodEnd: version.endOn!,
          openingAmount: version.isfPence,
          contingencyAllowed: version.contingencyPence,
          surplusWeeksWorth: terms.surplusWeeks,
          surplusHeldForWeeks: terms.surplusHeldWeeks,
          contributionFirst: terms.contributionFirst,
        },
        actor,
      );
    } else {
      varyAccount(tx, account, previous, version, today, actor);
    }
    audit(tx, actor, agreement, "approved", `Version ${version.number} approved; fingerprint ${version.fingerprint}`, meta.ipAddress, now);
    const starts = version.startOn! > today ? ` It starts on ${formatDate(version.startOn!)}.` : "";
    const message = `Agreement ${agreement.reference} version ${version.number} is approved`;
    const download = `You can also download it: ${serviceLink(`${agreementPath(agreement.id)}/pdf`)}${starts}`;
    const personSide = new Set(personSideUserIds(tx, agreement));
    const everyone = [...partyUserIds(tx, agreement), ...commissionerIds(tx, agreement.councilId)];
    const link = agreementPath(agreement.id);
    const signed = files?.versionId === version.id ? [files.signed] : [];
    const easyRead = files?.versionId === version.id ? [files.easyRead] : [];
    notify(tx, {
      userIds: everyone.filter((id) => personSide.has(id)),
      message,
      link,
      body: `The signed agreement, with its signature page, and its Easy Read summary are attached. ${download}`,
      attachments: [...signed, ...easyRead],
    });
    notify(tx, { userIds: everyone.filter((id) => !personSide.has(id)), message, link, body: `The signed agreement, with its signature page, is attached. ${download}`, attachments: signed });
  });
}

/**
 * The signed agreement (with its signature page and the approval about to be given) and its Easy Read summary, for
 * the approval email. Drawn before the approval's transaction, since drawing a PDF takes a moment; the transaction
 * checks the version again, so null here (a version that cannot be approved) only means the transaction will refuse.
 */
async function approvedFiles(db: Db, actor: Actor, agreementId: string, fingerprint: string, approvedAt: Date) {
  const agreement = findAgreement(db, actor, agreementId);
  const version = workingVersion(db, agreement.id);
  if (!version?.content || version.status !== "awaiting_approval" || version.fingerprint !== fingerprint) return null;
  const approval: Approval = { name: actor.name, approvedAt: approvedAt.toISOString(), fingerprint };
  const [signed, easyRead] = await Promise.all([agreementPdf(version.content, fingerprint, { signatures: signaturePage(db, version.id), approval }), easyReadPdf(version.content)]);
  return {
    versionId: version.id,
    signed: { filename: `${agreement.reference}-v${version.number}-signed.pdf`, contentType: "application/pdf", content: signed },
    easyRead: { filename: `${agreement.reference}-v${version.number}-easy-read.pdf`, contentType: "application/pdf", content: easyRead },
  };
}

/**
 * A variation's approval carries its money terms to the ISF account: a change of amount is posted as a budget
 * variation, and a new end date or contingency replaces the account's. The start never changes (see
 * `startChangeProblem`).
 */
function varyAccount(tx: Tx, account: typeof isfAccounts.$inferSelect, previous: AgreementVersion | null, version: AgreementVersion, today: IsoDate, actor: Actor): void {
  if (previous && previous.isfPence !== version.isfPence) {
    postEntries(
      tx,
      [
        {
          accountId: account.id,
          kind: "budget_variation",
          amount: version.isfPence - previous.isfPence,
          entryDate: today,
          reference: `agreement-version-${version.number}`,
          description: `Agreement varied: version ${version.number}`,
          reason: version.changeReason || `Version ${version.number} approved`,
        },
      ],
      actor,
    );
  }
  const periodEnd = version.endOn ?? account.periodEnd;
  if (periodEnd === account.periodEnd && version.contingencyPence === account.contingencyAllowed) return;
  tx.update(isfAccounts).set({ periodEnd, contingencyAllowed: version.contingencyPence }).where(eq(isfAccounts.id, account.id)).run();
  recordAudit(tx, {
    actor,
    councilId: account.councilId,
    action: "isf_account.terms_varied",
    subjectType: "isf_account",
    subjectId: account.id,
    detail: `Version ${version.number}: period ends ${periodEnd} (was ${account.periodEnd}), contingency ${formatPence(version.contingencyPence)} (was ${formatPence(account.contingencyAllowed)})`,
  });
}

/** The commissioning team returns the signed version with reasons: it goes back to draft. */
export function returnVersion(db: Db, actor: Actor, agreementId: string, input: ReasonInput, meta: RequestMeta): void {
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    if (!can(actor, "agreement.approve", { councilId: agreement.councilId })) throw new Forbidden("Only the commissioning team returns agreements");
    const version = requireWorking(tx, agreement.id);
    requireVersionState(version, "return");
    if (input.fingerprint !== version.fingerprint) throw new RuleBroken("This agreement has changed since you opened it. Read the current version first.");
    tx.insert(agreementDecisions)
      .values({ agreementId: agreement.id, versionId: version.id, kind: "returned", party: "council", userId: actor.id, name: actor.name, reason: input.reason, fingerprint: version.fingerprint!, ipAddress: meta.ipAddress })
      .run();
    const draft = withdrawToDraft(tx, agreement, version);
    audit(tx, actor, agreement, "returned", `Version ${version.number} returned: ${input.reason}. Version ${draft.number} opened as a draft`, meta.ipAddress);
    tellParties(tx, agreement, `The council returned agreement ${agreement.reference}: it is back in draft`, `The reasons: ${input.reason}`);
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Variations, notice and ending.
 * ---------------------------------------------------------------------------------------------------------- */

/** Starts a variation: version N+1 as a draft copied from the version in force, which stays in force until the variation is approved. */
export function startVariation(db: Db, actor: Actor, agreementId: string, reason: string, today = todayIso()): void {
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    requireCoProducer(tx, actor, agreement, today);
    if (!agreementAllows(agreement.status, "vary")) throw new Conflict("Only an active agreement can be varied");
    if (workingVersion(tx, agreement.id)) throw new Conflict("A variation of this agreement is already in progress");
    const current = inForceVersion(tx, agreement.id)!;
    const latest = versionsOf(tx, agreement.id)[0]!;
    const { id: _id, number: _n, status: _s, content: _c, fingerprint: _f, templateVersion: _t, issuedAt: _i, issuedBy: _b, approvedAt: _a, createdAt: _cr, updatedAt: _u, ...fields } = current;
    tx.insert(agreementVersions)
      .values({ ...fields, number: latest.number + 1, status: "draft", changeReason: reason })
      .run();
    audit(tx, actor, agreement, "variation_started", `Version ${latest.number + 1}: ${reason}`);
    tellParties(tx, agreement, `A change to agreement ${agreement.reference} has been started`, `The reason: ${reason}. The current agreement stays in force until the change is signed and approved.`);
  });
}

export type NoticeInput = { endsOn: IsoDate; reason: string; safeguarding: boolean };

/**
 * The terms a version was signed on: those frozen in its content (notice, payment, statements, surplus rule), and the
 * rest of the template version it was worded from. A draft's are today's template's. Later template changes never
 * reach an agreement already issued.
 */
export function termsOf(db: Tx, agreement: Agreement, version: AgreementVersion): TemplateTerms {
  if (!version.content || version.templateVersion === null) return currentTemplate(db, agreement.councilId).terms;
  return { ...templateVersion(db, agreement.councilId, version.templateVersion).terms, ...version.content.terms };
}

/** The notice period of the version in force, in days. */
function noticeDaysOf(db: Tx, agreement: Agreement): number {
  const version = inForceVersion(db, agreement.id);
  return version ? termsOf(db, agreement, version).noticeDays : currentTemplate(db, agreement.councilId).terms.noticeDays;
}

/** The earliest date notice given today can end the agreement: the notice period of the agreement the parties signed. */
export function earliestEnd(db: Tx, agreement: Agreement, today = todayIso()): IsoDate {
  return addDays(today, noticeDaysOf(db, agreement));
}

/** What giving notice did: notice to end on a date, an immediate end for safeguarding, or a request for one. */
export type NoticeOutcome = "notice" | "ended" | "requested";

/**
 * Any party gives notice with a reason and an end date that respects the signed notice period. Ending at once for
 * safeguarding needs the commissioning team: a commissioner ends it today; anyone else's safeguarding notice is a
 * request that goes to the commissioning team to decide (`decideSafeguardingEnd`).
 */
export function giveNotice(db: Db, actor: Actor, agreementId: string, input: NoticeInput, today = todayIso()): NoticeOutcome {
  return immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    requireParty(tx, actor, agreement, today);
    if (!agreementAllows(agreement.status, "giveNotice")) throw new Conflict("Notice can be given only on an active agreement");
    const version = inForceVersion(tx, agreement.id)!;
    let endsOn = input.endsOn;
    if (input.safeguarding) {
      if (!can(actor, "agreement.approve", { councilId: agreement.councilId })) {
        requestSafeguardingEnd(tx, actor, agreement, input.reason);
        return "requested";
      }
      endsOn = today;
    } else {
      const earliest = earliestEnd(tx, agreement, today);
      if (endsOn < earliest) throw new RuleBroken(`The notice period is ${daysBetween(today, earliest)} days: the earliest end date is ${formatDate(earliest)}`, { endsOn: `The earliest end date is ${formatDate(earliest)}` });
      if (version.endOn && endsOn > version.endOn) throw new RuleBroken(`The agreement already ends on ${formatDate(version.endOn)}`, { endsOn: `The end date must be on or before ${formatDate(version.endOn)}` });
    }
    tx.update(agreements)
      .set({ status: "ending", noticeGivenAt: new Date(), noticeGivenBy: actor.id, noticeReason: input.reason, noticeEndsOn: endsOn, safeguarding: input.safeguarding })
      .where(eq(agreements.id, agreement.id))
      .run();
    audit(tx, actor, agreement, "notice_given", `${input.safeguarding ? "Ended at once for safeguarding" : `Ends on ${endsOn}`}: ${input.reason}`);
    tellParties(tx, agreement, `Notice has been given to end agreement ${agreement.reference} on ${formatDate(endsOn)}`, `The reason: ${input.reason}`);
    if (!input.safeguarding) return "notice";
    endAgreement(tx, { ...agreement, status: "ending", noticeEndsOn: endsOn }, today, actor);
    return "ended";
  });
}

/** The person's side or the provider asks the commissioning team to end the agreement today for safeguarding. */
function requestSafeguardingEnd(tx: Tx, actor: Actor, agreement: Agreement, reason: string): void {
  if (agreement.safeguardingRequestedAt) throw new Conflict("A request to end this agreement for safeguarding is already with the commissioning team.");
  tx.update(agreements).set({ safeguardingRequestedAt: new Date(), safeguardingRequestedBy: actor.id, safeguardingRequestReason: reason }).where(eq(agreements.id, agreement.id)).run();
  audit(tx, actor, agreement, "safeguarding_end_requested", reason);
  const practitioner = tx.select({ id: people.practitionerId }).from(people).where(eq(people.id, agreement.personId)).get()?.id;
  notify(tx, {
    userIds: [...commissionerIds(tx, agreement.councilId), ...(practitioner ? [practitioner] : [])],
    message: `${actor.name} asks for agreement ${agreement.reference} to end today for safeguarding`,
    body: `Their reason: ${reason}\n\nThe commissioning team decides on the agreement's page.`,
    link: agreementPath(agreement.id),
  });
}

/** A request to end the agreement at once for safeguarding, waiting for the commissioning team: who asked, when, why. */
export function safeguardingRequestOf(db: Tx, agreement: Agreement) {
  if (!agreement.safeguardingRequestedAt) return null;
  const by = db.select({ name: users.name }).from(users).where(eq(users.id, agreement.safeguardingRequestedBy ?? "")).get()?.name ?? "";
  return { by, at: agreement.safeguardingRequestedAt, reason: agreement.safeguardingRequestReason ?? "" };
}

export type SafeguardingDecision = { end: boolean; reason: string };

/**
 * The commissioning team decides a request to end the agreement at once for safeguarding: it ends today (its fund
 * closes), or it carries on, with the reason, which the person who asked is told.
 */
export function decideSafeguardingEnd(db: Db, actor: Actor, agreementId: string, decision: SafeguardingDecision, today = todayIso()): void {
  immediate(db, (tx) => {
    const agreement = findAgreement(tx, actor, agreementId);
    if (!can(actor, "agreement.approve", { councilId: agreement.councilId })) throw new Forbidden("Only the commissioning team decides on ending an agreement for safeguarding");
    const request = safeguardingRequestOf(tx, agreement);
    if (!request) throw new Conflict("There is no request to end this agreement for safeguarding.");
    if (!decision.end && !decision.reason) throw new RuleBroken("Enter why the agreement carries on", { decisionReason: "Enter why the agreement carries on" });
    const cleared = { safeguardingRequestedAt: null, safeguardingRequestedBy: null, safeguardingRequestReason: null };
    if (!decision.end) {
      tx.update(agreements).set(cleared).where(eq(agreements.id, agreement.id)).run();
      audit(tx, actor, agreement, "safeguarding_end_refused", `Request by ${request.by} not agreed: ${decision.reason}`);
      notify(tx, {
        userIds: [agreement.safeguardingRequestedBy ?? ""],
        message: `The commissioning team has not ended agreement ${agreement.reference} for safeguarding`,
        body: `Their reason: ${decision.reason}`,
        link: agreementPath(agreement.id),
      });
      return;
    }
    if (!agreementAllows(agreement.status, "end")) throw new Conflict("This agreement has already ended.");
    const reason = `${request.reason}${decision.reason ? ` (${decision.reason})` : ""}`;
    tx.update(agreements)
      .set({ ...cleared, status: "ending", noticeGivenAt: new Date(), noticeGivenBy: actor.id, noticeReason: reason, noticeEndsOn: today, safeguarding: true })
      .where(eq(agreements.id, agreement.id))
      .run();
    audit(tx, actor, agreement, "safeguarding_end_approved", `Request by ${request.by} agreed: ended at once for safeguarding: ${reason}`);
    tellParties(tx, agreement, `Notice has been given to end agreement ${agreement.reference} on ${formatDate(today)}`, `The reason: ${reason}`);
    endAgreement(tx, { ...agreement, status: "ending", noticeEndsOn: today }, today, actor);
  });
}

function endAgreement(tx: Tx, agreement: Agreement, endedOn: IsoDate, actor: Actor | null): void {
  tx.update(agreements).set({ status: "ended", endedOn }).where(eq(agreements.id, agreement.id)).run();
  const working = workingVersion(tx, agreement.id);
  if (working) tx.update(agreementVersions).set({ status: "withdrawn" }).where(eq(agreementVersions.id, working.id)).run();
  audit(tx, actor, agreement, "ended", `Ended on ${endedOn}`);
  tellParties(
    tx,
    agreement,
    `Agreement ${agreement.reference} has ended`,
    `Invoices for support given up to ${formatDate(endedOn)} can still be paid until ${formatDate(runOffEnds(endedOn))}. Then its Individual Service Fund closes and any unspent money is returned.`,
  );
}

/**
 * Ends every agreement whose end date (or notice date) has passed. Its ISF account stays open for the run-off and
 * is closed later by the ledger (`closeEndedFunds`, decision 017). Run at start-up and daily. Returns how many ended.
 */
export function endDueAgreements(db: Db, today = todayIso()): number {
  return runSteps(endDueAgreementsSteps(db, today));
}

/** How many agreements `endDueAgreementsSteps` ends in one transaction. */
const ENDED_TOGETHER = 20;

/** `endDueAgreements` a few agreements at a time, each few in one transaction that checks again that they are due. */
export function* endDueAgreementsSteps(db: Db, today = todayIso()): Steps<number> {
  const due = (tx: Tx, ids?: string[]) =>
    tx
      .select({ agreement: agreements, endOn: agreementVersions.endOn })
      .from(agreements)
      .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.status, "approved")))
      .where(
        and(
          inArray(agreements.status, ["active", "ending"]),
          sql`coalesce(${agreements.noticeEndsOn}, ${agreementVersions.endOn}, '9999-12-31') < ${today}`,
          ids ? inArray(agreements.id, ids) : undefined,
        ),
      )
      .all();
  const ids = due(db).map((row) => row.agreement.id);
  let ended = 0;
  for (let i = 0; i < ids.length; i += ENDED_TOGETHER) {
    yield;
    ended += immediate(db, (tx) => {
      const rows = due(tx, ids.slice(i, i + ENDED_TOGETHER));
      for (const row of rows) endAgreement(tx, row.agreement, row.agreement.noticeEndsOn ?? row.endOn!, null);
      return rows.length;
    });
  }
  return ended;
}

/* ------------------------------------------------------------------------------------------------------------
 * Reading.
 * ---------------------------------------------------------------------------------------------------------- */

function signaturesOf(db: Tx, versionId: string) {
  return db.select().from(agreementSignatures).where(eq(agreementSignatures.versionId, versionId)).orderBy(asc(agreementSignatures.signedAt)).all();
}

/** A version's signatures as its signature page lists them. */
function signaturePage(db: Tx, versionId: string): Signature[] {
  return signaturesOf(db, versionId).map((s) => ({
    party: PARTY_LABELS[s.party],
    name: s.name,
    role: s.role,
    authority: s.authority,
    signedAt: s.signedAt.toISOString(),
    fingerprint: s.fingerprint,
  }));
}

/** Everything the agreement page shows, and what the actor may do there. */
export function agreementDetail(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  const { person, provider, council, lot } = names(db, agreement);
  const versions = versionsOf(db, agreement.id);
  const working = versions.find((v) => (WORKING as readonly string[]).includes(v.status)) ?? null;
  const inForce = versions.find((v) => v.status === "approved") ?? null;
  const party = partyOf(db, actor, agreement, today);
  const workingSignatures = working ? signaturesOf(db, working.id) : [];
  const decisions = db
    .select()
    .from(agreementDecisions)
    .where(eq(agreementDecisions.agreementId, agreement.id))
    .orderBy(desc(agreementDecisions.decidedAt))
    .all();
  const account = db.select({ id: isfAccounts.id, closedAt: isfAccounts.closedAt }).from(isfAccounts).where(eq(isfAccounts.agreementId, agreement.id)).get() ?? null;
  const coProducer = mayCoProduce(db, actor, agreement, today);
  const approver = can(actor, "agreement.approve", { councilId: agreement.councilId });
  return {
    agreement,
    person: { id: person.id, name: person.name },
    provider,
    council,
    lot: { name: lot.name, min: lot.guideRateMinPence, max: lot.guideRateMaxPence, unit: lot.guideRateUnit },
    versions,
    working,
    inForce,
    workingSignatures,
    decisions,
    account,
    party,
    startsLater: startsLater(agreement, inForce, today),
    safeguardingRequest: safeguardingRequestOf(db, agreement),
    may: {
      edit: Boolean(working && working.status === "draft" && coProducer),
      sign: Boolean(working && working.status === "issued" && party && !workingSignatures.some((s) => s.party === party)),
      approve: Boolean(working && working.status === "awaiting_approval" && approver),
      vary: agreementAllows(agreement.status, "vary") && !working && coProducer,
      giveNotice: agreementAllows(agreement.status, "giveNotice") && party !== null,
      decideSafeguarding: Boolean(agreement.safeguardingRequestedAt) && approver,
    },
  };
}

/** The draft page: the version, the person's outcomes, and the money available for these dates. */
export function draftForEditing(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  requireCoProducer(db, actor, agreement, today);
  const version = withFeeFunding(db, agreement, requireWorking(db, agreement.id));
  requireVersionState(version, "edit");
  const { person, provider, lot } = names(db, agreement);
  return {
    agreement,
    version,
    person: { id: person.id, name: person.name },
    provider,
    lot: { name: lot.name, min: lot.guideRateMinPence, max: lot.guideRateMaxPence, unit: lot.guideRateUnit },
    outcomes: outcomesOf(db, person.id),
    available: option2Available(db, person, agreement.id, version),
    fundFloor: fundFloorOnDraft(db, agreement.id, today),
    costChoices: costChoices(db, agreement, today),
    terms: currentTemplate(db, agreement.councilId).terms,
  };
}

/** The content a version says (the frozen content once issued; worded from the template while a draft), with its fingerprint. */
export function versionContent(db: Tx, agreement: Agreement, version: AgreementVersion, today = todayIso()) {
  if (version.content && version.fingerprint) return { content: version.content, fingerprint: version.fingerprint };
  const { content } = composeContent(db, agreement, version, today);
  return { content, fingerprint: fingerprintOf(content) };
}

/**
 * A version's document for download: its content and fingerprint (none for a draft: a version never issued), and
 * (once signed) its signatures and approval for the signature page. The in-force version unless a number is given;
 * otherwise the working one.
 */
export function agreementDocument(db: Tx, actor: Actor, agreementId: string, versionNumber?: number) {
  const agreement = findAgreement(db, actor, agreementId);
  const versions = versionsOf(db, agreement.id);
  const version =
    versionNumber !== undefined
      ? versions.find((v) => v.number === versionNumber)
      : (versions.find((v) => v.status === "approved") ?? versions.find((v) => (WORKING as readonly string[]).includes(v.status)) ?? versions[0]);
  if (!version) throw new NotFound();
  const { content, fingerprint } = versionContent(db, agreement, version);
  const signatures = signaturePage(db, version.id);
  const approvalRow = db
    .select()
    .from(agreementDecisions)
    .where(and(eq(agreementDecisions.versionId, version.id), eq(agreementDecisions.kind, "approved")))
    .get();
  const approval: Approval | undefined = approvalRow ? { name: approvalRow.name, approvedAt: approvalRow.decidedAt.toISOString(), fingerprint: approvalRow.fingerprint } : undefined;
  const draft = !version.fingerprint;
  return { agreement, version, content, fingerprint: draft ? null : fingerprint, signatures, approval, draft };
}

export const LIST_PAGE_SIZE = 20;

/** The statuses of agreements that have been approved: in force, under notice, or ended after being in force. */
export const APPROVED_STATUSES = ["active", "ending", "ended"] as const satisfies readonly AgreementStatus[];

/** The day (UTC) the commissioning team first approved the agreement with this id, as SQL: null if never. Later variations do not move it. */
export const firstApprovedOn = (agreementId: SQL) =>
  sql`(select date(min(d.decided_at) / 1000, 'unixepoch') from agreement_decisions d where d.agreement_id = ${agreementId} and d.kind = 'approved')`;

/**
 * The agreements the actor may see (the person's, the provider's or the council's), newest first, a page at a time;
 * optionally one person's (with their name, when the actor may see them), those matching a name or reference, those
 * in force today (`in_force`: the agreements behind the dashboard's figure of agreements in force), or those first
 * approved within a period (the agreements behind the dashboard's median days to approval).
 */
export function listAgreements(
  db: Tx,
  actor: Actor,
  filter: { status?: AgreementStatus | "awaiting_approval_any" | "in_force"; lot?: string; person?: string; q?: string; approvedFrom?: IsoDate; approvedTo?: IsoDate; page: number },
  today = todayIso(),
) {
  const q = filter.q?.toLowerCase();
  const awaitingAny =
    filter.status === "awaiting_approval_any"
      ? sql`exists (select 1 from agreement_versions v where v.agreement_id = ${agreements.id} and v.status = 'awaiting_approval')`
      : undefined;
  const where = and(
    visibleTo(db, actor),
    filter.status === "in_force" ? agreementInForceOn(agreements.id, today) : (awaitingAny ?? (filter.status ? eq(agreements.status, filter.status as AgreementStatus) : undefined)),
    filter.lot ? eq(agreements.lotId, filter.lot) : undefined,
    filter.person ? eq(agreements.personId, filter.person) : undefined,
    filter.approvedFrom || filter.approvedTo
      ? and(
          inArray(agreements.status, APPROVED_STATUSES),
          sql`${firstApprovedOn(sql`${agreements.id}`)} between ${filter.approvedFrom ?? "0000-01-01"} and ${filter.approvedTo ?? "9999-12-31"}`,
        )
      : undefined,
    q
      ? or(
          sql`instr(lower(${agreements.reference}), ${q}) > 0`,
          sql`exists (select 1 from people p where p.id = ${agreements.personId} and (instr(lower(p.name), ${q}) > 0 or instr(lower(p.reference), ${q}) > 0))`,
        )
      : undefined,
  );
  const person = filter.person ? personAccess(db, actor, filter.person, "view", today)?.person : undefined;
  const total = db.select({ n: count() }).from(agreements).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page), pageCount);
  const rows = db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      status: agreements.status,
      person: people.name,
      provider: organisations.name,
      createdAt: agreements.createdAt,
    })
    .from(agreements)
    .innerJoin(people, eq(people.id, agreements.personId))
    .innerJoin(organisations, eq(organisations.id, agreements.providerOrganisationId))
    .where(where)
    .orderBy(desc(agreements.createdAt), asc(agreements.reference))
    .limit(LIST_PAGE_SIZE)
    .offset((page - 1) * LIST_PAGE_SIZE)
    .all();
  const withVersions = rows.map((row) => {
    const working = workingVersion(db, row.id);
    const inForce = inForceVersion(db, row.id);
    const shown = inForce ?? working;
    return {
      ...row,
      isfPence: shown?.isfPence ?? 0,
      startOn: shown?.startOn ?? null,
      endOn: shown?.endOn ?? null,
      pending: inForce && working ? working.status : null,
      startsLater: startsLater(row, inForce, today),
    };
  });
  return { rows: withVersions, total, page, pageCount, person: person ? { id: person.id, name: person.name } : null };
}

/**
 * A person's agreements for "My support", newest first: where each stands in words the person would use, and
 * what they can do next (sign, when it waits for their signature and they may sign).
 */
export function agreementsForPerson(db: Tx, actor: Actor, personId: string, today = todayIso()) {
  const access = personAccess(db, actor, personId, "view", today);
  if (!access) throw new NotFound();
  const rows = db
    .select({ agreement: agreements, provider: organisations.name, lot: frameworkLots.name })
    .from(agreements)
    .innerJoin(organisations, eq(organisations.id, agreements.providerOrganisationId))
    .innerJoin(frameworkLots, eq(frameworkLots.id, agreements.lotId))
    .where(eq(agreements.personId, personId))
    .orderBy(desc(agreements.createdAt), asc(agreements.reference))
    .all();
  return rows.map(({ agreement, provider, lot }) => {
    const working = workingVersion(db, agreement.id);
    const inForce = inForceVersion(db, agreement.id);
    const shown = inForce ?? working;
    const signedBy = working?.status === "issued" ? signaturesOf(db, working.id).map((s) => s.party) : [];
    const mayChoose = partyOf(db, actor, agreement, today) === "person";
    const waitingForPerson = working?.status === "issued" && !signedBy.includes("person");
    const stage = (() => {
      if (!working) return null;
      if (working.status === "draft") return "Being planned with the provider";
      if (working.status === "awaiting_approval") return "Waiting for council approval";
      if (waitingForPerson) return mayChoose ? "Waiting for your signature" : `Waiting for ${access.via === "self" ? "your" : `${access.person.name}'s`} signature`;
      const others = (["provider", "council"] as const).filter((p) => !signedBy.includes(p)).map((p) => (p === "provider" ? provider : "the council"));
      return `Waiting for ${others.join(" and ")} to sign`;
    })();
    const later = startsLater(agreement, inForce, today);
    const status =
      agreement.status === "ended" || agreement.status === "withdrawn"
        ? `${agreement.status === "ended" ? "Ended" : "Withdrawn"}${agreement.endedOn ? ` on ${formatDate(agreement.endedOn)}` : ""}`
        : agreement.status === "ending"
          ? `Ending on ${formatDate(agreement.noticeEndsOn ?? inForce?.endOn ?? today)}`
          : agreement.status === "active"
            ? later
              ? `Approved, starts on ${formatDate(later)}`
              : "Active"
            : (stage ?? "Draft");
    return {
      id: agreement.id,
      reference: agreement.reference,
      provider,
      lot,
      status,
      /** Where a change to an agreement in force stands, when one is under way. */
      change: inForce && stage ? stage : null,
      startOn: shown?.startOn ?? null,
      endOn: agreement.noticeEndsOn ?? shown?.endOn ?? null,
      isfPence: shown?.isfPence ?? 0,
      sign: waitingForPerson && mayChoose ? `${agreementPath(agreement.id)}/sign` : null,
    };
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * For the ledger pages and invoicing.
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * The agreement in force between a person and a provider on a date, with its approved version and ISF account id.
 * No permission check: invoicing calls it for an invoice it has already authorised. Null when there is none.
 */
export function agreementInForce(db: Tx, input: { personId: string; providerOrganisationId: string; on: IsoDate }) {
  const rows = db
    .select({ agreement: agreements, version: agreementVersions, accountId: isfAccounts.id })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.status, "approved")))
    .leftJoin(isfAccounts, eq(isfAccounts.agreementId, agreements.id))
    .where(and(eq(agreements.personId, input.personId), eq(agreements.providerOrganisationId, input.providerOrganisationId), inArray(agreements.status, IN_FORCE_AGREEMENT_STATUSES)))
    .all();
  return rows.find((row) => isInForceOn(row.agreement, row.version, input.on)) ?? null;
}

/**
 * The agreed plan of the version in force, for validating invoice lines: per line the council outcome id, the
 * cost option, the agreed rate in pence per unit of the lot and the amount set aside; with the period.
 */
export function agreedRates(db: Tx, agreementId: string) {
  const version = inForceVersion(db, agreementId);
  if (!version) return null;
  const agreement = db.select().from(agreements).where(eq(agreements.id, agreementId)).get()!;
  const lot = db.select().from(frameworkLots).where(eq(frameworkLots.id, agreement.lotId)).get()!;
  return {
    startOn: version.startOn!,
    endOn: agreement.noticeEndsOn ?? version.endOn!,
    unit: lot.guideRateUnit,
    lines: version.plan
      .filter((line) => line.amountPence > 0)
      .map((line) => ({ outcomeId: line.outcomeId, support: line.support, costOption: line.costOption, ratePence: line.ratePence, unit: unitOf(line, lot), amountPence: line.amountPence })),
  };
}

/* ------------------------------------------------------------------------------------------------------------
 * Pages that read one version.
 * ---------------------------------------------------------------------------------------------------------- */

/** Check your answers: the draft worded as it will be issued, and anything that stops it being issued. */
export function checkAnswers(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const draft = draftForEditing(db, actor, agreementId, today);
  const { content } = composeContent(db, draft.agreement, draft.version, today);
  return { ...draft, content, problems: readinessProblems(db, draft.agreement, draft.version, today) };
}

/** The issued version for the actor to read and sign (or decline) for their party. */
export function signingView(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  const party = requireParty(db, actor, agreement, today);
  const version = requireWorking(db, agreement.id);
  requireVersionState(version, "sign");
  const signatures = signaturesOf(db, version.id);
  return {
    agreement,
    version,
    party,
    content: version.content!,
    fingerprint: version.fingerprint!,
    signed: signatures.map((s) => ({ party: s.party, name: s.name, signedAt: s.signedAt })),
    alreadySigned: signatures.some((s) => s.party === party),
    /** Why the actor may only decline this version, not sign it. */
    mayNotSign: party === "person" ? unnamedSignatoryProblem(db, actor, agreement, version, today) : null,
  };
}

/** The notice page: the in-force dates and the earliest end date the notice period allows. */
export function noticeView(db: Tx, actor: Actor, agreementId: string, today = todayIso()) {
  const agreement = findAgreement(db, actor, agreementId);
  requireParty(db, actor, agreement, today);
  if (!agreementAllows(agreement.status, "giveNotice")) throw new Conflict("Notice can be given only on an active agreement");
  const version = inForceVersion(db, agreement.id)!;
  return {
    agreement,
    endOn: version.endOn,
    earliest: earliestEnd(db, agreement, today),
    noticeDays: noticeDaysOf(db, agreement),
    maySafeguard: can(actor, "agreement.approve", { councilId: agreement.councilId }),
  };
}

import { createHash } from "node:crypto";
import type { FeeFunding, PaymentCadence, TemplateClause } from "@db/schema/agreement-templates";
import { formatDate, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { CADENCE_LABELS, renderClauses, type TemplateValues } from "./template";

export type ManagementFee = { kind: "percent"; basisPoints: number; funding: FeeFunding } | { kind: "fixed"; pence: number; funding: FeeFunding } | { kind: "none" };

/** Someone named in a version as able to sign for the person; a representative carries their record's id. */
export type PersonSignatory = { name: string; authority: string; representativeId?: string };

export type PlanLine = { outcome: string; ownWords: string; support: string; quantity: string; costOption: string; amountPence: number };

/** Everything an agreement version says. It is frozen when issued for signature and fingerprinted. */
export type AgreementContent = {
  reference: string;
  version: number;
  templateVersion: number;
  council: string;
  provider: string;
  person: string;
  /** Who may sign for the person, in one phrase: "Callum Baird or Aileen Baird (welfare power of attorney) for Callum Baird". */
  personSignatory: string;
  /**
   * Everyone who may sign for the person when the version was issued, each with their authority: the person, and
   * each representative with authority to choose and sign on the day it was issued. Only they may sign it for the
   * person. (Versions issued before this list was kept name one.)
   */
  personSignatories?: PersonSignatory[];
  frameworkTerms: string;
  start: IsoDate;
  end: IsoDate;
  review: IsoDate;
  isfPence: number;
  cadence: PaymentCadence;
  fee: ManagementFee;
  contingencyPence: number;
  otherProvidersAllowed: boolean;
  plan: PlanLine[];
  terms: { noticeDays: number; paymentDays: number; statementWeeks: number; surplusWeeks: number; surplusHeldWeeks: number };
  clauses: TemplateClause[];
  easyRead: TemplateClause[];
};

export type Signature = { party: string; name: string; role: string; authority: string; signedAt: string; fingerprint: string };
export type Approval = { name: string; approvedAt: string; fingerprint: string };

export function feeDescription(fee: ManagementFee, isfPence: number): string {
  if (fee.kind === "none") return "There is no management fee.";
  const amount = fee.kind === "fixed" ? fee.pence : Math.round((isfPence * fee.basisPoints) / 10_000);
  const what = fee.kind === "fixed" ? formatPence(fee.pence) : `${(fee.basisPoints / 100).toFixed(2).replace(/\.00$/, "")}% (${formatPence(amount)})`;
  return fee.funding === "from_fund"
    ? `The provider's management fee of ${what} is paid from the fund.`
    : `The provider's management fee of ${what} is paid by the council on top of the fund.`;
}

/** The management fee in pence. */
export function feePence(fee: ManagementFee, isfPence: number): number {
  if (fee.kind === "none") return 0;
  return fee.kind === "fixed" ? fee.pence : Math.round((isfPence * fee.basisPoints) / 10_000);
}

type ContentWithoutWording = Omit<AgreementContent, "clauses" | "easyRead">;

/** Fills the template's wording with this agreement's facts. */
export function wordAgreement(facts: ContentWithoutWording, template: { clauses: TemplateClause[]; easyRead: TemplateClause[] }): AgreementContent {
  const values: TemplateValues = {
    "council.name": facts.council,
    "provider.name": facts.provider,
    "person.name": facts.person,
    "representative.name": facts.personSignatory,
    "framework.terms": facts.frameworkTerms,
    "agreement.reference": facts.reference,
    "agreement.start": formatDate(facts.start),
    "agreement.end": formatDate(facts.end),
    "agreement.review": formatDate(facts.review),
    "isf.amount": formatPence(facts.isfPence),
    "fee.description": feeDescription(facts.fee, facts.isfPence),
    "cadence.description": CADENCE_LABELS[facts.cadence],
    "notice.days": String(facts.terms.noticeDays),
    "payment.days": String(facts.terms.paymentDays),
    "statement.weeks": String(facts.terms.statementWeeks),
    "surplus.weeks": String(facts.terms.surplusWeeks),
    "surplus.heldWeeks": String(facts.terms.surplusHeldWeeks),
  };
  return { ...facts, clauses: renderClauses(template.clauses, values), easyRead: renderClauses(template.easyRead, values) };
}

/** JSON with object keys sorted, so the same content always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the version's content: what every signature and the approval are bound to. */
export function fingerprintOf(content: AgreementContent): string {
  return createHash("sha256").update(canonical(content)).digest("hex");
}

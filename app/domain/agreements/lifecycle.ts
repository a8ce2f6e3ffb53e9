import type { AgreementStatus, Party, VersionStatus } from "@db/schema/agreements";

/**
 * The agreement lifecycle as a table: each command, the version states it may start from, who may take it and
 * what the version becomes. `agreements.server.ts` checks every command against this table before it acts.
 *
 * draft → issued → (each party signs, in any order) → awaiting approval → approved (the agreement is active)
 * A decline (any party) or a return (commissioning) withdraws the issued version and opens a new draft from it.
 * A variation is a new draft version of an active agreement; the approved version stays in force until the
 * variation is approved, and is then superseded.
 */
export const VERSION_TRANSITIONS = {
  edit: { from: ["draft"], to: "draft", by: "co-producers" },
  issue: { from: ["draft"], to: "issued", by: "co-producers" },
  sign: { from: ["issued"], to: "issued", by: "parties" },
  decline: { from: ["issued"], to: "withdrawn", by: "parties" },
  approve: { from: ["awaiting_approval"], to: "approved", by: "commissioning" },
  return: { from: ["awaiting_approval"], to: "withdrawn", by: "commissioning" },
} as const satisfies Record<string, { from: readonly VersionStatus[]; to: VersionStatus; by: string }>;

export type VersionCommand = keyof typeof VERSION_TRANSITIONS;

export function versionAllows(status: VersionStatus, command: VersionCommand): boolean {
  return (VERSION_TRANSITIONS[command].from as readonly VersionStatus[]).includes(status);
}

/** What the agreement as a whole may do from each status. */
export const AGREEMENT_TRANSITIONS = {
  vary: ["active"],
  giveNotice: ["active"],
  end: ["active", "ending"],
} as const satisfies Record<string, readonly AgreementStatus[]>;

export function agreementAllows(status: AgreementStatus, command: keyof typeof AGREEMENT_TRANSITIONS): boolean {
  return (AGREEMENT_TRANSITIONS[command] as readonly AgreementStatus[]).includes(status);
}

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  draft: "Draft",
  issued: "Waiting for signatures",
  awaiting_approval: "Waiting for approval",
  active: "Active",
  ending: "Ending (notice given)",
  ended: "Ended",
  withdrawn: "Withdrawn",
};

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: "Draft",
  issued: "Waiting for signatures",
  awaiting_approval: "Waiting for approval",
  approved: "Approved",
  superseded: "Replaced by a later version",
  withdrawn: "Declined or returned",
};

export const PARTY_LABELS: Record<Party, string> = {
  person: "The supported person",
  provider: "The provider",
  council: "The council",
};

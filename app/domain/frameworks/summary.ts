import type { OrganisationDetails } from "@db/schema";
import { formatDate } from "~/lib/dates";
import type { ApplicationTask } from "./applications.server";
import { ORGANISATION_TYPE_LABELS } from "./labels";

type SummaryInput = {
  application: { id: string; declarationsAcceptedAt: Date | null };
  /** The organisation's details: as sent once submitted, the current ones in a draft. */
  organisation: OrganisationDetails;
  lots: { name: string; chosen: boolean }[];
  criteria: {
    id: string;
    kind: "question" | "document";
    answer: { answer: string; expiresOn: string | null } | null;
    document: { id: string; fileName: string } | null;
  }[];
  tasks: ApplicationTask[];
};

export type SummaryRow = {
  key: string;
  title: string;
  mandatory: boolean;
  /** The answer in words ("Not answered"…); for evidence, what follows the file's name (its expiry, a note). */
  value: string;
  /** The evidence file, to link to. */
  document: { id: string; fileName: string } | null;
  /** Where the answer is given or changed, or null when this user may not change it (see `note`). */
  path: string | null;
  note?: string;
};

/** Every answer of an application, task by task, as the check-your-answers page and the application page show them. */
export function applicationSummary({ application, organisation: o, lots, criteria, tasks }: SummaryInput): SummaryRow[] {
  const values: Record<string, { value: string; document: SummaryRow["document"] }> = {
    organisation: {
      value: [o.name, ORGANISATION_TYPE_LABELS[o.type], o.charityNumber, o.companyNumber, o.address && `${o.address} ${o.postcode}`, o.contactName].filter(Boolean).join(", "),
      document: null,
    },
    lots: { value: lots.filter((l) => l.chosen).map((l) => l.name).join(", ") || "None chosen", document: null },
    declarations: { value: application.declarationsAcceptedAt ? "Confirmed" : "Not confirmed", document: null },
  };
  for (const c of criteria) {
    const expiry = c.answer?.expiresOn ? `, expires ${formatDate(c.answer.expiresOn)}` : "";
    const note = c.kind === "document" && c.answer?.answer ? `. ${c.answer.answer}` : "";
    values[`criterion-${c.id}`] =
      c.kind === "question"
        ? { value: c.answer?.answer || "Not answered", document: null }
        : c.document
          ? { value: `${expiry}${note}`, document: c.document }
          : { value: "No file uploaded", document: null };
  }
  return tasks.map((t) => ({
    key: t.key,
    title: t.title,
    mandatory: t.mandatory,
    value: values[t.key]?.value ?? "",
    document: values[t.key]?.document ?? null,
    path: t.path,
    note: t.note,
  }));
}

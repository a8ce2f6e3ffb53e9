import { formatDate, todayIso } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { heading, keyValues, paragraph, renderPdf } from "~/lib/pdf.server";
import { optionChoiceOf } from "./budget";
import {
  ACCESSIBLE_FORMAT_LABELS,
  AUTHORITY_LABELS,
  BUDGET_BASIS_LABELS,
  BUDGET_PERIOD_LABELS,
  CONTACT_METHOD_LABELS,
  OPTION_LABELS,
  REPRESENTATIVE_KIND_LABELS,
} from "./labels";
import type { PersonRecord } from "./people.server";

const dates = (from: string, to: string | null) => `${formatDate(from)}${to ? ` to ${formatDate(to)}` : " onwards"}`;

/**
 * The person's record as a PDF: details, budget and its option split, outcomes in their own words and
 * representatives. In large print when the person asked for it.
 */
export function renderPersonRecordPdf(record: PersonRecord, today = todayIso()): Promise<Buffer> {
  const { person, budget } = record;
  const large = person.accessibleFormats.includes("large_print");
  const size = large ? 18 : 11;
  return renderPdf({ title: `Support record: ${person.name}`, largeType: large }, (pdf) => {
    pdf.font("Helvetica-Bold").fontSize(size + 9).text(`Support record: ${person.name}`);
    paragraph(pdf, `${record.council}. Printed ${formatDate(today)}.${person.status === "closed" ? ` This record is closed: ${person.closedReason}` : ""}`, size);

    heading(pdf, "Details", size + 5);
    keyValues(
      pdf,
      [
        ["Council reference", person.reference],
        ["Date of birth", formatDate(person.dateOfBirth)],
        ["Address", [person.address.replace(/\n/g, ", "), person.postcode].filter(Boolean).join(", ") || "Not recorded"],
        ["Locality", record.locality || "Not recorded"],
        ["Care group", record.careGroup || "Not recorded"],
        ["Email", person.email || "Not recorded"],
        ["Phone", person.phone || "Not recorded"],
        ["Contact by", CONTACT_METHOD_LABELS[person.contactMethod]],
        ["Accessible formats", person.accessibleFormats.map((f) => ACCESSIBLE_FORMAT_LABELS[f]).join(", ") || "None"],
        ["Communication needs", person.communicationNeeds || "None recorded"],
        ["Practitioner", record.practitioner ? `${record.practitioner.name} (${record.practitioner.email})` : "Not yet given"],
      ],
      size,
    );

    heading(pdf, "Budget", size + 5);
    if (!budget) paragraph(pdf, "No budget has been recorded yet.", size);
    else {
      const per = BUDGET_PERIOD_LABELS[budget.period];
      const choice = optionChoiceOf(budget);
      const split = ([1, 2, 3] as const)
        .filter((n) => budget[`option${n}Pence`] > 0)
        .map((n): [string, string] => [`Under Option ${n}`, `${formatPence(budget[`option${n}Pence`])} ${per}`]);
      keyValues(
        pdf,
        [
          ["Individual budget", `${formatPence(budget.amountPence)} ${per}`],
          ["Dates", dates(budget.startsOn, budget.endsOn)],
          ["How it was set", `${BUDGET_BASIS_LABELS[budget.basis]}${budget.basisDetail ? `: ${budget.basisDetail}` : ""}`],
          ["Assessed contribution", budget.contributionPence > 0 ? `${formatPence(budget.contributionPence)} ${per}` : "None"],
          ["Option chosen", choice ? OPTION_LABELS[choice] : "Not chosen yet"],
          ...split,
          ["Version", `${budget.version} (${budget.reason})`],
        ],
        size,
      );
    }

    heading(pdf, "Outcomes", size + 5);
    if (record.outcomes.length === 0) paragraph(pdf, "No outcomes have been recorded yet.", size);
    for (const outcome of record.outcomes) {
      pdf.font("Helvetica-Bold").fontSize(size).text(outcome.outcome);
      paragraph(pdf, `“${outcome.ownWords}”`, size);
    }

    heading(pdf, "Representatives", size + 5);
    if (record.representatives.length === 0) paragraph(pdf, "No representatives have been recorded.", size);
    for (const rep of record.representatives) {
      pdf.font("Helvetica-Bold").fontSize(size).text(`${rep.name}${rep.relationship ? ` (${rep.relationship})` : ""}`);
      paragraph(
        pdf,
        [
          REPRESENTATIVE_KIND_LABELS[rep.kind],
          `${rep.basis}${rep.documentReference ? `, document ${rep.documentReference}` : ""}`,
          `May: ${AUTHORITY_LABELS[rep.authority].toLowerCase()}`,
          `${dates(rep.startsOn, rep.endsOn)}${rep.active ? "" : " (not active)"}`,
        ].join(". "),
        size,
      );
    }
  });
}

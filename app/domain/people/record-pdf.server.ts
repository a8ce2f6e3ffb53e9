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
import { formatDate, todayIso } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { SERVICE_NAME } from "~/lib/service";

/** The part of pdfkit's document API used here (pdfkit 0.20). */
type PdfDocument = {
  font(name: string): PdfDocument;
  fontSize(size: number): PdfDocument;
  text(text: string, options?: { continued?: boolean; paragraphGap?: number }): PdfDocument;
  moveDown(lines?: number): PdfDocument;
  on(event: "data", listener: (chunk: Buffer) => void): PdfDocument;
  on(event: "end" | "error", listener: (error?: Error) => void): PdfDocument;
  end(): void;
};
type PdfDocumentConstructor = new (options: {
  size: string;
  margin: number;
  pdfVersion: string;
  tagged: boolean;
  lang: string;
  displayTitle: boolean;
  info: { Title: string; Author: string; Subject: string };
}) => PdfDocument;

/** pdfkit reads its font files from its own folder, so it is loaded at run time and never bundled. */
async function loadPdfKit(): Promise<PdfDocumentConstructor> {
  const name = "pdfkit";
  const loaded = (await import(/* @vite-ignore */ name)) as { default: PdfDocumentConstructor };
  return loaded.default;
}

/** The person's record as a PDF: details, budget and option split, outcomes in their own words, representatives. */
export async function renderPersonRecordPdf(record: PersonRecord, today = todayIso()): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const { person, budget } = record;
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    info: { Title: `Support record: ${person.name}`, Author: record.council, Subject: SERVICE_NAME },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", (error) => reject(error));
  });

  const large = person.accessibleFormats.includes("large_print");
  const body = large ? 16 : 11;
  const heading = (text: string) => doc.moveDown(0.5).font("Helvetica-Bold").fontSize(body + 3).text(text, { paragraphGap: 4 });
  const row = (key: string, value: string) => doc.font("Helvetica-Bold").fontSize(body).text(`${key}: `, { continued: true }).font("Helvetica").text(value || "Not recorded");
  const para = (text: string) => doc.font("Helvetica").fontSize(body).text(text, { paragraphGap: 4 });

  doc.font("Helvetica-Bold").fontSize(body + 9).text(`Support record: ${person.name}`, { paragraphGap: 6 });
  para(`${record.council}. Printed ${formatDate(today)}.${person.status === "closed" ? ` This record is closed: ${person.closedReason}` : ""}`);

  heading("Details");
  row("Council reference", person.reference);
  row("Date of birth", formatDate(person.dateOfBirth));
  row("Address", [person.address.replace(/\n/g, ", "), person.postcode].filter(Boolean).join(", "));
  row("Locality", record.locality);
  row("Email", person.email);
  row("Phone", person.phone);
  row("Contact by", CONTACT_METHOD_LABELS[person.contactMethod]);
  row("Accessible formats", person.accessibleFormats.map((f) => ACCESSIBLE_FORMAT_LABELS[f]).join(", ") || "None");
  row("Communication needs", person.communicationNeeds || "None recorded");
  row("Practitioner", record.practitioner ? `${record.practitioner.name} (${record.practitioner.email})` : "Not yet given");

  heading("Budget");
  if (!budget) para("No budget has been recorded yet.");
  else {
    const per = BUDGET_PERIOD_LABELS[budget.period];
    const choice = optionChoiceOf(budget);
    row("Individual budget", `${formatPence(budget.amountPence)} ${per}`);
    row("Dates", `${formatDate(budget.startsOn)}${budget.endsOn ? ` to ${formatDate(budget.endsOn)}` : " onwards"}`);
    row("How it was set", `${BUDGET_BASIS_LABELS[budget.basis]}${budget.basisDetail ? `: ${budget.basisDetail}` : ""}`);
    row("Assessed contribution", budget.contributionPence > 0 ? `${formatPence(budget.contributionPence)} ${per}` : "None");
    row("Option chosen", choice ? OPTION_LABELS[choice] : "Not chosen yet");
    for (const n of [1, 2, 3] as const) {
      if (budget[`option${n}Pence`] > 0) row(`Under Option ${n}`, `${formatPence(budget[`option${n}Pence`])} ${per}`);
    }
    row("Version", `${budget.version} (${budget.reason})`);
  }

  heading("Outcomes");
  if (record.outcomes.length === 0) para("No outcomes have been recorded yet.");
  for (const outcome of record.outcomes) {
    doc.font("Helvetica-Bold").fontSize(body).text(outcome.outcome);
    para(`“${outcome.ownWords}”`);
  }

  heading("Representatives");
  if (record.representatives.length === 0) para("No representatives have been recorded.");
  for (const rep of record.representatives) {
    doc.font("Helvetica-Bold").fontSize(body).text(`${rep.name}${rep.relationship ? ` (${rep.relationship})` : ""}`);
    para(
      [
        REPRESENTATIVE_KIND_LABELS[rep.kind],
        `${rep.basis}${rep.documentReference ? `, document ${rep.documentReference}` : ""}`,
        `May: ${AUTHORITY_LABELS[rep.authority].toLowerCase()}`,
        `${formatDate(rep.startsOn)}${rep.endsOn ? ` to ${formatDate(rep.endsOn)}` : " onwards"}${rep.active ? "" : " (not active)"}`,
      ].join(". "),
    );
  }

  doc.end();
  return done;
}

import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { heading, keyValues, paragraph, renderPdf, stampEveryPage, table } from "~/lib/pdf.server";
import { CADENCE_LABELS } from "./template";
import { feeDescription, type AgreementContent, type Approval, type Signature } from "./document";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "long", timeStyle: "short" });

export const DRAFT_MARK = "DRAFT – not issued for signature";

/**
 * The agreement as the parties read and sign it; with signatures and approval, the final signed copy. A draft (a
 * version not yet issued: `fingerprint` null) says so at the top of every page and has no fingerprint, so it can
 * never pass for the version issued.
 */
export function agreementPdf(content: AgreementContent, fingerprint: string | null, signed: { signatures: Signature[]; approval?: Approval } = { signatures: [] }): Promise<Buffer> {
  const title = `Option 2 agreement ${content.reference} version ${content.version}`;
  return renderPdf({ title: fingerprint ? title : `${title} (${DRAFT_MARK})` }, (pdf) => {
    pdf.font("Helvetica-Bold").fontSize(20).text("Individual Service Fund agreement (Self-directed Support Option 2)");
    pdf.font("Helvetica").fontSize(11).moveDown(0.3).text(`Reference ${content.reference}, version ${content.version}`);
    if (fingerprint) pdf.fontSize(8).fillColor("#333333").text(`Fingerprint (SHA-256): ${fingerprint}`).fillColor("#000000");

    heading(pdf, "The parties");
    keyValues(pdf, [
      ["The council", `${content.council}, signing through an authorised officer and approved by its commissioning team`],
      ["The provider", `${content.provider}, signing through an authorised administrator`],
      ["The supported person", content.person],
      ["Framework terms", content.frameworkTerms],
    ]);
    heading(pdf, "Who may sign for the person", 13);
    if (content.personSignatories) {
      for (const signatory of content.personSignatories) keyValues(pdf, [[signatory.name, signatory.authority]]);
      paragraph(pdf, "Any one of them signs for the person. The signature page names who signed, and on what authority.");
    } else {
      paragraph(pdf, content.personSignatory);
    }

    heading(pdf, "Dates");
    keyValues(pdf, [
      ["Starts", formatDate(content.start)],
      ["Ends", formatDate(content.end)],
      ["Review by", formatDate(content.review)],
    ]);

    heading(pdf, "The money");
    keyValues(pdf, [
      ["Individual Service Fund", formatPence(content.isfPence)],
      ["Payment to the provider", CADENCE_LABELS[content.cadence]],
      ["Management fee", feeDescription(content.fee, content.isfPence)],
      ["Contingency", content.contingencyPence > 0 ? formatPence(content.contingencyPence) : "None"],
      ["Other providers or community resources", content.otherProvidersAllowed ? "Part of the fund may be used for them, as the plan says" : "Not from this fund"],
    ]);

    heading(pdf, "Outcomes and how the fund will meet them");
    table(
      pdf,
      [
        { header: "Outcome (in the person's words)", width: 150 },
        { header: "Support", width: 150 },
        { header: "How much", width: 90 },
        { header: "Set aside", width: 93, align: "right" },
      ],
      content.plan.map((line) => [`${line.outcome}: "${line.ownWords}"`, line.support, `${line.quantity}${line.costOption ? ` at ${line.costOption}` : ""}`, formatPence(line.amountPence)]),
    );
    const planned = content.plan.reduce((sum, line) => sum + line.amountPence, 0);
    keyValues(pdf, [["Total planned", `${formatPence(planned)} of ${formatPence(content.isfPence)}`]]);

    for (const clause of content.clauses) {
      heading(pdf, clause.heading, 13);
      paragraph(pdf, clause.body);
    }

    if (signed.signatures.length > 0 || signed.approval) {
      pdf.addPage();
      heading(pdf, "Signatures and approval", 16);
      for (const signature of signed.signatures) {
        keyValues(pdf, [
          [signature.party, `${signature.name}, ${signature.role}`],
          ["Authority", signature.authority],
          ["Signed", when(signature.signedAt)],
          ["Version fingerprint", signature.fingerprint],
        ]);
        pdf.moveDown(0.5);
      }
      if (signed.approval) {
        keyValues(pdf, [
          ["Approved for the council by", signed.approval.name],
          ["Approved", when(signed.approval.approvedAt)],
          ["Version fingerprint", signed.approval.fingerprint],
        ]);
      }
    }
    if (!fingerprint) stampEveryPage(pdf, DRAFT_MARK);
  });
}

/** The Easy Read summary given to the person with the agreement: short sentences, one idea per line, large type. */
export function easyReadPdf(content: AgreementContent, options: { draft?: boolean } = {}): Promise<Buffer> {
  return renderPdf({ title: `Easy Read: your support agreement ${content.reference}`, largeType: true }, (pdf) => {
    pdf.font("Helvetica-Bold").fontSize(26).text("Your support agreement");
    pdf.font("Helvetica").fontSize(18).moveDown(0.5);
    paragraph(pdf, `This is for ${content.person}.`, 18);
    paragraph(pdf, `It starts on ${formatDate(content.start)}.`, 18);
    paragraph(pdf, `It ends on ${formatDate(content.end)}.`, 18);
    for (const clause of content.easyRead) {
      heading(pdf, clause.heading, 22);
      paragraph(pdf, clause.body, 18);
    }
    heading(pdf, "What you want to happen", 22);
    for (const line of content.plan) paragraph(pdf, `${line.ownWords}.\nMoney for this: ${formatPence(line.amountPence)}.`, 18);
    if (options.draft) stampEveryPage(pdf, DRAFT_MARK);
  });
}

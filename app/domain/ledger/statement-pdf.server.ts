/**
 * Statement documents for an ISF account, from `statementData`: the standard statement (a table of every entry
 * with its running balance, and totals) and the Easy Read statement (short sentences, one idea per line, 18pt
 * type and larger). Both are tagged PDFs in British English with a title, so screen readers can follow them.
 */
import PDFDocument from "pdfkit";
import { formatDate } from "~/lib/dates";
import { formatPence, formatPenceShort } from "~/lib/money";
import type { LedgerEntryKind } from "@db/schema";
import type { StatementData, StatementLine } from "./queries.server";

type Doc = InstanceType<typeof PDFDocument>;
type StructType = "H1" | "H2" | "P";

const INK = "#333333";
const RULE = "#949494";

function render(title: string, layout: { margin: number; pageNumberSize: number }, draw: (doc: Doc) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: layout.margin,
      bufferPages: true,
      tagged: true,
      lang: "en-GB",
      displayTitle: true,
      pdfVersion: "1.7",
      info: { Title: title, Author: "Choice and Control", Subject: "Individual Service Fund statement" },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.fillColor(INK);
    draw(doc);
    numberPages(doc, layout.pageNumberSize);
    doc.end();
  });
}

/** Text inside a structure element (heading or paragraph) of the tagged PDF. */
function tagged(doc: Doc, type: StructType, draw: () => void) {
  doc.addStructure(doc.struct(type, {}, draw));
}

function numberPages(doc: Doc, size: number) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent("Artifact", { type: "Pagination" });
    doc
      .font("Helvetica")
      .fontSize(size)
      .text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - bottom / 2 - size / 2, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: "center",
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

const range = (data: StatementData) => `${formatDate(data.from)} to ${formatDate(data.to)}`;

// The standard statement.

const COLUMNS = [
  { header: "Date", width: 80, align: "left" as const },
  { header: "What", width: 190, align: "left" as const },
  { header: "Money in", width: 75, align: "right" as const },
  { header: "Money out", width: 75, align: "right" as const },
  { header: "Balance", width: 75, align: "right" as const },
];
const TABLE_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);

function row(doc: Doc, cells: string[], options: { bold?: boolean } = {}) {
  const font = options.bold ? "Helvetica-Bold" : "Helvetica";
  doc.font(font).fontSize(10);
  const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i]!.width - 6 }))) + 8;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    if (!options.bold || cells[0] !== COLUMNS[0]!.header) row(doc, COLUMNS.map((c) => c.header), { bold: true });
  }
  const top = doc.y;
  let x = doc.page.margins.left;
  tagged(doc, "P", () => {
    cells.forEach((cell, i) => {
      const column = COLUMNS[i]!;
      doc.font(font).fontSize(10).text(cell, x + 3, top + 4, { width: column.width - 6, align: column.align });
      x += column.width;
    });
  });
  doc.moveTo(doc.page.margins.left, top + height).lineTo(doc.page.margins.left + TABLE_WIDTH, top + height).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.x = doc.page.margins.left;
  doc.y = top + height;
}

function lineCells(line: StatementLine): string[] {
  const what = `${line.kindLabel}: ${line.description}${line.outcome ? ` (${line.outcome})` : ""}${line.reversed ? " [reversed]" : ""}`;
  return [formatDate(line.entryDate), what, line.amount > 0 ? formatPence(line.amount) : "", line.amount < 0 ? formatPence(-line.amount) : "", formatPence(line.balance)];
}

function standard(doc: Doc, data: StatementData) {
  const left = doc.page.margins.left;
  tagged(doc, "H1", () => doc.font("Helvetica-Bold").fontSize(20).text("Individual Service Fund statement"));
  doc.moveDown(0.5);
  for (const [label, value] of [
    ["Supported person", data.personName],
    ["Provider", data.providerName],
    ["Council", data.councilName],
    ["Statement for", range(data)],
    ["Fund period", `${formatDate(data.periodStart)} to ${formatDate(data.periodEnd)}`],
  ] as const) {
    tagged(doc, "P", () => {
      doc.font("Helvetica-Bold").fontSize(11).text(`${label}: `, { continued: true });
      doc.font("Helvetica").text(value);
    });
  }
  doc.moveDown(0.5);
  tagged(doc, "P", () => doc.font("Helvetica-Bold").fontSize(13).text(`${data.sentence} (on ${formatDate(data.to)}).`));
  doc.moveDown(0.5);
  tagged(doc, "H2", () => doc.font("Helvetica-Bold").fontSize(14).text("Summary"));
  for (const [label, value] of [
    [`Balance at the start of ${formatDate(data.from)}`, data.openingBalance],
    ["Money in", data.moneyIn],
    ["Money out", data.moneyOut],
    [`Balance at the end of ${formatDate(data.to)}`, data.closingBalance],
  ] as const) {
    tagged(doc, "P", () => doc.font("Helvetica").fontSize(11).text(`${label}: ${formatPence(value)}`));
  }
  doc.moveDown(0.5);
  tagged(doc, "H2", () => doc.font("Helvetica-Bold").fontSize(14).text(`Entries (${data.lines.length})`));
  doc.moveDown(0.3);
  doc.x = left;
  row(doc, COLUMNS.map((c) => c.header), { bold: true });
  if (data.lines.length === 0) row(doc, ["", "No money went in or out in these dates", "", "", formatPence(data.openingBalance)]);
  for (const line of data.lines) row(doc, lineCells(line));
  row(doc, ["Totals", "", formatPence(data.moneyIn), formatPence(data.moneyOut), formatPence(data.closingBalance)], { bold: true });
  doc.moveDown(1);
  tagged(doc, "P", () =>
    doc
      .font("Helvetica")
      .fontSize(10)
      .text("Money in is shown as it reached the fund; money out as it was paid. A reversal cancels an earlier entry that was a mistake.", left, doc.y, {
        width: TABLE_WIDTH,
      }),
  );
}

// The Easy Read statement.

const EASY: Record<LedgerEntryKind, string> = {
  opening_budget: "Your budget was put in",
  budget_variation: "Your budget was changed",
  contribution_received: "Your own payment came in",
  drawdown: "Your support was paid for",
  management_fee: "The fee for looking after your money was paid",
  adjustment: "A correction was made",
  reversal: "A mistake was put right",
  return_of_unspent: "Money you did not use was given back",
};

function easyRead(doc: Doc, data: StatementData) {
  const heading = (text: string) => {
    doc.moveDown(0.6);
    tagged(doc, "H2", () => doc.font("Helvetica-Bold").fontSize(24).text(text));
    doc.moveDown(0.2);
  };
  const say = (text: string, bold = false) => tagged(doc, "P", () => doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(18).text(text, { lineGap: 4 }));

  tagged(doc, "H1", () => doc.font("Helvetica-Bold").fontSize(28).text("Your money statement"));
  doc.moveDown(0.4);
  say(`This is for ${data.personName}.`);
  say(`It shows your support money from ${formatDate(data.from)} to ${formatDate(data.to)}.`);
  say(`${data.providerName} gives your support.`);

  heading("Your money now");
  say(data.closingBalance >= 0 ? `You have ${formatPenceShort(data.closingBalance)} left.` : `You have spent ${formatPenceShort(-data.closingBalance)} more than your budget.`, true);
  say(`${data.sentence}.`);

  heading("At the start");
  say(`On ${formatDate(data.from)} you had ${formatPenceShort(data.openingBalance)}.`);

  heading("What happened");
  if (data.lines.length === 0) say("No money came in or went out.");
  for (const line of data.lines) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 110) doc.addPage();
    say(`On ${formatDate(line.entryDate)}:`, true);
    say(`${EASY[line.kind]}.`);
    say(line.amount > 0 ? `${formatPenceShort(line.amount)} came in.` : `${formatPenceShort(-line.amount)} went out.`);
    say(`You had ${formatPenceShort(line.balance)} after this.`);
    doc.moveDown(0.5);
  }

  heading("In total");
  say(`${formatPenceShort(data.moneyIn)} came in.`);
  say(`${formatPenceShort(data.moneyOut)} went out.`);
  say(`On ${formatDate(data.to)} you had ${formatPenceShort(data.closingBalance)}.`);

  heading("Something wrong?");
  say(`If something looks wrong, tell ${data.providerName}.`);
  say("You can also tell your social worker.");
}

/** The statement as a PDF: the standard table, or the Easy Read version. */
export function statementPdf(data: StatementData, options: { easyRead: boolean }): Promise<Buffer> {
  return options.easyRead
    ? render(`Your money statement, ${range(data)}`, { margin: 60, pageNumberSize: 18 }, (doc) => easyRead(doc, data))
    : render(`Individual Service Fund statement for ${data.personName}, ${range(data)}`, { margin: 50, pageNumberSize: 10 }, (doc) => standard(doc, data));
}

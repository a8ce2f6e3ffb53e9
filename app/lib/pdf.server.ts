import PDFDocument from "pdfkit";

export type Pdf = InstanceType<typeof PDFDocument>;

/** Every document the service produces: A4, tagged, with fixed metadata so the same content gives the same file. */
export function renderPdf(meta: { title: string; createdAt?: Date; largeType?: boolean }, draw: (pdf: Pdf) => void): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margin: 56,
    tagged: true,
    displayTitle: true,
    lang: "en-GB",
    bufferPages: true,
    info: { Title: meta.title, Author: "Choice and Control", CreationDate: meta.createdAt ?? new Date(0) },
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    try {
      pdf.fontSize(meta.largeType ? 18 : 11);
      draw(pdf);
      numberPages(pdf);
      pdf.end();
    } catch (error) {
      reject(error);
    }
  });
}

/** Writes a line across the top of every page drawn so far, in the top margin: "DRAFT – not issued for signature". */
export function stampEveryPage(pdf: Pdf, text: string): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const margin = pdf.page.margins.top;
    pdf.page.margins.top = 0;
    pdf.font("Helvetica-Bold").fontSize(12).fillColor("#b00020").text(text, pdf.page.margins.left, 22, { align: "center", lineBreak: false });
    pdf.page.margins.top = margin;
  }
  pdf.font("Helvetica").fillColor("#000000");
}

function numberPages(pdf: Pdf) {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const bottom = pdf.page.height - pdf.page.margins.bottom + 16;
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.fontSize(9).fillColor("#333333").text(`Page ${index + 1} of ${range.count}`, pdf.page.margins.left, bottom, { align: "right", lineBreak: false });
    pdf.page.margins.bottom = margin;
  }
}

export function heading(pdf: Pdf, text: string, size = 16): void {
  pdf.moveDown(0.6).font("Helvetica-Bold").fontSize(size).fillColor("#000000").text(text).font("Helvetica").moveDown(0.3);
}

export function paragraph(pdf: Pdf, text: string, size = 11): void {
  pdf.font("Helvetica").fontSize(size).fillColor("#000000");
  for (const line of text.split("\n")) pdf.text(line, { paragraphGap: 4 });
}

/** Label: value rows. */
export function keyValues(pdf: Pdf, rows: [string, string][], size = 11): void {
  for (const [label, value] of rows) {
    pdf.font("Helvetica-Bold").fontSize(size).text(`${label}: `, { continued: true }).font("Helvetica").text(value);
  }
}

/** A simple table: fixed column widths (in points), header row in bold, rows wrapped to fit. */
export function table(pdf: Pdf, columns: { header: string; width: number; align?: "left" | "right" }[], rows: string[][], size = 9): void {
  const left = pdf.page.margins.left;
  const drawRow = (cells: string[], bold: boolean) => {
    pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(size);
    const heights = cells.map((cell, i) => pdf.heightOfString(cell, { width: columns[i]!.width - 6 }));
    const height = Math.max(...heights) + 6;
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
    const top = pdf.y;
    let x = left;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      pdf.text(cell, x + 3, top + 3, { width: column.width - 6, align: column.align ?? "left" });
      x += column.width;
    });
    pdf.moveTo(left, top + height).lineTo(x, top + height).strokeColor("#b3b3b3").lineWidth(0.5).stroke();
    pdf.x = left;
    pdf.y = top + height;
  };
  drawRow(columns.map((c) => c.header), true);
  for (const row of rows) drawRow(row, false);
  pdf.moveDown(0.5);
}

import { toCsv } from "~/lib/csv";

/** A row of a CSV file with the line of the file it starts on (1 for the first), as people count rows in a spreadsheet. */
export type CsvRow = { line: number; cells: string[] };

/** A small RFC 4180 reader: commas, quoted fields with "" for a quote, CRLF or LF line ends. Blank lines are skipped. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n" || (c === "\r" && input[i + 1] !== "\n")) line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push({ line: rowLine, cells: row });
      row = [];
      field = "";
      rowLine = ++line;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push({ line: rowLine, cells: row });
  }
  return rows.filter((r) => r.cells.some((cell) => cell.trim() !== ""));
}

/** The most rows one upload may have. */
export const MAX_CSV_ROWS = 10_000;

/** The invoice-line upload template: these columns, in this order, with this header row. */
export const CSV_COLUMNS = [
  "person reference",
  "agreement reference",
  "date",
  "units",
  "rate",
  "description",
  "outcome",
] as const;
export const CSV_TEMPLATE = toCsv(
  [...CSV_COLUMNS],
  [["CV-100871", "CV-ISF-000001", "2026-11-03", "3.5", "21.50", "Support at home", "Staying independent"]]
);

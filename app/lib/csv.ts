/**
 * The service's one CSV writer (exports, reports, the BACS bank file, an upload's problems, the upload template):
 * CSV for spreadsheets (RFC 4180, CRLF line ends). Every text field is quoted, with quotes doubled. A text
 * field that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
 * prefixed with an apostrophe, so opening the file never runs anything. Numbers are written as they are.
 */
export type CsvCell = string | number | CsvMoney;

/** An amount of money written as a number with exactly two decimals (12.50, -3.05), unquoted. */
export type CsvMoney = { readonly pounds: string };

export function csvMoney(pence: number): CsvMoney {
  const whole = Math.round(pence);
  const sign = whole < 0 ? "-" : "";
  const abs = Math.abs(whole);
  return { pounds: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}` };
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvCell): string {
  if (typeof value === "object") return value.pounds;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The response of a CSV download: private to the signed-in user, never cached by others. */
export function csvResponse(csv: string, fileName: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

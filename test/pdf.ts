import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The text of a PDF as `pdftotext` (poppler-utils) reads it, with runs of whitespace made single spaces. */
export function pdfText(buffer: Buffer | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "pdf-")), "document.pdf");
  writeFileSync(file, buffer);
  return execFileSync("pdftotext", [file, "-"]).toString("utf8").replace(/\s+/g, " ");
}

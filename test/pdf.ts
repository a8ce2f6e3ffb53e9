import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function rawText(buffer: Buffer | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "pdf-")), "document.pdf");
  writeFileSync(file, buffer);
  return execFileSync("pdftotext", [file, "-"]).toString("utf8");
}

/** The text of a PDF as `pdftotext` (poppler-utils) reads it, with runs of whitespace made single spaces. */
export function pdfText(buffer: Buffer | Uint8Array): string {
  return rawText(buffer).replace(/\s+/g, " ");
}

/** The text of each page of a PDF, read the same way. */
export function pdfPages(buffer: Buffer | Uint8Array): string[] {
  return rawText(buffer)
    .split("\f")
    .filter((page) => page.trim() !== "")
    .map((page) => page.replace(/\s+/g, " "));
}

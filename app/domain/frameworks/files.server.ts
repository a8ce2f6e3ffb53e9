import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Db } from "@db/client.server";

/** The largest evidence file accepted. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type Upload = { fileName: string; bytes: Uint8Array } | { fileName: string; tooLarge: true };

export const ACCEPTED_TYPES = "PDF, PNG, JPEG or DOCX";

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/** The file's type worked out from its first bytes, never from its name; null when it is not one we accept. */
export function sniffContentType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // A DOCX is a zip whose entries include the word/ folder and [Content_Types].xml.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    if (text.includes("word/") && text.includes("[Content_Types].xml")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  return null;
}

/** Uploads live beside the database, outside `public/`, named only by the document's id. */
export function uploadsDir(db: Db): string {
  return join(dirname(resolve(db.$client.name)), "uploads");
}

export function storeFile(db: Db, documentId: string, bytes: Uint8Array): void {
  const dir = uploadsDir(db);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, documentId), bytes);
}

export function readStoredFile(db: Db, documentId: string): Buffer {
  return readFileSync(join(uploadsDir(db), documentId));
}

/** A file name safe to put in a Content-Disposition header. */
export function safeFileName(name: string): string {
  return name.replace(/[^\w.\- ]+/g, "_").slice(0, 120) || "document";
}

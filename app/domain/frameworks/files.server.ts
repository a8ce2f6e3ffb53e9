import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Db } from "@db/client.server";

/** The largest evidence file accepted. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type Upload = { fileName: string; bytes: Uint8Array } | { fileName: string; tooLarge: true };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/** The file's type worked out from its first bytes, never from its name; null when it is not one we accept. */
export function sniffContentType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && isDocx(bytes)) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return null;
}

/** What a DOCX may expand to: a zip bomb (a small file that unpacks to gigabytes) is refused unopened. */
export const MAX_DOCX_EXPANDED_BYTES = 100 * 1024 * 1024;
const MAX_DOCX_ENTRIES = 2000;
/** Text compresses well, but not a hundredfold unless it was made to. */
const MAX_COMPRESSION_RATIO = 100;

/**
 * A DOCX is a zip whose entries include the word/ folder and [Content_Types].xml. Only its central directory is
 * read (nothing is unpacked): the sizes it declares must stay within the limits above.
 */
function isDocx(bytes: Uint8Array): boolean {
  const entries = zipEntries(bytes);
  if (!entries || entries.length > MAX_DOCX_ENTRIES) return false;
  if (!entries.some((e) => e.name === "[Content_Types].xml") || !entries.some((e) => e.name.startsWith("word/"))) return false;
  let expanded = 0;
  for (const entry of entries) {
    expanded += entry.uncompressed;
    if (entry.uncompressed === 0xffffffff || entry.compressed === 0xffffffff) return false;
    if (entry.uncompressed > 1024 * 1024 && entry.uncompressed > entry.compressed * MAX_COMPRESSION_RATIO) return false;
  }
  return expanded <= MAX_DOCX_EXPANDED_BYTES;
}

type ZipEntry = { name: string; compressed: number; uncompressed: number };

/** The entries listed in a zip's central directory, or null when the file is not a well-formed zip. */
function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > end) return null;
    entries.push({
      name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString("utf8"),
      compressed: view.getUint32(at + 20, true),
      uncompressed: view.getUint32(at + 24, true),
    });
    at = next;
  }
  return entries;
}

/** The name an upload is listed under (it is only shown: the file itself is stored under the document's id). */
export function uploadedFileName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200) || "document";
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

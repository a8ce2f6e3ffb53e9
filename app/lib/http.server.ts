import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { setFlash, type ValidSession } from "~/auth/session.server";
import { database } from "./db.server";
import { env } from "./env.server";
import { Conflict, DomainError, Forbidden, NotFound, RuleBroken } from "./errors";
import { formValues, type FormProblems } from "./forms";

const submitted = new WeakMap<Request, FormProblems["values"]>();

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
const NOT_A_FORM = "The request was not a form sent from this service";

/** Control characters (other than tab and line breaks) cannot be typed into a form and are never kept. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const withoutControlCharacters = (text: string) => text.replace(CONTROL_CHARACTERS, "");

/**
 * Reads a submitted form and remembers what was typed, so a refusal can give it back. A body that is not a
 * form (JSON, plain text, a broken multipart body) is a bad request, not a crash.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!FORM_TYPES.some((formType) => type.startsWith(formType))) badRequest(NOT_A_FORM);
  let raw: FormData;
  try {
    raw = await request.formData();
  } catch {
    return badRequest(NOT_A_FORM);
  }
  const formData = new FormData();
  for (const [name, value] of raw) formData.append(withoutControlCharacters(name), typeof value === "string" ? withoutControlCharacters(value) : value);
  submitted.set(request, formValues(formData));
  return formData;
}

/** A file from a form: its bytes, or only its name when it was larger than allowed (the rest was not kept). */
export type UploadedFile = { fileName: string; bytes: Uint8Array } | { fileName: string; tooLarge: true };

const MAX_TEXT_PART = 64 * 1024;

/**
 * Reads a form sent as multipart/form-data with one file field. The file is kept in memory up to `maxBytes`;
 * a larger one is read to the end and dropped, so the rest of the form still arrives and can be given back.
 * A file whose name, as sent, has a folder path or control characters in it is refused on the file field, with
 * the rest of the form given back.
 */
export async function readUploadForm(request: Request, fileField: string, maxBytes: number): Promise<{ formData: FormData; upload: UploadedFile | null }> {
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) badRequest("Expected a form with a file");
  let upload: UploadedFile | null = null;
  const watched = watchFileNames(request);
  const formData = await readMultipart(request, watched.request, fileField, async (part) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const limit = part.filename === undefined ? MAX_TEXT_PART : maxBytes;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    if (part.filename === undefined) return size <= limit ? withoutControlCharacters(bytes.toString("utf8")) : undefined;
    if (part.name === fileField && part.filename && !upload) {
      upload = size > maxBytes ? { fileName: part.filename, tooLarge: true } : { fileName: part.filename, bytes: new Uint8Array(bytes) };
    }
    return undefined;
  });
  submitted.set(request, formValues(formData));
  const nameProblem = fileNameProblem(watched.sent.get(fileField) ?? "");
  if (nameProblem) throw new RuleBroken(nameProblem, { [fileField]: nameProblem });
  return { formData, upload };
}

/** Browsers send only a file's name; a folder path in it (or control characters) means something else sent it. */
function fileNameProblem(name: string): string | null {
  if (/[/\\]/.test(name) || name === "." || name === "..") return "The file's name must not include a folder (no / or \\): rename the file and upload it again";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "The file's name has invisible control characters in it: rename the file and upload it again";
  return null;
}

/** A part's headers are never longer than this; a longer run without their end is not a part's headers. */
const MAX_PART_HEADERS = 16 * 1024;

/**
 * The file names a multipart body sends, by field, as sent: Remix's parser keeps only a name's last segment
 * ("../../etc/passwd.pdf" reaches the upload handler as "passwd.pdf"), so the body is read through this watcher,
 * which notes the `filename` of each part's headers (those that follow a boundary line) on the way to the parser.
 */
function watchFileNames(request: Request): { request: Request; sent: Map<string, string> } {
  const sent = new Map<string, string>();
  const boundary = (request.headers.get("Content-Type") ?? "").split(/\s*;\s*boundary=/)[1];
  if (!request.body || !boundary) return { request, sent };
  const delimiter = Buffer.from(`--${boundary}\r\n`);
  let carry = Buffer.alloc(0);
  const watcher = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      const buffer = Buffer.concat([carry, chunk]);
      for (let at = 0; ; ) {
        const start = buffer.indexOf(delimiter, at);
        if (start < 0) {
          carry = buffer.subarray(Math.max(at, buffer.length - delimiter.length + 1));
          return;
        }
        const headers = start + delimiter.length;
        const end = buffer.indexOf("\r\n\r\n", headers);
        if (end < 0) {
          carry = buffer.length - headers > MAX_PART_HEADERS ? Buffer.alloc(0) : buffer.subarray(start);
          return;
        }
        const { name, filename } = dispositionOf(buffer.subarray(headers, end).toString("utf8"));
        if (name !== undefined && filename !== undefined && !sent.has(name)) sent.set(name, filename);
        at = end + 4;
      }
    },
  });
  const body = request.body.pipeThrough(watcher);
  return { request: new Request(request.url, { method: request.method, headers: request.headers, body, duplex: "half" } as RequestInit), sent };
}

/** The parameters of a part's Content-Disposition header, quoted values unquoted. */
function dispositionOf(headers: string): Record<string, string | undefined> {
  const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? "";
  const parameters = [...disposition.matchAll(/;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)];
  return Object.fromEntries(parameters.map(([, key, value]) => [key!.toLowerCase(), value!.startsWith('"') ? value!.slice(1, -1).replace(/\\"/g, '"') : value!.trim()]));
}

const UNREADABLE_FILE_NAME = "The file's name has characters that cannot be read, like = or ; – rename the file and upload it again";

/**
 * A multipart body, or a bad request when it is broken (no boundary, cut short). The parser cannot read a file
 * name with = or ; in it: that is the form's problem, named on the file field.
 */
async function readMultipart(request: Request, body: Request, fileField: string, handler: Parameters<typeof unstable_parseMultipartFormData>[1]): Promise<FormData> {
  try {
    return await unstable_parseMultipartFormData(body, handler);
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof Error && /content-disposition/i.test(error.message)) {
      submitted.set(request, {});
      throw new RuleBroken(UNREADABLE_FILE_NAME, { [fileField]: UNREADABLE_FILE_NAME });
    }
    return badRequest(NOT_A_FORM);
  }
}

/** A form that needs fixing: 400 with the problems and everything typed. */
export function invalid(problems: FormProblems) {
  return data(problems, { status: 400 });
}

export function badRequest(message = "The request was not understood"): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

export function notFound(): never {
  throw new Response("Page not found", { status: 404, statusText: "Not Found" });
}

const STATUS: [new (...args: never[]) => DomainError, number][] = [
  [NotFound, 404],
  [Forbidden, 403],
  [Conflict, 409],
  [RuleBroken, 400],
];

function throwAsResponse(error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 500;
  throw new Response(error.message, { status });
}

/**
 * Runs a loader's body: typed domain errors become error pages (404, 403, 409, 400) in this one place.
 * Route modules call it inside `export async function loader`, never as `export const loader = …(…)`,
 * because a call at module level would stay in the browser bundle.
 */
export async function withDomainErrors<R>(body: () => Promise<R>): Promise<R> {
  try {
    return await body();
  } catch (error) {
    return throwAsResponse(error);
  }
}

/**
 * Runs an action's body: a RuleBroken or Conflict from the domain becomes the form's problems (400 or 409,
 * with what was typed kept when the form was read with `readForm`); other domain errors, error pages.
 */
export async function withFormErrors<R>(request: Request, body: () => Promise<R>) {
  try {
    return await body();
  } catch (error) {
    const values = submitted.get(request);
    if (values && (error instanceof RuleBroken || error instanceof Conflict)) {
      const fieldErrors = error instanceof RuleBroken ? error.fieldErrors : {};
      const formError = Object.keys(fieldErrors).length > 0 ? undefined : error.message;
      return data({ fieldErrors, values, formError } satisfies FormProblems, { status: error instanceof Conflict ? 409 : 400 });
    }
    return throwAsResponse(error);
  }
}

/** Redirects with a message shown at the top of the next page. */
export function redirectWithFlash(session: ValidSession, to: string, message: string) {
  setFlash(database(), session.sessionId, message);
  return redirect(to);
}

/** A form with several buttons names its intent; anything else is a bad request. */
export function intentOf<const T extends readonly string[]>(formData: FormData, intents: T): T[number] {
  const intent = formData.get("intent");
  if (typeof intent === "string" && (intents as readonly string[]).includes(intent)) return intent as T[number];
  return badRequest("Unknown action");
}

/** A GET form's fields (the query string) as FormData, for `parseForm`: filters and date ranges in links. */
export function queryForm(request: Request): FormData {
  const formData = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) formData.append(key, value);
  return formData;
}

/** The path of this service's page the request came from (its Referer), or null when it came from elsewhere or nowhere. */
export function cameFromPath(request: Request): string | null {
  const referer = request.headers.get("Referer");
  if (!referer) return null;
  try {
    const from = new URL(referer);
    return from.origin === new URL(request.url).origin || from.origin === env().APP_ORIGIN ? from.pathname : null;
  } catch {
    return null;
  }
}

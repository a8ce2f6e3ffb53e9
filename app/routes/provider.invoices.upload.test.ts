import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, invoiceLines, people } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { CSV_COLUMNS } from "~/domain/invoices/csv";
import { toCsv } from "~/lib/csv";
import { createInvoice } from "~/domain/invoices/invoices.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor } from "../../test/factories";
import { loader as problemsLoader } from "./provider.invoices.$invoiceId.uploads.$uploadId.problems[.csv]";
import { action as uploadAction, loader as uploadLoader } from "./provider.invoices.$invoiceId.upload";

const PROVIDER = "admin@riverbank-care.example";
let db: Db;
let invoiceId: string;
let csv: string;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
  const provider = actorFor(db, PROVIDER);
  const agreement = db
    .select()
    .from(agreements)
    .where(and(eq(agreements.providerOrganisationId, provider.organisationId!), eq(agreements.status, "active")))
    .get()!;
  const person = db.select().from(people).where(eq(people.id, agreement.personId)).get()!;
  invoiceId = createInvoice(db, provider, { periodStart: "2026-11-11", periodEnd: "2026-12-08" }).id;
  const rows = Array.from({ length: 250 }, (_, i) => [person.reference, agreement.reference, i % 5 ? "2026-11-12" : "32/11/2026", "1", "21.50", `Visit ${i + 1}`, ""]);
  csv = toCsv([...CSV_COLUMNS], rows);
});

async function headers(email: string | null): Promise<Headers> {
  const result = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    result.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  return result;
}

async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function upload(email: string, fields: Record<string, string> = {}, text = csv) {
  const form = new FormData();
  form.set("file", new File([text], "november.csv", { type: "text/csv" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const request = new Request(`http://localhost:3000/provider/invoices/${invoiceId}/upload`, { method: "POST", headers: await headers(email), body: form });
  return uploadAction({ request, params: { invoiceId }, context: {} });
}

const resultPage = async (email: string, query: string) =>
  uploadLoader({ request: new Request(`http://localhost:3000/provider/invoices/${invoiceId}/upload?${query}`, { headers: await headers(email) }), params: { invoiceId }, context: {} });

const problemsFile = async (email: string | null, uploadId: string) =>
  problemsLoader({
    request: new Request(`http://localhost:3000/provider/invoices/${invoiceId}/uploads/${uploadId}/problems.csv`, { headers: await headers(email) }),
    params: { invoiceId, uploadId },
    context: {},
  });

describe("uploading lines as CSV", () => {
  it("lists every problem: the upload's page pages through them and the CSV download has them all", async () => {
    const answer = (await upload(PROVIDER)) as Response;
    expect(answer.status).toBe(303);
    const location = answer.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/provider/invoices/${invoiceId}/upload\\?upload=`));
    const uploadId = new URL(location, "http://localhost").searchParams.get("upload")!;
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).all()).toHaveLength(0);

    const first = await resultPage(PROVIDER, `upload=${uploadId}`);
    expect(first.result).toMatchObject({ saved: false, rows: 250, problemCount: 50, page: 1, pageCount: 1, fileName: "november.csv" });
    expect(first.result!.problems).toHaveLength(50);
    expect(first.result!.problems[49]).toEqual({ row: 247, message: '"32/11/2026" is not a date (use 2026-11-03 or 3/11/2026)' });

    const file = await problemsFile(PROVIDER, uploadId);
    expect(file.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await file.text()).trim().split("\r\n");
    expect(lines).toHaveLength(51);
    expect(lines[1]).toBe('2,"""32/11/2026"" is not a date (use 2026-11-03 or 3/11/2026)"');
  });

  it("keeps the valid rows when asked, and lists the rows left out", async () => {
    const answer = (await upload(PROVIDER, { keepValidOnly: "yes" })) as Response;
    const uploadId = new URL(answer.headers.get("Location")!, "http://localhost").searchParams.get("upload")!;
    const page = await resultPage(PROVIDER, `upload=${uploadId}&page=9`);
    expect(page.result).toMatchObject({ saved: true, added: 200, problemCount: 50, page: 1 });
    expect(db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).all()).toHaveLength(200);
  });

  it("asks for a file when none is chosen, keeping the choice made", async () => {
    const form = new FormData();
    form.set("keepValidOnly", "yes");
    const request = new Request(`http://localhost:3000/provider/invoices/${invoiceId}/upload`, { method: "POST", headers: await headers(PROVIDER), body: form });
    const answer = (await uploadAction({ request, params: { invoiceId }, context: {} })) as unknown as { data: { fieldErrors: Record<string, string>; values: Record<string, string> }; init: { status: number } };
    expect(answer.init.status).toBe(400);
    expect(answer.data.fieldErrors.file).toBe("Choose a CSV file to upload");
    expect(answer.data.values.keepValidOnly).toBe("yes");
  });

  it("shows an upload's problems only to the provider's users", async () => {
    const answer = (await upload(PROVIDER)) as Response;
    const uploadId = new URL(answer.headers.get("Location")!, "http://localhost").searchParams.get("upload")!;
    for (const email of ["admin@glenburn-support.example", "finance@clydevale.example", "james@people.example"]) {
      expect(await status(() => problemsFile(email, uploadId)), email).toBe(404);
      expect(await status(() => resultPage(email, `upload=${uploadId}`)), email).toBe(404);
    }
    expect(await status(() => problemsFile(null, uploadId))).toBe(302);
  });
});

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { frameworks } from "@db/schema";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { acceptDeclarations, chooseLots, saveAnswer, startApplication } from "~/domain/frameworks/applications.server";
import { createFramework, getFramework } from "~/domain/frameworks/frameworks.server";
import { updateOrganisation } from "~/domain/providers/providers.server";
import { addDays, todayIso } from "~/lib/dates";
import { useDatabaseForTests } from "~/lib/db.server";
import { createSeededDb } from "../../test/db";
import { actorFor, makeUser } from "../../test/factories";
import { renderRoute } from "../../test/render";
import { loader as homeLoader } from "./_index";
import { loader as notificationsLoader } from "./notifications";
import { loader as applicationLoader } from "./provider.applications.$applicationId._index";
import { action as checkAction, loader as checkLoader } from "./provider.applications.$applicationId.check";
import { loader as submittedLoader } from "./provider.applications.$applicationId.submitted";
import * as applicationPage from "./provider.applications.$applicationId._index";
import * as checkPage from "./provider.applications.$applicationId.check";
import * as providerFrameworks from "./provider.frameworks";
import { action as registerAction } from "./register-provider";

let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
  useDatabaseForTests(db);
});

async function requestAs(email: string | null, path: string, form?: Record<string, string>): Promise<Request> {
  const headers = new Headers();
  if (email) {
    const { token } = createSession(db, actorFor(db, email).id);
    headers.set("Cookie", (await commitSessionCookie(token)).split(";")[0]!);
  }
  if (!form) return new Request(`http://localhost:3000${path}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", "http://localhost:3000");
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
}

/** The answer, or the status of the response returned or thrown. */
async function run(load: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await load();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const init = (result as { init?: { status?: number } }).init;
      return { status: init?.status ?? 200, data: (result as { data: unknown }).data };
    }
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("registering an organisation", () => {
  it("answers the same for an address that already has an account as for a new one", async () => {
    const register = async (email: string) =>
      run(async () =>
        registerAction({ request: await requestAs(null, "/register-provider", { organisationName: "Loch Side Care", type: "charity", name: "Isla Grant", email }), params: {}, context: {} }),
      );
    expect(await register("isla@lochside.example")).toEqual({ sentTo: "isla@lochside.example" });
    expect(await register("admin@riverbank-care.example")).toEqual({ sentTo: "admin@riverbank-care.example" });
  });
});

describe("notifications and the provider's home page", () => {
  it("has a notifications page for every signed-in user, linked from the home page", async () => {
    const page = async (email: string | null) => run(async () => notificationsLoader({ request: await requestAs(email, "/notifications"), params: {}, context: {} }));
    expect(await page(null)).toBe(302);
    for (const email of ["admin@riverbank-care.example", "commissioner@clydevale.example", "morag@people.example", "practitioner@eastmuir.example"]) {
      expect(await page(email)).toMatchObject({ page: 1, rows: expect.any(Array) });
    }
  });

  it("shows a provider its evidence to renew on its home page, and nobody else", async () => {
    const home = async (email: string) => (await run(async () => homeLoader({ request: await requestAs(email, "/"), params: {}, context: {} }))) as { evidence: unknown; unread: number };
    expect((await home("admin@riverbank-care.example")).evidence).toEqual({
      actionNeeded: false,
      items: [expect.objectContaining({ text: expect.stringMatching(/^Public liability insurance for Self-directed Support Provider Framework 2026–2030 expires on .+, in 21 days$/), renew: expect.stringMatching(/^\/provider\/applications\/.+\/criteria\/.+/) })],
    });
    expect((await home("admin@glenburn-support.example")).evidence).toEqual({ actionNeeded: false, items: [] });
    expect((await home("commissioner@clydevale.example")).evidence).toBeNull();
  });
});

const HORIZONS = "admin@new-horizons.example";

/** New Horizons fills in every mandatory task of an application to the demo framework. */
function completeApplication(): string {
  const provider = actorFor(db, HORIZONS);
  const frameworkId = db.select().from(frameworks).where(eq(frameworks.reference, "CV-SDS-2026")).get()!.id;
  const framework = getFramework(db, actorFor(db, "commissioner@clydevale.example"), frameworkId);
  const id = startApplication(db, provider, framework.id);
  updateOrganisation(db, provider, {
    name: "New Horizons Support",
    type: "social_enterprise",
    charityNumber: "",
    companyNumber: "",
    address: "2 Harbour Street, Clydevale",
    postcode: "CV2 9HS",
    contactName: "Priya Nair",
    contactEmail: "admin@new-horizons.example",
    contactPhone: "01632 960 102",
    careInspectorateNumbers: "CS2020777888",
  });
  chooseLots(db, provider, id, [framework.lots[0]!.id]);
  for (const criterion of framework.criteria.filter((c) => c.mandatory)) {
    saveAnswer(db, provider, id, criterion.id, {
      answer: criterion.kind === "question" ? `Our answer on ${criterion.title}` : "",
      upload: criterion.kind === "document" ? { fileName: `${criterion.title}.pdf`, bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") } : null,
      expiresOn: criterion.expires ? addDays(todayIso(), 200) : "",
    });
  }
  acceptDeclarations(db, provider, id);
  return id;
}

describe("submitting an application", () => {
  it("ends on a confirmation page with the reference, and the application page then shows everything that was sent", async () => {
    const id = completeApplication();
    const params = { applicationId: id };
    const submitted = async () => run(async () => submittedLoader({ request: await requestAs(HORIZONS, `/provider/applications/${id}/submitted`), params, context: {} }));
    expect(await submitted()).toBe(404);

    const sent = await checkAction({ request: await requestAs(HORIZONS, `/provider/applications/${id}/check`, {}), params, context: {} });
    expect(sent).toBeInstanceOf(Response);
    expect((sent as Response).headers.get("Location")).toBe(`/provider/applications/${id}/submitted`);
    expect(await submitted()).toMatchObject({ reference: expect.stringMatching(/^APP-/), framework: "Self-directed Support Provider Framework 2026–2030", council: "Clydevale Council", again: false });
    expect(await run(async () => checkLoader({ request: await requestAs(HORIZONS, `/provider/applications/${id}/check`), params, context: {} }))).toBe(404);

    const page = (await run(async () => applicationLoader({ request: await requestAs(HORIZONS, `/provider/applications/${id}`), params, context: {} }))) as {
      summary: { title: string; value: string; document: { fileName: string } | null }[];
    };
    const answers = Object.fromEntries(page.summary.map((row) => [row.title, row.document ? `${row.document.fileName}${row.value}` : row.value]));
    expect(answers).toMatchObject({
      "Organisation details": "New Horizons Support, Social enterprise, 2 Harbour Street, Clydevale CV2 9HS, Priya Nair",
      "Lots you are applying for": "Care at home",
      "Scottish Living Wage commitment": "Our answer on Scottish Living Wage commitment",
      "Public liability insurance": expect.stringMatching(/^Public liability insurance\.pdf, expires /),
      "Complaints policy": "No file uploaded",
      Declarations: "Confirmed",
    });
    expect(page.summary).toHaveLength(13);
  });
});

describe("the provider's frameworks page", () => {
  it("says why an application cannot be started, in an error summary", async () => {
    const closed = createFramework(db, actorFor(db, "commissioner@clydevale.example"), {
      name: "Closed framework",
      reference: "CV-CLOSED-1",
      description: "",
      startDate: "2026-04-01",
      endDate: "2030-03-31",
      status: "closed",
      rolling: false,
    });
    const page = await renderRoute(providerFrameworks, "/provider/frameworks", await requestAs(HORIZONS, "/provider/frameworks", { frameworkId: closed }));
    expect(page.status).toBe(400);
    expect(page.html).toContain("There is a problem");
    expect(page.html).toContain("This framework is not open for applications.");
  });
});

describe("an application started by a member of staff", () => {
  it("tells staff to ask an administrator for the organisation's details, instead of linking to a page they may not open", async () => {
    const admin = makeUser(db, "provider_admin", { name: "Fiona Baird" });
    const staff = makeUser(db, "provider_staff", { organisationId: admin.organisationId });
    const frameworkId = db.select().from(frameworks).where(eq(frameworks.reference, "CV-SDS-2026")).get()!.id;
    const id = startApplication(db, staff, frameworkId);
    const ask = "Only an administrator of your organisation can change these: ask Fiona Baird.";
    for (const [module, path] of [
      [applicationPage, `/provider/applications/${id}`],
      [checkPage, `/provider/applications/${id}/check`],
    ] as const) {
      const asStaff = await renderRoute(module, "/provider/applications/:applicationId/*", await requestAs(staff.email, path));
      expect(asStaff.html).toContain(ask);
      expect(asStaff.html).not.toContain("/provider/organisation/edit");
      const asAdmin = await renderRoute(module, "/provider/applications/:applicationId/*", await requestAs(admin.email, path));
      expect(asAdmin.html).not.toContain(ask);
      expect(asAdmin.html).toContain(`/provider/organisation/edit?application=${id}`);
    }
  });
});

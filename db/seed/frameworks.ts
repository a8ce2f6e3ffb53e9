import { and, eq } from "drizzle-orm";
import { storeFile } from "~/domain/frameworks/files.server";
import { addDays, todayIso, type IsoDate } from "~/lib/dates";
import type { Db } from "../client.server";
import {
  applicationAnswers,
  applicationLots,
  councils,
  evidenceDocuments,
  frameworkCriteria,
  frameworkLots,
  frameworks,
  organisations,
  providerApplications,
  users,
} from "../schema";

export const DEMO_FRAMEWORK_REFERENCE = "CV-SDS-2026";

const LOTS = [
  ["Care at home", "Personal care and practical support in a person's own home.", 2150, 2480, "per hour"],
  ["Community and day support", "Support to get out and about, take part in activities, learn, work and volunteer.", 1980, 2300, "per hour"],
  ["Short breaks", "Overnight or daytime breaks for the person, and a rest for the people who care for them.", 14000, 19000, "per night"],
  ["Supported living", "Support for people living in their own tenancy, alone or with others.", 2100, 2450, "per hour"],
  ["Mental health and wellbeing", "Recovery-focused support for people living with mental ill health.", 2050, 2400, "per hour"],
] as const;

type Criterion = [title: string, guidance: string, kind: "question" | "document", mandatory: boolean, expires: boolean];

const CRITERIA: Criterion[] = [
  ["Care Inspectorate registration and grades", "Give your Care Inspectorate service registration numbers and the grades from your latest inspection.", "question", true, false],
  ["OSCR charity or Companies House number", "Give your Scottish charity number or your company number, and the name it is registered under.", "question", true, false],
  ["Public liability insurance", "Upload your certificate. We need cover of at least £5 million.", "document", true, true],
  ["Employer's liability insurance", "Upload your certificate. We need cover of at least £10 million.", "document", true, true],
  ["Safer recruitment and PVG policy", "Upload your policy on safer recruitment, including Protecting Vulnerable Groups scheme checks.", "document", true, false],
  ["Scottish Living Wage commitment", "Tell us how you pay at least the Scottish Living Wage to staff providing support.", "question", true, false],
  ["Adult support and protection policy", "Upload your safeguarding policy.", "document", true, false],
  ["Complaints policy", "Upload your complaints handling procedure.", "document", false, false],
  ["Data protection policy", "Upload your data protection policy and privacy notice.", "document", false, false],
  ["Business continuity plan", "Upload your plan for keeping support going in an emergency.", "document", false, false],
];

type DemoApplication = {
  organisation: string;
  status: "admitted" | "under_review";
  lots: string[];
  /** Expiry of the two insurance certificates, in days from the day the demo data is loaded. */
  insurance: [publicLiability: number, employersLiability: number];
};

const APPLICATIONS: DemoApplication[] = [
  { organisation: "Riverbank Community Care", status: "admitted", lots: ["Care at home", "Community and day support", "Short breaks"], insurance: [21, 240] },
  { organisation: "Glenburn Home Support", status: "admitted", lots: ["Care at home", "Supported living"], insurance: [300, 180] },
  { organisation: "Kirkmuir Wellbeing Trust", status: "admitted", lots: ["Mental health and wellbeing", "Community and day support"], insurance: [200, 45] },
  { organisation: "Northfield Day Opportunities", status: "under_review", lots: ["Community and day support", "Short breaks"], insurance: [330, 330] },
];

/** A one-page PDF standing in for each demo evidence document. */
function demoPdf(title: string): Uint8Array {
  const text = title.replace(/[()\\]/g, "");
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length ${text.length + 40}>>stream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * Clydevale's provider framework (open, rolling) with five lots and its criteria; three admitted providers
 * (Riverbank's public liability insurance expiring within 30 days) and one application under review.
 * Idempotent: nothing is added when the framework already exists.
 */
export function seedFrameworks(db: Db, today: IsoDate = todayIso()): void {
  const council = db.select().from(councils).where(eq(councils.slug, "clydevale")).get();
  if (!council) return;
  const exists = db
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(and(eq(frameworks.councilId, council.id), eq(frameworks.reference, DEMO_FRAMEWORK_REFERENCE)))
    .get();
  if (exists) return;
  const files: [string, Uint8Array][] = [];
  db.transaction((tx) => {
    const commissioner = tx.select().from(users).where(eq(users.email, "commissioner@clydevale.example")).get();
    const framework = tx
      .insert(frameworks)
      .values({
        councilId: council.id,
        name: "Self-directed Support Provider Framework 2026–2030",
        reference: DEMO_FRAMEWORK_REFERENCE,
        description:
          "Clydevale Council's framework of providers that people can choose from under Self-directed Support, including Option 2 Individual Service Funds. It re-opens to new providers every quarter.",
        startDate: "2026-04-01",
        endDate: "2030-03-31",
        status: "open",
        rolling: true,
      })
      .returning()
      .get();
    const lots = LOTS.map(([name, description, min, max, unit], position) =>
      tx.insert(frameworkLots).values({ frameworkId: framework.id, name, description, guideRateMinPence: min, guideRateMaxPence: max, guideRateUnit: unit, position }).returning().get(),
    );
    const criteria = CRITERIA.map(([title, guidance, kind, mandatory, expires], position) =>
      tx.insert(frameworkCriteria).values({ frameworkId: framework.id, title, guidance, kind, mandatory, expires, position }).returning().get(),
    );
    APPLICATIONS.forEach((demo, index) => {
      const organisation = tx.select().from(organisations).where(eq(organisations.name, demo.organisation)).get();
      if (!organisation) return;
      const submittedAt = new Date(Date.parse(`${addDays(today, -120 + index * 30)}T10:00:00Z`));
      const admitted = demo.status === "admitted";
      const { id: _id, createdAt: _createdAt, ...organisationDetails } = organisation;
      const application = tx
        .insert(providerApplications)
        .values({
          frameworkId: framework.id,
          councilId: council.id,
          organisationId: organisation.id,
          reference: `APP-DEMO0${index + 1}`,
          status: demo.status,
          declarationsAcceptedAt: submittedAt,
          submittedAt,
          organisationDetails,
          decidedAt: admitted ? new Date(submittedAt.getTime() + 14 * 86_400_000) : null,
        })
        .returning()
        .get();
      for (const lot of lots) {
        if (demo.lots.includes(lot.name)) tx.insert(applicationLots).values({ applicationId: application.id, lotId: lot.id, outcome: admitted ? "admitted" : "applied" }).run();
      }
      criteria.forEach((criterion, position) => {
        const answer =
          criterion.kind === "question"
            ? {
                "Care Inspectorate registration and grades": `${organisation.careInspectorateNumbers}. Latest grades: care and support 5 (very good), staffing 5, leadership 4.`,
                "OSCR charity or Companies House number": `${organisation.charityNumber || organisation.companyNumber || "Community interest company CIC-SC600123"}, registered as ${organisation.name}.`,
                "Scottish Living Wage commitment": "Every member of staff is paid at least the Scottish Living Wage, including for travel time and sleepovers.",
              }[criterion.title] ?? "Yes."
            : "";
        let documentId: string | null = null;
        let expiresOn: IsoDate | null = null;
        if (criterion.kind === "document") {
          expiresOn = criterion.expires ? addDays(today, demo.insurance[position === 2 ? 0 : 1]) : null;
          const bytes = demoPdf(`${organisation.name}: ${criterion.title}`);
          const document = tx
            .insert(evidenceDocuments)
            .values({
              organisationId: organisation.id,
              applicationId: application.id,
              criterionId: criterion.id,
              fileName: `${criterion.title.toLowerCase().replace(/[^a-z]+/g, "-")}.pdf`,
              contentType: "application/pdf",
              sizeBytes: bytes.byteLength,
              expiresOn,
              createdAt: submittedAt,
            })
            .returning()
            .get();
          documentId = document.id;
          files.push([document.id, bytes]);
        }
        tx.insert(applicationAnswers)
          .values({
            applicationId: application.id,
            criterionId: criterion.id,
            answer,
            documentId,
            expiresOn,
            evaluation: admitted ? "met" : null,
            evaluatedBy: admitted ? (commissioner?.id ?? null) : null,
          })
          .run();
      });
    });
  });
  for (const [id, bytes] of files) storeFile(db, id, bytes);
}

/**
 * The councils' provider frameworks as an Open Contracting Data Standard (OCDS 1.1) release package.
 *
 * What is published is framework data only, which is public anyway: a framework and its lots (a tender
 * release), each admission of a provider to lots (an award release) and each later change of that standing
 * (suspended, reinstated, exited: award update releases). Agreements and people are never read here.
 * See docs/decisions/009-reporting-open-data.md for the identifiers and how the dates are chosen.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { applicationLots, auditEvents, councils, frameworkLots, frameworks, organisations, providerApplications, type FrameworkStatus } from "@db/schema";
import { NotFound } from "~/lib/errors";
import { OCID_PREFIX, OGL_URL } from "./labels";

/** The lots extension: `tender.lots` and `awards.relatedLots`. */
export const LOTS_EXTENSION = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";

/** Framework states that are published: a draft is not. */
export const PUBLISHED: FrameworkStatus[] = ["open", "closed", "ended"];
const TENDER_STATUS: Record<FrameworkStatus, "planned" | "active" | "complete"> = { draft: "planned", open: "active", closed: "complete", ended: "complete" };
/** Standings that follow an admission, and the audit actions that record each change. */
const AFTER_ADMISSION = ["admitted", "suspended", "exited"] as const;
const STANDING_ACTIONS = ["application.admit", "application.suspend", "application.reinstate", "application.exit"] as const;
type StandingAction = (typeof STANDING_ACTIONS)[number];

export type OcdsOrganization = {
  id: string;
  name: string;
  identifier?: { scheme: string; id: string; legalName: string };
  roles: string[];
};
export type OcdsAward = {
  id: string;
  title: string;
  description: string;
  status: "active" | "cancelled";
  date: string;
  suppliers: { id: string; name: string }[];
  relatedLots: string[];
};
export type OcdsRelease = {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: "tender";
  language: "en";
  parties: OcdsOrganization[];
  buyer: { id: string; name: string };
  tender?: {
    id: string;
    title: string;
    description: string;
    status: string;
    procurementMethod: "open";
    mainProcurementCategory: "services";
    contractPeriod: { startDate: string; endDate: string };
    lots: { id: string; title: string; description: string; status: string }[];
  };
  awards?: OcdsAward[];
};
export type OcdsReleasePackage = {
  uri: string;
  version: "1.1";
  extensions: string[];
  publishedDate: string;
  publisher: { name: string; uri: string };
  license: string;
  publicationPolicy: string;
  releases: OcdsRelease[];
};

export const ocidOf = (councilSlug: string, frameworkReference: string) => `${OCID_PREFIX}-${councilSlug}-${frameworkReference}`;

/** A calendar date as the start or end of its day in UTC, as OCDS dates are date-times. */
const dayStart = (date: string) => `${date}T00:00:00Z`;
const dayEnd = (date: string) => `${date}T23:59:59Z`;
const iso = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, "Z");

/** An organisation's identifier from the org-id.guide lists: OSCR (GB-SC) or Companies House (GB-COH). */
function supplierOf(org: { id: string; name: string; charityNumber: string; companyNumber: string }): OcdsOrganization {
  if (org.charityNumber) return { id: `GB-SC-${org.charityNumber}`, name: org.name, identifier: { scheme: "GB-SC", id: org.charityNumber, legalName: org.name }, roles: ["supplier", "tenderer"] };
  if (org.companyNumber) return { id: `GB-COH-${org.companyNumber}`, name: org.name, identifier: { scheme: "GB-COH", id: org.companyNumber, legalName: org.name }, roles: ["supplier", "tenderer"] };
  return { id: `cc-organisation-${org.id}`, name: org.name, roles: ["supplier", "tenderer"] };
}

const buyerOf = (council: { slug: string; name: string }): OcdsOrganization => ({ id: `cc-council-${council.slug}`, name: council.name, roles: ["buyer", "procuringEntity"] });

/**
 * The release package for one council (by slug) or, without one, for every council. `origin` is the service's
 * public address, for the package's uri. Releases are ordered by ocid and date.
 */
export function ocdsReleasePackage(db: Tx, origin: string, councilSlug?: string, now: Date = new Date()): OcdsReleasePackage {
  const council = councilSlug ? db.select().from(councils).where(eq(councils.slug, councilSlug)).get() : undefined;
  if (councilSlug && !council) throw new NotFound("There is no council with that name");
  const rows = db
    .select({ framework: frameworks, council: { slug: councils.slug, name: councils.name } })
    .from(frameworks)
    .innerJoin(councils, eq(councils.id, frameworks.councilId))
    .where(and(inArray(frameworks.status, PUBLISHED), council ? eq(frameworks.councilId, council.id) : undefined))
    .orderBy(asc(councils.slug), asc(frameworks.reference))
    .all();
  const releases = rows.flatMap(({ framework, council }) => frameworkReleases(db, framework, council));
  const latest = releases.map((r) => r.date).sort().at(-1);
  const query = councilSlug ? `?council=${encodeURIComponent(councilSlug)}` : "";
  return {
    uri: `${origin}/open-data/ocds/releases.json${query}`,
    version: "1.1",
    extensions: [LOTS_EXTENSION],
    publishedDate: latest ?? iso(now),
    publisher: { name: council ? council.name : "Choice and Control", uri: `${origin}/open-data` },
    license: OGL_URL,
    publicationPolicy: `${origin}/open-data`,
    releases,
  };
}

function frameworkReleases(db: Tx, framework: typeof frameworks.$inferSelect, council: { slug: string; name: string }): OcdsRelease[] {
  const ocid = ocidOf(council.slug, framework.reference);
  const buyer = buyerOf(council);
  const lots = db.select().from(frameworkLots).where(eq(frameworkLots.frameworkId, framework.id)).orderBy(asc(frameworkLots.position)).all();
  const lastChange = db
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, "framework"), eq(auditEvents.subjectId, framework.id)))
    .orderBy(asc(auditEvents.id))
    .all()
    .at(-1)?.at;
  const tenderDate = iso(lastChange ?? framework.createdAt);
  const status = TENDER_STATUS[framework.status];
  const tender: OcdsRelease = {
    ocid,
    id: `${ocid}-tender-${Date.parse(tenderDate)}`,
    date: tenderDate,
    tag: ["tender"],
    initiationType: "tender",
    language: "en",
    parties: [buyer],
    buyer: { id: buyer.id, name: buyer.name },
    tender: {
      id: framework.reference,
      title: framework.name,
      description: framework.description || `${framework.name}: a provider framework of ${council.name}${framework.rolling ? ", open to new providers during its term" : ""}.`,
      status,
      procurementMethod: "open",
      mainProcurementCategory: "services",
      contractPeriod: { startDate: dayStart(framework.startDate), endDate: dayEnd(framework.endDate) },
      lots: lots.map((lot) => ({ id: lot.id, title: lot.name, description: lot.description, status })),
    },
  };
  return [tender, ...awardReleases(db, framework.id, ocid, buyer)];
}

/** One release per change of a provider's standing on the framework, from the audit trail. */
function awardReleases(db: Tx, frameworkId: string, ocid: string, buyer: OcdsOrganization): OcdsRelease[] {
  const applications = db
    .select({ application: providerApplications, organisation: organisations })
    .from(providerApplications)
    .innerJoin(organisations, eq(organisations.id, providerApplications.organisationId))
    .where(and(eq(providerApplications.frameworkId, frameworkId), inArray(providerApplications.status, AFTER_ADMISSION)))
    .orderBy(asc(providerApplications.reference))
    .all();
  if (applications.length === 0) return [];
  const ids = applications.map((a) => a.application.id);
  const admittedLots = db
    .select({ applicationId: applicationLots.applicationId, lotId: applicationLots.lotId })
    .from(applicationLots)
    .innerJoin(frameworkLots, eq(frameworkLots.id, applicationLots.lotId))
    .where(and(inArray(applicationLots.applicationId, ids), eq(applicationLots.outcome, "admitted")))
    .orderBy(asc(frameworkLots.position))
    .all();
  const changes = db
    .select({ id: auditEvents.id, subjectId: auditEvents.subjectId, action: auditEvents.action, at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, "provider_application"), inArray(auditEvents.subjectId, ids), inArray(auditEvents.action, [...STANDING_ACTIONS])))
    .orderBy(asc(auditEvents.id))
    .all();
  return applications.flatMap(({ application, organisation }) => {
    const supplier = supplierOf(organisation);
    const relatedLots = admittedLots.filter((l) => l.applicationId === application.id).map((l) => l.lotId);
    const events: { key: string; action: StandingAction; at: Date }[] = changes
      .filter((c) => c.subjectId === application.id)
      .map((c) => ({ key: String(c.id), action: c.action as StandingAction, at: c.at }));
    // An admission recorded before the audit trail (or loaded as demo data) dates from the decision itself.
    if (!events.some((e) => e.action === "application.admit")) {
      events.unshift({ key: "admission", action: "application.admit", at: application.decidedAt ?? application.submittedAt ?? application.createdAt });
    }
    let admittedOn = iso(events[0]!.at);
    return events.map(({ key, action, at }) => {
      const date = iso(at);
      if (action === "application.admit") admittedOn = date;
      const award: OcdsAward = {
        id: application.reference,
        title: `${organisation.name} admitted to the framework`,
        description: STANDING_WORDS[action](organisation.name, date.slice(0, 10), admittedOn.slice(0, 10)),
        status: action === "application.exit" ? "cancelled" : "active",
        date: admittedOn,
        suppliers: [{ id: supplier.id, name: supplier.name }],
        relatedLots,
      };
      return {
        ocid,
        id: `${ocid}-award-${application.reference}-${key}`,
        date,
        tag: [action === "application.admit" ? "award" : "awardUpdate"],
        initiationType: "tender" as const,
        language: "en" as const,
        parties: [buyer, supplier],
        buyer: { id: buyer.id, name: buyer.name },
        awards: [award],
      };
    });
  });
}

const STANDING_WORDS: Record<StandingAction, (name: string, on: string, admittedOn: string) => string> = {
  "application.admit": (name, on) => `${name} was admitted to the framework on ${on}.`,
  "application.suspend": (name, on, admittedOn) => `${name}, admitted on ${admittedOn}, was suspended from the framework on ${on}: it takes on no new agreements while suspended.`,
  "application.reinstate": (name, on, admittedOn) => `${name}, admitted on ${admittedOn}, was reinstated on the framework on ${on}.`,
  "application.exit": (name, on, admittedOn) => `${name}, admitted on ${admittedOn}, left the framework on ${on}.`,
};

import { Link, useLoaderData } from "@remix-run/react";
import { SummaryList, Table } from "~/components/ds";
import { publishingCouncils } from "~/domain/reporting/open-data.server";
import { OCID_PREFIX, OGL_URL } from "~/domain/reporting/labels";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Open data" };

export async function loader() {
  return withDomainErrors(async () => ({ councils: publishingCouncils(database()) }));
}

type Field = { field: string; meaning: string };

function FieldsTable({ caption, fields }: { caption: string; fields: Field[] }) {
  return (
    <Table
      caption={caption}
      rows={fields}
      rowKey={(f) => f.field}
      columns={[
        { header: "Field", cell: (f) => <code>{f.field}</code> },
        { header: "Meaning", cell: (f) => f.meaning },
      ]}
    />
  );
}

const OPEN_REFERRAL_FIELDS: Field[] = [
  { field: "id", meaning: "The service offer's identifier. It never changes, so a directory can keep it up to date." },
  { field: "name, description", meaning: "The offer's title, and its plain-language summary followed by what the support looks like day to day." },
  { field: "status", meaning: "Always active: only offers a provider has published, under lots it is admitted to, appear in the feed." },
  { field: "organization", meaning: "The provider, with its OSCR (GB-SC) or Companies House (GB-COH) number when it has one." },
  { field: "cost_options", meaning: "Each price in pounds (GBP), what it is per (hour, session, day, week or package), what it includes and the dates it is valid." },
  { field: "service_areas", meaning: "The council's localities where the support is available, by name." },
  { field: "schedules", meaning: "The days and times the support is given, or that they are flexible, and how it is delivered (at home, in the community, at a venue, online)." },
  { field: "languages", meaning: "Languages the support is given in, British Sign Language included (English when the provider names none); other community languages the provider names have a name but no code." },
  {
    field: "attributes, taxonomy_term",
    meaning:
      "The offer's type of support (the framework lot), the personal outcomes it helps with, who it is for (care groups), and communication support such as Makaton, a hearing loop or interpreters, with the provider's accessibility information as the value of its own term; from the taxonomies at /openreferral/taxonomies.",
  },
  { field: "minimum_age, maximum_age", meaning: "The ages the offer is for, when the provider has given them." },
  { field: "alert", meaning: "Whether the offer is taking new people: empty when it is, otherwise that new people join a waiting list or that it is not taking anyone." },
  { field: "accreditations", meaning: "The service's Care Inspectorate registration number and latest grades, when recorded." },
  { field: "url, email, last_modified", meaning: "The offer's page on this service, its contact email address and when it last changed." },
];

const OCDS_FIELDS: Field[] = [
  { field: "ocid", meaning: `The framework's identifier: the prefix ${OCID_PREFIX}, the council's short name and the framework's reference. It never changes.` },
  { field: "id", meaning: "The release's identifier. Each change to a framework or to a provider's standing on it is a new release with a new identifier." },
  { field: "date", meaning: "When the change was recorded: the framework's last change, or the commissioning team's decision about a provider." },
  { field: "tag", meaning: "tender: the framework and its lots; award: a provider admitted to lots; awardUpdate: a provider suspended, reinstated or exited." },
  { field: "buyer, parties", meaning: "The council (buyer and procuring entity) and the provider (supplier), with its OSCR (GB-SC) or Companies House (GB-COH) number when it has one." },
  { field: "tender.title, tender.description", meaning: "The framework's name and what it is for." },
  { field: "tender.status", meaning: "active while the framework is open to applications; complete once it is closed or ended." },
  { field: "tender.contractPeriod", meaning: "The dates the framework runs from and to." },
  { field: "tender.lots", meaning: "The framework's lots (the kinds of support), from the OCDS lots extension." },
  { field: "awards.id", meaning: "The reference of the provider's application to the framework." },
  { field: "awards.date", meaning: "When the provider was admitted." },
  { field: "awards.status", meaning: "active while the provider is on the framework (including while suspended, as the description says); cancelled once it has left." },
  { field: "awards.suppliers, awards.relatedLots", meaning: "The provider, and the lots it was admitted to." },
];

export default function OpenData() {
  const { councils } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Open data</h1>
      <p className="ds_lead">What the councils publish about their provider frameworks and the support on offer, free for anyone to use.</p>

      <h2>What is published</h2>
      <SummaryList
        rows={[
          {
            key: "Provider frameworks (OCDS)",
            value: (
              <>
                <p>
                  Every council's provider frameworks, their lots, and which providers were admitted, suspended or exited and when, as an{" "}
                  <a href="https://standard.open-contracting.org/1.1/en/">Open Contracting Data Standard (OCDS) 1.1</a> release package in JSON:{" "}
                  <a href="/open-data/ocds/releases.json">all councils</a>.
                </p>
                <p>Identifiers start with {OCID_PREFIX}.</p>
              </>
            ),
          },
          {
            key: "Service directory (Open Referral UK)",
            value: (
              <p>
                The service offers that admitted providers publish (what they offer, for whom, where and at what cost), in the{" "}
                <a href="https://openreferraluk.org/">Open Referral UK</a> format: <a href="/openreferral/">the service directory feed</a>, described by{" "}
                <a href="/openreferral/openapi.json">its OpenAPI document</a>.
              </p>
            ),
          },
          {
            key: "What is never published",
            value: <p>Anything about a supported person, and individual agreements between a person, a provider and the council.</p>,
          },
        ]}
      />

      <h2>Each council's frameworks</h2>
      <Table
        caption="OCDS release packages by council"
        rows={councils}
        rowKey={(c) => c.slug}
        empty="No council has published a framework yet."
        columns={[
          { header: "Council", cell: (c) => c.name },
          { header: "Frameworks", cell: (c) => c.frameworks, numeric: true },
          { header: "Release package", cell: (c) => <a href={`/open-data/ocds/releases.json?council=${c.slug}`}>{c.name} frameworks (JSON)</a> },
        ]}
      />
      <p>
        The same information is on the <Link to="/frameworks">provider frameworks</Link> pages.
      </p>

      <h2>Licence</h2>
      <p>
        You may use this data under the <a href={OGL_URL}>Open Government Licence v3.0</a>: copy, publish, adapt and use it, also commercially, as long as you
        acknowledge the councils as its source.
      </p>

      <h2>Fields in the framework releases</h2>
      <FieldsTable caption="What each field of the OCDS releases means" fields={OCDS_FIELDS} />
      <h2>Fields in the service directory</h2>
      <FieldsTable caption="What each field of the Open Referral UK services means" fields={OPEN_REFERRAL_FIELDS} />
      <p>
        Any website may read the data directly: the feeds are sent with <code>Access-Control-Allow-Origin: *</code>.
      </p>
    </>
  );
}

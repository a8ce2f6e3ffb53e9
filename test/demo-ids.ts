import type { Database } from "better-sqlite3";

/** Ids from the demo data that sample paths and forms use, keyed like `person:CV-100234` or `offer:riverbank`. */
export type DemoIds = Record<string, string>;

/** Reads the ids from a database holding the demo data (the service's own in e2e, a seeded copy in Vitest). */
export function readDemoIds(db: Database): DemoIds {
  const ids: DemoIds = {};
  for (const row of db.prepare("select slug, id from councils").all() as { slug: string; id: string }[]) ids[`council:${row.slug}`] = row.id;
  for (const row of db.prepare("select reference, id from frameworks").all() as { reference: string; id: string }[]) {
    ids[`framework:${row.reference}`] = row.id;
    // A framework just created by another journey may have no lots or criteria yet.
    ids[`lot:${row.reference}`] = (db.prepare("select id from framework_lots where framework_id = ? order by position limit 1").get(row.id) as { id: string } | undefined)?.id ?? "none";
    ids[`criterion:${row.reference}`] = (db.prepare("select id from framework_criteria where framework_id = ? order by position limit 1").get(row.id) as { id: string } | undefined)?.id ?? "none";
  }
  for (const row of db.prepare("select o.name, a.id from provider_applications a join organisations o on o.id = a.organisation_id").all() as { name: string; id: string }[]) {
    ids[`application:${row.name}`] = row.id;
    const document = db.prepare("select id from evidence_documents where application_id = ? limit 1").get(row.id) as { id: string } | undefined;
    if (document) ids[`document:${row.name}`] = document.id;
  }
  for (const row of db.prepare("select reference, id from people").all() as { reference: string; id: string }[]) ids[`person:${row.reference}`] = row.id;
  const first = (query: string) => (db.prepare(query).get() as { id: string } | undefined)?.id ?? "none";
  ids["offer:riverbank"] = first(
    "select o.id from offers o join organisations g on g.id = o.organisation_id where g.name = 'Riverbank Community Care' and o.status = 'published' order by o.created_at desc limit 1",
  );
  ids["representative:aileen"] = first("select id from representatives where email = 'aileen@people.example' limit 1");
  ids["enquiry:morag"] = first("select e.id from enquiries e join users u on u.id = e.person_user_id where u.email = 'morag@people.example' limit 1");
  const funds = db.prepare("select p.reference, a.id from isf_accounts a join people p on p.id = a.person_id").all() as { reference: string; id: string }[];
  for (const row of funds) ids[`fund:${row.reference}`] = row.id;
  const entries = db
    .prepare("select p.reference, e.id from ledger_entries e join isf_accounts a on a.id = e.account_id join people p on p.id = a.person_id where e.kind = 'drawdown' order by e.sequence")
    .all() as { reference: string; id: string }[];
  for (const row of entries) ids[`entry:${row.reference}`] = row.id;
  const agreements = db
    .prepare("select a.id, lower(substr(p.name, 1, instr(p.name, ' ') - 1)) as first from agreements a join people p on p.id = a.person_id order by a.created_at")
    .all() as { id: string; first: string }[];
  for (const row of agreements) ids[`agreement:${row.first}`] ??= row.id;
  for (const row of db.prepare("select id, lower(substr(name, 1, instr(name, ' ') - 1)) as first from people").all() as { id: string; first: string }[]) {
    ids[`person:${row.first}`] ??= row.id;
  }
  const invoice = (status: string) =>
    (db.prepare("select i.id from invoices i join organisations o on o.id = i.provider_organisation_id where o.name = 'Riverbank Community Care' and i.status = ? order by i.reference").get(status) as { id: string } | undefined)?.id ?? "none";
  ids["invoice:riverbank"] = invoice("submitted");
  ids["invoice:paid"] = invoice("paid");
  ids["invoice:queried"] = invoice("queried");
  ids["line:queried"] = first(`select id from invoice_lines where invoice_id = '${ids["invoice:queried"]}' order by position limit 1`);
  ids["payment-run:clydevale"] = first("select r.id from payment_runs r join councils c on c.id = r.council_id where c.slug = 'clydevale' and r.reference = 'PR-00001'");
  ids["upload:queried"] = first(`select id from invoice_uploads where invoice_id = '${ids["invoice:queried"]}' order by uploaded_at limit 1`);
  return ids;
}

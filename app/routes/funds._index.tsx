import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { Button, PageHeader, Pagination, Table } from "~/components/ds";
import { FlagTags } from "~/components/funds/flags";
import { FLAG_LABELS, LEDGER_FLAGS } from "~/domain/ledger/figures";
import { FundsListSchema, WITHOUT_LOT } from "~/domain/ledger/funds.schema";
import { fundsList } from "~/domain/ledger/funds.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPenceShort } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Individual Service Funds" };

/** A provider's or a council's Individual Service Fund accounts, riskiest first, with filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const filters = FundsListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const list = fundsList(database(), actor, {
      providerOrganisationId: filters.provider,
      lotId: filters.lot,
      localityId: filters.locality,
      flag: filters.flag,
      page: filters.page,
    });
    return { ...list, filters };
  });
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div className="ds_question">
      <label className="ds_label" htmlFor={name}>
        {label}
      </label>
      <div className="ds_select-wrapper">
        <select className="ds_select" id={name} name={name} defaultValue={value ?? ""}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="ds_select-arrow" aria-hidden="true" />
      </div>
    </div>
  );
}

export default function Funds() {
  const data = useLoaderData<typeof loader>();
  const council = data.viewer === "council";
  const query = (page: number) =>
    `/funds?${new URLSearchParams({
      ...(data.filters.provider ? { provider: data.filters.provider } : {}),
      ...(data.filters.lot ? { lot: data.filters.lot } : {}),
      ...(data.filters.locality ? { locality: data.filters.locality } : {}),
      ...(data.filters.flag ? { flag: data.filters.flag } : {}),
      page: String(page),
    })}`;
  return (
    <div className="app-wide">
      <PageHeader title="Individual Service Funds" />
      <p>
        {council ? "Every Individual Service Fund of the council" : "The Individual Service Funds of the people you support"}, those needing attention first: forecast
        overspend, then forecast underspend over 20%, surplus held too long, and no drawdown for 8 weeks.
      </p>
      <Form method="get" role="search" aria-label="Filter the funds">
        {council && <FilterSelect name="provider" label="Provider" value={data.filters.provider} options={data.providers.map((p) => ({ value: p.id, label: p.name }))} />}
        {council && <FilterSelect name="lot" label="Lot" value={data.filters.lot} options={[...data.lots.map((l) => ({ value: l.id, label: l.name })), { value: WITHOUT_LOT, label: "No lot recorded" }]} />}
        {council && <FilterSelect name="locality" label="Locality" value={data.filters.locality} options={data.localities.map((l) => ({ value: l.id, label: l.label }))} />}
        <FilterSelect name="flag" label="Flag" value={data.filters.flag} options={LEDGER_FLAGS.map((f) => ({ value: f, label: FLAG_LABELS[f] }))} />
        <Button variant="secondary">Filter</Button>
      </Form>
      <p role="status">{data.total === 1 ? "1 fund" : `${data.total} funds`}</p>
      <Table
        caption="Individual Service Funds, those needing attention first"
        rows={data.rows}
        rowKey={(r) => r.account.id}
        empty="No funds match."
        columns={[
          { header: "Person", cell: (r) => <Link to={`/funds/${r.account.id}`}>{r.person ? `${r.person.name} (${r.person.reference})` : "Person not recorded"}</Link> },
          ...(council ? [{ header: "Provider", cell: (r: (typeof data.rows)[number]) => r.providerName }, { header: "Locality", cell: (r: (typeof data.rows)[number]) => r.person?.locality ?? "Not recorded" }] : []),
          { header: "Budget", cell: (r) => formatPenceShort(r.figures.funding), numeric: true },
          { header: "Left", cell: (r) => formatPenceShort(r.figures.balance), numeric: true },
          { header: "Invoiced, waiting for approval", cell: (r) => formatPenceShort(r.figures.committed), numeric: true },
          { header: "Forecast spend at the end", cell: (r) => formatPenceShort(r.figures.forecast.forecastSpend), numeric: true },
          { header: "Flags", cell: (r) => <FlagTags flags={r.figures.flags} /> },
        ]}
      />
      <Pagination page={data.page} pageCount={data.pageCount} href={query} />
    </div>
  );
}

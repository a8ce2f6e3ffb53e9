import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BackLink, InsetText, PageHeader, SummaryList, Table } from "~/components/ds";
import { BudgetSummary, OutcomesList, RepresentativesTable } from "~/components/people/person-record";
import { agreementsForPerson } from "~/domain/agreements/agreements.server";
import { accountsOfPerson } from "~/domain/ledger/funds.server";
import { peopleActedFor, personRecord } from "~/domain/people/people.server";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { self: boolean; name: string }) => (data.self ? "My support" : `Support for ${data.name}`) };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const record = personRecord(database(), actor, params.personId ?? "");
    if (record.access === "council" || record.access === "provider") throw redirect(`/people/${record.person.id}`);
    const { person } = record;
    return {
      self: record.access === "self",
      name: person.name,
      id: person.id,
      council: record.council,
      practitioner: record.practitioner,
      budget: record.budget,
      outcomes: record.outcomes,
      representatives: record.representatives,
      several: peopleActedFor(database(), actor).length > 1,
      agreements: agreementsForPerson(database(), actor, person.id),
      funds: accountsOfPerson(database(), actor, person.id),
    };
  });
}

export default function PersonSupport() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      {data.several && <BackLink to="/my-support">Everyone you act for</BackLink>}
      <PageHeader title={data.self ? "My support" : `Support for ${data.name}`} label={data.self ? data.name : undefined} />

      <h2>{data.self ? "Your budget" : "Budget"}</h2>
      <BudgetSummary budget={data.budget} />

      <h2>{data.self ? "What you want from your support" : "Outcomes"}</h2>
      <OutcomesList outcomes={data.outcomes} empty="Your practitioner has not recorded any outcomes yet." />

      <h2>{data.self ? "Your practitioner" : "Practitioner"}</h2>
      <SummaryList
        rows={[
          { key: "Name", value: data.practitioner?.name ?? "Not yet given" },
          { key: "Email", value: data.practitioner ? <a href={`mailto:${data.practitioner.email}`}>{data.practitioner.email}</a> : "Not yet given" },
          { key: "Council", value: data.council },
        ]}
      />

      <h2>People who act for {data.self ? "you" : data.name}</h2>
      <RepresentativesTable representatives={data.representatives} />

      <h2>Agreements</h2>
      {data.agreements.length === 0 ? (
        <InsetText>When {data.self ? "you choose" : `${data.name} chooses`} a provider, the agreement will show here with where it stands.</InsetText>
      ) : (
        <Table
          caption="Agreements with providers"
          rows={data.agreements}
          rowKey={(a) => a.id}
          columns={[
            { header: "Agreement", cell: (a) => <Link to={`/agreements/${a.id}`}>{a.reference}</Link> },
            { header: "Provider", cell: (a) => `${a.provider} (${a.lot.toLowerCase()})` },
            { header: "Dates", cell: (a) => (a.startOn && a.endOn ? `${formatDate(a.startOn)} to ${formatDate(a.endOn)}` : "Not set yet") },
            { header: "Amount", cell: (a) => (a.isfPence > 0 ? formatPence(a.isfPence) : "Not set yet"), numeric: true },
            {
              header: "Where it stands",
              cell: (a) => (
                <>
                  {a.status}
                  {a.change && <span className="ds_hint-text"> A change: {a.change.toLowerCase()}</span>}
                  {a.sign && (
                    <>
                      {" "}
                      <Link to={a.sign}>
                        Read and sign<span className="visually-hidden"> the agreement with {a.provider}</span>
                      </Link>
                    </>
                  )}
                </>
              ),
            },
          ]}
        />
      )}

      <h2>{data.self ? "Your money" : "Money"}</h2>
      {data.funds.length === 0 ? (
        <InsetText>When an agreement with a provider is approved, its Individual Service Fund will show here with how much is left to spend.</InsetText>
      ) : (
        <Table
          caption="Individual Service Funds"
          rows={data.funds}
          rowKey={(f) => f.id}
          columns={[
            {
              header: "Fund",
              cell: (f) => (
                <>
                  <Link to={`/funds/${f.id}`}>Individual Service Fund with {f.provider}</Link>
                  <br />
                  <span className="ds_hint-text">
                    {formatDate(f.periodStart)} to {formatDate(f.periodEnd)}
                    {f.closedAt ? " (closed)" : ""}
                  </span>
                  {f.standing && <p className="ds_hint-text">{f.standing}</p>}
                </>
              ),
            },
            { header: "Balance", cell: (f) => f.sentence },
            { header: "Spent", cell: (f) => formatPence(f.spent), numeric: true },
            {
              header: "Available to spend",
              cell: (f) => (
                <>
                  {formatPence(f.available)}
                  {f.committed > 0 && <span className="ds_hint-text"> after {formatPence(f.committed)} of invoices waiting for approval</span>}
                </>
              ),
              numeric: true,
            },
          ]}
        />
      )}

      <p>
        <Link to={`/people/${data.id}/record.pdf`} reloadDocument>
          Download {data.self ? "your" : "the"} record (PDF)
        </Link>
      </p>
    </>
  );
}

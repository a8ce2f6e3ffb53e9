import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BackLink, InsetText, PageHeader, SummaryList } from "~/components/ds";
import { BudgetSummary, OutcomesList, RepresentativesTable } from "~/components/people/person-record";
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

      <h2>Agreements and spending</h2>
      {data.funds.length === 0 ? (
        <InsetText>When an agreement with a provider is in place, it will show here with how much of the budget has been spent.</InsetText>
      ) : (
        <ul className="ds_no-bullets">
          {data.funds.map((fund) => (
            <li key={fund.id}>
              <Link to={`/funds/${fund.id}`}>
                Individual Service Fund with {fund.provider}, {formatDate(fund.periodStart)} to {formatDate(fund.periodEnd)}
              </Link>
              {fund.closedAt && <span className="ds_hint-text"> (closed)</span>}
              {fund.committed > 0 && (
                <p className="ds_hint-text">
                  {formatPence(fund.committed)} invoiced by {fund.provider}, waiting for the council's approval
                </p>
              )}
            </li>
          ))}
        </ul>
      )}

      <p>
        <Link to={`/people/${data.id}/record.pdf`} reloadDocument>
          Download {data.self ? "your" : "the"} record (PDF)
        </Link>
      </p>
    </>
  );
}

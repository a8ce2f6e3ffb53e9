import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { AgreementStatusTag } from "~/components/agreements/agreement-view";
import { BackLink, PageHeader, SummaryList, Table, Tag, WarningText } from "~/components/ds";
import { BudgetHistory, BudgetSummary, OutcomesList, PersonDetailsSummary, RepresentativesTable } from "~/components/people/person-record";
import { listAgreements } from "~/domain/agreements/agreements.server";
import { personRecord } from "~/domain/people/people.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { record: { person: { name: string } } }) => data.record.person.name };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const db = database();
    const record = personRecord(db, actor, params.personId ?? "");
    if (record.access === "self" || record.access === "representative") throw redirect(`/my-support/${record.person.id}`);
    const canChange = record.person.status === "open" && can(actor, "people.record", { councilId: record.person.councilId });
    const agreements = listAgreements(db, actor, { person: record.person.id, page: 1 });
    return { record, canChange, agreements: { ...agreements, rows: agreements.rows.map(({ createdAt: _created, ...row }) => row) } };
  });
}

export default function PersonPage() {
  const { record, canChange, agreements } = useLoaderData<typeof loader>();
  const { person } = record;
  const base = `/people/${person.id}`;
  const link = (path: string) => (canChange ? `${base}/${path}` : undefined);
  return (
    <div className="app-wide">
      <BackLink to="/people">All people</BackLink>
      <PageHeader title={person.name} label={`Reference ${person.reference}`}>
        {person.status === "closed" && <Tag colour="grey">Closed</Tag>}
      </PageHeader>
      {person.status === "closed" && (
        <WarningText>
          This record was closed{person.closedAt ? ` on ${formatDate(new Date(person.closedAt).toISOString().slice(0, 10))}` : ""}: {person.closedReason}
        </WarningText>
      )}
      <p>
        <Link to={`${base}/record.pdf`} reloadDocument>
          Download the record (PDF)
        </Link>
      </p>

      <h2>Details</h2>
      <PersonDetailsSummary person={person} locality={record.locality} careGroup={record.careGroup} changeLink={link("details")} />

      <h2>Practitioner</h2>
      <SummaryList
        rows={[
          {
            key: "Practitioner",
            value: record.practitioner ? `${record.practitioner.name} (${record.practitioner.email})` : "None",
            action: canChange ? { to: `${base}/practitioner`, label: "Change", hiddenLabel: "the practitioner" } : undefined,
          },
        ]}
      />

      <h2>Assessment</h2>
      <SummaryList
        rows={[
          {
            key: "Outcome",
            value: record.assessment
              ? `${record.assessment.eligible ? "Eligible" : "Not eligible"}, assessed ${formatDate(record.assessment.assessedOn)}${record.assessment.summary ? `. ${record.assessment.summary}` : ""}`
              : "Not assessed yet",
            action: canChange ? { to: `${base}/assessment`, label: record.assessment ? "Change" : "Record", hiddenLabel: "the assessment" } : undefined,
          },
        ]}
      />

      <h2>Budget</h2>
      <BudgetSummary budget={record.budget} budgetLink={link("budget")} optionsLink={record.budget ? link("options") : undefined} />
      {canChange && !record.budget && record.assessment?.eligible && (
        <p>
          <Link to={`${base}/budget`}>Record the budget</Link>
        </p>
      )}
      {record.budgetHistory.length > 1 && <BudgetHistory history={record.budgetHistory} />}
      {canChange && (record.budget?.option2Pence ?? 0) > 0 && (
        <p>
          <Link to={`/agreements/new?person=${record.person.id}`}>Choose an Option 2 provider with {record.person.name}</Link>
        </p>
      )}

      <h2>Option 2 agreements</h2>
      <Table
        caption={`${person.name}'s Option 2 agreements`}
        rows={agreements.rows}
        rowKey={(row) => row.id}
        empty={`${person.name} has no Option 2 agreements.`}
        columns={[
          { header: "Reference", cell: (row) => <Link to={`/agreements/${row.id}`}>{row.reference}</Link> },
          { header: "Provider", cell: (row) => row.provider },
          { header: "Dates", cell: (row) => (row.startOn && row.endOn ? `${formatDate(row.startOn)} to ${formatDate(row.endOn)}` : "Not set") },
          { header: "ISF amount", cell: (row) => formatPence(row.isfPence), numeric: true },
          { header: "Status", cell: (row) => <AgreementStatusTag status={row.status} startsLater={row.startsLater} /> },
        ]}
      />
      {agreements.total > agreements.rows.length && (
        <p>
          <Link to={`/agreements?person=${person.id}`}>All {agreements.total} agreements</Link>
        </p>
      )}

      <h2>Outcomes</h2>
      <OutcomesList outcomes={record.outcomes} />
      {canChange && (
        <p>
          <Link to={`${base}/outcomes`}>Add or remove outcomes</Link>
        </p>
      )}

      <h2>Representatives</h2>
      <RepresentativesTable representatives={record.representatives} changeLink={canChange ? (id) => `${base}/representatives/${id}` : undefined} />
      {canChange && (
        <p>
          <Link to={`${base}/representatives/new`}>Record a representative</Link>
        </p>
      )}

      <h2>Using this service</h2>
      <p>{person.userId ? `${person.name} has an account.` : `${person.name} does not have an account yet.`}</p>
      {canChange && (
        <ul className="ds_no-bullets">
          <li>
            <Link to={`${base}/invite`}>Invite the person or a representative</Link>
          </li>
          <li>
            <Link to={`${base}/close`}>Close this record</Link>
          </li>
        </ul>
      )}
    </div>
  );
}

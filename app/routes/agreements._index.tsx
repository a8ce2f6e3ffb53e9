import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isCouncilStaff, isPersonUser, isProviderUser } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { AgreementStatusTag } from "~/components/agreements/agreement-view";
import { ButtonLink, PageHeader, Pagination, Table } from "~/components/ds";
import { AGREEMENT_STATUS_LABELS, VERSION_STATUS_LABELS } from "~/domain/agreements/lifecycle";
import { ListFilterSchema } from "~/domain/agreements/agreements.schema";
import { listAgreements } from "~/domain/agreements/agreements.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Agreements" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    if (!isCouncilStaff(actor) && !isProviderUser(actor) && !isPersonUser(actor)) throw new Response("You cannot see this page", { status: 403 });
    const filter = ListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const result = listAgreements(database(), actor, filter);
    return {
      ...result,
      status: filter.status ?? "",
      lot: filter.lot ?? "",
      personId: filter.person ?? "",
      q: filter.q ?? "",
      approvedFrom: filter.approvedFrom ?? "",
      approvedTo: filter.approvedTo ?? "",
      rows: result.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
      audience: isCouncilStaff(actor) ? ("council" as const) : isProviderUser(actor) ? ("provider" as const) : ("person" as const),
      canApprove: actor.role === "commissioner",
    };
  });
}

const FILTERS = [
  ["", "All"],
  ["awaiting_approval_any", "Waiting for approval (new and changes)"],
  ["in_force", "In force today (active or under notice)"],
  ["draft", AGREEMENT_STATUS_LABELS.draft],
  ["issued", AGREEMENT_STATUS_LABELS.issued],
  ["active", AGREEMENT_STATUS_LABELS.active],
  ["ending", AGREEMENT_STATUS_LABELS.ending],
  ["ended", AGREEMENT_STATUS_LABELS.ended],
  ["withdrawn", AGREEMENT_STATUS_LABELS.withdrawn],
] as const;

export default function Agreements() {
  const { rows, total, page, pageCount, status, lot, personId, q, approvedFrom, approvedTo, person, audience } = useLoaderData<typeof loader>();
  const approved = { ...(approvedFrom ? { approvedFrom } : {}), ...(approvedTo ? { approvedTo } : {}) };
  const href = (p: number) =>
    `/agreements?${new URLSearchParams({ ...(status ? { status } : {}), ...(lot ? { lot } : {}), ...(personId ? { person: personId } : {}), ...(q ? { q } : {}), ...approved, page: String(p) })}`;
  const title = audience === "person" ? "Your agreements" : audience === "provider" ? "Your organisation's agreements" : "Option 2 agreements";
  return (
    <div className="app-wide">
      <PageHeader title={title} />
      {audience === "person" && (
        <>
          <p>Your Option 2 agreements with providers, and where each one stands. You can start a new one by choosing a provider.</p>
          <ButtonLink to="/agreements/new">Choose a provider</ButtonLink>
        </>
      )}
      <form method="get" className="ds_!_margin-bottom--4">
        {audience !== "person" && (
          <div className="ds_question">
            <label className="ds_label" htmlFor="q">
              Person
            </label>
            <p className="ds_hint-text" id="q-hint">
              Their name or reference number, or the agreement's reference
            </p>
            <input className="ds_input ds_input--fixed-20" type="search" id="q" name="q" defaultValue={q} maxLength={100} aria-describedby="q-hint" />
          </div>
        )}
        <div className="ds_question">
          <label className="ds_label" htmlFor="status">
            Show
          </label>
          <div className="ds_select-wrapper">
            <select className="ds_select" id="status" name="status" defaultValue={status}>
              {FILTERS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <span className="ds_select-arrow" aria-hidden="true" />
          </div>
        </div>
        {lot && <input type="hidden" name="lot" value={lot} />}
        {personId && <input type="hidden" name="person" value={personId} />}
        {Object.entries(approved).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button className="ds_button ds_button--secondary ds_button--small" type="submit">
          Filter
        </button>
      </form>
      <p role="status">
        {total === 1 ? "1 agreement" : `${total} agreements`}
        {status === "in_force" && " in force today"}
        {lot && " under the chosen lot of the framework"}
        {personId && (person ? ` of ${person.name}` : " of the chosen person")}
        {q && ` for people or references matching “${q}”`}
        {(approvedFrom || approvedTo) &&
          ` first approved ${approvedFrom ? `from ${formatDate(approvedFrom)}` : ""}${approvedFrom && approvedTo ? " " : ""}${approvedTo ? `${approvedFrom ? "to" : "up to"} ${formatDate(approvedTo)}` : ""}`}
      </p>
      {(approvedFrom || approvedTo) && (
        <p>
          <Link to={status ? `/agreements?status=${status}` : "/agreements"}>Show agreements whenever they were approved</Link>
        </p>
      )}
      {personId && (
        <p>
          <Link to={status ? `/agreements?status=${status}` : "/agreements"}>Show everyone's agreements</Link>
        </p>
      )}
      {lot && (
        <p>
          <Link to={status ? `/agreements?status=${status}` : "/agreements"}>Show agreements under every lot</Link>
        </p>
      )}
      <Table
        caption={title}
        rows={rows}
        rowKey={(row) => row.id}
        empty="There are no agreements to show."
        columns={[
          { header: "Reference", cell: (row) => <Link to={`/agreements/${row.id}`}>{row.reference}</Link> },
          { header: "Person", cell: (row) => row.person },
          { header: "Provider", cell: (row) => row.provider },
          { header: "Dates", cell: (row) => (row.startOn && row.endOn ? `${formatDate(row.startOn)} to ${formatDate(row.endOn)}` : "Not set") },
          { header: "ISF amount", cell: (row) => formatPence(row.isfPence), numeric: true },
          {
            header: "Status",
            cell: (row) => (
              <>
                <AgreementStatusTag status={row.status} startsLater={row.startsLater} />
                {row.pending && <span className="ds_hint-text"> Change: {VERSION_STATUS_LABELS[row.pending].toLowerCase()}</span>}
              </>
            ),
          },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} href={href} />
    </div>
  );
}

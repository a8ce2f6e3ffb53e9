import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { APPLICATION_STATUSES } from "@db/schema/frameworks";
import { requireActor } from "~/auth/session.server";
import { Button, DsForm, Pagination, Select, Table } from "~/components/ds";
import { ApplicationStatusTag } from "~/components/frameworks";
import { applicationQueue } from "~/domain/frameworks/applications.server";
import { QueueFilterSchema } from "~/domain/frameworks/frameworks.schema";
import { APPLICATION_STATUS_LABELS, TO_REVIEW, TO_REVIEW_LABEL } from "~/domain/frameworks/labels";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Applications" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const params = new URL(request.url).searchParams;
    const filter = QueueFilterSchema.parse({ status: params.get("status") || undefined, lot: params.get("lot") || undefined, page: params.get("page") ?? "1" });
    const queue = applicationQueue(database(), actor, filter);
    return {
      ...queue,
      filter: { status: filter.status ?? "", lot: filter.lot ?? "" },
      rows: queue.rows.map((r) => ({ ...r, submittedAt: r.submittedAt ? formatDateTime(r.submittedAt) : "" })),
    };
  });
}

export default function Applications() {
  const { rows, total, page, pageCount, lots, filter } = useLoaderData<typeof loader>();
  const href = (p: number) => `?${new URLSearchParams({ ...(filter.status && { status: filter.status }), ...(filter.lot && { lot: filter.lot }), page: String(p) })}`;
  return (
    <div className="app-wide">
      <h1 className="ds_page-header__title">Applications</h1>
      <p>Applications from providers to your council's frameworks, and the providers admitted to them.</p>
      <DsForm method="get" defaults={filter} summary={false}>
        <div className="app-filters">
          <Select
            name="status"
            label="Status"
            placeholder="Any status"
            options={[{ value: TO_REVIEW, label: TO_REVIEW_LABEL }, ...APPLICATION_STATUSES.filter((s) => s !== "draft").map((s) => ({ value: s, label: APPLICATION_STATUS_LABELS[s] }))]}
          />
          <Select name="lot" label="Lot" placeholder="Any lot" options={lots.map((l) => ({ value: l.id, label: `${l.name} (${l.framework})` }))} />
          <Button variant="secondary">Filter</Button>
        </div>
      </DsForm>
      <p role="status">{total === 1 ? "1 application" : `${total} applications`}</p>
      <Table
        caption="Applications"
        rows={rows}
        rowKey={(r) => r.id}
        empty="No applications match."
        columns={[
          { header: "Provider", cell: (r) => <Link to={`/commissioning/applications/${r.id}`}>{r.organisation}</Link> },
          { header: "Reference", cell: (r) => (r.moreLots ? `${r.reference} (for more lots)` : r.reference) },
          { header: "Framework", cell: (r) => r.framework },
          { header: "Submitted", cell: (r) => r.submittedAt },
          { header: "Status", cell: (r) => <ApplicationStatusTag status={r.status} /> },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} href={href} />
    </div>
  );
}

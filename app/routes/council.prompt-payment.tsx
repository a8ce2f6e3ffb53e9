import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { SummaryList, Table, Tag } from "~/components/ds";
import { promptPayment } from "~/domain/invoices/payment-runs.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Prompt payment" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    return promptPayment(database(), actor);
  });
}

const days = (n: number, target: number) =>
  n > target ? <Tag colour="red">{`${n} days`}</Tag> : `${n} days`;

export default function PromptPayment() {
  const { rows, overall, target } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Prompt payment</h1>
      <p className="ds_lead">
        Days from an invoice's submission to its payment, against the {target}
        -day target for public contracts.
      </p>
      <SummaryList
        rows={[
          { key: "Invoices paid", value: String(overall.invoices) },
          { key: "Median", value: days(overall.median, target) },
          { key: "90th percentile", value: days(overall.p90, target) },
          {
            key: `Paid within ${target} days`,
            value: `${overall.withinTarget} of ${overall.invoices}`,
          },
        ]}
      />
      <Table
        caption="By provider and month of payment"
        rows={rows}
        rowKey={(r) => `${r.providerName}-${r.month}`}
        empty="No invoices have been paid yet."
        columns={[
          { header: "Month", cell: (r) => r.month },
          { header: "Provider", cell: (r) => r.providerName },
          {
            header: "Invoices",
            numeric: true,
            cell: (r) => String(r.invoices),
          },
          {
            header: "Median",
            numeric: true,
            cell: (r) => days(r.median, target),
          },
          {
            header: "90th percentile",
            numeric: true,
            cell: (r) => days(r.p90, target),
          },
          {
            header: `Within ${target} days`,
            numeric: true,
            cell: (r) => String(r.withinTarget),
          },
        ]}
      />
    </>
  );
}

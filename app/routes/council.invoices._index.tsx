import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Pagination, Table } from "~/components/ds";
import {
  DaysToPay,
  InvoiceStatusTag,
} from "~/components/invoices/invoice-lines";
import { approvalQueue } from "~/domain/invoices/invoices.server";
import { PAYMENT_TARGET_DAYS } from "~/domain/invoices/lifecycle";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Invoices to approve" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const url = new URL(request.url);
    const flagged = url.searchParams.get("flagged") === "1";
    const page = Number(url.searchParams.get("page") ?? 1);
    return {
      queue: approvalQueue(database(), actor, undefined, { flagged, page }),
      flagged,
      finance: can(actor, "council.finance", { councilId: actor.councilId ?? "" }),
    };
  });
}

export default function ApprovalQueue() {
  const { queue, flagged, finance } = useLoaderData<typeof loader>();
  const over = queue.overTarget;
  return (
    <>
      <h1 className="ds_page-header__title">Invoices to approve</h1>
      <p className="ds_lead">
        Oldest first. Invoices should be paid within {PAYMENT_TARGET_DAYS} days
        of being submitted{over > 0 ? `: ${over} are already over` : ""}.
      </p>
      {finance && (
        <p>
          <Link to="/council/payment-runs" className="ds_link">
            Payment runs
          </Link>
          {" · "}
          <Link to="/council/prompt-payment" className="ds_link">
            Prompt-payment figures
          </Link>
          {" · "}
          <Link to="/council/exports" className="ds_link">
            Exports for the council's ledger
          </Link>
        </p>
      )}
      <p>
        {flagged ? (
          <Link to="/council/invoices">Show all invoices waiting for approval</Link>
        ) : (
          <Link to="/council/invoices?flagged=1">Show only invoices with a line a person has flagged</Link>
        )}
      </p>
      <Table
        caption={`${flagged ? "Invoices with a line flagged by a person as support not received, not yet resolved" : "Submitted and queried invoices"}${
          queue.pageCount > 1 ? `, page ${queue.page} of ${queue.pageCount} (${queue.total.toLocaleString("en-GB")} invoices)` : ""
        }`}
        rows={queue.rows}
        rowKey={(row) => row.invoice.id}
        empty={flagged ? "No invoice has an unresolved flag." : "No invoices are waiting."}
        columns={[
          {
            header: "Reference",
            cell: (row) =>
              finance ? (
                <Link to={`/council/invoices/${row.invoice.id}`}>
                  {row.invoice.reference}
                </Link>
              ) : (
                row.invoice.reference
              ),
          },
          { header: "Provider", cell: (row) => row.providerName },
          {
            header: "Submitted",
            cell: (row) =>
              row.invoice.submittedOn
                ? formatDate(row.invoice.submittedOn)
                : "",
          },
          {
            header: "Days outstanding",
            cell: (row) => <DaysToPay days={row.daysOutstanding} />,
          },
          {
            header: "Status",
            cell: (row) => <InvoiceStatusTag status={row.invoice.status} />,
          },
          { header: "Lines", numeric: true, cell: (row) => String(row.lines) },
          {
            header: "Total",
            numeric: true,
            cell: (row) => formatPence(row.total),
          },
        ]}
      />
      <Pagination
        page={queue.page}
        pageCount={queue.pageCount}
        href={(p) => `/council/invoices?${new URLSearchParams({ ...(flagged ? { flagged: "1" } : {}), page: String(p) })}`}
      />
    </>
  );
}

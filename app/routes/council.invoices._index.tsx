import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Pagination, Table } from "~/components/ds";
import {
  DaysToPay,
  InvoiceStatusTag,
} from "~/components/invoices/invoice-lines";
import { CouncilInvoicesSchema } from "~/domain/invoices/invoices.schema";
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
    const filter = CouncilInvoicesSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const flagged = filter.flagged === "1";
    const paid = filter.paidFrom || filter.paidTo ? { from: filter.paidFrom, to: filter.paidTo } : undefined;
    return {
      queue: approvalQueue(database(), actor, undefined, { flagged, paid, page: filter.page }),
      flagged,
      paid: paid ? { from: paid.from ?? "", to: paid.to ?? "" } : null,
      finance: can(actor, "council.finance", { councilId: actor.councilId ?? "" }),
    };
  });
}

/** "from 1 April 2026 to 31 March 2027", either end left out when open. */
const periodText = (period: { from: string; to: string }) =>
  [period.from && `from ${formatDate(period.from)}`, period.to && `${period.from ? "to" : "up to"} ${formatDate(period.to)}`].filter(Boolean).join(" ");

export default function ApprovalQueue() {
  const { queue, flagged, paid, finance } = useLoaderData<typeof loader>();
  const over = queue.overTarget;
  const count = queue.pageCount > 1 ? `, page ${queue.page} of ${queue.pageCount} (${queue.total.toLocaleString("en-GB")} invoices)` : "";
  return (
    <>
      <h1 className="ds_page-header__title">{paid ? "Invoices paid" : "Invoices to approve"}</h1>
      {paid ? (
        <p className="ds_lead">
          Invoices paid {periodText(paid)}, in the order they were paid, with the days from submission to payment. Invoices should be paid within{" "}
          {PAYMENT_TARGET_DAYS} days of being submitted{over > 0 ? `: ${over} took longer` : ""}.
        </p>
      ) : (
        <p className="ds_lead">
          Oldest first. Invoices should be paid within {PAYMENT_TARGET_DAYS} days
          of being submitted{over > 0 ? `: ${over} are already over` : ""}. The days
          keep counting while an invoice is queried; those spent waiting for the
          provider's answer are shown in brackets.
        </p>
      )}
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
        {flagged || paid ? (
          <Link to="/council/invoices">Show all invoices waiting for approval</Link>
        ) : (
          <Link to="/council/invoices?flagged=1">Show only invoices with a line a person has flagged</Link>
        )}
      </p>
      <Table
        caption={`${
          paid
            ? `Invoices paid ${periodText(paid)}`
            : flagged
              ? "Invoices with a line flagged by a person as support not received, not yet resolved"
              : "Submitted and queried invoices"
        }${count}`}
        rows={queue.rows}
        rowKey={(row) => row.invoice.id}
        empty={paid ? "No invoices were paid in this period." : flagged ? "No invoice has an unresolved flag." : "No invoices are waiting."}
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
          ...(paid ? [{ header: "Paid", cell: (row: (typeof queue.rows)[number]) => (row.invoice.paidOn ? formatDate(row.invoice.paidOn) : "") }] : []),
          {
            header: paid ? "Days to pay" : "Days outstanding",
            cell: (row) => <DaysToPay days={row.daysOutstanding} waiting={row.daysWaiting} />,
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
        href={(p) =>
          `/council/invoices?${new URLSearchParams({
            ...(paid ? { ...(paid.from ? { paidFrom: paid.from } : {}), ...(paid.to ? { paidTo: paid.to } : {}) } : flagged ? { flagged: "1" } : {}),
            page: String(p),
          })}`
        }
      />
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, DsForm, Pagination, Table, TextInput } from "~/components/ds";
import {
  createPaymentRun,
  listPaymentRuns,
  outstandingCredits,
  payableInvoicesPage,
} from "~/domain/invoices/payment-runs.server";
import { formatDate, todayIso } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import {
  invalid,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";
import { isoDate } from "~/lib/validation";

export const handle: PageHandle = { title: "Payment runs" };

const RunSchema = z.object({ payOn: isoDate("Enter the date to pay") });

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const query = new URL(request.url).searchParams;
    const page = (name: string) => Number(query.get(name) ?? 1) || 1;
    return {
      payable: payableInvoicesPage(db, actor, page("invoices")),
      credits: outstandingCredits(db, actor),
      runs: listPaymentRuns(db, actor, page("runs")),
      today: todayIso(),
    };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "council.finance", { councilId: session.actor.councilId ?? "" });
    const parsed = parseForm(RunSchema, await readForm(request));
    if (!parsed.ok) return invalid(parsed);
    const run = createPaymentRun(database(), session.actor, parsed.data);
    return redirectWithFlash(
      session,
      `/council/payment-runs/${run.id}`,
      `Payment run ${run.reference} prepared: check the totals, then confirm.`
    );
  });
}

export default function PaymentRuns() {
  const { payable, credits, runs, today } = useLoaderData<typeof loader>();
  /** A page of one list, keeping the page shown of the other. */
  const href = (list: "invoices" | "runs", page: number) => {
    const pages = { invoices: payable.page, runs: runs.page, [list]: page };
    return `/council/payment-runs?invoices=${pages.invoices}&runs=${pages.runs}`;
  };
  return (
    <>
      <h1 className="ds_page-header__title">Payment runs</h1>
      <Table
        caption="Approved invoices waiting for payment"
        rows={payable.rows}
        rowKey={(row) => row.invoice.id}
        empty="No approved invoices are waiting for payment."
        columns={[
          {
            header: "Reference",
            cell: (row) => (
              <Link to={`/council/invoices/${row.invoice.id}`}>
                {row.invoice.reference}
              </Link>
            ),
          },
          { header: "Provider", cell: (row) => row.providerName },
          {
            header: "Paid by",
            cell: (row) => (row.method === "stripe" ? "Stripe" : "BACS"),
          },
          {
            header: "Waiting",
            cell: (row) =>
              row.held
                ? "Held by a person's flag"
                : row.noBankDetails
                  ? "The provider has not given bank details"
                  : "No",
          },
          {
            header: "Amount",
            numeric: true,
            cell: (row) => formatPence(row.total),
          },
        ]}
      />
      <Pagination page={payable.page} pageCount={payable.pageCount} href={(p) => href("invoices", p)} />
      {credits.length > 0 && (
        <Table
          caption="Credit to take off providers' next payments"
          rows={credits}
          rowKey={(row) => row.creditNote.id}
          columns={[
            {
              header: "Credit note",
              cell: (row) => (
                <Link to={`/council/invoices/${row.creditNote.id}`}>
                  {row.creditNote.reference}
                </Link>
              ),
            },
            { header: "Provider", cell: (row) => row.providerName },
            {
              header: "Credit",
              numeric: true,
              cell: (row) => formatPence(row.total),
            },
            {
              header: "Still owed by the provider",
              numeric: true,
              cell: (row) => formatPence(row.outstanding),
            },
          ]}
        />
      )}
      {payable.total > 0 && (
        <DsForm defaults={{ payOn: today }}>
          <TextInput
            name="payOn"
            label="Date to pay"
            hint="For example, 2026-11-27"
            width={10}
          />
          <Button>Prepare a payment run</Button>
        </DsForm>
      )}
      <Table
        caption="Payment runs"
        rows={runs.rows}
        rowKey={(run) => run.id}
        empty="No payment runs yet."
        columns={[
          {
            header: "Reference",
            cell: (run) => (
              <Link to={`/council/payment-runs/${run.id}`}>
                {run.reference}
              </Link>
            ),
          },
          { header: "Pay on", cell: (run) => formatDate(run.payOn) },
          {
            header: "Status",
            cell: (run) =>
              ({
                draft: "Not confirmed",
                paying: "Paying",
                completed: "Completed",
              }[run.status]),
          },
        ]}
      />
      <Pagination page={runs.page} pageCount={runs.pageCount} href={(p) => href("runs", p)} />
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, DsForm, InsetText, Pagination, Table } from "~/components/ds";
import {
  DaysToPay,
  InvoiceStatusTag,
} from "~/components/invoices/invoice-lines";
import {
  councilsInvoiced,
  createInvoice,
  defaultPeriod,
  providerInvoices,
} from "~/domain/invoices/invoices.server";
import { creditOwedByProvider } from "~/domain/invoices/payment-runs.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import {
  intentOf,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Invoices" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "provider.work", {
      organisationId: actor.organisationId ?? "",
    });
    const db = database();
    const councilId = councilsInvoiced(db, actor)[0];
    const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
    return {
      invoices: providerInvoices(db, actor, Number.isFinite(page) ? page : 1),
      creditOwed: creditOwedByProvider(db, actor),
      next: councilId
        ? defaultPeriod(db, actor.organisationId!, councilId)
        : null,
    };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "provider.work", { organisationId: session.actor.organisationId ?? "" });
    intentOf(await readForm(request), ["create"] as const);
    const invoice = createInvoice(database(), session.actor);
    return redirectWithFlash(
      session,
      `/provider/invoices/${invoice.id}`,
      `Invoice ${invoice.reference} started: add its lines from the plan, by hand or from a CSV file.`
    );
  });
}

export default function ProviderInvoices() {
  const { invoices, next, creditOwed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Invoices</h1>
      <p className="ds_lead">
        Invoice councils for the support you give under your agreements, and see
        when you will be paid.
      </p>
      {next ? (
        <DsForm>
          <p>
            The next period to invoice is {formatDate(next.periodStart)} to{" "}
            {formatDate(next.periodEnd)}.
          </p>
          <Button name="intent" value="create">
            Start an invoice
          </Button>
          <p>
            <Link to="/provider/invoices/new">Invoice another period or another council</Link>
          </p>
        </DsForm>
      ) : (
        <p>You have no agreement in force to invoice.</p>
      )}
      {creditOwed.map((c) => (
        <InsetText key={c.councilName}>
          <p>
            You owe {c.councilName} {formatPence(c.owed)} of credit from approved credit notes. It will be taken off
            the council's next payment to you.
          </p>
        </InsetText>
      ))}
      <Table
        caption="Your invoices and credit notes"
        rows={invoices.rows}
        rowKey={(row) => row.invoice.id}
        empty="You have not invoiced yet."
        columns={[
          {
            header: "Reference",
            cell: (row) => (
              <Link to={`/provider/invoices/${row.invoice.id}`}>
                {row.invoice.reference}
              </Link>
            ),
          },
          {
            header: "Period",
            cell: (row) =>
              `${formatDate(row.invoice.periodStart)} to ${formatDate(
                row.invoice.periodEnd
              )}`,
          },
          {
            header: "Status",
            cell: (row) => <InvoiceStatusTag status={row.invoice.status} />,
          },
          {
            header: "Total",
            numeric: true,
            cell: (row) =>
              row.invoice.kind === "credit_note"
                ? `${formatPence(row.total)} credit`
                : formatPence(row.total),
          },
          {
            header: "Paid on",
            cell: (row) =>
              row.invoice.paidOn ? formatDate(row.invoice.paidOn) : "",
          },
          {
            header: "Days to pay",
            cell: (row) =>
              row.invoice.kind === "credit_note" ? "" : <DaysToPay days={row.daysToPay} />,
          },
        ]}
      />
      <Pagination page={invoices.page} pageCount={invoices.pageCount} href={(p) => `/provider/invoices?page=${p}`} />
    </>
  );
}

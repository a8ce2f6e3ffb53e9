import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import {
  BackLink,
  Button,
  DsForm,
  SummaryList,
  Table,
  InsetText,
  Pagination,
  Tag,
  WarningText,
} from "~/components/ds";
import { InvoiceStatusTag } from "~/components/invoices/invoice-lines";
import {
  cancelPaymentRun,
  confirmBacsPaid,
  findRun,
  payPaymentRun,
  paymentRunView,
} from "~/domain/invoices/payment-runs.server";
import { formatDate, todayIso } from "~/lib/dates";
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

export const handle: PageHandle = {
  title: (data: { view: { run: { reference: string } } }) =>
    `Payment run ${data.view.run.reference}`,
};

const STATE_LABELS: Record<string, string> = {
  none: "Not started",
  sending: "Sending",
  sent: "Sent, waiting for Stripe",
  failed: "Failed",
  awaiting_bank: "In the bank file",
  confirmed: "Paid",
  reversed: "Reversed",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const page = Number(new URL(request.url).searchParams.get("page") ?? 1) || 1;
    return { view: paymentRunView(database(), actor, params.runId ?? "", page), today: todayIso() };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    findRun(database(), session.actor, params.runId ?? "");
    const db = database();
    const id = params.runId ?? "";
    const here = `/council/payment-runs/${id}`;
    const intent = intentOf(await readForm(request), [
      "pay",
      "confirm-bacs",
      "cancel",
    ] as const);
    if (intent === "cancel") {
      cancelPaymentRun(db, session.actor, id);
      return redirectWithFlash(
        session,
        "/council/payment-runs",
        "Payment run cancelled: its invoices are waiting again."
      );
    }
    if (intent === "confirm-bacs") {
      const count = confirmBacsPaid(db, session.actor, id);
      return redirectWithFlash(
        session,
        here,
        `${count} invoices paid by BACS.`
      );
    }
    const outcome = await payPaymentRun(db, session.actor, id);
    const failures = outcome.failures.length
      ? ` ${outcome.failures.length} failed: ${outcome.failures
          .map((f) => `${f.reference} (${f.message})`)
          .join(
            "; "
          )}. Try again when the problem is fixed: nothing is paid twice.`
      : "";
    return redirectWithFlash(
      session,
      here,
      `${outcome.transfers} Stripe transfers sent${
        outcome.replayed ? `, ${outcome.replayed} already made` : ""
      }${
        outcome.settledByCredit ? `, ${outcome.settledByCredit} invoices paid by credit taken off` : ""
      }; ${outcome.awaitingBank} invoices in the BACS bank file.${
        outcome.notBefore
          ? ` ${outcome.notBefore.invoices} Stripe transfers wait for the run's date, ${formatDate(outcome.notBefore.payOn)}: send them on or after that day.`
          : ""
      }${failures}`
    );
  });
}

export default function PaymentRun() {
  const { view, today } = useLoaderData<typeof loader>();
  const { run, progress } = view;
  const early = today < run.payOn;
  const hasBacs = progress.byBacs > 0;
  const needsPaying = run.status === "draft" || progress.stripeUnpaid > 0;
  return (
    <>
      <BackLink to="/council/payment-runs">Payment runs</BackLink>
      <DsForm>
        <h1 className="ds_page-header__title">Payment run {run.reference}</h1>
        <SummaryList
          rows={[
            { key: "Pay on", value: formatDate(run.payOn) },
            { key: "Total", value: formatPence(view.total) },
            ...(view.credit > 0
              ? [{ key: "Credit taken off", value: formatPence(view.credit) }]
              : []),
            {
              key: "Progress",
              value: `${progress.paid} of ${progress.of} invoices paid${
                progress.sent ? `, ${progress.sent} sent` : ""
              }${progress.failed ? `, ${progress.failed} failed` : ""}${
                progress.awaitingBank
                  ? `, ${progress.awaitingBank} in the bank file`
                  : ""
              }`,
            },
          ]}
        />
        <progress
          max={progress.of}
          value={progress.paid}
          aria-label="Invoices paid"
        />
        {progress.partlyReversed > 0 && (
          <WarningText>
            Part of the Stripe payment of {progress.partlyReversed === 1 ? "1 invoice" : `${progress.partlyReversed} invoices`} came
            back to the council: those providers have been paid less than their invoices. They are not paid again
            automatically: agree with each provider what is owed, then mark it as dealt with on the invoice's page.
          </WarningText>
        )}
        <Table
          caption="Totals per provider"
          rows={view.providers}
          rowKey={(p) => p.name}
          columns={[
            { header: "Provider", cell: (p) => p.name },
            {
              header: "Paid by",
              cell: (p) => (p.method === "stripe" ? "Stripe" : "BACS"),
            },
            {
              header: "Invoices",
              numeric: true,
              cell: (p) => String(p.invoices),
            },
            {
              header: "Invoiced",
              numeric: true,
              cell: (p) => formatPence(p.amount),
            },
            {
              header: "Credit taken off",
              numeric: true,
              cell: (p) => formatPence(p.credit),
            },
            {
              header: "To pay",
              numeric: true,
              cell: (p) => formatPence(p.total),
            },
          ]}
        />
        <Table
          caption="Invoices"
          rows={view.rows}
          rowKey={(r) => r.invoice.id}
          columns={[
            {
              header: "Reference",
              cell: (r) => (
                <Link to={`/council/invoices/${r.invoice.id}`}>
                  {r.invoice.reference}
                </Link>
              ),
            },
            { header: "Provider", cell: (r) => r.providerName },
            {
              header: "Status",
              cell: (r) => <InvoiceStatusTag status={r.invoice.status} />,
            },
            {
              header: "Payment",
              cell: (r) =>
                r.invoice.paymentState === "failed" ? (
                  <Tag colour="red">{`Failed: ${
                    r.invoice.paymentError ?? ""
                  }`}</Tag>
                ) : r.partlyReversedPence > 0 ? (
                  <Tag colour={r.reversalDealtWith ? "grey" : "orange"}>{`Partly reversed: ${formatPence(r.partlyReversedPence)} came back${
                    r.reversalDealtWith ? ", dealt with" : ""
                  }`}</Tag>
                ) : (
                  STATE_LABELS[r.invoice.paymentState]
                ),
            },
            {
              header: "Amount",
              numeric: true,
              cell: (r) => formatPence(r.amount),
            },
            {
              header: "Credit taken off",
              numeric: true,
              cell: (r) => formatPence(r.credit),
            },
            {
              header: "To pay",
              numeric: true,
              cell: (r) => formatPence(r.total),
            },
          ]}
        />
        <Pagination page={view.page} pageCount={view.pageCount} href={(p) => `/council/payment-runs/${run.id}?page=${p}`} />
        {view.credits.length > 0 && (
          <Table
            caption="Credit notes taken off this run"
            rows={view.credits}
            rowKey={(c) => `${c.creditNoteId}-${c.invoiceReference}`}
            columns={[
              {
                header: "Credit note",
                cell: (c) => (
                  <Link to={`/council/invoices/${c.creditNoteId}`}>
                    {c.creditNoteReference}
                  </Link>
                ),
              },
              { header: "Provider", cell: (c) => c.providerName },
              { header: "Taken off invoice", cell: (c) => c.invoiceReference },
              {
                header: "Credit",
                numeric: true,
                cell: (c) => formatPence(c.amountPence),
              },
            ]}
          />
        )}
        {needsPaying && early && (
          <InsetText>
            <p>
              Nothing is sent before the run's date. Stripe transfers can be sent, and the bank's payment confirmed,
              from {formatDate(run.payOn)}.
            </p>
          </InsetText>
        )}
        {needsPaying && (run.status === "draft" || !early) && (
          <Button name="intent" value="pay">
            {run.status === "draft"
              ? early
                ? "Confirm the run"
                : "Confirm and pay"
              : "Try the unpaid ones again"}
          </Button>
        )}
        {run.status === "draft" && (
          <Button name="intent" value="cancel" variant="secondary">
            Cancel this run
          </Button>
        )}
        {hasBacs && run.status !== "draft" && (
          <>
            <p>
              <a
                href={`/council/payment-runs/${run.id}/bank-file`}
                className="ds_link"
              >
                Download the BACS bank file (CSV)
              </a>
            </p>
            {progress.awaitingBank > 0 && !early && (
              <Button name="intent" value="confirm-bacs" variant="secondary">
                The bank has paid the BACS file
              </Button>
            )}
          </>
        )}
      </DsForm>
    </>
  );
}

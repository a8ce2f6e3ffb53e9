import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import {
  BackLink,
  Button,
  Checkboxes,
  DsForm,
  ErrorSummary,
  InsetText,
  SummaryList,
  Textarea,
  WarningText,
} from "~/components/ds";
import {
  DaysToPay,
  InvoiceLines,
  InvoiceStatusTag,
} from "~/components/invoices/invoice-lines";
import { LineFields } from "~/components/invoices/line-fields";
import { LineSchema } from "~/domain/invoices/invoices.schema";
import { addLineByHand } from "~/domain/invoices/lines.server";
import {
  agreementChoices,
  createCreditNote,
  invoiceDetail,
  prefillFromPlan,
  providerInvoice,
  type InvoiceDetail,
  removeLine,
  submitInvoice,
} from "~/domain/invoices/invoices.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems, parseForm } from "~/lib/forms";
import {
  intentOf,
  invalid,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: (data: { detail: { invoice: { reference: string } } }) =>
    `Invoice ${data.detail.invoice.reference}`,
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const detail = invoiceDetail(db, actor, params.invoiceId ?? "");
    if (detail.invoice.providerOrganisationId !== actor.organisationId)
      throw new Response("Not found", { status: 404 });
    const editable =
      detail.invoice.status === "draft" || detail.invoice.status === "queried";
    return {
      detail: {
        ...detail,
        queries: detail.queries.map((q) => ({
          ...q,
          askedAt: formatDateTime(q.askedAt),
        })),
      },
      choices: editable ? agreementChoices(db, actor, detail.invoice.id) : [],
      editable,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    providerInvoice(database(), session.actor, params.invoiceId ?? "");
    const db = database();
    const form = await readForm(request);
    const id = params.invoiceId ?? "";
    const here = `/provider/invoices/${id}`;
    const intent = intentOf(form, [
      "prefill",
      "add-line",
      "remove-line",
      "submit",
      "credit",
    ] as const);
    if (intent === "prefill") {
      const added = prefillFromPlan(db, session.actor, id);
      return redirectWithFlash(
        session,
        here,
        added === 0
          ? "No plan lines fall in this period."
          : `${added} lines added from the plans: check and change them before submitting.`
      );
    }
    if (intent === "add-line") {
      const parsed = parseForm(LineSchema, form);
      if (!parsed.ok) return invalid(parsed);
      addLineByHand(db, session.actor, id, parsed.data);
      return redirectWithFlash(session, here, "Line added.");
    }
    if (intent === "remove-line") {
      removeLine(db, session.actor, String(form.get("lineId") ?? ""));
      return redirectWithFlash(session, here, "Line removed.");
    }
    if (intent === "credit") {
      const note = createCreditNote(db, session.actor, id, {
        lineIds: form.getAll("lineIds").map(String),
        reason: String(form.get("reason") ?? ""),
      });
      return redirectWithFlash(
        session,
        `/provider/invoices/${note.id}`,
        `Credit note ${note.reference} sent to the council for approval.`
      );
    }
    const { flagged } = submitInvoice(
      db,
      session.actor,
      id,
      undefined,
      String(form.get("answer") ?? "")
    );
    return redirectWithFlash(
      session,
      here,
      `Invoice submitted to the council${
        flagged
          ? `: ${flagged} lines have rates above the agreement and need the council's approval`
          : ""
      }.`
    );
  });
}

export default function ProviderInvoice() {
  const { detail, choices, editable } = useLoaderData<typeof loader>();
  const { invoice } = detail;
  const openQuery = detail.queries.find((q) => !q.answeredAt);
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/provider/invoices">All invoices</BackLink>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <h1 className="ds_page-header__title">
        {invoice.kind === "credit_note" ? "Credit note" : "Invoice"}{" "}
        {invoice.reference}
      </h1>
      <SummaryList
        rows={[
          {
            key: "Status",
            value: <InvoiceStatusTag status={invoice.status} />,
          },
          { key: "To", value: detail.councilName },
          {
            key: "Period",
            value: `${formatDate(invoice.periodStart)} to ${formatDate(
              invoice.periodEnd
            )}`,
          },
          detail.recovery
            ? { key: "Credit", value: formatPence(detail.total) }
            : { key: "Total", value: formatPence(detail.total) },
          {
            key: "Submitted",
            value: invoice.submittedOn
              ? formatDate(invoice.submittedOn)
              : "Not yet",
          },
          ...(detail.recovery
            ? [{ key: "Taken off payments", value: <Recovery recovery={detail.recovery} approved={invoice.status === "approved"} /> }]
            : [
                ...(detail.payment && detail.payment.credits.length > 0
                  ? [
                      {
                        key: "Credit taken off",
                        value: `${formatPence(detail.payment.amount - detail.payment.paid)} (${detail.payment.credits
                          .map((c) => `${c.reference}: ${formatPence(c.amountPence)}`)
                          .join(", ")})`,
                      },
                      { key: invoice.paidOn ? "Amount paid" : "Amount to pay", value: formatPence(detail.payment.paid) },
                    ]
                  : []),
                {
                  key: "Paid on",
                  value: invoice.paidOn ? formatDate(invoice.paidOn) : "Not yet",
                },
                { key: "Days to pay", value: <DaysToPay days={detail.daysToPay} /> },
              ]),
        ]}
      />
      <p>
        <a href={`/invoices/${invoice.id}/pdf`} className="ds_link">
          Download the{" "}
          {invoice.kind === "credit_note" ? "credit note" : "invoice"} (PDF)
        </a>
        {invoice.paidOn && (
          <>
            {" · "}
            <a href={`/invoices/${invoice.id}/remittance`} className="ds_link">
              Download the remittance advice (PDF)
            </a>
          </>
        )}
      </p>
      {detail.partialReversal && (
        <WarningText>
          {formatPence(detail.partialReversal.reversedPence)} of the{" "}
          {formatPence(detail.partialReversal.transferPence)} paid to your Stripe account was taken back on{" "}
          {formatDate(detail.partialReversal.reversedOn)}. The invoice stays paid and is not paid again
          automatically: the council's finance team will agree with you what is owed.
        </WarningText>
      )}
      {detail.queries.length > 0 && (
        <>
          <h2>Questions from the council</h2>
          {detail.queries.map((q) => (
            <InsetText key={q.id}>
              <p>
                <strong>Asked {q.askedAt}:</strong> {q.question}
              </p>
              {q.answer && (
                <p>
                  <strong>Your answer:</strong> {q.answer}
                </p>
              )}
            </InsetText>
          ))}
        </>
      )}
      <InvoiceLines
        lines={detail.lines}
        caption="Lines"
        action={
          editable
            ? (row) => (
                <>
                  <Link
                    to={`/provider/invoices/${invoice.id}/lines/${row.line.id}`}
                    className="ds_link"
                  >
                    Change
                    <span className="visually-hidden">
                      {" "}
                      line {row.line.position}
                    </span>
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="lineId" value={row.line.id} />
                    <button
                      className="app-link-button"
                      type="submit"
                      name="intent"
                      value="remove-line"
                    >
                      Remove
                      <span className="visually-hidden">
                        {" "}
                        line {row.line.position}
                      </span>
                    </button>
                  </Form>
                </>
              )
            : undefined
        }
      />
      {editable && (
        <DsForm summary={false}>
          {openQuery && (
            <Textarea
              name="answer"
              label="Your answer to the council's question"
            />
          )}
          <Button name="intent" value="submit">
            {invoice.status === "queried"
              ? "Answer and resubmit"
              : "Submit the invoice"}
          </Button>
        </DsForm>
      )}
      {editable && (
        <>
          <h2>Add lines</h2>
          <Form method="post">
            <Button name="intent" value="prefill" variant="secondary">
              Fill in the period from the plans
            </Button>
          </Form>
          <p>
            <Link
              to={`/provider/invoices/${invoice.id}/upload`}
              className="ds_link"
            >
              Upload lines from a CSV file
            </Link>
          </p>
          <h3>Add a line by hand</h3>
          <DsForm summary={false}>
            <LineFields choices={choices} />
            <Button name="intent" value="add-line" variant="secondary">
              Add the line
            </Button>
          </DsForm>
        </>
      )}
      {invoice.kind === "invoice" && invoice.status === "paid" && (
        <>
          <h2>Raise a credit note</h2>
          <DsForm summary={false}>
            <Checkboxes
              name="lineIds"
              legend="Lines to credit"
              options={detail.lines
                .filter((l) => l.line.status === "approved")
                .map((l) => ({
                  value: l.line.id,
                  label: `Line ${l.line.position}: ${
                    l.line.description
                  } (${formatPence(l.line.amountPence)})`,
                }))}
            />
            <Textarea
              name="reason"
              label="Why are you giving this money back?"
            />
            <Button name="intent" value="credit" variant="secondary">
              Send the credit note
            </Button>
          </DsForm>
        </>
      )}
    </>
  );
}

/** Where a credit note's money came back from: the payments it was taken off, and what is still to come off. */
function Recovery({ recovery, approved }: { recovery: NonNullable<InvoiceDetail["recovery"]>; approved: boolean }) {
  if (!approved && recovery.recoveries.length === 0) return <>Once the council approves it, it is taken off the council's next payment to you</>;
  return (
    <>
      {recovery.recoveries.map((r) => (
        <p key={`${r.runReference}-${r.invoiceReference}`}>
          {formatPence(r.amountPence)} off invoice {r.invoiceReference} in payment run {r.runReference},{" "}
          {r.paidOn ? `paid on ${formatDate(r.paidOn)}` : "not yet paid"}
        </p>
      ))}
      {recovery.outstanding > 0 && (
        <p>
          {recovery.recoveries.length > 0
            ? `${formatPence(recovery.outstanding)} still to be taken off your next payment`
            : `Not yet: ${formatPence(recovery.outstanding)} will be taken off the council's next payment to you`}
        </p>
      )}
    </>
  );
}

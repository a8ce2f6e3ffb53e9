import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invoiceMoneyRows, PartialReversalWarning } from "~/components/invoices/invoice-money";
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
} from "~/components/ds";
import {
  InvoiceLines,
  InvoiceStatusTag,
  lineHref,
} from "~/components/invoices/invoice-lines";
import { LineFields } from "~/components/invoices/line-fields";
import { LineSchema } from "~/domain/invoices/invoices.schema";
import { addLineByHand } from "~/domain/invoices/lines.server";
import {
  agreementChoices,
  createCreditNote,
  creditableLines,
  invoiceDetail,
  prefillFromPlan,
  providerInvoice,
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
    const url = new URL(request.url);
    const detail = invoiceDetail(db, actor, params.invoiceId ?? "", undefined, {
      page: Number(url.searchParams.get("page") ?? 1),
      line: url.searchParams.get("line"),
    });
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
      creditable: creditableLines(db, actor, detail.invoice.id),
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
  const { detail, choices, creditable, editable } = useLoaderData<typeof loader>();
  const { invoice } = detail;
  const openQuery = detail.queries.find((q) => !q.answeredAt);
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/provider/invoices">All invoices</BackLink>
      <ErrorSummary
        problems={hasProblems(actionData) ? actionData : null}
        href={(field) => lineHref(field, detail.lines)}
      />
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
          {
            key: "Submitted",
            value: invoice.submittedOn
              ? formatDate(invoice.submittedOn)
              : "Not yet",
          },
          ...invoiceMoneyRows(detail, "provider"),
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
      <PartialReversalWarning reversal={detail.partialReversal} reader="provider" />
      {detail.queries.length > 0 && (
        <>
          <h2>Questions from the council</h2>
          {detail.queries.map((q) => (
            <InsetText key={q.id}>
              <p>
                <strong>
                  Asked {q.askedAt}
                  {q.linePosition !== null && (
                    <>
                      {" "}
                      about{" "}
                      <a href={lineHref(q.lineId ?? "", detail.lines)}>
                        line {q.linePosition}
                      </a>
                    </>
                  )}
                  :
                </strong>{" "}
                {q.question}
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
        paging={detail}
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
              options={creditable.map((l) => ({
                value: l.id,
                label: `Line ${l.position}: ${l.description} (${formatPence(
                  l.amountPence
                )})`,
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

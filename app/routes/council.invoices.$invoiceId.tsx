import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import {
  BackLink,
  Button,
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
import {
  approveInvoice,
  findInvoice,
  invoiceDetail,
  queryInvoice,
  rejectInvoice,
  rejectLine,
  requireFinance,
  resolveFlag,
} from "~/domain/invoices/invoices.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import {
  intentOf,
  notFound,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import { hasProblems } from "~/lib/forms";
import type { PageHandle } from "~/lib/page";
import { authorise } from "~/auth/permissions";

export const handle: PageHandle = {
  title: (data: { detail: { invoice: { reference: string } } }) =>
    `Invoice ${data.detail.invoice.reference}`,
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const invoice = findInvoice(db, actor, params.invoiceId ?? "");
    authorise(actor, "council.finance", { councilId: invoice.councilId });
    const detail = invoiceDetail(db, actor, invoice.id);
    return {
      detail: {
        ...detail,
        queries: detail.queries.map((q) => ({
          ...q,
          askedAt: formatDateTime(q.askedAt),
        })),
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireFinance(database(), session.actor, params.invoiceId ?? "");
    const db = database();
    const form = await readForm(request);
    const id = params.invoiceId ?? "";
    const here = `/council/invoices/${id}`;
    const text = (name: string) => String(form.get(name) ?? "");
    switch (
      intentOf(form, [
        "approve",
        "query",
        "reject",
        "reject-line",
        "resolve-flag",
      ] as const)
    ) {
      case "approve":
        approveInvoice(db, session.actor, id);
        return redirectWithFlash(
          session,
          "/council/invoices",
          "Invoice approved: its lines are drawn down from the funds and it is ready for a payment run."
        );
      case "query":
        queryInvoice(db, session.actor, id, { question: text("question") });
        return redirectWithFlash(
          session,
          here,
          "Your question has been sent to the provider."
        );
      case "reject":
        rejectInvoice(db, session.actor, id, text("reason"));
        return redirectWithFlash(session, here, "Invoice rejected.");
      case "reject-line":
        rejectLine(
          db,
          session.actor,
          text("lineId"),
          text("lineReason") || "Not payable under the agreement"
        );
        return redirectWithFlash(session, here, "Line rejected.");
      case "resolve-flag":
        resolveFlag(
          db,
          session.actor,
          text("lineId"),
          text("resolution") || "Checked with the provider"
        );
        return redirectWithFlash(
          session,
          here,
          "Flag resolved: the line is no longer held."
        );
      default:
        return notFound();
    }
  });
}

export default function CouncilInvoice() {
  const { detail } = useLoaderData<typeof loader>();
  const { invoice } = detail;
  const deciding = invoice.status === "submitted";
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/council/invoices">Invoices to approve</BackLink>
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
          { key: "Provider", value: detail.providerName },
          {
            key: "Period",
            value: `${formatDate(invoice.periodStart)} to ${formatDate(
              invoice.periodEnd
            )}`,
          },
          { key: "Total", value: formatPence(detail.total) },
          {
            key: "Submitted",
            value: invoice.submittedOn
              ? formatDate(invoice.submittedOn)
              : "Not yet",
          },
          {
            key: invoice.paidOn ? "Days to pay" : "Days outstanding",
            value: <DaysToPay days={detail.daysToPay} />,
          },
        ]}
      />
      <p>
        <a href={`/invoices/${invoice.id}/pdf`} className="ds_link">
          Download the invoice (PDF)
        </a>
      </p>
      {detail.held && (
        <WarningText>
          A person has said they did not get the support on a line: resolve the
          flag before approving.
        </WarningText>
      )}
      {detail.lines.some((l) => l.line.rateFlagged) && (
        <WarningText>
          Some rates are above the agreement's cost options: approving accepts
          them.
        </WarningText>
      )}
      {detail.queries.map((q) => (
        <InsetText key={q.id}>
          <p>
            <strong>Asked {q.askedAt}:</strong> {q.question}
          </p>
          <p>
            <strong>Answer:</strong> {q.answer ?? "Waiting for the provider"}
          </p>
        </InsetText>
      ))}
      <InvoiceLines
        lines={detail.lines}
        caption="Lines"
        action={(row) => (
          <Form method="post">
            <input type="hidden" name="lineId" value={row.line.id} />
            {row.line.flaggedAt && !row.line.flagResolvedAt ? (
              <Button name="intent" value="resolve-flag" variant="secondary">
                Resolve flag
                <span className="visually-hidden">
                  {" "}
                  on line {row.line.position}
                </span>
              </Button>
            ) : deciding && row.line.status === "pending" ? (
              <Button name="intent" value="reject-line" variant="secondary">
                Reject
                <span className="visually-hidden">
                  {" "}
                  line {row.line.position}
                </span>
              </Button>
            ) : null}
          </Form>
        )}
      />
      {deciding && (
        <DsForm summary={false}>
          <Button name="intent" value="approve">
            Approve and draw down
          </Button>
          <h2>Query or reject</h2>
          <Textarea
            name="question"
            label="Question for the provider"
            hint="The invoice goes back to the provider until they answer"
          />
          <Button name="intent" value="query" variant="secondary">
            Send the question
          </Button>
          <Textarea name="reason" label="Why is the whole invoice rejected?" />
          <Button name="intent" value="reject" variant="secondary">
            Reject the invoice
          </Button>
        </DsForm>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invoiceMoneyRows, PartialReversalWarning } from "~/components/invoices/invoice-money";
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
  InvoiceLines,
  InvoiceStatusTag,
  lineHref,
  type LineRow,
} from "~/components/invoices/invoice-lines";
import { lineField, lineTextSchema, ReversalDealtWithSchema, type LineText } from "~/domain/invoices/invoices.schema";
import {
  approveInvoice,
  findInvoice,
  invoiceDetail,
  markReversalDealtWith,
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
  invalid,
  notFound,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { hasProblems, parseForm } from "~/lib/forms";
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
    const url = new URL(request.url);
    const detail = invoiceDetail(db, actor, invoice.id, undefined, {
      page: Number(url.searchParams.get("page") ?? 1),
      line: url.searchParams.get("line"),
    });
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
    const lineId = text("lineId");
    /** Back to the page of the invoice's lines with this line on it. */
    const atLine = `${here}?${new URLSearchParams({ line: lineId })}#${lineId}`;
    /** The text typed beside one line, or the problems to show beside it. */
    const lineText = (kind: LineText) => {
      const parsed = parseForm(lineTextSchema(kind, lineId), form);
      return parsed.ok ? { ok: true as const, text: String(parsed.data[lineField(kind, lineId)]) } : parsed;
    };
    switch (
      intentOf(form, [
        "approve",
        "query",
        "reject",
        "reject-line",
        "query-line",
        "resolve-flag",
        "reversal-dealt-with",
      ] as const)
    ) {
      case "reversal-dealt-with": {
        const parsed = parseForm(ReversalDealtWithSchema, form);
        if (!parsed.ok) return invalid(parsed);
        markReversalDealtWith(db, session.actor, id, parsed.data);
        return redirectWithFlash(session, here, "Marked as dealt with. The payment run no longer counts it as needing attention.");
      }
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
      case "reject-line": {
        const reason = lineText("reason");
        if (!reason.ok) return invalid(reason);
        rejectLine(db, session.actor, lineId, reason.text);
        return redirectWithFlash(session, atLine, "Line rejected. The provider has been told why.");
      }
      case "query-line": {
        const question = lineText("question");
        if (!question.ok) return invalid(question);
        queryInvoice(db, session.actor, id, { question: question.text, lineId });
        return redirectWithFlash(session, atLine, "Your question about the line has been sent to the provider.");
      }
      case "resolve-flag": {
        const resolution = lineText("resolution");
        if (!resolution.ok) return invalid(resolution);
        resolveFlag(db, session.actor, lineId, resolution.text);
        return redirectWithFlash(
          session,
          atLine,
          "Flag resolved: the line is no longer held, and the person has been told what you found."
        );
      }
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
  const problems = hasProblems(actionData) ? actionData : null;
  const problemLine = problems ? String(problems.values.lineId ?? "") : "";
  return (
    <>
      <BackLink to="/council/invoices">Invoices to approve</BackLink>
      <ErrorSummary problems={problems} href={(field) => lineHref(field, detail.lines)} />
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
          {
            key: "Submitted",
            value: invoice.submittedOn
              ? formatDate(invoice.submittedOn)
              : "Not yet",
          },
          ...invoiceMoneyRows(detail, "council"),
        ]}
      />
      <p>
        <a href={`/invoices/${invoice.id}/pdf`} className="ds_link">
          Download the {invoice.kind === "credit_note" ? "credit note" : "invoice"} (PDF)
        </a>
      </p>
      <PartialReversalWarning reversal={detail.partialReversal} reader="council" />
      {detail.partialReversal && !detail.partialReversal.dealtWith && (
        <DsForm summary={false}>
          <Textarea
            name="note"
            label="How has this been dealt with?"
            hint="For example, that you paid the rest by BACS, or what you agreed with the provider"
            rows={3}
          />
          <Button name="intent" value="reversal-dealt-with" variant="secondary">
            Mark as dealt with
          </Button>
        </DsForm>
      )}
      {detail.firstHeld && (
        <WarningText>
          A person has said they did not get the support on{" "}
          <a href={lineHref(detail.firstHeld.id, detail.lines)}>line {detail.firstHeld.position}</a>
          : resolve the flag before approving.
        </WarningText>
      )}
      {detail.rateFlagged && (
        <WarningText>
          Some rates are above the agreement's cost options: approving accepts
          them.
        </WarningText>
      )}
      {detail.queries.map((q) => (
        <InsetText key={q.id}>
          <p>
            <strong>
              Asked {q.askedAt}
              {q.linePosition !== null && ` about line ${q.linePosition}`}:
            </strong>{" "}
            {q.question}
          </p>
          <p>
            <strong>Answer:</strong> {q.answer ?? "Waiting for the provider"}
          </p>
        </InsetText>
      ))}
      <InvoiceLines
        lines={detail.lines}
        caption="Lines"
        paging={detail}
        action={(row) =>
          row.line.flaggedAt && !row.line.flagResolvedAt ? (
            <LineForm row={row} text="resolution" intent="resolve-flag" label="What did you find?" button="Resolve the flag" />
          ) : deciding && row.line.status === "pending" ? (
            <details className="ds_details" open={problemLine === row.line.id}>
              <summary className="ds_details__summary">
                Reject or ask<span className="visually-hidden"> about line {row.line.position}</span>
              </summary>
              <div className="ds_details__text">
                <LineForm row={row} text="reason" intent="reject-line" label="Why is it rejected?" button="Reject the line" />
                <LineForm row={row} text="question" intent="query-line" label="Your question to the provider" button="Send the question" />
              </div>
            </details>
          ) : null
        }
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

/** One line's form: its own field (named after the line) and button, so a problem shows beside that line only. */
function LineForm({ row, text, intent, label, button }: { row: LineRow; text: LineText; intent: string; label: string; button: string }) {
  const about = <span className="visually-hidden"> (line {row.line.position})</span>;
  return (
    <DsForm summary={false}>
      <input type="hidden" name="lineId" value={row.line.id} />
      <Textarea name={lineField(text, row.line.id)} label={<>{label}{about}</>} rows={2} />
      <Button name="intent" value={intent} variant="secondary">
        {button}
        <span className="visually-hidden"> on line {row.line.position}</span>
      </Button>
    </DsForm>
  );
}

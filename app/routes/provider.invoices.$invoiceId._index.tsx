import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSession } from "~/auth/session.server";
import {
  BackLink,
  Button,
  Checkboxes,
  DsForm,
  ErrorSummary,
  InsetText,
  Select,
  SummaryList,
  Textarea,
  TextInput,
} from "~/components/ds";
import {
  DaysToPay,
  InvoiceLines,
  InvoiceStatusTag,
} from "~/components/invoices/invoice-lines";
import { UNIT_KINDS } from "@db/schema";
import {
  addLines,
  agreementChoices,
  createCreditNote,
  invoiceDetail,
  prefillFromPlan,
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
import {
  choice,
  isoDate,
  optionalText,
  pounds,
  requiredText,
} from "~/lib/validation";

export const handle: PageHandle = {
  title: (data: { detail: { invoice: { reference: string } } }) =>
    `Invoice ${data.detail.invoice.reference}`,
};

const LineSchema = z.object({
  agreementId: requiredText("Choose the agreement"),
  startOn: isoDate("Enter the first day of the support"),
  endOn: isoDate("Enter the last day of the support"),
  description: requiredText("Describe the support", 500),
  unitKind: choice(UNIT_KINDS, "Choose what the units are"),
  units: z
    .string()
    .trim()
    .regex(
      /^\d{1,5}(\.\d{1,2})?$/,
      "Enter the units as a number, such as 3 or 2.5"
    )
    .transform(Number)
    .refine((n) => n > 0, "The units must be more than zero"),
  rate: pounds("Enter the rate per unit"),
});

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
      const choice_ = agreementChoices(db, session.actor, id).find(
        (c) => c.agreementId === parsed.data.agreementId
      );
      if (!choice_)
        return invalid({
          fieldErrors: { agreementId: "Choose one of your agreements" },
          values: parsed.values,
        });
      addLines(db, session.actor, id, [
        {
          personId: choice_.personId,
          agreementId: choice_.agreementId,
          startOn: parsed.data.startOn,
          endOn: parsed.data.endOn,
          description: parsed.data.description,
          unitKind: parsed.data.unitKind,
          units: parsed.data.units,
          ratePence: parsed.data.rate,
        },
      ]);
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
          { key: "Total", value: formatPence(detail.total) },
          {
            key: "Submitted",
            value: invoice.submittedOn
              ? formatDate(invoice.submittedOn)
              : "Not yet",
          },
          {
            key: "Paid on",
            value: invoice.paidOn ? formatDate(invoice.paidOn) : "Not yet",
          },
          { key: "Days to pay", value: <DaysToPay days={detail.daysToPay} /> },
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
                <Form method="post">
                  <input type="hidden" name="lineId" value={row.line.id} />
                  <button
                    className="ds_link"
                    type="submit"
                    name="intent"
                    value="remove-line"
                    style={{ background: "none", border: 0, padding: 0 }}
                  >
                    Remove
                    <span className="visually-hidden">
                      {" "}
                      line {row.line.position}
                    </span>
                  </button>
                </Form>
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
            <Select
              name="agreementId"
              label="Agreement"
              options={choices.map((c) => ({
                value: c.agreementId,
                label: c.label,
              }))}
              placeholder="Choose an agreement"
            />
            <TextInput
              name="startOn"
              label="First day"
              hint="For example, 2026-11-03"
              width={10}
            />
            <TextInput
              name="endOn"
              label="Last day"
              hint="The same as the first day for one day's support"
              width={10}
            />
            <TextInput name="description" label="Support given" />
            <Select
              name="unitKind"
              label="Units are"
              options={UNIT_KINDS.map((k) => ({ value: k, label: k }))}
            />
            <TextInput
              name="units"
              label="Units"
              width={5}
              inputMode="decimal"
            />
            <TextInput
              name="rate"
              label="Rate per unit"
              prefix="£"
              width={5}
              inputMode="decimal"
            />
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

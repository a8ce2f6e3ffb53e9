import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, ErrorSummary } from "~/components/ds";
import { LineFields } from "~/components/invoices/line-fields";
import { LineSchema } from "~/domain/invoices/invoices.schema";
import { providerInvoice } from "~/domain/invoices/invoices.server";
import { changeLine, lineToChange } from "~/domain/invoices/lines.server";
import { database } from "~/lib/db.server";
import { hasProblems, parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { penceToInput } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: (data: { invoice: { reference: string }; line: { position: number } }) =>
    `Change line ${data.line.position} of invoice ${data.invoice.reference}`,
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { invoice, line, choices } = lineToChange(database(), actor, params.invoiceId ?? "", params.lineId ?? "");
    return {
      invoice: { id: invoice.id, reference: invoice.reference },
      line: {
        position: line.position,
        values: {
          agreementId: line.agreementId,
          outcomeId: line.outcomeId ?? "",
          startOn: line.startOn,
          endOn: line.endOn,
          description: line.description,
          unitKind: line.unitKind,
          units: String(line.units),
          rate: penceToInput(line.ratePence),
        },
      },
      choices: choices.map(({ agreementId, label, outcomes }) => ({ agreementId, label, outcomes })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    providerInvoice(database(), session.actor, params.invoiceId ?? "");
    const form = await readForm(request);
    const parsed = parseForm(LineSchema, form);
    if (!parsed.ok) return invalid(parsed);
    const invoiceId = params.invoiceId ?? "";
    const line = changeLine(database(), session.actor, invoiceId, params.lineId ?? "", parsed.data);
    return redirectWithFlash(session, `/provider/invoices/${invoiceId}?${new URLSearchParams({ line: line.id })}#${line.id}`, `Line ${line.position} changed.`);
  });
}

export default function ChangeLine() {
  const { invoice, line, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to={`/provider/invoices/${invoice.id}`}>Back to invoice {invoice.reference}</BackLink>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <h1 className="ds_page-header__title">
        Change line {line.position} of invoice {invoice.reference}
      </h1>
      <DsForm summary={false} defaults={line.values}>
        <LineFields choices={choices} />
        <Button>Save the line</Button>
      </DsForm>
    </>
  );
}

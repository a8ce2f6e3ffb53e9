import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, Radios } from "~/components/ds";
import { NewInvoiceSchema } from "~/domain/invoices/invoices.schema";
import { createInvoice, invoiceableCouncils } from "~/domain/invoices/invoices.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Start an invoice" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "provider.work", { organisationId: actor.organisationId ?? "" });
    return { councils: invoiceableCouncils(database(), actor) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "provider.work", { organisationId: session.actor.organisationId ?? "" });
    const form = parseForm(NewInvoiceSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const invoice = createInvoice(database(), session.actor, form.data);
    return redirectWithFlash(
      session,
      `/provider/invoices/${invoice.id}`,
      `Invoice ${invoice.reference} started for ${formatDate(invoice.periodStart)} to ${formatDate(invoice.periodEnd)}: add its lines from the plan, by hand or from a CSV file.`,
    );
  });
}

export default function NewInvoice() {
  const { councils } = useLoaderData<typeof loader>();
  const only = councils.length === 1 ? councils[0] : undefined;
  return (
    <>
      <BackLink to="/provider/invoices" />
      <h1 className="ds_page-header__title">Start an invoice</h1>
      {councils.length === 0 ? (
        <p>You have no agreement in force to invoice.</p>
      ) : (
        <DsForm defaults={{ councilId: only?.id ?? "" }}>
          <Radios
            name="councilId"
            legend="Which council is this invoice to?"
            options={councils.map((c) => ({
              value: c.id,
              label: c.name,
              hint: `The next 4-weekly period is ${formatDate(c.next.periodStart)} to ${formatDate(c.next.periodEnd)}`,
            }))}
          />
          <p>Leave the dates empty to invoice the next 4-weekly period, or give the first and last day of another period, such as one you missed.</p>
          <DateInput name="periodStart" legend="First day of the period (optional)" hint="For example, 14 10 2026" />
          <DateInput name="periodEnd" legend="Last day of the period (optional)" hint="For example, 10 11 2026" />
          <Button>Start the invoice</Button>
        </DsForm>
      )}
    </>
  );
}

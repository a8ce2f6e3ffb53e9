import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, PageHeader, Radios, SummaryList, TextInput, Textarea } from "~/components/ds";
import { MAX_ENTRY_PENCE, RecordEntrySchema } from "~/domain/ledger/entries.schema";
import { accountForRecording, recordEntry, recordEntryView } from "~/domain/ledger/entries.server";
import { KIND_LABELS } from "~/domain/ledger/kinds";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence, formatPenceShort } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record money on the fund" };

/** Council finance records the person's contribution received, a management fee or an adjustment on a fund. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const view = recordEntryView(database(), actor, params.accountId ?? "");
    return {
      accountId: view.account.id,
      periodStart: view.account.periodStart,
      periodEnd: view.account.periodEnd,
      balance: view.balance,
      fee: view.fee ? { kind: view.fee.fee.kind, agreed: view.fee.agreed, taken: view.fee.taken, left: view.fee.left } : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    accountForRecording(database(), session.actor, params.accountId ?? "");
    const form = parseForm(RecordEntrySchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const entry = recordEntry(database(), session.actor, params.accountId ?? "", form.data);
    return redirectWithFlash(
      session,
      `/funds/${entry.accountId}/entries/${entry.id}`,
      `${KIND_LABELS[entry.kind]} of ${formatPence(Math.abs(entry.amount))} recorded as entry ${entry.sequence}`,
    );
  });
}

export default function RecordEntry() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/funds/${data.accountId}`}>Back to the fund</BackLink>
      <PageHeader title="Record money on the fund" />
      <SummaryList
        rows={[
          { key: "Period", value: `${formatDate(data.periodStart)} to ${formatDate(data.periodEnd)}` },
          { key: "Left in the fund", value: formatPence(data.balance) },
          {
            key: "Management fee from the fund",
            value: data.fee ? `${formatPence(data.fee.taken)} of ${formatPence(data.fee.agreed)} taken; up to ${formatPence(data.fee.left)} more` : "None: the agreement does not pay a fee from the fund",
          },
        ]}
      />
      <DsForm>
        <Radios
          name="kind"
          legend="What are you recording?"
          options={[
            { value: "contribution_received", label: "The person's contribution received", hint: "Money the person paid into the fund" },
            {
              value: "management_fee",
              label: "A management fee",
              hint: data.fee?.kind === "percent" ? "Percentage fees are taken automatically when invoices are approved" : "The provider's fixed fee, as the agreement sets",
            },
            { value: "adjustment_in", label: "An adjustment: money into the fund", hint: "For example, a refund from the provider" },
            { value: "adjustment_out", label: "An adjustment: money out of the fund", hint: "For example, a cost paid outside an invoice" },
          ]}
        />
        <TextInput name="amount" label="Amount" hint={`In pounds and pence, up to ${formatPenceShort(MAX_ENTRY_PENCE)}`} prefix="£" width={10} inputMode="decimal" />
        <DateInput name="entryDate" legend="Date the money moved" hint="Today or earlier, for example 27 3 2026" />
        <TextInput name="reference" label="Reference (optional)" hint="For example, the payment or bank reference. A reference can be used once for each kind of entry." width={20} />
        <Textarea name="reason" label="Reason" hint="Needed for an adjustment: it is shown on the statement" rows={3} />
        <Button>Record the entry</Button>
      </DsForm>
    </>
  );
}

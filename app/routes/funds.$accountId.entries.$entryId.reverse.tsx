import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, InsetText, PageHeader, SummaryList, Textarea, WarningText } from "~/components/ds";
import { ReverseEntrySchema } from "~/domain/ledger/entries.schema";
import { accountForRecording, reverseEntryView, reverseFundEntry } from "~/domain/ledger/entries.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { sequence: number }) => `Reverse entry ${data.sequence}` };

/** Council finance reverses an entry (once) with an equal and opposite one, giving the reason. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { account, entry, refusal } = reverseEntryView(database(), actor, params.accountId ?? "", params.entryId ?? "");
    return { accountId: account.id, id: entry.id, sequence: entry.sequence, kindLabel: entry.kindLabel, description: entry.description, amount: entry.amount, entryDate: entry.entryDate, refusal };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    accountForRecording(database(), session.actor, params.accountId ?? "");
    const form = parseForm(ReverseEntrySchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const reversal = reverseFundEntry(database(), session.actor, params.accountId ?? "", params.entryId ?? "", form.data);
    return redirectWithFlash(session, `/funds/${reversal.accountId}/entries/${reversal.id}`, `Entry reversed: the reversal is entry ${reversal.sequence}`);
  });
}

export default function ReverseEntry() {
  const data = useLoaderData<typeof loader>();
  const entryPath = `/funds/${data.accountId}/entries/${data.id}`;
  return (
    <>
      <BackLink to={entryPath}>Back to entry {data.sequence}</BackLink>
      <PageHeader title={`Reverse entry ${data.sequence}`} />
      <SummaryList
        rows={[
          { key: "Entry", value: `${data.kindLabel}: ${data.description}` },
          { key: data.amount > 0 ? "Money in" : "Money out", value: formatPence(Math.abs(data.amount)) },
          { key: "Date", value: formatDate(data.entryDate) },
        ]}
      />
      {data.refusal ? (
        <InsetText>{data.refusal}</InsetText>
      ) : (
        <>
          <WarningText>
            A reversal records an equal and opposite entry of {formatPence(Math.abs(data.amount))}. Both stay on the statement, and an entry can be reversed only once.
          </WarningText>
          <DsForm>
            <DateInput name="entryDate" legend="Date of the reversal" hint="Today or earlier, and not before the entry, for example 27 3 2026" />
            <Textarea name="reason" label="Why is this entry being reversed?" hint="This is shown on the statement" rows={3} />
            <Button>Reverse the entry</Button>
          </DsForm>
        </>
      )}
    </>
  );
}

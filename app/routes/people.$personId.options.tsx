import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText, PageHeader, TextInput } from "~/components/ds";
import { OptionAmounts } from "~/components/people/person-form";
import { BUDGET_PERIOD_LABELS } from "~/domain/people/labels";
import { OptionSplitSchema } from "~/domain/people/people.schema";
import { personRecordForChange, recordOptionSplit, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { invalid, notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record the option choice" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, budget } = personRecordForChange(database(), actor, params.personId ?? "");
    if (!budget) return notFound();
    const money = (pence: number) => (pence ? penceToInput(pence) : "");
    return {
      id: person.id,
      name: person.name,
      budget: `${formatPence(budget.amountPence)} ${BUDGET_PERIOD_LABELS[budget.period]}`,
      defaults: { option1Pence: money(budget.option1Pence), option2Pence: money(budget.option2Pence), option3Pence: money(budget.option3Pence) },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(OptionSplitSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    recordOptionSplit(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, "The option choice has been recorded");
  });
}

export default function Options() {
  const { id, name, budget, defaults } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Record the option choice" label={name} />
      <InsetText>The budget is {budget}. The Option 2 amount is what the person's agreements with providers draw on.</InsetText>
      <DsForm defaults={defaults}>
        <OptionAmounts />
        <TextInput name="reason" label="Reason for the change (optional)" />
        <Button>Save the option choice</Button>
      </DsForm>
    </>
  );
}

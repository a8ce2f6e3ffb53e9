import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, InsetText, PageHeader, Radios, TextInput } from "~/components/ds";
import { OptionAmounts } from "~/components/people/person-form";
import { BUDGET_BASIS_LABELS, BUDGET_PERIOD_LABELS, labelOptions } from "~/domain/people/labels";
import { BudgetSchema } from "~/domain/people/people.schema";
import { personRecordForChange, recordBudget, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { penceToInput } from "~/lib/money";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record the budget" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, budget } = personRecordForChange(database(), actor, params.personId ?? "");
    const money = (pence: number) => (pence ? penceToInput(pence) : "");
    return {
      id: person.id,
      name: person.name,
      isChange: Boolean(budget),
      defaults: (budget
        ? {
            amountPence: money(budget.amountPence),
            period: budget.period,
            startsOn: budget.startsOn,
            endsOn: budget.endsOn ?? "",
            basis: budget.basis,
            basisDetail: budget.basisDetail,
            contributionPence: money(budget.contributionPence),
            option1Pence: money(budget.option1Pence),
            option2Pence: money(budget.option2Pence),
            option3Pence: money(budget.option3Pence),
          }
        : { period: "year" }) as Record<string, string>,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(BudgetSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const version = recordBudget(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, `Budget version ${version.version} has been recorded`);
  });
}

export default function Budget() {
  const { id, name, isChange, defaults } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title={isChange ? "Change the budget" : "Record the budget"} label={name} />
      {isChange && <InsetText>A change is kept as a new version of the budget. The earlier versions stay in the history.</InsetText>}
      <DsForm defaults={defaults}>
        <TextInput name="amountPence" label="Individual budget" hint="In pounds and pence, for example 14560 or 280.50" prefix="£" width={10} inputMode="decimal" />
        <Radios name="period" legend="The budget is" options={labelOptions({ year: `Per year (${BUDGET_PERIOD_LABELS.year})`, week: `Per week (${BUDGET_PERIOD_LABELS.week})` })} small />
        <DateInput name="startsOn" legend="Start date" hint="For example, 1 4 2026" />
        <DateInput name="endsOn" legend="End date (optional)" hint="For example, 31 3 2027" />
        <Radios name="basis" legend="How was the budget set?" options={labelOptions(BUDGET_BASIS_LABELS)} small />
        <TextInput name="basisDetail" label="Details (optional)" hint="For example, the resource allocation score" />
        <TextInput name="contributionPence" label="Assessed contribution from the person (optional)" hint="For the same period as the budget" prefix="£" width={10} inputMode="decimal" />
        <OptionAmounts />
        {isChange && <TextInput name="reason" label="Reason for the change" hint="For example, review after a change in circumstances" />}
        <Button>Save the budget</Button>
      </DsForm>
    </>
  );
}

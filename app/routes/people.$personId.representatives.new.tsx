import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, PageHeader, Radios, TextInput } from "~/components/ds";
import { AUTHORITY_HINTS, AUTHORITY_LABELS, labelOptions, REPRESENTATIVE_KIND_LABELS } from "~/domain/people/labels";
import { RepresentativeSchema } from "~/domain/people/people.schema";
import { addRepresentative, personRecordForChange, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record a representative" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person } = personRecordForChange(database(), actor, params.personId ?? "");
    return { id: person.id, name: person.name };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(RepresentativeSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const rep = addRepresentative(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, `${rep.name} has been recorded as a representative`);
  });
}

export default function NewRepresentative() {
  const { id, name } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Record a representative" label={name} />
      <DsForm>
        <TextInput name="name" label="Representative's full name" />
        <Radios name="kind" legend="Who is the representative?" options={labelOptions(REPRESENTATIVE_KIND_LABELS)} small />
        <TextInput name="relationship" label="Relationship to the person (optional)" hint="For example, mother, son, friend" />
        <TextInput name="basis" label="Legal authority or basis" hint="For example, welfare power of attorney, guardianship order, or chosen by the person" />
        <TextInput name="documentReference" label="Document reference" hint="Needed for a guardian or an attorney: the reference of the order or the registered power of attorney" />
        <Radios name="authority" legend="What may the representative do?" options={labelOptions(AUTHORITY_LABELS, AUTHORITY_HINTS)} small />
        <DateInput name="startsOn" legend="Start date" hint="For example, 1 6 2026" />
        <DateInput name="endsOn" legend="End date (optional)" hint="Leave empty if there is no end date" />
        <TextInput name="email" label="Email address (optional)" type="email" hint="Needed to invite the representative to use this service" spellCheck={false} />
        <TextInput name="phone" label="Phone number (optional)" type="tel" width={20} />
        <Button>Record the representative</Button>
      </DsForm>
    </>
  );
}

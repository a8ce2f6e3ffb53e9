import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, PageHeader, Radios } from "~/components/ds";
import { PractitionerSchema } from "~/domain/people/people.schema";
import { assignPractitioner, councilPractitioners, personRecordForChange, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change the practitioner" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const { person } = personRecordForChange(db, actor, params.personId ?? "");
    return {
      person: { id: person.id, name: person.name },
      practitioners: councilPractitioners(db, person.councilId).map((p) => ({ value: p.id, label: p.name, hint: p.email })),
      defaults: { practitionerId: person.practitionerId ?? "" },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(PractitionerSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const practitioner = assignPractitioner(database(), session.actor, params.personId ?? "", form.data.practitionerId);
    return redirectWithFlash(session, `/people/${params.personId}`, `${practitioner.name} is now the practitioner`);
  });
}

export default function ChangePractitioner() {
  const { person, practitioners, defaults } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${person.id}`} />
      <DsForm defaults={defaults}>
        <Radios name="practitionerId" legend={`Who is ${person.name}'s practitioner?`} asHeading hint="The practitioner looks after the person and is told about their agreements" options={practitioners} />
        <Button>Save the practitioner</Button>
      </DsForm>
    </>
  );
}

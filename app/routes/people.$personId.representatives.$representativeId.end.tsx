import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, PageHeader, Textarea, WarningText } from "~/components/ds";
import { RepresentativeEndSchema } from "~/domain/people/people.schema";
import { endRepresentative, representativeForChange, representativeForPage } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "End a representative's authority" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, representative: rep } = representativeForPage(database(), actor, params.personId ?? "", params.representativeId ?? "");
    return { person: { id: person.id, name: person.name }, rep: { id: rep.id, name: rep.name } };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    representativeForChange(database(), session.actor, params.personId ?? "", params.representativeId ?? "");
    const form = parseForm(RepresentativeEndSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const rep = endRepresentative(database(), session.actor, params.personId ?? "", params.representativeId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, `${rep.name} no longer acts for the person`);
  });
}

export default function EndRepresentative() {
  const { person, rep } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${person.id}/representatives/${rep.id}`} />
      <PageHeader title={`End ${rep.name}'s authority`} label={person.name} />
      <WarningText>
        {rep.name} will stop acting for {person.name} straight away: they will no longer see {person.name}'s support or sign for them. They and {person.name} will be told.
      </WarningText>
      <DsForm>
        <Textarea name="reason" label={`Why does ${rep.name} no longer act for ${person.name}?`} rows={3} />
        <Button>End their authority today</Button>
      </DsForm>
    </>
  );
}

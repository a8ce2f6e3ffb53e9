import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, PageHeader } from "~/components/ds";
import { RepresentativeForm } from "~/components/people/representative-form";
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
      <RepresentativeForm submit="Record the representative" />
    </>
  );
}

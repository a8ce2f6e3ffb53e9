import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { BackLink, PageHeader } from "~/components/ds";
import { PersonForm } from "~/components/people/person-form";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { PersonSchema } from "~/domain/people/people.schema";
import { createPerson } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record a new person" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "people.record", { councilId: actor.councilId ?? "" });
    const db = database();
    return { localities: councilList(db, actor.councilId ?? "", "locality"), careGroups: councilList(db, actor.councilId ?? "", "care_group") };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "people.record", { councilId: session.actor.councilId ?? "" });
    const form = parseForm(PersonSchema, await readForm(request), ["accessibleFormats"]);
    if (!form.ok) return invalid(form);
    const person = createPerson(database(), session.actor, form.data);
    return redirectWithFlash(session, `/people/${person.id}`, `${person.name} has been recorded`);
  });
}

export default function NewPerson() {
  const { localities, careGroups } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/people" />
      <PageHeader title="Record a new person" />
      <PersonForm localities={localities} careGroups={careGroups} defaults={{ contactMethod: "email" }} submit="Record the person" />
    </>
  );
}

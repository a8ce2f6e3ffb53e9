import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, PageHeader } from "~/components/ds";
import { PersonForm } from "~/components/people/person-form";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { PersonSchema } from "~/domain/people/people.schema";
import { personRecordForChange, requireCaseworker, updatePerson } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change the person's details" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const { person } = personRecordForChange(db, actor, params.personId ?? "");
    const { id, name, reference, dateOfBirth, address, postcode, localityId, careGroupId, email, phone, contactMethod, accessibleFormats, communicationNeeds } = person;
    // A retired care group stays offered to the person who already has it, so saving other details keeps it.
    const careGroups = councilList(db, person.councilId, "care_group", { includeRetired: true })
      .filter((g) => !g.retired || g.id === careGroupId)
      .map((g) => ({ id: g.id, label: g.retired ? `${g.label} (no longer used)` : g.label }));
    return {
      id,
      localities: councilList(db, person.councilId, "locality"),
      careGroups,
      defaults: { name, reference, dateOfBirth, address, postcode, localityId: localityId ?? "", careGroupId: careGroupId ?? "", email, phone, contactMethod, accessibleFormats, communicationNeeds },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(PersonSchema, await readForm(request), ["accessibleFormats"]);
    if (!form.ok) return invalid(form);
    updatePerson(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, "The person's details have been changed");
  });
}

export default function PersonDetails() {
  const { id, localities, careGroups, defaults } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Change the person's details" label={defaults.name} />
      <PersonForm localities={localities} careGroups={careGroups} defaults={defaults} submit="Save the details" />
    </>
  );
}

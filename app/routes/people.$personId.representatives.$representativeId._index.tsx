import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, PageHeader, SummaryList } from "~/components/ds";
import { RepresentativeForm } from "~/components/people/representative-form";
import { REPRESENTATIVE_KIND_LABELS } from "~/domain/people/labels";
import { RepresentativeChangeSchema } from "~/domain/people/people.schema";
import { changeRepresentative, representativeForChange, representativeForPage } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change a representative" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, representative: rep, active } = representativeForPage(database(), actor, params.personId ?? "", params.representativeId ?? "");
    const { name, relationship, basis, documentReference, authority, startsOn, endsOn, email, phone } = rep;
    return {
      person: { id: person.id, name: person.name, open: person.status === "open" },
      rep: { id: rep.id, name: rep.name, kind: REPRESENTATIVE_KIND_LABELS[rep.kind] },
      active,
      defaults: { name, relationship, basis, documentReference, authority, startsOn, endsOn: endsOn ?? "", email, phone },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    representativeForChange(database(), session.actor, params.personId ?? "", params.representativeId ?? "");
    const form = parseForm(RepresentativeChangeSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const rep = changeRepresentative(database(), session.actor, params.personId ?? "", params.representativeId ?? "", form.data);
    const message = rep.accountUnlinked
      ? `The change to ${rep.name} has been recorded. The account at their old email address no longer acts for this person: invite them at the new address`
      : `The change to ${rep.name} has been recorded`;
    return redirectWithFlash(session, `/people/${params.personId}`, message);
  });
}

export default function ChangeRepresentative() {
  const { person, rep, active, defaults } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${person.id}`} />
      <PageHeader title={`Change ${rep.name}`} label={person.name} />
      <SummaryList
        rows={[
          { key: "Who", value: rep.kind },
          { key: "Status", value: active ? "Acting for the person now" : "Not acting for the person now" },
        ]}
      />
      {person.open && (
        <>
          <p>Correct anything recorded wrongly, or record a change. Who the representative is cannot change: record a new representative instead.</p>
          <RepresentativeForm change defaults={defaults} submit="Save the change" />
        </>
      )}
      {active && (
        <p>
          <Link to={`/people/${person.id}/representatives/${rep.id}/end`}>End {rep.name}'s authority today</Link>
        </p>
      )}
    </>
  );
}

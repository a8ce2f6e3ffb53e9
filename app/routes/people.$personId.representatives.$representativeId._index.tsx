import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, PageHeader, Radios, SummaryList, Textarea } from "~/components/ds";
import { AUTHORITY_HINTS, AUTHORITY_LABELS, labelOptions, REPRESENTATIVE_KIND_LABELS } from "~/domain/people/labels";
import { RepresentativeChangeSchema } from "~/domain/people/people.schema";
import { changeRepresentative, representativeForChange, representativeForPage } from "~/domain/people/people.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change a representative" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, representative: rep, active } = representativeForPage(database(), actor, params.personId ?? "", params.representativeId ?? "");
    return {
      person: { id: person.id, name: person.name, open: person.status === "open" },
      rep: { id: rep.id, name: rep.name, kind: REPRESENTATIVE_KIND_LABELS[rep.kind], basis: rep.basis, documentReference: rep.documentReference, startsOn: rep.startsOn, endsOn: rep.endsOn },
      active,
      defaults: { authority: rep.authority, endsOn: rep.endsOn ?? "" },
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
    return redirectWithFlash(session, `/people/${params.personId}`, `The change to ${rep.name} has been recorded`);
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
          { key: "Authority or basis", value: `${rep.basis}${rep.documentReference ? `, document ${rep.documentReference}` : ""}` },
          { key: "Dates", value: `${formatDate(rep.startsOn)}${rep.endsOn ? ` to ${formatDate(rep.endsOn)}` : " onwards"}` },
          { key: "Status", value: active ? "Acting for the person now" : "Not acting for the person now" },
        ]}
      />
      {person.open && (
        <DsForm defaults={defaults}>
          <Radios name="authority" legend="What may the representative do?" options={labelOptions(AUTHORITY_LABELS, AUTHORITY_HINTS)} small />
          <DateInput name="endsOn" legend="End date (optional)" hint="The last day the representative acts for the person. Leave empty if there is no end date" />
          <Textarea name="reason" label="Reason for the change" rows={3} />
          <Button>Save the change</Button>
        </DsForm>
      )}
      {active && (
        <p>
          <Link to={`/people/${person.id}/representatives/${rep.id}/end`}>End {rep.name}'s authority today</Link>
        </p>
      )}
    </>
  );
}

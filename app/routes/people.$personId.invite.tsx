import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, PageHeader, Radios } from "~/components/ds";
import { InviteSchema } from "~/domain/people/people.schema";
import { INVITATION_LIFETIME_DAYS } from "~/domain/people/labels";
import { invite, invitees, personRecordForChange, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Invite someone to use the service" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person } = personRecordForChange(database(), actor, params.personId ?? "");
    return { id: person.id, name: person.name, invitees: invitees(database(), actor, person.id) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(InviteSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const { email } = invite(database(), session.actor, params.personId ?? "", form.data.recipient);
    return redirectWithFlash(session, `/people/${params.personId}`, `An invitation has been sent to ${email}`);
  });
}

export default function Invite() {
  const { id, name, invitees } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Invite someone to use the service" label={name} />
      <p>
        They get an email with a link to set a password. The link works once and expires after {INVITATION_LIFETIME_DAYS} days. Sending it again
        replaces the earlier link.
      </p>
      <DsForm>
        <Radios
          name="recipient"
          legend="Who do you want to invite?"
          options={invitees.map((i) => ({
            value: i.id,
            label: i.name,
            hint:
              i.email || i.hasAccount ? (
                `${i.email || "No email address recorded"}. ${i.status}`
              ) : (
                <>
                  No email address recorded.{" "}
                  <Link to={i.id === "person" ? `/people/${id}/details` : `/people/${id}/representatives/${i.id}`}>
                    Record an email address<span className="visually-hidden"> for {i.name}</span>
                  </Link>{" "}
                  before inviting them.
                </>
              ),
          }))}
        />
        <Button>Send the invitation</Button>
      </DsForm>
    </>
  );
}

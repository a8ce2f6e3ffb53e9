import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorise } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, Radios, TextInput } from "~/components/ds";
import { InvitationSchema } from "~/domain/frameworks/frameworks.schema";
import { inviteColleague } from "~/domain/providers/providers.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Invite a colleague" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    authorise(actor, "provider.administer", { organisationId: actor.organisationId ?? "" });
    return null;
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "provider.administer", { organisationId: session.actor.organisationId ?? "" });
    const form = parseForm(InvitationSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    inviteColleague(database(), session.actor, form.data);
    return redirectWithFlash(session, "/provider/organisation", `We have emailed an invitation to ${form.data.email}.`);
  });
}

export default function Invite() {
  return (
    <>
      <BackLink to="/provider/organisation" />
      <h1 className="ds_page-header__title">Invite a colleague</h1>
      <p>We will email them a link to choose a password. The link works for 7 days.</p>
      <DsForm>
        <TextInput name="name" label="Full name" />
        <TextInput name="email" label="Email address" type="email" spellCheck={false} />
        <Radios
          name="role"
          legend="What can they do?"
          options={[
            { value: "provider_staff", label: "Provider staff", hint: "Apply to frameworks, answer enquiries, agree support and invoice" },
            { value: "provider_admin", label: "Provider administrator", hint: "Everything staff can do, and change the organisation's details and invite people" },
          ]}
        />
        <Button>Send the invitation</Button>
      </DsForm>
    </>
  );
}

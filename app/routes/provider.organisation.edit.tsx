import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ORGANISATION_TYPES } from "@db/schema/accounts";
import { authorise } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, Radios, Textarea, TextInput } from "~/components/ds";
import { OrganisationSchema } from "~/domain/frameworks/frameworks.schema";
import { ORGANISATION_TYPE_LABELS } from "~/domain/frameworks/labels";
import { getOrganisation, updateOrganisation } from "~/domain/providers/providers.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Organisation details" };

/** Where to go back to: an application's task list when the details were opened from one. */
function returnPath(request: Request): string {
  const application = new URL(request.url).searchParams.get("application");
  return application && /^[\w-]{1,64}$/.test(application) ? `/provider/applications/${application}` : "/provider/organisation";
}

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const { id, createdAt: _createdAt, ...values } = getOrganisation(database(), actor);
    authorise(actor, "provider.administer", { organisationId: id });
    return { values, back: returnPath(request) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getOrganisation(database(), session.actor);
    const form = parseForm(OrganisationSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    updateOrganisation(database(), session.actor, form.data);
    return redirectWithFlash(session, returnPath(request), "Your organisation's details have been saved.");
  });
}

export default function EditOrganisation() {
  const { values, back } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={back} />
      <h1 className="ds_page-header__title">Organisation details</h1>
      <DsForm defaults={values}>
        <TextInput name="name" label="Organisation name" autoComplete="organization" />
        <Radios name="type" legend="Type of organisation" options={ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABELS[value] }))} />
        <TextInput name="charityNumber" label="OSCR charity number" hint="Needed for a charity, like SC012345" width={10} />
        <TextInput name="companyNumber" label="Companies House number" hint="Needed for a company, like SC123456" width={10} />
        <TextInput name="careInspectorateNumbers" label="Care Inspectorate service registration numbers (optional)" hint="Separate numbers with commas, like CS2009123456, CS2012654321" />
        <Textarea name="address" label="Address" rows={3} />
        <TextInput name="postcode" label="Postcode" width={10} autoComplete="postal-code" />
        <TextInput name="contactName" label="Contact name" autoComplete="name" />
        <TextInput name="contactEmail" label="Contact email address" type="email" autoComplete="email" spellCheck={false} />
        <TextInput name="contactPhone" label="Contact telephone number" type="tel" autoComplete="tel" width={20} />
        <Button>Save the details</Button>
      </DsForm>
    </>
  );
}

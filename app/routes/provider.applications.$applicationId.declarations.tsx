import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DsForm } from "~/components/ds";
import { acceptDeclarations, getProviderApplication } from "~/domain/frameworks/applications.server";
import { DeclarationsSchema } from "~/domain/frameworks/frameworks.schema";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Declarations" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { application, council, editable } = getProviderApplication(database(), await requireActor(request), params.applicationId ?? "");
    return { id: application.id, council, editable, accepted: Boolean(application.declarationsAcceptedAt) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getProviderApplication(database(), session.actor, params.applicationId ?? "");
    const form = parseForm(DeclarationsSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    acceptDeclarations(database(), session.actor, params.applicationId ?? "");
    return redirectWithFlash(session, `/provider/applications/${params.applicationId}`, "Your declarations have been saved.");
  });
}

export default function Declarations() {
  const { id, council, accepted } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/applications/${id}`} />
      <h1 className="ds_page-header__title">Declarations</h1>
      <p>By applying, your organisation declares that:</p>
      <ul>
        <li>the information in this application is true and complete;</li>
        <li>it will tell {council} straight away if anything in it changes, including its Care Inspectorate registration or insurance;</li>
        <li>it will keep its evidence current and renew it before it expires;</li>
        <li>it accepts the framework's terms, including that the council publishes which providers are admitted to which lots.</li>
      </ul>
      <DsForm defaults={accepted ? { declaration: "yes" } : {}}>
        <Checkboxes name="declaration" legend="Declaration" options={[{ value: "yes", label: "I confirm these declarations on behalf of my organisation" }]} />
        <Button>Save and continue</Button>
      </DsForm>
    </>
  );
}

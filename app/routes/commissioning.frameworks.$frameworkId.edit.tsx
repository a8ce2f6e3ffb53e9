import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm } from "~/components/ds";
import { FrameworkFields } from "~/components/frameworks";
import { FrameworkSchema } from "~/domain/frameworks/frameworks.schema";
import { getFramework, updateFramework } from "~/domain/frameworks/frameworks.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change the framework" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const framework = getFramework(database(), await requireActor(request), params.frameworkId ?? "");
    const { id, name, reference, description, startDate, endDate, status, rolling } = framework;
    return { id, values: { name, reference, description, startDate, endDate, status, rolling: rolling ? "yes" : "no" } };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getFramework(database(), session.actor, params.frameworkId ?? "");
    const form = parseForm(FrameworkSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    updateFramework(database(), session.actor, params.frameworkId ?? "", form.data);
    return redirectWithFlash(session, `/commissioning/frameworks/${params.frameworkId}`, "The framework has been changed.");
  });
}

export default function EditFramework() {
  const { id, values } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/commissioning/frameworks/${id}`} />
      <h1 className="ds_page-header__title">Change the framework</h1>
      <DsForm defaults={values}>
        <FrameworkFields />
        <Button>Save the changes</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireActor, requireSession } from "~/auth/session.server";
import { authorise } from "~/auth/permissions";
import { BackLink, Button, DsForm } from "~/components/ds";
import { FrameworkFields } from "~/components/frameworks";
import { FrameworkSchema } from "~/domain/frameworks/frameworks.schema";
import { createFramework } from "~/domain/frameworks/frameworks.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Create a framework" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    authorise(actor, "framework.manage", { councilId: actor.councilId ?? "" });
    return null;
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "framework.manage", { councilId: session.actor.councilId ?? "" });
    const form = parseForm(FrameworkSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const id = createFramework(database(), session.actor, form.data);
    return redirectWithFlash(session, `/commissioning/frameworks/${id}`, "The framework has been created. Now add its lots and admission criteria.");
  });
}

export default function NewFramework() {
  return (
    <>
      <BackLink to="/commissioning/frameworks" />
      <h1 className="ds_page-header__title">Create a framework</h1>
      <DsForm defaults={{ status: "draft", rolling: "yes" }}>
        <FrameworkFields />
        <Button>Create the framework</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DsForm } from "~/components/ds";
import { chooseLots, getProviderApplication } from "~/domain/frameworks/applications.server";
import { LotsChoiceSchema } from "~/domain/frameworks/frameworks.schema";
import { guideRateText } from "~/domain/frameworks/labels";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Which lots are you applying for?" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { application, lots, extends: standing } = getProviderApplication(database(), await requireActor(request), params.applicationId ?? "");
    return {
      id: application.id,
      // An application for more lots offers only the lots the provider is not admitted to yet.
      lots: lots.filter((l) => !l.onStanding).map((l) => ({ id: l.id, name: l.name, description: l.description, rate: guideRateText(l) })),
      chosen: lots.filter((l) => l.chosen).map((l) => l.id),
      admitted: standing ? lots.filter((l) => l.onStanding).map((l) => l.name) : [],
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getProviderApplication(database(), session.actor, params.applicationId ?? "");
    const form = parseForm(LotsChoiceSchema, await readForm(request), ["lots"]);
    if (!form.ok) return invalid(form);
    chooseLots(database(), session.actor, params.applicationId ?? "", form.data.lots);
    return redirectWithFlash(session, `/provider/applications/${params.applicationId}`, "Your choice of lots has been saved.");
  });
}

export default function Lots() {
  const { id, lots, chosen, admitted } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/applications/${id}`} />
      <DsForm defaults={{ lots: chosen }}>
        <Checkboxes
          name="lots"
          legend="Which lots are you applying for?"
          asHeading
          hint={admitted.length > 0 ? `You are already admitted to ${admitted.join(", ")}. Select all the other lots you are applying for.` : "Select all that apply"}
          options={lots.map((l) => ({ value: l.id, label: l.name, hint: [l.description, l.rate && `Guide rate: ${l.rate}`].filter(Boolean).join(" ") }))}
        />
        <Button>Save and continue</Button>
      </DsForm>
    </>
  );
}

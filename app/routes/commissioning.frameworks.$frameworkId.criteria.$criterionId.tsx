import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm } from "~/components/ds";
import { CriterionFields } from "~/components/frameworks";
import { CriterionSchema } from "~/domain/frameworks/frameworks.schema";
import { addCriterion, getFramework, updateCriterion } from "~/domain/frameworks/frameworks.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { criterion: unknown }) => (data.criterion ? "Change the criterion" : "Add a criterion") };

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** `/criteria/new` adds a criterion; `/criteria/<id>` changes one. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const framework = getFramework(database(), await requireActor(request), params.frameworkId ?? "");
    if (params.criterionId === "new") return { frameworkId: framework.id, frameworkName: framework.name, criterion: null, values: { mandatory: "yes", expires: "no" } as Record<string, string> };
    const criterion = framework.criteria.find((c) => c.id === params.criterionId) ?? notFound();
    return {
      frameworkId: framework.id,
      frameworkName: framework.name,
      criterion: { id: criterion.id },
      values: { title: criterion.title, guidance: criterion.guidance, kind: criterion.kind, mandatory: yesNo(criterion.mandatory), expires: yesNo(criterion.expires) },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getFramework(database(), session.actor, params.frameworkId ?? "");
    const form = parseForm(CriterionSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const frameworkId = params.frameworkId ?? "";
    if (params.criterionId === "new") addCriterion(database(), session.actor, frameworkId, form.data);
    else updateCriterion(database(), session.actor, frameworkId, params.criterionId ?? "", form.data);
    return redirectWithFlash(session, `/commissioning/frameworks/${frameworkId}`, `The criterion ${form.data.title} has been saved.`);
  });
}

export default function CriterionPage() {
  const { frameworkId, frameworkName, criterion, values } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/commissioning/frameworks/${frameworkId}`} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{frameworkName}</span>
        <h1 className="ds_page-header__title">{criterion ? "Change the criterion" : "Add a criterion"}</h1>
      </header>
      <DsForm defaults={values}>
        <CriterionFields />
        <Button>{criterion ? "Save the changes" : "Add the criterion"}</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { Actor } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText, Textarea } from "~/components/ds";
import { answerClarification, getProviderApplication } from "~/domain/frameworks/applications.server";
import { ClarificationAnswerSchema } from "~/domain/frameworks/frameworks.schema";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Answer the commissioning team's question" };

/** The provider's application while the council waits for its answer; otherwise this page does not exist. */
function applicationToClarify(actor: Actor, applicationId: string) {
  const { application } = getProviderApplication(database(), actor, applicationId);
  if (application.status !== "clarification_requested") notFound();
  return application;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const application = applicationToClarify(await requireActor(request), params.applicationId ?? "");
    return { id: application.id, question: application.clarificationQuestion ?? "", answer: application.clarificationAnswer ?? "" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    applicationToClarify(session.actor, params.applicationId ?? "");
    const form = parseForm(ClarificationAnswerSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    answerClarification(database(), session.actor, params.applicationId ?? "", form.data.answer);
    return redirectWithFlash(session, `/provider/applications/${params.applicationId}/check`, "Your answer has been saved. Check your application and send it back.");
  });
}

export default function Clarification() {
  const { id, question, answer } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/applications/${id}`} />
      <h1 className="ds_page-header__title">Answer the commissioning team's question</h1>
      <InsetText>
        <p>{question}</p>
      </InsetText>
      <DsForm defaults={{ answer }}>
        <Textarea name="answer" label="Your answer" />
        <Button>Save and continue</Button>
      </DsForm>
    </>
  );
}

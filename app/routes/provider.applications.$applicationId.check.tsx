import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Actor } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText } from "~/components/ds";
import { AnswerValue } from "~/components/frameworks";
import { getProviderApplication, organisationDetailsOf, submitApplication } from "~/domain/frameworks/applications.server";
import { applicationSummary } from "~/domain/frameworks/summary";
import { database } from "~/lib/db.server";
import { notFound, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Check your answers before you submit" };

/** The provider's application while it can still be changed and sent; otherwise this page does not exist. */
function editableApplication(actor: Actor, applicationId: string) {
  const detail = getProviderApplication(database(), actor, applicationId);
  if (!detail.editable) notFound();
  return detail;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const detail = editableApplication(await requireActor(request), params.applicationId ?? "");
    const { application } = detail;
    return {
      id: application.id,
      status: application.status,
      clarification: application.clarificationQuestion ? { question: application.clarificationQuestion, answer: application.clarificationAnswer } : null,
      rows: applicationSummary({ ...detail, organisation: organisationDetailsOf(detail.organisation) }),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    editableApplication(session.actor, params.applicationId ?? "");
    await readForm(request);
    submitApplication(database(), session.actor, params.applicationId ?? "");
    return redirect(`/provider/applications/${params.applicationId}/submitted`);
  });
}

export default function CheckAnswers() {
  const { id, status, clarification, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/applications/${id}`} />
      <DsForm>
        <h1 className="ds_page-header__title">Check your answers before you submit</h1>
        {clarification && (
          <InsetText>
            <p>
              <strong>The commissioning team asked:</strong> {clarification.question}
            </p>
            <p>
              <strong>Your answer:</strong> {clarification.answer ?? <Link id="clarification" to={`/provider/applications/${id}/clarification`}>Answer the question</Link>}
            </p>
          </InsetText>
        )}
        <dl className="ds_summary-list">
          {rows.map((row) => (
            <div className="ds_summary-list__item" key={row.key}>
              <dt className="ds_summary-list__key">
                {row.title}
                {!row.mandatory && " (optional)"}
              </dt>
              <dd className="ds_summary-list__value">
                <AnswerValue row={row} />
              </dd>
              <dd className="ds_summary-list__actions">
                {row.path ? (
                  <Link to={row.path} id={row.key} className="ds_link">
                    Change<span className="visually-hidden"> {row.title}</span>
                  </Link>
                ) : (
                  <span id={row.key} tabIndex={-1}>
                    {row.note}
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
        <h2>Now send your application</h2>
        <p>By submitting you confirm the declarations you have made. You cannot change the application while the council reviews it.</p>
        <Button>{status === "clarification_requested" ? "Send the application back" : "Submit the application"}</Button>
      </DsForm>
    </>
  );
}

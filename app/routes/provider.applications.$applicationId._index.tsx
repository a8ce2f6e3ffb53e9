import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BackLink, ButtonLink, InsetText, SummaryList, TaskList, WarningText } from "~/components/ds";
import { AnswerValue, ApplicationStatusTag } from "~/components/frameworks";
import { getProviderApplication, organisationDetailsOf } from "~/domain/frameworks/applications.server";
import { providerComplianceBlock } from "~/domain/frameworks/compliance.server";
import { lotStanding } from "~/domain/frameworks/labels";
import { applicationSummary } from "~/domain/frameworks/summary";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { framework: { name: string } }) => `Your application to ${data.framework.name}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const detail = getProviderApplication(database(), actor, params.applicationId ?? "");
    const { application } = detail;
    return {
      ...detail,
      block: application.status === "admitted" ? providerComplianceBlock(database(), application.organisationId, application.councilId) : null,
      submittedAt: application.submittedAt ? formatDateTime(application.submittedAt) : null,
      // What was sent: the organisation's details as they were then, and every answer as it stands.
      summary: applicationSummary({ ...detail, organisation: detail.sent ?? organisationDetailsOf(detail.organisation) }),
    };
  });
}

export default function ApplicationPage() {
  const { application, framework, council, lots, criteria, tasks, editable, updatable, block, extends: standing, summary, submittedAt } = useLoaderData<typeof loader>();
  // While admitted, each answer can be updated: evidence that expires is renewed.
  const updates = new Map(updatable ? criteria.map((c) => [`criterion-${c.id}`, c.expires ? "Renew" : "Update"]) : []);
  const done = tasks.filter((t) => t.complete).length;
  return (
    <>
      <BackLink to="/provider/frameworks">Frameworks</BackLink>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">
          {council}, application {application.reference}
        </span>
        <h1 className="ds_page-header__title">{framework.name}</h1>
      </header>
      <p>
        Status: <ApplicationStatusTag status={application.status} />
      </p>
      {standing && (
        <InsetText>
          <p>
            This is an application for more lots. Your organisation is on the framework through application{" "}
            <Link to={`/provider/applications/${standing.id}`}>{standing.reference}</Link>: its answers and evidence still count, and the lots this
            application is admitted to are added to it.
          </p>
        </InsetText>
      )}
      {application.status === "clarification_requested" && (
        <>
          <InsetText>
            <p>
              <strong>The commissioning team asks:</strong> {application.clarificationQuestion}
            </p>
            {application.clarificationAnswer && (
              <p>
                <strong>Your answer:</strong> {application.clarificationAnswer}
              </p>
            )}
          </InsetText>
          <p>
            <Link to={`/provider/applications/${application.id}/clarification`}>Answer the question</Link>, change anything else that is needed, then
            check your answers and send the application back.
          </p>
        </>
      )}
      {editable ? (
        <>
          <h2>Tasks</h2>
          <p>
            You have completed {done} of {tasks.length} tasks. Your answers are saved as you go.
          </p>
          <TaskList
            heading="Application tasks"
            tasks={tasks.map((t) => ({ title: t.title, to: t.path ?? undefined, status: t.complete ? "complete" : "not_started", hint: t.note ?? (t.mandatory ? undefined : "Optional") }))}
          />
          <ButtonLink to={`/provider/applications/${application.id}/check`}>Check your answers and submit</ButtonLink>
        </>
      ) : (
        <>
          {(application.status === "submitted" || application.status === "under_review") && <p>The commissioning team is looking at your application. You cannot change it now; we will tell you when they decide or if they have a question.</p>}
          {application.decisionReasons && (
            <InsetText>
              <p>
                <strong>Reasons given by the council:</strong> {application.decisionReasons}
              </p>
            </InsetText>
          )}
          {block && <WarningText>{block}</WarningText>}
          <h2>Lots</h2>
          <SummaryList rows={lots.filter((l) => l.chosen).map((l) => ({ key: l.name, value: lotStanding(l.outcome, application.status) }))} />
          <h2>What you sent</h2>
          {submittedAt && <p>You last sent this application on {submittedAt}. Your organisation's details are shown as they were then.</p>}
          {application.clarificationQuestion && application.status !== "clarification_requested" && (
            <InsetText>
              <p>
                <strong>The commissioning team asked:</strong> {application.clarificationQuestion}
              </p>
              <p>
                <strong>Your answer:</strong> {application.clarificationAnswer}
              </p>
            </InsetText>
          )}
          <SummaryList
            rows={summary.map((row) => ({
              key: row.mandatory ? row.title : `${row.title} (optional)`,
              value: <AnswerValue row={row} />,
              action: updates.has(row.key) && row.path ? { to: row.path, label: updates.get(row.key) ?? "Update", hiddenLabel: row.title } : undefined,
            }))}
          />
        </>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requireActor, requireSession } from "~/auth/session.server";
import { Button, ButtonLink, DsForm, ErrorSummary, Table, Tag } from "~/components/ds";
import { ApplicationStatusTag } from "~/components/frameworks";
import { providerStandings, requireApplicant, startApplication } from "~/domain/frameworks/applications.server";
import { providerComplianceBlock } from "~/domain/frameworks/compliance.server";
import { openFrameworks } from "~/domain/frameworks/frameworks.server";
import { lotStanding } from "~/domain/frameworks/labels";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems, parseForm } from "~/lib/forms";
import { badRequest, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Frameworks" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const db = database();
    const standings = providerStandings(db, actor).map((s) => ({
      ...s,
      actionNeeded: s.standing.status === "admitted" ? providerComplianceBlock(db, actor.organisationId ?? "", s.councilId) : null,
      applications: s.applications.map((a) => ({ ...a, submittedAt: a.submittedAt ? formatDateTime(a.submittedAt) : "Not yet" })),
    }));
    const applied = new Set(standings.map((s) => s.frameworkId));
    return { standings, open: openFrameworks(db).filter((f) => !applied.has(f.id)) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireApplicant(session.actor);
    const form = parseForm(z.object({ frameworkId: z.string().min(1).max(64) }), await readForm(request));
    if (!form.ok) return badRequest();
    const id = startApplication(database(), session.actor, form.data.frameworkId);
    return redirect(`/provider/applications/${id}`);
  });
}

const EDITABLE_STATUSES = ["draft", "clarification_requested"];
/** Statuses that say where the organisation stands on the framework, rather than how an application is going. */
const ON_FRAMEWORK = ["admitted", "suspended", "exited"];

export default function ProviderFrameworks() {
  const { standings, open } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <h1 className="ds_page-header__title">Frameworks</h1>
      <h2>Your applications and standing</h2>
      {standings.length === 0 && <p>Your organisation has not applied to any framework yet.</p>}
      {standings.map((s) => {
        const { standing, next } = s;
        const continuing = next.kind === "continue" ? s.applications.find((a) => a.id === next.applicationId) : undefined;
        return (
          <section key={s.frameworkId} aria-labelledby={`framework-${s.frameworkId}`}>
            <h3 id={`framework-${s.frameworkId}`}>{s.framework}</h3>
            <p>
              {s.council}. {ON_FRAMEWORK.includes(standing.status) ? "Your standing" : "Your application"}: <ApplicationStatusTag status={standing.status} />
              {s.actionNeeded && (
                <>
                  {" "}
                  <Tag colour="red">Action needed</Tag>
                </>
              )}
            </p>
            {s.actionNeeded && <p>{s.actionNeeded}</p>}
            {standing.lots.length > 0 && (
              <Table
                caption={`Lots of ${s.framework}`}
                rows={standing.lots}
                rowKey={(l) => l.name}
                columns={[
                  { header: "Lot", cell: (l) => l.name },
                  { header: "Standing", cell: (l) => lotStanding(l.outcome, standing.status) },
                ]}
              />
            )}
            <Table
              caption={`Your applications to ${s.framework}`}
              rows={s.applications}
              rowKey={(a) => a.id}
              columns={[
                { header: "Application", cell: (a) => <Link to={`/provider/applications/${a.id}`}>{a.reference}</Link> },
                { header: "For", cell: (a) => (a.moreLots ? "More lots" : "Joining the framework") },
                { header: "Submitted", cell: (a) => a.submittedAt },
                { header: "Status", cell: (a) => <ApplicationStatusTag status={a.status} /> },
              ]}
            />
            {continuing && EDITABLE_STATUSES.includes(continuing.status) && (
              <ButtonLink to={`/provider/applications/${continuing.id}`} variant="secondary">
                Continue application {continuing.reference}
              </ButtonLink>
            )}
            {next.kind === "apply_again" && (
              <>
                <p>
                  {next.after === "rejected" ? "Your last application was rejected." : "Your organisation has exited this framework."} The framework is
                  open for applications, so you can apply again with a new application.
                </p>
                <ApplyButton frameworkId={s.frameworkId}>
                  Apply again<span className="visually-hidden"> to {s.framework}</span>
                </ApplyButton>
              </>
            )}
            {next.kind === "more_lots" && (
              <>
                <p>
                  This framework has rolling admission, so you can apply to join more of its lots: {s.lotsLeft.join(", ")}. Your answers and evidence
                  on application {standing.reference} still count: you only choose the lots and confirm the declarations.
                </p>
                <ApplyButton frameworkId={s.frameworkId}>
                  Apply for more lots<span className="visually-hidden"> of {s.framework}</span>
                </ApplyButton>
              </>
            )}
            {next.kind === "none" && <p>{next.reason}</p>}
          </section>
        );
      })}
      <h2>Frameworks open for applications</h2>
      {open.length === 0 && <p>There are no other frameworks open for applications.</p>}
      {open.map((f) => (
        <section key={f.id} aria-labelledby={`open-${f.id}`}>
          <h3 id={`open-${f.id}`}>{f.name}</h3>
          <p>
            {f.council}, reference {f.reference}. Runs until {formatDate(f.endDate)}
            {f.rolling && ", with rolling admission"}. <Link to={`/frameworks/${f.id}`}>About this framework</Link>
          </p>
          <ApplyButton frameworkId={f.id}>
            Apply<span className="visually-hidden"> to {f.name}</span>
          </ApplyButton>
        </section>
      ))}
    </>
  );
}

function ApplyButton({ frameworkId, children }: { frameworkId: string; children: ReactNode }) {
  return (
    <DsForm formId={`apply-${frameworkId}`} summary={false}>
      <input type="hidden" name="frameworkId" value={frameworkId} />
      <Button variant="secondary">{children}</Button>
    </DsForm>
  );
}

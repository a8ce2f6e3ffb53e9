import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DsForm, ErrorSummary, InsetText, Radios, SummaryList, Table, Tag, Textarea } from "~/components/ds";
import { ApplicationStatusTag } from "~/components/frameworks";
import { admitApplication, changeStanding, councilApplication, getApplicationForReview, recordEvaluation, rejectApplication, requestClarification, startReview } from "~/domain/frameworks/applications.server";
import { AdmitSchema, ClarificationSchema, ReasonSchema, RejectSchema } from "~/domain/frameworks/frameworks.schema";
import { APPLICATION_STATUS_LABELS, lotStanding, ORGANISATION_TYPE_LABELS } from "~/domain/frameworks/labels";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems, parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { choice, optionalText } from "~/lib/validation";

export const handle: PageHandle = { title: (data: { organisation: { name: string } }) => `Application from ${data.organisation.name}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const review = getApplicationForReview(database(), await requireActor(request), params.applicationId ?? "");
    return {
      ...review,
      submittedAt: review.application.submittedAt ? formatDateTime(review.application.submittedAt) : "",
      history: review.history.map((h) => ({ ...h, at: formatDateTime(h.at) })),
    };
  });
}

const INTENTS = ["start_review", "evaluate", "request_clarification", "admit", "reject", "suspend", "reinstate", "exit"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    councilApplication(database(), session.actor, params.applicationId ?? "");
    const { actor } = session;
    const db = database();
    const id = params.applicationId ?? "";
    const formData = await readForm(request);
    const intent = intentOf(formData, INTENTS);
    const back = (message: string) => redirectWithFlash(session, `/commissioning/applications/${id}`, message);
    switch (intent) {
      case "start_review":
        startReview(db, actor, id);
        return back("The application is now under review.");
      case "evaluate": {
        const criterionId = String(formData.get("criterionId") ?? "");
        const schema = z.object({ [`evaluation-${criterionId}`]: choice(["met", "not_met"], "Choose met or not met"), [`comment-${criterionId}`]: optionalText(2000) });
        const form = parseForm(schema, formData);
        if (!form.ok) return invalid(form);
        const evaluation = form.data[`evaluation-${criterionId}`] as "met" | "not_met";
        recordEvaluation(db, actor, id, { criterionId, evaluation, comment: String(form.data[`comment-${criterionId}`] ?? "") });
        return back("The evaluation has been saved.");
      }
      case "request_clarification": {
        const form = parseForm(ClarificationSchema, formData);
        if (!form.ok) return invalid(form);
        requestClarification(db, actor, id, form.data.question);
        return back("The application has been returned to the provider with your question.");
      }
      case "admit": {
        const form = parseForm(AdmitSchema, formData, ["lots"]);
        if (!form.ok) return invalid(form);
        admitApplication(db, actor, id, form.data.lots);
        return back("The provider has been admitted to the framework.");
      }
      case "reject": {
        const form = parseForm(RejectSchema, formData);
        if (!form.ok) return invalid(form);
        rejectApplication(db, actor, id, form.data.reasons);
        return back("The application has been rejected. The provider has been told why.");
      }
      default: {
        const form = parseForm(ReasonSchema, formData);
        if (!form.ok) return invalid(form);
        changeStanding(db, actor, id, intent, form.data.reason);
        return back({ suspend: "The provider has been suspended.", reinstate: "The provider has been reinstated.", exit: "The provider has been exited from the framework." }[intent]);
      }
    }
  });
}

export default function ReviewApplication() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { application, organisation, framework, lots, criteria, actions } = data;
  const applied = lots.filter((l) => l.chosen);
  const standing = actions.filter((a): a is "suspend" | "reinstate" | "exit" => a === "suspend" || a === "reinstate" || a === "exit");
  return (
    <>
      <BackLink to="/commissioning/applications">All applications</BackLink>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">
          {framework.name}, application {application.reference}
        </span>
        <h1 className="ds_page-header__title">{organisation.name}</h1>
      </header>
      <SummaryList
        rows={[
          { key: "Status", value: <ApplicationStatusTag status={application.status} /> },
          { key: "Submitted", value: data.submittedAt || "Not yet" },
          { key: "Lots", value: <ul className="ds_no-bullets">{applied.map((l) => <li key={l.id}>{l.name}{l.outcome !== "applied" && ` (${lotStanding(l.outcome, application.status).toLowerCase()})`}</li>)}</ul> },
          { key: "Type of organisation", value: ORGANISATION_TYPE_LABELS[organisation.type] },
          { key: "Registration numbers", value: [organisation.charityNumber && `OSCR ${organisation.charityNumber}`, organisation.companyNumber && `Companies House ${organisation.companyNumber}`].filter(Boolean).join(", ") || "None given" },
          { key: "Care Inspectorate service numbers", value: organisation.careInspectorateNumbers || "None given" },
          { key: "Address", value: `${organisation.address} ${organisation.postcode}` },
          { key: "Contact", value: `${organisation.contactName}, ${organisation.contactEmail}, ${organisation.contactPhone}` },
        ]}
      />
      <p className="ds_hint-text">
        The organisation's details as the provider sent them with the application.
        {data.changedSince && " The provider has changed them since: the changes count only if the application is sent again."}
      </p>
      {application.clarificationQuestion && (
        <InsetText>
          <p>
            <strong>Clarification asked for:</strong> {application.clarificationQuestion}
          </p>
          <p>
            <strong>Provider's answer:</strong> {application.clarificationAnswer ?? "Not answered yet"}
          </p>
        </InsetText>
      )}
      {application.decisionReasons && (
        <InsetText>
          <p>
            <strong>Reasons given:</strong> {application.decisionReasons}
          </p>
        </InsetText>
      )}

      {actions.includes("start_review") && (
        <DsForm formId="start_review" summary={false}>
          <Button name="intent" value="start_review">
            Start the review
          </Button>
        </DsForm>
      )}

      <h2>Answers and evidence</h2>
      {data.extends && (
        <InsetText>
          <p>
            This is an application for more lots from a provider already on the framework through application{" "}
            <Link to={`/commissioning/applications/${data.extends.id}`}>{data.extends.reference}</Link> (
            {APPLICATION_STATUS_LABELS[data.extends.status].toLowerCase()}). Its answers and evidence are on that application; the lots admitted here
            are added to it.
          </p>
        </InsetText>
      )}
      {!data.extends && criteria.map((c) => (
        <section key={c.id} className="app-criterion" aria-labelledby={`criterion-${c.id}`}>
          <h3 id={`criterion-${c.id}`}>
            {c.title} {c.mandatory ? <Tag colour="blue">Mandatory</Tag> : <Tag colour="grey">Optional</Tag>}
          </h3>
          {c.answer?.answer && <p>{c.answer.answer}</p>}
          {c.document && (
            <p>
              <a href={`/documents/${c.document.id}`} className="ds_link">
                Download {c.document.fileName}
              </a>
              {c.answer?.expiresOn && <> (expires {formatDate(c.answer.expiresOn)})</>}
            </p>
          )}
          {!c.answer?.answer && !c.document && <p>Not answered.</p>}
          {c.history.length > 1 && (
            <details className="ds_details">
              <summary className="ds_details__summary">Earlier documents</summary>
              <div className="ds_details__text">
                <ul>
                  {c.history
                    .filter((d) => d.id !== c.document?.id)
                    .map((d) => (
                      <li key={d.id}>
                        <a href={`/documents/${d.id}`}>{d.fileName}</a>
                        {d.expiresOn && ` (expired or replaced; expiry ${formatDate(d.expiresOn)})`}
                      </li>
                    ))}
                </ul>
              </div>
            </details>
          )}
          {c.answer?.evaluation && (
            <p>
              <strong>Evaluation:</strong> {c.answer.evaluation === "met" ? "Met" : "Not met"}
              {c.answer.evaluationComment && `: ${c.answer.evaluationComment}`}
            </p>
          )}
          {data.evaluable && (
            <DsForm formId={`evaluate-${c.id}`} summary={false} defaults={{ [`evaluation-${c.id}`]: c.answer?.evaluation ?? "", [`comment-${c.id}`]: c.answer?.evaluationComment ?? "" }}>
              <input type="hidden" name="criterionId" value={c.id} />
              <Radios
                name={`evaluation-${c.id}`}
                legend={<span className="visually-hidden">Evaluation of {c.title}</span>}
                small
                options={[
                  { value: "met", label: "Met" },
                  { value: "not_met", label: "Not met" },
                ]}
              />
              <Textarea name={`comment-${c.id}`} label={<>Comment<span className="visually-hidden"> on {c.title}</span></>} rows={2} />
              <Button name="intent" value="evaluate" variant="secondary">
                Save the evaluation<span className="visually-hidden"> of {c.title}</span>
              </Button>
            </DsForm>
          )}
        </section>
      ))}

      {actions.includes("admit") && (
        <>
          <h2>Decide</h2>
          <DsForm formId="admit" summary={false} defaults={{ lots: applied.map((l) => l.id) }}>
            <Checkboxes name="lots" legend="Admit the provider to these lots" hint="Untick any lot the provider should not be admitted to" options={applied.map((l) => ({ value: l.id, label: l.name }))} />
            <Button name="intent" value="admit">
              Admit the provider
            </Button>
          </DsForm>
          <DsForm formId="reject" summary={false}>
            <Textarea name="reasons" label="Or reject the application, with the reasons the provider will see" />
            <Button name="intent" value="reject" variant="secondary">
              Reject the application
            </Button>
          </DsForm>
          <DsForm formId="request_clarification" summary={false}>
            <Textarea name="question" label="Or ask the provider for clarification" hint="The application goes back to the provider with your question. They answer it and submit again." />
            <Button name="intent" value="request_clarification" variant="secondary">
              Ask for clarification
            </Button>
          </DsForm>
        </>
      )}

      {standing.length > 0 && (
        <>
          <h2>Change the provider's standing</h2>
          <DsForm formId="standing" summary={false}>
            <Textarea name="reason" label="Reason" hint="The provider will see this reason" />
            {standing.map((a) => (
              <Button key={a} name="intent" value={a} variant={a === "reinstate" ? undefined : "secondary"}>
                {{ suspend: "Suspend the provider", reinstate: "Reinstate the provider", exit: "Exit the provider from the framework" }[a]}
              </Button>
            ))}
          </DsForm>
        </>
      )}

      <h2>History</h2>
      <Table
        caption="What has happened to this application"
        rows={data.history}
        rowKey={(h) => String(h.id)}
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "What", cell: (h) => h.action.replace(/^application\./, "").replace(/_/g, " ") },
          { header: "Detail", cell: (h) => h.detail },
        ]}
      />
      <p>
        <Link to={`/frameworks/${framework.id}`}>Public page of the framework</Link>
      </p>
    </>
  );
}

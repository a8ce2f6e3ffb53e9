import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Actor } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText } from "~/components/ds";
import { getProviderApplication, submitApplication } from "~/domain/frameworks/applications.server";
import { ORGANISATION_TYPE_LABELS } from "~/domain/frameworks/labels";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
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
    const { application, organisation: o, lots, criteria, tasks } = detail;
    const answerOf = (c: (typeof criteria)[number]) => {
      if (c.kind === "question") return c.answer?.answer || "Not answered";
      if (!c.document) return "No file uploaded";
      return `${c.document.fileName}${c.answer?.expiresOn ? `, expires ${formatDate(c.answer.expiresOn)}` : ""}`;
    };
    const values: Record<string, string> = {
      organisation: [o.name, ORGANISATION_TYPE_LABELS[o.type], o.charityNumber, o.companyNumber, o.address && `${o.address} ${o.postcode}`, o.contactName].filter(Boolean).join(", "),
      lots: lots.filter((l) => l.chosen).map((l) => l.name).join(", ") || "None chosen",
      declarations: application.declarationsAcceptedAt ? "Confirmed" : "Not confirmed",
      ...Object.fromEntries(criteria.map((c) => [`criterion-${c.id}`, answerOf(c)])),
    };
    return {
      id: application.id,
      status: application.status,
      clarification: application.clarificationQuestion ? { question: application.clarificationQuestion, answer: application.clarificationAnswer } : null,
      rows: tasks.map((t) => ({ key: t.key, title: t.title, value: values[t.key] ?? "", path: t.key === "organisation" ? `${t.path}?application=${application.id}` : t.path, mandatory: t.mandatory })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    editableApplication(session.actor, params.applicationId ?? "");
    await readForm(request);
    submitApplication(database(), session.actor, params.applicationId ?? "");
    return redirectWithFlash(session, `/provider/applications/${params.applicationId}`, "Your application has been submitted. The council's commissioning team will review it and tell you their decision.");
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
              <dd className="ds_summary-list__value">{row.value}</dd>
              <dd className="ds_summary-list__actions">
                <Link to={row.path} id={row.key} className="ds_link">
                  Change<span className="visually-hidden"> {row.title}</span>
                </Link>
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

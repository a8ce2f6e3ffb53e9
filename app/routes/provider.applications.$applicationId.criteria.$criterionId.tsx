import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { Actor } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, FileUpload, InsetText, Textarea } from "~/components/ds";
import { getProviderApplication, saveAnswer } from "~/domain/frameworks/applications.server";
import { ACCEPTED_TYPES } from "~/domain/frameworks/labels";
import { MAX_UPLOAD_BYTES } from "~/domain/frameworks/files.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, notFound, readUploadForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { optionalIsoDate, optionalText } from "~/lib/validation";

export const handle: PageHandle = { title: (data: { criterion: { title: string } }) => data.criterion.title };

const Schema = z.object({ answer: optionalText(4000), expiresOn: optionalIsoDate() });

/** A criterion of the provider's application while it can be answered: before sending, or updating it after admission. */
function criterionToAnswer(actor: Actor, applicationId: string, criterionId: string) {
  const detail = getProviderApplication(database(), actor, applicationId);
  const criterion = detail.criteria.find((c) => c.id === criterionId) ?? notFound();
  if (detail.extends || (!detail.editable && !detail.updatable)) notFound();
  return { detail, criterion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { detail, criterion } = criterionToAnswer(await requireActor(request), params.applicationId ?? "", params.criterionId ?? "");
    return {
      id: detail.application.id,
      /** After admission: the council is told of the update, and a document needs a new file. */
      updating: !detail.editable,
      criterion: { title: criterion.title, guidance: criterion.guidance, kind: criterion.kind, expires: criterion.expires, mandatory: criterion.mandatory },
      document: criterion.document ? { fileName: criterion.document.fileName, id: criterion.document.id } : null,
      values: { answer: criterion.answer?.answer ?? "", expiresOn: detail.editable ? (criterion.answer?.expiresOn ?? "") : "" },
      currentExpiry: criterion.answer?.expiresOn ?? null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    criterionToAnswer(session.actor, params.applicationId ?? "", params.criterionId ?? "");
    const { formData, upload } = await readUploadForm(request, "file", MAX_UPLOAD_BYTES);
    const form = parseForm(Schema, formData);
    if (!form.ok) return invalid(form);
    saveAnswer(database(), session.actor, params.applicationId ?? "", params.criterionId ?? "", { ...form.data, upload });
    return redirectWithFlash(session, `/provider/applications/${params.applicationId}`, "Your answer has been saved.");
  });
}

export default function CriterionAnswer() {
  const { id, updating, criterion, document, values, currentExpiry } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/applications/${id}`} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{criterion.mandatory ? "Mandatory" : "Optional"}</span>
        <h1 className="ds_page-header__title">{updating ? `${criterion.expires ? "Renew" : "Update"}: ${criterion.title}` : criterion.title}</h1>
      </header>
      {criterion.guidance && <p>{criterion.guidance}</p>}
      {updating && <p>Your organisation is on the framework: the council's commissioning team is told when you change this.</p>}
      <DsForm defaults={values} encType="multipart/form-data">
        {criterion.kind === "question" ? (
          <Textarea name="answer" label="Your answer" />
        ) : (
          <>
            {document && (
              <InsetText>
                <p>
                  You have uploaded <a href={`/documents/${document.id}`}>{document.fileName}</a>
                  {currentExpiry && <>, which expires on {formatDate(currentExpiry)}</>}. {updating ? `Upload the ${criterion.expires ? "renewed" : "new"} document.` : "Upload another file only to replace it."}
                </p>
              </InsetText>
            )}
            <FileUpload name="file" label="Upload a file" hint={`A ${ACCEPTED_TYPES} file, smaller than 10 MB`} accept=".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg" />
            {criterion.expires && <DateInput name="expiresOn" legend="When does it expire?" hint="For example, 31 3 2027" />}
            <Textarea name="answer" label="Anything you want to add (optional)" rows={3} />
          </>
        )}
        <Button>Save and continue</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, PageHeader, Radios, Textarea } from "~/components/ds";
import { AssessmentSchema } from "~/domain/people/people.schema";
import { personRecordForChange, recordAssessment, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record the assessment" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person } = personRecordForChange(database(), actor, params.personId ?? "");
    return { id: person.id, name: person.name };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(AssessmentSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    recordAssessment(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, "The assessment has been recorded");
  });
}

export default function Assessment() {
  const { id, name } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Record the assessment" label={name} />
      <DsForm>
        <DateInput name="assessedOn" legend="Date of the assessment" hint="For example, 2 3 2026" />
        <Radios
          name="eligible"
          legend="Is the person eligible for support?"
          options={[
            { value: "yes", label: "Yes, eligible" },
            { value: "no", label: "No, not eligible" },
          ]}
        />
        <Textarea name="summary" label="Summary (optional)" rows={3} />
        <Button>Record the assessment</Button>
      </DsForm>
    </>
  );
}

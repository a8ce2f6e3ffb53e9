import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OUTCOME_RESULTS } from "@db/schema/outcome-reviews";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, PageHeader, Radios, Textarea } from "~/components/ds";
import { answersFrom, commentField, OUTCOME_RESULT_LABELS, resultField, ReviewSchema } from "~/domain/agreements/reviews.schema";
import { answerProblems, recordReview, reviewForm } from "~/domain/agreements/reviews.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Record a review" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const form = reviewForm(database(), actor, params.agreementId ?? "");
    return {
      id: form.agreement.id,
      reference: form.agreement.reference,
      person: form.person,
      startOn: form.startOn,
      today: form.today,
      outcomes: form.outcomes.map((o) => ({ id: o.personOutcomeId, outcome: o.outcome, ownWords: o.ownWords })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const formData = await readForm(request);
    const agreementId = params.agreementId ?? "";
    const form = parseForm(ReviewSchema, formData);
    const answers = answersFrom(formData);
    const db = database();
    if (!form.ok) {
      const { outcomes } = reviewForm(db, session.actor, agreementId);
      return invalid({ fieldErrors: { ...form.fieldErrors, ...answerProblems(outcomes, answers) }, values: form.values });
    }
    recordReview(db, session.actor, agreementId, { ...form.data, answers });
    return redirectWithFlash(session, `/agreements/${agreementId}`, "The review has been recorded. The person and their practitioner have been told.");
  });
}

export default function RecordReview() {
  const data = useLoaderData<typeof loader>();
  const options = OUTCOME_RESULTS.map((result) => ({ value: result, label: OUTCOME_RESULT_LABELS[result] }));
  return (
    <>
      <BackLink to={`/agreements/${data.id}`}>Back to the agreement</BackLink>
      <PageHeader title="Record a review" label={`${data.reference}: ${data.person}`} />
      <p>For each outcome the agreement covers, say whether it was met, partly met or not met, and add anything that explains it.</p>
      <DsForm defaults={{ reviewedOn: data.today }}>
        <DateInput name="reviewedOn" legend="Date of the review" hint={`Today or earlier, and on or after ${formatDate(data.startOn)}, when the agreement started. For example, ${formatDate(data.today)}`} />
        {data.outcomes.map((outcome) => (
          <div className="app-review-outcome" key={outcome.id}>
            <Radios name={resultField(outcome.id)} legend={outcome.outcome} hint={`In ${data.person}'s words: ${outcome.ownWords}`} options={options} small />
            <Textarea name={commentField(outcome.id)} label={`Comment on “${outcome.outcome}” (optional)`} rows={3} />
          </div>
        ))}
        <Textarea name="summary" label="Summary of the review (optional)" hint="What is going well, what will change, and anything agreed at the review" rows={5} />
        <Button>Record the review</Button>
      </DsForm>
    </>
  );
}

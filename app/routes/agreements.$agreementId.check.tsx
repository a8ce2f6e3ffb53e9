import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { AgreementClauses, AgreementSummary } from "~/components/agreements/agreement-view";
import { BackLink, Button, DsForm, PageHeader, WarningText } from "~/components/ds";
import { checkAnswers, issueForSignature } from "~/domain/agreements/agreements.server";
import { database } from "~/lib/db.server";
import { onlyWhileDraft } from "~/lib/agreement-routes.server";
import { readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Check the agreement before it is issued" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const check = onlyWhileDraft(params.agreementId ?? "", () => checkAnswers(database(), actor, params.agreementId ?? ""));
    return { id: check.agreement.id, reference: check.agreement.reference, number: check.version.number, content: check.content, problems: check.problems };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    await readForm(request);
    const agreementId = params.agreementId ?? "";
    issueForSignature(database(), session.actor, agreementId);
    return redirectWithFlash(session, `/agreements/${agreementId}`, "The agreement has been issued for signature. Everyone has been told it is ready to read and sign.");
  });
}

export default function CheckAgreement() {
  const { id, reference, number, content, problems } = useLoaderData<typeof loader>();
  return (
    <div className="app-wide">
      <BackLink to={`/agreements/${id}/draft`}>Back to the plan</BackLink>
      <PageHeader title="Check the agreement before it is issued" label={`${reference}, version ${number}`} />
      <p>
        <a href={`/agreements/${id}/draft`}>Change the plan</a>
      </p>
      <AgreementSummary content={content} />
      <h2>What the agreement says</h2>
      <AgreementClauses content={content} />
      {problems.length > 0 ? (
        <WarningText>
          <p>This agreement cannot be issued yet:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </WarningText>
      ) : (
        <>
          <h2>Issue for signature</h2>
          <p>
            Issuing freezes this version. The person, the provider and the council then each read and sign it. If anything needs to change after that, any of them can decline it
            and it comes back to draft.
          </p>
          <DsForm>
            <Button>Issue for signature</Button>
          </DsForm>
        </>
      )}
    </div>
  );
}

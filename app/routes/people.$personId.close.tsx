import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { AgreementStatusTag } from "~/components/agreements/agreement-view";
import { BackLink, Button, DsForm, PageHeader, Textarea, WarningText } from "~/components/ds";
import { CloseSchema } from "~/domain/people/people.schema";
import { closePerson, closureCheck, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Close the record" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, blocking, withdrawing, refusal } = closureCheck(database(), actor, params.personId ?? "");
    return { id: person.id, name: person.name, blocking, withdrawing, refusal };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const form = parseForm(CloseSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    closePerson(database(), session.actor, params.personId ?? "", form.data);
    return redirectWithFlash(session, `/people/${params.personId}`, "The record has been closed");
  });
}

export default function Close() {
  const { id, name, blocking, withdrawing, refusal } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`} />
      <PageHeader title="Close the record" label={name} />
      {refusal ? (
        <>
          <WarningText>{refusal}</WarningText>
          <ul className="ds_no-bullets">
            {blocking.map((agreement) => (
              <li key={agreement.id}>
                <Link to={`/agreements/${agreement.id}`}>Agreement {agreement.reference}</Link> <AgreementStatusTag status={agreement.status} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <WarningText>Closing keeps the record and its history, but it can no longer be changed and nobody new can be invited to it.</WarningText>
          {withdrawing.length > 0 && (
            <>
              <p>Closing also withdraws these agreements, which nobody has signed, and tells everyone involved:</p>
              <ul>
                {withdrawing.map((agreement) => (
                  <li key={agreement.id}>
                    <Link to={`/agreements/${agreement.id}`}>Agreement {agreement.reference}</Link> <AgreementStatusTag status={agreement.status} />
                  </li>
                ))}
              </ul>
            </>
          )}
          <DsForm>
            <Textarea name="reason" label="Why is the record being closed?" rows={3} />
            <Button>Close the record</Button>
          </DsForm>
        </>
      )}
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ConfirmationPanel } from "~/components/ds";
import { getProviderApplication } from "~/domain/frameworks/applications.server";
import { database } from "~/lib/db.server";
import { notFound, withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { again: boolean }) => (data.again ? "Application sent back" : "Application submitted") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { application, framework, council, extends: standing, editable } = getProviderApplication(database(), await requireActor(request), params.applicationId ?? "");
    if (editable) notFound();
    return {
      id: application.id,
      reference: application.reference,
      framework: framework.name,
      council,
      again: Boolean(application.clarificationQuestion),
      moreLots: Boolean(standing),
    };
  });
}

export default function ApplicationSubmitted() {
  const { id, reference, framework, council, again, moreLots } = useLoaderData<typeof loader>();
  return (
    <>
      <ConfirmationPanel title={again ? "Application sent back" : "Application submitted"} reference={reference}>
        <p>
          {moreLots ? `Your application for more lots of ${framework}` : `Your application to ${framework}`} has been sent to {council}.
        </p>
      </ConfirmationPanel>
      <h2>What happens next</h2>
      <ol>
        <li>{council}'s commissioning team reviews your application and the evidence you sent. You cannot change it while they do.</li>
        <li>If they have a question, the application comes back to you with it: answer it and send the application again.</li>
        <li>
          They then admit your organisation to some or all of the lots you applied for, or reject the application with their reasons. If
          you are admitted, your organisation is listed publicly on the framework and you can publish service offers under those lots.
        </li>
      </ol>
      <p>We will email you and show a notification at each step. Keep your reference, {reference}, if you contact the council about it.</p>
      <p>
        <Link to={`/provider/applications/${id}`}>See what you sent</Link>
      </p>
      <p>
        <Link to="/provider/frameworks">Back to your frameworks</Link>
      </p>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isPersonUser } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { Forbidden } from "~/lib/errors";
import { PageHeader } from "~/components/ds";
import { peopleActedFor } from "~/domain/people/people.server";
import { AUTHORITY_LABELS } from "~/domain/people/labels";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "My support" };

/** The person's own support, or for a representative, the people they act for today (a choice when several). */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    if (!isPersonUser(actor)) throw new Forbidden();
    const choices = peopleActedFor(database(), actor);
    if (choices.length === 1) throw redirect(`/my-support/${choices[0]!.id}`);
    return { choices };
  });
}

export default function MySupport() {
  const { choices } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="My support" />
      {choices.length === 0 ? (
        <p>There is no support to show you yet. If you think there should be, ask your practitioner at the council.</p>
      ) : (
        <>
          <p>Choose whose support you want to see.</p>
          <ul className="ds_no-bullets">
            {choices.map((c) => (
              <li key={c.id}>
                <Link to={`/my-support/${c.id}`}>{c.self ? `${c.name} (you)` : c.name}</Link>
                {!c.self && <span className="ds_hint-text"> You may: {AUTHORITY_LABELS[c.authority].toLowerCase()}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

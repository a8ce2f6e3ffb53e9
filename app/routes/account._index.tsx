import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "~/auth/permissions";
import { organisationNameOf } from "~/auth/profile.server";
import { requireActor } from "~/auth/session.server";
import { SummaryList } from "~/components/ds";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Your account" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    return { name: actor.name, email: actor.email, role: ROLE_LABELS[actor.role], organisation: organisationNameOf(database(), actor) };
  });
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Role", value: account.role },
          ...(account.organisation ? [{ key: "Organisation", value: account.organisation }] : []),
          { key: "Password", value: "••••••••••••", action: { to: "/account/password", label: "Change", hiddenLabel: "your password" } },
        ]}
      />
      <p>
        To change your name or email address, contact your council or your organisation's administrator. <Link to="/privacy">How we use your information</Link>.
      </p>
    </>
  );
}

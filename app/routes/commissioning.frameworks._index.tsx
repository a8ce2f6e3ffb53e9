import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ButtonLink, Table } from "~/components/ds";
import { FrameworkStatusTag } from "~/components/frameworks";
import { listFrameworks } from "~/domain/frameworks/frameworks.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Frameworks" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    return { frameworks: listFrameworks(database(), actor) };
  });
}

export default function Frameworks() {
  const { frameworks } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Frameworks</h1>
      <p>Your council's provider frameworks: their lots, admission criteria and the providers on them.</p>
      <ButtonLink to="/commissioning/frameworks/new">Create a framework</ButtonLink>
      <Table
        caption="Your council's frameworks"
        rows={frameworks}
        rowKey={(f) => f.id}
        empty="Your council has no frameworks yet."
        columns={[
          { header: "Framework", cell: (f) => <Link to={`/commissioning/frameworks/${f.id}`}>{f.name}</Link> },
          { header: "Reference", cell: (f) => f.reference },
          { header: "Runs", cell: (f) => `${formatDate(f.startDate)} to ${formatDate(f.endDate)}` },
          { header: "Status", cell: (f) => <FrameworkStatusTag status={f.status} /> },
        ]}
      />
    </>
  );
}

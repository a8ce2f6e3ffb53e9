import { Link, useLoaderData } from "@remix-run/react";
import { Table } from "~/components/ds";
import { FrameworkStatusTag } from "~/components/frameworks";
import { publicFrameworks } from "~/domain/frameworks/frameworks.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Provider frameworks" };

export async function loader() {
  return withDomainErrors(async () => ({ frameworks: publicFrameworks(database()) }));
}

export default function PublicFrameworks() {
  const { frameworks } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Provider frameworks</h1>
      <p className="ds_lead">The councils' frameworks of support providers, and which providers each council has admitted to them.</p>
      <Table
        caption="Frameworks"
        rows={frameworks}
        rowKey={(f) => f.id}
        empty="There are no published frameworks."
        columns={[
          { header: "Framework", cell: (f) => <Link to={`/frameworks/${f.id}`}>{f.name}</Link> },
          { header: "Council", cell: (f) => f.council },
          { header: "Runs", cell: (f) => `${formatDate(f.startDate)} to ${formatDate(f.endDate)}` },
          { header: "Status", cell: (f) => <FrameworkStatusTag status={f.status} /> },
        ]}
      />
      <h2>If you are a support provider</h2>
      <p>
        <Link to="/register-provider">Register your organisation</Link> to apply to a council's framework. If your organisation is already
        registered, ask its administrator to invite you.
      </p>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BackLink, ButtonLink, SummaryList, Table, Tag } from "~/components/ds";
import { FrameworkStatusTag } from "~/components/frameworks";
import { getFramework } from "~/domain/frameworks/frameworks.server";
import { guideRateText } from "~/domain/frameworks/labels";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { framework: { name: string } }) => data.framework.name };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => ({ framework: getFramework(database(), await requireActor(request), params.frameworkId ?? "") }));
}

export default function FrameworkPage() {
  const { framework } = useLoaderData<typeof loader>();
  const base = `/commissioning/frameworks/${framework.id}`;
  return (
    <>
      <BackLink to="/commissioning/frameworks">All frameworks</BackLink>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">Framework {framework.reference}</span>
        <h1 className="ds_page-header__title">{framework.name}</h1>
      </header>
      <SummaryList
        rows={[
          { key: "Status", value: <FrameworkStatusTag status={framework.status} />, action: { to: `${base}/edit`, label: "Change", hiddenLabel: "the framework's details" } },
          { key: "Runs", value: `${formatDate(framework.startDate)} to ${formatDate(framework.endDate)}` },
          { key: "Re-opens to new providers", value: framework.rolling ? "Yes, rolling admission" : "No" },
          { key: "Description", value: framework.description || "None" },
        ]}
      />
      <p>
        <Link to={`/commissioning/applications`}>See the applications</Link>
        {framework.status !== "draft" && (
          <>
            {" "}
            · <Link to={`/frameworks/${framework.id}`}>See the public page</Link>
          </>
        )}
      </p>
      <h2>Lots</h2>
      <Table
        caption="Lots and guide rates"
        rows={framework.lots}
        rowKey={(l) => l.id}
        empty="No lots yet."
        columns={[
          { header: "Lot", cell: (l) => <Link to={`${base}/lots/${l.id}`}>{l.name}</Link> },
          { header: "Guide rate", cell: (l) => guideRateText(l) || "None" },
        ]}
      />
      <ButtonLink to={`${base}/lots/new`} variant="secondary">
        Add a lot
      </ButtonLink>
      <h2>Admission criteria</h2>
      <Table
        caption="Admission criteria"
        rows={framework.criteria}
        rowKey={(c) => c.id}
        empty="No criteria yet."
        columns={[
          { header: "Criterion", cell: (c) => <Link to={`${base}/criteria/${c.id}`}>{c.title}</Link> },
          { header: "Provider gives", cell: (c) => (c.kind === "document" ? "A document" : "An answer") },
          { header: "Mandatory", cell: (c) => (c.mandatory ? <Tag colour="blue">Mandatory</Tag> : "Optional") },
          { header: "Expires", cell: (c) => (c.expires ? "Yes" : "No") },
        ]}
      />
      <ButtonLink to={`${base}/criteria/new`} variant="secondary">
        Add a criterion
      </ButtonLink>
    </>
  );
}

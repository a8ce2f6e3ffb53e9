import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireActor } from "~/auth/session.server";
import { Pagination, Table, Tag } from "~/components/ds";
import { COMPLIANCE_WINDOW_DAYS, compliancePage } from "~/domain/frameworks/compliance.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Compliance" };

const STAGE_LABELS: Record<string, string> = { "30_days": "30 days", "7_days": "7 days", expired: "on expiry" };

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? "1");
    return { ...compliancePage(database(), actor, page), windowDays: COMPLIANCE_WINDOW_DAYS };
  });
}

export default function Compliance() {
  const { providers, windowDays, total, actionNeeded, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Compliance</h1>
      <p>
        Evidence from providers on your frameworks that has expired or expires in the next {windowDays} days. Providers are reminded
        automatically 30 and 7 days before it expires and on the day. A provider whose mandatory evidence has expired needs action and
        cannot enter new agreements until it is renewed.
      </p>
      {total === 0 ? (
        <p>No evidence expires in the next {windowDays} days.</p>
      ) : (
        <p role="status">
          {total === 1 ? "1 provider" : `${total} providers`}, {actionNeeded === 1 ? "1 needing action" : `${actionNeeded} needing action`}
          {pageCount > 1 && `; page ${page} of ${pageCount}`}.
        </p>
      )}
      {providers.map((provider) => (
        <section key={provider.organisationId} aria-labelledby={`provider-${provider.organisationId}`}>
          <h2 id={`provider-${provider.organisationId}`}>
            {provider.organisation} {provider.actionNeeded ? <Tag colour="red">Action needed</Tag> : <Tag colour="yellow">Expiring soon</Tag>}
          </h2>
          <Table
            caption={`Evidence from ${provider.organisation}`}
            rows={provider.items}
            rowKey={(i) => `${i.applicationId}-${i.criterion}`}
            columns={[
              { header: "Evidence", cell: (i) => <Link to={`/commissioning/applications/${i.applicationId}`}>{i.criterion}</Link> },
              { header: "Mandatory", cell: (i) => (i.mandatory ? "Yes" : "No") },
              { header: "Expires", cell: (i) => formatDate(i.expiresOn) },
              {
                header: "Status",
                cell: (i) =>
                  i.expired ? (
                    <Tag colour="red">Expired</Tag>
                  ) : (
                    <Tag colour={i.daysLeft <= 7 ? "orange" : "yellow"}>{i.daysLeft === 0 ? "Expires today" : i.daysLeft === 1 ? "1 day left" : `${i.daysLeft} days left`}</Tag>
                  ),
              },
              { header: "Reminders sent", cell: (i) => (i.remindersSent.length ? i.remindersSent.map((s) => STAGE_LABELS[s]).join(", ") : "None yet") },
            ]}
          />
        </section>
      ))}
      <Pagination page={page} pageCount={pageCount} href={(p) => `?page=${p}`} />
    </>
  );
}

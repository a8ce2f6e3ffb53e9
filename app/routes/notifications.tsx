import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireActor } from "~/auth/session.server";
import { Pagination, Table, Tag } from "~/components/ds";
import { notificationsPage } from "~/domain/notifications/notifications.server";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Notifications" };

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const result = notificationsPage(database(), actor.id, PageSchema.parse(new URL(request.url).searchParams.get("page") ?? "1"));
    return { ...result, rows: result.rows.map((n) => ({ ...n, createdAt: formatDateTime(n.createdAt) })) };
  });
}

export default function Notifications() {
  const { rows, total, page, pageCount, unreadElsewhere } = useLoaderData<typeof loader>();
  const unreadHere = rows.filter((n) => n.unread).length;
  return (
    <>
      <h1 className="ds_page-header__title">Notifications</h1>
      <p>
        What has happened that you may need to act on. We also send each notification by email.
        {total > 0 && ` ${unreadHere === 0 ? "Nothing on this page is new." : unreadHere === 1 ? "1 on this page is new." : `${unreadHere} on this page are new.`}`}
        {unreadElsewhere > 0 && ` ${unreadElsewhere === 1 ? "1 other is" : `${unreadElsewhere} others are`} new on other pages.`}
      </p>
      <Table
        caption={pageCount > 1 ? `Notifications, page ${page} of ${pageCount}` : "Notifications"}
        rows={rows}
        rowKey={(n) => String(n.id)}
        empty="You have no notifications."
        columns={[
          {
            header: "Notification",
            cell: (n) => (
              <>
                {n.unread && (
                  <>
                    <Tag colour="blue">New</Tag>{" "}
                  </>
                )}
                {n.link ? <Link to={n.link}>{n.message}</Link> : n.message}
              </>
            ),
          },
          { header: "When", cell: (n) => n.createdAt },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} href={(p) => `?page=${p}`} />
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { desc } from "drizzle-orm";
import { outbox } from "@db/schema";
import { database } from "~/lib/db.server";
import { formatDateTime } from "~/lib/dates";
import { isProduction } from "~/lib/env.server";
import { notFound, withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { isDemoMode } from "~/lib/startup.server";

export const handle: PageHandle = { title: "Email outbox" };

/** Outside production (or in a demo), every email the service has sent, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    if (isProduction() && !isDemoMode()) notFound();
    const to = new URL(request.url).searchParams.get("to")?.trim().toLowerCase();
    const rows = database().select().from(outbox).orderBy(desc(outbox.id)).limit(to ? 500 : 50).all();
    return {
      to: to ?? "",
      messages: rows
        .filter((m) => !to || m.toAddress === to)
        .slice(0, 50)
        .map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, createdAt: formatDateTime(m.createdAt), sent: Boolean(m.sentAt) })),
    };
  });
}

export default function Outbox() {
  const { messages, to } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Email outbox</h1>
      <p>
        This page is for testing. It shows the emails the service has sent, because no mail server is set up. It does not exist on a
        live service.
      </p>
      <form method="get" className="ds_site-search">
        <label className="ds_label" htmlFor="to">
          Show emails sent to
        </label>
        <input className="ds_input" type="email" id="to" name="to" defaultValue={to} />
        <button className="ds_button ds_button--small" type="submit">
          Show
        </button>
      </form>
      {messages.length === 0 ? (
        <p>No emails.</p>
      ) : (
        messages.map((message) => (
          <article key={message.id} className="ds_card ds_!_margin-bottom--4" aria-labelledby={`email-${message.id}`}>
            <div className="ds_card__content">
              <h2 id={`email-${message.id}`} className="ds_h3">
                {message.subject}
              </h2>
              <p className="ds_hint-text">
                To {message.to}, {message.createdAt}
              </p>
              <pre className="app-email-body">{message.text}</pre>
            </div>
          </article>
        ))
      )}
    </>
  );
}

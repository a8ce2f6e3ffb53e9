import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { database } from "~/lib/db.server";
import { readableOutbox } from "~/lib/email.server";
import { formatDateTime } from "~/lib/dates";
import { isProduction } from "~/lib/env.server";
import { notFound, withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { isDemoMode } from "~/lib/startup.server";

export const handle: PageHandle = { title: "Email outbox" };

/** Outside production every email the service has sent; in a production demo, those to demo (`.example`) addresses. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const to = new URL(request.url).searchParams.get("to")?.trim() ?? "";
    const rows = readableOutbox(database(), { to, production: isProduction(), demo: isDemoMode() });
    if (!rows) notFound();
    return {
      to,
      demoOnly: isProduction(),
      messages: rows.map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, createdAt: formatDateTime(m.createdAt), sent: Boolean(m.sentAt), attachments: m.attachments })),
    };
  });
}

export default function Outbox() {
  const { messages, to, demoOnly } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Email outbox</h1>
      <p>
        This page is for trying the service. It shows the emails the service has sent{" "}
        {demoOnly ? "to the demo's made-up addresses (ending in .example); mail to anyone else is never shown here" : "while no mail server is set up"}. It
        does not exist on a live service.
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
              {message.attachments.length > 0 && (
                <>
                  <h3 className="ds_h4">Attachments</h3>
                  <ul>
                    {message.attachments.map((file) => (
                      <li key={file.filename}>
                        {file.filename} ({Math.max(1, Math.round(file.bytes / 1024))} KB)
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          </article>
        ))
      )}
    </>
  );
}

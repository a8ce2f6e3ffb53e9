import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, Textarea } from "~/components/ds";
import { getEnquiry, replyToEnquiry } from "~/domain/offers/enquiries.server";
import { MESSAGE_MAX } from "~/domain/offers/labels";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { requiredText } from "~/lib/validation";

export const handle: PageHandle = { title: (data: { enquiry: { offerTitle: string } }) => `Enquiry about ${data.enquiry.offerTitle}` };

const ReplySchema = z.object({ body: requiredText("Enter your message", MESSAGE_MAX, `Your message must be ${MESSAGE_MAX} characters or fewer`) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const enquiry = getEnquiry(database(), actor, params.enquiryId ?? "");
    return {
      enquiry: {
        id: enquiry.id,
        offerId: enquiry.offerId,
        offerTitle: enquiry.offerTitle,
        provider: enquiry.provider,
        person: enquiry.person,
        side: enquiry.side,
        messages: enquiry.messages.map((m) => ({ ...m, createdAt: formatDateTime(m.createdAt) })),
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getEnquiry(database(), session.actor, params.enquiryId ?? "");
    const form = parseForm(ReplySchema, await readForm(request));
    if (!form.ok) return invalid(form);
    replyToEnquiry(database(), session.actor, params.enquiryId ?? "", form.data.body);
    return redirectWithFlash(session, `/enquiries/${params.enquiryId}`, "Your message has been sent.");
  });
}

export default function Enquiry() {
  const { enquiry } = useLoaderData<typeof loader>();
  const other = enquiry.side === "person" ? enquiry.provider : enquiry.person;
  return (
    <>
      <BackLink to="/enquiries">Back to enquiries</BackLink>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">
          {enquiry.side === "person" ? `With ${enquiry.provider}` : `From ${enquiry.person}`}
        </span>
        <h1 className="ds_page-header__title">Enquiry about {enquiry.offerTitle}</h1>
      </header>
      <p>
        Only you and {other} can read this conversation. <Link to={`/offers/${enquiry.offerId}`}>Look at the offer</Link>
      </p>
      <h2>Messages</h2>
      <ol className="ds_no-bullets">
        {enquiry.messages.map((m) => (
          <li key={m.id} className={`app-message app-message--${m.side}`}>
            <p className="ds_!_margin-bottom--1">
              <strong>{m.author}</strong>
              {m.side === "provider" && enquiry.side === "person" ? `, ${enquiry.provider}` : ""} <span className="ds_hint-text">{m.createdAt}</span>
            </p>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      <DsForm>
        <Textarea name="body" label="Your reply" rows={5} />
        <Button>Send reply</Button>
      </DsForm>
    </>
  );
}

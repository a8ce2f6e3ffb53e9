import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, Textarea } from "~/components/ds";
import { startEnquiry } from "~/domain/offers/enquiries.server";
import { MESSAGE_MAX } from "~/domain/offers/labels";
import { getPublicOffer } from "~/domain/offers/offers.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { requiredText } from "~/lib/validation";

export const handle: PageHandle = { title: "Send an enquiry" };

const EnquirySchema = z.object({ body: requiredText("Enter your message", MESSAGE_MAX, `Your message must be ${MESSAGE_MAX} characters or fewer`) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "offer.choose", {});
    const { offer, provider } = getPublicOffer(database(), params.offerId ?? "");
    return { offer: { id: offer.id, title: offer.title }, provider: provider.name };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "offer.choose", {});
    const form = parseForm(EnquirySchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const id = startEnquiry(database(), session.actor, params.offerId ?? "", form.data.body);
    return redirectWithFlash(session, `/enquiries/${id}`, "Your enquiry has been sent. The provider will reply here, and we will email you when they do.");
  });
}

export default function Enquire() {
  const { offer, provider } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/offers/${offer.id}`}>Back to {offer.title}</BackLink>
      <DsForm>
        <Textarea
          name="body"
          label={`Your message to ${provider}`}
          asHeading
          hint={`About "${offer.title}". Say what support you are looking for and when. Only you and ${provider} can read this conversation.`}
          rows={8}
        />
        <Button>Send enquiry</Button>
      </DsForm>
    </>
  );
}

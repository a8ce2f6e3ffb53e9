import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink } from "~/components/ds";
import { OfferForm } from "~/components/offer-form";
import { createOffer, offerFormOptions, organisationOf } from "~/domain/offers/offers.server";
import { parseOfferForm } from "~/domain/offers/offers.schema";
import { getOrganisation } from "~/domain/providers/providers.server";
import { database } from "~/lib/db.server";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Create an offer" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const options = offerFormOptions(db, actor);
    const organisation = getOrganisation(db, actor);
    return { options, contact: { contactName: organisation.contactName, contactEmail: organisation.contactEmail, contactPhone: organisation.contactPhone } };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    organisationOf(session.actor);
    const form = parseOfferForm(await readForm(request));
    if (!form.ok) return invalid(form);
    const id = createOffer(database(), session.actor, form.data);
    return redirectWithFlash(session, `/provider/offers/${id}`, "Offer saved as a draft. Preview it, then publish it when it is ready.");
  });
}

export default function NewOffer() {
  const { options, contact } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/provider/offers">Back to your offers</BackLink>
      <h1 className="ds_page-header__title">Create an offer</h1>
      <p>The offer is saved as a draft. Nobody else sees it until you publish it.</p>
      <OfferForm options={options} defaults={{ flexible: "no", accepting: "yes", languages: ["en"], ...contact }} submitLabel="Save as draft" />
    </>
  );
}

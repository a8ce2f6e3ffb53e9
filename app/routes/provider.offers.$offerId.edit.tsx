import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink } from "~/components/ds";
import { OfferForm } from "~/components/offer-form";
import { offerFormValues } from "~/domain/offers/form-values";
import { getProviderOffer, offerFormOptions, updateOffer } from "~/domain/offers/offers.server";
import { parseOfferForm } from "~/domain/offers/offers.schema";
import { database } from "~/lib/db.server";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change an offer" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const detail = getProviderOffer(db, actor, params.offerId ?? "");
    const { offer } = detail;
    return { id: offer.id, title: offer.title, values: offerFormValues(detail), options: offerFormOptions(db, actor, offer) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getProviderOffer(database(), session.actor, params.offerId ?? "");
    const form = parseOfferForm(await readForm(request));
    if (!form.ok) return invalid(form);
    updateOffer(database(), session.actor, params.offerId ?? "", form.data);
    return redirectWithFlash(session, `/provider/offers/${params.offerId}`, "Your changes have been saved.");
  });
}

export default function EditOffer() {
  const { id, title, values, options } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/offers/${id}`}>Back to {title}</BackLink>
      <h1 className="ds_page-header__title">Change {title}</h1>
      <OfferForm options={options} defaults={values} submitLabel="Save changes" />
    </>
  );
}

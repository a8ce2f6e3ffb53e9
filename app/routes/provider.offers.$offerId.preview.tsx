import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, WarningText } from "~/components/ds";
import { OfferDetails } from "~/components/offer-view";
import { getProviderOffer } from "~/domain/offers/offers.server";
import { offerView } from "~/domain/offers/view";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Preview an offer" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    return { offer: offerView(getProviderOffer(database(), actor, params.offerId ?? "")) };
  });
}

export default function PreviewOffer() {
  const { offer } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/provider/offers/${offer.id}`}>Back to managing this offer</BackLink>
      <WarningText>
        This is a preview. Only your organisation can see it. The offer is {offer.statusLabel.toLowerCase()}
        {offer.status === "published" && offer.admitted ? " and people can find it." : "; people cannot find it."}
      </WarningText>
      <OfferDetails offer={offer} />
    </>
  );
}

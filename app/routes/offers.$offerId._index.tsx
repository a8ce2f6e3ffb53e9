import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { getActor, requireSession } from "~/auth/session.server";
import { Button, ButtonLink, InsetText } from "~/components/ds";
import { OfferDetails } from "~/components/offer-view";
import { getPublicOffer, recordOfferView } from "~/domain/offers/offers.server";
import { addToShortlist, removeFromShortlist, shortlistedIds } from "~/domain/offers/shortlist.server";
import { offerView } from "~/domain/offers/view";
import { database } from "~/lib/db.server";
import { cameFromPath, intentOf, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { offer: { title: string } }) => data.offer.title };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const db = database();
    const actor = await getActor(request);
    const detail = getPublicOffer(db, params.offerId ?? "");
    recordOfferView(db, detail.offer, actor, cameFromPath(request) === `/offers/${detail.offer.id}`);
    return {
      offer: offerView(detail),
      signedIn: Boolean(actor),
      canChoose: can(actor, "offer.choose", {}),
      shortlisted: shortlistedIds(db, actor).includes(detail.offer.id),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const offerId = params.offerId ?? "";
    const intent = intentOf(await readForm(request), ["shortlist", "unshortlist"] as const);
    if (intent === "shortlist") {
      addToShortlist(database(), session.actor, offerId);
      return redirectWithFlash(session, `/offers/${offerId}`, "Added to your shortlist.");
    }
    removeFromShortlist(database(), session.actor, offerId);
    return redirectWithFlash(session, `/offers/${offerId}`, "Removed from your shortlist.");
  });
}

export default function OfferPage() {
  const { offer, signedIn, canChoose, shortlisted } = useLoaderData<typeof loader>();
  const nextStep = canChoose ? (
    <div>
      <h2 className="visually-hidden">Next steps</h2>
      {offer.admitted && <ButtonLink to={offer.chooseLink}>Choose this provider</ButtonLink>}{" "}
      <ButtonLink to={`/offers/${offer.id}/enquire`} variant="secondary">
        Send an enquiry
      </ButtonLink>{" "}
      <Form method="post" className="app-inline-form">
        {shortlisted ? (
          <Button variant="secondary" name="intent" value="unshortlist">
            Remove from shortlist
          </Button>
        ) : (
          <Button variant="secondary" name="intent" value="shortlist">
            Add to shortlist
          </Button>
        )}
      </Form>
      {shortlisted && (
        <p>
          <Link to="/shortlist">Go to your shortlist to compare offers</Link>
        </p>
      )}
    </div>
  ) : (
    <InsetText>
      {signedIn ? (
        <p>People and their representatives can shortlist offers and send enquiries to providers.</p>
      ) : (
        <p>
          Next step: <Link to={`/login?redirectTo=${encodeURIComponent(`/offers/${offer.id}`)}`}>sign in</Link> to shortlist this offer or send the provider an enquiry. You can also
          contact the provider using the details below.
        </p>
      )}
    </InsetText>
  );
  return (
    <>
      <Link className="ds_back-link" to="/offers">
        Back to search
      </Link>
      <OfferDetails offer={offer} nextStep={nextStep} />
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, SummaryList, Tag, WarningText } from "~/components/ds";
import { OFFER_STATUS_LABELS } from "~/domain/offers/labels";
import { changeOfferStatus, getProviderOffer, OFFER_ACTIONS, OFFER_TRANSITIONS, offerActionsFor, providerOffers } from "~/domain/offers/offers.server";
import { database } from "~/lib/db.server";
import { hasProblems } from "~/lib/forms";
import { intentOf, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { title: string }) => data.title };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const { offer, lot, standing } = getProviderOffer(db, actor, params.offerId ?? "");
    const counts = providerOffers(db, actor).find((o) => o.id === offer.id);
    return {
      id: offer.id,
      title: offer.title,
      status: offer.status,
      lot: lot.name,
      admitted: Boolean(standing?.admittedToLot),
      actions: offerActionsFor(offer.status).map((action) => ({ action, label: OFFER_TRANSITIONS[action].label })),
      counts: { views: offer.viewCount, shortlists: offer.shortlistCount, enquiries: counts?.enquiryCount ?? 0 },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getProviderOffer(database(), session.actor, params.offerId ?? "");
    const intent = intentOf(await readForm(request), OFFER_ACTIONS);
    changeOfferStatus(database(), session.actor, params.offerId ?? "", intent);
    return redirectWithFlash(session, `/provider/offers/${params.offerId}`, `The offer has been ${OFFER_TRANSITIONS[intent].past}.`);
  });
}

export default function ManageOffer() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/provider/offers">Back to your offers</BackLink>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{data.lot}</span>
        <h1 className="ds_page-header__title">{data.title}</h1>
      </header>
      <p>
        <Tag colour={data.status === "published" ? "green" : data.status === "paused" ? "orange" : data.status === "withdrawn" ? "red" : "grey"}>{OFFER_STATUS_LABELS[data.status]}</Tag>
      </p>
      {!data.admitted && <WarningText>Your organisation is not admitted to this lot at the moment, so people cannot find this offer.</WarningText>}
      <SummaryList
        rows={[
          { key: "Views of the offer page", value: data.counts.views },
          { key: "Times shortlisted", value: data.counts.shortlists },
          { key: "Enquiries", value: <Link to="/enquiries">{data.counts.enquiries}</Link> },
        ]}
      />
      <ul className="ds_no-bullets">
        <li>
          <Link to={`/provider/offers/${data.id}/preview`}>Preview the offer as people will see it</Link>
        </li>
        {data.status !== "withdrawn" && (
          <li>
            <Link to={`/provider/offers/${data.id}/edit`}>Change the offer's details</Link>
          </li>
        )}
      </ul>
      {data.actions.length > 0 && (
        <Form method="post">
          <h2>Change its status</h2>
          <p>Publishing makes the offer visible to everyone and in the council's open data. Pausing hides it until you publish it again. Withdrawing ends it for good.</p>
          {data.actions.map(({ action, label }) => (
            <span key={action}>
              <Button name="intent" value={action} variant={action === "publish" ? undefined : "secondary"}>
                {label}
              </Button>{" "}
            </span>
          ))}
        </Form>
      )}
    </>
  );
}

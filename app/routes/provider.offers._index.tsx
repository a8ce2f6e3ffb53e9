import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { ButtonLink, InsetText, Table, Tag } from "~/components/ds";
import { OFFER_STATUS_LABELS } from "~/domain/offers/labels";
import { admittedLots, providerOffers } from "~/domain/offers/offers.server";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Service offers" };

const STATUS_COLOURS = { draft: "grey", published: "green", paused: "orange", withdrawn: "red" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const offers = providerOffers(db, actor);
    return {
      canCreate: admittedLots(db, actor.organisationId ?? "").length > 0,
      offers: offers.map((o) => ({ ...o, updatedAt: formatDateTime(o.updatedAt) })),
    };
  });
}

export default function ProviderOffers() {
  const { offers, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Service offers</h1>
      <p className="ds_lead">The support you offer people under the framework lots you are admitted to, and how often each offer was viewed, shortlisted and enquired about.</p>
      {canCreate ? (
        <ButtonLink to="/provider/offers/new">Create an offer</ButtonLink>
      ) : (
        <InsetText>
          <p>You can publish offers once your organisation is admitted to a council's provider framework.</p>
        </InsetText>
      )}
      <Table
        caption="Your offers, most recently changed first"
        empty="You have not created any offers yet."
        rowKey={(o) => o.id}
        rows={offers}
        columns={[
          { header: "Offer", cell: (o) => <Link to={`/provider/offers/${o.id}`}>{o.title}</Link> },
          { header: "Lot", cell: (o) => o.lot },
          {
            header: "Status",
            cell: (o) => (
              <>
                <Tag colour={STATUS_COLOURS[o.status]}>{OFFER_STATUS_LABELS[o.status]}</Tag>
                {o.status === "published" && !o.admitted && <p className="ds_hint-text">Hidden: you are not admitted to this lot now</p>}
              </>
            ),
          },
          { header: "Views", cell: (o) => o.viewCount, numeric: true },
          { header: "Shortlisted", cell: (o) => o.shortlistCount, numeric: true },
          { header: "Enquiries", cell: (o) => o.enquiryCount, numeric: true },
          { header: "Changed", cell: (o) => o.updatedAt },
        ]}
      />
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isPersonUser, isProviderUser } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Table, Tag } from "~/components/ds";
import { listEnquiries } from "~/domain/offers/enquiries.server";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { Forbidden } from "~/lib/errors";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Enquiries" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    if (!isPersonUser(actor) && !isProviderUser(actor)) throw new Forbidden();
    const side = isPersonUser(actor) ? "person" : "provider";
    return {
      side,
      enquiries: listEnquiries(database(), actor).map((e) => ({ ...e, updatedAt: formatDateTime(e.updatedAt), waiting: e.awaiting === side })),
    };
  });
}

export default function Enquiries() {
  const { side, enquiries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Enquiries</h1>
      <p className="ds_lead">
        {side === "person" ? "Your conversations with providers about their offers." : "Questions people have sent about your offers. Only your organisation and the person can read them."}
      </p>
      <Table
        caption="Enquiries, newest first"
        empty={side === "person" ? <>You have not sent any enquiries. <Link to="/offers">Find support</Link> to send one.</> : "Nobody has sent an enquiry yet."}
        rowKey={(e) => e.id}
        rows={enquiries}
        columns={[
          { header: "Offer", cell: (e) => <Link to={`/enquiries/${e.id}`}>{e.offerTitle}</Link> },
          { header: side === "person" ? "Provider" : "From", cell: (e) => (side === "person" ? e.provider : e.person) },
          { header: "Last message", cell: (e) => e.updatedAt },
          { header: "Status", cell: (e) => (e.waiting ? <Tag colour="blue">Waiting for your reply</Tag> : <Tag colour="grey">Waiting for them</Tag>) },
        ]}
      />
    </>
  );
}

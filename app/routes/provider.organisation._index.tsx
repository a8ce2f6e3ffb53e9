import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { can, ROLE_LABELS } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { ButtonLink, SummaryList, Table } from "~/components/ds";
import { ORGANISATION_TYPE_LABELS } from "~/domain/frameworks/labels";
import { getOrganisation, listColleagues } from "~/domain/providers/providers.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Your organisation" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const organisation = getOrganisation(database(), actor);
    return {
      organisation,
      colleagues: listColleagues(database(), actor).map((c) => ({ ...c, role: ROLE_LABELS[c.role] })),
      canAdminister: can(actor, "provider.administer", { organisationId: organisation.id }),
    };
  });
}

export default function Organisation() {
  const { organisation: o, colleagues, canAdminister } = useLoaderData<typeof loader>();
  const change = canAdminister ? { to: "/provider/organisation/edit", label: "Change", hiddenLabel: "the organisation's details" } : undefined;
  return (
    <>
      <h1 className="ds_page-header__title">{o.name}</h1>
      <h2>Organisation details</h2>
      <SummaryList
        rows={[
          { key: "Type", value: ORGANISATION_TYPE_LABELS[o.type], action: change },
          { key: "OSCR charity number", value: o.charityNumber || "None" },
          { key: "Companies House number", value: o.companyNumber || "None" },
          { key: "Care Inspectorate service numbers", value: o.careInspectorateNumbers || "None" },
          { key: "Address", value: o.address ? `${o.address} ${o.postcode}` : "Not given yet" },
          { key: "Contact", value: [o.contactName, o.contactEmail, o.contactPhone].filter(Boolean).join(", ") || "Not given yet" },
        ]}
      />
      <h2>People</h2>
      <Table
        caption="People who use the service for your organisation"
        rows={colleagues}
        rowKey={(c) => c.id}
        columns={[
          { header: "Name", cell: (c) => c.name },
          { header: "Email address", cell: (c) => c.email },
          { header: "Role", cell: (c) => c.role },
          { header: "Account", cell: (c) => (c.invited ? "Invited" : "Active") },
        ]}
      />
      {canAdminister && (
        <ButtonLink to="/provider/organisation/invite" variant="secondary">
          Invite a colleague
        </ButtonLink>
      )}
    </>
  );
}

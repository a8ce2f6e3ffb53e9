import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { BackLink, InsetText } from "~/components/ds";
import { COMPARE_FIELD, compareQuery } from "~/domain/offers/labels";
import { compareOffers } from "~/domain/offers/shortlist.server";
import { offerView, type OfferView } from "~/domain/offers/view";
import { database } from "~/lib/db.server";
import { RuleBroken } from "~/lib/errors";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Compare offers" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "offer.choose", {});
    const ids = new URL(request.url).searchParams.getAll(COMPARE_FIELD).slice(0, 20);
    if (ids.length === 0) return redirect("/shortlist");
    try {
      const { offers, leftOut } = compareOffers(database(), actor, ids);
      return { offers: offers.map(offerView), leftOut };
    } catch (error) {
      // The shortlist says what is wrong with the choice, with the boxes still ticked.
      if (error instanceof RuleBroken) return redirect(`/shortlist?${compareQuery(ids)}`);
      throw error;
    }
  });
}

const ROWS: [string, (offer: OfferView) => ReactNode][] = [
  ["Provider", (o) => o.provider.name],
  ["Type of support", (o) => o.lot],
  ["Outcomes it helps with", (o) => <List items={o.outcomes} />],
  ["Cost", (o) => <List items={o.costs.map((c) => `${c.text}${c.includes ? ` (includes ${c.includes.charAt(0).toLowerCase()}${c.includes.slice(1)})` : ""}`)} />],
  ["Areas", (o) => o.localities.join(", ")],
  ["How it is delivered", (o) => o.delivery],
  ["When", (o) => o.when],
  ["Who it is for", (o) => [o.careGroups.join(", "), o.ages].filter(Boolean).join(". ")],
  ["Languages and communication", (o) => [...o.languages, ...o.communicationSupport].join(", ") || "English"],
  ["Taking new people", (o) => o.capacity],
  ["Care Inspectorate grades", (o) => (o.grades.length ? <List items={o.grades.map((g) => `${g.theme} ${g.grade}`)} /> : "Not recorded")],
];

function List({ items }: { items: string[] }) {
  return (
    <ul className="ds_no-margin">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export default function Compare() {
  const { offers, leftOut } = useLoaderData<typeof loader>();
  return (
    <div className="app-wide">
      <BackLink to="/shortlist">Back to your shortlist</BackLink>
      <h1 className="ds_page-header__title">Compare offers</h1>
      {leftOut.length > 0 && (
        <InsetText>
          <p>
            {leftOut.join(" and ")} {leftOut.length === 1 ? "is" : "are"} no longer available, so {leftOut.length === 1 ? "it is" : "they are"} left out of the comparison.
          </p>
        </InsetText>
      )}
      <div className="ds_table-wrapper">
        <table className="ds_table app-compare">
          <caption className="ds_table__caption">Comparing {offers.length} offers from your shortlist</caption>
          <thead>
            <tr>
              <td />
              {offers.map((o) => (
                <th scope="col" key={o.id}>
                  <Link to={`/offers/${o.id}`}>{o.title}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([heading, cell]) => (
              <tr key={heading}>
                <th scope="row">{heading}</th>
                {offers.map((o) => (
                  <td key={o.id}>{cell(o)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

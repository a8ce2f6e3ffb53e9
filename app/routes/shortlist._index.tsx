import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { Button, Tag } from "~/components/ds";
import { COMPARE_MAX, COMPARE_MIN } from "~/domain/offers/labels";
import { removeFromShortlist, shortlist } from "~/domain/offers/shortlist.server";
import { database } from "~/lib/db.server";
import { readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Your shortlist" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    return { items: shortlist(database(), actor) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const formData = await readForm(request);
    removeFromShortlist(database(), session.actor, String(formData.get("offerId") ?? ""));
    return redirectWithFlash(session, "/shortlist", "Removed from your shortlist.");
  });
}

export default function Shortlist() {
  const { items } = useLoaderData<typeof loader>();
  const available = items.filter((i) => i.available);
  return (
    <>
      <h1 className="ds_page-header__title">Your shortlist</h1>
      {items.length === 0 ? (
        <p>
          Your shortlist is empty. <Link to="/offers">Find support</Link> and add offers you like to compare them here.
        </p>
      ) : (
        <>
          <p>
            Tick {COMPARE_MIN} to {COMPARE_MAX} offers and compare them side by side.
          </p>
          <form method="get" action="/shortlist/compare">
            <div className="ds_question">
              <fieldset>
                <legend>Offers to compare</legend>
                <div className="ds_field-group">
                  {available.map((item, index) => (
                    <div className="ds_checkbox" key={item.id}>
                      <input className="ds_checkbox__input" type="checkbox" id={index === 0 ? "offers" : `offers-${index + 1}`} name="offer" value={item.id} aria-describedby={`summary-${item.id}`} />
                      <label className="ds_checkbox__label" htmlFor={index === 0 ? "offers" : `offers-${index + 1}`}>
                        {item.title}, {item.provider}
                      </label>
                      <p className="ds_hint-text" id={`summary-${item.id}`}>
                        {item.lot}. {item.summary}
                      </p>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <Button>Compare offers</Button>
          </form>
          <h2>Everything on your shortlist</h2>
          <ul className="ds_no-bullets">
            {items.map((item) => (
              <li key={item.id} className="ds_!_margin-bottom--2">
                {item.available ? <Link to={`/offers/${item.id}`}>{item.title}</Link> : item.title}, {item.provider}{" "}
                {!item.available && <Tag colour="grey">No longer available</Tag>}{" "}
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="offerId" value={item.id} />
                  <Button variant="small">
                    Remove<span className="visually-hidden"> {item.title} from your shortlist</span>
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

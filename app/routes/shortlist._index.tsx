import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { Button, Checkboxes, DsForm, ErrorSummary, Tag } from "~/components/ds";
import { COMPARE_FIELD, COMPARE_MAX, COMPARE_MIN, compareQuery } from "~/domain/offers/labels";
import { chooseToCompare, removeFromShortlist, shortlist } from "~/domain/offers/shortlist.server";
import { database } from "~/lib/db.server";
import { RuleBroken } from "~/lib/errors";
import type { FormProblems } from "~/lib/forms";
import { readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (page: { problems: FormProblems | null }) => `${page.problems ? "Error: " : ""}Your shortlist` };

/**
 * The shortlist. Its "Compare offers" form comes back here: a choice of two to four offers goes on to the comparison;
 * any other is refused here, with the boxes still ticked.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const params = new URL(request.url).searchParams;
    const chosen = params.getAll(COMPARE_FIELD).slice(0, 20);
    if (params.has("compare")) {
      try {
        chooseToCompare(db, actor, chosen);
        return redirect(`/shortlist/compare?${compareQuery(chosen)}`);
      } catch (error) {
        if (!(error instanceof RuleBroken)) throw error;
        const problems: FormProblems = { fieldErrors: error.fieldErrors, values: { [COMPARE_FIELD]: chosen } };
        return data({ items: shortlist(db, actor), problems }, { status: 400 });
      }
    }
    return { items: shortlist(db, actor), problems: null };
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
  const { items, problems } = useLoaderData<typeof loader>();
  const available = items.filter((i) => i.available);
  return (
    <>
      <ErrorSummary problems={problems} />
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
          <DsForm method="get" action="/shortlist" problems={problems} summary={false}>
            <input type="hidden" name="compare" value="yes" />
            <Checkboxes
              name={COMPARE_FIELD}
              legend="Offers to compare"
              options={available.map((item) => ({ value: item.id, label: `${item.title}, ${item.provider}`, hint: `${item.lot}. ${item.summary}` }))}
            />
            <Button>Compare offers</Button>
          </DsForm>
          <h2>Everything on your shortlist</h2>
          <ul className="ds_no-bullets">
            {items.map((item) => (
              <li key={item.id} className="ds_!_margin-bottom--2">
                {item.available ? <Link to={`/offers/${item.id}`}>{item.title}</Link> : item.title}, {item.provider} {!item.available && <Tag colour="grey">No longer available</Tag>}{" "}
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

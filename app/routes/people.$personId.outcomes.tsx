import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, PageHeader, Select, Textarea } from "~/components/ds";
import { councilList } from "~/domain/council-lists/council-lists.server";
import { OutcomeSchema } from "~/domain/people/people.schema";
import { addOutcome, personRecordForChange, removeOutcome, requireCaseworker } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Outcomes" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const { person, outcomes } = personRecordForChange(database(), actor, params.personId ?? "");
    return { id: person.id, name: person.name, outcomes, choices: councilList(database(), person.councilId, "outcome") };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireCaseworker(database(), session.actor, params.personId ?? "");
    const formData = await readForm(request);
    const personId = params.personId ?? "";
    if (intentOf(formData, ["add", "remove"]) === "remove") {
      removeOutcome(database(), session.actor, personId, String(formData.get("outcome") ?? ""));
      return redirectWithFlash(session, `/people/${personId}/outcomes`, "The outcome has been removed");
    }
    const form = parseForm(OutcomeSchema, formData);
    if (!form.ok) return invalid(form);
    addOutcome(database(), session.actor, personId, form.data);
    return redirectWithFlash(session, `/people/${personId}/outcomes`, "The outcome has been added");
  });
}

export default function Outcomes() {
  const { id, name, outcomes, choices } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/people/${id}`}>Back to {name}</BackLink>
      <PageHeader title="Outcomes" label={name} />
      {outcomes.length === 0 ? (
        <p>No outcomes have been recorded yet.</p>
      ) : (
        <ul className="ds_no-bullets">
          {outcomes.map((o) => (
            <li key={o.id} className="ds_!_margin-bottom--4">
              <strong>{o.outcome}</strong>
              <br />
              <q>{o.ownWords}</q>
              <Form method="post">
                <input type="hidden" name="outcome" value={o.id} />
                <button className="ds_button ds_button--small ds_button--secondary" type="submit" name="intent" value="remove">
                  Remove<span className="visually-hidden"> the outcome “{o.ownWords}”</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>Add an outcome</h2>
      <DsForm>
        <Select name="outcomeId" label="Outcome" placeholder="Select an outcome" options={choices.map((c) => ({ value: c.id, label: c.label }))} />
        <Textarea name="ownWords" label="In the person's own words" hint="For example, “Get out to the football with my pals on Saturdays”" rows={3} />
        <Button name="intent" value="add">
          Add the outcome
        </Button>
      </DsForm>
    </>
  );
}

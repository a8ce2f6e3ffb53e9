import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LIST_KINDS, type ListKind } from "@db/schema/council-lists";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, DsForm, Tag, TextInput } from "~/components/ds";
import { addListItem, councilList, moveListItem, renameListItem, setListItemRetired } from "~/domain/council-lists/council-lists.server";
import { LIST_LABELS } from "~/domain/council-lists/labels";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { optionalText, requiredText } from "~/lib/validation";

export const handle: PageHandle = { title: "Council lists" };

const EntrySchema = z.object({ label: requiredText("Enter the entry's name", 120), description: optionalText(500) });

function kindOf(url: URL): ListKind {
  const kind = url.searchParams.get("list");
  return (LIST_KINDS as readonly string[]).includes(kind ?? "") ? (kind as ListKind) : "outcome";
}

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    authorise(actor, "council.lists.manage", { councilId: actor.councilId ?? "" });
    const url = new URL(request.url);
    const kind = kindOf(url);
    const items = councilList(database(), actor.councilId!, kind, { includeRetired: true });
    const editing = items.find((i) => i.id === url.searchParams.get("edit")) ?? null;
    return { kind, items, editing };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    authorise(session.actor, "council.lists.manage", { councilId: session.actor.councilId ?? "" });
    const kind = kindOf(new URL(request.url));
    const formData = await readForm(request);
    const intent = intentOf(formData, ["add", "rename", "up", "down", "retire", "restore"] as const);
    const itemId = String(formData.get("itemId") ?? "");
    const db = database();
    const back = `/council/lists?list=${kind}`;
    if (intent === "add" || intent === "rename") {
      const form = parseForm(EntrySchema, formData);
      if (!form.ok) return invalid(form);
      if (intent === "add") addListItem(db, session.actor, kind, form.data);
      else renameListItem(db, session.actor, itemId, form.data);
      return redirectWithFlash(session, back, intent === "add" ? `"${form.data.label}" has been added.` : `The entry is now called "${form.data.label}".`);
    }
    if (intent === "up" || intent === "down") {
      moveListItem(db, session.actor, itemId, intent);
      return redirectWithFlash(session, back, "The list's order has been changed.");
    }
    setListItemRetired(db, session.actor, itemId, intent === "retire");
    return redirectWithFlash(session, back, intent === "retire" ? "The entry has been retired. Records that use it keep it." : "The entry is back on the list.");
  });
}

export default function CouncilLists() {
  const { kind, items, editing } = useLoaderData<typeof loader>();
  const label = LIST_LABELS[kind];
  return (
    <>
      <h1 className="ds_page-header__title">Council lists</h1>
      <p className="ds_lead">The lists people and providers choose from: in search filters, on offers and in support plans. Retiring an entry takes it off the list for new records; offers and plans that use it keep it.</p>
      <nav aria-label="Lists">
        <ul className="ds_no-bullets">
          {LIST_KINDS.map((k) => (
            <li key={k}>
              {k === kind ? (
                <strong aria-current="page">{LIST_LABELS[k].title}</strong>
              ) : (
                <Link to={`/council/lists?list=${k}`}>{LIST_LABELS[k].title}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <h2>{label.title}</h2>
      <div className="ds_table-wrapper">
        <table className="ds_table">
          <caption className="ds_table__caption">{label.title}, in the order people see them</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={item.id}>
                <td>
                  {item.label}
                  {item.description && <p className="ds_hint-text">{item.description}</p>}
                </td>
                <td>{item.retired ? <Tag colour="grey">Retired</Tag> : <Tag colour="green">In use</Tag>}</td>
                <td>
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="itemId" value={item.id} />
                    {index > 0 && (
                      <Button variant="small" name="intent" value="up">
                        Move up<span className="visually-hidden"> {item.label}</span>
                      </Button>
                    )}{" "}
                    {index < items.length - 1 && (
                      <Button variant="small" name="intent" value="down">
                        Move down<span className="visually-hidden"> {item.label}</span>
                      </Button>
                    )}{" "}
                    <Button variant="small" name="intent" value={item.retired ? "restore" : "retire"}>
                      {item.retired ? "Bring back" : "Retire"}
                      <span className="visually-hidden"> {item.label}</span>
                    </Button>
                  </Form>{" "}
                  <Link to={`/council/lists?list=${kind}&edit=${item.id}#label`}>
                    Rename<span className="visually-hidden"> {item.label}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <DsForm key={editing.id} defaults={{ label: editing.label, description: editing.description }}>
          <h2>Rename "{editing.label}"</h2>
          <input type="hidden" name="itemId" value={editing.id} />
          <TextInput name="label" label="Name" />
          <TextInput name="description" label="Description (optional)" />
          <Button name="intent" value="rename">
            Save the new name
          </Button>{" "}
          <Link to={`/council/lists?list=${kind}`}>Cancel</Link>
        </DsForm>
      ) : (
        <DsForm key="add">
          <h2>Add {label.singular === "outcome" ? "an" : "a"} {label.singular}</h2>
          <TextInput name="label" label="Name" />
          <TextInput name="description" label="Description (optional)" />
          <Button name="intent" value="add">
            Add to the list
          </Button>
        </DsForm>
      )}
    </>
  );
}

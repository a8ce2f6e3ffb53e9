import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { formValues, type FormProblems } from "~/lib/forms";
import { TextInput } from "./fields";
import { DsForm } from "./form";

/** Every post is refused with a problem on `comment`, giving back what was sent (as a route's action does). */
async function refuse({ request }: { request: Request }): Promise<FormProblems> {
  return { fieldErrors: { comment: "Say why the criterion is not met" }, values: formValues(await request.formData()) };
}

/** The page as the server draws it after the given form was posted to its action. */
async function pageAfterPosting(page: () => JSX.Element, posted: Record<string, string>): Promise<string> {
  const routes = [{ id: "page", path: "/", action: refuse, Component: page }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/", { method: "POST", body: new URLSearchParams(posted) }));
  if (context instanceof Response) throw new Error("unexpected response");
  return renderToString(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />);
}

/** The value and error message of the `comment` field inside the form with this id, from the page's HTML. */
function field(html: string, formId: string) {
  const form = new RegExp(`<form[^>]*>(?:(?!</form>).)*value="${formId}"(?:(?!</form>).)*</form>`, "s").exec(html)?.[0] ?? "";
  return {
    value: /<input[^>]*name="comment"[^>]*value="([^"]*)"/.exec(form)?.[1] ?? /<input[^>]*value="([^"]*)"[^>]*name="comment"/.exec(form)?.[1] ?? "",
    error: /ds_question__error-message[^>]*>(?:<span[^>]*>Error: <\/span>)?([^<]*)/.exec(form)?.[1] ?? null,
  };
}

function ThreeForms() {
  return (
    <>
      {["first", "second", "third"].map((id) => (
        <DsForm key={id} formId={id} summary={false} defaults={{ comment: `Saved ${id}` }}>
          <TextInput name="comment" label={`Comment on the ${id}`} />
        </DsForm>
      ))}
    </>
  );
}

function OneForm() {
  return (
    <DsForm defaults={{ comment: "Saved" }}>
      <TextInput name="comment" label="Comment" />
    </DsForm>
  );
}

describe("forms on a page", () => {
  it("show a refusal only in the form that was sent, leaving the others as they were", async () => {
    const html = await pageAfterPosting(ThreeForms, { formId: "second", comment: "What I typed" });
    expect(field(html, "first")).toEqual({ value: "Saved first", error: null });
    expect(field(html, "second")).toEqual({ value: "What I typed", error: "Say why the criterion is not met" });
    expect(field(html, "third")).toEqual({ value: "Saved third", error: null });
  });

  it("post their name, so the action's answer says which one it was", async () => {
    const html = await pageAfterPosting(ThreeForms, { formId: "first", comment: "" });
    expect(html.match(/name="formId"/g)).toHaveLength(3);
    expect(field(html, "first").error).toBe("Say why the criterion is not met");
    expect(field(html, "second").error).toBeNull();
  });

  it("need no name when a page has only one form, which shows every refusal and what was typed", async () => {
    const html = await pageAfterPosting(OneForm, { comment: "What I typed" });
    expect(html).not.toContain('name="formId"');
    expect(html).toContain("There is a problem");
    expect(html).toMatch(/<input[^>]*value="What I typed"/);
    expect(html).toContain("Say why the criterion is not met");
  });
});

import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { offerFormOptions } from "~/domain/offers/offers.server";
import { createSeededDb } from "../../test/db";
import { actorFor, admitToNewFramework } from "../../test/factories";
import { OfferForm } from "./offer-form";

let db: Db;

beforeAll(async () => {
  db = await createSeededDb();
});

/** The offer form's markup for the provider, as the page sends it. */
function formFor(email: string): string {
  const options = offerFormOptions(db, actorFor(db, email));
  const router = createMemoryRouter([{ path: "/", element: <OfferForm options={options} defaults={{}} submitLabel="Save as draft" /> }]);
  return renderToString(<RouterProvider router={router} />);
}

const legends = (html: string) => [...html.matchAll(/<legend[^>]*>(.*?)<\/legend>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
const ids = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);

describe("the offer form", () => {
  it("names each council's list for a provider admitted on two councils' frameworks, with no id used twice", () => {
    const provider = actorFor(db, "admin@kirkmuir-wellbeing.example");
    admitToNewFramework(db, "eastmuir", provider.organisationId!);
    const html = formFor("admin@kirkmuir-wellbeing.example");
    expect(legends(html)).toEqual(
      expect.arrayContaining([
        "Personal outcomes it helps with: Clydevale Council",
        "Personal outcomes it helps with: Eastmuir Council",
        "Groups of people: Clydevale Council",
        "Groups of people: Eastmuir Council",
        "Areas where it is available: Clydevale Council",
        "Areas where it is available: Eastmuir Council",
      ]),
    );
    expect(legends(html)).not.toContain("Personal outcomes it helps with");
    const all = ids(html);
    expect(all.filter((id, index) => all.indexOf(id) !== index)).toEqual([]);
    expect(all).toContain("outcomeIds");
  });

  it("shows one council's lists without a council name for a provider on one framework", () => {
    const html = formFor("admin@riverbank-care.example");
    expect(legends(html)).toEqual(expect.arrayContaining(["Personal outcomes it helps with", "Groups of people", "Areas where it is available"]));
  });
});

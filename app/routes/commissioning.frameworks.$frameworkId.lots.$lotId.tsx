import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm } from "~/components/ds";
import { LotFields } from "~/components/frameworks";
import { LotSchema } from "~/domain/frameworks/frameworks.schema";
import { addLot, getFramework, updateLot } from "~/domain/frameworks/frameworks.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { penceToInput } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { lot: unknown }) => (data.lot ? "Change the lot" : "Add a lot") };

/** `/lots/new` adds a lot; `/lots/<id>` changes one. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const framework = getFramework(database(), await requireActor(request), params.frameworkId ?? "");
    if (params.lotId === "new") return { frameworkId: framework.id, frameworkName: framework.name, lot: null, values: {} as Record<string, string> };
    const lot = framework.lots.find((l) => l.id === params.lotId) ?? notFound();
    const money = (pence: number | null) => (pence === null ? "" : penceToInput(pence));
    return {
      frameworkId: framework.id,
      frameworkName: framework.name,
      lot: { id: lot.id },
      values: { name: lot.name, description: lot.description, guideRateMin: money(lot.guideRateMinPence), guideRateMax: money(lot.guideRateMaxPence), guideRateUnit: lot.guideRateUnit },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    getFramework(database(), session.actor, params.frameworkId ?? "");
    const form = parseForm(LotSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const frameworkId = params.frameworkId ?? "";
    if (params.lotId === "new") addLot(database(), session.actor, frameworkId, form.data);
    else updateLot(database(), session.actor, frameworkId, params.lotId ?? "", form.data);
    return redirectWithFlash(session, `/commissioning/frameworks/${frameworkId}`, params.lotId === "new" ? `The lot ${form.data.name} has been added.` : `The lot ${form.data.name} has been changed.`);
  });
}

export default function LotPage() {
  const { frameworkId, frameworkName, lot, values } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/commissioning/frameworks/${frameworkId}`} />
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{frameworkName}</span>
        <h1 className="ds_page-header__title">{lot ? "Change the lot" : "Add a lot"}</h1>
      </header>
      <DsForm defaults={values}>
        <LotFields />
        <Button>{lot ? "Save the changes" : "Add the lot"}</Button>
      </DsForm>
    </>
  );
}

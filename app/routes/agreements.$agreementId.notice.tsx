import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DateInput, DsForm, PageHeader, Textarea } from "~/components/ds";
import { NoticeSchema } from "~/domain/agreements/agreements.schema";
import { agreementForForm, giveNotice, noticeView } from "~/domain/agreements/agreements.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Give notice to end the agreement" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const view = noticeView(database(), actor, params.agreementId ?? "");
    return { id: view.agreement.id, reference: view.agreement.reference, endOn: view.endOn, earliest: view.earliest, noticeDays: view.noticeDays, maySafeguard: view.maySafeguard };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    agreementForForm(database(), session.actor, params.agreementId ?? "", "sign");
    const form = parseForm(NoticeSchema, await readForm(request));
    const agreementId = params.agreementId ?? "";
    if (!form.ok) return invalid(form);
    const outcome = giveNotice(database(), session.actor, agreementId, form.data);
    const messages = {
      notice: "Notice has been given. Everyone has been told.",
      ended: "The agreement has ended and its fund is closed.",
      requested: "Your request to end the agreement today has gone to the council's commissioning team. They will decide and tell you.",
    };
    return redirectWithFlash(session, `/agreements/${agreementId}`, messages[outcome]);
  });
}

export default function GiveNotice() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/agreements/${data.id}`}>Back to the agreement</BackLink>
      <PageHeader title="Give notice to end the agreement" label={data.reference} />
      <p>
        The notice period is {data.noticeDays} days, so the earliest end date is {formatDate(data.earliest)}.
        {data.endOn && ` The agreement ends on ${formatDate(data.endOn)} anyway.`} At the end date the Individual Service Fund closes and unspent money is returned.
      </p>
      <DsForm defaults={{ endsOn: data.earliest }}>
        <DateInput name="endsOn" legend="End date" hint={`For example, ${formatDate(data.earliest)}`} />
        <Textarea name="reason" label="Why is the agreement ending?" rows={3} />
        <Checkboxes
          name="safeguarding"
          legend="Safeguarding"
          options={[
            data.maySafeguard
              ? { value: "yes", label: "End it today, without notice, because someone's safety is at risk" }
              : {
                  value: "yes",
                  label: "Ask the council to end it today, without notice, because someone's safety is at risk",
                  hint: "The council's commissioning team decides, and tells you. Until then the agreement carries on. If someone is in danger now, call 999.",
                },
          ]}
        />
        <Button>Give notice</Button>
      </DsForm>
    </>
  );
}

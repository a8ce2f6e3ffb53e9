import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireActor, requireSession } from "~/auth/session.server";
import { Button, DsForm, Table, Tag } from "~/components/ds";
import { ApplicationStatusTag } from "~/components/frameworks";
import { providerStandings, requireApplicant, startApplication } from "~/domain/frameworks/applications.server";
import { providerComplianceBlock } from "~/domain/frameworks/compliance.server";
import { openFrameworks } from "~/domain/frameworks/frameworks.server";
import { lotStanding } from "~/domain/frameworks/labels";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { badRequest, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Frameworks" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const db = database();
    const standings = providerStandings(db, actor).map((s) => ({
      ...s,
      actionNeeded: s.status === "admitted" || s.status === "suspended" ? providerComplianceBlock(db, actor.organisationId ?? "", s.councilId) : null,
    }));
    const applied = new Set(standings.map((s) => s.frameworkId));
    return { standings, open: openFrameworks(db).filter((f) => !applied.has(f.id)) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireApplicant(session.actor);
    const form = parseForm(z.object({ frameworkId: z.string().min(1).max(64) }), await readForm(request));
    if (!form.ok) return badRequest();
    const id = startApplication(database(), session.actor, form.data.frameworkId);
    return redirect(`/provider/applications/${id}`);
  });
}

export default function ProviderFrameworks() {
  const { standings, open } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Frameworks</h1>
      <h2>Your applications and standing</h2>
      {standings.length === 0 && <p>Your organisation has not applied to any framework yet.</p>}
      {standings.map((s) => (
        <section key={s.id} aria-labelledby={`application-${s.id}`}>
          <h3 id={`application-${s.id}`}>
            <Link to={`/provider/applications/${s.id}`}>{s.framework}</Link>
          </h3>
          <p>
            {s.council}, application {s.reference}: <ApplicationStatusTag status={s.status} />
            {s.actionNeeded && s.status === "admitted" && (
              <>
                {" "}
                <Tag colour="red">Action needed</Tag>
              </>
            )}
          </p>
          {s.actionNeeded && s.status === "admitted" && <p>{s.actionNeeded}</p>}
          {s.lots.length > 0 && (
            <Table
              caption={`Lots of ${s.framework}`}
              rows={s.lots}
              rowKey={(l) => l.name}
              columns={[
                { header: "Lot", cell: (l) => l.name },
                { header: "Standing", cell: (l) => lotStanding(l.outcome, s.status) },
              ]}
            />
          )}
        </section>
      ))}
      <h2>Frameworks open for applications</h2>
      {open.length === 0 && <p>There are no other frameworks open for applications.</p>}
      {open.map((f) => (
        <section key={f.id} aria-labelledby={`framework-${f.id}`}>
          <h3 id={`framework-${f.id}`}>{f.name}</h3>
          <p>
            {f.council}, reference {f.reference}. Runs until {formatDate(f.endDate)}
            {f.rolling && ", with rolling admission"}. <Link to={`/frameworks/${f.id}`}>About this framework</Link>
          </p>
          <DsForm summary={false}>
            <input type="hidden" name="frameworkId" value={f.id} />
            <Button variant="secondary">
              Apply<span className="visually-hidden"> to {f.name}</span>
            </Button>
          </DsForm>
        </section>
      ))}
    </>
  );
}

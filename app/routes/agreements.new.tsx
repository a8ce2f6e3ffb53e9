import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { isPersonUser } from "~/auth/permissions";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText, Radios } from "~/components/ds";
import { StartSchema } from "~/domain/agreements/agreements.schema";
import { choosableProviders, chooserAccess, requireChooser, requireMayStartAgreements, startAgreement } from "~/domain/agreements/agreements.server";
import { peopleActedFor, type PersonAccess } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Choose a provider" };

/**
 * "Choose this provider". Offers link here with `?provider=<organisation>&lot=<lot>&offer=<offer>`; a practitioner
 * adds `?person=<id>`. Without a provider, the page lists the admitted providers and their lots.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const db = database();
    const params = new URL(request.url).searchParams;
    const personId = params.get("person");
    let allowed: PersonAccess[];
    if (personId) {
      allowed = [requireChooser(db, actor, personId)];
    } else if (isPersonUser(actor)) {
      allowed = peopleActedFor(db, actor).flatMap((p) => chooserAccess(db, actor, p.id) ?? []);
    } else {
      throw new Response("Choose a provider from the person's record", { status: 403 });
    }
    if (allowed.length === 0) throw new Response("You cannot choose a provider for this person", { status: 403 });
    const councilId = allowed[0]!.person.councilId;
    const provider = params.get("provider");
    const lot = params.get("lot");
    const providers = choosableProviders(db, councilId).filter((p) => (!provider || p.organisationId === provider) && (!lot || p.lotId === lot));
    return { people: allowed.map(({ person }) => ({ id: person.id, name: person.name })), providers, offerId: params.get("offer") ?? "", preselected: provider && lot ? `${provider}:${lot}` : "" };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    requireMayStartAgreements(session.actor);
    const form = parseForm(StartSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const [providerOrganisationId = "", lotId = ""] = form.data.choice.split(":");
    const agreement = startAgreement(database(), session.actor, { personId: form.data.personId, providerOrganisationId, lotId, offerId: form.data.offerId || null });
    return redirectWithFlash(session, `/agreements/${agreement.id}/draft`, `Agreement ${agreement.reference} started. Plan the support together with the provider.`);
  });
}

export default function ChooseProvider() {
  const { people, providers, offerId, preselected } = useLoaderData<typeof loader>();
  const defaults = { choice: preselected || (providers.length === 1 && !providers[0]!.blocked ? `${providers[0]!.organisationId}:${providers[0]!.lotId}` : ""), personId: people.length === 1 ? people[0]!.id : "", offerId };
  return (
    <>
      <BackLink to="/agreements">Back to agreements</BackLink>
      <DsForm defaults={defaults}>
        <input type="hidden" name="offerId" value={offerId} />
        <Radios
          name="choice"
          legend="Choose a provider"
          asHeading
          hint="Providers admitted to the council's framework, with the kind of support each may provide. Your agreement is planned together with the provider you choose."
          options={providers
            .filter((p) => !p.blocked)
            .map((p) => ({ value: `${p.organisationId}:${p.lotId}`, label: `${p.organisation}: ${p.lot}` }))}
        />
        {providers.some((p) => p.blocked) && (
          <InsetText>
            <p>These providers cannot be chosen at the moment:</p>
            <ul>
              {providers
                .filter((p) => p.blocked)
                .map((p) => (
                  <li key={`${p.organisationId}:${p.lotId}`}>
                    {p.organisation} ({p.lot}): {p.blocked}
                  </li>
                ))}
            </ul>
          </InsetText>
        )}
        {people.length === 1 ? (
          <input type="hidden" name="personId" value={people[0]!.id} />
        ) : (
          <Radios name="personId" legend="Who is the support for?" options={people.map((p) => ({ value: p.id, label: p.name }))} />
        )}
        <Button>Choose this provider</Button>
      </DsForm>
    </>
  );
}

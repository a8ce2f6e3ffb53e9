import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { AgreementClauses, AgreementSummary } from "~/components/agreements/agreement-view";
import { BackLink, Button, Checkboxes, DsForm, InsetText, PageHeader, Textarea, TextInput } from "~/components/ds";
import { ReasonSchema, SignSchema } from "~/domain/agreements/agreements.schema";
import { agreementForForm, declineVersion, signingView, signVersion } from "~/domain/agreements/agreements.server";
import { PARTY_LABELS } from "~/domain/agreements/lifecycle";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Read and sign the agreement" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const view = signingView(database(), actor, params.agreementId ?? "");
    return {
      id: view.agreement.id,
      reference: view.agreement.reference,
      number: view.version.number,
      content: view.content,
      fingerprint: view.fingerprint,
      party: PARTY_LABELS[view.party],
      signed: view.signed.map((s) => ({ party: PARTY_LABELS[s.party], name: s.name, at: formatDateTime(s.signedAt) })),
      alreadySigned: view.alreadySigned,
      mayNotSign: view.mayNotSign,
      signerName: actor.name,
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    agreementForForm(database(), session.actor, params.agreementId ?? "", "sign");
    const formData = await readForm(request);
    const agreementId = params.agreementId ?? "";
    const meta = { ipAddress: context.ipAddress ?? "unknown", userAgent: request.headers.get("user-agent") ?? "" };
    if (intentOf(formData, ["sign", "decline"]) === "decline") {
      const form = parseForm(ReasonSchema, formData);
      if (!form.ok) return invalid(form);
      declineVersion(database(), session.actor, agreementId, form.data, meta);
      return redirectWithFlash(session, `/agreements/${agreementId}`, "You have declined to sign. The agreement is back in draft, and everyone has been told your reason.");
    }
    const form = parseForm(SignSchema, formData);
    if (!form.ok) return invalid(form);
    const { complete } = signVersion(database(), session.actor, agreementId, form.data, meta);
    return redirectWithFlash(
      session,
      `/agreements/${agreementId}`,
      complete ? "You have signed the agreement. Everyone has now signed: it has gone to the council for approval." : "You have signed the agreement. It is waiting for the other signatures.",
    );
  });
}

export default function SignAgreement() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="app-wide">
      <BackLink to={`/agreements/${data.id}`}>Back to the agreement</BackLink>
      <PageHeader title="Read and sign the agreement" label={`${data.reference}, version ${data.number}`} />
      <p>
        You are signing for: <strong>{data.party.toLowerCase()}</strong>. You can also read it as a{" "}
        <a href={`/agreements/${data.id}/pdf?version=${data.number}`}>PDF</a> or an <a href={`/agreements/${data.id}/easy-read?version=${data.number}`}>Easy Read summary (PDF)</a>.
      </p>
      <AgreementSummary content={data.content} />
      <h2>What the agreement says</h2>
      <AgreementClauses content={data.content} />
      <p className="ds_hint-text">
        Version fingerprint (SHA-256): <code className="app-break">{data.fingerprint}</code>
      </p>
      {data.signed.length > 0 && (
        <InsetText>
          <ul className="ds_no-bullets">
            {data.signed.map((s) => (
              <li key={s.party}>
                {s.party}: signed by {s.name}, {s.at}
              </li>
            ))}
          </ul>
        </InsetText>
      )}
      {data.alreadySigned ? (
        <p>You have signed this version. It is waiting for the other signatures.</p>
      ) : (
        <>
          <h2>Sign</h2>
          {data.mayNotSign ? (
            <InsetText>{data.mayNotSign}</InsetText>
          ) : (
            <DsForm>
              <input type="hidden" name="fingerprint" value={data.fingerprint} />
              <Checkboxes name="declaration" legend="Declaration" options={[{ value: "yes", label: "I have read this agreement and I agree to it" }]} />
              <TextInput name="name" label="Type your full name to sign" hint={`As it is on your account: ${data.signerName}`} autoComplete="name" spellCheck={false} />
              <Button name="intent" value="sign">
                Sign the agreement
              </Button>
            </DsForm>
          )}
          <h2>{data.mayNotSign ? "Decline to sign" : "Or decline to sign"}</h2>
          <p>If something needs to change, say what. The agreement goes back to draft so it can be changed and issued again.</p>
          <DsForm summary={false}>
            <input type="hidden" name="fingerprint" value={data.fingerprint} />
            <Textarea name="reason" label="Why are you declining?" rows={3} />
            <Button name="intent" value="decline" variant="secondary">
              Decline to sign
            </Button>
          </DsForm>
        </>
      )}
    </div>
  );
}

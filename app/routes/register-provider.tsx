import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ORGANISATION_TYPES } from "@db/schema/accounts";
import { BackLink, Button, ConfirmationPanel, DsForm, Radios, TextInput } from "~/components/ds";
import { RegistrationSchema } from "~/domain/frameworks/frameworks.schema";
import { ORGANISATION_TYPE_LABELS } from "~/domain/frameworks/labels";
import { registerProvider } from "~/domain/providers/providers.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Register your organisation" };

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const form = parseForm(RegistrationSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    registerProvider(database(), form.data);
    return { sentTo: form.data.email };
  });
}

export default function RegisterProvider() {
  const result = useActionData<typeof action>();
  if (result && "sentTo" in result) {
    return (
      <>
        <ConfirmationPanel title="Check your email" />
        <p>
          We have sent an email to <strong>{result.sentTo}</strong>. If it has a link to choose your password, use it within 7 days, then sign in to
          complete your organisation's details and apply to a council's framework.
        </p>
        <p>If the email does not arrive in a few minutes, check your spam folder.</p>
      </>
    );
  }
  return (
    <>
      <BackLink to="/frameworks">Provider frameworks</BackLink>
      <h1 className="ds_page-header__title">Register your organisation</h1>
      <p>Register a support provider organisation so you can apply to councils' provider frameworks. You will be its administrator.</p>
      <DsForm>
        <TextInput name="organisationName" label="Organisation name" autoComplete="organization" />
        <Radios name="type" legend="Type of organisation" options={ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABELS[value] }))} />
        <TextInput name="name" label="Your full name" autoComplete="name" />
        <TextInput name="email" label="Your email address" type="email" autoComplete="email" spellCheck={false} hint="We will send a link to this address to set up your account" />
        <Button>Register</Button>
      </DsForm>
    </>
  );
}

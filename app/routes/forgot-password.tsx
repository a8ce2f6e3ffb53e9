import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { requestPasswordReset } from "~/auth/accounts.server";
import { BackLink, Button, ConfirmationPanel, DsForm, TextInput } from "~/components/ds";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { emailAddress } from "~/lib/validation";

export const handle: PageHandle = { title: "Reset your password" };

const Schema = z.object({ email: emailAddress("Enter your email address") });

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const form = parseForm(Schema, await readForm(request));
    if (!form.ok) return invalid(form);
    requestPasswordReset(database(), form.data.email);
    return { sentTo: form.data.email };
  });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result && "sentTo" in result) {
    return (
      <>
        <ConfirmationPanel title="Check your email" />
        <p>
          If <strong>{result.sentTo}</strong> has an account, we have sent it a link to reset the password. The link works once and
          expires in 1 hour.
        </p>
        <p>If the email does not arrive in a few minutes, check your spam folder, or ask again.</p>
      </>
    );
  }
  return (
    <>
      <BackLink to="/login" />
      <DsForm>
        <TextInput
          name="email"
          label="What is your email address?"
          asHeading
          type="email"
          autoComplete="email"
          spellCheck={false}
          hint="We will send a link to reset your password to this address."
        />
        <Button>Send the link</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EXPIRED_RESET_LINK, MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { findResetToken, resetPassword } from "~/auth/accounts.server";
import { Button, DsForm, TextInput } from "~/components/ds";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Choose a new password" };

const Schema = z
  .object({
    password: z.string().min(1, "Enter a new password"),
    confirmPassword: z.string().min(1, "Enter the new password again"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

export async function loader({ params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const reset = findResetToken(database(), params.token ?? "");
    return { valid: Boolean(reset) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const form = parseForm(Schema, await readForm(request));
    if (!form.ok) return invalid(form);
    await resetPassword(database(), { token: params.token ?? "", password: form.data.password });
    return redirect("/login?reset=1");
  });
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  if (!valid) {
    return (
      <>
        <h1 className="ds_page-header__title">This link does not work</h1>
        <p>{EXPIRED_RESET_LINK}</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="ds_page-header__title">Choose a new password</h1>
      <DsForm>
        <TextInput
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`Use ${MIN_PASSWORD_LENGTH} characters or more. Three or more random words are easy to remember and hard to guess.`}
        />
        <TextInput name="confirmPassword" label="Type the new password again" type="password" autoComplete="new-password" />
        <Button>Save the new password</Button>
      </DsForm>
    </>
  );
}

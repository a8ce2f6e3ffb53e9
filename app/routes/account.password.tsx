import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { changePassword } from "~/auth/accounts.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { commitSessionCookie, requireSession, setFlash } from "~/auth/session.server";
import { BackLink, Button, DsForm, TextInput } from "~/components/ds";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Change your password" };

const Schema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z.string().min(1, "Enter a new password"),
    confirmPassword: z.string().min(1, "Enter the new password again"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The new passwords do not match" });

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    await requireSession(request);
    return null;
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const form = parseForm(Schema, await readForm(request));
    if (!form.ok) return invalid(form);
    const { token, sessionId } = await changePassword(database(), session.actor, form.data);
    setFlash(database(), sessionId, "Your password has been changed. You have been signed out on other devices.");
    return redirect("/account", { headers: { "Set-Cookie": await commitSessionCookie(token) } });
  });
}

export default function ChangePassword() {
  return (
    <>
      <BackLink to="/account" />
      <h1 className="ds_page-header__title">Change your password</h1>
      <p>When you change your password, you are signed out on every other device.</p>
      <DsForm>
        <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
        <TextInput
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`Use ${MIN_PASSWORD_LENGTH} characters or more. Three or more random words are easy to remember and hard to guess.`}
        />
        <TextInput name="confirmPassword" label="Type the new password again" type="password" autoComplete="new-password" />
        <Button>Change password</Button>
      </DsForm>
    </>
  );
}

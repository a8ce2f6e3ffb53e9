import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { commitSessionCookie } from "~/auth/session.server";
import { Button, DsForm, PageHeader, TextInput } from "~/components/ds";
import { AcceptInvitationSchema } from "~/domain/people/people.schema";
import { EXPIRED_INVITATION } from "~/domain/people/labels";
import { acceptInvitation, findInvitation } from "~/domain/people/people.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Set up your account" };

export async function loader({ params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const invitation = findInvitation(database(), params.token ?? "");
    if (!invitation) return { valid: false as const };
    return { valid: true as const, email: invitation.email, name: invitation.name, personName: invitation.personName, forSomeoneElse: Boolean(invitation.representativeId), hasAccount: invitation.hasAccount };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const formData = await readForm(request);
    const token = params.token ?? "";
    if (!findInvitation(database(), token)?.hasAccount) {
      const form = parseForm(AcceptInvitationSchema, formData);
      if (!form.ok) return invalid(form);
    }
    const result = await acceptInvitation(database(), { token, password: String(formData.get("password") ?? "") });
    if (!result.signedIn) return redirect("/login?redirectTo=%2Fmy-support");
    return redirect("/my-support", { headers: { "Set-Cookie": await commitSessionCookie(result.token) } });
  });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  if (!data.valid) {
    return (
      <>
        <PageHeader title="This link does not work" />
        <p>{EXPIRED_INVITATION}</p>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Set up your account" />
      <p>
        Welcome, {data.name}. {data.forSomeoneElse ? `You have been invited to see the support of ${data.personName}.` : "You have been invited to see your support."}
      </p>
      {data.hasAccount ? (
        <DsForm>
          <p>You already have an account with the email address {data.email}. Add this to your account, then sign in.</p>
          <Button>Add to my account</Button>
        </DsForm>
      ) : (
        <DsForm>
          <p>
            You will sign in with your email address, <strong>{data.email}</strong>, and a password you choose now.
          </p>
          <TextInput
            name="password"
            label="Choose a password"
            type="password"
            autoComplete="new-password"
            hint={`Use ${MIN_PASSWORD_LENGTH} characters or more. Three or more random words are easy to remember and hard to guess.`}
          />
          <TextInput name="confirmPassword" label="Type the password again" type="password" autoComplete="new-password" />
          <Button>Set up my account</Button>
        </DsForm>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { signIn } from "~/auth/accounts.server";
import { commitSessionCookie, getActor } from "~/auth/session.server";
import { Button, DsForm, InsetText, TextInput } from "~/components/ds";
import { database } from "~/lib/db.server";
import { invalid, readForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { parseForm } from "~/lib/forms";
import type { PageHandle } from "~/lib/page";
import { demoAccounts, isDemoMode } from "~/lib/startup.server";
import { DEFAULT_DEMO_PASSWORD, env } from "~/lib/env.server";

export const handle: PageHandle = { title: "Sign in" };

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter a correct email address and password"),
  password: z.string().min(1, "Enter your password").max(1024, "Enter a correct email address and password"),
  redirectTo: z.string().optional(),
});

/** Only paths on this site: never "//elsewhere" or a full URL. */
function safeRedirect(to: string | null | undefined): string {
  return to && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\") ? to : "/";
}

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    if (await getActor(request)) throw redirect("/");
    const demo = isDemoMode();
    return {
      demoAccounts: demo ? demoAccounts() : [],
      demoPassword: demo && env().DEMO_PASSWORD === DEFAULT_DEMO_PASSWORD ? DEFAULT_DEMO_PASSWORD : null,
    };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const form = parseForm(SignInSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    const result = await signIn(database(), form.data, { ipAddress: context.ipAddress ?? "unknown" });
    if (!result.ok) {
      return invalid({ fieldErrors: { email: result.message }, values: { email: form.data.email } });
    }
    return redirect(safeRedirect(form.data.redirectTo), { headers: { "Set-Cookie": await commitSessionCookie(result.token) } });
  });
}

export default function SignIn() {
  const { demoAccounts, demoPassword } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1 className="ds_page-header__title">Sign in</h1>
      {params.get("reset") === "1" && (
        <InsetText>
          <p>Your password has been changed. Sign in with your new password.</p>
        </InsetText>
      )}
      <DsForm>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextInput name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <TextInput name="password" label="Password" type="password" autoComplete="current-password" />
        <Button>Sign in</Button>
      </DsForm>
      <p>
        <Link to="/forgot-password">I have forgotten my password</Link>
      </p>
      <p>Supported people and representatives get an invitation to the service from their social worker.</p>
      {demoAccounts.length > 0 && (
        <section aria-labelledby="demo-accounts">
          <h2 id="demo-accounts">Demo accounts</h2>
          <p>
            This is a demonstration with fictional data. Every demo account uses the demo password
            {demoPassword ? (
              <>
                {" "}
                <code>{demoPassword}</code>
              </>
            ) : (
              " chosen by whoever runs this service (ask them for it)"
            )}
            .
          </p>
          <div className="ds_table-wrapper">
            <table className="ds_table app-demo-accounts">
              <caption className="visually-hidden">Demo accounts</caption>
              <thead>
                <tr>
                  <th scope="col">Email address</th>
                  <th scope="col">Role</th>
                  <th scope="col">What to try</th>
                </tr>
              </thead>
              <tbody>
                {demoAccounts.map((account) => (
                  <tr key={account.email}>
                    <td>{account.email}</td>
                    <td>{account.role}</td>
                    <td>{account.about}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

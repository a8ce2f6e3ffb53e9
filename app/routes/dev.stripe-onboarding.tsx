import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, SummaryList, WarningText } from "~/components/ds";
import { notFound, withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { fakeStripe } from "~/lib/stripe-fake.server";

export const handle: PageHandle = { title: "Set up your Stripe account (demonstration)" };

/** The running fake Stripe and the connected account named in the address, or "page not found". */
function onboardingFor(request: Request) {
  const fake = fakeStripe();
  const accountId = new URL(request.url).searchParams.get("account") ?? "";
  const account = fake?.account(accountId);
  if (!fake || !account) return notFound();
  return { fake, account, returnUrl: fake.returnUrl(accountId) ?? "/provider/payments" };
}

/** Stands in for Stripe's hosted onboarding while the service runs with the offline Stripe (demo mode). */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { account, returnUrl } = onboardingFor(request);
    const profile = account.business_profile as { name?: string | null } | undefined;
    return { accountId: account.id, business: profile?.name ?? "", returnUrl };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withDomainErrors(async () => {
    const { fake, account } = onboardingFor(request);
    return redirect(fake.completeOnboarding(account.id) ?? "/provider/payments");
  });
}

export default function StripeOnboarding() {
  const { accountId, business, returnUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Set up your Stripe account</h1>
      <WarningText>
        This is a demonstration. On a live service this is Stripe's own page, where you give Stripe your organisation's details and bank account. This service is not connected to
        Stripe, so nothing you do here moves real money.
      </WarningText>
      <SummaryList
        rows={[
          { key: "Business", value: business },
          { key: "Stripe account", value: accountId },
        ]}
      />
      <Form method="post">
        <Button>Complete onboarding</Button>
      </Form>
      <p>
        <a href={returnUrl}>Return to Choice and Control without finishing</a>
      </p>
    </>
  );
}

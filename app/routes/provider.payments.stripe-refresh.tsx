import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { continueStripeOnboarding } from "~/domain/payments/payment-accounts.server";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { stripeReturnUrls } from "~/lib/stripe.server";

/** Stripe sends the provider here when an onboarding link has expired or was used: make a new one, if an account was started. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const organisationId = actor.organisationId ?? "";
    authorise(actor, "provider.administer", { organisationId });
    return redirect((await continueStripeOnboarding(database(), actor, organisationId, stripeReturnUrls())) ?? "/provider/payments");
  });
}

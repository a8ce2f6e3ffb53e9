import type { LoaderFunctionArgs } from "@remix-run/node";
import { refreshStripeAccount, type StripeStatus } from "~/domain/payments/payment-accounts.server";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { database } from "~/lib/db.server";
import { redirectWithFlash, withDomainErrors } from "~/lib/http.server";

const MESSAGES: Record<StripeStatus, string> = {
  connected: "Your Stripe account is connected. Councils will pay your invoices into it.",
  pending: "You have given Stripe your details. Stripe is checking them; this page will show when it is ready.",
  incomplete: "You have not finished setting up your Stripe account. You can continue where you left off.",
  not_connected: "You have not connected a Stripe account.",
};

/** Where Stripe sends the provider back after onboarding: read the account's state from Stripe and say what it is. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const session = await requireSession(request);
    const organisationId = session.actor.organisationId ?? "";
    authorise(session.actor, "provider.administer", { organisationId });
    const status = await refreshStripeAccount(database(), session.actor, organisationId);
    return redirectWithFlash(session, "/provider/payments", MESSAGES[status]);
  });
}

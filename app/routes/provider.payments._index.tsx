import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, ButtonLink, ErrorSummary, InsetText, SummaryList, Tag, type TagColour } from "~/components/ds";
import { choosePaymentMethod, paymentAccountFor, startStripeOnboarding, type StripeStatus } from "~/domain/payments/payment-accounts.server";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems } from "~/lib/forms";
import { intentOf, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { stripeReturnUrls } from "~/lib/stripe.server";

export const handle: PageHandle = { title: "How you get paid" };

const STRIPE_STATUS: Record<StripeStatus, { label: string; colour: TagColour }> = {
  connected: { label: "Connected", colour: "green" },
  pending: { label: "Stripe is checking your details", colour: "blue" },
  incomplete: { label: "Setup not finished", colour: "yellow" },
  not_connected: { label: "Not connected", colour: "grey" },
};

const METHOD_LABELS = { stripe: "Stripe", bacs: "BACS to your bank account" } as const;

async function organisationOf(request: Request) {
  const session = await requireSession(request);
  const organisationId = session.actor.organisationId ?? "";
  authorise(session.actor, "provider.administer", { organisationId });
  return { session, organisationId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { session, organisationId } = await organisationOf(request);
    const account = paymentAccountFor(database(), session.actor, organisationId);
    const updatedAt = account.stripe.statusUpdatedAt;
    return { ...account, stripe: { ...account.stripe, statusUpdatedAt: updatedAt ? formatDateTime(updatedAt) : null } };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const { session, organisationId } = await organisationOf(request);
    const intent = intentOf(await readForm(request), ["connect-stripe", "use-stripe", "use-bacs"] as const);
    if (intent === "connect-stripe") {
      return redirect(await startStripeOnboarding(database(), session.actor, organisationId, stripeReturnUrls()));
    }
    const method = intent === "use-stripe" ? "stripe" : "bacs";
    choosePaymentMethod(database(), session.actor, organisationId, method);
    return redirectWithFlash(session, "/provider/payments", `Councils will now pay you by ${METHOD_LABELS[method]}.`);
  });
}

export default function HowYouGetPaid() {
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const status = STRIPE_STATUS[account.stripe.status];
  const stripeReady = account.stripe.status === "connected";
  const other = account.method === "stripe" ? "bacs" : "stripe";
  const canSwitch = account.method !== null && (other === "stripe" ? stripeReady : account.bank !== null);
  return (
    <>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <h1 className="ds_page-header__title">How you get paid</h1>
      <p className="ds_lead">Councils pay your approved invoices into a Stripe account you connect, or by BACS to your bank account.</p>
      <InsetText>
        <p>
          {account.method ? (
            <>
              Councils pay you by <strong>{METHOD_LABELS[account.method]}</strong>.
            </>
          ) : (
            "You have not yet told us how you want to be paid."
          )}
        </p>
      </InsetText>
      {canSwitch && (
        <Form method="post">
          <Button name="intent" value={`use-${other}`} variant="secondary">
            Be paid by {other === "stripe" ? "Stripe" : "BACS"} instead
          </Button>
        </Form>
      )}

      <h2>Stripe</h2>
      {account.stripeEnabled ? (
        <>
          <p>Stripe sends the money to your bank, usually within two working days of the council paying.</p>
          <SummaryList
            rows={[
              { key: "Stripe account", value: <Tag colour={status.colour}>{status.label}</Tag> },
              ...(account.stripe.statusUpdatedAt ? [{ key: "Last checked with Stripe", value: account.stripe.statusUpdatedAt }] : []),
            ]}
          />
          {!stripeReady && (
            <Form method="post">
              <Button name="intent" value="connect-stripe">
                {account.stripe.status === "not_connected" ? "Connect a Stripe account" : "Continue setting up Stripe"}
              </Button>
            </Form>
          )}
        </>
      ) : (
        <p>Payment by Stripe is not available on this service. Give your bank details to be paid by BACS.</p>
      )}

      <h2>Bank account (BACS)</h2>
      {account.bank ? (
        <SummaryList
          rows={[
            { key: "Name on the account", value: account.bank.accountName },
            { key: "Sort code", value: account.bank.sortCode, action: { to: "/provider/payments/bank-details", label: "Change", hiddenLabel: "bank details" } },
            { key: "Account number", value: account.bank.accountNumber },
          ]}
        />
      ) : (
        <>
          <p>The council pays into your bank account by BACS and sends you a remittance advice.</p>
          <ButtonLink to="/provider/payments/bank-details" variant="secondary">
            Give bank details
          </ButtonLink>
        </>
      )}
    </>
  );
}

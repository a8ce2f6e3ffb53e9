import { applyStripeAccount } from "./payment-accounts.server";
import { onStripeEvent } from "./stripe-events.server";

/**
 * What each Stripe event does. Invoicing registers `transfer.created`, `transfer.reversed` and
 * `payout.paid` here (or in a module imported here), so every handler is known before an event arrives.
 */
onStripeEvent("account.updated", (event, tx) => {
  applyStripeAccount(tx, event.data.object, new Date(event.created * 1000));
});

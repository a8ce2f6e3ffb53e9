import { payoutPaid, transferCreated, transferReversed } from "~/domain/invoices/payment-runs.server";
import { applyStripeAccount } from "./payment-accounts.server";
import { onStripeEvent } from "./stripe-events.server";

/**
 * What each Stripe event does. Invoicing registers `transfer.created`, `transfer.reversed` and
 * `payout.paid` here (or in a module imported here), so every handler is known before an event arrives.
 */
onStripeEvent("account.updated", (event, tx) => {
  applyStripeAccount(tx, event.data.object, new Date(event.created * 1000));
});

onStripeEvent("transfer.created", (event, tx) => {
  transferCreated(tx, event.data.object);
});

onStripeEvent("transfer.reversed", (event, tx) => {
  transferReversed(tx, event.data.object, new Date(event.created * 1000));
});

onStripeEvent("payout.paid", (event, tx) => {
  payoutPaid(tx, event.account, event.data.object);
});

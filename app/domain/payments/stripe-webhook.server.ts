import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { immediate, type Db } from "@db/client.server";
import { stripeEvents } from "@db/schema";
import { stripe, webhookSecrets } from "~/lib/stripe.server";
import { handlersFor } from "./stripe-events.server";
import "./stripe-handlers.server";

export type WebhookAnswer = { status: 200 | 400 | 500; message: string };

/** The event, if the signature was made over this exact payload with one of our endpoint secrets. */
function verifiedEvent(payload: string, signature: string): Stripe.Event | null {
  for (const secret of webhookSecrets()) {
    try {
      return stripe().webhooks.constructEvent(payload, signature, secret);
    } catch {
      // another endpoint's secret may have signed it
    }
  }
  return null;
}

/**
 * Handles one delivery from Stripe: verifies the signature over the raw body (400 if it fails), records
 * the event id once, and runs the registered handlers in the same transaction as marking it processed.
 * A replayed event answers 200 and changes nothing; a failing handler answers 500 so Stripe tries again.
 */
export function handleStripeWebhook(db: Db, payload: string, signature: string | null): WebhookAnswer {
  if (!signature) return { status: 400, message: "Missing Stripe-Signature header" };
  if (webhookSecrets().length === 0) return { status: 400, message: "No webhook signing secret is configured" };
  const event = verifiedEvent(payload, signature);
  if (!event) return { status: 400, message: "Invalid signature" };
  try {
    return immediate(db, (tx) => {
      tx.insert(stripeEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing().run();
      const record = tx.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id)).get();
      if (record?.processedAt) return { status: 200 as const, message: "Already processed" };
      for (const handler of handlersFor(event.type)) handler(event, tx);
      tx.update(stripeEvents).set({ processedAt: new Date(), error: null }).where(eq(stripeEvents.eventId, event.id)).run();
      return { status: 200 as const, message: "Processed" };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Stripe event ${event.id} (${event.type}) failed`, error);
    db.insert(stripeEvents)
      .values({ eventId: event.id, type: event.type, error: message })
      .onConflictDoUpdate({ target: stripeEvents.eventId, set: { error: message } })
      .run();
    return { status: 500, message: "The event could not be processed; it will be retried" };
  }
}

import type Stripe from "stripe";
import type { Tx } from "@db/client.server";

export type StripeEventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;

/**
 * Runs inside the transaction that records the event as processed, so its changes and the record are
 * saved together: an event's effects happen once. Handlers are synchronous (better-sqlite3) and quick.
 */
export type StripeEventHandler<T extends Stripe.Event.Type> = (event: StripeEventOf<T>, tx: Tx) => void;

type AnyHandler = (event: Stripe.Event, tx: Tx) => void;
const registry = new Map<string, AnyHandler[]>();

/** Registers what to do when Stripe reports an event of this type (see `stripe-handlers.server.ts`). */
export function onStripeEvent<T extends Stripe.Event.Type>(type: T, handler: StripeEventHandler<T>): void {
  registry.set(type, [...(registry.get(type) ?? []), handler as unknown as AnyHandler]);
}

export function handlersFor(type: string): AnyHandler[] {
  return registry.get(type) ?? [];
}

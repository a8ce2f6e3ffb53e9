import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/domain/payments/stripe-webhook.server";
import { database } from "~/lib/db.server";
import { stripeAvailable } from "~/lib/stripe.server";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * Stripe's webhook endpoint. The signature is checked over the raw body, so the body is read as text
 * and nothing parses it first; the origin check does not apply (see `http-policies.server.ts`).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return text("Method not allowed", 405);
  if (!stripeAvailable()) return text("Not found", 404);
  const payload = await request.text();
  const answer = handleStripeWebhook(database(), payload, request.headers.get("stripe-signature"));
  return text(answer.message, answer.status);
}

export function loader() {
  return text("Method not allowed", 405);
}

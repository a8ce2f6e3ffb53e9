import Stripe from "stripe";
import { env } from "./env.server";

/** The key the SDK uses when no real key is configured and the in-process fake Stripe answers its calls. */
export const OFFLINE_SECRET_KEY = "sk_test_offline_choice_and_control";
/** Signs the fake Stripe's webhook events when no `STRIPE_WEBHOOK_SECRET` is configured. */
export const OFFLINE_WEBHOOK_SECRET = "whsec_offline_choice_and_control";

let client: Stripe | undefined;
let offline = false;

/**
 * Called by the fake Stripe when it starts: from then on the client uses the offline key and the fake
 * answers. Never allowed with a real key, so a configured service can only talk to Stripe itself.
 */
export function useOfflineStripe(on: boolean): void {
  if (on && env().STRIPE_SECRET_KEY) throw new Error("The offline Stripe never runs while STRIPE_SECRET_KEY is set");
  offline = on;
  client = undefined;
}

/** "live" with a configured key (test or live mode at Stripe), "offline" with the fake, "off" otherwise (BACS only). */
export function stripeMode(): "live" | "offline" | "off" {
  if (env().STRIPE_SECRET_KEY) return "live";
  return offline ? "offline" : "off";
}

export const stripeAvailable = () => stripeMode() !== "off";

/** The one Stripe client of the process. Throws when Stripe is off: check `stripeAvailable()` first. */
export function stripe(): Stripe {
  const mode = stripeMode();
  if (mode === "off") throw new Error("Stripe is not configured: set STRIPE_SECRET_KEY");
  client ??= new Stripe(env().STRIPE_SECRET_KEY ?? OFFLINE_SECRET_KEY, {
    appInfo: { name: "Choice and Control" },
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
  return client;
}

/**
 * The secrets a webhook signature may be made with: the platform endpoint's and the Connect endpoint's
 * (Stripe signs each endpoint with its own), or the offline secret when the fake is running without one.
 */
export function webhookSecrets(): string[] {
  const config = env();
  const configured = [config.STRIPE_WEBHOOK_SECRET, config.STRIPE_CONNECT_WEBHOOK_SECRET].filter((s): s is string => Boolean(s));
  if (configured.length > 0) return configured;
  return stripeMode() === "offline" ? [OFFLINE_WEBHOOK_SECRET] : [];
}

/** Where Stripe's onboarding sends a provider back to: when finished, and when its link has expired. */
export function stripeReturnUrls() {
  const origin = env().APP_ORIGIN;
  return { returnUrl: `${origin}/provider/payments/stripe-return`, refreshUrl: `${origin}/provider/payments/stripe-refresh` };
}

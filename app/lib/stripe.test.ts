import { describe, expect, it } from "vitest";

// This file's process is configured with a real-looking key, as a live service would be.
process.env.STRIPE_SECRET_KEY = "sk_test_configured_for_this_test";
delete process.env.STRIPE_WEBHOOK_SECRET;

const { startFakeStripe, fakeStripe } = await import("./stripe-fake.server");
const { stripeMode, stripeAvailable, webhookSecrets } = await import("./stripe.server");

describe("with STRIPE_SECRET_KEY configured", () => {
  it("talks to Stripe itself: the offline Stripe refuses to start", async () => {
    expect(stripeMode()).toBe("live");
    expect(stripeAvailable()).toBe(true);
    await expect(startFakeStripe({ deliver: () => undefined })).rejects.toThrow("never runs while STRIPE_SECRET_KEY is set");
    expect(fakeStripe()).toBeUndefined();
  });

  it("never accepts the offline webhook secret", () => {
    expect(webhookSecrets()).toEqual([]);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { stripeEvents } from "@db/schema";
import { useDatabaseForTests } from "~/lib/db.server";
import { startFakeStripe, stopFakeStripe } from "~/lib/stripe-fake.server";
import { OFFLINE_WEBHOOK_SECRET, stripe } from "~/lib/stripe.server";
import { createTestDb } from "../../test/db";
import { action, loader } from "./webhooks.stripe";

let db: Db;

beforeAll(async () => {
  db = createTestDb();
  useDatabaseForTests(db);
  await startFakeStripe({ deliver: () => undefined });
});
afterAll(() => stopFakeStripe());

/** Stripe posts pretty-printed JSON; the signature covers those exact bytes. */
const payload = JSON.stringify({ id: "evt_route_1", object: "event", type: "payout.paid", created: 1_790_000_000, data: { object: { id: "po_1", object: "payout" } } }, null, 2);

function post(body: string, signature?: string) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (signature) headers.set("Stripe-Signature", signature);
  const request = new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body, headers });
  return action({ request, params: {}, context: {} });
}

describe("POST /webhooks/stripe", () => {
  it("verifies the signature over the raw body, records the event once and answers 200 to a replay", async () => {
    const signature = stripe().webhooks.generateTestHeaderString({ payload, secret: OFFLINE_WEBHOOK_SECRET });
    const first = await post(payload, signature);
    expect([first.status, await first.text()]).toEqual([200, "Processed"]);
    const replay = await post(payload, signature);
    expect([replay.status, await replay.text()]).toEqual([200, "Already processed"]);
    expect(db.select().from(stripeEvents).where(eq(stripeEvents.eventId, "evt_route_1")).all()).toHaveLength(1);
  });

  it("answers 400 to a body re-serialised, a wrong secret or no signature", async () => {
    const signature = stripe().webhooks.generateTestHeaderString({ payload, secret: OFFLINE_WEBHOOK_SECRET });
    const compacted = await post(JSON.stringify(JSON.parse(payload)), signature);
    expect([compacted.status, await compacted.text()]).toEqual([400, "Invalid signature"]);
    const wrongSecret = await post(payload, stripe().webhooks.generateTestHeaderString({ payload, secret: "whsec_not_ours" }));
    expect(wrongSecret.status).toBe(400);
    expect((await post(payload)).status).toBe(400);
  });

  it("has no page to show", () => {
    expect(loader().status).toBe(405);
  });
});

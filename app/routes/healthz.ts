import { database } from "~/lib/db.server";

/** 200 {"status":"ok"} once the database answers a real query; 503 otherwise. */
export function loader() {
  try {
    const row = database().$client.prepare("select count(*) as applied from __drizzle_migrations").get() as { applied: number };
    if (row.applied < 1) throw new Error("no migrations applied");
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("Health check failed", error);
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}

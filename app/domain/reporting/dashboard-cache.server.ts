import type { Db } from "@db/client.server";
import { authorise, type Actor } from "~/auth/permissions";
import type { IsoDate } from "~/lib/dates";
import { commissioningDashboard, type Dashboard } from "./dashboard.server";

/**
 * The commissioning dashboard, computed again only when the database has changed. Its figures read every ledger
 * entry, budget and invoice of the council, which takes a while at national scale, but they change only when a
 * row does. The version is SQLite's own count of changes: `total_changes()` of this connection (every insert,
 * update and delete made through it) and `PRAGMA data_version` (which moves when another connection commits).
 * So a figure is never stale: any write anywhere makes the next request compute afresh. Kept per database
 * handle and council, in memory, for the latest day asked for only (so one dashboard per council at most); the
 * permission is checked on every call.
 */
const memo = new WeakMap<object, Map<string, { version: string; today: IsoDate; dashboard: Dashboard }>>();

function databaseVersion(db: Db): string {
  const dataVersion = db.$client.pragma("data_version", { simple: true }) as number;
  const changes = (db.$client.prepare("select total_changes() as n").get() as { n: number }).n;
  return `${dataVersion}:${changes}`;
}

export function currentDashboard(db: Db, actor: Actor, today: IsoDate): Dashboard {
  authorise(actor, "reporting.dashboard", { councilId: actor.councilId ?? "" });
  const byCouncil = memo.get(db.$client) ?? new Map<string, { version: string; today: IsoDate; dashboard: Dashboard }>();
  memo.set(db.$client, byCouncil);
  const key = actor.councilId ?? "";
  const version = databaseVersion(db);
  const kept = byCouncil.get(key);
  if (kept && kept.version === version && kept.today === today) return kept.dashboard;
  const dashboard = commissioningDashboard(db, actor, today);
  byCouncil.set(key, { version, today, dashboard });
  return dashboard;
}

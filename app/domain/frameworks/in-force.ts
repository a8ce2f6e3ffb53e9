import { sql, type Column, type SQL } from "drizzle-orm";
import type { FrameworkStatus } from "@db/schema";
import { todayIso, type IsoDate } from "~/lib/dates";

/** Framework states in which admissions count: open for applications, or closed to them while it still runs. */
export const IN_FORCE_STATUSES = ["open", "closed"] as const satisfies readonly FrameworkStatus[];

/** Framework states anyone may see, on the public frameworks pages: in force, or ended. Drafts are the council's own. */
export const PUBLIC_STATUSES = [...IN_FORCE_STATUSES, "ended"] as const satisfies readonly FrameworkStatus[];

/**
 * A framework is in force while it is open or closed (not a draft, not ended) and today is on or before its end
 * date. Only then does a provider's admission to it count: people can choose the provider, its offers are public
 * and it may enter agreements. Every check of a provider's standing asks this, in TypeScript or in SQL.
 */
export function isInForce(framework: { status: FrameworkStatus; endDate: IsoDate }, today: IsoDate = todayIso()): boolean {
  return (IN_FORCE_STATUSES as readonly FrameworkStatus[]).includes(framework.status) && today <= framework.endDate;
}

/** The same rule in SQL: the framework whose id is given (a column, or a raw reference such as `pa.framework_id`) is in force. */
export function frameworkInForce(frameworkId: Column | SQL, today: IsoDate = todayIso()): SQL {
  const statuses = sql.join(
    IN_FORCE_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  return sql`exists (select 1 from frameworks in_force where in_force.id = ${frameworkId} and in_force.status in (${statuses}) and in_force.end_date >= ${today})`;
}

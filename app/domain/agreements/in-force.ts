import { sql, type Column, type SQL } from "drizzle-orm";
import type { AgreementStatus } from "@db/schema";
import type { IsoDate } from "~/lib/dates";

/** Agreement states in which the approved version can be in force: active, or under notice. */
export const IN_FORCE_AGREEMENT_STATUSES = ["active", "ending"] as const satisfies readonly AgreementStatus[];

/**
 * An agreement is in force on a day when it is active or under notice and its approved version covers the day:
 * on or after the version's start date and on or before the day notice ends it (or, without notice, the version's
 * end date). A version without a start date covers no day. Every question of "in force on this day" asks this, in
 * TypeScript (`isInForceOn`) or in SQL (`agreementInForceOn`): reviews, invoicing, the agreements list and the
 * dashboard's figure of agreements in force.
 */
export function isInForceOn(
  agreement: { status: AgreementStatus; noticeEndsOn: IsoDate | null },
  version: { startOn: IsoDate | null; endOn: IsoDate | null } | null,
  day: IsoDate,
): boolean {
  if (!(IN_FORCE_AGREEMENT_STATUSES as readonly AgreementStatus[]).includes(agreement.status)) return false;
  if (!version?.startOn) return false;
  return version.startOn <= day && day <= (agreement.noticeEndsOn ?? version.endOn ?? "9999-12-31");
}

/** The same rule in SQL: the agreement whose id is given (a column, or a raw reference such as `a.id`) is in force on the day. */
export function agreementInForceOn(agreementId: Column | SQL, day: IsoDate): SQL {
  const statuses = sql.join(
    IN_FORCE_AGREEMENT_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  return sql`exists (select 1 from agreements in_force_a
    join agreement_versions in_force_v on in_force_v.agreement_id = in_force_a.id and in_force_v.status = 'approved'
    where in_force_a.id = ${agreementId} and in_force_a.status in (${statuses})
      and in_force_v.start_on <= ${day} and coalesce(in_force_a.notice_ends_on, in_force_v.end_on, '9999-12-31') >= ${day})`;
}

/**
 * When a line claims support already claimed (decision 010). Two lines are the same support claimed twice when
 * they are for the same agreement, their dates overlap, their outcomes match (the same outcome, or either line
 * has none) and:
 * - they describe the same support (the same description, whatever the units or rate); or
 * - either covers several days, unless each line's rate is that of a cost option in the agreement's plan and the
 *   two are different cost options: a range claims all of that support for its days, and only another cost
 *   option (a weekend rate beside a weekday one, a sleepover beside daytime support) may overlap it. A rate a
 *   penny off the plan's matches no cost option, so it cannot slip a second claim past the rule.
 * Two one-day lines with different descriptions stay possible ("Morning visit", "Evening visit").
 */
import { formatDate } from "~/lib/dates";

export type ClaimedLine = {
  id: string;
  position: number;
  agreementId: string;
  startOn: string;
  endOn: string;
  outcomeId: string | null;
  ratePence: number;
  description: string;
  /** The cost options of the agreement's plan whose rate is the line's (for its outcome, when it has one). */
  costOptions: readonly string[];
};

/** A line already invoiced, with its invoice's reference. */
export type InvoicedLine = ClaimedLine & { invoiceReference: string };

/** A cost option of a plan, as the duplicate rule needs it. */
export type PlanCostOption = {
  outcomeId: string;
  costOption: string;
  costOptionId?: string | null;
  ratePence: number | null;
};

/** The cost options of the plan a line at this rate (and for this outcome, when it has one) may be claiming. */
export function costOptionsFor(plan: readonly PlanCostOption[], line: { outcomeId: string | null; ratePence: number }): string[] {
  return [
    ...new Set(
      plan
        .filter((p) => p.ratePence === line.ratePence && (!line.outcomeId || p.outcomeId === line.outcomeId))
        .map((p) => p.costOptionId || p.costOption.trim().replace(/\s+/g, " ").toLowerCase())
    ),
  ];
}

const sameText = (a: string, b: string) =>
  a.trim().replace(/\s+/g, " ").toLowerCase() ===
  b.trim().replace(/\s+/g, " ").toLowerCase();

/** Each line's rate is a cost option of the plan, and the two lines' cost options are different ones. */
const differentCostOptions = (a: ClaimedLine, b: ClaimedLine) =>
  a.costOptions.length > 0 &&
  b.costOptions.length > 0 &&
  !a.costOptions.some((option) => b.costOptions.includes(option));

/** True when `b` claims support that `a` already claims. */
export function claimsTwice(a: ClaimedLine, b: ClaimedLine): boolean {
  if (a.agreementId !== b.agreementId) return false;
  if (a.startOn > b.endOn || b.startOn > a.endOn) return false;
  if (a.outcomeId && b.outcomeId && a.outcomeId !== b.outcomeId) return false;
  if (sameText(a.description, b.description)) return true;
  const oneDayEach = a.startOn === a.endOn && b.startOn === b.endOn;
  return !oneDayEach && !differentCostOptions(a, b);
}

const datesOf = (l: ClaimedLine) =>
  l.startOn === l.endOn
    ? formatDate(l.startOn)
    : `${formatDate(l.startOn)} to ${formatDate(l.endOn)}`;

/** Lines indexed by agreement and day, so each line is compared only with lines that can overlap it. */
class ClaimIndex<T extends ClaimedLine> {
  private days = new Map<string, T[]>();
  private ranges = new Map<string, T[]>();

  add(line: T) {
    const [map, key] =
      line.startOn === line.endOn
        ? [this.days, `${line.agreementId}|${line.startOn}`]
        : [this.ranges, line.agreementId];
    const list = map.get(key) ?? [];
    list.push(line);
    map.set(key, list);
  }

  /** The first line indexed that `line` would claim twice. */
  find(line: ClaimedLine): T | undefined {
    const ranges = this.ranges.get(line.agreementId) ?? [];
    const candidates =
      line.startOn === line.endOn
        ? [...(this.days.get(`${line.agreementId}|${line.startOn}`) ?? []), ...ranges]
        : [
            ...[...this.days.entries()]
              .filter(([key]) => key.startsWith(`${line.agreementId}|`))
              .flatMap(([, list]) => list),
            ...ranges,
          ];
    return candidates.find((earlier) => claimsTwice(earlier, line));
  }
}

/**
 * For each line (in order) that claims support already claimed by a line invoiced before, or by an earlier line
 * of the same invoice, why: naming that line and its invoice. Keyed by line id.
 */
export function repeatedClaims(
  lines: ClaimedLine[],
  invoiced: InvoicedLine[]
): Map<string, string> {
  const before = new ClaimIndex<InvoicedLine>();
  for (const line of invoiced) before.add(line);
  const within = new ClaimIndex<ClaimedLine>();
  const problems = new Map<string, string>();
  for (const line of lines) {
    const earlier = before.find(line);
    const here = earlier ? undefined : within.find(line);
    if (earlier)
      problems.set(
        line.id,
        `it repeats line ${earlier.position} of invoice ${earlier.invoiceReference} ("${earlier.description}", ${datesOf(
          earlier
        )}), already invoiced for the same agreement and outcome`
      );
    else if (here)
      problems.set(
        line.id,
        `it repeats line ${here.position} of this invoice ("${here.description}", ${datesOf(
          here
        )}) for the same agreement and outcome`
      );
    within.add(line);
  }
  return problems;
}

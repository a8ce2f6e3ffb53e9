/**
 * When a line claims support already claimed (decision 010). Two lines are the same support claimed twice when
 * they are for the same agreement, their dates overlap, their outcomes match (the same outcome, or either line
 * has none) and:
 * - both are for one day: they describe the same support (the same description, whatever the units or rate),
 *   so two different visits on one day ("Morning visit", "Evening visit") stay possible;
 * - either covers several days: they have the same description or the same rate, because a range claims all
 *   of that support for its days and only another cost option (its own rate and description) may overlap it.
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
};

/** A line already invoiced, with its invoice's reference. */
export type InvoicedLine = ClaimedLine & { invoiceReference: string };

const sameText = (a: string, b: string) =>
  a.trim().replace(/\s+/g, " ").toLowerCase() ===
  b.trim().replace(/\s+/g, " ").toLowerCase();

/** True when `b` claims support that `a` already claims. */
export function claimsTwice(a: ClaimedLine, b: ClaimedLine): boolean {
  if (a.agreementId !== b.agreementId) return false;
  if (a.startOn > b.endOn || b.startOn > a.endOn) return false;
  if (a.outcomeId && b.outcomeId && a.outcomeId !== b.outcomeId) return false;
  const oneDayEach = a.startOn === a.endOn && b.startOn === b.endOn;
  return (
    sameText(a.description, b.description) ||
    (!oneDayEach && a.ratePence === b.ratePence)
  );
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

/** The window of the dashboard's medians: the 12 months (365 days) up to and including today. */
export const MEDIAN_WINDOW_DAYS = 365;

/**
 * The median of a set of whole numbers given as counts of each value (a histogram), so that SQL can group
 * hundreds of thousands of rows into a few dozen and only those leave the database. With an even number of
 * values it is the mean of the two middle ones; with none it is null.
 */
export type ValueCount = { value: number; count: number };

export function medianOfCounts(counts: ValueCount[]): number | null {
  const sorted = counts.filter((c) => c.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return null;
  /** The value at 0-based position `index` of the sorted values. */
  const at = (index: number) => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.count;
      if (index < seen) return c.value;
    }
    return sorted.at(-1)!.value;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

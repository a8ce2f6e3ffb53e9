/** A route's `handle`: the page title, fixed or worked out from the loader's data. */
export type PageHandle = { title: string | ((data: never) => string) };

export function titleFromMatches(matches: { handle?: unknown; data?: unknown }[]): string | undefined {
  for (let index = matches.length - 1; index >= 0; index--) {
    const match = matches[index];
    const title = (match?.handle as Partial<PageHandle> | undefined)?.title;
    if (typeof title === "string") return title;
    if (typeof title === "function" && match?.data) return (title as (data: unknown) => string)(match.data);
  }
  return undefined;
}

type Unwrapped<T> = T extends { data: infer D; init: unknown } ? D : T;

/** A loader's answer, given with `data()` or not: its status and what the page is drawn from. */
export function loaderAnswer<T>(result: T): { status: number; page: Unwrapped<T> } {
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped.type === "DataWithResponseInit") return { status: wrapped.init?.status ?? 200, page: wrapped.data as Unwrapped<T> };
  return { status: 200, page: result as Unwrapped<T> };
}

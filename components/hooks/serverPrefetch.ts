/**
 * Pure helpers for the pages' server prefetch (issue 5): the pages call the service layer directly, and these
 * make the prefetched data exactly what the browser's own fetch would have cached under the same query key.
 * No React and no server imports: pages (server) use them, unit tests cover them.
 */
import type { ZodType } from "zod";
import type { GroupListParams } from "@/lib/api/queries";

/**
 * The URL parameters GroupList reads (components/groups/GroupList.tsx, PARAMS), in its query key only when
 * present and non-empty. Keep the two lists alike: a difference only costs the prefetch (the client then
 * fetches under its own key), and the e2e refresh spec notices it.
 */
export const GROUP_LIST_PARAMS = ["search", "model", "status", "lagging", "system", "sort", "dir", "page", "pageSize"] as const;

/** The list's query params from a page's searchParams, as GroupList builds them from useSearchParams(). */
export function groupListParamsOf(searchParams: Readonly<Record<string, string | string[] | undefined>>): GroupListParams {
  const params: GroupListParams = {};
  for (const p of GROUP_LIST_PARAMS) {
    const raw = searchParams[p];
    // useSearchParams().get() answers the first of repeated parameters
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v !== undefined && v !== "") params[p] = v;
  }
  return params;
}

/**
 * A service result as the browser would cache it: through JSON (the route answers with NextResponse.json) and
 * then the shared zod schema (fetchJson parses with it, dropping unknown fields).
 */
export function asFetched<T>(value: unknown, schema: ZodType<T>): T {
  return schema.parse(JSON.parse(JSON.stringify(value ?? null)));
}

/**
 * Waits for `work` at most `ms`; never rejects. A slow or failing prefetch must not hold or break the page:
 * the client then fetches as it would without one.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<"settled" | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  const settled = work.then(
    () => "settled" as const,
    () => "settled" as const,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

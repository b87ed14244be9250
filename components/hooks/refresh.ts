/**
 * The console's refresh preference (issue 5): how often the polling hooks refetch, or paused.
 * Pure (no React, no "use client"): the console layout reads the cookie on the server with parseRefresh, so
 * the first HTML already shows the remembered choice, and the hooks turn it into a refetchInterval.
 */

/** "off" is paused; the others are seconds between refetches. */
export const REFRESH_CHOICES = ["off", "5", "10", "30", "60"] as const;
export type RefreshChoice = (typeof REFRESH_CHOICES)[number];
export const DEFAULT_REFRESH: RefreshChoice = "10";
/** Like the locale and theme cookies: a year, every path, readable by the server on the next request. */
export const REFRESH_COOKIE = "tidemark-refresh";

/** The choice a cookie value names; anything else (absent, stale, tampered) is the default. */
export function parseRefresh(value: string | null | undefined): RefreshChoice {
  return REFRESH_CHOICES.find((c) => c === value) ?? DEFAULT_REFRESH;
}

/** Milliseconds between refetches for a choice; null when paused. */
export function refreshMs(choice: RefreshChoice): number | null {
  return choice === "off" ? null : Number(choice) * 1_000;
}

/**
 * A hook's refetchInterval: false when paused, otherwise the chosen interval but never faster than `floorMs`
 * (reads that are expensive for the brokers or the clients keep their slower pace).
 */
export function pollInterval(choice: RefreshChoice, floorMs = 0): number | false {
  const ms = refreshMs(choice);
  return ms === null ? false : Math.max(ms, floorMs);
}

/** The newest `dataUpdatedAt` among cached queries (ms), or undefined when none has data yet. */
export function newestUpdate(updatedAt: Iterable<number>): number | undefined {
  let newest: number | undefined;
  for (const at of updatedAt) if (at > 0 && (newest === undefined || at > newest)) newest = at;
  return newest;
}

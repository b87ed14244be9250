"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { historyQueries, type HistoryWindow } from "@/lib/api/queries";
import { pollInterval } from "./refresh";
import { usePollInterval, useRefreshChoice } from "./useRefresh";

/**
 * History changes only when the sampler writes: the chosen interval (header control), but not faster than the
 * sampler's pace (clamped to 5..15 s); paused stops it.
 */
function samplerFloor(intervalMs: number | undefined): number {
  return Math.min(15_000, Math.max(5_000, intervalMs ?? 15_000));
}

/** The trend column's sparklines: at least every 15 s (an hour of samples barely moves faster). */
const SPARKLINES_FLOOR_MS = 15_000;

export function useGroupHistory(cluster: string, group: string, window: HistoryWindow) {
  const { choice } = useRefreshChoice();
  return useQuery({
    ...historyQueries.group(cluster, group, window),
    refetchInterval: (q) => pollInterval(choice, samplerFloor(q.state.data?.sampler.intervalMs)),
    placeholderData: keepPreviousData,
  });
}

export function useClusterHistory(cluster: string, window: HistoryWindow) {
  const { choice } = useRefreshChoice();
  return useQuery({
    ...historyQueries.cluster(cluster, window),
    refetchInterval: (q) => pollInterval(choice, samplerFloor(q.state.data?.sampler.intervalMs)),
    placeholderData: keepPreviousData,
  });
}

/** Lag sparklines of the given groups (one request); disabled while there is no group to ask about. */
export function useSparklines(cluster: string, groups: readonly string[], minutes = 60) {
  const refetchInterval = usePollInterval(SPARKLINES_FLOOR_MS);
  return useQuery({
    ...historyQueries.sparklines(cluster, groups, minutes),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled: groups.length > 0,
  });
}

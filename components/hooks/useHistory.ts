"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { historyQueries, type HistoryWindow } from "@/lib/api/queries";

/** Refetch about as often as the sampler writes, between 5 s and 15 s. */
function pollEvery(intervalMs: number | undefined): number {
  return Math.min(15_000, Math.max(5_000, intervalMs ?? 15_000));
}

export function useGroupHistory(cluster: string, group: string, window: HistoryWindow) {
  return useQuery({
    ...historyQueries.group(cluster, group, window),
    refetchInterval: (q) => pollEvery(q.state.data?.sampler.intervalMs),
    placeholderData: keepPreviousData,
  });
}

export function useClusterHistory(cluster: string, window: HistoryWindow) {
  return useQuery({
    ...historyQueries.cluster(cluster, window),
    refetchInterval: (q) => pollEvery(q.state.data?.sampler.intervalMs),
    placeholderData: keepPreviousData,
  });
}

/** Lag sparklines of the given groups (one request); disabled while there is no group to ask about. */
export function useSparklines(cluster: string, groups: readonly string[], minutes = 60) {
  return useQuery({
    ...historyQueries.sparklines(cluster, groups, minutes),
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
    enabled: groups.length > 0,
  });
}

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { clusterQueries } from "@/lib/api/queries";
import { usePollInterval } from "./useRefresh";

export function useClusterList() {
  return useQuery({ ...clusterQueries.list(), staleTime: 60_000 });
}

/** Polls at the console's chosen interval (paused: not at all). */
export function useClusterOverview(cluster: string) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...clusterQueries.overview(cluster), refetchInterval, placeholderData: keepPreviousData });
}

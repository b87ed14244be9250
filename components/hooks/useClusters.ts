"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { clusterQueries } from "@/lib/api/queries";

export function useClusterList() {
  return useQuery({ ...clusterQueries.list(), staleTime: 60_000 });
}

export function useClusterOverview(cluster: string) {
  return useQuery({ ...clusterQueries.overview(cluster), refetchInterval: 10_000, placeholderData: keepPreviousData });
}

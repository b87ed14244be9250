"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { groupQueries, type GroupListParams } from "@/lib/api/queries";

export function useGroupList(cluster: string, params: GroupListParams) {
  return useQuery({ ...groupQueries.list(cluster, params), refetchInterval: 10_000, placeholderData: keepPreviousData });
}

export function useGroupDetail(cluster: string, group: string) {
  return useQuery({ ...groupQueries.detail(cluster, group), refetchInterval: 10_000, placeholderData: keepPreviousData });
}

export function useGroupClients(cluster: string, group: string, enabled = true) {
  return useQuery({ ...groupQueries.clients(cluster, group), refetchInterval: 15_000, placeholderData: keepPreviousData, enabled });
}

/** Running info takes up to 12 s per client (the broker asks each client): poll gently. */
export function useProcessQueues(cluster: string, group: string, enabled = true) {
  return useQuery({ ...groupQueries.processQueues(cluster, group), refetchInterval: 20_000, placeholderData: keepPreviousData, enabled });
}

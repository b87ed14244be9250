"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { groupQueries, type GroupListParams } from "@/lib/api/queries";
import { usePollInterval } from "./useRefresh";

/** Running info takes up to 12 s per client (the broker asks each client): never polled faster than this. */
export const PROCESS_QUEUES_FLOOR_MS = 20_000;

/** The list, the detail and the clients poll at the console's chosen interval (header control; paused stops them). */
export function useGroupList(cluster: string, params: GroupListParams) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...groupQueries.list(cluster, params), refetchInterval, placeholderData: keepPreviousData });
}

export function useGroupDetail(cluster: string, group: string) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...groupQueries.detail(cluster, group), refetchInterval, placeholderData: keepPreviousData });
}

export function useGroupClients(cluster: string, group: string, enabled = true) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...groupQueries.clients(cluster, group), refetchInterval, placeholderData: keepPreviousData, enabled });
}

/** Poll gently: the chosen interval, but at least PROCESS_QUEUES_FLOOR_MS. */
export function useProcessQueues(cluster: string, group: string, enabled = true) {
  const refetchInterval = usePollInterval(PROCESS_QUEUES_FLOOR_MS);
  return useQuery({ ...groupQueries.processQueues(cluster, group), refetchInterval, placeholderData: keepPreviousData, enabled });
}

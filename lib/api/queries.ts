import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { clusterOverviewSchema, clusterSummarySchema, groupClientsSchema, groupDetailSchema, groupListSchema, processQueuesSchema, type GroupListQuery } from "@/lib/schemas";
import { fetchJson } from "./fetchJson";

const enc = encodeURIComponent;

/** queryOptions factories (design convention 8): keys are prefixes of one another per resource. */
export const clusterQueries = {
  all: () => ["clusters"] as const,
  list: () =>
    queryOptions({
      queryKey: [...clusterQueries.all(), "list"],
      queryFn: () => fetchJson("/api/clusters", z.object({ clusters: z.array(clusterSummarySchema) })),
    }),
  overview: (cluster: string) =>
    queryOptions({
      queryKey: [...clusterQueries.all(), cluster, "overview"],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}`, clusterOverviewSchema),
    }),
};


export type GroupListParams = Partial<Record<keyof GroupListQuery, string>>;

export const groupQueries = {
  all: (cluster: string) => ["groups", cluster] as const,
  list: (cluster: string, params: GroupListParams) =>
    queryOptions({
      queryKey: [...groupQueries.all(cluster), "list", params],
      queryFn: () => {
        const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
        return fetchJson(`/api/clusters/${enc(cluster)}/groups?${qs.toString()}`, groupListSchema);
      },
    }),
  detail: (cluster: string, group: string) =>
    queryOptions({
      queryKey: [...groupQueries.all(cluster), group, "detail"],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}`, groupDetailSchema),
    }),
  clients: (cluster: string, group: string) =>
    queryOptions({
      queryKey: [...groupQueries.all(cluster), group, "clients"],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}/clients`, groupClientsSchema),
    }),
  processQueues: (cluster: string, group: string) =>
    queryOptions({
      queryKey: [...groupQueries.all(cluster), group, "process-queues"],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}/process-queues`, processQueuesSchema),
    }),
};

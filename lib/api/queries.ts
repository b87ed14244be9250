import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  auditListSchema,
  clusterHistorySchema,
  clusterOverviewSchema,
  clusterSummarySchema,
  groupClientsSchema,
  groupDetailSchema,
  groupHistorySchema,
  groupListSchema,
  processQueuesSchema,
  sparklinesSchema,
  tokensSchema,
  usersSchema,
  type GroupListQuery,
} from "@/lib/schemas";
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

/**
 * A history window: the last `lastMs` up to the time of each fetch (a live window that moves with every
 * refetch), or a fixed `from`..`to`. `step` (ms) is optional: the server picks one (~400 points, never below
 * the sampling interval).
 */
export type HistoryWindow = { lastMs: number; step?: number } | { from: number; to: number; step?: number };

function windowParams(window: HistoryWindow, now: number, extra: Record<string, string | number | undefined> = {}): string {
  const { from, to } = "lastMs" in window ? { from: now - window.lastMs, to: now } : window;
  const qs = new URLSearchParams({ from: String(Math.floor(from)), to: String(Math.floor(to)) });
  if (window.step !== undefined) qs.set("step", String(window.step));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) qs.set(k, String(v));
  return qs.toString();
}

export const historyQueries = {
  all: (cluster: string) => ["history", cluster] as const,
  group: (cluster: string, group: string, window: HistoryWindow, top?: number) =>
    queryOptions({
      // "group" before the name: a group called "cluster" or "sparklines" must not share a key with those.
      queryKey: [...historyQueries.all(cluster), "group", group, { ...window, top }],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}/history?${windowParams(window, Date.now(), { top })}`, groupHistorySchema),
    }),
  cluster: (cluster: string, window: HistoryWindow) =>
    queryOptions({
      queryKey: [...historyQueries.all(cluster), "cluster", window],
      queryFn: () => fetchJson(`/api/clusters/${enc(cluster)}/history?${windowParams(window, Date.now())}`, clusterHistorySchema),
    }),
  /** One request for a page of groups (sorted, so the key does not depend on the rows' order). */
  sparklines: (cluster: string, groups: readonly string[], minutes: number) => {
    const sorted = [...new Set(groups)].sort();
    return queryOptions({
      queryKey: [...historyQueries.all(cluster), "sparklines", sorted, minutes],
      queryFn: () =>
        fetchJson(`/api/clusters/${enc(cluster)}/history/sparklines?${new URLSearchParams({ groups: sorted.join(","), minutes: String(minutes) }).toString()}`, sparklinesSchema),
    });
  },
};

/** Users (admin only: the server answers 403 to anyone else). */
export const userQueries = {
  all: () => ["users"] as const,
  list: () => queryOptions({ queryKey: [...userQueries.all(), "list"], queryFn: () => fetchJson("/api/users", usersSchema) }),
};

/** The caller's own API tokens. */
export const tokenQueries = {
  all: () => ["tokens"] as const,
  list: () => queryOptions({ queryKey: [...tokenQueries.all(), "list"], queryFn: () => fetchJson("/api/tokens", tokensSchema) }),
};

export const auditQueries = {
  all: () => ["audit"] as const,
  list: (page: number, pageSize: number) =>
    queryOptions({
      queryKey: [...auditQueries.all(), "list", { page, pageSize }],
      queryFn: () => fetchJson(`/api/audit?${new URLSearchParams({ page: String(page), pageSize: String(pageSize) }).toString()}`, auditListSchema),
    }),
};

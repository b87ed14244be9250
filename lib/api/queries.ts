import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { clusterOverviewSchema, clusterSummarySchema } from "@/lib/schemas";
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

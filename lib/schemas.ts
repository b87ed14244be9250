import { z } from "zod";

/**
 * DTOs shared by route handlers and components. int64 values travel as decimal strings
 * (design convention 10) and are parsed back to bigint where arithmetic is needed.
 */
export const int64 = z.string().regex(/^-?\d{1,19}$/, "an int64 as a decimal string");

export const clusterSummarySchema = z.object({
  name: z.string(),
  nameServers: z.array(z.string()),
  sandbox: z.boolean(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const brokerRowSchema = z.object({
  brokerName: z.string(),
  brokerId: z.number().int(),
  role: z.enum(["master", "slave"]),
  address: z.string(),
  reachable: z.boolean(),
  error: z.string().nullable(),
  version: z.string().nullable(),
  putTps: z.number().nullable(),
  getTps: z.number().nullable(),
  diskRatio: z.number().nullable(),
  bootTimestamp: int64.nullable(),
});
export type BrokerRow = z.infer<typeof brokerRowSchema>;

export const clusterOverviewSchema = z.object({
  name: z.string(),
  sandbox: z.boolean(),
  nameServers: z.array(z.string()),
  /** Set when the NameServers could not be read at all. */
  error: z.string().nullable(),
  brokers: z.array(brokerRowSchema),
  fetchedAt: z.number().int(),
});
export type ClusterOverview = z.infer<typeof clusterOverviewSchema>;

export const clusterParams = z.object({ cluster: z.string().min(1).max(64) });

import { getPrisma, pingDatabase } from "@/lib/data/db";
import { getConfig } from "@/lib/server/config";
import type { SamplerState } from "@/lib/schemas";
import { getClusterSummaries } from "./clusters";
import { samplerState } from "./history";
import packageJson from "@/package.json";

export interface Health {
  status: "ok" | "degraded";
  version: string;
  uptimeSeconds: number;
  database: { ok: true } | { ok: false; error: string };
  /** Only for signed-in callers: what the console watches and its sampler. */
  clusters?: { name: string; nameServers: string[]; sandbox: boolean }[];
  /** The background sampler that stores lag history. */
  sampler?: SamplerState;
}

const startedAt = Date.now();

/** Liveness of the console process itself, its database, and what it is configured to watch. */
export async function getHealth(now = Date.now(), detailed = true): Promise<Health> {
  const config = getConfig();
  const database = await pingDatabase(getPrisma(config.databaseUrl));
  return {
    status: database.ok ? "ok" : "degraded",
    version: packageJson.version,
    uptimeSeconds: Math.floor((now - startedAt) / 1000),
    database,
    ...(detailed ? { clusters: getClusterSummaries(), sampler: samplerState() } : {}),
  };
}

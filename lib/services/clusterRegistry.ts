import { RocketMQAdmin } from "@/lib/rocketmq/admin";
import { ApiError } from "@/lib/server/errors";
import { getConfig } from "@/lib/server/config";

/** A cluster the console watches: from TIDEMARK_CLUSTERS, or the embedded sandbox. */
export interface ClusterEntry {
  name: string;
  nameServers: string[];
  /** 5.x proxies' remoting addresses (TIDEMARK_PROXIES). */
  proxies?: string[];
  sandbox: boolean;
  admin: RocketMQAdmin;
}

interface Registry {
  clusters: Map<string, ClusterEntry>;
  configured: boolean;
}

const holder = globalThis as typeof globalThis & { __tidemarkClusters?: Registry };

function registry(): Registry {
  if (!holder.__tidemarkClusters) {
    const clusters = new Map<string, ClusterEntry>();
    for (const c of getConfig().clusters) {
      clusters.set(c.name, { name: c.name, nameServers: [...c.nameServers], proxies: [...c.proxies], sandbox: false, admin: new RocketMQAdmin({ nameServers: c.nameServers, proxies: c.proxies }) });
    }
    holder.__tidemarkClusters = { clusters, configured: clusters.size > 0 };
  }
  return holder.__tidemarkClusters;
}

export function listClusters(): ClusterEntry[] {
  return [...registry().clusters.values()];
}

export function getCluster(name: string): ClusterEntry {
  const entry = registry().clusters.get(name);
  if (!entry) throw new ApiError("not_found", `No cluster named "${name}" is configured`);
  return entry;
}

/** True when TIDEMARK_CLUSTERS names at least one cluster (the sandbox is then not started). */
export function hasConfiguredClusters(): boolean {
  return registry().configured;
}

/** Adds the embedded sandbox as a cluster (only when nothing is configured). */
export function registerSandboxCluster(name: string, namesrvAddr: string, proxies: readonly string[] = []): ClusterEntry {
  const reg = registry();
  const existing = reg.clusters.get(name);
  if (existing) return existing;
  const entry: ClusterEntry = { name, nameServers: [namesrvAddr], proxies: [...proxies], sandbox: true, admin: new RocketMQAdmin({ nameServers: [namesrvAddr], proxies }) };
  reg.clusters.set(name, entry);
  return entry;
}

import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { ClusterOverview, ClusterSummary } from "@/lib/schemas";
import { getCluster, listClusters } from "./clusterRegistry";

export function getClusterSummaries(): ClusterSummary[] {
  return listClusters().map((c) => ({ name: c.name, nameServers: c.nameServers, sandbox: c.sandbox }));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Brokers of a cluster (every brokerId of every broker name) with what their runtime info says.
 * A broker that does not answer is listed as unreachable with the reason; the others still show.
 */
export async function getClusterOverview(name: string): Promise<ClusterOverview> {
  const cluster = getCluster(name);
  const base = { name: cluster.name, sandbox: cluster.sandbox, nameServers: cluster.nameServers };
  let info;
  try {
    info = await cluster.admin.getClusterInfo(true);
  } catch (err) {
    return { ...base, error: message(err), brokers: [], fetchedAt: Date.now() };
  }
  const targets = info.brokers.flatMap((b) => b.addresses.map((a) => ({ brokerName: b.brokerName, brokerId: a.brokerId, address: a.address })));
  const results = await mapSettled(targets, 8, (t) => cluster.admin.getBrokerRuntimeInfo({ brokerName: t.brokerName, address: t.address }));
  const brokers = targets.map((t, i) => {
    const r = results[i]!;
    const row = { brokerName: t.brokerName, brokerId: t.brokerId, role: t.brokerId === 0 ? ("master" as const) : ("slave" as const), address: t.address };
    if (r.status === "rejected") {
      return { ...row, reachable: false, error: message(r.reason), version: null, putTps: null, getTps: null, diskRatio: null, bootTimestamp: null };
    }
    const rt = r.value;
    return {
      ...row,
      reachable: true,
      error: null,
      version: rt.version ?? null,
      putTps: rt.putTps?.last10s ?? null,
      getTps: rt.getTotalTps?.last10s ?? null,
      diskRatio: rt.commitLogDiskRatio ?? null,
      bootTimestamp: rt.bootTimestamp?.toString() ?? null,
    };
  });
  return { ...base, error: null, brokers, fetchedAt: Date.now() };
}

import type { StoreTimes } from "@/lib/domain/groupSummary";
import type { QueueLag } from "@/lib/domain/lag";
import { queueKey } from "@/lib/domain/offsets";
import type { BrokerRef } from "@/lib/rocketmq/admin";
import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { ClusterEntry } from "./clusterRegistry";
import { FAN_OUT } from "./groupCache";

/** Lagging queues whose exact store time one read looks up (one PULL each, unless cached). */
export const MAX_STORE_TIME_READS = 64;

/** Store time of the message at (queue, offset): it never changes, so it is cached (bounded). */
const storeTimeCache = new Map<string, bigint>();
const STORE_TIME_CACHE_MAX = 50_000;

async function storeTimeAt(cluster: ClusterEntry, broker: BrokerRef, mq: QueueLag["mq"], offset: bigint): Promise<bigint | undefined> {
  const key = `${cluster.name}|${queueKey(mq)}@${offset}`;
  const hit = storeTimeCache.get(key);
  if (hit !== undefined) return hit;
  const res = await cluster.admin.pullMessage(broker, mq, offset);
  if (res.status !== "found") return undefined;
  const msg = res.messages.find((m) => m.queueOffset === offset) ?? res.messages[0];
  if (!msg) return undefined;
  if (storeTimeCache.size >= STORE_TIME_CACHE_MAX) storeTimeCache.delete(storeTimeCache.keys().next().value!);
  storeTimeCache.set(key, msg.storeTimestamp);
  return msg.storeTimestamp;
}

/** Store time of the message at each lagging queue's committed offset (the first unconsumed message). */
export async function readStoreTimes(cluster: ClusterEntry, lags: readonly QueueLag[], brokers: readonly BrokerRef[], limit = MAX_STORE_TIME_READS): Promise<Map<string, StoreTimes>> {
  const lagging = lags
    .filter((q) => q.lag.known && q.lag.value > 0n && (q.committed.kind === "offset" || q.committed.kind === "zero-or-none"))
    .sort((a, b) => (a.lag.known && b.lag.known ? (b.lag.value > a.lag.value ? 1 : b.lag.value < a.lag.value ? -1 : 0) : 0))
    .slice(0, limit);
  const out = new Map<string, StoreTimes>();
  const results = await mapSettled(lagging, FAN_OUT, async (q) => {
    const broker = brokers.find((b) => b.brokerName === q.mq.brokerName);
    const committed = q.committed.kind === "offset" ? q.committed.offset : q.committed.kind === "zero-or-none" ? 0n : undefined;
    if (!broker || committed === undefined) return undefined;
    const offset = q.minOffset.known && q.minOffset.value > committed ? q.minOffset.value : committed;
    const storeTime = await storeTimeAt(cluster, broker, q.mq, offset);
    if (storeTime === undefined) return undefined;
    return offset === committed ? { atCommittedMs: storeTime } : { atMinOffsetMs: storeTime };
  });
  results.forEach((r, i) => {
    if (r.status === "fulfilled" && r.value) out.set(queueKey(lagging[i]!.mq), r.value);
  });
  return out;
}


import type { StoreTimes } from "@/lib/domain/groupSummary";
import type { QueueLag } from "@/lib/domain/lag";
import { queueKey } from "@/lib/domain/offsets";
import type { BrokerRef } from "@/lib/rocketmq/admin";
import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { ClusterEntry } from "./clusterRegistry";
import { FAN_OUT } from "./groupCache";

/** Lagging queues whose exact store time one read looks up (one PULL each, unless cached). */
export const MAX_STORE_TIME_READS = 64;

/**
 * Store time of the message at (queue, offset): it never changes, so it is cached (bounded). On globalThis,
 * as the group cache: the sampler (started from instrumentation) and the route handlers may be separate
 * bundles of one process, and /metrics reads what the sampler has read.
 */
const holder = globalThis as typeof globalThis & { __tidemarkStoreTimes?: Map<string, bigint> };
const storeTimeCache = (holder.__tidemarkStoreTimes ??= new Map<string, bigint>());
const STORE_TIME_CACHE_MAX = 50_000;

const cacheKey = (cluster: ClusterEntry, mq: QueueLag["mq"], offset: bigint) => `${cluster.name}|${queueKey(mq)}@${offset}`;

async function storeTimeAt(cluster: ClusterEntry, broker: BrokerRef, mq: QueueLag["mq"], offset: bigint): Promise<bigint | undefined> {
  const key = cacheKey(cluster, mq, offset);
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

/** The `limit` most lagging queues with a committed offset: the ones whose store time is looked up. */
function laggingQueues(lags: readonly QueueLag[], limit: number): QueueLag[] {
  return lags
    .filter((q) => q.lag.known && q.lag.value > 0n && (q.committed.kind === "offset" || q.committed.kind === "zero-or-none"))
    .sort((a, b) => (a.lag.known && b.lag.known ? (b.lag.value > a.lag.value ? 1 : b.lag.value < a.lag.value ? -1 : 0) : 0))
    .slice(0, limit);
}

/** The offset whose message's store time gives the queue's lag in time: committed, or min when it expired. */
function lookupOf(q: QueueLag): { committed: bigint; offset: bigint } | undefined {
  const committed = q.committed.kind === "offset" ? q.committed.offset : q.committed.kind === "zero-or-none" ? 0n : undefined;
  if (committed === undefined) return undefined;
  return { committed, offset: q.minOffset.known && q.minOffset.value > committed ? q.minOffset.value : committed };
}

const storeTimesOf = (storeTime: bigint, at: { committed: bigint; offset: bigint }): StoreTimes =>
  at.offset === at.committed ? { atCommittedMs: storeTime } : { atMinOffsetMs: storeTime };

/** Store time of the message at each lagging queue's committed offset (the first unconsumed message). */
export async function readStoreTimes(cluster: ClusterEntry, lags: readonly QueueLag[], brokers: readonly BrokerRef[], limit = MAX_STORE_TIME_READS): Promise<Map<string, StoreTimes>> {
  const lagging = laggingQueues(lags, limit);
  const out = new Map<string, StoreTimes>();
  const results = await mapSettled(lagging, FAN_OUT, async (q) => {
    const broker = brokers.find((b) => b.brokerName === q.mq.brokerName);
    const at = lookupOf(q);
    if (!broker || at === undefined) return undefined;
    const storeTime = await storeTimeAt(cluster, broker, q.mq, at.offset);
    if (storeTime === undefined) return undefined;
    return storeTimesOf(storeTime, at);
  });
  results.forEach((r, i) => {
    if (r.status === "fulfilled" && r.value) out.set(queueKey(lagging[i]!.mq), r.value);
  });
  return out;
}


/**
 * What readStoreTimes(cluster, lags, brokers, limit) would answer from the cache alone: the same queues,
 * only the store times already read (by the sampler or a page of the list), and no broker request.
 */
export function cachedStoreTimes(cluster: ClusterEntry, lags: readonly QueueLag[], limit = MAX_STORE_TIME_READS): Map<string, StoreTimes> {
  const out = new Map<string, StoreTimes>();
  for (const q of laggingQueues(lags, limit)) {
    const at = lookupOf(q);
    const storeTime = at === undefined ? undefined : storeTimeCache.get(cacheKey(cluster, q.mq, at.offset));
    if (at !== undefined && storeTime !== undefined) out.set(queueKey(q.mq), storeTimesOf(storeTime, at));
  }
  return out;
}

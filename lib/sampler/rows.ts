import type { StoreTimes } from "@/lib/domain/groupSummary";
import { computeQueueLag, type QueueLag } from "@/lib/domain/lag";
import { queueLagTime, worstLagTime } from "@/lib/domain/lagTime";
import { queueKey } from "@/lib/domain/offsets";
import type { GroupSampleInput, TopicSampleInput } from "@/lib/data/history";
import { packQueueOffsets } from "@/lib/data/queueOffsets";
import type { ConsumeProgress, GroupClients } from "@/lib/rocketmq/admin";

export interface GroupReading {
  readonly group: string;
  readonly readAtMs: number;
  readonly progress: ConsumeProgress;
  readonly clients: GroupClients | undefined;
  readonly storeTimes?: ReadonlyMap<string, StoreTimes> | undefined;
}

/** The per-queue lags the sampler works from (also used to pick the queues whose store time it reads). */
export function readingLags(progress: ConsumeProgress, clients: GroupClients | undefined): QueueLag[] {
  return progress.queues.map((q) =>
    computeQueueLag(
      { mq: q.mq, brokerOffset: q.brokerOffset, consumerOffset: q.consumerOffset, pullOffset: q.pullOffset, lastTimestamp: q.lastTimestamp },
      { messageModel: clients?.messageModel },
    ),
  );
}

/**
 * One group's sample rows: one per business topic and one for its %RETRY% topic (DLQ queues are never
 * consumed and left out). Per topic: lag summed over readable queues (null when none is), `partial` when
 * some queue was unreadable or a broker did not answer, committed and broker offset sums, the worst lag in
 * time (exact when its store time was read, else the lastTimestamp upper bound), and the packed per-queue
 * offsets. Broadcasting groups: the broker's offsets are not their progress, so lag and committed are null.
 */
export function groupSampleRows(reading: GroupReading): GroupSampleInput {
  const { progress, clients } = reading;
  const nowMs = BigInt(reading.readAtMs);
  const lags = readingLags(progress, clients);
  const brokerDown = progress.failures.length > 0;
  const broadcasting = clients?.messageModel === "BROADCASTING";
  const byTopic = new Map<string, { retry: boolean; items: { lag: QueueLag; q: ConsumeProgress["queues"][number] }[] }>();
  progress.queues.forEach((q, i) => {
    const lag = lags[i]!;
    if (lag.kind === "dlq") return;
    const entry = byTopic.get(q.mq.topic) ?? { retry: lag.kind === "retry", items: [] };
    entry.items.push({ lag, q });
    byTopic.set(q.mq.topic, entry);
  });
  const topics: TopicSampleInput[] = [];
  for (const [topic, { retry, items }] of byTopic) {
    let lag: bigint | null = null;
    let committedSum: bigint | null = null;
    let brokerSum: bigint | null = null;
    let unknown = 0;
    for (const { lag: l, q } of items) {
      if (l.lag.known && !broadcasting) lag = (lag ?? 0n) + l.lag.value;
      else unknown++;
      if (q.consumerOffset >= 0n && !broadcasting) committedSum = (committedSum ?? 0n) + q.consumerOffset;
      if (q.brokerOffset >= 0n) brokerSum = (brokerSum ?? 0n) + q.brokerOffset;
    }
    const worst = worstLagTime(
      items.map(({ lag: l, q }) => {
        const st = reading.storeTimes?.get(queueKey(q.mq));
        return {
          mq: q.mq,
          lagTime: queueLagTime({ nowMs, lag: l.lag, storeTimeAtCommittedMs: st?.atCommittedMs, storeTimeAtMinOffsetMs: st?.atMinOffsetMs, lastTimestamp: q.lastTimestamp }),
        };
      }),
    );
    const lt = broadcasting ? undefined : worst.lagTime;
    topics.push({
      topic,
      retry,
      lag,
      committedSum,
      brokerSum,
      lagTimeMs: lt && lt.kind !== "unknown" ? BigInt(Math.round(lt.ms)) : null,
      lagTimeExact: lt?.kind === "exact" && worst.complete,
      partial: unknown > 0 || brokerDown,
      offsets: packQueueOffsets(
        items.map(({ q }) => ({
          brokerName: q.mq.brokerName,
          queueId: q.mq.queueId,
          brokerOffset: q.brokerOffset >= 0n ? q.brokerOffset : undefined,
          committed: !broadcasting && q.consumerOffset >= 0n ? q.consumerOffset : undefined,
        })),
      ),
    });
  }
  return { group: reading.group, atMs: nowMs, onlineClients: clients ? clients.connections.length : null, topics };
}

/**
 * The row the group list shows, from the merged per-queue stats of one group (plus optional client count,
 * store times, sample window): lag of the subscribed topics, retry and DLQ lag separately, inflight,
 * expired, the worst lag in time, queue counts, unknown counts, status, and what is missing.
 *
 * Decisions:
 * - `lag` covers the subscribed topics (business, plus system/LMQ topics a system group consumes); the
 *   group's `%RETRY%` topics are `retryLag`; `%DLQ%` queues (dead messages, never consumed by the group)
 *   are `dlqLag` and excluded from status.
 * - `inflight` covers subscribed and retry topics (both are pulled).
 * - `worstLagTime` covers the subscribed topics only: retry messages are re-stored after their back-off
 *   delay, so their age mixes delay and backlog.
 * - A broker that did not answer (`missingBrokers`) makes every total partial even though none of its
 *   queues is listed: we cannot count what we could not list.
 * - BROADCASTING groups: lag and status are unknown (progress lives in each client's offset store).
 */
import { formatCountNoun } from "./format";
import { computeQueueLag, breakdownLag, BROADCAST_REASON, type LagBreakdown, type QueueLag, type QueueOffsetsInput } from "./lag";
import { queueLagTime, worstLagTime, type WorstLagTime } from "./lagTime";
import {
  consumeTypeLabel,
  isBroadcasting,
  isSystemGroup,
  messageModelLabel,
  type SystemTopicContext,
} from "./names";
import { queueKey } from "./offsets";
import { evaluateGroupStatus, statusSampleFromQueues, type GroupStatus, type StatusOptions, type StatusSample } from "./status";
import { addTotals, known, notKnown, withGap, type Known, type PartialTotal } from "./value";

export { consumeTypeLabel, consumeFromWhereLabel, isSystemGroup, isSystemTopic, messageModelLabel, topicKind } from "./names";

export interface StoreTimes {
  /** Store time (ms) of the message at the committed offset. */
  readonly atCommittedMs?: bigint | undefined;
  /** Store time (ms) of the message at the min offset (when the committed offset has expired). */
  readonly atMinOffsetMs?: bigint | undefined;
}

export interface GroupSummaryInput {
  readonly group: string;
  /** When the stats were read (our clock, ms). */
  readonly readAtMs: bigint;
  /** Merged GET_CONSUME_STATS rows (plus minOffset where known). */
  readonly queues: readonly QueueOffsetsInput[];
  /** Store times per `queueKey`, for exact lag in time. */
  readonly storeTimes?: ReadonlyMap<string, StoreTimes> | undefined;
  /** Clients online in the group; undefined when unknown. */
  readonly onlineClients?: number | undefined;
  readonly messageModel?: string | undefined;
  readonly consumeType?: string | undefined;
  /** A POP consumer (consumerKind): inflight is then unknown, never 0. */
  readonly pop?: boolean | undefined;
  /** Brokers whose stats are missing, so their queues are not even listed. */
  readonly missingBrokers?: readonly { readonly brokerName: string; readonly reason: string }[] | undefined;
  /** A status already evaluated (e.g. by the sampler). */
  readonly status?: GroupStatus | undefined;
  /** Otherwise a window of samples to evaluate; without either, the current stats as a single sample. */
  readonly samples?: readonly StatusSample[] | undefined;
  readonly statusOptions?: Partial<StatusOptions> | undefined;
  readonly systemTopics?: SystemTopicContext | undefined;
}

export interface QueueCounts {
  readonly total: number;
  readonly topics: number;
  readonly retry: number;
  readonly dlq: number;
  /** Known lag > 0 (subscribed and retry topics). */
  readonly withLag: number;
  /** Lag unknown (subscribed and retry topics). */
  readonly unknownLag: number;
  readonly noCommittedOffset: number;
  readonly committedBelowMin: number;
  readonly committedBeyondMax: number;
}

export interface GroupSummary {
  readonly group: string;
  readonly isSystem: boolean;
  readonly messageModel: string | undefined;
  readonly messageModelLabel: string;
  readonly consumeType: string | undefined;
  readonly consumeTypeLabel: string;
  readonly readAtMs: bigint;
  /** Subscribed topics. */
  readonly lag: PartialTotal;
  readonly retryLag: PartialTotal;
  readonly dlqLag: PartialTotal;
  /** The expired part of `lag` (below the min offset). */
  readonly expired: PartialTotal;
  /** Subscribed + retry topics. */
  readonly inflight: PartialTotal;
  readonly worstLagTime: WorstLagTime;
  readonly queueCounts: QueueCounts;
  readonly onlineClients: Known<number>;
  readonly status: GroupStatus;
  /** Everything known: no unknown queue, no missing broker. */
  readonly complete: boolean;
  /** Why not complete. */
  readonly gaps: readonly string[];
  readonly queues: readonly QueueLag[];
  readonly breakdown: LagBreakdown;
}

export function summarizeGroup(input: GroupSummaryInput): GroupSummary {
  const messageModel = input.messageModel;
  const queues = input.queues.map((q) => computeQueueLag(q, { messageModel, systemTopics: input.systemTopics, pop: input.pop }));
  const breakdown = breakdownLag(queues);
  const missing = (input.missingBrokers ?? []).map((m) => `${m.brokerName}: ${m.reason}`);
  const gapped = (t: PartialTotal) => missing.reduce(withGap, t);

  const lag = gapped(breakdown.topics.lag);
  const retryLag = gapped(breakdown.retry.lag);
  const dlqLag = gapped(breakdown.dlq.lag);
  const expired = gapped(breakdown.topics.expired);
  const inflight = gapped(addTotals(breakdown.topics.inflight, breakdown.retry.inflight));

  const lagTimes = queues.flatMap((q, i) => {
    if (q.kind === "retry" || q.kind === "dlq") return [];
    const st = input.storeTimes?.get(queueKey(q.mq));
    const lagTime = queueLagTime({
      nowMs: input.readAtMs,
      lag: q.lag,
      storeTimeAtCommittedMs: st?.atCommittedMs,
      storeTimeAtMinOffsetMs: st?.atMinOffsetMs,
      lastTimestamp: input.queues[i]?.lastTimestamp,
    });
    return [{ mq: q.mq, lagTime }];
  });
  const worst = worstLagTime(lagTimes);

  const active = queues.filter((q) => q.kind !== "dlq");
  const count = (f: (q: QueueLag) => boolean) => queues.filter(f).length;
  const queueCounts: QueueCounts = {
    total: queues.length,
    topics: breakdown.topics.queues,
    retry: breakdown.retry.queues,
    dlq: breakdown.dlq.queues,
    withLag: active.filter((q) => q.lag.known && q.lag.value > 0n).length,
    unknownLag: active.filter((q) => !q.lag.known).length,
    noCommittedOffset: count((q) => q.flags.includes("no-committed-offset")),
    committedBelowMin: count((q) => q.flags.includes("committed-below-min")),
    committedBeyondMax: count((q) => q.flags.includes("committed-beyond-max")),
  };

  const onlineClients: Known<number> =
    input.onlineClients === undefined ? notKnown("online clients not read") : known(input.onlineClients);

  let status: GroupStatus;
  if (input.status) {
    status = input.status;
  } else if (isBroadcasting(messageModel)) {
    status = {
      status: "UNKNOWN",
      confidence: "no-data",
      reason: BROADCAST_REASON,
      queues: [],
      samples: 0,
      windowMs: 0,
      partial: true,
      onlineClients,
    };
  } else {
    const statusQueues = input.queues.filter((_, i) => queues[i]?.kind !== "dlq");
    const samples = input.samples ?? [statusSampleFromQueues(input.readAtMs, statusQueues, input.onlineClients)];
    status = evaluateGroupStatus(samples, input.statusOptions);
    if (missing.length > 0) status = { ...status, partial: true, reason: `${status.reason}; missing ${missing.join("; ")}` };
  }

  const gaps: string[] = [...missing];
  for (const t of [lag, retryLag, inflight]) for (const r of t.reasons) if (!gaps.includes(r)) gaps.push(r);
  if (!worst.complete && worst.lagTime.kind !== "unknown") gaps.push(`lag in time unknown for ${formatCountNoun(worst.unknownQueues, "queue")}`);
  const complete = missing.length === 0 && lag.complete && retryLag.complete && dlqLag.complete && inflight.complete && worst.complete;

  return {
    group: input.group,
    isSystem: isSystemGroup(input.group),
    messageModel,
    messageModelLabel: messageModelLabel(messageModel),
    consumeType: input.consumeType,
    consumeTypeLabel: consumeTypeLabel(input.consumeType),
    readAtMs: input.readAtMs,
    lag,
    retryLag,
    dlqLag,
    expired,
    inflight,
    worstLagTime: worst,
    queueCounts,
    onlineClients,
    status,
    complete,
    gaps,
    queues,
    breakdown,
  };
}

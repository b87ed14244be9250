/**
 * Per-queue lag, inflight and the expired part of a backlog, and totals that never silently shrink.
 *
 * Definitions (design.md "Domain definitions"):
 * - `lag = max(0, brokerOffset - committedOffset)`: the messages the group has not committed, exactly as
 *   mqadmin's "Diff" and the broker's own lag metric count them, but clamped at 0.
 * - `inflight = max(0, pullOffset - committedOffset)`: pulled but not yet committed; unknown when the broker
 *   does not report `pullOffset` (before 5.1).
 *
 * Retention (decision): when the committed offset is below the queue's min offset, messages
 * `[committed, minOffset)` are gone; the consumer will be moved to `minOffset` on its next pull
 * (PULL_OFFSET_MOVED) and can never consume them. `lag` keeps the definition above (so totals agree with
 * mqadmin and the broker), and two more figures split it: `expired` (the part below the min offset, lost)
 * and `reachable = lag - expired` (what the group can still consume). `expired` needs the min offset
 * (GET_TOPIC_STATS_INFO / GET_MIN_OFFSET); without it, `expired` is 0 only when `lastTimestamp > 0` proves the
 * message before the committed offset is still stored, otherwise unknown.
 *
 * Committed offset beyond the max offset (topic recreated, broker replaced, store lost): lag 0 and the
 * `committed-beyond-max` flag with the distance; never a negative lag.
 *
 * No committed offset (`none`, see offsets.ts): lag is unknown ("depends on consumeFromWhere") unless the
 * queue holds no retained message, then 0. `zero-or-none` (the broker's ambiguous 0) computes as offset 0
 * and carries the `zero-may-mean-none` flag when the queue is not empty.
 */
import { POP_INFLIGHT_REASON } from "./consumerKind";
import { isBroadcasting, topicKind, type SystemTopicContext, type TopicKind } from "./names";
import { bigMax, bigMin, committedValue, interpretCommitted, nonNegative, type CommittedOffset, type QueueRef } from "./offsets";
import { addTotals, EMPTY_TOTAL, known, notKnown, sumKnown, type Known, type PartialTotal } from "./value";

/**
 * One queue's offsets as read from the brokers. Field names follow lib/rocketmq's `QueueConsumeStats`, so a
 * decoded GET_CONSUME_STATS row can be passed as is; add `minOffset` from GET_TOPIC_STATS_INFO when known.
 * A field left `undefined` is unknown (never 0).
 */
export interface QueueOffsetsInput {
  readonly mq: QueueRef;
  /** Max offset: the next offset the broker will write. */
  readonly brokerOffset?: bigint | undefined;
  /** Committed offset as reported (GET_CONSUME_STATS reports "none" as 0; static topics as -1). */
  readonly consumerOffset?: bigint | undefined;
  /** Next offset the group will pull (5.1+ brokers only). */
  readonly pullOffset?: bigint | undefined;
  /** The queue's min offset (oldest retained message). */
  readonly minOffset?: bigint | undefined;
  /** Store time (ms) of message `consumerOffset - 1`; 0 when none or unreadable. */
  readonly lastTimestamp?: bigint | undefined;
  /** Whether a committed offset exists, when the caller checked (QUERY_CONSUMER_OFFSET, setZeroIfNotFound=false). */
  readonly hasCommittedOffset?: boolean | undefined;
  /** Why this queue's offsets are missing, e.g. "broker-b did not answer"; used as the unknown reason. */
  readonly unavailableReason?: string | undefined;
}

export type QueueLagFlag =
  /** brokerOffset is 0: nothing was ever written to the queue. */
  | "empty-queue"
  /** The group has no committed offset for the queue. */
  | "no-committed-offset"
  /** The broker reported 0, which may mean "no committed offset"; computed as offset 0. */
  | "zero-may-mean-none"
  /** The committed offset is below the min offset: part of the lag has expired. */
  | "committed-below-min"
  /** The committed offset is beyond the max offset (topic recreated, broker replaced, store lost). */
  | "committed-beyond-max";

export const QUEUE_LAG_FLAGS: readonly QueueLagFlag[] = [
  "empty-queue",
  "no-committed-offset",
  "zero-may-mean-none",
  "committed-below-min",
  "committed-beyond-max",
];

export interface QueueLag {
  readonly mq: QueueRef;
  readonly kind: TopicKind;
  readonly brokerOffset: Known<bigint>;
  readonly minOffset: Known<bigint>;
  readonly committed: CommittedOffset;
  readonly pullOffset: Known<bigint>;
  /** max(0, brokerOffset - committed). */
  readonly lag: Known<bigint>;
  /** The part of `lag` below the min offset: expired, can never be consumed. */
  readonly expired: Known<bigint>;
  /** lag - expired: what the group can still consume. */
  readonly reachable: Known<bigint>;
  /** max(0, pullOffset - committed). */
  readonly inflight: Known<bigint>;
  /** committed - brokerOffset when `committed-beyond-max`, else 0. */
  readonly beyondMaxBy: bigint;
  readonly flags: readonly QueueLagFlag[];
}

export interface LagOptions {
  /** Lets `kind` recognise the per-cluster/per-broker system topics. */
  readonly systemTopics?: SystemTopicContext;
  /** The group's message model; BROADCASTING makes every lag unknown (progress lives in each client). */
  readonly messageModel?: string | undefined;
  /** A POP consumer (consumerKind): the broker commits at delivery, so inflight is unknown, never 0. */
  readonly pop?: boolean | undefined;
}

export const NO_COMMIT_REASON = "no committed offset: where the group starts depends on its consumeFromWhere";
export const BROADCAST_REASON = "broadcasting group: each client keeps its own offsets, the broker's are not its progress";
const NO_PULL_OFFSET_REASON = "the broker does not report pullOffset (before 5.1)";

function offsetField(value: bigint | undefined, name: string, missing: string): Known<bigint> {
  if (value === undefined) return notKnown(missing);
  if (value < 0n) return notKnown(`invalid ${name} ${value}`);
  return known(value);
}

export function computeQueueLag(input: QueueOffsetsInput, options: LagOptions = {}): QueueLag {
  const why = input.unavailableReason;
  const kind = topicKind(input.mq.topic, options.systemTopics);
  const brokerOffset = offsetField(input.brokerOffset, "broker offset", why ?? "broker offset not read");
  const minOffset = offsetField(input.minOffset, "min offset", why ?? "min offset not read");
  const committed = interpretCommitted(input.consumerOffset, input.hasCommittedOffset, why ?? "consumer offset not read");
  const pullOffset =
    input.pullOffset === undefined
      ? notKnown(why ?? NO_PULL_OFFSET_REASON)
      : input.pullOffset < 0n
        ? notKnown("no pull recorded for this queue")
        : known(input.pullOffset);

  const flags: QueueLagFlag[] = [];
  const base = { mq: input.mq, kind, brokerOffset, minOffset, committed, pullOffset };

  if (isBroadcasting(options.messageModel)) {
    const u = notKnown(BROADCAST_REASON);
    return { ...base, lag: u, expired: u, reachable: u, inflight: u, beyondMaxBy: 0n, flags };
  }

  if (brokerOffset.known && brokerOffset.value === 0n) flags.push("empty-queue");
  if (committed.kind === "none") flags.push("no-committed-offset");
  if (committed.kind === "zero-or-none" && brokerOffset.known && brokerOffset.value > 0n) flags.push("zero-may-mean-none");

  const c = committedValue(committed);
  const inflight: Known<bigint> = options.pop
    ? notKnown(POP_INFLIGHT_REASON)
    : committed.kind === "unknown"
      ? notKnown(committed.reason)
      : c === undefined
        ? notKnown(NO_COMMIT_REASON)
        : pullOffset.known
          ? known(nonNegative(pullOffset.value - c))
          : pullOffset;

  if (!brokerOffset.known) {
    return { ...base, lag: brokerOffset, expired: brokerOffset, reachable: brokerOffset, inflight, beyondMaxBy: 0n, flags };
  }
  const b = brokerOffset.value;

  if (committed.kind === "unknown") {
    const u = notKnown(committed.reason);
    return { ...base, lag: u, expired: u, reachable: u, inflight, beyondMaxBy: 0n, flags };
  }

  if (c === undefined) {
    // No committed offset: a backlog only if retained messages exist, and then its size depends on where
    // the group will start.
    const nothingRetained = b === 0n || (minOffset.known && minOffset.value >= b);
    const v: Known<bigint> = nothingRetained ? known(0n) : notKnown(NO_COMMIT_REASON);
    return { ...base, lag: v, expired: v, reachable: v, inflight, beyondMaxBy: 0n, flags };
  }

  if (c > b) {
    flags.push("committed-beyond-max");
    const zero = known(0n);
    return { ...base, lag: zero, expired: zero, reachable: zero, inflight, beyondMaxBy: c - b, flags };
  }

  const lagValue = b - c;
  const lag = known(lagValue);
  if (lagValue === 0n) {
    return { ...base, lag, expired: known(0n), reachable: known(0n), inflight, beyondMaxBy: 0n, flags };
  }

  let expired: Known<bigint>;
  let reachable: Known<bigint>;
  if (minOffset.known) {
    const min = bigMin(minOffset.value, b);
    if (min > c) {
      flags.push("committed-below-min");
      expired = known(min - c);
      reachable = known(b - bigMax(c, min));
    } else {
      expired = known(0n);
      reachable = lag;
    }
  } else if (input.lastTimestamp !== undefined && input.lastTimestamp > 0n && c > 0n) {
    // The broker could read message c-1, so it is still retained: nothing at or after c has expired.
    expired = known(0n);
    reachable = lag;
  } else {
    expired = minOffset;
    reachable = minOffset;
  }
  return { ...base, lag, expired, reachable, inflight, beyondMaxBy: 0n, flags };
}

export function computeQueueLags(inputs: readonly QueueOffsetsInput[], options: LagOptions = {}): QueueLag[] {
  return inputs.map((q) => computeQueueLag(q, options));
}

export interface LagTotals {
  readonly queues: number;
  readonly lag: PartialTotal;
  readonly expired: PartialTotal;
  readonly reachable: PartialTotal;
  readonly inflight: PartialTotal;
  /** Queues whose lag is known and > 0. */
  readonly queuesWithLag: number;
  /** How many queues carry each flag. */
  readonly flagged: Readonly<Record<QueueLagFlag, number>>;
}

function emptyFlagCounts(): Record<QueueLagFlag, number> {
  return { "empty-queue": 0, "no-committed-offset": 0, "zero-may-mean-none": 0, "committed-below-min": 0, "committed-beyond-max": 0 };
}

export const EMPTY_LAG_TOTALS: LagTotals = {
  queues: 0,
  lag: EMPTY_TOTAL,
  expired: EMPTY_TOTAL,
  reachable: EMPTY_TOTAL,
  inflight: EMPTY_TOTAL,
  queuesWithLag: 0,
  flagged: emptyFlagCounts(),
};

/** Sums a set of queues. An unknown queue makes a total partial (`complete: false`), never smaller. */
export function totalLag(queues: readonly QueueLag[]): LagTotals {
  const flagged = emptyFlagCounts();
  let queuesWithLag = 0;
  for (const q of queues) {
    for (const f of q.flags) flagged[f]++;
    if (q.lag.known && q.lag.value > 0n) queuesWithLag++;
  }
  return {
    queues: queues.length,
    lag: sumKnown(queues.map((q) => q.lag)),
    expired: sumKnown(queues.map((q) => q.expired)),
    reachable: sumKnown(queues.map((q) => q.reachable)),
    inflight: sumKnown(queues.map((q) => q.inflight)),
    queuesWithLag,
    flagged,
  };
}

export function addLagTotals(a: LagTotals, b: LagTotals): LagTotals {
  const flagged = emptyFlagCounts();
  for (const f of QUEUE_LAG_FLAGS) flagged[f] = a.flagged[f] + b.flagged[f];
  return {
    queues: a.queues + b.queues,
    lag: addTotals(a.lag, b.lag),
    expired: addTotals(a.expired, b.expired),
    reachable: addTotals(a.reachable, b.reachable),
    inflight: addTotals(a.inflight, b.inflight),
    queuesWithLag: a.queuesWithLag + b.queuesWithLag,
    flagged,
  };
}

export interface TopicLagTotals extends LagTotals {
  readonly topic: string;
  readonly kind: TopicKind;
}

/** Totals per topic, sorted by topic name. */
export function lagByTopic(queues: readonly QueueLag[]): TopicLagTotals[] {
  const byTopic = new Map<string, QueueLag[]>();
  for (const q of queues) {
    const list = byTopic.get(q.mq.topic);
    if (list) list.push(q);
    else byTopic.set(q.mq.topic, [q]);
  }
  return [...byTopic.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, qs]) => ({ topic, kind: qs[0]?.kind ?? "business", ...totalLag(qs) }));
}

/**
 * Which bucket a queue's lag belongs to in a group's row: `retry` (the group's `%RETRY%` topics), `dlq`
 * (`%DLQ%`, dead messages, never the group's backlog), or `topics` (everything the group subscribes to,
 * including system and LMQ topics a system group may consume).
 */
export type LagBucket = "topics" | "retry" | "dlq";

export function lagBucket(kind: TopicKind): LagBucket {
  return kind === "retry" ? "retry" : kind === "dlq" ? "dlq" : "topics";
}

export interface LagBreakdown {
  /** Subscribed topics (business, plus system/LMQ topics): "the group's lag". */
  readonly topics: LagTotals;
  readonly retry: LagTotals;
  readonly dlq: LagTotals;
  readonly byTopic: readonly TopicLagTotals[];
}

export function breakdownLag(queues: readonly QueueLag[]): LagBreakdown {
  const buckets: Record<LagBucket, QueueLag[]> = { topics: [], retry: [], dlq: [] };
  for (const q of queues) buckets[lagBucket(q.kind)].push(q);
  return {
    topics: totalLag(buckets.topics),
    retry: totalLag(buckets.retry),
    dlq: totalLag(buckets.dlq),
    byTopic: lagByTopic(queues),
  };
}

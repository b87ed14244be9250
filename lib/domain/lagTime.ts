/**
 * Lag in time: how old the oldest unconsumed message is.
 *
 * Exact: now minus the store time of the message at the committed offset (the first unconsumed one), as
 * the RocketMQ 5 broker's `rocketmq_consumer_lag_latency` and rocketmq-exporter compute it. 0 when lag is 0.
 *
 * Estimate: GET_CONSUME_STATS' `lastTimestamp` is the store time of message `committed - 1`, the *last
 * consumed* one. Store times within a queue do not decrease, so `now - lastTimestamp` is an upper bound of
 * the exact value, and can be far off (a queue idle for an hour then written a minute ago shows an hour).
 * It is returned only as an explicitly marked `estimate-upper-bound`.
 *
 * Expired committed offset: the message at the committed offset is gone. If the caller read the first
 * retained message (at the min offset) instead, the result is exact with basis `oldest-retained`: the age
 * of the oldest message the group can still consume.
 *
 * Durations are `number` milliseconds (differences of `bigint` timestamps; exact below 2^53 ms).
 */
import type { QueueRef } from "./offsets";
import type { Known } from "./value";

export type LagTimeBasis = "committed-offset" | "oldest-retained";

export type LagTime =
  | { readonly kind: "exact"; readonly ms: number; readonly basis: LagTimeBasis }
  | { readonly kind: "estimate-upper-bound"; readonly ms: number; readonly reason: string }
  | { readonly kind: "unknown"; readonly reason: string };

export interface LagTimeInput {
  /** Our clock when the offsets were read (ms since the epoch). */
  readonly nowMs: bigint;
  /** The queue's lag (lag.ts). */
  readonly lag: Known<bigint>;
  /** Store time (ms) of the message at the committed offset; undefined or <= 0 when not read. */
  readonly storeTimeAtCommittedMs?: bigint | undefined;
  /** Store time (ms) of the message at the min offset, for an expired committed offset. */
  readonly storeTimeAtMinOffsetMs?: bigint | undefined;
  /** GET_CONSUME_STATS `lastTimestamp` (store time of message committed-1); 0 when none. */
  readonly lastTimestamp?: bigint | undefined;
}

export const ESTIMATE_REASON =
  "estimated from the store time of the last consumed message (lastTimestamp): an upper bound, the oldest unconsumed message may be younger";

/** now - t in ms, clamped at 0 (broker clocks may run ahead of ours). */
export function ageMs(nowMs: bigint, thenMs: bigint): number {
  const d = nowMs - thenMs;
  return d > 0n ? Number(d) : 0;
}

export function queueLagTime(input: LagTimeInput): LagTime {
  const { lag, nowMs } = input;
  if (!lag.known) return { kind: "unknown", reason: lag.reason };
  if (lag.value === 0n) return { kind: "exact", ms: 0, basis: "committed-offset" };
  if (input.storeTimeAtCommittedMs !== undefined && input.storeTimeAtCommittedMs > 0n) {
    return { kind: "exact", ms: ageMs(nowMs, input.storeTimeAtCommittedMs), basis: "committed-offset" };
  }
  if (input.storeTimeAtMinOffsetMs !== undefined && input.storeTimeAtMinOffsetMs > 0n) {
    return { kind: "exact", ms: ageMs(nowMs, input.storeTimeAtMinOffsetMs), basis: "oldest-retained" };
  }
  if (input.lastTimestamp !== undefined && input.lastTimestamp > 0n) {
    return { kind: "estimate-upper-bound", ms: ageMs(nowMs, input.lastTimestamp), reason: ESTIMATE_REASON };
  }
  return { kind: "unknown", reason: "store time of the first unconsumed message not read, and no consumed message to estimate from" };
}

export interface WorstLagTime {
  /**
   * The group's lag in time, its worst queue: `exact` when the worst is exactly known; an
   * `estimate-upper-bound` when some estimate exceeds every exact value (the true worst then lies in
   * `[atLeastMs, ms]`); `unknown` when no queue is known.
   */
  readonly lagTime: LagTime;
  /** The queue that gave `lagTime.ms`. */
  readonly queue: QueueRef | undefined;
  /** The largest exact value, a lower bound of the true worst (0 when none). */
  readonly atLeastMs: number;
  readonly queues: number;
  /** Queues whose lag time is unknown: the true worst may be larger than reported. */
  readonly unknownQueues: number;
  readonly complete: boolean;
}

/** Group lag in time = its worst queue. */
export function worstLagTime(items: readonly { readonly mq: QueueRef; readonly lagTime: LagTime }[]): WorstLagTime {
  let exact: { ms: number; mq: QueueRef; basis: LagTimeBasis } | undefined;
  let estimate: { ms: number; mq: QueueRef } | undefined;
  let unknownQueues = 0;
  let firstUnknownReason: string | undefined;
  for (const { mq, lagTime } of items) {
    if (lagTime.kind === "exact") {
      if (exact === undefined || lagTime.ms > exact.ms) exact = { ms: lagTime.ms, mq, basis: lagTime.basis };
    } else if (lagTime.kind === "estimate-upper-bound") {
      if (estimate === undefined || lagTime.ms > estimate.ms) estimate = { ms: lagTime.ms, mq };
    } else {
      unknownQueues++;
      firstUnknownReason ??= lagTime.reason;
    }
  }
  const base = { queues: items.length, unknownQueues, complete: unknownQueues === 0, atLeastMs: exact?.ms ?? 0 };
  if (estimate !== undefined && (exact === undefined || estimate.ms > exact.ms)) {
    return { ...base, lagTime: { kind: "estimate-upper-bound", ms: estimate.ms, reason: ESTIMATE_REASON }, queue: estimate.mq };
  }
  if (exact !== undefined) {
    return { ...base, lagTime: { kind: "exact", ms: exact.ms, basis: exact.basis }, queue: exact.mq };
  }
  const reason = items.length === 0 ? "no queues" : (firstUnknownReason ?? "unknown");
  return { ...base, lagTime: { kind: "unknown", reason }, queue: undefined };
}

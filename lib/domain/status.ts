/**
 * Group status, Burrow-inspired, from a window of our own samples (committed and broker offsets per queue,
 * plus the number of online clients), with Burrow's known false alarms fixed.
 *
 * Per queue, over the samples where both offsets are readable (oldest first):
 * 1. No readable sample: UNKNOWN.
 * 2. A broker offset that went backwards (topic recreated, broker replaced) cuts the window: only the
 *    samples after it count.
 * 3. Lag now <= `allowedLag` (default 0): OK. An idle queue with no lag is OK however long its committed
 *    offset sits still (Burrow's false STALL/STOP on slow or idle topics, #38/#140).
 * 4. One sample only: progress cannot be measured: UNKNOWN with the lag in the reason.
 * 5. STALL: the committed offset has not moved for at least `stallAfterMs` (never less than two commit
 *    intervals, so a consumer that commits every 5 s is not STALL between commits) while lag > allowed
 *    at every sample of that span. Lag comes from the broker's offsets sampled by us, not from commits,
 *    so a dead consumer does not freeze it (Burrow #287).
 * 6. REWIND: the committed offset moved backwards between two samples and has not since climbed back to
 *    where it was (as Burrow).
 * 7. WARN: the lag grew over a window of at least `warnMinWindowMs` and `warnMinSamples` samples, by more
 *    than the noise of a consumer that keeps pace: growth must exceed `warnMinGrowth`, the
 *    `warnRelativeTolerance` share of what was produced in the window, and what is produced in two commit
 *    intervals (the saw-tooth a 5 s commit interval draws on the lag); and it must still be rising
 *    (lag now above the lag at mid-window), so a burst that is being drained is not WARN.
 * 8. Otherwise OK (draining, or keeping pace).
 *
 * Group: STOP when the last sample says no client is online while some queue has lag > allowed (STOP is
 * about consumers being gone, never about commit timing: Burrow #38, #290). Otherwise the worst queue
 * status (STALL > REWIND > WARN > OK). If every decided queue is OK but a queue with lag could not be
 * judged (single sample), the group is UNKNOWN; if the undecided queues are merely unreadable, the group
 * is OK with `partial: true`.
 */
import { formatCount, formatCountNoun, formatDuration, formatMessagesWait, formatPercent } from "./format";
import type { QueueOffsetsInput } from "./lag";
import { committedValue, interpretCommitted, nonNegative, queueKey, queueLabelWithTopic } from "./offsets";
import { known, notKnown, type Known } from "./value";

export type StatusCode = "OK" | "WARN" | "STALL" | "STOP" | "REWIND" | "UNKNOWN";

/** Higher is worse. UNKNOWN ranks lowest: it is never allowed to hide a decided problem. */
export const STATUS_SEVERITY: Readonly<Record<StatusCode, number>> = { UNKNOWN: 0, OK: 1, WARN: 2, REWIND: 3, STALL: 4, STOP: 5 };

export interface StatusQueueSample {
  /** Stable key across samples (e.g. `queueKey(mq)`). */
  readonly key: string;
  /** For sentences, e.g. "broker-a/0 (TopicA)"; defaults to the key. */
  readonly label?: string | undefined;
  /** Committed offset; undefined or negative when unknown or none. */
  readonly committed?: bigint | undefined;
  /** Max offset; undefined when unknown. */
  readonly brokerOffset?: bigint | undefined;
}

export interface StatusSample {
  readonly atMs: bigint;
  /** Clients online in the group; undefined when unknown. */
  readonly onlineClients?: number | undefined;
  readonly queues: readonly StatusQueueSample[];
}

export interface StatusOptions {
  readonly allowedLag: bigint;
  readonly commitIntervalMs: number;
  readonly stallAfterMs: number;
  readonly warnMinWindowMs: number;
  readonly warnMinSamples: number;
  readonly warnMinGrowth: bigint;
  readonly warnRelativeTolerance: number;
}

export const DEFAULT_STATUS_OPTIONS: StatusOptions = {
  allowedLag: 0n,
  commitIntervalMs: 5_000,
  stallAfterMs: 60_000,
  warnMinWindowMs: 120_000,
  warnMinSamples: 3,
  warnMinGrowth: 100n,
  warnRelativeTolerance: 0.1,
};

export type StatusConfidence = "window" | "single-sample" | "no-data";

export interface QueueStatus {
  readonly key: string;
  readonly label: string;
  readonly status: StatusCode;
  readonly reason: string;
  readonly lag: Known<bigint>;
  /** Samples with readable offsets that the verdict used. */
  readonly samples: number;
}

export interface GroupStatus {
  readonly status: StatusCode;
  readonly confidence: StatusConfidence;
  readonly reason: string;
  readonly queues: readonly QueueStatus[];
  readonly samples: number;
  /** Time between the first and last sample. */
  readonly windowMs: number;
  /** Some queues could not be judged. */
  readonly partial: boolean;
  readonly onlineClients: Known<number>;
}

interface Point {
  readonly atMs: bigint;
  readonly committed: bigint;
  readonly broker: bigint;
}

function msBetween(a: bigint, b: bigint): number {
  const d = b - a;
  return d > 0n ? Number(d) : 0;
}

function lagOf(p: Point): bigint {
  return nonNegative(p.broker - p.committed);
}

function messages(n: bigint): string {
  return formatCountNoun(n, "message");
}

/** Judges one queue from its readable points (any order). */
export function evaluateQueueStatus(
  key: string,
  label: string,
  rawPoints: readonly Point[],
  options: Partial<StatusOptions> = {},
): QueueStatus {
  const o: StatusOptions = { ...DEFAULT_STATUS_OPTIONS, ...options };
  const sorted = [...rawPoints].sort((a, b) => (a.atMs < b.atMs ? -1 : a.atMs > b.atMs ? 1 : 0));
  const result = (status: StatusCode, reason: string, lag: Known<bigint>, samples: number): QueueStatus => ({
    key,
    label,
    status,
    reason,
    lag,
    samples,
  });
  if (sorted.length === 0) return result("UNKNOWN", "no readable offsets in the window", notKnown("offsets not read"), 0);

  let start = 0;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a && b && b.broker < a.broker) start = i;
  }
  const pts = sorted.slice(start);
  const cut = start > 0 ? " (the broker offset went backwards earlier in the window, so only later samples count)" : "";
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return result("UNKNOWN", "no readable offsets in the window", notKnown("offsets not read"), 0);
  const lag = lagOf(last);
  const lagK = known(lag);
  const n = pts.length;

  if (lag <= o.allowedLag) {
    const why =
      last.committed > last.broker
        ? `caught up (committed offset ${formatCount(last.committed)} is beyond the max offset ${formatCount(last.broker)})`
        : lag === 0n
          ? "caught up, no lag"
          : `lag ${formatCount(lag)} is within the allowed ${formatCount(o.allowedLag)}`;
    return result("OK", why + cut, lagK, n);
  }
  if (n === 1) {
    return result("UNKNOWN", `lag ${formatCount(lag)}; a second sample is needed to tell whether the group is making progress${cut}`, lagK, n);
  }

  // STALL: trailing run of an unchanged committed offset, lagging throughout.
  let runStart = n - 1;
  while (runStart > 0 && pts[runStart - 1]?.committed === last.committed) runStart--;
  const runFirst = pts[runStart] ?? last;
  const stalledFor = msBetween(runFirst.atMs, last.atMs);
  const stallAfter = Math.max(o.stallAfterMs, 2 * o.commitIntervalMs);
  const laggingThroughout = pts.slice(runStart).every((p) => lagOf(p) > o.allowedLag);
  if (laggingThroughout && stalledFor >= stallAfter) {
    return result(
      "STALL",
      `committed offset has stayed at ${formatCount(last.committed)} for ${runStart === 0 ? "at least " : ""}${formatDuration(stalledFor)} while ${formatMessagesWait(lag)}${cut}`,
      lagK,
      n,
    );
  }

  // REWIND: the latest backwards move that has not been made good since.
  for (let i = n - 1; i >= 1; i--) {
    const before = pts[i - 1];
    const after = pts[i];
    if (!before || !after || after.committed >= before.committed) continue;
    let maxSince = after.committed;
    for (let j = i; j < n; j++) {
      const p = pts[j];
      if (p && p.committed > maxSince) maxSince = p.committed;
    }
    if (maxSince < before.committed) {
      return result(
        "REWIND",
        `committed offset moved back from ${formatCount(before.committed)} to ${formatCount(after.committed)} (${messages(before.committed - after.committed)} to consume again) ${formatDuration(msBetween(after.atMs, last.atMs))} before the last sample; lag is ${formatCount(lag)}${cut}`,
        lagK,
        n,
      );
    }
  }

  // WARN: lag growing beyond the noise of a consumer keeping pace.
  const spanMs = msBetween(first.atMs, last.atMs);
  const firstLag = lagOf(first);
  const growth = lag - firstLag;
  const produced = nonNegative(last.broker - first.broker);
  const consumed = last.committed - first.committed;
  if (n >= o.warnMinSamples && spanMs >= o.warnMinWindowMs && spanMs > 0) {
    const relTol = (produced * BigInt(Math.round(o.warnRelativeTolerance * 1_000_000))) / 1_000_000n;
    const commitTol = (produced * BigInt(2 * o.commitIntervalMs)) / BigInt(spanMs);
    let tolerance = o.warnMinGrowth;
    if (relTol > tolerance) tolerance = relTol;
    if (commitTol > tolerance) tolerance = commitTol;
    const midTarget = first.atMs + (last.atMs - first.atMs) / 2n;
    let mid = first;
    for (const p of pts) if (p.atMs <= midTarget) mid = p;
    const rising = lag > lagOf(mid);
    if (growth > tolerance && rising) {
      const share = produced > 0n ? Number(consumed > 0n ? consumed : 0n) / Number(produced) : 0;
      return result(
        "WARN",
        `lag grew from ${formatCount(firstLag)} to ${formatCount(lag)} over ${formatDuration(spanMs)}: ${formatCount(consumed > 0n ? consumed : 0n)} consumed while ${formatCount(produced)} were produced (${formatPercent(share)} of the produce rate)${cut}`,
        lagK,
        n,
      );
    }
  }

  if (growth < 0n) {
    return result("OK", `draining: lag ${formatCount(lag)}, down from ${formatCount(firstLag)} over ${formatDuration(spanMs)}${cut}`, lagK, n);
  }
  let peak = firstLag;
  for (const p of pts) if (lagOf(p) > peak) peak = lagOf(p);
  if (lag < peak) {
    return result("OK", `draining: lag ${formatCount(lag)}, down from a peak of ${formatCount(peak)} in the last ${formatDuration(spanMs)}${cut}`, lagK, n);
  }
  return result(
    "OK",
    `keeping pace: lag ${formatCount(lag)} (was ${formatCount(firstLag)}); ${formatCount(consumed > 0n ? consumed : 0n)} consumed and ${formatCount(produced)} produced over ${formatDuration(spanMs)}${cut}`,
    lagK,
    n,
  );
}

/** Judges a group from a window of samples (any order). Works from one sample, with `confidence` saying so. */
export function evaluateGroupStatus(samples: readonly StatusSample[], options: Partial<StatusOptions> = {}): GroupStatus {
  const o: StatusOptions = { ...DEFAULT_STATUS_OPTIONS, ...options };
  const sorted = [...samples].sort((a, b) => (a.atMs < b.atMs ? -1 : a.atMs > b.atMs ? 1 : 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) {
    return {
      status: "UNKNOWN",
      confidence: "no-data",
      reason: "no samples yet",
      queues: [],
      samples: 0,
      windowMs: 0,
      partial: true,
      onlineClients: notKnown("not sampled"),
    };
  }
  const confidence: StatusConfidence = sorted.length === 1 ? "single-sample" : "window";
  const windowMs = msBetween(first.atMs, last.atMs);
  const onlineClients: Known<number> =
    last.onlineClients === undefined ? notKnown("online clients not read") : known(last.onlineClients);

  const order: string[] = [];
  const labels = new Map<string, string>();
  const points = new Map<string, Point[]>();
  for (const s of sorted) {
    for (const q of s.queues) {
      if (!points.has(q.key)) {
        order.push(q.key);
        points.set(q.key, []);
      }
      if (q.label !== undefined) labels.set(q.key, q.label);
      if (q.committed !== undefined && q.committed >= 0n && q.brokerOffset !== undefined && q.brokerOffset >= 0n) {
        points.get(q.key)?.push({ atMs: s.atMs, committed: q.committed, broker: q.brokerOffset });
      }
    }
  }
  const queues = order.map((key) => evaluateQueueStatus(key, labels.get(key) ?? key, points.get(key) ?? [], o));
  const base = { confidence, queues, samples: sorted.length, windowMs, onlineClients };

  const lagging = queues.filter((q) => q.lag.known && q.lag.value > o.allowedLag);
  const laggingTotal = lagging.reduce((sum, q) => sum + (q.lag.known ? q.lag.value : 0n), 0n);
  const unknown = queues.filter((q) => q.status === "UNKNOWN");
  const unreadable = unknown.filter((q) => !q.lag.known);
  const unreadableNote =
    unreadable.length > 0 ? `; ${formatCount(unreadable.length)} ${unreadable.length === 1 ? "queue" : "queues"} unreadable` : "";

  if (onlineClients.known && onlineClients.value === 0) {
    if (lagging.length > 0) {
      return {
        ...base,
        status: "STOP",
        partial: unreadable.length > 0,
        reason: `no consumer is online while ${formatMessagesWait(laggingTotal)} in ${formatCount(lagging.length)} ${lagging.length === 1 ? "queue" : "queues"}${unreadable.length > 0 ? " (at least)" : ""}${unreadableNote}`,
      };
    }
    if (queues.length > 0 && unreadable.length === 0) {
      return { ...base, status: "OK", partial: false, reason: "no consumer is online, and nothing is waiting" };
    }
  }

  if (queues.length === 0) {
    return { ...base, status: "UNKNOWN", partial: true, reason: "the samples list no queues for this group" };
  }

  let worst: QueueStatus | undefined;
  for (const q of queues) if (worst === undefined || STATUS_SEVERITY[q.status] > STATUS_SEVERITY[worst.status]) worst = q;
  if (!worst) return { ...base, status: "UNKNOWN", partial: true, reason: "no queues" };

  if (worst.status === "UNKNOWN" || (worst.status === "OK" && unknown.some((q) => q.lag.known))) {
    const undecided = unknown.find((q) => q.lag.known) ?? unknown[0] ?? worst;
    const more = unknown.length - 1;
    return {
      ...base,
      status: "UNKNOWN",
      partial: true,
      reason: `${undecided.label}: ${undecided.reason}${more > 0 ? ` (and ${formatCount(more)} more ${more === 1 ? "queue" : "queues"} undecided)` : ""}`,
    };
  }

  const same = queues.filter((q) => q.status === worst.status).length - 1;
  const reason =
    worst.status === "OK" && queues.length > 1
      ? `all ${formatCount(queues.length - unknown.length)} readable queues OK${laggingTotal > 0n ? `; ${messages(laggingTotal)} waiting in all` : ", no lag"}${unreadableNote}`
      : `${worst.label}: ${worst.reason}${same > 0 ? ` (and ${formatCount(same)} more ${same === 1 ? "queue" : "queues"})` : ""}${unreadableNote}`;
  return { ...base, status: worst.status, partial: unknown.length > 0, reason };
}

/** One status sample from the current per-queue offsets (e.g. merged GET_CONSUME_STATS). */
export function statusSampleFromQueues(
  atMs: bigint,
  queues: readonly QueueOffsetsInput[],
  onlineClients: number | undefined,
): StatusSample {
  return {
    atMs,
    onlineClients,
    queues: queues.map((q) => {
      const c = interpretCommitted(q.consumerOffset, q.hasCommittedOffset);
      let committed = committedValue(c);
      const b = q.brokerOffset;
      // No committed offset on a queue that retains nothing: nothing to consume, judge it as caught up.
      if (c.kind === "none" && b !== undefined && b >= 0n && (b === 0n || (q.minOffset !== undefined && q.minOffset >= b))) committed = b;
      return { key: queueKey(q.mq), label: queueLabelWithTopic(q.mq), committed, brokerOffset: b };
    }),
  };
}

export function compareStatus(a: StatusCode, b: StatusCode): number {
  return STATUS_SEVERITY[a] - STATUS_SEVERITY[b];
}

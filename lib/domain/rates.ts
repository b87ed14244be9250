/**
 * Consume and produce rates from our own samples (design "Domain definitions"): consume rate = committed
 * offset delta over time, produce rate = broker (max) offset delta over time. Never the broker's
 * `consumeTps` (that is the pull rate).
 *
 * Rules:
 * - Deltas are computed in bigint; only the delta is converted to a number (offsets beyond 2^53 stay exact).
 * - A committed offset that goes backwards is a rewind: `rewind: true`, `consumeRate: null`, never negative.
 * - A broker offset that goes backwards (topic recreated, store wiped) is `brokerReset: true`,
 *   `produceRate: null`.
 * - Missing data is a gap (`gap: true`, rates null), never interpolated or 0: a queue absent from (or
 *   unreadable in) either sample, an interval longer than `maxGapMs` (default 3x the median interval), or
 *   two samples at the same instant.
 * - Group rates sum the deltas of the queues known in both samples; `partial` says some queue of either
 *   sample was left out.
 */
import type { StatusQueueSample, StatusSample } from "./status";

export interface RatePoint {
  readonly fromMs: bigint;
  readonly toMs: bigint;
  /** Messages per second; null when unknown (gap, rewind, unreadable). */
  readonly consumeRate: number | null;
  readonly produceRate: number | null;
  /** Exact committed / broker offset deltas behind the rates; null exactly when the rate is null. */
  readonly consumed: bigint | null;
  readonly produced: bigint | null;
  /** The committed offset went backwards (for a group: in at least one queue). */
  readonly rewind: boolean;
  /** The broker offset went backwards (for a group: in at least one queue). */
  readonly brokerReset: boolean;
  /** Missing data: interval too long or empty, or (for a queue) absent or unreadable in either sample. */
  readonly gap: boolean;
}

export interface GroupRatePoint extends RatePoint {
  /** Some queue present in either sample is not in `consumeRate` or `produceRate`. */
  readonly partial: boolean;
  /** Queues present in either sample. */
  readonly queues: number;
  /** Queues summed into `consumeRate` / `produceRate`. */
  readonly consumeQueues: number;
  readonly produceQueues: number;
}

export interface QueueRateSeries {
  readonly key: string;
  readonly label: string;
  readonly points: readonly RatePoint[];
}

export interface RateSeries {
  /** One series per queue, in first-seen order; each has one point per consecutive sample pair. */
  readonly queues: readonly QueueRateSeries[];
  readonly group: readonly GroupRatePoint[];
  /** The gap threshold used (Infinity when fewer than two distinct sample times). */
  readonly maxGapMs: number;
}

export interface RateOptions {
  /** Intervals longer than this are gaps; default 3x the median interval. */
  readonly maxGapMs: number;
}

/** Rate in messages per second for an exact delta over `ms` (> 0). Converts only the delta to a number. */
export function rateFromDelta(delta: bigint, ms: bigint): number {
  return (Number(delta) * 1000) / Number(ms);
}

function sortSamples(samples: readonly StatusSample[]): StatusSample[] {
  return [...samples].sort((a, b) => (a.atMs < b.atMs ? -1 : a.atMs > b.atMs ? 1 : 0));
}

/** Median of the positive intervals between consecutive samples (any order); null with fewer than two. */
export function medianIntervalMs(samples: readonly StatusSample[]): number | null {
  const sorted = sortSamples(samples);
  const intervals: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a && b && b.atMs > a.atMs) intervals.push(Number(b.atMs - a.atMs));
  }
  if (intervals.length === 0) return null;
  intervals.sort((x, y) => x - y);
  const mid = Math.floor(intervals.length / 2);
  const hi = intervals[mid] ?? 0;
  return intervals.length % 2 === 1 ? hi : ((intervals[mid - 1] ?? hi) + hi) / 2;
}

function readable(v: bigint | undefined): v is bigint {
  return v !== undefined && v >= 0n;
}

interface Delta {
  readonly delta: bigint | null;
  readonly backwards: boolean;
  readonly missing: boolean;
}

function delta(a: bigint | undefined, b: bigint | undefined, intervalGap: boolean): Delta {
  if (!readable(a) || !readable(b)) return { delta: null, backwards: false, missing: true };
  if (b < a) return { delta: null, backwards: true, missing: false };
  return { delta: intervalGap ? null : b - a, backwards: false, missing: false };
}

function queuePoint(
  fromMs: bigint,
  toMs: bigint,
  intervalGap: boolean,
  a: StatusQueueSample | undefined,
  b: StatusQueueSample | undefined,
): RatePoint {
  const ms = toMs - fromMs;
  const c = delta(a?.committed, b?.committed, intervalGap);
  const p = delta(a?.brokerOffset, b?.brokerOffset, intervalGap);
  return {
    fromMs,
    toMs,
    consumeRate: c.delta === null ? null : rateFromDelta(c.delta, ms),
    produceRate: p.delta === null ? null : rateFromDelta(p.delta, ms),
    consumed: c.delta,
    produced: p.delta,
    rewind: c.backwards,
    brokerReset: p.backwards,
    gap: intervalGap || a === undefined || b === undefined || c.missing || p.missing,
  };
}

/** Per-queue and group rate series between consecutive samples (any order; sorted by time here). */
export function computeRates(samples: readonly StatusSample[], options: Partial<RateOptions> = {}): RateSeries {
  const sorted = sortSamples(samples);
  const median = medianIntervalMs(sorted);
  const maxGapMs = options.maxGapMs ?? (median === null ? Number.POSITIVE_INFINITY : 3 * median);

  const order: string[] = [];
  const labels = new Map<string, string>();
  const byKey = sorted.map((s) => {
    const m = new Map<string, StatusQueueSample>();
    for (const q of s.queues) {
      if (!labels.has(q.key)) {
        order.push(q.key);
        labels.set(q.key, q.label ?? q.key);
      } else if (q.label !== undefined) labels.set(q.key, q.label);
      m.set(q.key, q);
    }
    return m;
  });

  const perQueue = new Map<string, RatePoint[]>(order.map((k) => [k, []]));
  const group: GroupRatePoint[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const sa = sorted[i - 1];
    const sb = sorted[i];
    const ma = byKey[i - 1];
    const mb = byKey[i];
    if (!sa || !sb || !ma || !mb) continue;
    const fromMs = sa.atMs;
    const toMs = sb.atMs;
    const ms = toMs - fromMs;
    const intervalGap = ms <= 0n || Number(ms) > maxGapMs;

    let consumed = 0n;
    let produced = 0n;
    let nConsume = 0;
    let nProduce = 0;
    let nQueues = 0;
    let rewind = false;
    let brokerReset = false;
    for (const key of order) {
      const a = ma.get(key);
      const b = mb.get(key);
      const pt = queuePoint(fromMs, toMs, intervalGap, a, b);
      perQueue.get(key)?.push(pt);
      if (a === undefined && b === undefined) continue;
      nQueues++;
      rewind ||= pt.rewind;
      brokerReset ||= pt.brokerReset;
      if (pt.consumed !== null) {
        consumed += pt.consumed;
        nConsume++;
      }
      if (pt.produced !== null) {
        produced += pt.produced;
        nProduce++;
      }
    }
    const hasConsume = !intervalGap && nConsume > 0;
    const hasProduce = !intervalGap && nProduce > 0;
    group.push({
      fromMs,
      toMs,
      consumeRate: hasConsume ? rateFromDelta(consumed, ms) : null,
      produceRate: hasProduce ? rateFromDelta(produced, ms) : null,
      consumed: hasConsume ? consumed : null,
      produced: hasProduce ? produced : null,
      rewind,
      brokerReset,
      gap: intervalGap,
      partial: !intervalGap && (nConsume < nQueues || nProduce < nQueues),
      queues: nQueues,
      consumeQueues: intervalGap ? 0 : nConsume,
      produceQueues: intervalGap ? 0 : nProduce,
    });
  }

  return {
    queues: order.map((key) => ({ key, label: labels.get(key) ?? key, points: perQueue.get(key) ?? [] })),
    group,
    maxGapMs,
  };
}

export interface AverageRate {
  /** Time-weighted average over the covered parts of the window; null when nothing was covered. */
  readonly consumeRate: number | null;
  readonly produceRate: number | null;
  readonly fromMs: bigint;
  readonly toMs: bigint;
  readonly windowMs: number;
  /** Milliseconds of the window with a known rate, and that as a share of `windowMs` (0..1). */
  readonly consumeCoveredMs: number;
  readonly produceCoveredMs: number;
  readonly consumeCoverage: number;
  readonly produceCoverage: number;
  /** A rewind / broker reset / gap / partial group point lies in the window. */
  readonly rewind: boolean;
  readonly brokerReset: boolean;
  readonly gap: boolean;
  readonly partial: boolean;
}

/**
 * Time-weighted average of a rate series over the `windowMs` ending at `endMs` (default: the last
 * point's end). Gaps, rewinds and broker resets (null rates) are left out, never counted as 0; coverage
 * says how much of the window the average stands on. Points straddling the window start are prorated.
 */
export function averageRate(
  series: readonly (RatePoint & { readonly partial?: boolean })[],
  windowMs: number,
  options: { readonly endMs?: bigint } = {},
): AverageRate {
  let end = options.endMs;
  if (end === undefined) for (const p of series) if (end === undefined || p.toMs > end) end = p.toMs;
  const toMs = end ?? 0n;
  const win = Math.max(0, Math.floor(windowMs));
  const fromMs = toMs - BigInt(win);

  let cExact = 0n;
  let cClipped = 0;
  let cMs = 0;
  let pExact = 0n;
  let pClipped = 0;
  let pMs = 0;
  let rewind = false;
  let brokerReset = false;
  let gap = false;
  let partial = false;
  for (const p of series) {
    const lo = p.fromMs > fromMs ? p.fromMs : fromMs;
    const hi = p.toMs < toMs ? p.toMs : toMs;
    if (hi <= lo) continue;
    const overlap = Number(hi - lo);
    const whole = lo === p.fromMs && hi === p.toMs;
    rewind ||= p.rewind;
    brokerReset ||= p.brokerReset;
    gap ||= p.gap;
    partial ||= p.partial === true;
    if (p.consumed !== null && p.consumeRate !== null) {
      if (whole) cExact += p.consumed;
      else cClipped += (p.consumeRate * overlap) / 1000;
      cMs += overlap;
    }
    if (p.produced !== null && p.produceRate !== null) {
      if (whole) pExact += p.produced;
      else pClipped += (p.produceRate * overlap) / 1000;
      pMs += overlap;
    }
  }
  const rate = (exact: bigint, clipped: number, ms: number): number | null =>
    ms > 0 ? ((Number(exact) + clipped) * 1000) / ms : null;
  return {
    consumeRate: rate(cExact, cClipped, cMs),
    produceRate: rate(pExact, pClipped, pMs),
    fromMs,
    toMs,
    windowMs: win,
    consumeCoveredMs: cMs,
    produceCoveredMs: pMs,
    consumeCoverage: win > 0 ? cMs / win : 0,
    produceCoverage: win > 0 ? pMs / win : 0,
    rewind,
    brokerReset,
    gap,
    partial,
  };
}

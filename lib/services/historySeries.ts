import { etaFromSamples } from "@/lib/domain/eta";
import { computeRates } from "@/lib/domain/rates";
import type { StatusQueueSample, StatusSample } from "@/lib/domain/status";
import type { SampleRow } from "@/lib/data/history";
import { unpackQueueOffsets } from "@/lib/data/queueOffsets";
import type { EtaDto, HistoryMarker, HistoryPoint, QueueLagSeries } from "@/lib/schemas";

/**
 * Pure: stored sample rows -> the series the history API returns (bucketing, rates, per-queue lag, ETA).
 * A group's rows of one read share `atMs`; one read = one point before bucketing.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const NICE_STEPS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];
export const MAX_POINTS = 400;

export interface StepChoice {
  step: number;
  resolution: "raw" | "bucketed";
  maxGapMs: number;
}

/**
 * The bucket width for a range: the requested step or the smallest "nice" width giving at most
 * `maxPoints` points, never finer than the sampling interval, nor than the downsampled buckets when the
 * range reaches past the raw retention. Points further apart than 1.5 steps are a gap (a missed sample).
 */
export function chooseStep(o: { fromMs: number; toMs: number; intervalMs: number; rawSinceMs: number; bucketMs: number; requested?: number | undefined; maxPoints?: number }): StepChoice {
  const floor = o.fromMs < o.rawSinceMs ? Math.max(o.intervalMs, o.bucketMs) : o.intervalMs;
  let step: number;
  if (o.requested !== undefined) step = Math.max(o.requested, floor);
  else {
    const target = Math.max(floor, Math.ceil((o.toMs - o.fromMs) / (o.maxPoints ?? MAX_POINTS)));
    step = NICE_STEPS.find((s) => s >= target) ?? Math.ceil(target / HOUR) * HOUR;
    if (step < floor) step = floor;
  }
  return { step, resolution: step <= o.intervalMs && o.fromMs >= o.rawSinceMs ? "raw" : "bucketed", maxGapMs: Math.round(step * 1.5) };
}

export interface Read {
  t: number;
  rows: SampleRow[];
}

/** Rows (sorted by time) -> one read per atMs. */
export function readsOf(rows: readonly SampleRow[]): Read[] {
  const out: Read[] = [];
  for (const r of rows) {
    const t = Number(r.atMs);
    const last = out.at(-1);
    if (last && last.t === t) last.rows.push(r);
    else out.push({ t, rows: [r] });
  }
  return out;
}

const sumNullable = (values: readonly (bigint | null)[]): bigint | null => {
  let s: bigint | null = null;
  for (const v of values) if (v !== null) s = (s ?? 0n) + v;
  return s;
};

export interface Bucketed extends Read {
  /** Max business-topic lag over every read of the bucket (and their own bucket maxima). */
  lagMax: bigint | null;
}

/** One read per step bucket: the last; with the bucket's max lag. */
export function bucketReads(reads: readonly Read[], step: number): Bucketed[] {
  const out: Bucketed[] = [];
  let key: number | undefined;
  for (const r of reads) {
    const k = Math.floor(r.t / step);
    const business = r.rows.filter((x) => !x.retry);
    const lagMax = sumNullable(business.map((x) => x.lagMax ?? x.lag));
    const last = out.at(-1);
    if (last && key === k) {
      last.t = r.t;
      last.rows = r.rows;
      if (lagMax !== null && (last.lagMax === null || lagMax > last.lagMax)) last.lagMax = lagMax;
    } else {
      out.push({ t: r.t, rows: r.rows, lagMax });
      key = k;
    }
  }
  return out;
}

export const queueKeyOf = (topic: string, brokerName: string, queueId: number) => `${topic}|${brokerName}|${queueId}`;
export const queueLabelOf = (topic: string, brokerName: string, queueId: number) => `${brokerName}/${queueId} (${topic})`;

/** A read as a StatusSample over its business-topic queues (for rates and ETA). */
export function statusSampleOf(read: Read): StatusSample {
  const queues: StatusQueueSample[] = [];
  let online: number | undefined;
  for (const row of read.rows) {
    if (row.onlineClients !== null) online = row.onlineClients;
    if (row.retry || row.offsets === null) continue;
    for (const q of unpackQueueOffsets(row.offsets)) {
      queues.push({ key: queueKeyOf(row.topic, q.brokerName, q.queueId), label: queueLabelOf(row.topic, q.brokerName, q.queueId), committed: q.committed, brokerOffset: q.brokerOffset });
    }
  }
  return { atMs: BigInt(read.t), onlineClients: online, queues };
}

export interface SeriesResult {
  points: HistoryPoint[];
  queues: QueueLagSeries[];
  markers: HistoryMarker[];
}

/**
 * Points, per-queue lag (top N by peak lag + "others") and rewind markers for the buckets in [fromMs, toMs].
 * `reads` may start before fromMs: the read before the range gives the first point its rates.
 */
export function buildSeries(reads: readonly Read[], o: { fromMs: number; toMs: number; step: number; maxGapMs: number; top: number }): SeriesResult {
  const buckets = bucketReads(reads, o.step);
  const samples = buckets.map(statusSampleOf);
  const rates = computeRates(samples, { maxGapMs: o.maxGapMs });
  const rateAt = new Map(rates.group.map((p) => [Number(p.toMs), p]));
  const inRange = buckets.map((b, i) => ({ b, s: samples[i]! })).filter(({ b }) => b.t >= o.fromMs && b.t <= o.toMs);

  const points: HistoryPoint[] = inRange.map(({ b }) => {
    const business = b.rows.filter((r) => !r.retry);
    const retry = b.rows.filter((r) => r.retry);
    const lag = sumNullable(business.map((r) => r.lag));
    const lagTimes = business.filter((r) => r.lagTimeMs !== null).map((r) => Number(r.lagTimeMs));
    const rate = rateAt.get(b.t);
    return {
      t: b.t,
      lag: lag === null ? null : lag.toString(),
      lagMax: b.lagMax === null ? null : b.lagMax.toString(),
      retryLag: retry.length === 0 ? null : (sumNullable(retry.map((r) => r.lag))?.toString() ?? null),
      lagTimeMs: lagTimes.length === 0 ? null : Math.max(...lagTimes),
      lagTimeExact: business.length > 0 && business.every((r) => r.lagTimeExact || r.lag === 0n),
      onlineClients: b.rows.find((r) => r.onlineClients !== null)?.onlineClients ?? null,
      consumeRate: rate && !rate.rewind ? rate.consumeRate : null,
      produceRate: rate && !rate.brokerReset ? rate.produceRate : null,
      rewind: rate?.rewind ?? false,
      partial: business.some((r) => r.partial || r.lag === null),
    };
  });

  const markers: HistoryMarker[] = [];
  for (const p of rates.group) {
    const t = Number(p.toMs);
    if (t < o.fromMs || t > o.toMs) continue;
    if (p.rewind) {
      const moved = rates.queues.filter((q) => q.points.some((x) => x.toMs === p.toMs && x.rewind)).map((q) => q.label);
      markers.push({ t, kind: "rewind", text: `committed offset moved back on ${moved.length} queue${moved.length === 1 ? "" : "s"}: ${moved.slice(0, 3).join(", ")}${moved.length > 3 ? ", …" : ""}` });
    }
    if (p.brokerReset) markers.push({ t, kind: "broker-reset", text: "a broker offset went backwards (topic recreated or store reset)" });
  }

  // per-queue lag, top N by peak lag in range, the rest summed as "others"
  const perQueue = new Map<string, { label: string; lags: Map<number, bigint | null>; peak: bigint }>();
  for (const { b, s } of inRange) {
    for (const q of s.queues) {
      const lag = q.committed === undefined || q.brokerOffset === undefined ? null : q.brokerOffset > q.committed ? q.brokerOffset - q.committed : 0n;
      let entry = perQueue.get(q.key);
      if (!entry) perQueue.set(q.key, (entry = { label: q.label ?? q.key, lags: new Map(), peak: 0n }));
      entry.lags.set(b.t, lag);
      if (lag !== null && lag > entry.peak) entry.peak = lag;
    }
  }
  const ranked = [...perQueue.entries()].sort((a, b) => (a[1].peak < b[1].peak ? 1 : a[1].peak > b[1].peak ? -1 : a[0].localeCompare(b[0])));
  const topN = ranked.slice(0, o.top);
  const rest = ranked.slice(o.top);
  const times = inRange.map(({ b }) => b.t);
  const queues: QueueLagSeries[] = topN.map(([key, e]) => ({
    key,
    label: e.label,
    others: false,
    count: 1,
    points: times.map((t) => {
      const v = e.lags.get(t);
      return { t, lag: v === undefined || v === null ? null : v.toString() };
    }),
  }));
  if (rest.length > 0) {
    queues.push({
      key: "others",
      label: `${rest.length} other queue${rest.length === 1 ? "" : "s"}`,
      others: true,
      count: rest.length,
      points: times.map((t) => {
        const s = sumNullable(rest.map(([, e]) => e.lags.get(t) ?? null));
        return { t, lag: s === null ? null : s.toString() };
      }),
    });
  }
  return { points, queues, markers };
}

export const ETA_WINDOW_MIN_MS = 2 * 60_000;

/**
 * The ETA's rate window: 2 minutes, or 4 sampling intervals if longer. Short enough to follow a consumer
 * that has just started catching up (a 5-minute average still mixes in its start-up), long enough to span
 * several 5 s commits.
 */
export function etaWindowMs(intervalMs: number): number {
  return Math.max(ETA_WINDOW_MIN_MS, 4 * intervalMs);
}

/** Catch-up ETA from the raw reads of the last `windowMs` up to `toMs`. */
export function etaOf(reads: readonly Read[], toMs: number, intervalMs: number, windowMs: number = etaWindowMs(intervalMs)): EtaDto {
  const recent = reads.filter((r) => r.t <= toMs && r.t >= toMs - windowMs - intervalMs);
  if (recent.length === 0) {
    return { state: "unknown", etaMs: null, atLeastMs: null, partial: false, reason: "no samples in the last minutes: the sampler has not read this group", worstQueue: null, windowMs };
  }
  if (recent.length === 1) {
    return { state: "unknown", etaMs: null, atLeastMs: null, partial: false, reason: "one sample so far: rates need two", worstQueue: null, windowMs };
  }
  return etaOfSamples(recent.map(statusSampleOf), intervalMs, windowMs);
}

/** Catch-up ETA from status samples already limited to the window (the sampler's in-memory window). */
export function etaOfSamples(samples: readonly StatusSample[], intervalMs: number, windowMs: number = etaWindowMs(intervalMs)): EtaDto {
  // Gaps for rates: 3 intervals (at least 15 s, three client commits). Stricter, a read that came a little
  // late would drop its interval, and the intervals dropped are the long ones, the ones that tend to hold a
  // 5 s commit: consumption would be underestimated against the smooth production (seen on 4.9.7 in CI).
  const eta = etaFromSamples(samples, { windowMs, maxGapMs: Math.max(3 * intervalMs, 15_000) });
  return { state: eta.state, etaMs: eta.etaMs, atLeastMs: eta.atLeastMs, partial: eta.partial, reason: eta.reason, worstQueue: eta.worst?.label ?? null, windowMs };
}

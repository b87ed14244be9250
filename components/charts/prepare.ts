/**
 * Pure chart preparation (design convention 9): the history DTOs become the rows the Recharts components
 * draw, and every decision is made here, unit-tested, so the components decide nothing.
 *
 * - A value we do not know is `null`, never 0: Recharts (with `connectNulls={false}`) breaks the line there.
 * - Two consecutive samples further apart than `maxGapMs` get a `null` row between them: missed samples are
 *   a gap, never a line interpolated across the outage.
 * - int64 strings become numbers only for plotting; the exact string travels along for tooltips.
 * - A known value with no known neighbour would draw nothing as a line: it is listed in the row's `lone`
 *   so the component draws a dot for it.
 */
import type { HistoryMarker, HistoryPoint, QueueLagSeries } from "@/lib/schemas";

export type LagUnit = "messages" | "seconds";

/** A row of a single-series chart (lag, backlog, sparkline). */
export interface ValueRow {
  t: number;
  /** What is plotted: messages, or seconds for the "seconds" unit; null for unknown or a gap. */
  value: number | null;
  /** The exact int64 string (messages); null in seconds or when unknown. */
  exact: string | null;
  /** A row inserted for missed samples. */
  gap: boolean;
  /** Data keys drawn as a dot at this row (a known value between two nulls). */
  lone: string[];
}

export interface LagRow extends ValueRow {
  /**
   * A sample where some queue or broker was not read: its lag is only a lower bound, so it is not on the main
   * line (a dip to the readable part would look like consumption) but on a separate dashed "≥" series.
   */
  lowerBound: number | null;
  /** Max lag within the bucket (messages), for tooltips of downsampled data. */
  maxExact: string | null;
  lagTimeMs: number | null;
  /** lagTimeMs is an upper-bound estimate. */
  lagTimeEstimate: boolean;
  /** Some queue or broker was not read: the lag is a lower bound. */
  partial: boolean;
  onlineClients: number | null;
}

export interface RateRow {
  t: number;
  produce: number | null;
  consume: number | null;
  rewind: boolean;
  gap: boolean;
  lone: string[];
}

export interface QueueRow {
  t: number;
  /** Plotted values per series id ("q0", "q1", …, "others"); null for unknown or a gap. */
  values: Record<string, number | null>;
  exact: Record<string, string | null>;
  gap: boolean;
  lone: string[];
}

export interface QueueSeriesInfo {
  /** Stable id for the chart ("q0", … in the server's order, "others" last). */
  id: string;
  key: string;
  label: string;
  others: boolean;
  /** Queues in the series (the "others" sum's count). */
  count: number;
}

export interface ChartMarker {
  t: number;
  kind: HistoryMarker["kind"];
  text: string;
}

/** An int64 string as a plottable number (the exact string is kept elsewhere); null stays null. */
export function plotNumber(v: string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** Sorted by time; of two items with the same `t`, the later one in the input wins. */
export function sortByTime<T extends { t: number }>(items: readonly T[]): T[] {
  const byT = new Map<number, T>();
  for (const item of items) if (Number.isFinite(item.t)) byT.set(item.t, item);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/**
 * Inserts `gapRow(t)` between consecutive rows further apart than `maxGapMs` (at the midpoint). Expects rows
 * sorted by `t`. A non-positive or non-finite `maxGapMs` disables gap detection.
 */
export function insertGaps<R extends { t: number }>(rows: readonly R[], maxGapMs: number, gapRow: (t: number) => R): R[] {
  if (!(maxGapMs > 0) || !Number.isFinite(maxGapMs)) return [...rows];
  const out: R[] = [];
  let prev: R | undefined;
  for (const row of rows) {
    if (prev !== undefined && row.t - prev.t > maxGapMs) out.push(gapRow(prev.t + Math.floor((row.t - prev.t) / 2)));
    out.push(row);
    prev = row;
  }
  return out;
}

/** Fills each row's `lone` with the keys whose value is known while both neighbours' are not. */
export function markLone<R extends { lone: string[] }>(rows: R[], keys: readonly string[], valueOf: (row: R, key: string) => number | null): R[] {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    row.lone = keys.filter((k) => {
      if (valueOf(row, k) === null) return false;
      const before = i > 0 ? valueOf(rows[i - 1]!, k) : null;
      const after = i < rows.length - 1 ? valueOf(rows[i + 1]!, k) : null;
      return before === null && after === null;
    });
  }
  return rows;
}

/** How many rows have a known (non-null) value for `key`. */
export function countKnown<R>(rows: readonly R[], valueOf: (row: R) => number | null): number {
  let n = 0;
  for (const row of rows) if (valueOf(row) !== null) n++;
  return n;
}

export interface PrepareOptions {
  maxGapMs: number;
}

/** Lag over time, in messages or (unit "seconds") the lag in time of the oldest unconsumed message. */
export function prepareLagSeries(points: readonly HistoryPoint[], options: PrepareOptions & { unit: LagUnit }): LagRow[] {
  const rows: LagRow[] = sortByTime(points).map((p) => {
    const lagTimeMs = finiteOrNull(p.lagTimeMs);
    const plotted = options.unit === "seconds" ? (lagTimeMs === null ? null : lagTimeMs / 1000) : plotNumber(p.lag);
    return {
      t: p.t,
      value: p.partial ? null : plotted,
      lowerBound: p.partial ? plotted : null,
      exact: options.unit === "seconds" ? null : p.lag,
      maxExact: p.lagMax,
      lagTimeMs,
      lagTimeEstimate: !p.lagTimeExact,
      partial: p.partial,
      onlineClients: p.onlineClients,
      gap: false,
      lone: [],
    };
  });
  const gapRow = (t: number): LagRow => ({ t, value: null, lowerBound: null, exact: null, maxExact: null, lagTimeMs: null, lagTimeEstimate: false, partial: false, onlineClients: null, gap: true, lone: [] });
  return markLone(insertGaps(rows, options.maxGapMs, gapRow), ["value", "lowerBound"], (r, k) => (k === "value" ? r.value : r.lowerBound));
}

/** A lag row's plotted figure, exact or lower bound (what counts as a known point). */
export function lagRowValue(r: LagRow): number | null {
  return r.value ?? r.lowerBound;
}

/** A `{t, lag}` series (sparklines, per-queue points) as value rows with gaps. */
export function prepareValueSeries(points: ReadonlyArray<{ t: number; lag: string | null }>, options: PrepareOptions): ValueRow[] {
  const rows: ValueRow[] = sortByTime(points).map((p) => ({ t: p.t, value: plotNumber(p.lag), exact: p.lag, gap: false, lone: [] }));
  return markLone(insertGaps(rows, options.maxGapMs, (t) => ({ t, value: null, exact: null, gap: true, lone: [] })), ["value"], (r) => r.value);
}

export interface BacklogRow extends ValueRow {
  groups: number;
  groupsLagging: number;
  groupsFailed: number;
}

/** Total backlog of a cluster per sampler cycle; a cycle where some group failed is a lower bound (tooltip). */
export function prepareBacklogSeries(
  points: ReadonlyArray<{ t: number; totalLag: string; groups: number; groupsLagging: number; groupsFailed: number }>,
  options: PrepareOptions,
): BacklogRow[] {
  const rows: BacklogRow[] = sortByTime(points).map((p) => ({
    t: p.t,
    value: plotNumber(p.totalLag),
    exact: p.totalLag,
    groups: p.groups,
    groupsLagging: p.groupsLagging,
    groupsFailed: p.groupsFailed,
    gap: false,
    lone: [],
  }));
  const gapRow = (t: number): BacklogRow => ({ t, value: null, exact: null, groups: 0, groupsLagging: 0, groupsFailed: 0, gap: true, lone: [] });
  return markLone(insertGaps(rows, options.maxGapMs, gapRow), ["value"], (r) => r.value);
}

/**
 * Produce vs consume rate (messages/s). A null rate stays null. A rewind (the committed offset moved
 * backwards) is never a negative consume rate: its consume value is null and it becomes a marker; any other
 * negative rate (a broker reset) is null too.
 */
export function prepareRateSeries(points: readonly HistoryPoint[], options: PrepareOptions): { rows: RateRow[]; markers: ChartMarker[] } {
  const markers: ChartMarker[] = [];
  const nonNegative = (v: number | null): number | null => {
    const f = finiteOrNull(v);
    return f === null || f < 0 ? null : f;
  };
  const rows: RateRow[] = sortByTime(points).map((p) => {
    if (p.rewind) markers.push({ t: p.t, kind: "rewind", text: "" });
    return { t: p.t, produce: nonNegative(p.produceRate), consume: p.rewind ? null : nonNegative(p.consumeRate), rewind: p.rewind, gap: false, lone: [] };
  });
  const gapRow = (t: number): RateRow => ({ t, produce: null, consume: null, rewind: false, gap: true, lone: [] });
  const out = markLone(insertGaps(rows, options.maxGapMs, gapRow), ["produce", "consume"], (r, k) => (k === "produce" ? r.produce : r.consume));
  return { rows: out, markers };
}

/**
 * The server's markers plus rewinds seen on points without a server marker (same `t`), sorted by time. The
 * server's text wins; a marker of ours gets the given fallback text.
 */
export function mergeMarkers(server: readonly HistoryMarker[], fromPoints: readonly ChartMarker[], fallbackText: string): ChartMarker[] {
  const out = new Map<string, ChartMarker>();
  for (const m of fromPoints) out.set(`${m.kind}@${m.t}`, { ...m, text: m.text || fallbackText });
  for (const m of server) out.set(`${m.kind}@${m.t}`, { t: m.t, kind: m.kind, text: m.text || fallbackText });
  return [...out.values()].sort((a, b) => a.t - b.t);
}

/**
 * The top queues and the "others" series as rows keyed by time (the union of every series' timestamps), for
 * a multi-line chart. A series without a point at some `t` is null there; gaps over `maxGapMs` (between
 * consecutive timestamps of the union) get a null row. Series keep the server's order, "others" last.
 */
export function prepareQueueSeries(queues: readonly QueueLagSeries[], options: PrepareOptions): { series: QueueSeriesInfo[]; rows: QueueRow[] } {
  const ordered = [...queues.filter((q) => !q.others), ...queues.filter((q) => q.others)];
  let n = 0;
  const series: QueueSeriesInfo[] = ordered.map((q) => ({ id: q.others ? "others" : `q${n++}`, key: q.key, label: q.label, others: q.others, count: q.count }));
  const byT = new Map<number, QueueRow>();
  const empty = (t: number): QueueRow => ({
    t,
    values: Object.fromEntries(series.map((s) => [s.id, null])),
    exact: Object.fromEntries(series.map((s) => [s.id, null])),
    gap: false,
    lone: [],
  });
  ordered.forEach((q, i) => {
    const id = series[i]!.id;
    for (const p of q.points) {
      if (!Number.isFinite(p.t)) continue;
      let row = byT.get(p.t);
      if (row === undefined) {
        row = empty(p.t);
        byT.set(p.t, row);
      }
      row.values[id] = plotNumber(p.lag);
      row.exact[id] = p.lag;
    }
  });
  const rows = [...byT.values()].sort((a, b) => a.t - b.t);
  const withGaps = insertGaps(rows, options.maxGapMs, (t) => ({ ...empty(t), gap: true }));
  return {
    series,
    rows: markLone(
      withGaps,
      series.map((s) => s.id),
      (r, k) => r.values[k] ?? null,
    ),
  };
}

/**
 * A sparkline's time domain: [from, to], but starting at the first sample when history is younger than the
 * window (a fresh install), so a few minutes of samples are a visible shape, not a dot at the right edge.
 */
export function sparklineDomain(rows: readonly ValueRow[], from: number, to: number): [number, number] {
  const first = rows.find((r) => r.value !== null)?.t;
  if (first === undefined || first <= from || first >= to) return [from, to];
  return [first, to];
}

// ---- Time ranges and the time axis ----

export const RANGE_PRESETS = [
  { id: "15m", ms: 15 * 60_000 },
  { id: "1h", ms: 60 * 60_000 },
  { id: "6h", ms: 6 * 60 * 60_000 },
  { id: "24h", ms: 24 * 60 * 60_000 },
  { id: "7d", ms: 7 * 24 * 60 * 60_000 },
  { id: "30d", ms: 30 * 24 * 60 * 60_000 },
] as const;
export type RangeId = (typeof RANGE_PRESETS)[number]["id"];
export const DEFAULT_RANGE: RangeId = "1h";

export function isRangeId(v: unknown): v is RangeId {
  return RANGE_PRESETS.some((p) => p.id === v);
}

export function rangeMs(id: RangeId): number {
  return RANGE_PRESETS.find((p) => p.id === id)!.ms;
}

/** The preset a window of the server's answer corresponds to (within 2 %), or null for another span. */
export function rangeIdOf(from: number, to: number): RangeId | null {
  const span = to - from;
  return RANGE_PRESETS.find((p) => Math.abs(span - p.ms) <= p.ms * 0.02)?.id ?? null;
}

/** The preset as an absolute window ending at `now`. */
export function presetRange(id: RangeId, now: number): { from: number; to: number } {
  return { from: now - rangeMs(id), to: now };
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/**
 * Round tick positions within [from, to] for a numeric time axis: at most `maxTicks`, equally spaced on a
 * "nice" step, aligned to the local wall clock (`tzOffsetMs`: local minus UTC, e.g. +8 h for Beijing).
 */
export function timeTicks(from: number, to: number, maxTicks = 7, tzOffsetMs = 0): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from || maxTicks < 1) return [];
  const span = to - from;
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const first = Math.ceil((from + tzOffsetMs) / step) * step - tzOffsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= to && ticks.length <= maxTicks; t += step) ticks.push(t);
  return ticks;
}

/** The browser's offset (local minus UTC) at `t`, for `timeTicks`. */
export function localOffsetMs(t: number): number {
  return -new Date(t).getTimezoneOffset() * MINUTE;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A tick formatter for a window of `spanMs`: "14:05:30" up to 10 min, "14:05" up to 2 days, "05-18 14:00" up
 * to 8 days, "05-18" beyond. In local time (or UTC with `utc`, for tests).
 */
export function timeTickFormatter(spanMs: number, utc = false): (t: number) => string {
  return (t: number) => {
    const d = new Date(t);
    const [mo, da, h, mi, s] = utc
      ? [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
    if (spanMs <= 10 * MINUTE) return `${pad(h)}:${pad(mi)}:${pad(s)}`;
    if (spanMs <= 2 * DAY) return `${pad(h)}:${pad(mi)}`;
    if (spanMs <= 8 * DAY) return `${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}`;
    return `${pad(mo)}-${pad(da)}`;
  };
}

/** A full timestamp for tooltips: "05-18 14:05:30". */
export function tooltipTime(t: number, utc = false): string {
  const d = new Date(t);
  const [mo, da, h, mi, s] = utc
    ? [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

const compact = new Map<string, Intl.NumberFormat>();

/** Axis labels: 950, 1.2K, 3.4M (Intl compact notation in the given locale). */
export function axisNumber(n: number, locale = "en-US"): string {
  if (!Number.isFinite(n)) return "";
  let f = compact.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    compact.set(locale, f);
  }
  return f.format(n);
}

const SECONDS_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/**
 * Y ticks for a duration axis in seconds: 0 and round steps (30 s, 5 min, 1 h, …) up to at least `maxSeconds`,
 * at most `count` intervals, so labels read "10 min", never "8.3 min".
 */
export function secondsTicks(maxSeconds: number, count = 4): number[] {
  const max = Number.isFinite(maxSeconds) && maxSeconds > 0 ? maxSeconds : 1;
  const step = SECONDS_STEPS.find((s) => Math.ceil(max / s) <= count) ?? Math.ceil(max / count / 86400) * 86400;
  const n = Math.max(1, Math.ceil(max / step));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

/**
 * Y ticks for a count or rate axis: 0 and a round step (1, 2, 2.5 or 5 × 10^k) up to at least `max`, at most
 * `count` intervals; a max of 0 (or nothing known) gives [0, 1].
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The largest known value of the rows (0 when none). */
export function maxValue<R>(rows: readonly R[], valueOf: (row: R) => number | null): number {
  let max = 0;
  for (const row of rows) {
    const v = valueOf(row);
    if (v !== null && v > max) max = v;
  }
  return max;
}

/** Axis labels for seconds: "45 s", "12 min", "3 h", "2 d" (one unit, rounded). */
export function axisSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "";
  const ms = seconds * SECOND;
  const round = (v: number) => (v >= 10 || Number.isInteger(v) ? Math.round(v) : Math.round(v * 10) / 10);
  if (ms < MINUTE) return `${round(seconds)} s`;
  if (ms < HOUR) return `${round(ms / MINUTE)} min`;
  if (ms < DAY) return `${round(ms / HOUR)} h`;
  return `${round(ms / DAY)} d`;
}

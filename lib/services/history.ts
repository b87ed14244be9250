import { getClusterSamples, getGroupSamples, getGroupsLag, getLastCycleTopGroups } from "@/lib/data/history";
import type { ClusterHistory, GroupHistory, HistoryMarker, HistoryQuery, SamplerState, Sparklines } from "@/lib/schemas";
import { getBackgroundSampler, loadSamplerConfig } from "@/lib/sampler";
import { appDatabase } from "./database";
import { ApiError } from "@/lib/server/errors";
import { rewindMarkers } from "./rewind";
import { getCluster } from "./clusterRegistry";
import { buildSeries, chooseStep, etaOf, etaWindowMs, readsOf } from "./historySeries";

const DEFAULT_RANGE_MS = 60 * 60_000;

export function samplerState(): SamplerState {
  const running = getBackgroundSampler();
  if (!running) {
    let intervalMs = 30_000;
    try {
      intervalMs = loadSamplerConfig().intervalMs;
    } catch {
      // configuration errors are reported by the sampler's start
    }
    return { running: false, intervalMs, lastCycleAt: null, lastCycleMs: null, cycles: 0, skippedCycles: 0, lastError: "the sampler is not running in this process" };
  }
  const s = running.sampler.state();
  return {
    running: s.started,
    intervalMs: s.intervalMs,
    lastCycleAt: s.lastCycleAt,
    lastCycleMs: s.lastCycleMs === null ? null : Math.round(s.lastCycleMs),
    cycles: s.cycles,
    skippedCycles: s.skippedCycles,
    lastError: s.lastError,
  };
}

function settings() {
  const running = getBackgroundSampler();
  return running?.config ?? loadSamplerConfig();
}

async function db() {
  try {
    return await appDatabase();
  } catch (err) {
    throw new ApiError("unavailable", `The history database could not be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function range(query: { from?: number | undefined; to?: number | undefined }, now: number) {
  const toMs = query.to ?? now;
  const fromMs = query.from ?? toMs - DEFAULT_RANGE_MS;
  if (fromMs >= toMs) throw new ApiError("bad_request", "from must be before to");
  return { fromMs, toMs };
}

export async function getGroupHistory(clusterName: string, group: string, query: HistoryQuery, now = Date.now()): Promise<GroupHistory> {
  const cluster = getCluster(clusterName);
  const config = settings();
  const { fromMs, toMs } = range(query, now);
  const choice = chooseStep({ fromMs, toMs, intervalMs: config.intervalMs, rawSinceMs: now - config.retention.rawMs, bucketMs: config.retention.bucketMs, requested: query.step });
  const client = await db();
  const etaWindow = etaWindowMs(config.intervalMs);
  // one step before the range gives the first point its rates; the ETA window may reach further back
  const readFrom = Math.min(fromMs - choice.step, toMs - etaWindow - config.intervalMs);
  const rows = await getGroupSamples(client, cluster.name, group, BigInt(Math.max(0, readFrom)), BigInt(toMs));
  const reads = readsOf(rows);
  const series = buildSeries(
    reads.filter((r) => r.t >= fromMs - choice.step),
    { fromMs, toMs, step: choice.step, maxGapMs: choice.maxGapMs, top: query.top },
  );
  const rawReads = reads.filter((r) => r.rows.every((x) => x.bucketMs === 0));
  const markers = mergeRewindMarkers(series.markers, await rewindMarkers(cluster.name, group, fromMs, toMs), choice.step + 2 * config.intervalMs);
  return {
    cluster: cluster.name,
    group,
    from: fromMs,
    to: toMs,
    step: choice.step,
    maxGapMs: choice.maxGapMs,
    resolution: choice.resolution,
    ...series,
    markers,
    eta: etaOf(rawReads, toMs, config.intervalMs, etaWindow),
    sampler: samplerState(),
  };
}

export async function getClusterHistory(clusterName: string, query: { from?: number | undefined; to?: number | undefined; step?: number | undefined }, now = Date.now()): Promise<ClusterHistory> {
  const cluster = getCluster(clusterName);
  const config = settings();
  const { fromMs, toMs } = range(query, now);
  const choice = chooseStep({ fromMs, toMs, intervalMs: config.intervalMs, rawSinceMs: now - config.retention.rawMs, bucketMs: config.retention.bucketMs, requested: query.step });
  const client = await db();
  const [rows, top] = await Promise.all([getClusterSamples(client, cluster.name, BigInt(fromMs), BigInt(toMs)), getLastCycleTopGroups(client, cluster.name, 10)]);
  const points: ClusterHistory["points"] = [];
  let key: number | undefined;
  for (const r of rows) {
    const t = Number(r.cycleMs);
    const point = { t, totalLag: r.totalLag.toString(), groups: r.groups, groupsLagging: r.groupsLagging, groupsFailed: r.groupsFailed };
    const k = Math.floor(t / choice.step);
    if (key === k) points[points.length - 1] = point;
    else points.push(point);
    key = k;
  }
  return {
    cluster: cluster.name,
    from: fromMs,
    to: toMs,
    step: choice.step,
    maxGapMs: choice.maxGapMs,
    points,
    topGroups: (top?.groups ?? []).map((g) => ({
      group: g.group,
      lag: g.lag === null ? null : g.lag.toString(),
      lagTimeMs: g.lagTimeMs === null ? null : Number(g.lagTimeMs),
      lagTimeExact: g.lagTimeExact,
      onlineClients: g.onlineClients,
      t: Number(g.atMs),
    })),
    sampler: samplerState(),
  };
}

export async function getSparklines(clusterName: string, query: { groups: string[]; minutes: number }, now = Date.now()): Promise<Sparklines> {
  const cluster = getCluster(clusterName);
  const config = settings();
  const toMs = now;
  const fromMs = now - query.minutes * 60_000;
  const choice = chooseStep({ fromMs, toMs, intervalMs: config.intervalMs, rawSinceMs: now - config.retention.rawMs, bucketMs: config.retention.bucketMs, maxPoints: 60 });
  const client = await db();
  const rows = await getGroupsLag(client, cluster.name, query.groups, BigInt(fromMs), BigInt(toMs));
  const series: Sparklines["series"] = {};
  const perGroup = new Map<string, Map<number, { t: number; lag: bigint | null }>>();
  for (const r of rows) {
    let buckets = perGroup.get(r.group);
    if (!buckets) perGroup.set(r.group, (buckets = new Map()));
    const t = Number(r.atMs);
    const k = Math.floor(t / choice.step);
    const b = buckets.get(k);
    if (!b || b.t < t) buckets.set(k, { t, lag: r.lag });
    else if (b.t === t) b.lag = b.lag === null || r.lag === null ? (b.lag ?? r.lag) : b.lag + r.lag;
  }
  for (const g of query.groups) {
    const b = perGroup.get(g);
    series[g] = b ? [...b.values()].sort((x, y) => x.t - y.t).map((p) => ({ t: p.t, lag: p.lag === null ? null : p.lag.toString() })) : [];
  }
  return { cluster: cluster.name, from: fromMs, to: toMs, step: choice.step, maxGapMs: choice.maxGapMs, series };
}

/**
 * Audited rewinds are marked with who, how and the outcome; a "committed offset moved back" marker the
 * samples show within `windowMs` after one is that rewind seen in the data, so it is not drawn twice.
 */
export function mergeRewindMarkers(inferred: readonly HistoryMarker[], audited: ReadonlyArray<{ t: number; id: number; text: string }>, windowMs: number): HistoryMarker[] {
  const explained = (m: HistoryMarker) => m.kind === "rewind" && audited.some((a) => m.t >= a.t && m.t - a.t <= windowMs);
  return [...inferred.filter((m) => !explained(m)), ...audited.map((a) => ({ t: a.t, kind: "rewind" as const, text: a.text, rewindId: a.id }))].sort((a, b) => a.t - b.t);
}

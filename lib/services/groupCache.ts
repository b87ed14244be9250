import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { BrokerFailure, ConsumeProgress, GroupClients, GroupList } from "@/lib/rocketmq/admin";
import { evaluateGroupStatus, statusSampleFromQueues, type StatusSample } from "@/lib/domain/status";
import type { ClusterEntry } from "./clusterRegistry";

/** One group's latest live read plus a short window of samples (status and consume rate). */
export interface GroupSnapshot {
  group: string;
  fetchedAt: number;
  progress: ConsumeProgress | undefined;
  clients: GroupClients | undefined;
  error: string | undefined;
  samples: StatusSample[];
}

interface ClusterCache {
  catalog: { list: GroupList; fetchedAt: number } | undefined;
  catalogLoading: Promise<GroupList> | undefined;
  snapshots: Map<string, GroupSnapshot>;
  refreshing: Map<string, Promise<GroupSnapshot>>;
  sweep: { running: boolean; lastCompletedAt: number | undefined; timer: NodeJS.Timeout | undefined; ownedBySampler: boolean };
}

const CATALOG_TTL_MS = 30_000;
/**
 * The status window: samples of the last 6 minutes (STALL needs 60 s of them, WARN 2 minutes), at least
 * 4 s apart. Bounded by time, not count: a group page polling every 5 s adds samples without shrinking the
 * window below what STALL and WARN need (with a count cap of 12 it shrank to 48 s while someone watched).
 */
export const STATUS_WINDOW_MS = 6 * 60_000;
const MAX_SAMPLES = 100;
const SAMPLE_MIN_SPACING_MS = 4_000;
/** The list's own background sweep (only when no sampler runs in this process). */
export const SWEEP_INTERVAL_MS = Number(process.env.TIDEMARK_SAMPLE_INTERVAL_MS ?? 30_000);
export const FAN_OUT = Number(process.env.TIDEMARK_FAN_OUT ?? 16);

const holder = globalThis as typeof globalThis & { __tidemarkGroupCache?: Map<string, ClusterCache> };

function cacheOf(cluster: ClusterEntry): ClusterCache {
  holder.__tidemarkGroupCache ??= new Map();
  let c = holder.__tidemarkGroupCache.get(cluster.name);
  if (!c) {
    c = { catalog: undefined, catalogLoading: undefined, snapshots: new Map(), refreshing: new Map(), sweep: { running: false, lastCompletedAt: undefined, timer: undefined, ownedBySampler: false } };
    holder.__tidemarkGroupCache.set(cluster.name, c);
  }
  return c;
}

/** The subscription groups of every master (201), cached for 30 s; stale data is served while it reloads. */
export async function getCatalog(cluster: ClusterEntry): Promise<{ list: GroupList; fetchedAt: number }> {
  const c = cacheOf(cluster);
  const fresh = c.catalog && Date.now() - c.catalog.fetchedAt < CATALOG_TTL_MS;
  if (!fresh && !c.catalogLoading) {
    c.catalogLoading = cluster.admin.listGroups().then(
      (list) => {
        c.catalog = { list, fetchedAt: Date.now() };
        c.catalogLoading = undefined;
        return list;
      },
      (err: unknown) => {
        c.catalogLoading = undefined;
        throw err;
      },
    );
  }
  if (c.catalog) return c.catalog;
  await c.catalogLoading;
  return c.catalog!;
}

export function getSnapshot(cluster: ClusterEntry, group: string): GroupSnapshot | undefined {
  return cacheOf(cluster).snapshots.get(group);
}

/**
 * Adds a reading to a status window: samples at least 4 s apart, plus the newest reading (which replaces
 * a newest one that is itself less than 4 s after its predecessor). Replacing whenever the last sample
 * was recent would keep a window polled faster than every 4 s at one sample for ever.
 */
export function appendStatusSample(samples: readonly StatusSample[], sample: StatusSample, nowMs: number): StatusSample[] {
  const last = samples.at(-1);
  const before = samples.at(-2);
  const lastIsProvisional = last !== undefined && before !== undefined && Number(last.atMs - before.atMs) < SAMPLE_MIN_SPACING_MS;
  const kept = last !== undefined && lastIsProvisional && Number(sample.atMs - last.atMs) < SAMPLE_MIN_SPACING_MS ? [...samples.slice(0, -1), sample] : [...samples, sample];
  return kept.filter((x) => nowMs - Number(x.atMs) <= STATUS_WINDOW_MS).slice(-MAX_SAMPLES);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Reads one group live (consume progress + clients on every master) and appends a status sample. */
export function refreshGroup(cluster: ClusterEntry, group: string): Promise<GroupSnapshot> {
  const c = cacheOf(cluster);
  const inFlight = c.refreshing.get(group);
  if (inFlight) return inFlight;
  const promise = (async () => {
    const [progress, clients] = await Promise.allSettled([cluster.admin.getConsumeProgress(group), cluster.admin.getGroupClients(group)]);
    const previous = c.snapshots.get(group);
    const now = Date.now();
    const snapshot: GroupSnapshot = {
      group,
      fetchedAt: now,
      progress: progress.status === "fulfilled" ? progress.value : undefined,
      clients: clients.status === "fulfilled" ? clients.value : undefined,
      error: progress.status === "rejected" ? messageOf(progress.reason) : clients.status === "rejected" ? messageOf(clients.reason) : undefined,
      samples: previous?.samples ?? [],
    };
    if (snapshot.progress) {
      const online = snapshot.clients ? snapshot.clients.connections.length : undefined;
      const sample = statusSampleFromQueues(BigInt(now), snapshot.progress.queues, online);
      snapshot.samples = appendStatusSample(snapshot.samples, sample, now);
    }
    c.snapshots.set(group, snapshot);
    return snapshot;
  })().finally(() => c.refreshing.delete(group));
  c.refreshing.set(group, promise);
  return promise;
}

/** Refreshes the given groups when their data is older than `maxAgeMs`, with bounded fan-out. */
export async function refreshStale(cluster: ClusterEntry, groups: readonly string[], maxAgeMs: number): Promise<void> {
  const now = Date.now();
  const stale = groups.filter((g) => {
    const s = getSnapshot(cluster, g);
    return !s || now - s.fetchedAt > maxAgeMs;
  });
  await mapSettled(stale, FAN_OUT, (g) => refreshGroup(cluster, g));
}

/**
 * Keeps every group's snapshot at most about one sweep interval old, so the list can sort and
 * filter by lag across thousands of groups (each row shows its data age). One sweep at a time.
 */
export function ensureSweep(cluster: ClusterEntry): ClusterCache["sweep"] {
  const c = cacheOf(cluster);
  if (c.sweep.ownedBySampler || c.sweep.timer || c.sweep.running) return c.sweep;
  const run = async () => {
    c.sweep.running = true;
    try {
      const { list } = await getCatalog(cluster);
      await refreshStale(
        cluster,
        list.groups.map((g) => g.groupName),
        SWEEP_INTERVAL_MS / 2,
      );
      c.sweep.lastCompletedAt = Date.now();
    } catch {
      // The catalog could not be read; the list shows the failure, the next sweep retries.
    } finally {
      c.sweep.running = false;
      if (!c.sweep.ownedBySampler) {
        c.sweep.timer = setTimeout(run, SWEEP_INTERVAL_MS);
        c.sweep.timer.unref?.();
      }
    }
  };
  c.sweep.timer = setTimeout(run, 0);
  c.sweep.timer.unref?.();
  return c.sweep;
}

/**
 * The sampler reads every group each cycle through refreshGroup(), so it keeps the list fresh: the list's
 * own sweep stops and reports the sampler's cycles instead.
 */
export function sweepBySampler(cluster: ClusterEntry, update: { running: boolean; lastCompletedAt?: number }): void {
  const c = cacheOf(cluster);
  c.sweep.ownedBySampler = true;
  if (c.sweep.timer) clearTimeout(c.sweep.timer);
  c.sweep.timer = undefined;
  c.sweep.running = update.running;
  if (update.lastCompletedAt !== undefined) c.sweep.lastCompletedAt = update.lastCompletedAt;
}

export function sweepState(cluster: ClusterEntry) {
  const c = cacheOf(cluster);
  return { running: c.sweep.running, lastCompletedAt: c.sweep.lastCompletedAt ?? null, covered: c.snapshots.size };
}

export function groupStatusOf(snapshot: GroupSnapshot) {
  return evaluateGroupStatus(snapshot.samples);
}

export type { BrokerFailure };

/**
 * /metrics: what the console knows, as Prometheus metric families (rendered by lib/domain/prometheus).
 *
 * Source: the same in-memory group snapshots the group list API reads (kept fresh by the background
 * sampler, or by the list's own sweep when no sampler runs here), with the store times the sampler or a
 * list page has already read. A scrape sends no request to a broker, except the group list when it is not
 * cached yet (as the list API does). Per group, the status, clients online, lag totals and consume rate
 * are the list row's own values (groupRowOf); per topic, lag and lag in time come from the sampler's rows
 * (groupSampleRows) over the same snapshot, so they add up to the row.
 *
 * Unknown is omitted, never 0: a group not read yet, unreadable queues, broadcasting groups (their offsets
 * live in each client), a rate with one sample. int64 values stay bigint and are written exactly.
 *
 * Names follow apache/rocketmq-exporter where the meaning is the same (rocketmq_group_diff,
 * rocketmq_group_retrydiff, rocketmq_group_get_latency_by_storetime, rocketmq_group_count), with
 * `cluster` added and without its per-sample `countOfOnlineConsumers`/`msgModel` labels; everything else
 * is tidemark_*. Other features add families with registerMetricsSource().
 */
import { isSystemGroup } from "@/lib/domain/names";
import { queueKey } from "@/lib/domain/offsets";
import type { StoreTimes } from "@/lib/domain/groupSummary";
import { renderPrometheus, type MetricFamily, type MetricSample, type MetricType } from "@/lib/domain/prometheus";
import { STATUS_SEVERITY, type StatusCode } from "@/lib/domain/status";
import type { TopicSampleInput } from "@/lib/data/history";
import type { BrokerFailure } from "@/lib/rocketmq/admin";
import { groupSampleRows } from "@/lib/sampler/rows";
import type { SamplerStats } from "@/lib/sampler/sampler";
import type { GroupRow } from "@/lib/schemas";
import { listClusters, type ClusterEntry } from "./clusterRegistry";
import { ensureSweep, getCatalog, getSnapshot, type GroupSnapshot } from "./groupCache";
import { PAGE_STORE_TIME_READS, groupRowOf, rowLags } from "./groups";
import { cachedStoreTimes } from "./storeTimes";

export { CONTENT_TYPE } from "@/lib/domain/prometheus";
export type { MetricFamily } from "@/lib/domain/prometheus";

export const STATUSES: readonly StatusCode[] = ["OK", "WARN", "STALL", "STOP", "REWIND", "UNKNOWN"];

/** How long a scrape waits for a cluster's group list that is not cached yet. */
const GROUP_LIST_WAIT_MS = 4_000;
/** How long a scrape waits for one registered source. */
const SOURCE_TIMEOUT_MS = 5_000;

export interface GroupMetricsInput {
  readonly group: string;
  /** The group's latest read; undefined when it has not been read yet. */
  readonly snapshot: GroupSnapshot | undefined;
  /** Store times already read for its most lagging queues (exact lag in time); none: the estimate. */
  readonly storeTimes?: ReadonlyMap<string, StoreTimes> | undefined;
}

export interface ClusterMetricsInput {
  readonly cluster: string;
  /** Why the group list could not be read (no group metrics then); null when it was. */
  readonly groupListError: string | null;
  /** Brokers that did not answer the group list read. */
  readonly groupListFailures: readonly BrokerFailure[];
  /** Non-system groups, as the list shows them by default. */
  readonly groups: readonly GroupMetricsInput[];
}

/** What a group contributes: the list row and the per-topic rows, both pure functions of the inputs. */
interface GroupFigures {
  readonly row: GroupRow;
  readonly topics: readonly TopicSampleInput[];
  /** Messages per second written to each business topic over the snapshot's sample window. */
  readonly produceRates: ReadonlyMap<string, number>;
}

/** Snapshots are replaced, never mutated: figures are computed once per snapshot and store-time set. */
const figuresCache = new WeakMap<GroupSnapshot, { key: string; figures: GroupFigures }>();

function storeTimesKey(storeTimes: ReadonlyMap<string, StoreTimes> | undefined): string {
  if (!storeTimes || storeTimes.size === 0) return "";
  return [...storeTimes].map(([k, v]) => `${k}=${v.atCommittedMs ?? ""}/${v.atMinOffsetMs ?? ""}`).join(";");
}

/** Broker-offset delta per second per business topic between the first and last sample of the window. */
function produceRatesOf(snapshot: GroupSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  const first = snapshot.samples[0];
  const last = snapshot.samples.at(-1);
  if (!snapshot.progress || !first || !last || first === last) return out;
  const seconds = Number(last.atMs - first.atMs) / 1000;
  if (seconds <= 0) return out;
  const topicOf = new Map(snapshot.progress.queues.map((q) => [queueKey(q.mq), q.mq.topic]));
  const before = new Map(first.queues.map((q) => [q.key, q.brokerOffset]));
  const sums = new Map<string, { delta: bigint; complete: boolean }>();
  for (const q of last.queues) {
    const topic = topicOf.get(q.key);
    if (topic === undefined || topic.startsWith("%")) continue;
    const t = sums.get(topic) ?? { delta: 0n, complete: true };
    const prev = before.get(q.key);
    // a queue unread at either end, or a broker offset that went back (topic recreated): rate unknown
    if (prev === undefined || q.brokerOffset === undefined || q.brokerOffset < prev) t.complete = false;
    else t.delta += q.brokerOffset - prev;
    sums.set(topic, t);
  }
  for (const [topic, t] of sums) if (t.complete) out.set(topic, Number(t.delta) / seconds);
  return out;
}

function figuresOf(input: GroupMetricsInput): GroupFigures {
  const { group, snapshot } = input;
  const storeTimes = input.storeTimes && input.storeTimes.size > 0 ? input.storeTimes : undefined;
  if (!snapshot) return { row: groupRowOf(group, undefined), topics: [], produceRates: new Map() };
  const key = storeTimesKey(storeTimes);
  const hit = figuresCache.get(snapshot);
  if (hit && hit.key === key) return hit.figures;
  const figures: GroupFigures = {
    row: groupRowOf(group, snapshot, storeTimes),
    topics: snapshot.progress
      ? groupSampleRows({ group, readAtMs: snapshot.fetchedAt, progress: snapshot.progress, clients: snapshot.clients, storeTimes }).topics
      : [],
    produceRates: produceRatesOf(snapshot),
  };
  figuresCache.set(snapshot, { key, figures });
  return figures;
}

class Families {
  private readonly byName = new Map<string, { name: string; help: string; type: MetricType; samples: MetricSample[] }>();

  define(name: string, type: MetricType, help: string): MetricSample[] {
    const f = { name, help, type, samples: [] as MetricSample[] };
    this.byName.set(name, f);
    return f.samples;
  }

  list(): MetricFamily[] {
    return [...this.byName.values()];
  }
}

/** Group, topic and cluster families from the clusters' snapshots (pure: no I/O). */
export function groupFamilies(clusters: readonly ClusterMetricsInput[]): MetricFamily[] {
  const f = new Families();
  const diff = f.define("rocketmq_group_diff", "gauge", "Lag in messages of a consumer group on a topic: broker offset minus committed offset, summed over the readable queues (as rocketmq-exporter). Absent when unknown (not read yet, no readable queue, broadcasting group).");
  const retryDiff = f.define("rocketmq_group_retrydiff", "gauge", "Lag in messages of the group's %RETRY% topic (messages waiting to be re-consumed), summed over the readable queues.");
  const partial = f.define("tidemark_group_lag_partial", "gauge", "1 when rocketmq_group_diff / rocketmq_group_retrydiff of this topic leaves out queues that could not be read (a broker did not answer): the value is then a lower bound.");
  const latency = f.define("rocketmq_group_get_latency_by_storetime", "gauge", "Lag in time in milliseconds: age of the oldest unconsumed message of the topic (now minus its store time), worst queue. Only when exact, i.e. the store time was read for every lagging queue.");
  const lagSeconds = f.define("tidemark_group_lag_seconds", "gauge", "Lag in time in seconds of a business topic (worst queue), as the console shows it: exact from store times, or an upper bound from the last consumed message's store time (see tidemark_group_lag_seconds_exact).");
  const lagExact = f.define("tidemark_group_lag_seconds_exact", "gauge", "1 when tidemark_group_lag_seconds is exact, 0 when it is an upper-bound estimate or some queue's lag in time is unknown.");
  const consume = f.define("tidemark_group_consume_rate", "gauge", "Messages per second the group commits (committed-offset delta over the recent samples, business topics). Not the broker's pull TPS.");
  const produce = f.define("tidemark_group_produce_rate", "gauge", "Messages per second written to a topic the group consumes (broker-offset delta over the group's recent samples).");
  const clients = f.define("rocketmq_group_count", "gauge", "Consumer clients of the group online (connected to a broker).");
  const status = f.define("tidemark_group_status", "gauge", "1 for the group's current status (OK, WARN, STALL, STOP, REWIND, UNKNOWN), 0 for the others.");
  const statusCode = f.define("tidemark_group_status_code", "gauge", "The group's status as a number, worse is higher: 0 UNKNOWN, 1 OK, 2 WARN, 3 REWIND, 4 STALL, 5 STOP.");
  const readAt = f.define("tidemark_group_read_timestamp_seconds", "gauge", "When the group's values were read from the brokers (Unix seconds): their age.");
  const listUp = f.define("tidemark_group_list_up", "gauge", "1 when the cluster's group list could be read (the group metrics of a cluster whose list is unreadable are absent).");
  const groupsTotal = f.define("tidemark_cluster_groups", "gauge", "Consumer groups of the cluster (system groups excluded).");
  const unreadable = f.define("tidemark_cluster_groups_unreadable", "gauge", "Groups of the cluster whose latest read failed.");
  const brokerFailures = f.define("tidemark_broker_failed_reads", "gauge", "Reads in the latest data that this broker did not answer: one per group whose consume progress or clients read failed on it, and one when the group list read did.");

  for (const c of clusters) {
    const cluster = c.cluster;
    listUp.push({ labels: { cluster }, value: c.groupListError === null ? 1 : 0 });
    if (c.groupListError !== null) continue;
    groupsTotal.push({ labels: { cluster }, value: c.groups.length });
    const failedReads = new Map<string, number>();
    const seeBroker = (name: string) => failedReads.set(name, failedReads.get(name) ?? 0);
    for (const b of c.groupListFailures) failedReads.set(b.brokerName, (failedReads.get(b.brokerName) ?? 0) + 1);
    let unreadableGroups = 0;

    for (const input of [...c.groups].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))) {
      const { group, snapshot } = input;
      const { row, topics, produceRates } = figuresOf(input);
      const g = { cluster, group };

      for (const s of STATUSES) status.push({ labels: { ...g, status: s }, value: row.status.code === s ? 1 : 0 });
      statusCode.push({ labels: g, value: STATUS_SEVERITY[row.status.code] });
      if (!snapshot) continue;
      readAt.push({ labels: g, value: snapshot.fetchedAt / 1000 });
      if (!snapshot.progress) unreadableGroups++;
      for (const b of snapshot.progress?.brokers ?? []) seeBroker(b.brokerName);
      const failedOn = new Set([...(snapshot.progress?.failures ?? []), ...(snapshot.clients?.failures ?? [])].map((x) => x.brokerName));
      for (const b of failedOn) failedReads.set(b, (failedReads.get(b) ?? 0) + 1);

      if (row.onlineClients !== null) clients.push({ labels: g, value: row.onlineClients });
      if (row.consumeRate !== null) consume.push({ labels: g, value: row.consumeRate });
      const broadcasting = row.messageModel === "BROADCASTING";
      for (const t of [...topics].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))) {
        const labels = { ...g, topic: t.topic };
        if (!broadcasting && t.lag !== null) {
          (t.retry ? retryDiff : diff).push({ labels, value: t.lag });
          partial.push({ labels, value: t.partial ? 1 : 0 });
        }
        if (t.retry) continue;
        if (!broadcasting && t.lagTimeMs !== null) {
          if (t.lagTimeExact) latency.push({ labels, value: t.lagTimeMs });
          lagSeconds.push({ labels, value: Number(t.lagTimeMs) / 1000 });
          lagExact.push({ labels, value: t.lagTimeExact ? 1 : 0 });
        }
        const rate = produceRates.get(t.topic);
        if (rate !== undefined) produce.push({ labels, value: rate });
      }
    }
    unreadable.push({ labels: { cluster }, value: unreadableGroups });
    for (const [broker, n] of [...failedReads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) brokerFailures.push({ labels: { cluster, broker }, value: n });
  }
  return f.list();
}

/** The background sampler's health; only `tidemark_sampler_enabled 0` when it does not run in this process. */
export function samplerFamilies(state: Readonly<SamplerStats> | undefined): MetricFamily[] {
  const f = new Families();
  f.define("tidemark_sampler_enabled", "gauge", "1 when this process runs the background sampler (the other tidemark_sampler_* metrics come with it).").push({ labels: {}, value: state ? 1 : 0 });
  if (!state) return f.list();
  f.define("tidemark_sampler_interval_seconds", "gauge", "How often a sampler cycle is due.").push({ labels: {}, value: state.intervalMs / 1000 });
  f.define("tidemark_sampler_cycles_total", "counter", "Sampler cycles completed.").push({ labels: {}, value: state.cycles });
  f.define("tidemark_sampler_skipped_cycles_total", "counter", "Cycles skipped because the previous one was still running.").push({ labels: {}, value: state.skippedCycles });
  const duration = f.define("tidemark_sampler_cycle_duration_seconds", "gauge", "How long the last completed cycle took to read and store every group.");
  if (state.lastCycleMs !== null) duration.push({ labels: {}, value: state.lastCycleMs / 1000 });
  const last = f.define("tidemark_sampler_last_cycle_timestamp_seconds", "gauge", "When the last completed cycle started (Unix seconds).");
  if (state.lastCycleAt !== null) last.push({ labels: {}, value: state.lastCycleAt / 1000 });
  const groups = f.define("tidemark_sampler_groups", "gauge", "Groups the last cycle read, per cluster.");
  const failed = f.define("tidemark_sampler_groups_failed", "gauge", "Groups the last cycle could not read, per cluster.");
  const error = f.define("tidemark_sampler_cluster_error", "gauge", "1 when the last cycle reported a problem with the cluster: group list unreadable, groups unreadable, or samples not saved.");
  for (const c of state.lastReport?.clusters ?? []) {
    const labels = { cluster: c.cluster };
    groups.push({ labels, value: c.groups });
    failed.push({ labels, value: c.failed });
    error.push({ labels, value: c.error === null ? 0 : 1 });
  }
  return f.list();
}

// ---- extension point -------------------------------------------------------------------------------

export type MetricsSource = () => Promise<readonly MetricFamily[]> | readonly MetricFamily[];

const holder = globalThis as typeof globalThis & { __tidemarkMetricsSources?: Map<string, MetricsSource> };
const sources = (holder.__tidemarkMetricsSources ??= new Map<string, MetricsSource>());

/**
 * Adds families to /metrics, e.g. `registerMetricsSource("alerts", () => [{ name: "tidemark_alerts_firing", ... }])`.
 * Called on every scrape; registering a name again replaces it. A source that throws, takes longer than
 * 5 s, returns an invalid family or a family name already exported loses those families for that scrape
 * and shows as `tidemark_metrics_source_up{source="<name>"} 0`. Returns a function that unregisters it.
 */
export function registerMetricsSource(name: string, fn: MetricsSource): () => void {
  sources.set(name, fn);
  return () => {
    if (sources.get(name) === fn) sources.delete(name);
  };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function sourceFamilies(taken: Set<string>): Promise<MetricFamily[]> {
  const names = [...sources.keys()].sort();
  const results = await Promise.allSettled(names.map((n) => withTimeout(Promise.resolve().then(() => sources.get(n)!()), SOURCE_TIMEOUT_MS, `metrics source "${n}"`)));
  const out: MetricFamily[] = [];
  const up: MetricSample[] = [];
  results.forEach((r, i) => {
    const source = names[i]!;
    const problems: string[] = [];
    if (r.status === "rejected") problems.push(messageOf(r.reason));
    else {
      for (const family of r.value) {
        if (taken.has(family.name)) {
          problems.push(`family ${family.name} is already exported`);
          continue;
        }
        try {
          renderPrometheus([family]);
        } catch (err) {
          problems.push(messageOf(err));
          continue;
        }
        taken.add(family.name);
        out.push(family);
      }
    }
    if (problems.length > 0) console.warn(`[tidemark] /metrics source "${source}": ${problems.join("; ")}`);
    up.push({ labels: { source }, value: problems.length === 0 ? 1 : 0 });
  });
  if (names.length === 0) return out;
  return [{ name: "tidemark_metrics_source_up", type: "gauge", help: "1 when the registered metrics source answered in time with valid families, 0 when some were left out.", samples: up }, ...out];
}

// ---- collection ------------------------------------------------------------------------------------

async function clusterInput(cluster: ClusterEntry): Promise<ClusterMetricsInput> {
  // as the list API: its background sweep keeps snapshots fresh when no sampler runs in this process
  ensureSweep(cluster);
  let timer: NodeJS.Timeout | undefined;
  let catalog: Awaited<ReturnType<typeof getCatalog>> | undefined;
  let error: string | null = null;
  try {
    catalog = await Promise.race([getCatalog(cluster), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), GROUP_LIST_WAIT_MS)))]);
    if (!catalog) error = `the group list is still being read (over ${GROUP_LIST_WAIT_MS} ms)`;
  } catch (err) {
    error = `the group list could not be read: ${messageOf(err)}`;
  } finally {
    clearTimeout(timer);
  }
  if (!catalog) return { cluster: cluster.name, groupListError: error, groupListFailures: [], groups: [] };
  const groups = catalog.list.groups
    .map((g) => g.groupName)
    .filter((g) => !isSystemGroup(g))
    .map((group): GroupMetricsInput => {
      const snapshot = getSnapshot(cluster, group);
      const lagging = snapshot?.progress && snapshot.clients?.messageModel !== "BROADCASTING";
      return { group, snapshot, storeTimes: lagging ? cachedStoreTimes(cluster, rowLags(snapshot.progress!), PAGE_STORE_TIME_READS) : undefined };
    });
  return { cluster: cluster.name, groupListError: null, groupListFailures: catalog.list.failures, groups };
}

/** TIDEMARK_METRICS_PUBLIC=true lets Prometheus scrape /metrics without a token (read at each request). */
export function metricsArePublic(env: Record<string, string | undefined> = process.env): boolean {
  return env.TIDEMARK_METRICS_PUBLIC === "true";
}

export interface CollectOptions {
  /** Default: every configured cluster (listClusters). */
  readonly clusters?: () => readonly ClusterEntry[];
  /**
   * The background sampler's state, undefined when it does not run in this process. Passed in by the
   * route (lib/sampler imports the alert services, which may register a metrics source here).
   */
  readonly sampler: () => Readonly<SamplerStats> | undefined;
}

/** Every family: the clusters' groups, the sampler, then the registered sources. */
export async function collectMetrics(options: CollectOptions): Promise<MetricFamily[]> {
  const clusters = (options.clusters ?? listClusters)();
  const inputs = await Promise.all(clusters.map(clusterInput));
  const own = [...groupFamilies(inputs), ...samplerFamilies(options.sampler())];
  return [...own, ...(await sourceFamilies(new Set(own.map((f) => f.name))))];
}

/** The /metrics body. */
export async function renderMetrics(options: CollectOptions): Promise<string> {
  return renderPrometheus(await collectMetrics(options));
}

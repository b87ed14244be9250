import { diagnose, type ClientRunningInput, type DiagnosisBadge, type DiagnosisSnapshot } from "@/lib/domain/diagnosis";
import { consumerKindOf, type ConsumerKindInfo } from "@/lib/domain/consumerKind";
import { computeExposure } from "@/lib/domain/exposure";
import { summarizeGroup, isSystemGroup, type GroupSummary, type StoreTimes } from "@/lib/domain/groupSummary";
import { computeQueueLag, type QueueOffsetsInput } from "@/lib/domain/lag";
import { queueLagTime, type LagTime } from "@/lib/domain/lagTime";
import { isRetryTopicOf } from "@/lib/domain/names";
import { queueKey } from "@/lib/domain/offsets";
import type { Known, PartialTotal } from "@/lib/domain/value";
import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { BrokerFailure, BrokerRef } from "@/lib/rocketmq/admin";
import type { QueueConsumeStats } from "@/lib/rocketmq/protocol/requests/getConsumeStats/response";
import type {
  Badge,
  GroupClients as GroupClientsDto,
  GroupDetail,
  GroupList,
  GroupListQuery,
  GroupRow,
  KnownInt64,
  ProcessQueues,
  QueueRow,
} from "@/lib/schemas";
import { ApiError } from "@/lib/server/errors";
import { getCluster, type ClusterEntry } from "./clusterRegistry";
import { SnapshotHistory } from "./snapshotHistory";
import { MAX_STORE_TIME_READS, readStoreTimes } from "./storeTimes";
import { FAN_OUT, STATUS_WINDOW_MS, ensureSweep, getCatalog, getSnapshot, refreshGroup, refreshStale, sweepState, type GroupSnapshot } from "./groupCache";
import { rewindMarkers } from "./rewind";

/** Page rows older than this are read live before the list answers. */
const PAGE_FRESH_MS = 10_000;
/** How long the list waits for live page reads before answering with what it has. */
const PAGE_WAIT_MS = 4_000;
/** Per row of the list page: the most lagging queues whose store time is read (cached per offset). */
export const PAGE_STORE_TIME_READS = 4;

const failureDto = (f: BrokerFailure) => ({ brokerName: f.brokerName, address: f.address, message: f.message });
/** One failure per broker (several requests to a dead broker fail alike). */
const dedupeFailures = (failures: readonly BrokerFailure[]) => [...new Map(failures.map((f) => [f.brokerName, f])).values()].map(failureDto);
const partialDto = (t: PartialTotal) =>
  t.known === 0 && t.unknown > 0 ? { value: null, partial: true, reason: t.reasons.join("; ") } : { value: t.sum.toString(), partial: !t.complete, ...(t.complete ? {} : { reason: t.reasons.join("; ") }) };
const knownDto = (k: Known<bigint>): KnownInt64 => (k.known ? { value: k.value.toString() } : { value: null, reason: k.reason });

function lagTimeDto(lt: LagTime, lag: Known<bigint> | undefined): QueueRow["lagTime"] {
  if (lag?.known && lag.value === 0n) return { ms: 0, kind: "none" };
  if (lt.kind === "exact") return { ms: lt.ms, kind: "exact" };
  if (lt.kind === "estimate-upper-bound") return { ms: lt.ms, kind: "estimate", reason: lt.reason };
  return { ms: null, kind: "unknown", reason: lt.reason };
}

function queueInputs(queues: readonly QueueConsumeStats[], minOffsets?: ReadonlyMap<string, bigint>, committedExists?: ReadonlyMap<string, boolean>): QueueOffsetsInput[] {
  return queues.map((q) => ({
    hasCommittedOffset: committedExists?.get(queueKey(q.mq)),
    mq: q.mq,
    brokerOffset: q.brokerOffset,
    consumerOffset: q.consumerOffset,
    pullOffset: q.pullOffset,
    lastTimestamp: q.lastTimestamp,
    minOffset: minOffsets?.get(queueKey(q.mq)),
  }));
}

/** Committed-offset delta per second between the two most distant samples; rewinds are flagged, not plotted. */
function consumeRate(snapshot: GroupSnapshot): { rate: number | null; rewound: boolean } {
  const first = snapshot.samples[0];
  const last = snapshot.samples.at(-1);
  if (!first || !last || first === last) return { rate: null, rewound: false };
  const seconds = Number(last.atMs - first.atMs) / 1000;
  if (seconds <= 0) return { rate: null, rewound: false };
  const before = new Map(first.queues.map((q) => [q.key, q.committed]));
  let delta = 0n;
  let rewound = false;
  for (const q of last.queues) {
    const prev = before.get(q.key);
    if (prev === undefined || q.committed === undefined || q.key.startsWith("%RETRY%")) continue;
    const d = q.committed - prev;
    if (d < 0n) rewound = true;
    else delta += d;
  }
  return { rate: rewound ? null : Number(delta) / seconds, rewound };
}

/** The group's consumer kind from what its snapshot holds (clients from brokers or proxies, offset topics). */
export function kindOf(snapshot: GroupSnapshot | undefined): ConsumerKindInfo {
  return consumerKindOf({
    group: snapshot?.group ?? "",
    consumeType: snapshot?.clients?.consumeType,
    viaProxy: snapshot?.clients?.viaProxy,
    topics: snapshot?.progress?.queues.map((q) => q.mq.topic),
  });
}

function summaryOf(
  snapshot: GroupSnapshot,
  storeTimes?: ReadonlyMap<string, StoreTimes>,
  minOffsets?: ReadonlyMap<string, bigint>,
  committedExists?: ReadonlyMap<string, boolean>,
): GroupSummary | undefined {
  if (!snapshot.progress) return undefined;
  return summarizeGroup({
    pop: kindOf(snapshot).pop,
    group: snapshot.group,
    readAtMs: BigInt(snapshot.fetchedAt),
    queues: queueInputs(snapshot.progress.queues, minOffsets, committedExists),
    storeTimes,
    onlineClients: snapshot.clients ? snapshot.clients.connections.length : undefined,
    messageModel: snapshot.clients?.messageModel,
    consumeType: snapshot.clients?.consumeType,
    missingBrokers: snapshot.progress.failures.map((f) => ({ brokerName: f.brokerName, reason: f.message })),
    samples: snapshot.samples,
  });
}

function rowOf(group: string, snapshot: GroupSnapshot | undefined, summary?: GroupSummary): GroupRow {
  const system = isSystemGroup(group);
  if (!snapshot) {
    const reason = "not read yet";
    return {
      group,
      system,
      topics: [],
      messageModel: null,
      consumeType: null,
      consumerKind: "unknown",
      onlineClients: null,
      lag: { value: null, partial: true, reason },
      retryLag: { value: null, partial: true, reason },
      lagTime: { ms: null, kind: "unknown", reason },
      consumeRate: null,
      rewound: false,
      status: { code: "UNKNOWN", reason, confidence: "no-data" },
      fetchedAt: null,
      error: null,
    };
  }
  const s = summary ?? summaryOf(snapshot);
  const topics = new Set<string>();
  for (const q of snapshot.progress?.queues ?? []) if (!q.mq.topic.startsWith("%")) topics.add(q.mq.topic);
  for (const sub of snapshot.clients?.subscriptions ?? []) if (!sub.topic.startsWith("%")) topics.add(sub.topic);
  const { rate, rewound } = consumeRate(snapshot);
  const unreadable = snapshot.error ?? "consume progress could not be read";
  if (snapshot.clients?.messageModel === "BROADCASTING") {
    const reason = "broadcasting: each client keeps its own offsets; open the group to see them";
    return {
      group,
      system,
      topics: [...topics].sort(),
      messageModel: "BROADCASTING",
      consumeType: snapshot.clients.consumeType ?? null,
      consumerKind: kindOf(snapshot).kind,
      onlineClients: snapshot.clients.connections.length,
      lag: { value: null, partial: true, reason },
      retryLag: { value: null, partial: true, reason },
      lagTime: { ms: null, kind: "unknown", reason },
      consumeRate: null,
      rewound: false,
      status: { code: "UNKNOWN", reason, confidence: "no-data" },
      fetchedAt: snapshot.fetchedAt,
      error: snapshot.error ?? null,
    };
  }
  return {
    group,
    system,
    topics: [...topics].sort(),
    messageModel: snapshot.clients?.messageModel ?? null,
    consumeType: snapshot.clients?.consumeType ?? null,
    consumerKind: kindOf(snapshot).kind,
    onlineClients: snapshot.clients ? snapshot.clients.connections.length : null,
    lag: s ? partialDto(s.lag) : { value: null, partial: true, reason: unreadable },
    retryLag: s ? partialDto(s.retryLag) : { value: null, partial: true, reason: unreadable },
    lagTime: s ? lagTimeDto(s.worstLagTime.lagTime, s.lag.complete && s.lag.sum === 0n ? { known: true, value: 0n } : undefined) : { ms: null, kind: "unknown", reason: unreadable },
    consumeRate: rate,
    rewound,
    status: s ? { code: s.status.status, reason: s.status.reason, confidence: s.status.confidence } : { code: "UNKNOWN", reason: unreadable, confidence: "no-data" },
    fetchedAt: snapshot.fetchedAt,
    error: snapshot.error ?? null,
  };
}

/**
 * A REWIND status (committed offset moved back) annotated when an audited rewind through Tidemark explains
 * it: the latest applied in the status window. A lookup failure leaves the row as it is.
 */
export async function annotateRewind(clusterName: string, row: GroupRow, nowMs = Date.now()): Promise<GroupRow> {
  if (row.status.code !== "REWIND") return row;
  const rewinds = await rewindMarkers(clusterName, row.group, nowMs - STATUS_WINDOW_MS - 60_000, nowMs).catch(() => []);
  const latest = rewinds.at(-1);
  if (!latest) return row;
  return { ...row, status: { ...row.status, reason: `${row.status.reason}; explained by ${latest.text}`, rewindId: latest.id } };
}

/** Rows are pure functions of their snapshot: computed once per snapshot (snapshots are replaced, never mutated). */
const rowCache = new WeakMap<GroupSnapshot, GroupRow>();

function cachedRow(group: string, snapshot: GroupSnapshot | undefined): GroupRow {
  if (!snapshot) return rowOf(group, undefined);
  let row = rowCache.get(snapshot);
  if (!row) {
    row = rowOf(group, snapshot);
    rowCache.set(snapshot, row);
  }
  return row;
}

/** The per-queue lags a list row starts from (its page reads the store times of the most lagging ones). */
export function rowLags(progress: NonNullable<GroupSnapshot["progress"]>) {
  return progress.queues.map((q) => computeQueueLag(queueInputs([q])[0]!));
}

/**
 * A group's row exactly as the list computes it: from its snapshot, with the store times of its most
 * lagging queues when given (what a page of the list reads), else with the lastTimestamp estimate.
 * /metrics uses it so that its values are the list's.
 */
export function groupRowOf(group: string, snapshot: GroupSnapshot | undefined, storeTimes?: ReadonlyMap<string, StoreTimes>): GroupRow {
  if (!snapshot?.progress || snapshot.clients?.messageModel === "BROADCASTING" || storeTimes === undefined) return cachedRow(group, snapshot);
  return rowOf(group, snapshot, summaryOf(snapshot, storeTimes));
}

const STATUS_RANK: Record<GroupRow["status"]["code"], number> = { UNKNOWN: 0, OK: 1, WARN: 2, REWIND: 3, STALL: 4, STOP: 5 };

function compareRows(key: GroupListQuery["sort"]): (a: GroupRow, b: GroupRow) => number {
  const big = (v: string | null) => (v === null ? null : BigInt(v));
  const cmpNullable = <T>(x: T | null, y: T | null, cmp: (p: T, q: T) => number) => (x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : cmp(x, y));
  const num = (p: number, q: number) => p - q;
  const bigCmp = (p: bigint, q: bigint) => (p < q ? -1 : p > q ? 1 : 0);
  switch (key) {
    case "group":
      return (a, b) => a.group.localeCompare(b.group);
    case "lag":
      return (a, b) => cmpNullable(big(a.lag.value), big(b.lag.value), bigCmp);
    case "retryLag":
      return (a, b) => cmpNullable(big(a.retryLag.value), big(b.retryLag.value), bigCmp);
    case "lagTime":
      return (a, b) => cmpNullable(a.lagTime.ms, b.lagTime.ms, num);
    case "consumeRate":
      return (a, b) => cmpNullable(a.consumeRate, b.consumeRate, num);
    case "clients":
      return (a, b) => cmpNullable(a.onlineClients, b.onlineClients, num);
    case "status":
      return (a, b) => STATUS_RANK[a.status.code] - STATUS_RANK[b.status.code];
    case "age":
      return (a, b) => cmpNullable(a.fetchedAt, b.fetchedAt, num);
    case "topics":
      return (a, b) => (a.topics[0] ?? "").localeCompare(b.topics[0] ?? "") || a.topics.length - b.topics.length;
    case "model":
      return (a, b) => cmpNullable(a.messageModel, b.messageModel, (p, q) => p.localeCompare(q));
    case "type": {
      // the column shows the consumer kind (gRPC Simple and pull are both CONSUME_ACTIVELY): sort by it
      const kind = (r: GroupRow) => (r.consumerKind === "unknown" ? null : r.consumerKind);
      return (a, b) => cmpNullable(kind(a), kind(b), (p, q) => p.localeCompare(q));
    }
  }
}

/** Server-side search, filter, sort and paging over every group of a cluster. */
export async function listGroups(clusterName: string, query: GroupListQuery): Promise<GroupList> {
  const cluster = getCluster(clusterName);
  ensureSweep(cluster);
  let catalog;
  try {
    catalog = await getCatalog(cluster);
  } catch (err) {
    throw new ApiError("unavailable", `The group list of ${cluster.name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const search = query.search?.trim().toLowerCase();
  const showSystem = query.system === "1";
  const names = catalog.list.groups.map((g) => g.groupName).filter((g) => (showSystem || !isSystemGroup(g)) && (!search || g.toLowerCase().includes(search)));
  const totalGroups = names.length;

  let rows = names.map((g) => cachedRow(g, getSnapshot(cluster, g)));
  rows = rows.filter(
    (r) =>
      (!query.model || (query.model === "unknown" ? r.messageModel === null : r.messageModel === query.model)) &&
      (!query.status || r.status.code === query.status) &&
      (query.lagging !== "1" || (r.lag.value !== null && BigInt(r.lag.value) > 0n)),
  );
  const cmp = compareRows(query.sort);
  const dir = query.dir === "asc" ? 1 : -1;
  rows.sort((a, b) => dir * cmp(a, b) || a.group.localeCompare(b.group));
  const start = (query.page - 1) * query.pageSize;
  const pageNames = rows.slice(start, start + query.pageSize).map((r) => r.group);

  // Live data for what is shown: refresh stale page rows, but answer within PAGE_WAIT_MS.
  let waitTimer: NodeJS.Timeout | undefined;
  await Promise.race([refreshStale(cluster, pageNames, PAGE_FRESH_MS), new Promise((r) => (waitTimer = setTimeout(r, PAGE_WAIT_MS)))]);
  clearTimeout(waitTimer);
  // Exact lag in time for the rows shown: the store time at the committed offset of their most lagging queues.
  const pageRows = await mapSettled(pageNames, FAN_OUT, async (g) => {
    const snapshot = getSnapshot(cluster, g);
    if (!snapshot?.progress || snapshot.clients?.messageModel === "BROADCASTING") return cachedRow(g, snapshot);
    const storeTimes = await readStoreTimes(cluster, rowLags(snapshot.progress), snapshot.progress.brokers, PAGE_STORE_TIME_READS);
    return groupRowOf(g, snapshot, storeTimes);
  })
    .then((results) => results.map((r, i) => (r.status === "fulfilled" ? r.value : cachedRow(pageNames[i]!, getSnapshot(cluster, pageNames[i]!)))))
    .then((rows) => Promise.all(rows.map((r) => annotateRewind(cluster.name, r))));

  return {
    cluster: cluster.name,
    rows: pageRows,
    total: rows.length,
    totalGroups,
    page: query.page,
    pageSize: query.pageSize,
    catalogFetchedAt: catalog.fetchedAt,
    sweep: sweepState(cluster),
    failures: catalog.list.failures.map(failureDto),
  };
}

/** Min offsets (202) of every topic the group has queues on, per broker; failures are skipped. */
async function readMinOffsets(cluster: ClusterEntry, queues: readonly QueueConsumeStats[], brokers: readonly BrokerRef[]): Promise<Map<string, bigint>> {
  const pairs = new Map<string, { broker: BrokerRef; topic: string }>();
  for (const q of queues) {
    const broker = brokers.find((b) => b.brokerName === q.mq.brokerName);
    if (broker) pairs.set(`${q.mq.topic}|${broker.brokerName}`, { broker, topic: q.mq.topic });
  }
  const out = new Map<string, bigint>();
  const results = await mapSettled([...pairs.values()], FAN_OUT, (p) => cluster.admin.getTopicStats(p.broker, p.topic));
  for (const r of results) if (r.status === "fulfilled") for (const q of r.value.queues) out.set(queueKey(q.mq), q.minOffset);
  return out;
}

/**
 * GET_CONSUME_STATS reports "no committed offset" as 0. For queues at 0 with messages, ask
 * QUERY_CONSUMER_OFFSET (setZeroIfNotFound=false): 5.x answers QUERY_NOT_FOUND when there is none.
 * (4.9 ignores the flag and answers 0: those stay ambiguous.)
 */
async function readCommittedExists(cluster: ClusterEntry, group: string, queues: readonly QueueConsumeStats[], brokers: readonly BrokerRef[]): Promise<Map<string, boolean>> {
  const zero = queues.filter((q) => q.consumerOffset === 0n && q.brokerOffset > 0n).slice(0, MAX_STORE_TIME_READS);
  const out = new Map<string, boolean>();
  const results = await mapSettled(zero, FAN_OUT, async (q) => {
    const broker = brokers.find((b) => b.brokerName === q.mq.brokerName);
    return broker ? cluster.admin.queryConsumerOffset(broker, group, q.mq) : undefined;
  });
  results.forEach((r, i) => {
    if (r.status === "fulfilled" && r.value !== undefined) out.set(queueKey(zero[i]!.mq), r.value !== null);
  });
  return out;
}

/** Σ broker offset of the group's retry topics: how many messages were ever written there (cumulative). */
function retriesOf(group: string, queues: readonly QueueConsumeStats[], partial: boolean): GroupDetail["retries"] {
  const retry = queues.filter((q) => isRetryTopicOf(q.mq.topic, group));
  const topics = [...new Set(retry.map((q) => q.mq.topic))].sort();
  const value = retry.reduce((n, q) => n + q.brokerOffset, 0n).toString();
  return partial ? { value, topics, reason: "at least: some broker did not answer" } : { value, topics };
}

export async function getGroupDetail(clusterName: string, group: string): Promise<GroupDetail> {
  const cluster = getCluster(clusterName);
  const [snapshot, catalog] = await Promise.all([refreshGroup(cluster, group), getCatalog(cluster).catch(() => undefined)]);
  const config = catalog?.list.groups.find((g) => g.groupName === group);
  const progress = snapshot.progress;
  if (!progress) throw new ApiError("unavailable", `Consume progress of ${group} could not be read: ${snapshot.error ?? "unknown error"}`);
  const exists = config !== undefined || progress.queues.length > 0 || (snapshot.clients?.online ?? false);
  if (!exists) throw new ApiError("not_found", `No consumer group named "${group}" exists on ${cluster.name}`);

  const messageModel = snapshot.clients?.messageModel ?? null;
  const [minOffsets, committedExists] = await Promise.all([
    readMinOffsets(cluster, progress.queues, progress.brokers),
    readCommittedExists(cluster, group, progress.queues, progress.brokers),
  ]);
  const kind = kindOf(snapshot);
  const lags = progress.queues.map((q) => computeQueueLag(queueInputs([q], minOffsets, committedExists)[0]!, { messageModel: messageModel ?? undefined, pop: kind.pop }));
  const storeTimes = await readStoreTimes(cluster, lags, progress.brokers);
  const summary = summaryOf(snapshot, storeTimes, minOffsets, committedExists);
  const now = BigInt(snapshot.fetchedAt);

  const queues: QueueRow[] = progress.queues.map((q, i) => {
    const lag = lags[i]!;
    const st = storeTimes.get(queueKey(q.mq));
    const lt = queueLagTime({
      nowMs: now,
      lag: lag.lag,
      storeTimeAtCommittedMs: st?.atCommittedMs,
      storeTimeAtMinOffsetMs: st?.atMinOffsetMs,
      lastTimestamp: q.lastTimestamp,
    });
    return {
      topic: q.mq.topic,
      kind: lag.kind,
      brokerName: q.mq.brokerName,
      queueId: q.mq.queueId,
      minOffset: knownDto(lag.minOffset),
      brokerOffset: knownDto(lag.brokerOffset),
      committedOffset: lag.committed.kind === "offset" ? { value: lag.committed.offset.toString() } : lag.committed.kind === "zero-or-none" ? { value: "0", reason: "0 may mean none committed" } : { value: null, reason: lag.committed.kind === "unknown" ? lag.committed.reason : "none committed" },
      lag: knownDto(lag.lag),
      expired: knownDto(lag.expired),
      inflight: knownDto(lag.inflight),
      lastConsumedStoreTime: q.lastTimestamp > 0n ? Number(q.lastTimestamp) : null,
      lagTime: lagTimeDto(lt, lag.lag),
      flags: [...lag.flags],
    };
  });

  const byTopic = new Map<string, { kind: string; sum: bigint; partial: boolean; queues: number }>();
  for (const [i, q] of queues.entries()) {
    const t = byTopic.get(q.topic) ?? { kind: q.kind, sum: 0n, partial: false, queues: 0 };
    const lag = lags[i]!.lag;
    if (lag.known) t.sum += lag.value;
    else t.partial = true;
    t.queues++;
    byTopic.set(q.topic, t);
  }
  const subscriptions = (snapshot.clients?.subscriptions ?? []).map((s) => ({ topic: s.topic, expression: s.subString, expressionType: s.expressionType }));
  return {
    cluster: cluster.name,
    group,
    system: isSystemGroup(group),
    exists,
    messageModel,
    consumeType: snapshot.clients?.consumeType ?? null,
    consumerKind: kind.kind,
    consumerKindNote: kind.note,
    retries: retriesOf(group, progress.queues, progress.failures.length > 0),
    consumeFromWhere: snapshot.clients?.consumeFromWhere ?? null,
    offsetsStoredOn: messageModel === "BROADCASTING" ? "clients" : messageModel === "CLUSTERING" ? "broker" : null,
    orderly: config ? config.consumeMessageOrderly : null,
    onlineClients: snapshot.clients?.connections.length ?? 0,
    subscriptions,
    queues,
    topics: [...byTopic.entries()].map(([topic, t]) => ({ topic, kind: t.kind, lag: { value: t.sum.toString(), partial: t.partial }, queues: t.queues })),
    summary: await annotateRewind(cluster.name, rowOf(group, snapshot, summary)),
    failures: dedupeFailures([...progress.failures, ...(snapshot.clients?.failures ?? [])]),
    fetchedAt: snapshot.fetchedAt,
  };
}

/**
 * 404 for a group that does not exist anywhere: no subscription config on any broker, no online
 * client and no committed offsets. When the catalog cannot be read, existence is unknown and the
 * view is served (it then shows its own per-broker errors) rather than a wrong 404.
 */
async function assertGroupExists(cluster: ClusterEntry, group: string, online: boolean, progress?: { queues: readonly unknown[] }): Promise<void> {
  if (online || (progress?.queues.length ?? 0) > 0) return;
  const catalog = await getCatalog(cluster).catch(() => undefined);
  if (catalog === undefined || catalog.list.groups.some((g) => g.groupName === group)) return;
  const read = progress ?? (await cluster.admin.getConsumeProgress(group).catch(() => undefined));
  if (read === undefined || read.queues.length > 0) return;
  throw new ApiError("not_found", `No consumer group named "${group}" exists on ${cluster.name}`);
}

export async function getGroupClientsView(clusterName: string, group: string): Promise<GroupClientsDto> {
  const cluster = getCluster(clusterName);
  const clients = await cluster.admin.getGroupClients(group);
  await assertGroupExists(cluster, group, clients.online);
  return {
    cluster: cluster.name,
    group,
    online: clients.online,
    clients: clients.connections.map((c) => ({ clientId: c.clientId, clientAddr: c.clientAddr, language: c.language, version: versionName(c.version), brokers: c.brokers, proxy: c.proxy ?? null })),
    subscriptions: clients.subscriptions.map((s) => ({ topic: s.topic, expression: s.subString, expressionType: s.expressionType })),
    failures: clients.failures.map(failureDto),
    fetchedAt: Date.now(),
  };
}

/** MQVersion ordinal -> "V5_3_3"-style name for the common ones; the number otherwise. */
function versionName(ordinal: number): string {
  const known: Record<number, string> = { 401: "V4_9_4", 403: "V4_9_6", 405: "V4_9_7", 407: "V4_9_8", 413: "V5_0_0", 475: "V5_3_1", 477: "V5_3_2", 479: "V5_3_3" };
  return known[ordinal] ?? `#${ordinal}`;
}

/** Recent ProcessQueue snapshots per group, for the rules that compare two snapshots. */
const diagnosisHistory = new Map<string, SnapshotHistory<DiagnosisSnapshot>>();

function previousSnapshotFor(key: string, current: DiagnosisSnapshot): DiagnosisSnapshot | undefined {
  let history = diagnosisHistory.get(key);
  if (!history) diagnosisHistory.set(key, (history = new SnapshotHistory<DiagnosisSnapshot>()));
  return history.take(current);
}

function badgeDto(b: DiagnosisBadge): Badge {
  return {
    kind: b.kind,
    severity: b.severity,
    clientId: b.clientId ?? null,
    queue: b.queue ? { topic: b.queue.topic, brokerName: b.queue.brokerName, queueId: b.queue.queueId } : null,
    sentence: b.sentence,
    evidence: Object.fromEntries(Object.entries(b.evidence).map(([k, v]) => [k, String(v)])),
  };
}

/** Each online client's ProcessQueues (307), its RT/TPS, and the diagnosis badges. */
export async function getProcessQueuesView(clusterName: string, group: string): Promise<ProcessQueues> {
  const cluster = getCluster(clusterName);
  const [clients, progress] = await Promise.all([cluster.admin.getGroupClients(group), cluster.admin.getConsumeProgress(group).catch(() => undefined)]);
  await assertGroupExists(cluster, group, clients.online, progress);
  const results = await cluster.admin.getProcessQueues(group, clients);
  const takenAt = Date.now();
  // Broker max offsets for each client's own lag (broadcasting clients' offsets never reach the broker).
  const maxOffsets = new Map<string, bigint>();
  for (const q of progress?.queues ?? []) maxOffsets.set(queueKey(q.mq), q.brokerOffset);
  if (clients.messageModel === "BROADCASTING") {
    const topics = new Set(clients.subscriptions.map((s) => s.topic));
    const brokers = await cluster.admin.getMasterBrokers();
    const stats = await mapSettled(
      [...topics].flatMap((t) => brokers.map((b) => ({ t, b }))),
      FAN_OUT,
      ({ t, b }) => cluster.admin.getTopicStats(b, t),
    );
    for (const s of stats) if (s.status === "fulfilled") for (const q of s.value.queues) maxOffsets.set(queueKey(q.mq), q.maxOffset);
  }
  const okClients: ClientRunningInput[] = [];
  const unreachable: { clientId: string; reason: string }[] = [];
  const versions = new Map(clients.connections.map((c) => [c.clientId, versionName(c.version)]));
  // Re-consumption exposure: each client's in-memory commit offset against the broker's committed one.
  const brokerCommitted = new Map<string, bigint>();
  for (const q of progress?.queues ?? []) brokerCommitted.set(queueKey(q.mq), q.consumerOffset);
  const kind = consumerKindOf({
    group,
    consumeType: clients.consumeType,
    viaProxy: clients.viaProxy,
    topics: progress?.queues.map((q) => q.mq.topic),
    popProcessQueues: results.some((r) => r.ok && r.info.popProcessQueues.length > 0),
  });
  const exposure = computeExposure({
    messageModel: clients.messageModel,
    consumeType: clients.consumeType,
    pop: kind.pop,
    brokerCommitted,
    clients: results.map((r) => ({ clientId: r.clientId, reachable: r.ok, queues: r.ok ? r.info.processQueues.map((pq) => ({ mq: pq.mq, commitOffset: pq.commitOffset, dropped: pq.dropped })) : [] })),
  });
  const exposureOf = new Map(exposure.queues.map((q) => [`${q.clientId}\u0000${queueKey(q.mq)}`, q]));
  const view = results.map((r) => {
    if (!r.ok) {
      if (!r.grpc) unreachable.push({ clientId: r.clientId, reason: r.message });
      return { clientId: r.clientId, ok: false, grpc: r.grpc === true, error: r.message, via: r.via ? `${r.via.brokerName} ${r.via.address}` : null, version: versions.get(r.clientId) ?? null, orderly: null, subscriptions: [], queues: [], popQueues: [], status: [] };
    }
    okClients.push({ clientId: r.clientId, properties: r.info.properties, processQueues: r.info.processQueues, status: r.info.status, popProcessQueues: r.info.popProcessQueues });
    const orderlyProp = r.info.properties.PROP_CONSUMEORDERLY;
    return {
      clientId: r.clientId,
      ok: true,
      error: null,
      via: `${r.via.brokerName} ${r.via.address}`,
      version: r.info.properties.PROP_CLIENT_VERSION ?? versions.get(r.clientId) ?? null,
      orderly: orderlyProp === undefined ? null : orderlyProp === "true",
      subscriptions: r.info.subscriptions.filter((sub) => !sub.topic.startsWith("%")).map((sub) => `${sub.topic} (${sub.subString})`),
      queues: r.info.processQueues.map((pq) => {
        const max = maxOffsets.get(queueKey(pq.mq));
        return {
          topic: pq.mq.topic,
          brokerName: pq.mq.brokerName,
          queueId: pq.mq.queueId,
          commitOffset: pq.commitOffset.toString(),
          cachedMsgMinOffset: pq.cachedMsgMinOffset.toString(),
          cachedMsgMaxOffset: pq.cachedMsgMaxOffset.toString(),
          cachedMsgCount: pq.cachedMsgCount,
          cachedMsgSizeInMiB: pq.cachedMsgSizeInMiB,
          locked: pq.locked,
          tryUnlockTimes: pq.tryUnlockTimes.toString(),
          lastLockTimestamp: Number(pq.lastLockTimestamp),
          dropped: pq.dropped,
          lastPullTimestamp: Number(pq.lastPullTimestamp),
          lastConsumeTimestamp: Number(pq.lastConsumeTimestamp),
          brokerOffset: max === undefined ? null : max.toString(),
          clientLag: max === undefined ? null : (max > pq.commitOffset ? max - pq.commitOffset : 0n).toString(),
          ...exposureDto(exposureOf.get(`${r.clientId}\u0000${queueKey(pq.mq)}`)),
        };
      }),
      grpc: false,
      popQueues: r.info.popProcessQueues.map((p) => ({ topic: p.mq.topic, brokerName: p.mq.brokerName, queueId: p.mq.queueId, waitAckCount: p.waitAckCount, lastPopTimestamp: Number(p.lastPopTimestamp), dropped: p.dropped })),
      status: r.info.status.map((s) => ({ ...s, consumeFailedMsgs: s.consumeFailedMsgs.toString() })),
    };
  });
  const snapshot: DiagnosisSnapshot = {
    takenAtMs: BigInt(takenAt),
    clients: okClients,
    unreachableClients: unreachable,
    queues: progress ? queueInputs(progress.queues) : undefined,
    messageModel: clients.messageModel,
    consumeType: clients.consumeType,
  };
  const previous = previousSnapshotFor(`${cluster.name}\u0000${group}`, snapshot);
  return {
    cluster: cluster.name,
    group,
    messageModel: clients.messageModel ?? null,
    consumerKind: kind.kind,
    consumerKindNote: kind.note,
    clients: view,
    badges: diagnose(snapshot, previous).map(badgeDto),
    exposure: {
      value: exposure.total.known ? exposure.total.value.toString() : null,
      reason: exposure.total.known ? null : exposure.total.reason,
      partial: exposure.unknownQueues > 0 || exposure.unreachableClients > 0,
      explanation: exposure.explanation,
    },
    fetchedAt: takenAt,
  };
}

/** A ProcessQueue row's broker committed offset and exposure (dropped queues have none). */
function exposureDto(q: ReturnType<typeof computeExposure>["queues"][number] | undefined) {
  return {
    brokerCommitted: q?.brokerCommitted === null || q === undefined ? null : q.brokerCommitted.toString(),
    exposure: q?.exposure.known ? q.exposure.value.toString() : null,
    exposureReason: q === undefined ? "dropped: this client no longer holds the queue" : q.exposure.known ? null : q.exposure.reason,
  };
}

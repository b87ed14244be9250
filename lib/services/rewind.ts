/**
 * Rewinds: preview (mandatory, stored), apply (reason + typed group name, drift check, the right reset
 * path per broker), verify (read back until consumers picked the reset up or a timeout), audit list,
 * undo (a previewed rewind to the "before" offsets). Planning rules live in lib/domain/rewind.ts.
 */
import { consumerKindOf } from "@/lib/domain/consumerKind";
import {
  detectDrift,
  legacyTimestampOf,
  planRewind,
  rewindOutcome,
  RewindPlanError,
  totalsOf,
  verifyQueue,
  type BrokerPlan,
  type PlannedQueue,
  type ResetMethod,
  type RewindBrokerInput,
  type RewindMode,
  type RewindPlan,
  type RewindQueueInput,
  type RewindScope,
  type RewindTotals,
  type RewindWarning,
  type VerifyRead,
} from "@/lib/domain/rewind";
import { queueKey, queueLabelWithTopic, type QueueRef } from "@/lib/domain/offsets";
import {
  createRewind,
  expirePreviews,
  getRewind,
  listRewinds,
  transitionRewind,
  updateRewind,
  updateRewindQueues,
  type QueueOutcomeValue,
  type QueueUpdate,
  type RewindQueueRecord,
  type RewindRecord,
} from "@/lib/data/rewinds";
import { mapSettled } from "@/lib/rocketmq/concurrency";
import { ResponseError } from "@/lib/rocketmq/errors";
import { isConsumerNotOnline, isLegacyGroupNotExist } from "@/lib/rocketmq/protocol/requests/resetOffset/response";
import { ResponseCode } from "@/lib/rocketmq/protocol/responseCode";
import { resetPathOf } from "@/lib/rocketmq/resetPath";
import type { BrokerRef, GroupClients } from "@/lib/rocketmq/admin";
import type { RewindApplyBody, RewindDto, RewindList, RewindModeInput, RewindPreviewBody, RewindSummary } from "@/lib/schemas";
import type { Caller } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import { getCluster, type ClusterEntry } from "./clusterRegistry";
import { appDatabase } from "./database";
import { getCatalog } from "./groupCache";

/** How long a Java client pauses for each broker's legacy reset push (MQClientInstance.resetOffset). */
const LEGACY_PUSH_PAUSE_MS = 10_000;

/** A preview must be applied within this long (the offsets it shows go stale). */
export const PREVIEW_TTL_MS = 10 * 60_000;

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Verification timing: a landed offset must hold one commit interval (5 s) + margin with consumers online. */
export function verifySettings() {
  return {
    settleMs: envMs("TIDEMARK_REWIND_SETTLE_MS", 7_000),
    timeoutMs: envMs("TIDEMARK_REWIND_VERIFY_TIMEOUT_MS", 45_000),
    pollMs: envMs("TIDEMARK_REWIND_POLL_MS", 1_000),
  };
}

const FAN_OUT = 16;
const msg = (err: unknown) => (err instanceof Error ? err.message : String(err));
const str = (n: bigint | null | undefined) => (n === null || n === undefined ? null : n.toString());

// ---- Modes ----------------------------------------------------------------------------------------

interface ModeParams {
  kind: RewindMode["kind"];
  timestampMs?: number;
  at?: string;
  agoMinutes?: number;
  by?: string;
  offsets?: Array<QueueRef & { offset: string }>;
  clamp?: boolean;
  scope: { topics: string[]; queues?: QueueRef[] | undefined };
}

function resolveMode(input: RewindModeInput, nowMs: number): { mode: RewindMode; params: ModeParams } {
  switch (input.kind) {
    case "timestamp": {
      const timestampMs = input.at !== undefined ? (/^\d+$/.test(input.at) ? Number(input.at) : Date.parse(input.at)) : nowMs - Math.round(input.agoMinutes! * 60_000);
      if (!Number.isFinite(timestampMs)) throw new ApiError("bad_request", `the timestamp ${input.at} is not a valid date`);
      return { mode: { kind: "timestamp", timestampMs }, params: { kind: "timestamp", timestampMs, at: input.at, agoMinutes: input.agoMinutes, scope: { topics: [] } } };
    }
    case "earliest":
    case "latest":
      return { mode: { kind: input.kind }, params: { kind: input.kind, scope: { topics: [] } } };
    case "shift":
      return { mode: { kind: "shift", by: BigInt(input.by) }, params: { kind: "shift", by: input.by, scope: { topics: [] } } };
    case "offsets":
      return {
        mode: { kind: "offsets", offsets: input.offsets.map((o) => ({ queue: { topic: o.topic, brokerName: o.brokerName, queueId: o.queueId }, offset: BigInt(o.offset) })) },
        params: { kind: "offsets", offsets: input.offsets, scope: { topics: [] } },
      };
  }
}

function modeOfParams(p: ModeParams): RewindMode {
  switch (p.kind) {
    case "timestamp":
      return { kind: "timestamp", timestampMs: p.timestampMs! };
    case "earliest":
    case "latest":
      return { kind: p.kind };
    case "shift":
      return { kind: "shift", by: BigInt(p.by!) };
    case "offsets":
      return { kind: "offsets", clamp: p.clamp === true, offsets: (p.offsets ?? []).map((o) => ({ queue: { topic: o.topic, brokerName: o.brokerName, queueId: o.queueId }, offset: BigInt(o.offset) })) };
  }
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}

export function modeText(p: ModeParams, createdAtMs: number, undoOfId: number | null): string {
  switch (p.kind) {
    case "timestamp": {
      const ago = Math.round((createdAtMs - p.timestampMs!) / 60_000);
      const rel = p.agoMinutes !== undefined ? `${p.agoMinutes} min before the preview` : ago >= 0 ? `${ago} min before the preview` : `${-ago} min after the preview`;
      return `to ${isoUtc(p.timestampMs!)} (${rel})`;
    }
    case "earliest":
      return "to the earliest retained offset";
    case "latest":
      return "to the latest offset (skip the backlog)";
    case "shift":
      return `shift by ${BigInt(p.by!) > 0n ? "+" : ""}${p.by}`;
    case "offsets":
      return undoOfId !== null ? `undo of rewind #${undoOfId}: back to its "before" offsets on ${p.offsets?.length ?? 0} queue(s)` : `to exact offsets on ${p.offsets?.length ?? 0} queue(s)`;
  }
}

// ---- Reading the state a plan needs -----------------------------------------------------------------

interface ReadState {
  group: string;
  /** Every topic the group has offsets for (retry topics included: POP evidence). */
  topics: string[];
  available: RewindQueueInput[];
  brokers: RewindBrokerInput[];
  refs: Map<string, BrokerRef>;
  clients: GroupClients;
  consumeTps: number;
  /** Brokers whose queues could not be read: their queues are missing and apply is blocked. */
  brokerErrors: Map<string, string>;
}

/** The topics the group consumes: offsets on some broker, or a subscription of an online client. */
async function groupTopics(entry: ClusterEntry, group: string): Promise<{ withOffsets: Map<string, RewindQueueInput[]>; subscribed: Set<string>; clients: GroupClients; consumeTps: number; failures: Map<string, string> }> {
  const [progress, clients] = await Promise.all([entry.admin.getConsumeProgress(group), entry.admin.getGroupClients(group)]);
  const withOffsets = new Map<string, RewindQueueInput[]>();
  for (const q of progress.queues) {
    const list = withOffsets.get(q.mq.topic) ?? [];
    list.push({ queue: q.mq, committed: q.consumerOffset < 0n ? null : q.consumerOffset, minOffset: 0n, maxOffset: q.brokerOffset });
    withOffsets.set(q.mq.topic, list);
  }
  const failures = new Map<string, string>();
  for (const f of [...progress.failures, ...clients.failures]) failures.set(f.brokerName, f.message);
  return { withOffsets, subscribed: new Set(clients.subscriptions.map((s) => s.topic)), clients, consumeTps: progress.consumeTps, failures };
}

async function readState(entry: ClusterEntry, group: string, scopeTopics: readonly string[], mode: RewindMode): Promise<ReadState> {
  const admin = entry.admin;
  const { withOffsets, subscribed, clients, consumeTps, failures } = await groupTopics(entry, group);
  if (withOffsets.size === 0 && !clients.online) {
    const catalog = await getCatalog(entry).catch(() => undefined);
    if (catalog && !catalog.list.groups.some((g) => g.groupName === group)) {
      throw new ApiError("not_found", `Consumer group "${group}" does not exist on any broker of cluster ${entry.name}`);
    }
  }
  const known = [...new Set([...withOffsets.keys(), ...subscribed])].sort();
  for (const topic of scopeTopics) {
    if (!withOffsets.has(topic) && !subscribed.has(topic)) {
      throw new ApiError("bad_request", `Group "${group}" does not consume topic "${topic}" (it has offsets on or subscribes to: ${known.join(", ") || "nothing"})`);
    }
  }
  // Every queue of each topic's route: queues without an offset yet are rewindable too.
  const refs = new Map<string, BrokerRef>();
  const queues = new Map<string, RewindQueueInput>();
  for (const topic of scopeTopics) {
    let route;
    try {
      route = await admin.getTopicRoute(topic, true);
    } catch (err) {
      if (err instanceof ResponseError && err.code === ResponseCode.TOPIC_NOT_EXIST) throw new ApiError("not_found", `Topic "${topic}" does not exist in cluster ${entry.name}`);
      throw new ApiError("unavailable", `The NameServer did not give the route of ${topic}: ${msg(err)}`);
    }
    for (const b of route.brokerDatas) {
      const master = b.addresses.find((a) => a.brokerId === 0);
      if (master) refs.set(b.brokerName, { brokerName: b.brokerName, address: master.address, cluster: b.cluster });
    }
    const offsets = new Map((withOffsets.get(topic) ?? []).map((q) => [queueKey(q.queue), q]));
    for (const qd of route.queueDatas) {
      for (let queueId = 0; queueId < qd.readQueueNums; queueId++) {
        const ref = { topic, brokerName: qd.brokerName, queueId };
        queues.set(queueKey(ref), offsets.get(queueKey(ref)) ?? { queue: ref, committed: null, minOffset: 0n, maxOffset: -1n });
      }
    }
  }
  const brokerErrors = new Map<string, string>();
  const list = [...queues.values()];
  for (const q of list) {
    if (!refs.has(q.queue.brokerName)) brokerErrors.set(q.queue.brokerName, `no master of ${q.queue.brokerName} is in the route of ${q.queue.topic}`);
    else if (failures.has(q.queue.brokerName)) brokerErrors.set(q.queue.brokerName, failures.get(q.queue.brokerName)!);
  }
  const readable = list.filter((q) => !brokerErrors.has(q.queue.brokerName));
  // Per queue: min (and max where 208 did not give it), the committed offset where 208's 0 may mean "none", the offset by time.
  const results = await mapSettled(readable, FAN_OUT, async (q): Promise<RewindQueueInput> => {
    const broker = refs.get(q.queue.brokerName)!;
    const [minOffset, maxOffset, committed] = await Promise.all([
      admin.getMinOffset(broker, q.queue),
      q.maxOffset < 0n ? admin.getMaxOffset(broker, q.queue) : Promise.resolve(q.maxOffset),
      q.committed === null || q.committed === 0n ? admin.queryConsumerOffset(broker, group, q.queue) : Promise.resolve(q.committed),
    ]);
    let byTime: bigint | undefined;
    let earliestStoreMs: number | null | undefined;
    if (mode.kind === "timestamp") {
      byTime = await admin.searchOffset(broker, q.queue, BigInt(mode.timestampMs));
      if (byTime <= minOffset && maxOffset > minOffset) {
        const earliest = await admin.getEarliestMsgStoreTime(broker, q.queue);
        earliestStoreMs = earliest === null ? null : Number(earliest);
      }
    }
    return { queue: q.queue, committed, minOffset, maxOffset, byTime, earliestStoreMs };
  });
  const available: RewindQueueInput[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") available.push(r.value);
    else brokerErrors.set(readable[i]!.queue.brokerName, msg(r.reason));
  });
  const usable = available.filter((q) => !brokerErrors.has(q.queue.brokerName));

  const names = [...new Set(list.map((q) => q.queue.brokerName))].sort();
  const brokers = await Promise.all(
    names.map(async (brokerName): Promise<RewindBrokerInput> => {
      const ref = refs.get(brokerName);
      const clientsOnline = clients.connections.filter((c) => c.brokers.includes(brokerName)).length;
      if (!ref) return { brokerName, address: "", version: null, path: null, pathError: brokerErrors.get(brokerName), clientsOnline };
      if (brokerErrors.has(brokerName)) return { brokerName, address: ref.address, version: null, path: null, pathError: brokerErrors.get(brokerName), clientsOnline };
      try {
        const [runtime, config] = await Promise.all([admin.getBrokerRuntimeInfo(ref), admin.getBrokerConfig(ref)]);
        return { brokerName, address: ref.address, version: runtime.version ?? null, path: resetPathOf(config, runtime.version), clientsOnline };
      } catch (err) {
        return { brokerName, address: ref.address, version: null, path: null, pathError: msg(err), clientsOnline };
      }
    }),
  );
  return { group, topics: [...withOffsets.keys()], available: usable, brokers, refs, clients, consumeTps, brokerErrors };
}

function planFrom(state: ReadState, scope: RewindScope, mode: RewindMode, nowMs: number): RewindPlan {
  let plan: RewindPlan;
  try {
    plan = planRewind({
      available: state.available,
      scope,
      mode,
      context: {
        nowMs,
        messageModel: state.clients.messageModel,
        consumeType: state.clients.consumeType,
        pop: consumerKindOf({ group: state.group, consumeType: state.clients.consumeType, viaProxy: state.clients.viaProxy, topics: state.topics }).pop,
        proxyClients: state.clients.viaProxy ? state.clients.connections.length : 0,
        brokers: state.brokers,
      },
    });
  } catch (err) {
    if (err instanceof RewindPlanError) {
      // A queue of a broker we could not read is "unknown" because of that broker, not because of the input.
      if (err.code === "unknown-queue" && state.brokerErrors.size > 0) {
        throw new ApiError("unavailable", `${err.message}; could not read ${[...state.brokerErrors].map(([b, m]) => `${b}: ${m}`).join("; ")}`);
      }
      throw new ApiError(err.code === "unknown-topic" ? "not_found" : "bad_request", err.message);
    }
    throw err;
  }
  const extra: RewindWarning[] = [...state.brokerErrors]
    .filter(([b]) => !plan.warnings.some((w) => w.code === "broker-unknown" && w.brokerName === b))
    .map(([brokerName, m]) => ({ code: "broker-unknown", severity: "danger", blocking: true, brokerName, message: `${brokerName}: its queues could not be read (${m}); apply is blocked until every broker of the scope answers.` }));
  if (extra.length === 0) return plan;
  return { ...plan, warnings: [...plan.warnings, ...extra], blocked: true };
}

// ---- DTOs ---------------------------------------------------------------------------------------------

interface StoredPreview {
  warnings: RewindWarning[];
  blocked: boolean;
  brokers: BrokerPlan[];
  byTopic: Array<{ topic: string; totals: TotalsJson }>;
  totals: TotalsJson;
  consumeTps: number;
  previewMs: number;
  notes: Record<string, string[]>;
}
type TotalsJson = Omit<RewindTotals, "reconsume" | "skip"> & { reconsume: string; skip: string };
interface BrokerProgress {
  brokerName: string;
  state: "planned" | "sending" | "sent" | "fell-back" | "failed";
  method: ResetMethod | null;
  error?: string;
  queuesSent: number;
  queuesFailed: number;
  durationMs: number | null;
}
interface StoredBrokers {
  progress: BrokerProgress[];
  sendMs: number | null;
  verifyMs: number | null;
}

const totalsJson = (t: RewindTotals): TotalsJson => ({ ...t, reconsume: t.reconsume.toString(), skip: t.skip.toString() });

function storedBrokers(r: RewindRecord): StoredBrokers {
  const parsed = JSON.parse(r.brokers) as StoredBrokers | unknown[];
  return Array.isArray(parsed) ? { progress: [], sendMs: null, verifyMs: null } : parsed;
}

function queueTotals(queues: readonly RewindQueueRecord[], useBefore: boolean): RewindTotals {
  const planned: PlannedQueue[] = queues.map((q) => {
    const committed = useBefore && q.before !== null ? q.before : q.previewed;
    return {
      queue: q,
      committed,
      minOffset: q.minOffset,
      maxOffset: q.maxOffset,
      requested: q.target,
      target: q.target,
      reconsume: committed === null ? null : committed > q.target ? committed - q.target : 0n,
      skip: committed === null ? null : q.target > committed ? q.target - committed : 0n,
      notes: committed !== null && committed === q.target ? ["unchanged"] : [],
    };
  });
  return totalsOf(planned);
}

function summaryOf(r: RewindRecord, queues: readonly RewindQueueRecord[]): RewindSummary {
  const params = JSON.parse(r.params) as ModeParams;
  const totals = queueTotals(queues, r.appliedAtMs !== null);
  return {
    id: r.id,
    cluster: r.cluster,
    group: r.group,
    topics: r.topics,
    mode: r.mode,
    modeText: modeText(params, Number(r.createdAtMs), r.undoOfId),
    state: r.state,
    outcome: r.outcome,
    createdAtMs: Number(r.createdAtMs),
    actor: r.actor,
    appliedAtMs: r.appliedAtMs === null ? null : Number(r.appliedAtMs),
    appliedBy: r.appliedBy,
    reason: r.reason,
    finishedAtMs: r.finishedAtMs === null ? null : Number(r.finishedAtMs),
    undoOfId: r.undoOfId,
    totals: totalsJson(totals),
  };
}

async function viewOf(id: number): Promise<RewindDto> {
  const db = await appDatabase();
  const found = await getRewind(db, id);
  if (!found) throw new ApiError("not_found", `No rewind #${id}`);
  const { rewind: r, queues } = found;
  const preview = JSON.parse(r.preview) as StoredPreview;
  const progress = storedBrokers(r);
  const undoneBy = (await listRewinds(db, { cluster: r.cluster, group: r.group, pageSize: 500 })).rewinds.filter((x) => x.undoOfId === r.id).map((x) => x.id);
  const applied = r.appliedAtMs !== null;
  return {
    ...summaryOf(r, queues),
    params: JSON.parse(r.params) as Record<string, unknown>,
    expiresAtMs: Number(r.createdAtMs) + PREVIEW_TTL_MS,
    warnings: preview.warnings,
    blocked: preview.blocked,
    brokers: preview.brokers.map((b) => {
      const p = progress.progress.find((x) => x.brokerName === b.brokerName);
      return {
        brokerName: b.brokerName,
        address: b.address,
        version: b.version,
        path: b.path,
        clientsOnline: b.clientsOnline,
        method: p?.method ?? b.method,
        explanation: b.explanation,
        state: p?.state ?? "planned",
        ...(p?.error ? { error: p.error } : {}),
        queuesSent: p?.queuesSent ?? 0,
        queuesFailed: p?.queuesFailed ?? 0,
        durationMs: p?.durationMs ?? null,
      };
    }),
    byTopic: preview.byTopic,
    queues: queues.map((q) => {
      const committed = applied && q.before !== null ? q.before : q.previewed;
      return {
        topic: q.topic,
        brokerName: q.brokerName,
        queueId: q.queueId,
        previewed: str(q.previewed),
        before: str(q.before),
        target: q.target.toString(),
        minOffset: q.minOffset.toString(),
        maxOffset: q.maxOffset.toString(),
        after: str(q.after),
        reconsume: committed === null ? null : (committed > q.target ? committed - q.target : 0n).toString(),
        skip: committed === null ? null : (q.target > committed ? q.target - committed : 0n).toString(),
        notes: preview.notes[queueKey(q)] ?? [],
        method: q.method,
        outcome: q.outcome,
        detail: q.detail,
      };
    }),
    undoneBy,
    timing: { previewMs: preview.previewMs ?? null, sendMs: progress.sendMs, verifyMs: progress.verifyMs },
  };
}

// ---- Preview -------------------------------------------------------------------------------------------

async function storePreview(entry: ClusterEntry, group: string, caller: Caller, mode: RewindMode, params: ModeParams, scope: RewindScope, undoOfId: number | null): Promise<RewindDto> {
  const started = performance.now();
  const nowMs = Date.now();
  const topics = mode.kind === "offsets" ? [...new Set(mode.offsets.map((o) => o.queue.topic))].sort() : [...new Set(scope.topics)].sort();
  if (topics.length === 0) throw new ApiError("bad_request", "choose at least one topic to rewind");
  const state = await readState(entry, group, topics, mode);
  const plan = planFrom(state, { topics, queues: scope.queues }, mode, nowMs);
  const previewMs = Math.round(performance.now() - started);
  const stored: StoredPreview = {
    warnings: [...plan.warnings],
    blocked: plan.blocked,
    brokers: [...plan.brokers],
    byTopic: plan.byTopic.map((t) => ({ topic: t.topic, totals: totalsJson(t.totals) })),
    totals: totalsJson(plan.totals),
    consumeTps: state.consumeTps,
    previewMs,
    notes: Object.fromEntries(plan.queues.filter((q) => q.notes.length > 0).map((q) => [queueKey(q.queue), [...q.notes]])),
  };
  const db = await appDatabase();
  await expirePreviews(db, BigInt(nowMs - PREVIEW_TTL_MS));
  const id = await createRewind(db, {
    createdAtMs: BigInt(nowMs),
    actor: caller.username,
    cluster: entry.name,
    group,
    topics,
    mode: mode.kind,
    params: JSON.stringify({ ...params, scope: { topics, queues: scope.queues } }),
    preview: JSON.stringify(stored),
    undoOfId,
    queues: plan.queues.map((q) => ({
      topic: q.queue.topic,
      brokerName: q.queue.brokerName,
      queueId: q.queue.queueId,
      previewed: q.committed,
      target: q.target,
      minOffset: q.minOffset,
      maxOffset: q.maxOffset,
      outcome: q.notes.includes("unchanged") ? "unchanged" : "planned",
    })),
  });
  return viewOf(id);
}

export async function previewRewind(clusterName: string, group: string, body: RewindPreviewBody, caller: Caller): Promise<RewindDto> {
  const entry = getCluster(clusterName);
  const { mode, params } = resolveMode(body.mode, Date.now());
  return storePreview(entry, group, caller, mode, params, { topics: body.scope.topics, queues: body.scope.queues }, null);
}

export async function getRewindView(id: number): Promise<RewindDto> {
  await finishAbandoned(id);
  return viewOf(id);
}

// ---- Apply ---------------------------------------------------------------------------------------------

interface SendItem {
  row: RewindQueueRecord;
  planned: PlannedQueue;
}

interface SendResult {
  rowId: number;
  method: ResetMethod;
  clientsOnline: boolean;
  error?: string;
}

async function sendToBroker(entry: ClusterEntry, group: string, broker: BrokerRef, plan: BrokerPlan, mode: RewindMode, items: readonly SendItem[]): Promise<{ results: SendResult[]; progress: BrokerProgress }> {
  const admin = entry.admin;
  const started = performance.now();
  const online = plan.clientsOnline > 0;
  const results: SendResult[] = [];
  let fellBack = false;
  let brokerError: string | undefined;
  const perQueue = async (method: ResetMethod, list: readonly SendItem[], clientsOnline: boolean) => {
    const settled = await mapSettled(list, 4, async (it) => {
      if (method === "server-side") {
        const table = await admin.resetOffset(broker, { group, topic: it.planned.queue.topic, timestamp: 0n, isForce: true, queueId: it.planned.queue.queueId, offset: it.planned.target });
        const got = table.find((e) => e.mq.queueId === it.planned.queue.queueId && e.mq.topic === it.planned.queue.topic);
        if (table.length !== 1 || !got || got.offset !== it.planned.target) {
          throw new Error(`${broker.brokerName} answered the per-queue reset with ${table.length} queue(s) (expected ${queueLabelWithTopic(it.planned.queue)} at ${it.planned.target}); it may not take the server-side path`);
        }
      } else {
        await admin.updateConsumerOffset(broker, group, it.planned.queue, it.planned.target);
      }
    });
    settled.forEach((s, i) => results.push({ rowId: list[i]!.row.id, method, clientsOnline, ...(s.status === "rejected" ? { error: `${broker.brokerName} ${broker.address}: ${msg(s.reason)}` } : {}) }));
  };
  if (plan.method === "server-side" || plan.method === "update-offset") {
    await perQueue(plan.method, items, online);
  } else if (plan.method === "legacy-push") {
    const byTopic = new Map<string, SendItem[]>();
    for (const it of items) byTopic.set(it.planned.queue.topic, [...(byTopic.get(it.planned.queue.topic) ?? []), it]);
    for (const [topic, list] of byTopic) {
      try {
        await admin.resetOffset(broker, { group, topic, timestamp: legacyTimestampOf(mode), isForce: true });
        for (const it of list) results.push({ rowId: it.row.id, method: "legacy-push", clientsOnline: true });
      } catch (err) {
        if (isConsumerNotOnline(err) || isLegacyGroupNotExist(err)) {
          // The "old" fallback mqadmin and the dashboard use: write each queue's offset directly.
          fellBack = true;
          await perQueue("update-offset", list, !isConsumerNotOnline(err));
        } else {
          brokerError = `${broker.brokerName} ${broker.address}: ${msg(err)}`;
          for (const it of list) results.push({ rowId: it.row.id, method: "legacy-push", clientsOnline: true, error: brokerError });
        }
      }
    }
  }
  const failed = results.filter((r) => r.error).length;
  const error = brokerError ?? results.find((r) => r.error)?.error;
  return {
    results,
    progress: {
      brokerName: broker.brokerName,
      state: failed === results.length && results.length > 0 ? "failed" : fellBack ? "fell-back" : "sent",
      method: fellBack ? "update-offset" : plan.method,
      ...(error ? { error } : {}),
      queuesSent: results.length - failed,
      queuesFailed: failed,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

export async function applyRewind(clusterName: string, group: string, id: number, body: RewindApplyBody, caller: Caller): Promise<RewindDto> {
  const entry = getCluster(clusterName);
  const db = await appDatabase();
  const found = await getRewind(db, id);
  if (!found || found.rewind.cluster !== entry.name || found.rewind.group !== group) throw new ApiError("not_found", `No rewind preview #${id} for group ${group} in cluster ${clusterName}`);
  const { rewind: r, queues: rows } = found;
  if (r.state !== "previewed") throw new ApiError("conflict", r.state === "expired" ? `Preview #${id} expired; preview again` : `Rewind #${id} was already applied (${r.state})`);
  const nowMs = Date.now();
  if (nowMs - Number(r.createdAtMs) > PREVIEW_TTL_MS) {
    await transitionRewind(db, id, "previewed", { state: "expired" });
    throw new ApiError("conflict", `Preview #${id} is older than ${PREVIEW_TTL_MS / 60_000} minutes; preview again so the offsets are current`);
  }
  if (body.confirmGroup !== group) throw new ApiError("bad_request", `Type the group name "${group}" exactly to confirm`);
  const preview = JSON.parse(r.preview) as StoredPreview;
  if (preview.blocked) throw new ApiError("conflict", `This preview cannot be applied: ${preview.warnings.filter((w) => w.blocking).map((w) => w.message).join(" ")}`);

  // Read again: the plan that is sent is built from the offsets as they are now.
  const params = JSON.parse(r.params) as ModeParams;
  const mode = modeOfParams(params);
  const state = await readState(entry, group, r.topics, mode);
  const plan = planFrom(state, { topics: r.topics, queues: params.scope.queues }, mode, nowMs);
  if (plan.blocked) throw new ApiError("conflict", `Cannot apply now: ${plan.warnings.filter((w) => w.blocking).map((w) => w.message).join(" ")}`);
  const fresh = new Map(plan.queues.map((q) => [queueKey(q.queue), q]));
  const drift = detectDrift(
    rows.map((q) => ({ queue: q, committed: q.previewed })),
    plan.queues.map((q) => ({ queue: q.queue, committed: q.committed })),
    { elapsedMs: nowMs - Number(r.createdAtMs), consumeTps: preview.consumeTps },
  );
  if (drift.length > 0 && !body.acceptDrift) {
    throw new ApiError(
      "conflict",
      `The committed offsets moved since the preview beyond what normal consumption explains on ${drift.length} queue(s) (e.g. ${queueLabelWithTopic(drift[0]!.queue)}: ${drift[0]!.reason}). Review them and confirm again, or preview again.`,
      { drift: drift.map((d) => ({ topic: d.queue.topic, brokerName: d.queue.brokerName, queueId: d.queue.queueId, previewed: str(d.previewed), current: str(d.current), reason: d.reason })) },
    );
  }
  if (!(await transitionRewind(db, id, "previewed", { state: "applying", appliedAtMs: BigInt(nowMs), appliedBy: caller.username, reason: body.reason }))) {
    throw new ApiError("conflict", `Rewind #${id} is being applied by another request`);
  }

  const items: SendItem[] = [];
  const updates: QueueUpdate[] = [];
  for (const row of rows) {
    const planned = fresh.get(queueKey(row));
    if (!planned) {
      updates.push({ id: row.id, outcome: "failed", detail: "the queue is no longer part of the topic's route; nothing was sent" });
      continue;
    }
    const unchanged = planned.committed !== null && planned.committed === planned.target;
    updates.push({ id: row.id, before: planned.committed, target: planned.target, minOffset: planned.minOffset, maxOffset: planned.maxOffset, outcome: unchanged ? "unchanged" : "pending", detail: unchanged ? "already at the target; nothing was sent" : "" });
    if (!unchanged) items.push({ row, planned });
  }
  await updateRewindQueues(db, updates);

  const sendStarted = performance.now();
  const byBroker = new Map<string, SendItem[]>();
  for (const it of items) byBroker.set(it.planned.queue.brokerName, [...(byBroker.get(it.planned.queue.brokerName) ?? []), it]);
  const sent = await Promise.all(
    [...byBroker].map(async ([brokerName, list]) => {
      const bp = plan.brokers.find((b) => b.brokerName === brokerName)!;
      const ref = state.refs.get(brokerName)!;
      return sendToBroker(entry, group, ref, bp, mode, list);
    }),
  );
  const sendMs = Math.round(performance.now() - sendStarted);
  const results = sent.flatMap((s) => s.results);
  await updateRewindQueues(
    db,
    results.map((x) => ({ id: x.rowId, method: x.method, ...(x.error ? { outcome: "failed" as const, detail: x.error } : {}) })),
  );
  const stored: StoredBrokers = { progress: sent.map((s) => s.progress), sendMs, verifyMs: null };
  await transitionRewind(db, id, "applying", { state: "verifying", brokers: JSON.stringify(stored) });
  // A Java client takes one broker's legacy push at a time and pauses ~10 s for each; push consumers only.
  const pushes = sent.filter((x) => x.progress.method === "legacy-push").length;
  const pushLandsByMs = pushes > 0 && state.clients.consumeType === "CONSUME_PASSIVELY" ? nowMs + LEGACY_PUSH_PAUSE_MS * pushes + 5_000 : undefined;
  startVerification(entry, id, group, new Map(results.map((x) => [x.rowId, x])), state.refs, nowMs, stored, pushLandsByMs);
  return viewOf(id);
}

// ---- Verify --------------------------------------------------------------------------------------------

const running = (globalThis as typeof globalThis & { __tidemarkRewindJobs?: Map<number, Promise<void>> }).__tidemarkRewindJobs ?? new Map<number, Promise<void>>();
(globalThis as typeof globalThis & { __tidemarkRewindJobs?: Map<number, Promise<void>> }).__tidemarkRewindJobs = running;

/** Waits for a rewind's verification to finish (tests, and callers that want the final answer). */
export async function awaitVerification(id: number): Promise<void> {
  await running.get(id);
}

function startVerification(entry: ClusterEntry, id: number, group: string, sent: Map<number, SendResult>, refs: Map<string, BrokerRef>, appliedAtMs: number, stored: StoredBrokers, pushLandsByMs: number | undefined): void {
  const job = verify(entry, id, group, sent, refs, appliedAtMs, stored, pushLandsByMs)
    .catch((err: unknown) => console.error(`[tidemark] verification of rewind #${id} failed`, err))
    .finally(() => running.delete(id));
  running.set(id, job);
}

async function verify(entry: ClusterEntry, id: number, group: string, sent: Map<number, SendResult>, refs: Map<string, BrokerRef>, appliedAtMs: number, stored: StoredBrokers, pushLandsByMs: number | undefined): Promise<void> {
  const { settleMs, timeoutMs, pollMs } = verifySettings();
  const db = await appDatabase();
  const reads = new Map<number, VerifyRead[]>();
  const started = performance.now();
  for (;;) {
    const found = await getRewind(db, id);
    if (!found) return;
    const pending = found.queues.filter((q) => q.outcome === "pending");
    const readResults = await mapSettled(pending, FAN_OUT, async (q) => {
      const ref = refs.get(q.brokerName);
      if (!ref) throw new Error(`no master of ${q.brokerName}`);
      return entry.admin.queryConsumerOffset(ref, group, q);
    });
    const nowMs = Date.now();
    const updates: QueueUpdate[] = [];
    pending.forEach((q, i) => {
      const r = readResults[i]!;
      const list = reads.get(q.id) ?? [];
      if (r.status === "fulfilled") list.push({ atMs: nowMs, committed: r.value });
      reads.set(q.id, list);
      const s = sent.get(q.id);
      const v = verifyQueue(
        { before: q.before, target: q.target, method: s?.method ?? "server-side", clientsOnline: s?.clientsOnline ?? false, pushLandsByMs: s?.method === "legacy-push" ? pushLandsByMs : undefined },
        list,
        { appliedAtMs, nowMs, settleMs, timeoutMs },
      );
      const detail = r.status === "rejected" && v.outcome === "pending" ? `read-back failed: ${msg(r.reason)}` : v.detail;
      updates.push({ id: q.id, after: v.after, outcome: v.outcome as QueueOutcomeValue, detail });
    });
    await updateRewindQueues(db, updates);
    const stillPending = updates.some((u) => u.outcome === "pending");
    if (!stillPending) {
      const all = (await getRewind(db, id))!.queues;
      const outcome = rewindOutcome(all.map((q) => (q.outcome === "planned" ? "unchanged" : q.outcome)));
      await updateRewind(db, id, {
        state: "done",
        outcome: outcome === "pending" ? "partial" : outcome,
        finishedAtMs: BigInt(Date.now()),
        brokers: JSON.stringify({ ...stored, verifyMs: Math.round(performance.now() - started) }),
      });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A rewind left "verifying" by a restarted console is closed as unconfirmed, with the reason. */
async function finishAbandoned(id: number): Promise<void> {
  if (running.has(id)) return;
  const db = await appDatabase();
  const found = await getRewind(db, id);
  if (!found) return;
  const { rewind: r, queues } = found;
  const { timeoutMs } = verifySettings();
  if ((r.state !== "verifying" && r.state !== "applying") || r.appliedAtMs === null || Date.now() - Number(r.appliedAtMs) < timeoutMs + 120_000) return;
  await updateRewindQueues(
    db,
    queues.filter((q) => q.outcome === "pending").map((q) => ({ id: q.id, outcome: "unconfirmed" as const, detail: "the console stopped before this queue was verified; check the group's offsets" })),
  );
  await updateRewind(db, id, { state: "done", outcome: "partial", finishedAtMs: BigInt(Date.now()) });
}

// ---- Audit list, undo, markers -----------------------------------------------------------------------

export async function listRewindsView(q: { cluster?: string | undefined; group?: string | undefined; actor?: string | undefined; outcome?: "applied" | "partial" | "failed" | "overwritten" | undefined; page: number; pageSize: number }): Promise<RewindList> {
  const db = await appDatabase();
  const page = await listRewinds(db, { ...q, appliedOnly: true });
  const rows = await Promise.all(page.rewinds.map(async (r) => summaryOf(r, (await getRewind(db, r.id))?.queues ?? [])));
  return { rewinds: rows, total: page.total, page: page.page, pageSize: page.pageSize };
}

/** Undo = a previewed rewind to the "before" offsets of the queues the rewind moved (clamped into the retained range). */
export async function previewUndo(id: number, caller: Caller): Promise<RewindDto> {
  const db = await appDatabase();
  const found = await getRewind(db, id);
  if (!found) throw new ApiError("not_found", `No rewind #${id}`);
  const { rewind: r, queues } = found;
  if (r.appliedAtMs === null) throw new ApiError("conflict", `Rewind #${id} was never applied; there is nothing to undo`);
  if (r.state !== "done") throw new ApiError("conflict", `Rewind #${id} is still ${r.state}; undo it when verification is done`);
  const moved = queues.filter((q) => q.before !== null && q.outcome !== "unchanged" && q.outcome !== "failed");
  if (moved.length === 0) throw new ApiError("conflict", `Rewind #${id} moved no queue; there is nothing to undo`);
  const entry = getCluster(r.cluster);
  const offsets = moved.map((q) => ({ topic: q.topic, brokerName: q.brokerName, queueId: q.queueId, offset: q.before!.toString() }));
  const mode: RewindMode = { kind: "offsets", clamp: true, offsets: offsets.map((o) => ({ queue: { topic: o.topic, brokerName: o.brokerName, queueId: o.queueId }, offset: BigInt(o.offset) })) };
  return storePreview(entry, r.group, caller, mode, { kind: "offsets", offsets, clamp: true, scope: { topics: [] } }, { topics: [] }, r.id);
}

/** Applied rewinds of a group in [fromMs, toMs], for chart markers. */
export async function rewindMarkers(cluster: string, group: string, fromMs: number, toMs: number): Promise<Array<{ t: number; id: number; text: string }>> {
  const db = await appDatabase();
  const page = await listRewinds(db, { cluster, group, appliedOnly: true, fromMs: BigInt(fromMs), toMs: BigInt(toMs), pageSize: 200 });
  return page.rewinds.map((r) => ({
    t: Number(r.appliedAtMs),
    id: r.id,
    text: `rewind #${r.id} by ${r.appliedBy ?? r.actor}: ${modeText(JSON.parse(r.params) as ModeParams, Number(r.createdAtMs), r.undoOfId)}${r.outcome ? ` (${r.outcome})` : ""}`,
  }));
}

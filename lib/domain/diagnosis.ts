/**
 * ProcessQueue diagnosis from GET_CONSUMER_RUNNING_INFO (one snapshot, better two), cross-checked with the
 * brokers' view (GET_CONSUME_STATS). Each finding is a badge with a one-sentence explanation that cites the
 * numbers it rests on, and the numbers themselves as `evidence`.
 *
 * Client mechanics the rules rely on (Java push consumer, 5.3; Go is equivalent):
 * - `ProcessQueue` caches pulled messages in a tree map; the offset to commit is the smallest cached offset,
 *   or one past the highest pulled once the cache is empty. With a concurrent listener later messages are
 *   consumed and leave the cache while an earlier slow one stays, so the commit offset sits at
 *   `cachedMsgMinOffset` and `cachedMsgMaxOffset` can equal it (count 1) while the broker's `pullOffset`
 *   (one past the last pulled message, 5.1+) runs far ahead.
 * - `lastConsumeTimestamp` is set when a message *finishes* (concurrent) or is taken (orderly);
 *   `lastPullTimestamp` at every pull attempt, also under flow control; a healthy push consumer re-pulls at
 *   least every ~15-30 s (long polling), and drops a queue not pulled for 120 s.
 * - Flow control: more than `pullThresholdForQueue` (1000) cached messages, `pullThresholdSizeForQueue`
 *   (100 MiB), or, concurrent only, a cached span over `consumeConcurrentlyMaxSpan` (2000) offsets.
 *   `pullThresholdForTopic`/`SizeForTopic` (when not -1) replace the per-queue limits by topic limit / queues.
 * - Orderly consumers need a broker lock per queue, renewed every 20 s and expiring after 30 s;
 *   `tryUnlockTimes` counts failed unlocks while the queue is being rebalanced away mid-consumption.
 *
 * Timestamps inside ConsumerRunningInfo come from the client's clock; ages are measured against the
 * snapshot's `takenAtMs` (our clock), so thresholds are minutes, far above usual clock skew.
 */
import { formatCount, formatCountNoun, formatDuration, formatMessagesWait, formatRate } from "./format";
import { computeQueueLag, type QueueOffsetsInput } from "./lag";
import { isBroadcasting } from "./names";
import { bigMax, compareQueues, nonNegative, queueKey, queueLabelWithTopic, type QueueRef } from "./offsets";

export type DiagnosisKind =
  | "pinned-by-slow-message"
  | "consume-stuck"
  | "flow-control"
  | "pulling-stopped"
  | "lock-lost"
  | "lock-trouble"
  | "consume-failures"
  | "unowned-queue"
  | "client-unreachable";

export type Severity = "info" | "warning" | "critical";

export type EvidenceValue = bigint | number | string | boolean;

export interface DiagnosisBadge {
  readonly kind: DiagnosisKind;
  readonly severity: Severity;
  readonly queue: QueueRef | undefined;
  readonly clientId: string | undefined;
  readonly topic: string | undefined;
  /** One sentence citing the numbers. */
  readonly sentence: string;
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
  /** Whether the finding needed a second snapshot. */
  readonly basis: "one-snapshot" | "two-snapshots";
}

/** Field names follow lib/rocketmq's `ProcessQueueInfo`. */
export interface ProcessQueueInput {
  readonly mq: QueueRef;
  readonly commitOffset: bigint;
  readonly cachedMsgMinOffset: bigint;
  readonly cachedMsgMaxOffset: bigint;
  readonly cachedMsgCount: number;
  readonly cachedMsgSizeInMiB: number;
  /** Orderly: messages taken for consumption. */
  readonly transactionMsgCount?: number | undefined;
  readonly locked: boolean;
  readonly tryUnlockTimes: bigint;
  readonly lastLockTimestamp: bigint;
  readonly dropped: boolean;
  readonly lastPullTimestamp: bigint;
  readonly lastConsumeTimestamp: bigint;
}

/** Field names follow lib/rocketmq's `ConsumeStatus`. */
export interface ConsumeStatusInput {
  readonly topic: string;
  readonly consumeFailedTPS: number;
  /** Failed messages in the last hour. */
  readonly consumeFailedMsgs: bigint;
}

/** One client's ConsumerRunningInfo (lib/rocketmq's shape plus the client id). */
export interface ClientRunningInput {
  readonly clientId: string;
  /** Java clients dump their config here (pullThresholdForQueue, …, PROP_CONSUMEORDERLY). */
  readonly properties?: Readonly<Record<string, string>> | undefined;
  /** Overrides PROP_CONSUMEORDERLY. */
  readonly orderly?: boolean | undefined;
  readonly processQueues: readonly ProcessQueueInput[];
  readonly status?: readonly ConsumeStatusInput[] | undefined;
  readonly popProcessQueues?: readonly { readonly mq: QueueRef }[] | undefined;
}

export interface DiagnosisSnapshot {
  /** When the running infos were fetched (our clock, ms). */
  readonly takenAtMs: bigint;
  readonly clients: readonly ClientRunningInput[];
  /** Clients asked that did not answer. */
  readonly unreachableClients?: readonly { readonly clientId: string; readonly reason: string }[] | undefined;
  /** The brokers' view of the group's queues (GET_CONSUME_STATS, merged), for lag and pullOffset. */
  readonly queues?: readonly QueueOffsetsInput[] | undefined;
  readonly messageModel?: string | undefined;
  readonly consumeType?: string | undefined;
  /** The group consumes orderly (subscription group config or client property), when known. */
  readonly orderly?: boolean | undefined;
}

export interface DiagnosisThresholds {
  /** Java DefaultMQPushConsumer.pullThresholdForQueue. */
  readonly pullThresholdForQueue: number;
  /** Java pullThresholdSizeForQueue, MiB. */
  readonly pullThresholdSizeForQueueMiB: number;
  /** Java consumeConcurrentlyMaxSpan. */
  readonly consumeConcurrentlyMaxSpan: number;
  /** One snapshot: later messages already consumed past the pinned one before we call it pinned. */
  readonly pinnedMinConsumedAfter: number;
  /** Two snapshots: how long the commit offset must stay pinned. */
  readonly pinnedMinDurationMs: number;
  /** No message finished for this long while messages are cached: consumption stuck. */
  readonly consumeStaleMs: number;
  /** No pull attempt for this long: pulling stopped (the Java client's own pullMaxIdleTime is 120 s). */
  readonly pullStaleMs: number;
  /** Java REBALANCE_LOCK_MAX_LIVE_TIME. */
  readonly lockMaxLiveMs: number;
}

export const DEFAULT_DIAGNOSIS_THRESHOLDS: DiagnosisThresholds = {
  pullThresholdForQueue: 1000,
  pullThresholdSizeForQueueMiB: 100,
  consumeConcurrentlyMaxSpan: 2000,
  pinnedMinConsumedAfter: 100,
  pinnedMinDurationMs: 30_000,
  consumeStaleMs: 120_000,
  pullStaleMs: 120_000,
  lockMaxLiveMs: 30_000,
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

function parseIntProp(props: Readonly<Record<string, string>> | undefined, name: string): number | undefined {
  const raw = props?.[name];
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  return Number.isInteger(n) ? n : undefined;
}

export function isOrderlyClient(client: ClientRunningInput, groupOrderly?: boolean): boolean | undefined {
  if (client.orderly !== undefined) return client.orderly;
  const prop = client.properties?.["PROP_CONSUMEORDERLY"];
  if (prop !== undefined) return prop.trim().toLowerCase() === "true";
  return groupOrderly;
}

interface QueueLimits {
  readonly count: number;
  readonly sizeMiB: number;
  readonly span: number;
  readonly source: "client" | "default";
}

/** The flow-control limits a client applies to a queue: its own config when it reported it, else the thresholds. */
export function clientQueueLimits(client: ClientRunningInput, topic: string, t: DiagnosisThresholds): QueueLimits {
  const p = client.properties;
  const queuesOfTopic = Math.max(1, client.processQueues.filter((q) => q.mq.topic === topic && !q.dropped).length);
  let count = parseIntProp(p, "pullThresholdForQueue");
  let sizeMiB = parseIntProp(p, "pullThresholdSizeForQueue");
  const span = parseIntProp(p, "consumeConcurrentlyMaxSpan");
  const forTopic = parseIntProp(p, "pullThresholdForTopic");
  const sizeForTopic = parseIntProp(p, "pullThresholdSizeForTopic");
  if (forTopic !== undefined && forTopic > 0) count = Math.max(1, Math.floor(forTopic / queuesOfTopic));
  if (sizeForTopic !== undefined && sizeForTopic > 0) sizeMiB = Math.max(1, Math.floor(sizeForTopic / queuesOfTopic));
  const fromClient = count !== undefined || sizeMiB !== undefined || span !== undefined;
  return {
    count: count !== undefined && count > 0 ? count : t.pullThresholdForQueue,
    sizeMiB: sizeMiB !== undefined && sizeMiB > 0 ? sizeMiB : t.pullThresholdSizeForQueueMiB,
    span: span !== undefined && span > 0 ? span : t.consumeConcurrentlyMaxSpan,
    source: fromClient ? "client" : "default",
  };
}

function ageOf(takenAtMs: bigint, ts: bigint): number {
  const d = takenAtMs - ts;
  return d > 0n ? Number(d) : 0;
}

function messages(n: bigint | number): string {
  return formatCountNoun(n, "message");
}

interface Context {
  readonly cur: DiagnosisSnapshot;
  readonly prev: DiagnosisSnapshot | undefined;
  readonly elapsedMs: number;
  readonly t: DiagnosisThresholds;
  readonly brokerQueues: ReadonlyMap<string, QueueOffsetsInput>;
  readonly prevBrokerQueues: ReadonlyMap<string, QueueOffsetsInput>;
  readonly prevPq: ReadonlyMap<string, ProcessQueueInput>;
}

function pqKey(clientId: string, mq: QueueRef): string {
  return `${clientId}\u0000${queueKey(mq)}`;
}

function badge(
  kind: DiagnosisKind,
  severity: Severity,
  sentence: string,
  evidence: Record<string, EvidenceValue>,
  where: { queue?: QueueRef; clientId?: string; topic?: string },
  basis: DiagnosisBadge["basis"] = "one-snapshot",
): DiagnosisBadge {
  return {
    kind,
    severity,
    queue: where.queue,
    clientId: where.clientId,
    topic: where.topic ?? where.queue?.topic,
    sentence,
    evidence,
    basis,
  };
}

function brokerLag(ctx: Context, mq: QueueRef): bigint | undefined {
  const q = ctx.brokerQueues.get(queueKey(mq));
  if (!q) return undefined;
  const lag = computeQueueLag(q, { messageModel: ctx.cur.messageModel }).lag;
  return lag.known ? lag.value : undefined;
}

function diagnoseProcessQueue(ctx: Context, client: ClientRunningInput, pq: ProcessQueueInput, orderly: boolean | undefined): DiagnosisBadge[] {
  const out: DiagnosisBadge[] = [];
  const { cur, t } = ctx;
  const label = queueLabelWithTopic(pq.mq);
  const where = { queue: pq.mq, clientId: client.clientId };
  const prev = ctx.prev ? ctx.prevPq.get(pqKey(client.clientId, pq.mq)) : undefined;
  const lag = brokerLag(ctx, pq.mq);
  const broker = ctx.brokerQueues.get(queueKey(pq.mq));
  const limits = clientQueueLimits(client, pq.mq.topic, t);

  // Pulling stopped: dropped, or no pull attempt for pullStaleMs.
  if (pq.dropped) {
    const both = prev?.dropped === true;
    out.push(
      badge(
        "pulling-stopped",
        both ? "warning" : "info",
        both
          ? `${label} has stayed dropped on client ${client.clientId} for at least ${formatDuration(ctx.elapsedMs)}: the client no longer pulls it but still lists it (an orderly queue that cannot be released, or a stuck rebalance).`
          : `${label} is dropped on client ${client.clientId}: the client stopped pulling it (rebalanced away or reset) and will remove it shortly.`,
        { dropped: true, ...(lag !== undefined ? { lag } : {}) },
        where,
        both ? "two-snapshots" : "one-snapshot",
      ),
    );
    return out;
  }
  const pullAge = pq.lastPullTimestamp > 0n ? ageOf(cur.takenAtMs, pq.lastPullTimestamp) : undefined;
  if (pullAge !== undefined && pullAge >= t.pullStaleMs) {
    const withLag = lag !== undefined && lag > 0n;
    out.push(
      badge(
        "pulling-stopped",
        withLag ? "warning" : "info",
        withLag
          ? `${label} has not been pulled by client ${client.clientId} for ${formatDuration(pullAge)} while ${formatMessagesWait(lag)} on the broker.`
          : `${label} has not been pulled by client ${client.clientId} for ${formatDuration(pullAge)}${lag === 0n ? " (nothing is waiting)" : ""}.`,
        { lastPullAgeMs: pullAge, lastPullTimestamp: pq.lastPullTimestamp, ...(lag !== undefined ? { lag } : {}) },
        where,
      ),
    );
  }

  // Consumption stuck: messages wait in the cache but none finished for consumeStaleMs.
  const waiting = pq.cachedMsgCount + (pq.transactionMsgCount ?? 0);
  const consumeAge = pq.lastConsumeTimestamp > 0n ? ageOf(cur.takenAtMs, pq.lastConsumeTimestamp) : undefined;
  let stuck = false;
  if (waiting > 0 && consumeAge !== undefined && consumeAge >= t.consumeStaleMs) {
    stuck = true;
    const confirmed = prev !== undefined && prev.commitOffset === pq.commitOffset && ctx.elapsedMs > 0;
    out.push(
      badge(
        "consume-stuck",
        "warning",
        `No message of ${label} has ${orderly ? "been taken for consumption" : "finished consuming"} on client ${client.clientId} for ${formatDuration(consumeAge)} while ${formatMessagesWait(waiting)} in its cache (commit offset ${formatCount(pq.commitOffset)}${confirmed ? `, unchanged for ${formatDuration(ctx.elapsedMs)}` : ""}): the listener is blocked or very slow.`,
        {
          lastConsumeAgeMs: consumeAge,
          cachedMsgCount: pq.cachedMsgCount,
          transactionMsgCount: pq.transactionMsgCount ?? 0,
          commitOffset: pq.commitOffset,
        },
        where,
        confirmed ? "two-snapshots" : "one-snapshot",
      ),
    );
  }

  // Pinned by one slow message (concurrent listeners only; orderly consumption is sequential by design).
  if (!stuck && orderly !== true && pq.cachedMsgCount >= 1 && pq.commitOffset === pq.cachedMsgMinOffset) {
    const brokerPull = broker?.pullOffset !== undefined && broker.pullOffset >= 0n ? broker.pullOffset : undefined;
    // Brokers before 5.1 report no pullOffset. A client that is pulling (recent pull, cache below its
    // limit) has then pulled about up to the broker's max offset: use that, marked as an estimate.
    const activelyPulling = pullAge !== undefined && pullAge <= t.pullStaleMs && pq.cachedMsgCount < limits.count;
    const brokerEnd = brokerPull === undefined && activelyPulling && broker?.brokerOffset !== undefined && broker.brokerOffset >= 0n ? broker.brokerOffset : undefined;
    const pulledEnd = bigMax(pq.cachedMsgMaxOffset + 1n, brokerPull ?? brokerEnd ?? 0n);
    const pulledAfter = nonNegative(pulledEnd - pq.commitOffset - 1n);
    const consumedAfter = nonNegative(pulledAfter - BigInt(pq.cachedMsgCount - 1));
    const evidence: Record<string, EvidenceValue> = {
      commitOffset: pq.commitOffset,
      cachedMsgMinOffset: pq.cachedMsgMinOffset,
      cachedMsgMaxOffset: pq.cachedMsgMaxOffset,
      cachedMsgCount: pq.cachedMsgCount,
      pulledUpTo: pulledEnd - 1n,
      consumedAfter,
      ...(brokerPull !== undefined ? { brokerPullOffset: brokerPull } : {}),
      ...(brokerEnd !== undefined ? { pulledUpToEstimatedFromBrokerMaxOffset: true } : {}),
      ...(broker?.brokerOffset !== undefined ? { brokerOffset: broker.brokerOffset } : {}),
    };
    const blocking = pulledEnd - 1n - pq.commitOffset > BigInt(limits.span);
    const prevPinned =
      prev !== undefined &&
      !prev.dropped &&
      prev.cachedMsgCount >= 1 &&
      prev.commitOffset === pq.commitOffset &&
      prev.cachedMsgMinOffset === pq.commitOffset;
    const prevBroker = ctx.prevBrokerQueues.get(queueKey(pq.mq));
    const prevPulledEnd = prev ? bigMax(prev.cachedMsgMaxOffset + 1n, prevBroker?.pullOffset ?? (brokerEnd !== undefined ? (prevBroker?.brokerOffset ?? 0n) : 0n)) : undefined;
    const advanced =
      prev !== undefined && ((prevPulledEnd !== undefined && pulledEnd > prevPulledEnd) || pq.lastConsumeTimestamp > prev.lastConsumeTimestamp);
    if (prevPinned && ctx.elapsedMs >= t.pinnedMinDurationMs && consumedAfter >= 1n && advanced) {
      evidence["pinnedForAtLeastMs"] = ctx.elapsedMs;
      out.push(
        badge(
          "pinned-by-slow-message",
          blocking ? "critical" : "warning",
          `${label} is pinned by one slow message at offset ${formatCount(pq.commitOffset)} on client ${client.clientId}: the commit offset has stayed at its oldest cached message for ${formatDuration(ctx.elapsedMs)} while ${messages(consumedAfter)} after it were pulled and consumed${blocking ? `, and the cached span now exceeds ${formatCount(limits.span)} offsets so pulling is paused` : ""}.`,
          evidence,
          where,
          "two-snapshots",
        ),
      );
    } else if (consumedAfter >= BigInt(t.pinnedMinConsumedAfter)) {
      out.push(
        badge(
          "pinned-by-slow-message",
          blocking ? "critical" : "info",
          `${label} looks pinned by one slow message at offset ${formatCount(pq.commitOffset)} on client ${client.clientId}: the commit offset sits at its oldest cached message while ${messages(consumedAfter)} after it were already consumed (pulled up to offset ${formatCount(pulledEnd - 1n)})${blocking ? `, past the ${formatCount(limits.span)}-offset span limit so pulling is paused` : ""}.`,
          evidence,
          where,
        ),
      );
    }
  }

  // Flow control.
  const span = pq.cachedMsgCount > 0 ? pq.cachedMsgMaxOffset - pq.cachedMsgMinOffset : 0n;
  const reasons: string[] = [];
  if (pq.cachedMsgCount >= limits.count) reasons.push(`${messages(pq.cachedMsgCount)} cached (limit ${formatCount(limits.count)} per queue)`);
  if (pq.cachedMsgSizeInMiB >= limits.sizeMiB) reasons.push(`${formatCount(pq.cachedMsgSizeInMiB)} MiB cached (limit ${formatCount(limits.sizeMiB)} MiB)`);
  if (orderly !== true && span > BigInt(limits.span)) reasons.push(`cached offsets span ${formatCount(span)} (limit ${formatCount(limits.span)})`);
  if (reasons.length > 0) {
    out.push(
      badge(
        "flow-control",
        "warning",
        `${label} is flow-controlled on client ${client.clientId}: ${reasons.join(", ")}, so the client pauses pulling until consumption frees the cache.`,
        {
          cachedMsgCount: pq.cachedMsgCount,
          cachedMsgSizeInMiB: pq.cachedMsgSizeInMiB,
          cachedSpan: span,
          limitCount: limits.count,
          limitSizeMiB: limits.sizeMiB,
          limitSpan: limits.span,
          limitsFrom: limits.source,
        },
        where,
      ),
    );
  }

  // Orderly lock trouble (clustering only; broadcasting consumers never lock).
  if (orderly === true && !isBroadcasting(cur.messageModel)) {
    const lockAge = pq.lastLockTimestamp > 0n ? ageOf(cur.takenAtMs, pq.lastLockTimestamp) : undefined;
    if (!pq.locked) {
      out.push(
        badge(
          "lock-lost",
          "warning",
          `Client ${client.clientId} holds no broker lock on ${label}, so its orderly listener will not consume it${lockAge !== undefined ? ` (last locked ${formatDuration(lockAge)} ago)` : ""}${lag !== undefined && lag > 0n ? ` while ${formatMessagesWait(lag)}` : ""}.`,
          { locked: false, ...(lockAge !== undefined ? { lastLockAgeMs: lockAge } : {}), ...(lag !== undefined ? { lag } : {}) },
          where,
        ),
      );
    } else if (lockAge !== undefined && lockAge > t.lockMaxLiveMs) {
      out.push(
        badge(
          "lock-lost",
          "warning",
          `The broker lock client ${client.clientId} holds on ${label} has expired: it was last renewed ${formatDuration(lockAge)} ago (locks live ${formatDuration(t.lockMaxLiveMs)}), so the orderly listener pauses the queue.`,
          { locked: true, lastLockAgeMs: lockAge, lockMaxLiveMs: t.lockMaxLiveMs },
          where,
        ),
      );
    }
    if (prev !== undefined && pq.tryUnlockTimes > prev.tryUnlockTimes) {
      const grew = pq.tryUnlockTimes - prev.tryUnlockTimes;
      out.push(
        badge(
          "lock-trouble",
          "warning",
          `Client ${client.clientId} failed to release its lock on ${label} ${formatCount(grew)} more ${grew === 1n ? "time" : "times"} in ${formatDuration(ctx.elapsedMs)} (${formatCount(pq.tryUnlockTimes)} in all): the queue is being rebalanced away while a message is still being consumed.`,
          { tryUnlockTimes: pq.tryUnlockTimes, previousTryUnlockTimes: prev.tryUnlockTimes, elapsedMs: ctx.elapsedMs },
          where,
          "two-snapshots",
        ),
      );
    } else if (pq.tryUnlockTimes > 0n) {
      out.push(
        badge(
          "lock-trouble",
          "info",
          `Client ${client.clientId} has failed to release its lock on ${label} ${formatCount(pq.tryUnlockTimes)} ${pq.tryUnlockTimes === 1n ? "time" : "times"} while rebalancing (a message was still being consumed).`,
          { tryUnlockTimes: pq.tryUnlockTimes },
          where,
        ),
      );
    }
  }
  return out;
}

function diagnoseFailures(ctx: Context, client: ClientRunningInput): DiagnosisBadge[] {
  const out: DiagnosisBadge[] = [];
  const prevClient = ctx.prev?.clients.find((c) => c.clientId === client.clientId);
  for (const s of client.status ?? []) {
    const prevStatus = prevClient?.status?.find((p) => p.topic === s.topic);
    const where = { clientId: client.clientId, topic: s.topic };
    const evidence = { consumeFailedTPS: s.consumeFailedTPS, consumeFailedMsgs: s.consumeFailedMsgs };
    if (s.consumeFailedTPS > 0) {
      out.push(
        badge(
          "consume-failures",
          "warning",
          `Client ${client.clientId} is failing ${formatRate(s.consumeFailedTPS, undefined, "messages")} of ${s.topic} (${messages(s.consumeFailedMsgs)} failed in the last hour); failed messages go back for retry and are redelivered later.`,
          evidence,
          where,
        ),
      );
    } else if (prevStatus !== undefined && s.consumeFailedMsgs > prevStatus.consumeFailedMsgs) {
      const grew = s.consumeFailedMsgs - prevStatus.consumeFailedMsgs;
      out.push(
        badge(
          "consume-failures",
          "warning",
          `Client ${client.clientId} failed ${formatCount(grew)} more ${grew === 1n ? "message" : "messages"} of ${s.topic} in the last ${formatDuration(ctx.elapsedMs)} (${formatCount(s.consumeFailedMsgs)} in the last hour).`,
          { ...evidence, previousConsumeFailedMsgs: prevStatus.consumeFailedMsgs, elapsedMs: ctx.elapsedMs },
          where,
          "two-snapshots",
        ),
      );
    } else if (s.consumeFailedMsgs > 0n) {
      out.push(
        badge(
          "consume-failures",
          "info",
          `Client ${client.clientId} failed ${messages(s.consumeFailedMsgs)} of ${s.topic} in the last hour, none in the last minute.`,
          evidence,
          where,
        ),
      );
    }
  }
  return out;
}

function diagnoseOwnership(ctx: Context): DiagnosisBadge[] {
  const { cur } = ctx;
  if (isBroadcasting(cur.messageModel) || cur.consumeType === "CONSUME_POP") return [];
  if (cur.clients.length === 0) return []; // no consumer online: the group status says STOP
  if (cur.clients.some((c) => (c.popProcessQueues?.length ?? 0) > 0)) return [];
  const owned = new Set<string>();
  for (const c of cur.clients) for (const pq of c.processQueues) if (!pq.dropped) owned.add(queueKey(pq.mq));
  const unreachable = cur.unreachableClients ?? [];
  const out: DiagnosisBadge[] = [];
  for (const q of cur.queues ?? []) {
    if (owned.has(queueKey(q.mq))) continue;
    const lag = computeQueueLag(q, { messageModel: cur.messageModel });
    if (!lag.lag.known || lag.lag.value <= 0n || lag.kind === "dlq") continue;
    const label = queueLabelWithTopic(q.mq);
    const answered = cur.clients.length;
    const maybe = unreachable.length > 0;
    out.push(
      badge(
        "unowned-queue",
        maybe ? "info" : "warning",
        maybe
          ? `${label} has ${messages(lag.lag.value)} waiting and none of the ${formatCount(answered)} clients that answered owns it; ${unreachable.map((u) => u.clientId).join(", ")} did not answer and may.`
          : `${label} has ${messages(lag.lag.value)} waiting but none of the ${formatCount(answered)} online clients owns it, so nobody consumes it (a client subscribed differently, or a rebalance is stuck).`,
        { lag: lag.lag.value, clientsAnswered: answered, clientsUnreachable: unreachable.length },
        { queue: q.mq },
      ),
    );
  }
  return out;
}

/**
 * Runs every rule on `current`, using `previous` (the same group's earlier snapshot) where a rule is
 * stronger with two. Badges come sorted by severity (critical first), then queue.
 */
export function diagnose(
  current: DiagnosisSnapshot,
  previous?: DiagnosisSnapshot,
  thresholds: Partial<DiagnosisThresholds> = {},
): DiagnosisBadge[] {
  const t: DiagnosisThresholds = { ...DEFAULT_DIAGNOSIS_THRESHOLDS, ...thresholds };
  const elapsed = previous ? current.takenAtMs - previous.takenAtMs : 0n;
  const prev = previous && elapsed > 0n ? previous : undefined;
  const brokerQueues = new Map<string, QueueOffsetsInput>();
  for (const q of current.queues ?? []) brokerQueues.set(queueKey(q.mq), q);
  const prevBrokerQueues = new Map<string, QueueOffsetsInput>();
  for (const q of prev?.queues ?? []) prevBrokerQueues.set(queueKey(q.mq), q);
  const prevPq = new Map<string, ProcessQueueInput>();
  for (const c of prev?.clients ?? []) for (const pq of c.processQueues) prevPq.set(pqKey(c.clientId, pq.mq), pq);
  const ctx: Context = { cur: current, prev, elapsedMs: prev ? Number(elapsed) : 0, t, brokerQueues, prevBrokerQueues, prevPq };

  const out: DiagnosisBadge[] = [];
  for (const u of current.unreachableClients ?? []) {
    out.push(
      badge(
        "client-unreachable",
        "info",
        `Client ${u.clientId} did not return its running info (${u.reason}); its queues are not diagnosed.`,
        { reason: u.reason },
        { clientId: u.clientId },
      ),
    );
  }
  for (const client of current.clients) {
    const orderly = isOrderlyClient(client, current.orderly);
    for (const pq of client.processQueues) out.push(...diagnoseProcessQueue(ctx, client, pq, orderly));
    out.push(...diagnoseFailures(ctx, client));
  }
  out.push(...diagnoseOwnership(ctx));
  return out.sort(compareBadges);
}

export function compareBadges(a: DiagnosisBadge, b: DiagnosisBadge): number {
  const s = compareSeverity(b.severity, a.severity);
  if (s !== 0) return s;
  if (a.queue && b.queue) {
    const q = compareQueues(a.queue, b.queue);
    if (q !== 0) return q;
  } else if (a.queue || b.queue) {
    return a.queue ? -1 : 1;
  }
  const c = (a.clientId ?? "").localeCompare(b.clientId ?? "");
  return c !== 0 ? c : a.kind.localeCompare(b.kind);
}

/** The worst severity among badges, or undefined when there are none. */
export function worstSeverity(badges: readonly DiagnosisBadge[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const b of badges) if (worst === undefined || compareSeverity(b.severity, worst) > 0) worst = b.severity;
  return worst;
}

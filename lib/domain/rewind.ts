/**
 * Rewind planning: what a reset of a group's committed offsets would do, queue by queue, before
 * anything is sent; how each broker must be told (by its reset path); whether the offsets drifted
 * between preview and apply; and how to read the offsets back to say whether the reset held.
 *
 * Pure: callers read the broker state (committed, min/max offsets, the offset found by time) and
 * pass it in. All offsets are bigint.
 *
 * Semantics (reference §4.1):
 * - 5.1+ brokers with useServerSideResetOffset=true reset server-side: 222 with queueId + offset
 *   writes the exact offset at once, online consumers pick it up on their next pull, and commits are
 *   ignored until then. No consumer needs to be online.
 * - 4.x / 5.0 (or the flag off) take the legacy push: the broker computes targets by timestamp for
 *   every queue of the topic on that broker and pushes them to the online clients (which pause 10 s,
 *   then commit them); it writes nothing itself and answers CONSUMER_NOT_ONLINE when no client is
 *   connected. It cannot carry exact offsets or a queue selection, so those are written per queue
 *   with UPDATE_CONSUMER_OFFSET, which online consumers overwrite with their own position within ~5 s.
 */
import { compareQueues, queueKey, queueLabelWithTopic, type QueueRef } from "./offsets";

export type RewindMode =
  | { readonly kind: "timestamp"; readonly timestampMs: number }
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  /** Exact offsets per queue. `clamp` (undo) clamps into [min, max] instead of refusing. */
  | { readonly kind: "offsets"; readonly offsets: ReadonlyArray<{ readonly queue: QueueRef; readonly offset: bigint }>; readonly clamp?: boolean }
  | { readonly kind: "shift"; readonly by: bigint };

export type RewindModeKind = RewindMode["kind"];

/** Which queues: every queue of `topics`, or only `queues` (which must belong to `topics`). */
export interface RewindScope {
  readonly topics: readonly string[];
  readonly queues?: readonly QueueRef[] | undefined;
}

/** One queue as read from its broker just now. */
export interface RewindQueueInput {
  readonly queue: QueueRef;
  /** The committed offset; null when the group has none for this queue. */
  readonly committed: bigint | null;
  readonly minOffset: bigint;
  /** The offset the next message will get (one past the newest). */
  readonly maxOffset: bigint;
  /**
   * Timestamp mode: the broker's offset for the timestamp (SEARCH_OFFSET_BY_TIMESTAMP): on 5.x the first
   * message stored at or after it; 4.x returns the nearest message, which may be one earlier.
   */
  readonly byTime?: bigint | undefined;
  /** Timestamp mode: store time (ms) of the oldest retained message, when read. */
  readonly earliestStoreMs?: number | null | undefined;
}

export type ResetPath = "server-side" | "legacy";

/** What the planner knows about each broker holding queues of the scope. */
export interface RewindBrokerInput {
  readonly brokerName: string;
  readonly address: string;
  readonly version: string | null;
  /** null when the broker's config could not be read: nothing may be sent to it. */
  readonly path: ResetPath | null;
  /** Why the path is unknown. */
  readonly pathError?: string | undefined;
  /** Clients of the group connected to this broker. */
  readonly clientsOnline: number;
}

export interface RewindContext {
  readonly nowMs: number;
  /** CLUSTERING / BROADCASTING, when the group is online (else unknown). */
  readonly messageModel?: string | undefined;
  /** CONSUME_PASSIVELY (push) / CONSUME_ACTIVELY (pull, lite pull) / CONSUME_POP, when online. */
  readonly consumeType?: string | undefined;
  /** The group consumes by POP (lib/domain/consumerKind: gRPC via proxy, POP-mode push, POP retry topics). */
  readonly pop?: boolean | undefined;
  /** Clients online through a proxy (gRPC): no broker counts them in `clientsOnline`. */
  readonly proxyClients?: number | undefined;
  readonly brokers: readonly RewindBrokerInput[];
}

export type QueueNote = "clamped-to-min" | "clamped-to-max" | "before-retention" | "no-committed-offset" | "unchanged";

export interface PlannedQueue {
  readonly queue: QueueRef;
  readonly committed: bigint | null;
  readonly minOffset: bigint;
  readonly maxOffset: bigint;
  /** The offset the mode asked for, before clamping into [min, max]. */
  readonly requested: bigint;
  readonly target: bigint;
  /** Messages delivered again (target before committed); null when there is no committed offset. */
  readonly reconsume: bigint | null;
  /** Messages skipped, never delivered (target after committed); null without a committed offset. */
  readonly skip: bigint | null;
  readonly notes: readonly QueueNote[];
}

export interface RewindTotals {
  readonly queues: number;
  readonly changed: number;
  readonly reconsume: bigint;
  readonly skip: bigint;
  /** Queues without a committed offset (their reconsume/skip is not counted). */
  readonly withoutOffset: number;
  readonly clamped: number;
}

export type WarningSeverity = "info" | "warning" | "danger";

export interface RewindWarning {
  readonly code:
    | "timestamp-future"
    | "clamped-to-min"
    | "clamped-to-max"
    | "before-retention"
    | "no-committed-offset"
    | "broadcasting"
    | "pull-consumer"
    | "pop-consumer"
    | "pop-legacy"
    | "group-offline"
    | "server-side-online"
    | "legacy-push-online"
    | "legacy-overwrite"
    | "broker-unknown"
    | "nothing-to-do";
  readonly severity: WarningSeverity;
  readonly message: string;
  /** Apply is refused while a blocking warning stands. */
  readonly blocking: boolean;
  readonly brokerName?: string | undefined;
}

/** How one broker is told: per-queue server-side 222, the legacy push (222 by timestamp), or per-queue 15. */
export type ResetMethod = "server-side" | "legacy-push" | "update-offset";

export interface BrokerPlan {
  readonly brokerName: string;
  readonly address: string;
  readonly version: string | null;
  readonly path: ResetPath | null;
  readonly clientsOnline: number;
  readonly method: ResetMethod | null;
  /** One sentence for the preview: what happens on this broker. */
  readonly explanation: string;
}

export interface RewindPlan {
  readonly queues: readonly PlannedQueue[];
  readonly byTopic: ReadonlyArray<{ readonly topic: string; readonly totals: RewindTotals }>;
  readonly totals: RewindTotals;
  readonly brokers: readonly BrokerPlan[];
  readonly warnings: readonly RewindWarning[];
  readonly blocked: boolean;
}

export type RewindPlanErrorCode = "unknown-topic" | "unknown-queue" | "offset-out-of-range" | "empty-scope" | "invalid-mode";

/** Input that cannot be planned at all (the route answers 400/404; nothing is sent). */
export class RewindPlanError extends Error {
  constructor(
    readonly code: RewindPlanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "RewindPlanError";
  }
}

const fmt = (n: bigint) => n.toLocaleString("en-US");

/** The queues of `available` the scope selects; unknown topics or queues throw. */
export function selectQueues(available: readonly RewindQueueInput[], scope: RewindScope): RewindQueueInput[] {
  if (scope.topics.length === 0) throw new RewindPlanError("empty-scope", "choose at least one topic to rewind");
  const topics = new Set(available.map((q) => q.queue.topic));
  for (const t of scope.topics) {
    if (!topics.has(t)) throw new RewindPlanError("unknown-topic", `topic ${t} has no queues this group consumes (known: ${[...topics].sort().join(", ") || "none"})`);
  }
  const wanted = new Set(scope.topics);
  let selected = available.filter((q) => wanted.has(q.queue.topic));
  if (scope.queues && scope.queues.length > 0) {
    const byKey = new Map(selected.map((q) => [queueKey(q.queue), q]));
    selected = scope.queues.map((ref) => {
      const q = byKey.get(queueKey(ref));
      if (!q) throw new RewindPlanError("unknown-queue", `queue ${queueLabelWithTopic(ref)} is not a queue of the chosen topics`);
      return q;
    });
  }
  return [...new Map(selected.map((q) => [queueKey(q.queue), q])).values()].sort((a, b) => compareQueues(a.queue, b.queue));
}

function requestedTarget(mode: RewindMode, q: RewindQueueInput, exact: ReadonlyMap<string, bigint>): bigint {
  switch (mode.kind) {
    case "earliest":
      return q.minOffset;
    case "latest":
      return q.maxOffset;
    case "timestamp":
      if (q.byTime === undefined) throw new RewindPlanError("invalid-mode", `no offset by time was read for ${queueLabelWithTopic(q.queue)}`);
      return q.byTime;
    case "shift":
      return (q.committed ?? q.minOffset) + mode.by;
    case "offsets": {
      const v = exact.get(queueKey(q.queue));
      if (v === undefined) throw new RewindPlanError("unknown-queue", `no target offset given for ${queueLabelWithTopic(q.queue)}`);
      return v;
    }
  }
}

function planQueue(mode: RewindMode, q: RewindQueueInput, exact: ReadonlyMap<string, bigint>): PlannedQueue {
  const notes: QueueNote[] = [];
  if (mode.kind === "shift" && q.committed === null) {
    // Nothing to shift from: leave the queue alone rather than invent a base.
    return { queue: q.queue, committed: null, minOffset: q.minOffset, maxOffset: q.maxOffset, requested: q.minOffset, target: q.minOffset, reconsume: null, skip: null, notes: ["no-committed-offset", "unchanged"] };
  }
  const requested = requestedTarget(mode, q, exact);
  let target = requested;
  if (mode.kind === "offsets" && !mode.clamp && (requested < q.minOffset || requested > q.maxOffset)) {
    throw new RewindPlanError(
      "offset-out-of-range",
      `offset ${fmt(requested)} for ${queueLabelWithTopic(q.queue)} is outside the retained range [${fmt(q.minOffset)}, ${fmt(q.maxOffset)}]`,
    );
  }
  if (target < q.minOffset) {
    target = q.minOffset;
    notes.push("clamped-to-min");
  } else if (target > q.maxOffset) {
    target = q.maxOffset;
    notes.push("clamped-to-max");
  }
  if (mode.kind === "timestamp" && q.earliestStoreMs !== undefined && q.earliestStoreMs !== null && mode.timestampMs < q.earliestStoreMs && target === q.minOffset) {
    notes.push("before-retention");
  }
  if (q.committed === null) notes.push("no-committed-offset");
  if (q.committed !== null && target === q.committed) notes.push("unchanged");
  const reconsume = q.committed === null ? null : q.committed > target ? q.committed - target : 0n;
  const skip = q.committed === null ? null : target > q.committed ? target - q.committed : 0n;
  return { queue: q.queue, committed: q.committed, minOffset: q.minOffset, maxOffset: q.maxOffset, requested, target, reconsume, skip, notes };
}

export function totalsOf(queues: readonly PlannedQueue[]): RewindTotals {
  let reconsume = 0n;
  let skip = 0n;
  let changed = 0;
  let withoutOffset = 0;
  let clamped = 0;
  for (const q of queues) {
    if (!q.notes.includes("unchanged")) changed++;
    if (q.committed === null) withoutOffset++;
    if (q.notes.includes("clamped-to-min") || q.notes.includes("clamped-to-max")) clamped++;
    reconsume += q.reconsume ?? 0n;
    skip += q.skip ?? 0n;
  }
  return { queues: queues.length, changed, reconsume, skip, withoutOffset, clamped };
}

/** A mode the legacy push can carry: by timestamp (earliest = 0, latest = -1) on every queue of the topic. */
export function legacyPushCarries(mode: RewindMode, scope: RewindScope): boolean {
  return (mode.kind === "timestamp" || mode.kind === "earliest" || mode.kind === "latest") && !(scope.queues && scope.queues.length > 0);
}

/** The legacy 222 timestamp for a mode the push can carry. */
export function legacyTimestampOf(mode: RewindMode): bigint {
  if (mode.kind === "latest") return -1n;
  if (mode.kind === "earliest") return 0n;
  if (mode.kind === "timestamp") return BigInt(mode.timestampMs);
  throw new RewindPlanError("invalid-mode", `the legacy reset cannot carry mode ${mode.kind}`);
}

function brokerPlan(b: RewindBrokerInput, mode: RewindMode, scope: RewindScope): BrokerPlan {
  const base = { brokerName: b.brokerName, address: b.address, version: b.version, path: b.path, clientsOnline: b.clientsOnline };
  const who = `${b.brokerName} (${b.version ?? "version unknown"})`;
  if (b.path === null) {
    return { ...base, method: null, explanation: `${who}: its reset path could not be determined (${b.pathError ?? "config not read"}); nothing will be sent to it.` };
  }
  if (b.path === "server-side") {
    return {
      ...base,
      method: "server-side",
      explanation:
        b.clientsOnline > 0
          ? `${who} resets server-side: the offsets are written at once; the ${b.clientsOnline} online client(s) drop their cached messages and resume at the target on their next pull of each queue.`
          : `${who} resets server-side: the offsets are written at once; consumers resume from them when they start.`,
    };
  }
  if (b.clientsOnline === 0) {
    return { ...base, method: "update-offset", explanation: `${who} uses the legacy reset and no client of the group is connected: the offsets are written per queue (UPDATE_CONSUMER_OFFSET), as mqadmin does for offline groups.` };
  }
  if (legacyPushCarries(mode, scope)) {
    return {
      ...base,
      method: "legacy-push",
      explanation: `${who} uses the legacy reset: the broker pushes the offsets to the ${b.clientsOnline} online client(s), which handle one broker's push at a time, pausing about 10 s for each, then commit them. If no client is connected, Tidemark writes the offsets per queue.`,
    };
  }
  return {
    ...base,
    method: "update-offset",
    explanation: `${who} uses the legacy reset, which cannot carry exact offsets or a queue selection: the offsets are written per queue and the ${b.clientsOnline} online client(s) will overwrite them with their own position within ~5 s. Stop the consumers first, or rewind whole topics by time.`,
  };
}

/**
 * Plans a rewind: per queue the target (clamped into [min, max]), re-consumed and skipped counts,
 * totals per topic and overall, per broker how it is sent, and the warnings the preview shows.
 * Throws RewindPlanError for input that cannot be planned (unknown topic/queue, exact offset out of range).
 */
export function planRewind(input: { available: readonly RewindQueueInput[]; scope: RewindScope; mode: RewindMode; context: RewindContext }): RewindPlan {
  const { mode, context } = input;
  let scope = input.scope;
  if (mode.kind === "offsets") {
    if (mode.offsets.length === 0) throw new RewindPlanError("empty-scope", "give at least one queue and offset");
    scope = { topics: [...new Set(mode.offsets.map((o) => o.queue.topic))], queues: mode.offsets.map((o) => o.queue) };
  }
  if (mode.kind === "timestamp" && !Number.isFinite(mode.timestampMs)) throw new RewindPlanError("invalid-mode", "the timestamp is not a valid date");
  const exact = new Map(mode.kind === "offsets" ? mode.offsets.map((o) => [queueKey(o.queue), o.offset] as const) : []);
  const selected = selectQueues(input.available, scope);
  const queues = selected.map((q) => planQueue(mode, q, exact));
  const topics = [...new Set(queues.map((q) => q.queue.topic))].sort();
  const byTopic = topics.map((topic) => ({ topic, totals: totalsOf(queues.filter((q) => q.queue.topic === topic)) }));
  const totals = totalsOf(queues);

  const brokerNames = new Set(queues.map((q) => q.queue.brokerName));
  const brokers = context.brokers
    .filter((b) => brokerNames.has(b.brokerName))
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName))
    .map((b) => brokerPlan(b, mode, scope));
  for (const name of brokerNames) {
    if (!brokers.some((b) => b.brokerName === name)) {
      brokers.push({ brokerName: name, address: "", version: null, path: null, clientsOnline: 0, method: null, explanation: `${name}: no master of this broker is in the topic route; nothing will be sent to it.` });
    }
  }

  const warnings: RewindWarning[] = [];
  const warn = (w: Omit<RewindWarning, "blocking"> & { blocking?: boolean }) => warnings.push({ ...w, blocking: w.blocking ?? false });
  const count = (note: QueueNote) => queues.filter((q) => q.notes.includes(note)).length;

  if (mode.kind === "timestamp" && mode.timestampMs > context.nowMs) {
    warn({ code: "timestamp-future", severity: "warning", message: `The timestamp is ${Math.round((mode.timestampMs - context.nowMs) / 1000)} s in the future: every queue goes to its newest offset, which skips the whole backlog.` });
  }
  if (count("before-retention") > 0) {
    warn({ code: "before-retention", severity: "warning", message: `${count("before-retention")} queue(s): the timestamp is older than the oldest retained message; they go to their min offset (older messages were deleted by retention).` });
  }
  if (count("clamped-to-min") > 0) {
    warn({ code: "clamped-to-min", severity: "warning", message: `${count("clamped-to-min")} queue(s): the target is earlier than the retained data and was clamped to the min offset.` });
  }
  if (count("clamped-to-max") > 0) {
    warn({ code: "clamped-to-max", severity: "warning", message: `${count("clamped-to-max")} queue(s): the target is beyond the newest offset and was clamped to the max offset.` });
  }
  if (count("no-committed-offset") > 0) {
    warn({
      code: "no-committed-offset",
      severity: "info",
      message:
        mode.kind === "shift"
          ? `${count("no-committed-offset")} queue(s) have no committed offset; a shift has nothing to move from, so they are left alone.`
          : `${count("no-committed-offset")} queue(s) have no committed offset yet (the group never committed there); after the rewind they start at the target instead of by ConsumeFromWhere.`,
    });
  }
  if (context.messageModel === "BROADCASTING") {
    warn({
      code: "broadcasting",
      severity: "danger",
      blocking: true,
      message:
        "BROADCASTING group: each client keeps its own offsets locally (LocalFileOffsetStore); the broker's offsets are not what the clients use, and a server-side reset reaches only the first client that pulls. Tidemark does not rewind broadcasting groups; reset the clients' offset stores instead.",
    });
  }
  if (context.consumeType === "CONSUME_ACTIVELY") {
    warn({ code: "pull-consumer", severity: "warning", message: "Pull / lite pull consumers manage their offsets themselves: they ignore the legacy push and may commit their own position over the reset. Pause them, or make sure they re-read the committed offset." });
  }
  if (context.pop || context.consumeType === "CONSUME_POP") {
    const legacy = brokers.filter((b) => b.method === "update-offset" || b.method === "legacy-push").map((b) => b.brokerName);
    if (legacy.length > 0) {
      warn({
        code: "pop-legacy",
        severity: "danger",
        message: `POP consumers (gRPC through a proxy, or POP mode): ${legacy.join(", ")} use${legacy.length === 1 ? "s" : ""} the legacy reset, which is pushed only to clients connected to the broker (gRPC clients are connected to the proxy) and falls back to writing offsets that the broker's POP buffer may override (RocketMQ issue #9038): the consumers may not rewind. Stop them while rewinding and verify the re-delivery after applying.`,
      });
    }
    if (brokers.some((b) => b.method === "server-side")) {
      warn({
        code: "pop-consumer",
        severity: "warning",
        message:
          "POP consumers: the broker takes the reset when each queue is next popped (server-side reset, checked on RocketMQ 5.3.3), so they receive again from the target. Messages already delivered and not yet acknowledged still come back after their invisible time (delivered twice), and the POP retry topic %RETRY%<group>_<topic> is not rewound.",
      });
    }
  }
  const online = context.brokers.filter((b) => brokerNames.has(b.brokerName)).reduce((n, b) => n + b.clientsOnline, 0) + (context.proxyClients ?? 0);
  if (online === 0) {
    warn({ code: "group-offline", severity: "info", message: "No consumer of the group is online: the offsets are written directly and take effect when consumers start (a stored offset always wins over ConsumeFromWhere)." });
  }
  for (const b of brokers) {
    if (b.method === null) warn({ code: "broker-unknown", severity: "danger", blocking: true, brokerName: b.brokerName, message: b.explanation });
    else if (b.method === "update-offset" && b.clientsOnline > 0) warn({ code: "legacy-overwrite", severity: "danger", brokerName: b.brokerName, message: b.explanation });
    else if (b.method === "legacy-push") warn({ code: "legacy-push-online", severity: "info", brokerName: b.brokerName, message: b.explanation });
    else if (b.method === "server-side" && b.clientsOnline > 0) warn({ code: "server-side-online", severity: "info", brokerName: b.brokerName, message: b.explanation });
  }
  if (totals.changed === 0) {
    warn({ code: "nothing-to-do", severity: "info", blocking: true, message: "Every selected queue is already at its target; there is nothing to apply." });
  }
  return { queues, byTopic, totals, brokers, warnings, blocked: warnings.some((w) => w.blocking) };
}

// ---- Drift between preview and apply ------------------------------------------------------------

export interface DriftInput {
  readonly queue: QueueRef;
  readonly committed: bigint | null;
}

export interface DriftEntry {
  readonly queue: QueueRef;
  readonly previewed: bigint | null;
  readonly current: bigint | null;
  readonly reason: string;
}

/** The smallest forward move always accepted (commit granularity: a 5 s commit lands at once). */
export const DRIFT_MIN_ALLOWANCE = 64n;

/**
 * Queues whose committed offset moved since the preview in a way normal consumption does not
 * explain: moved back (another rewind, a consumer reset), disappeared, or moved forward by more than
 * twice what the group's consume rate allows over the elapsed time (at least one commit interval).
 */
export function detectDrift(previewed: readonly DriftInput[], current: readonly DriftInput[], o: { elapsedMs: number; consumeTps: number; commitIntervalMs?: number }): DriftEntry[] {
  const now = new Map(current.map((q) => [queueKey(q.queue), q]));
  const seconds = Math.max(o.elapsedMs, o.commitIntervalMs ?? 10_000) / 1000;
  const allowance = BigInt(Math.ceil(Math.max(0, o.consumeTps) * seconds * 2));
  const limit = allowance > DRIFT_MIN_ALLOWANCE ? allowance : DRIFT_MIN_ALLOWANCE;
  const out: DriftEntry[] = [];
  for (const p of previewed) {
    const c = now.get(queueKey(p.queue));
    if (!c) {
      out.push({ queue: p.queue, previewed: p.committed, current: null, reason: "the queue is no longer in the group's offsets" });
      continue;
    }
    if (p.committed === null) continue; // a first commit since the preview is normal consumption
    if (c.committed === null) {
      out.push({ queue: p.queue, previewed: p.committed, current: null, reason: "the committed offset was removed" });
    } else if (c.committed < p.committed) {
      out.push({ queue: p.queue, previewed: p.committed, current: c.committed, reason: `moved back by ${fmt(p.committed - c.committed)} (another rewind or a consumer reset)` });
    } else if (c.committed - p.committed > limit) {
      out.push({ queue: p.queue, previewed: p.committed, current: c.committed, reason: `moved forward by ${fmt(c.committed - p.committed)}; the group's consume rate explains at most ${fmt(limit)}` });
    }
  }
  return out.sort((a, b) => compareQueues(a.queue, b.queue));
}

// ---- Verification after apply -------------------------------------------------------------------

export type VerifyOutcome = "pending" | "applied" | "overwritten" | "failed" | "unchanged" | "unconfirmed";

export interface VerifyQueueInput {
  readonly before: bigint | null;
  readonly target: bigint;
  readonly method: ResetMethod;
  readonly clientsOnline: boolean;
  /** The write to the broker failed (its message); the queue is failed. */
  readonly error?: string | undefined;
  /**
   * Legacy push to push consumers: by when the clients must have applied it (they take one broker's
   * push at a time and pause ~10 s for each). A 4.x client re-consuming from the target commits its
   * position with every pull, so the target itself may be visible for only milliseconds; once this time
   * has passed, a committed offset at or beyond the target counts as applied (stated in the detail).
   */
  readonly pushLandsByMs?: number | undefined;
}

export interface VerifyRead {
  readonly atMs: number;
  readonly committed: bigint | null;
}

export interface VerifyResult {
  readonly outcome: VerifyOutcome;
  /** The last committed offset read. */
  readonly after: bigint | null;
  readonly detail: string;
}

export interface VerifyTiming {
  /** When the reset was sent. */
  readonly appliedAtMs: number;
  readonly nowMs: number;
  /** How long a landed offset must hold with consumers online (one commit interval + margin). */
  readonly settleMs: number;
  /** Give up waiting for the offset to land after this long. */
  readonly timeoutMs: number;
}

/** Read-back of one queue after a reset: applied, overwritten by a consumer, failed, or still pending. */
export function verifyQueue(q: VerifyQueueInput, reads: readonly VerifyRead[], t: VerifyTiming): VerifyResult {
  const after = reads.length > 0 ? reads[reads.length - 1]!.committed : null;
  if (q.error) return { outcome: "failed", after, detail: q.error };
  if (q.before !== null && q.before === q.target) return { outcome: "unchanged", after, detail: "already at the target; nothing was sent" };
  const forward = q.before !== null && q.target > q.before;
  const landed = (c: bigint | null) => c !== null && (forward || q.before === null ? c >= q.target : c >= q.target && c < q.before);
  const landedAt = reads.findIndex((r) => landed(r.committed));
  if (landedAt >= 0) {
    const since = reads.slice(landedAt);
    const back = forward ? since.find((r) => r.committed !== null && r.committed < q.target) : undefined;
    const overwritten =
      back ??
      (!forward && q.before !== null && q.method === "update-offset" && q.clientsOnline ? since.find((r) => r.committed !== null && r.committed >= q.before!) : undefined);
    if (overwritten) {
      return {
        outcome: "overwritten",
        after,
        detail:
          q.method === "update-offset" && q.clientsOnline
            ? `a consumer committed ${fmt(overwritten.committed!)} over the reset: on the legacy path an online consumer keeps its own position in memory and commits it every ~5 s. Stop the consumers and rewind again, or rewind by time.`
            : `the committed offset went back to ${fmt(overwritten.committed!)} after the reset landed: a consumer committed its old position`,
      };
    }
    const heldMs = t.nowMs - reads[landedAt]!.atMs;
    if (!q.clientsOnline || heldMs >= t.settleMs) {
      return { outcome: "applied", after, detail: q.clientsOnline ? `landed at ${fmt(reads[landedAt]!.committed!)} and held for ${Math.round(heldMs / 1000)} s with consumers online` : `committed offset is ${fmt(reads[landedAt]!.committed!)}` };
    }
    return { outcome: "pending", after, detail: "landed; waiting one commit interval to see that consumers keep it" };
  }
  if (!forward && q.before !== null && q.method === "update-offset" && q.clientsOnline && reads.some((r) => r.committed !== null && r.committed >= q.before!) && t.nowMs - t.appliedAtMs >= t.settleMs) {
    return { outcome: "overwritten", after, detail: "an online consumer committed its own position over the offset written per queue (legacy path)" };
  }
  if (q.method === "legacy-push" && q.clientsOnline && q.pushLandsByMs !== undefined && !forward && t.nowMs >= q.pushLandsByMs + t.settleMs && after !== null && after >= q.target) {
    return {
      outcome: "applied",
      after,
      detail: `pushed to the online push consumers, which apply it within ~10 s per broker; the target was not read back because re-consumption moved the committed offset on faster than the read-back (4.x commits with every pull); committed offset now ${fmt(after)}`,
    };
  }
  const timeoutMs = q.pushLandsByMs !== undefined ? Math.max(t.timeoutMs, q.pushLandsByMs - t.appliedAtMs + t.settleMs + 10_000) : t.timeoutMs;
  if (t.nowMs - t.appliedAtMs >= timeoutMs) {
    return {
      outcome: "unconfirmed",
      after,
      detail:
        q.method === "legacy-push"
          ? `the online clients did not commit the pushed offset within ${Math.round(timeoutMs / 1000)} s (they pause ~10 s per broker's push, then commit); check the group again`
          : `the committed offset never read as the target within ${Math.round(timeoutMs / 1000)} s`,
    };
  }
  return { outcome: "pending", after, detail: q.method === "legacy-push" ? "waiting for the online clients to commit the pushed offset (~10-15 s)" : "waiting for the offset to read back" };
}

/** The outcome of a whole rewind from its queues. */
export function rewindOutcome(outcomes: readonly VerifyOutcome[]): "applied" | "partial" | "failed" | "overwritten" | "pending" {
  if (outcomes.some((o) => o === "pending")) return "pending";
  const moved = outcomes.filter((o) => o !== "unchanged");
  if (moved.length === 0) return "applied";
  if (moved.every((o) => o === "applied")) return "applied";
  if (moved.every((o) => o === "failed")) return "failed";
  if (moved.every((o) => o === "overwritten")) return "overwritten";
  return "partial";
}

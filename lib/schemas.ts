import { z } from "zod";

/**
 * DTOs shared by route handlers and components. int64 values travel as decimal strings
 * (design convention 10) and are parsed back to bigint where arithmetic is needed.
 */
export const int64 = z.string().regex(/^-?\d{1,19}$/, "an int64 as a decimal string");

export const clusterSummarySchema = z.object({
  name: z.string(),
  nameServers: z.array(z.string()),
  sandbox: z.boolean(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const brokerRowSchema = z.object({
  brokerName: z.string(),
  brokerId: z.number().int(),
  role: z.enum(["master", "slave"]),
  address: z.string(),
  reachable: z.boolean(),
  error: z.string().nullable(),
  version: z.string().nullable(),
  putTps: z.number().nullable(),
  getTps: z.number().nullable(),
  diskRatio: z.number().nullable(),
  bootTimestamp: int64.nullable(),
});
export type BrokerRow = z.infer<typeof brokerRowSchema>;

export const clusterOverviewSchema = z.object({
  name: z.string(),
  sandbox: z.boolean(),
  nameServers: z.array(z.string()),
  /** Set when the NameServers could not be read at all. */
  error: z.string().nullable(),
  brokers: z.array(brokerRowSchema),
  fetchedAt: z.number().int(),
});
export type ClusterOverview = z.infer<typeof clusterOverviewSchema>;

export const clusterParams = z.object({ cluster: z.string().min(1).max(64) });

/** A value we may not know (design convention 11): the reason travels with the gap. */
export const knownInt64 = z.object({ value: int64.nullable(), reason: z.string().optional() });
export type KnownInt64 = z.infer<typeof knownInt64>;

export const statusCode = z.enum(["OK", "WARN", "STALL", "STOP", "REWIND", "UNKNOWN"]);

export const consumerKindSchema = z.enum(["push", "pull", "grpc-simple", "grpc-push", "pop-push", "pop", "unknown"]);

export const groupRowSchema = z.object({
  group: z.string(),
  system: z.boolean(),
  topics: z.array(z.string()),
  messageModel: z.string().nullable(),
  consumeType: z.string().nullable(),
  /** Which kind of consumer (lib/domain/consumerKind): push, pull, gRPC Simple/Push via proxy, POP. */
  consumerKind: consumerKindSchema,
  onlineClients: z.number().int().nullable(),
  /** Business topics; `partial` when some queue or broker could not be read (the sum is then a lower bound). */
  lag: z.object({ value: int64.nullable(), partial: z.boolean(), reason: z.string().optional() }),
  retryLag: z.object({ value: int64.nullable(), partial: z.boolean(), reason: z.string().optional() }),
  lagTime: z.object({ ms: z.number().nullable(), kind: z.enum(["exact", "estimate", "unknown", "none"]), reason: z.string().optional() }),
  /** Committed-offset delta per second over our recent samples; null until two samples exist. */
  consumeRate: z.number().nullable(),
  rewound: z.boolean(),
  /** rewindId: the audited rewind that explains a REWIND status. */
  status: z.object({ code: statusCode, reason: z.string(), confidence: z.string(), rewindId: z.number().int().optional() }),
  fetchedAt: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type GroupRow = z.infer<typeof groupRowSchema>;

export const groupSortKeys = ["group", "topics", "model", "type", "lag", "retryLag", "lagTime", "consumeRate", "clients", "status", "age"] as const;

export const groupListQuery = z.object({
  search: z.string().max(200).optional(),
  model: z.enum(["CLUSTERING", "BROADCASTING", "unknown"]).optional(),
  status: statusCode.optional(),
  lagging: z.enum(["1", "0"]).optional(),
  system: z.enum(["1", "0"]).optional(),
  sort: z.enum(groupSortKeys).default("lag"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type GroupListQuery = z.infer<typeof groupListQuery>;

export const brokerFailureSchema = z.object({ brokerName: z.string(), address: z.string(), message: z.string() });

export const groupListSchema = z.object({
  cluster: z.string(),
  rows: z.array(groupRowSchema),
  total: z.number().int(),
  totalGroups: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  catalogFetchedAt: z.number().int().nullable(),
  sweep: z.object({ lastCompletedAt: z.number().int().nullable(), covered: z.number().int(), running: z.boolean() }),
  failures: z.array(brokerFailureSchema),
});
export type GroupList = z.infer<typeof groupListSchema>;

export const groupParams = z.object({ cluster: z.string().min(1).max(64), group: z.string().min(1).max(255) });

export const queueRowSchema = z.object({
  topic: z.string(),
  kind: z.string(),
  brokerName: z.string(),
  queueId: z.number().int(),
  minOffset: knownInt64,
  brokerOffset: knownInt64,
  committedOffset: knownInt64,
  lag: knownInt64,
  expired: knownInt64,
  inflight: knownInt64,
  /** Store time of the last consumed message (broker's lastTimestamp), ms; null when none. */
  lastConsumedStoreTime: z.number().nullable(),
  lagTime: z.object({ ms: z.number().nullable(), kind: z.enum(["exact", "estimate", "unknown", "none"]), reason: z.string().optional() }),
  flags: z.array(z.string()),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

export const topicTotalsSchema = z.object({ topic: z.string(), kind: z.string(), lag: z.object({ value: int64.nullable(), partial: z.boolean() }), queues: z.number().int() });

export const subscriptionSchema = z.object({ topic: z.string(), expression: z.string(), expressionType: z.string() });

export const groupDetailSchema = z.object({
  cluster: z.string(),
  group: z.string(),
  system: z.boolean(),
  exists: z.boolean(),
  messageModel: z.string().nullable(),
  consumeType: z.string().nullable(),
  consumerKind: consumerKindSchema,
  /** Where this kind's figures come from and which stay unknown; null for remoting push. */
  consumerKindNote: z.string().nullable(),
  /**
   * Messages written to the group's retry topics so far (sum of their broker offsets): failed push
   * consumes sent back, POP invisible-time expiries and nacks. Cumulative; null when unreadable.
   */
  retries: z.object({ value: int64.nullable(), topics: z.array(z.string()), reason: z.string().optional() }),
  consumeFromWhere: z.string().nullable(),
  /** "broker" for CLUSTERING, "clients" for BROADCASTING, null when unknown (offline). */
  offsetsStoredOn: z.enum(["broker", "clients"]).nullable(),
  orderly: z.boolean().nullable(),
  onlineClients: z.number().int(),
  subscriptions: z.array(subscriptionSchema),
  queues: z.array(queueRowSchema),
  topics: z.array(topicTotalsSchema),
  summary: groupRowSchema,
  failures: z.array(brokerFailureSchema),
  fetchedAt: z.number().int(),
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

export const clientRowSchema = z.object({
  clientId: z.string(),
  clientAddr: z.string(),
  /** For gRPC clients (proxy set) these are the proxy's constants (JAVA, its own version), not the client's. */
  language: z.string(),
  version: z.string(),
  brokers: z.array(z.string()),
  /** The proxy a gRPC client is connected to; null for remoting clients. */
  proxy: z.string().nullable(),
});
export const groupClientsSchema = z.object({
  cluster: z.string(),
  group: z.string(),
  online: z.boolean(),
  clients: z.array(clientRowSchema),
  subscriptions: z.array(subscriptionSchema),
  failures: z.array(brokerFailureSchema),
  fetchedAt: z.number().int(),
});
export type GroupClients = z.infer<typeof groupClientsSchema>;

export const processQueueRowSchema = z.object({
  topic: z.string(),
  brokerName: z.string(),
  queueId: z.number().int(),
  commitOffset: int64,
  cachedMsgMinOffset: int64,
  cachedMsgMaxOffset: int64,
  cachedMsgCount: z.number().int(),
  cachedMsgSizeInMiB: z.number().int(),
  locked: z.boolean(),
  tryUnlockTimes: int64,
  lastLockTimestamp: z.number(),
  dropped: z.boolean(),
  lastPullTimestamp: z.number(),
  lastConsumeTimestamp: z.number(),
  /** Broker's max offset for this queue (for broadcasting clients' own lag). */
  brokerOffset: int64.nullable(),
  /** brokerOffset - commitOffset, from this client's own offset. */
  clientLag: int64.nullable(),
  /** The broker's committed offset of this queue (null: not readable or none). */
  brokerCommitted: int64.nullable(),
  /** Re-consumption exposure: commitOffset - brokerCommitted (messages delivered again if this client crashed now); null: unknown, see exposureReason. */
  exposure: int64.nullable(),
  exposureReason: z.string().nullable(),
});
export const clientStatusSchema = z.object({
  topic: z.string(),
  pullRT: z.number(),
  pullTPS: z.number(),
  consumeRT: z.number(),
  consumeOKTPS: z.number(),
  consumeFailedTPS: z.number(),
  consumeFailedMsgs: int64,
});
export const badgeSchema = z.object({
  kind: z.string(),
  severity: z.enum(["info", "warning", "critical"]),
  clientId: z.string().nullable(),
  queue: z.object({ topic: z.string(), brokerName: z.string(), queueId: z.number().int() }).nullable(),
  sentence: z.string(),
  evidence: z.record(z.string(), z.string()),
});
export type Badge = z.infer<typeof badgeSchema>;
export const processQueuesSchema = z.object({
  cluster: z.string(),
  group: z.string(),
  messageModel: z.string().nullable(),
  clients: z.array(
    z.object({
      clientId: z.string(),
      ok: z.boolean(),
      error: z.string().nullable(),
      via: z.string().nullable(),
      version: z.string().nullable(),
      orderly: z.boolean().nullable(),
      /** The client's own subscriptions (from its running info): "topic (expression)". */
      subscriptions: z.array(z.string()),
      queues: z.array(processQueueRowSchema),
      /**
       * A gRPC client connected through a proxy: it consumes by POP and has no ProcessQueue, and its
       * running info cannot be read (the proxy does not relay 307); `error` says so. Not a failure.
       */
      grpc: z.boolean(),
      /** POP mode (remoting push with server-side assignment): per broker, messages popped and waiting for this client's ack. */
      popQueues: z.array(z.object({ topic: z.string(), brokerName: z.string(), queueId: z.number().int(), waitAckCount: z.number().int(), lastPopTimestamp: z.number(), dropped: z.boolean() })),
      status: z.array(clientStatusSchema),
    }),
  ),
  /** The group's consumer kind and what it means for the figures (see the group detail). */
  consumerKind: consumerKindSchema,
  consumerKindNote: z.string().nullable(),
  badges: z.array(badgeSchema),
  /** The group's re-consumption exposure: the sum over its queues (see lib/domain/exposure.ts). */
  exposure: z.object({ value: int64.nullable(), reason: z.string().nullable(), partial: z.boolean(), explanation: z.string() }),
  fetchedAt: z.number().int(),
});
export type ProcessQueues = z.infer<typeof processQueuesSchema>;

// ---- Lag history (issue 6) ----

/** `from`/`to` are epoch ms; `step` the bucket width in ms (default: the range / ~400 points, never below the sampling interval). */
const historyRange = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  step: z.coerce.number().int().min(1_000).max(86_400_000).optional(),
});
const fromBeforeTo = (q: { from?: number | undefined; to?: number | undefined }) => q.from === undefined || q.to === undefined || q.from < q.to;

/** A cluster's backlog history: the range only. */
export const clusterHistoryQuery = historyRange.refine(fromBeforeTo, { message: "from must be before to" });
/** A group's history: the range and how many queues get their own line. */
export const historyQuery = historyRange.extend({ top: z.coerce.number().int().min(1).max(20).default(5) }).refine(fromBeforeTo, { message: "from must be before to" });
export type HistoryQuery = z.infer<typeof historyQuery>;

/** One sample (raw) or the last sample of a step bucket (with the bucket's max lag). */
export const historyPointSchema = z.object({
  /** When the sample was read (epoch ms). */
  t: z.number().int(),
  /** Business topics' lag; null when unknown at that sample (broker down, group unreadable). */
  lag: int64.nullable(),
  /** Max lag seen within the bucket (equals `lag` for a single raw sample). */
  lagMax: int64.nullable(),
  retryLag: int64.nullable(),
  /** Lag in time of the oldest unconsumed message; `lagTimeExact` false when it is an upper-bound estimate. */
  lagTimeMs: z.number().nullable(),
  lagTimeExact: z.boolean(),
  onlineClients: z.number().int().nullable(),
  /** Messages/s over the interval ending at `t`; null on a gap, a rewind or the first point. */
  consumeRate: z.number().nullable(),
  produceRate: z.number().nullable(),
  /** The committed offset moved backwards in the interval ending at `t` (a rewind marker, never a negative rate). */
  rewind: z.boolean(),
  /** Some queue or broker was not readable: `lag` is a lower bound. */
  partial: z.boolean(),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const queueLagSeriesSchema = z.object({
  /** `topic|broker|queueId`, or "others" for the sum of the queues not in the top N. */
  key: z.string(),
  label: z.string(),
  others: z.boolean(),
  /** Queues in the series: 1, or how many the "others" series sums. */
  count: z.number().int(),
  points: z.array(z.object({ t: z.number().int(), lag: int64.nullable() })),
});
export type QueueLagSeries = z.infer<typeof queueLagSeriesSchema>;

export const etaStateSchema = z.enum(["caught-up", "draining", "will-not-drain", "stalled", "unknown"]);
export const etaSchema = z.object({
  state: etaStateSchema,
  etaMs: z.number().nullable(),
  atLeastMs: z.number().nullable(),
  partial: z.boolean(),
  reason: z.string(),
  worstQueue: z.string().nullable(),
  /** The window of samples the rates are averaged over. */
  windowMs: z.number().int(),
});
export type EtaDto = z.infer<typeof etaSchema>;

export const historyMarkerSchema = z.object({
  t: z.number().int(),
  kind: z.enum(["rewind", "broker-reset"]),
  text: z.string(),
  /** Set when the rewind was applied through Tidemark (audited): its id. */
  rewindId: z.number().int().optional(),
});
export type HistoryMarker = z.infer<typeof historyMarkerSchema>;

export const samplerStateSchema = z.object({
  running: z.boolean(),
  intervalMs: z.number().int(),
  lastCycleAt: z.number().int().nullable(),
  lastCycleMs: z.number().nullable(),
  cycles: z.number().int(),
  skippedCycles: z.number().int(),
  lastError: z.string().nullable(),
});
export type SamplerState = z.infer<typeof samplerStateSchema>;

export const groupHistorySchema = z.object({
  cluster: z.string(),
  group: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  step: z.number().int(),
  /** Consecutive points further apart than this are a gap (missed samples): draw no line across. */
  maxGapMs: z.number().int(),
  /** "raw": points are samples; "bucketed": the last sample of each step (older data is kept downsampled). */
  resolution: z.enum(["raw", "bucketed"]),
  points: z.array(historyPointSchema),
  queues: z.array(queueLagSeriesSchema),
  /** Catch-up estimate from the last `eta.windowMs` of samples, up to `to`. */
  eta: etaSchema,
  markers: z.array(historyMarkerSchema),
  sampler: samplerStateSchema,
});
export type GroupHistory = z.infer<typeof groupHistorySchema>;

export const sparklineQuery = z.object({
  groups: z
    .string()
    .max(20_000)
    .transform((s) => [...new Set(s.split(",").map((g) => g.trim()).filter((g) => g !== ""))])
    .pipe(z.array(z.string().max(255)).max(200)),
  minutes: z.coerce.number().int().min(5).max(7 * 24 * 60).default(60),
});

export const sparklinesSchema = z.object({
  cluster: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  step: z.number().int(),
  maxGapMs: z.number().int(),
  series: z.record(z.string(), z.array(z.object({ t: z.number().int(), lag: int64.nullable() }))),
});
export type Sparklines = z.infer<typeof sparklinesSchema>;

export const clusterHistoryPointSchema = z.object({
  t: z.number().int(),
  /** Sum of the business-topic lag of the groups read in the cycle. */
  totalLag: int64,
  groups: z.number().int(),
  groupsLagging: z.number().int(),
  /** Groups whose progress could not be read in the cycle (their lag is not in the total). */
  groupsFailed: z.number().int(),
});

export const clusterHistorySchema = z.object({
  cluster: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  step: z.number().int(),
  maxGapMs: z.number().int(),
  points: z.array(clusterHistoryPointSchema),
  /** The most lagging groups of the last sampled cycle. */
  topGroups: z.array(
    z.object({
      group: z.string(),
      lag: int64.nullable(),
      lagTimeMs: z.number().nullable(),
      /** false: lagTimeMs is an upper bound (store time of the first unconsumed message not read). */
      lagTimeExact: z.boolean(),
      onlineClients: z.number().int().nullable(),
      t: z.number().int(),
    }),
  ),
  sampler: samplerStateSchema,
});
export type ClusterHistory = z.infer<typeof clusterHistorySchema>;

// ---- Users, sessions, API tokens (issue 7) ----

export const roleSchema = z.enum(["viewer", "operator", "admin"]);
export type RoleName = z.infer<typeof roleSchema>;

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export const meSchema = z.object({
  /** "off": TIDEMARK_AUTH=off, everyone is the local admin (the UI shows a warning banner). */
  authMode: z.enum(["on", "off"]),
  user: z.object({ username: z.string(), role: roleSchema, via: z.enum(["session", "token", "auth-off"]) }),
});
export type Me = z.infer<typeof meSchema>;

export const userRowSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.number().int(),
});
export type UserRow = z.infer<typeof userRowSchema>;
export const usersSchema = z.object({ users: z.array(userRowSchema) });

export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, '.', '_' and '-' only");
export const createUserBody = z.object({ username: usernameSchema, password: z.string().min(12, "at least 12 characters").max(256), role: roleSchema });
export const updateUserBody = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(12, "at least 12 characters").max(256).optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, { message: "nothing to change" });
export const userParams = z.object({ id: z.coerce.number().int().min(1) });

export const tokenRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the token, to recognise it; the token itself is shown once, at creation. */
  prefix: z.string(),
  role: roleSchema,
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type TokenRow = z.infer<typeof tokenRowSchema>;
export const tokensSchema = z.object({ tokens: z.array(tokenRowSchema) });
export const createTokenBody = z.object({ name: z.string().trim().min(1).max(64), role: roleSchema });
export const createdTokenSchema = z.object({ token: z.string(), row: tokenRowSchema });
export const tokenParams = z.object({ id: z.coerce.number().int().min(1) });

export const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  actorKind: z.enum(["session", "token", "system", "auth-off"]),
  action: z.string(),
  target: z.string(),
  details: z.string(),
  /** Empty for the console's own actions (first-start admin). */
  ip: z.string(),
  outcome: z.enum(["ok", "denied", "error"]),
});
export const auditListSchema = z.object({ entries: z.array(auditRowSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AuditList = z.infer<typeof auditListSchema>;
export const auditQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) });

// ---- Rewinds (issue 8) -------------------------------------------------------------------------------

export const queueRefSchema = z.object({
  topic: z.string().min(1).max(255),
  brokerName: z.string().min(1).max(255),
  queueId: z.number().int().min(0).max(65_535),
});
export type QueueRefDto = z.infer<typeof queueRefSchema>;

/** ISO 8601 with an explicit zone ("2026-11-21T10:00:00Z", "...+08:00") or epoch milliseconds. */
export const timestampInput = z
  .string()
  .trim()
  .refine((s) => /^\d{10,15}$/.test(s) || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && Number.isFinite(Date.parse(s))), {
    message: "the timestamp must be ISO 8601 with a time zone (e.g. 2026-11-21T10:00:00Z or 2026-11-21T18:00:00+08:00) or epoch milliseconds",
  });

const uint64 = z.string().regex(/^\d{1,19}$/, "an offset as a non-negative decimal string");

export const rewindModeInput = z.discriminatedUnion("kind", [
  /** To a point in time: `at` (absolute) or `agoMinutes` (relative to now, e.g. 10, 90, 1440). */
  z
    .object({ kind: z.literal("timestamp"), at: timestampInput.optional(), agoMinutes: z.number().positive().max(60 * 24 * 366).optional() })
    .refine((m) => (m.at === undefined) !== (m.agoMinutes === undefined), { message: "give either at or agoMinutes" }),
  z.object({ kind: z.literal("earliest") }),
  z.object({ kind: z.literal("latest") }),
  z.object({ kind: z.literal("offsets"), offsets: z.array(queueRefSchema.extend({ offset: uint64 })).min(1).max(4096) }),
  z.object({ kind: z.literal("shift"), by: int64.refine((s) => BigInt(s) !== 0n, { message: "shift by a non-zero number of messages" }) }),
]);
export type RewindModeInput = z.infer<typeof rewindModeInput>;

export const rewindPreviewBody = z.object({
  mode: rewindModeInput,
  /** Topics in scope (ignored for mode "offsets", whose queues are the scope); `queues` narrows to some queues. */
  scope: z.object({ topics: z.array(z.string().min(1).max(255)).max(64).default([]), queues: z.array(queueRefSchema).max(4096).optional() }).default({ topics: [] }),
});
export type RewindPreviewBody = z.infer<typeof rewindPreviewBody>;

export const rewindApplyBody = z.object({
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
  /** The group name typed by the operator: must equal the group. */
  confirmGroup: z.string(),
  /** Apply although the committed offsets moved since the preview (after reading the 409's drift list). */
  acceptDrift: z.boolean().optional(),
});
export type RewindApplyBody = z.infer<typeof rewindApplyBody>;

export const rewindIdParams = z.object({ id: z.coerce.number().int().positive() });

export const rewindOutcomeSchema = z.enum(["applied", "partial", "failed", "overwritten"]);
export const rewindStateSchema = z.enum(["previewed", "applying", "verifying", "done", "expired"]);
export const rewindQueueOutcomeSchema = z.enum(["planned", "pending", "applied", "overwritten", "failed", "unchanged", "unconfirmed"]);

export const rewindTotalsSchema = z.object({
  queues: z.number().int(),
  changed: z.number().int(),
  reconsume: int64,
  skip: int64,
  withoutOffset: z.number().int(),
  clamped: z.number().int(),
});

export const rewindWarningSchema = z.object({
  code: z.string(),
  severity: z.enum(["info", "warning", "danger"]),
  message: z.string(),
  blocking: z.boolean(),
  brokerName: z.string().optional(),
});

export const rewindBrokerSchema = z.object({
  brokerName: z.string(),
  address: z.string(),
  version: z.string().nullable(),
  path: z.enum(["server-side", "legacy"]).nullable(),
  clientsOnline: z.number().int(),
  method: z.enum(["server-side", "legacy-push", "update-offset"]).nullable(),
  explanation: z.string(),
  /** Apply progress: planned -> sending -> sent | fell-back | failed. */
  state: z.enum(["planned", "sending", "sent", "fell-back", "failed"]),
  error: z.string().optional(),
  queuesSent: z.number().int(),
  queuesFailed: z.number().int(),
  durationMs: z.number().nullable(),
});

export const rewindQueueSchema = z.object({
  topic: z.string(),
  brokerName: z.string(),
  queueId: z.number().int(),
  previewed: int64.nullable(),
  before: int64.nullable(),
  target: int64,
  minOffset: int64,
  maxOffset: int64,
  after: int64.nullable(),
  reconsume: int64.nullable(),
  skip: int64.nullable(),
  notes: z.array(z.string()),
  method: z.string().nullable(),
  outcome: rewindQueueOutcomeSchema,
  detail: z.string(),
});
export type RewindQueueDto = z.infer<typeof rewindQueueSchema>;

export const rewindSummarySchema = z.object({
  id: z.number().int(),
  cluster: z.string(),
  group: z.string(),
  topics: z.array(z.string()),
  mode: z.string(),
  /** One line: "to 2026-11-21 10:00:00 UTC (10 minutes before the preview)", "shift by -100", ... */
  modeText: z.string(),
  state: rewindStateSchema,
  outcome: rewindOutcomeSchema.nullable(),
  createdAtMs: z.number().int(),
  actor: z.string(),
  appliedAtMs: z.number().int().nullable(),
  appliedBy: z.string().nullable(),
  reason: z.string().nullable(),
  finishedAtMs: z.number().int().nullable(),
  undoOfId: z.number().int().nullable(),
  totals: rewindTotalsSchema,
});
export type RewindSummary = z.infer<typeof rewindSummarySchema>;

export const rewindSchema = rewindSummarySchema.extend({
  params: z.record(z.string(), z.unknown()),
  /** Apply must happen before this (a stale preview is refused). */
  expiresAtMs: z.number().int(),
  warnings: z.array(rewindWarningSchema),
  blocked: z.boolean(),
  brokers: z.array(rewindBrokerSchema),
  byTopic: z.array(z.object({ topic: z.string(), totals: rewindTotalsSchema })),
  queues: z.array(rewindQueueSchema),
  /** Ids of rewinds that undo this one. */
  undoneBy: z.array(z.number().int()),
  timing: z.object({ previewMs: z.number().nullable(), sendMs: z.number().nullable(), verifyMs: z.number().nullable() }),
});
export type RewindDto = z.infer<typeof rewindSchema>;

export const rewindListQuery = z.object({
  cluster: z.string().max(64).optional(),
  group: z.string().max(255).optional(),
  actor: z.string().max(64).optional(),
  outcome: rewindOutcomeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export const rewindListSchema = z.object({
  rewinds: z.array(rewindSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type RewindList = z.infer<typeof rewindListSchema>;

export const rewindDriftSchema = z.object({
  drift: z.array(queueRefSchema.extend({ previewed: int64.nullable(), current: int64.nullable(), reason: z.string() })),
});

// ---- alerts (issue 9) ----

export const alertSeveritySchema = z.enum(["info", "warning", "critical"]);
export const alertPhaseSchema = z.enum(["pending", "firing", "resolved"]);
export const statusCodeSchema = statusCode;
export const channelKindSchema = z.enum(["webhook", "slack", "dingtalk", "feishu"]);

/** A rule's condition as JSON (thresholds in messages as int64 strings). */
export const alertConditionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("lag-messages"), threshold: z.string().regex(/^\d{1,19}$/, "a message count as a decimal string") }),
  z.object({ kind: z.literal("lag-seconds"), thresholdSeconds: z.number().int().min(1).max(365 * 86_400) }),
  z.object({ kind: z.literal("eta"), maxSeconds: z.number().int().min(1).max(365 * 86_400) }),
  z.object({ kind: z.literal("status"), statuses: z.array(z.enum(["WARN", "STALL", "STOP", "REWIND"])).min(1) }),
  z.object({ kind: z.literal("no-clients") }),
]);
export type AlertConditionDto = z.infer<typeof alertConditionSchema>;

const pattern = z.string().trim().max(255).default("*");

export const alertRuleInput = z.object({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean().default(true),
  clusterPattern: pattern,
  groupPattern: pattern,
  topicPattern: pattern,
  condition: alertConditionSchema,
  /** How long the condition must hold before the alert fires (0 = at once), in seconds. */
  forSeconds: z.number().int().min(0).max(7 * 86_400),
  severity: alertSeveritySchema,
});
export type AlertRuleInput = z.infer<typeof alertRuleInput>;

export const alertRuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  clusterPattern: z.string(),
  groupPattern: z.string(),
  topicPattern: z.string(),
  condition: alertConditionSchema,
  /** The condition in words, e.g. "lag > 100,000 messages". */
  conditionText: z.string(),
  forSeconds: z.number().int(),
  severity: alertSeveritySchema,
  updatedAtMs: z.number().int(),
  updatedBy: z.string(),
  /** Alerts of this rule now pending or firing. */
  open: z.number().int(),
});
export type AlertRuleDto = z.infer<typeof alertRuleSchema>;
export const alertRuleListSchema = z.object({ rules: z.array(alertRuleSchema) });
export type AlertRuleList = z.infer<typeof alertRuleListSchema>;

export const deliverySchema = z.object({
  id: z.number().int(),
  channelId: z.number().int(),
  channelName: z.string(),
  event: z.enum(["firing", "resolved", "test"]),
  state: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAtMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  createdAtMs: z.number().int(),
  deliveredAtMs: z.number().int().nullable(),
});
export type DeliveryDto = z.infer<typeof deliverySchema>;

/** What the console saw of the group when the alert fired (or at its latest evaluation while pending). */
export const alertSnapshotSchema = z.object({
  status: statusCodeSchema.nullable(),
  statusReason: z.string().nullable(),
  lag: int64.nullable(),
  lagSeconds: z.number().nullable(),
  eta: z.object({ state: z.string(), seconds: z.number().nullable() }).nullable(),
  clientsOnline: z.number().int().nullable(),
  /** Set when the group's status was REWIND and an audited rewind explains it. */
  rewindId: z.number().int().nullable(),
  /** The consumers' ProcessQueue diagnosis read when the alert fired (absent: not read, e.g. while pending). */
  diagnosis: z.object({ atMs: z.number().int(), badges: z.array(badgeSchema), error: z.string().nullable() }).optional(),
});
export type AlertSnapshot = z.infer<typeof alertSnapshotSchema>;

export const alertSummarySchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int().nullable(),
  ruleName: z.string(),
  conditionText: z.string(),
  severity: alertSeveritySchema,
  phase: alertPhaseSchema,
  cluster: z.string(),
  group: z.string(),
  sinceMs: z.number().int(),
  firedAtMs: z.number().int().nullable(),
  resolvedAtMs: z.number().int().nullable(),
  evidence: z.string(),
  lastValue: z.string(),
  lastEvaluatedAtMs: z.number().int(),
  snapshot: alertSnapshotSchema,
  ack: z.object({ atMs: z.number().int(), by: z.string(), comment: z.string() }).nullable(),
  silence: z.object({ untilMs: z.number().int(), by: z.string(), comment: z.string() }).nullable(),
  /** Worst delivery state of its notifications: failed > pending > delivered; null when none was sent. */
  delivery: z.enum(["pending", "delivered", "failed"]).nullable(),
});
export type AlertSummary = z.infer<typeof alertSummarySchema>;

export const alertSchema = alertSummarySchema.extend({
  deliveries: z.array(deliverySchema),
  /** The chart range the triage view opens: from a while before the condition started to its end or now. */
  range: z.object({ from: z.number().int(), to: z.number().int() }),
});
export type AlertDto = z.infer<typeof alertSchema>;

export const alertListQuery = z.object({
  /** "open" = pending + firing (default), or one phase, or "all". */
  phase: z.enum(["open", "pending", "firing", "resolved", "all"]).default("open"),
  cluster: z.string().max(64).optional(),
  group: z.string().max(255).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const alertListSchema = z.object({
  /** Firing first (critical before warning before info), then pending, then resolved; newest first within. */
  alerts: z.array(alertSummarySchema),
  total: z.number().int(),
  counts: z.object({ firing: z.number().int(), pending: z.number().int(), resolved: z.number().int() }),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** When the rules were last evaluated (after a sampler cycle); null before the first. */
  lastEvaluatedAtMs: z.number().int().nullable(),
});
export type AlertList = z.infer<typeof alertListSchema>;

export const alertAckInput = z.object({ comment: z.string().trim().min(1).max(1000) });
export const alertSilenceInput = z.object({
  /** 0 removes a silence. */
  minutes: z.number().int().min(0).max(30 * 24 * 60),
  comment: z.string().trim().max(1000).default(""),
});

const channelUrl = z.string().trim().url().max(2000).refine((u) => /^https?:\/\//.test(u), "an http(s) URL");

export const channelInput = z.object({
  name: z.string().trim().min(1).max(120),
  kind: channelKindSchema,
  url: channelUrl,
  /** DingTalk / Feishu signing secret; omitted keeps the stored one, "" removes it. */
  secret: z.string().max(500).optional(),
  enabled: z.boolean().default(true),
  minSeverity: alertSeveritySchema.default("info"),
});
export type ChannelInput = z.infer<typeof channelInput>;
/** PUT: an omitted URL keeps the stored one (the API only ever returns it masked). */
export const channelUpdateInput = channelInput.extend({ url: channelUrl.optional() });
export type ChannelUpdateInput = z.infer<typeof channelUpdateInput>;

export const channelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: channelKindSchema,
  /** The URL with its path's secret part masked for display (e.g. Slack's token). */
  urlMasked: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  minSeverity: alertSeveritySchema,
  updatedAtMs: z.number().int(),
  updatedBy: z.string(),
  /** The latest delivery to this channel (test or alert). */
  lastDelivery: deliverySchema.nullable(),
});
export type ChannelDto = z.infer<typeof channelSchema>;
export const channelListSchema = z.object({ channels: z.array(channelSchema) });
export type ChannelList = z.infer<typeof channelListSchema>;
export const alertIdParams = z.object({ id: z.coerce.number().int().positive() });

import type { Alert, AlertRule, Delivery, NotificationChannel, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Alert rules, alerts, notification channels and deliveries: the only place that reads or writes them.
 * Conditions and snapshots are JSON text; times are epoch-ms bigints.
 */

export type AlertRuleRecord = AlertRule;
export type AlertRecord = Alert;
export type ChannelRecord = NotificationChannel;
export type DeliveryRecord = Delivery;

export interface RuleFields {
  readonly name: string;
  readonly enabled: boolean;
  readonly clusterPattern: string;
  readonly groupPattern: string;
  readonly topicPattern: string;
  readonly condition: string;
  readonly forMs: number;
  readonly severity: string;
}

const SEED_MARK = "seed:default-alert-rules";

/**
 * Inserts the default rules once per database (recorded next to the migrations), so rules an admin
 * deleted do not come back at the next start.
 */
export async function seedRulesOnce(db: PrismaClient, rules: readonly RuleFields[], nowMs: bigint): Promise<boolean> {
  const done = await db.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_tidemark_migrations" WHERE "name" = ?', SEED_MARK);
  if (done.length > 0) return false;
  await db.$transaction([
    ...rules.map((r) => db.alertRule.create({ data: { ...r, createdAtMs: nowMs, updatedAtMs: nowMs, updatedBy: "system" } })),
    db.$executeRawUnsafe('INSERT OR IGNORE INTO "_tidemark_migrations" ("name", "checksum", "applied_at") VALUES (?, ?, ?)', SEED_MARK, "", Number(nowMs)),
  ]);
  return true;
}

export const listRules = (db: PrismaClient) => db.alertRule.findMany({ orderBy: { id: "asc" } });
export const getRule = (db: PrismaClient, id: number) => db.alertRule.findUnique({ where: { id } });
export const createRule = (db: PrismaClient, fields: RuleFields, by: string, nowMs: bigint) =>
  db.alertRule.create({ data: { ...fields, createdAtMs: nowMs, updatedAtMs: nowMs, updatedBy: by } });
export const updateRule = (db: PrismaClient, id: number, fields: RuleFields, by: string, nowMs: bigint) =>
  db.alertRule.update({ where: { id }, data: { ...fields, updatedAtMs: nowMs, updatedBy: by } });
export const deleteRule = (db: PrismaClient, id: number) => db.alertRule.delete({ where: { id } });

/** Open (pending or firing) alerts per rule. */
export async function openCountsByRule(db: PrismaClient): Promise<Map<number, number>> {
  const rows = await db.alert.groupBy({ by: ["ruleId"], where: { phase: { in: ["pending", "firing"] } }, _count: { _all: true } });
  return new Map(rows.filter((r) => r.ruleId !== null).map((r) => [r.ruleId!, r._count._all]));
}

export const openAlertsOf = (db: PrismaClient, cluster: string) => db.alert.findMany({ where: { cluster, phase: { in: ["pending", "firing"] } } });

export interface NewAlert {
  readonly ruleId: number;
  readonly cluster: string;
  readonly group: string;
  readonly phase: "pending" | "firing";
  readonly severity: string;
  readonly ruleName: string;
  readonly conditionText: string;
  readonly sinceMs: bigint;
  readonly firedAtMs: bigint | null;
  readonly evidence: string;
  readonly lastValue: string;
  readonly lastEvaluatedAtMs: bigint;
  readonly snapshot: string;
  readonly silencedUntilMs: bigint | null;
  readonly silencedBy: string | null;
  readonly silenceComment: string | null;
}

export type AlertChange = Partial<Pick<Alert, "phase" | "firedAtMs" | "resolvedAtMs" | "evidence" | "lastValue" | "lastEvaluatedAtMs" | "snapshot" | "severity" | "ruleName" | "conditionText">>;

export const createAlert = (db: PrismaClient, a: NewAlert) => db.alert.create({ data: a });

/** New pending alerts in one statement. */
export async function createAlerts(db: PrismaClient, alerts: readonly NewAlert[]): Promise<void> {
  if (alerts.length > 0) await db.alert.createMany({ data: [...alerts] });
}

export async function deleteAlerts(db: PrismaClient, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await db.alert.deleteMany({ where: { id: { in: [...ids] } } });
}

/** Many small updates in one transaction (transitions and the latest value of open alerts each cycle). */
export async function updateAlerts(db: PrismaClient, changes: ReadonlyArray<{ id: number; change: AlertChange }>): Promise<void> {
  if (changes.length === 0) return;
  // updateMany: no read-back of each row (update() selects it again), which halves the statements
  await db.$transaction(changes.map(({ id, change }) => db.alert.updateMany({ where: { id }, data: change })));
}

/**
 * Silences still running on alerts of a cluster: a new alert of the same rule and group inherits one
 * (the latest ending wins).
 */
export const activeSilencesOf = (db: PrismaClient, cluster: string, nowMs: bigint) =>
  db.alert.findMany({ where: { cluster, silencedUntilMs: { gt: nowMs } }, orderBy: { silencedUntilMs: "asc" } });

export interface AlertQuery {
  readonly phases: readonly string[];
  readonly cluster?: string | undefined;
  readonly group?: string | undefined;
  readonly limit: number;
}

export async function findAlerts(db: PrismaClient, q: AlertQuery): Promise<{ alerts: Alert[]; counts: Record<string, number> }> {
  const scope = { ...(q.cluster ? { cluster: q.cluster } : {}), ...(q.group ? { group: q.group } : {}) };
  const [alerts, grouped] = await Promise.all([
    db.alert.findMany({ where: { ...scope, phase: { in: [...q.phases] } }, orderBy: [{ sinceMs: "desc" }, { id: "desc" }], take: q.limit }),
    db.alert.groupBy({ by: ["phase"], where: scope, _count: { _all: true } }),
  ]);
  return { alerts, counts: Object.fromEntries(grouped.map((g) => [g.phase, g._count._all])) };
}

export const getAlert = (db: PrismaClient, id: number) => db.alert.findUnique({ where: { id } });
export const ackAlert = (db: PrismaClient, id: number, by: string, comment: string, atMs: bigint) =>
  db.alert.update({ where: { id }, data: { ackAtMs: atMs, ackBy: by, ackComment: comment } });
export const silenceAlert = (db: PrismaClient, id: number, by: string, comment: string, untilMs: bigint | null) =>
  db.alert.update({ where: { id }, data: untilMs === null ? { silencedUntilMs: null, silencedBy: null, silenceComment: null } : { silencedUntilMs: untilMs, silencedBy: by, silenceComment: comment } });

/** The worst delivery state per alert: failed > pending > delivered. */
export async function deliveryStates(db: PrismaClient, alertIds: readonly number[]): Promise<Map<number, "pending" | "delivered" | "failed">> {
  if (alertIds.length === 0) return new Map();
  const rows = await db.delivery.groupBy({ by: ["alertId", "state"], where: { alertId: { in: [...alertIds] } } });
  const rank = { delivered: 0, pending: 1, failed: 2 } as const;
  const out = new Map<number, "pending" | "delivered" | "failed">();
  for (const r of rows) {
    if (r.alertId === null) continue;
    const s = r.state as keyof typeof rank;
    const prev = out.get(r.alertId);
    if (prev === undefined || rank[s] > rank[prev]) out.set(r.alertId, s);
  }
  return out;
}

// ---- channels and deliveries ----

export interface ChannelFields {
  readonly name: string;
  readonly kind: string;
  readonly url: string;
  readonly secret: string | null;
  readonly enabled: boolean;
  readonly minSeverity: string;
}

export const listChannels = (db: PrismaClient) => db.notificationChannel.findMany({ orderBy: { id: "asc" } });
export const getChannel = (db: PrismaClient, id: number) => db.notificationChannel.findUnique({ where: { id } });
export const createChannel = (db: PrismaClient, f: ChannelFields, by: string, nowMs: bigint) =>
  db.notificationChannel.create({ data: { ...f, createdAtMs: nowMs, updatedAtMs: nowMs, updatedBy: by } });
export const updateChannel = (db: PrismaClient, id: number, f: Partial<ChannelFields>, by: string, nowMs: bigint) =>
  db.notificationChannel.update({ where: { id }, data: { ...f, updatedAtMs: nowMs, updatedBy: by } });
export const deleteChannel = (db: PrismaClient, id: number) => db.notificationChannel.delete({ where: { id } });

export const createDelivery = (db: PrismaClient, d: { channelId: number; alertId: number | null; event: string; payload: string; nowMs: bigint }) =>
  db.delivery.create({ data: { channelId: d.channelId, alertId: d.alertId, event: d.event, payload: d.payload, state: "pending", nextAttemptAtMs: d.nowMs, createdAtMs: d.nowMs } });
export const dueDeliveries = (db: PrismaClient, nowMs: bigint, limit: number) =>
  db.delivery.findMany({ where: { state: "pending", nextAttemptAtMs: { lte: nowMs } }, orderBy: { nextAttemptAtMs: "asc" }, take: limit, include: { channel: true } });
export const nextDueAt = async (db: PrismaClient): Promise<bigint | null> =>
  (await db.delivery.findFirst({ where: { state: "pending" }, orderBy: { nextAttemptAtMs: "asc" }, select: { nextAttemptAtMs: true } }))?.nextAttemptAtMs ?? null;
export const recordAttempt = (
  db: PrismaClient,
  id: number,
  r: { state: "pending" | "delivered" | "failed"; attempts: number; nextAttemptAtMs: bigint; lastError: string | null; lastStatus: number | null; deliveredAtMs: bigint | null },
) => db.delivery.update({ where: { id }, data: r, include: { channel: true } });
export const deliveriesOf = (db: PrismaClient, alertId: number) =>
  db.delivery.findMany({ where: { alertId }, orderBy: { id: "asc" }, include: { channel: { select: { name: true } } } });
export const lastDeliveryPerChannel = async (db: PrismaClient, channelIds: readonly number[]) => {
  const rows = await Promise.all(channelIds.map((channelId) => db.delivery.findFirst({ where: { channelId }, orderBy: { id: "desc" }, include: { channel: { select: { name: true } } } })));
  return new Map(rows.filter((r) => r !== null).map((r) => [r.channelId, r]));
};

/** Open alerts per phase and severity, and deliveries per state (for /metrics). */
export async function alertCounts(db: PrismaClient): Promise<{ open: Array<{ phase: string; severity: string; n: number }>; deliveries: Array<{ state: string; n: number }> }> {
  const [open, deliveries] = await Promise.all([
    db.alert.groupBy({ by: ["phase", "severity"], where: { phase: { in: ["pending", "firing"] } }, _count: { _all: true } }),
    db.delivery.groupBy({ by: ["state"], _count: { _all: true } }),
  ]);
  return { open: open.map((r) => ({ phase: r.phase, severity: r.severity, n: r._count._all })), deliveries: deliveries.map((r) => ({ state: r.state, n: r._count._all })) };
}

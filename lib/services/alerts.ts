import {
  conditionText,
  DEFAULT_RULES,
  evaluateCondition,
  matchesPattern,
  notifies,
  ruleSelects,
  stepAlert,
  type AlertCondition,
  type AlertRule,
  type AlertSeverity,
  type AlertState,
  type GroupObservation,
} from "@/lib/domain/alerts";
import type { MetricFamily } from "@/lib/domain/prometheus";
import {
  ackAlert,
  alertCounts,
  activeSilencesOf,
  createAlert,
  createAlerts,
  createRule,
  deleteAlerts,
  deleteRule,
  deliveriesOf,
  deliveryStates,
  findAlerts,
  getAlert as readAlert,
  getRule,
  listRules,
  openAlertsOf,
  openCountsByRule,
  seedRulesOnce,
  silenceAlert,
  updateAlerts,
  updateRule,
  type AlertChange,
  type AlertRecord,
  type AlertRuleRecord,
  type NewAlert,
  type RuleFields,
} from "@/lib/data/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  alertConditionSchema,
  alertSnapshotSchema,
  type AlertConditionDto,
  type AlertDto,
  type AlertList,
  type AlertRuleDto,
  type AlertRuleInput,
  type AlertRuleList,
  type AlertSnapshot,
  type AlertSummary,
  type Badge,
} from "@/lib/schemas";
import { ApiError } from "@/lib/server/errors";
import { appDatabase } from "./database";
import { deliveryDto, type Notifier } from "./notifications";

/**
 * Alert evaluation after each sampler cycle, and the alert / rule views.
 *
 * Per cluster and cycle: every enabled rule is tested on every group it selects (lib/domain/alerts.ts);
 * only transitions write (a pending alert is created, fires, resolves, or is dropped), plus the latest
 * value of open alerts when it changed. Fired and resolved alerts are handed to the Notifier unless
 * silenced. An open alert whose rule was disabled, deleted or no longer selects its group is closed.
 */

// ---- rules: storage form <-> domain ----

export function conditionOf(json: string): AlertCondition {
  const c = alertConditionSchema.parse(JSON.parse(json));
  return c.kind === "lag-messages" ? { kind: "lag-messages", threshold: BigInt(c.threshold) } : c;
}

export function conditionJson(c: AlertCondition | AlertConditionDto): string {
  return JSON.stringify(c.kind === "lag-messages" ? { kind: c.kind, threshold: c.threshold.toString() } : c);
}

export function ruleOf(r: AlertRuleRecord): AlertRule {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    clusterPattern: r.clusterPattern,
    groupPattern: r.groupPattern,
    topicPattern: r.topicPattern,
    condition: conditionOf(r.condition),
    forMs: r.forMs,
    severity: r.severity as AlertSeverity,
  };
}

const fieldsOf = (r: Omit<AlertRule, "id">): RuleFields => ({
  name: r.name,
  enabled: r.enabled,
  clusterPattern: r.clusterPattern,
  groupPattern: r.groupPattern,
  topicPattern: r.topicPattern,
  condition: conditionJson(r.condition),
  forMs: r.forMs,
  severity: r.severity,
});

export const seedDefaultRules = (db: PrismaClient, nowMs: number) => seedRulesOnce(db, DEFAULT_RULES.map(fieldsOf), BigInt(nowMs));

// ---- evaluation ----

export interface EvaluationReport {
  readonly cluster: string;
  readonly groups: number;
  readonly checks: number;
  readonly pending: number;
  readonly fired: number;
  readonly resolved: number;
  readonly dropped: number;
  readonly notifications: number;
  readonly ms: number;
}

export interface AlertEngineOptions {
  readonly db: PrismaClient;
  readonly notifier?: Notifier | undefined;
  readonly now?: () => number;
  /** Audited rewinds of a group in a time range (annotates a REWIND status); default none. */
  readonly rewindsOf?: (cluster: string, group: string, fromMs: number, toMs: number) => Promise<ReadonlyArray<{ id: number; t: number; text: string }>>;
  /** The consumers' ProcessQueue diagnosis of a group now (kept with an alert when it fires); default none. */
  readonly diagnose?: (cluster: string, group: string) => Promise<Badge[]>;
  readonly log?: (message: string) => void;
}

const keyOf = (ruleId: number, cluster: string, group: string) => `${ruleId}\u0000${cluster}\u0000${group}`;

const stateOf = (a: AlertRecord): AlertState => ({
  phase: a.phase as AlertState["phase"],
  sinceMs: Number(a.sinceMs),
  firedAtMs: a.firedAtMs === null ? null : Number(a.firedAtMs),
  resolvedAtMs: a.resolvedAtMs === null ? null : Number(a.resolvedAtMs),
  evidence: a.evidence,
  lastValue: a.lastValue,
});

/** What the console saw of the group, kept with the alert. */
export function snapshotOf(o: GroupObservation, rule: AlertRule, rewindId: number | null, rewindText: string | null): AlertSnapshot {
  const topics = o.topics.filter((t) => matchesPattern(rule.topicPattern, t.topic));
  const lag = topics.some((t) => t.lag === null) ? null : topics.reduce((s, t) => s + t.lag!, 0n);
  const seconds = topics.map((t) => t.lagSeconds).filter((x): x is number => x !== null);
  return {
    status: o.status.code,
    statusReason: rewindText ? `${o.status.reason}; ${rewindText}` : o.status.reason,
    lag: lag === null ? null : lag.toString(),
    lagSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
    eta: o.eta,
    clientsOnline: o.clientsOnline,
    rewindId,
  };
}

export class AlertEngine {
  private readonly now: () => number;
  lastEvaluatedAtMs: number | null = null;
  lastReport: EvaluationReport | null = null;
  readonly lastByCluster = new Map<string, EvaluationReport>();

  constructor(private readonly options: AlertEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Evaluates every rule on one cluster's observations of one cycle. Writes are batched (one insert for
   * new pending alerts, one transaction for updates, one delete), so a cluster-wide incident that opens
   * thousands of alerts at once costs a few statements, not one round trip per alert.
   */
  async evaluate(cluster: string, observations: readonly GroupObservation[]): Promise<EvaluationReport> {
    const t0 = performance.now();
    const { db } = this.options;
    const nowMs = this.now();
    const rules = (await listRules(db)).map(ruleOf);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const open = new Map((await openAlertsOf(db, cluster)).map((a) => [keyOf(a.ruleId ?? 0, a.cluster, a.group), a]));
    const silences = new Map((await activeSilencesOf(db, cluster, BigInt(nowMs))).map((a) => [keyOf(a.ruleId ?? 0, a.cluster, a.group), a]));
    const counts = { checks: 0, pending: 0, fired: 0, resolved: 0, dropped: 0, notifications: 0 };
    const touched = new Set<string>();
    const creates: NewAlert[] = [];
    const firedAtOnce: NewAlert[] = [];
    const updates: { id: number; change: AlertChange }[] = [];
    const deletes: number[] = [];
    const notify: { alert: AlertRecord; event: "firing" | "resolved" }[] = [];
    const observedGroups = new Set(observations.map((o) => o.group));
    const diagnoses = { left: MAX_DIAGNOSES_PER_CYCLE, byGroup: new Map<string, Promise<AlertSnapshot["diagnosis"]>>() };

    for (const o of observations) {
      for (const rule of rules) {
        if (!ruleSelects(rule, o)) continue;
        counts.checks++;
        const key = keyOf(rule.id, o.cluster, o.group);
        touched.add(key);
        const row = open.get(key);
        const result = evaluateCondition(rule, o);
        const { next, transition } = stepAlert(row ? stateOf(row) : undefined, result, o.atMs, rule.forMs);
        const atMs = BigInt(o.atMs);
        if (!row && next && (transition === "pending" || transition === "fired")) {
          const silence = silences.get(key);
          const created: NewAlert = {
            ruleId: rule.id,
            cluster: o.cluster,
            group: o.group,
            phase: transition === "fired" ? "firing" : "pending",
            severity: rule.severity,
            ruleName: rule.name,
            conditionText: conditionText(rule.condition),
            sinceMs: BigInt(next.sinceMs),
            firedAtMs: next.firedAtMs === null ? null : BigInt(next.firedAtMs),
            evidence: next.evidence,
            lastValue: next.lastValue,
            lastEvaluatedAtMs: atMs,
            snapshot: JSON.stringify(await this.snapshot(o, rule, transition === "fired" ? diagnoses : undefined)),
            silencedUntilMs: silence?.silencedUntilMs ?? null,
            silencedBy: silence?.silencedBy ?? null,
            silenceComment: silence?.silenceComment ?? null,
          };
          if (transition === "fired") firedAtOnce.push(created);
          else {
            creates.push(created);
            counts.pending++;
          }
        } else if (row && next && transition === "fired") {
          const change: AlertChange = {
            phase: "firing",
            firedAtMs: atMs,
            evidence: next.evidence,
            lastValue: next.lastValue,
            lastEvaluatedAtMs: atMs,
            snapshot: JSON.stringify(await this.snapshot(o, rule, diagnoses)),
            severity: rule.severity,
            ruleName: rule.name,
            conditionText: conditionText(rule.condition),
          };
          updates.push({ id: row.id, change });
          counts.fired++;
          if (notifies("fired", row.silencedUntilMs === null ? null : Number(row.silencedUntilMs), o.atMs)) notify.push({ alert: { ...row, ...change }, event: "firing" });
        } else if (row && next && transition === "resolved") {
          const change: AlertChange = { phase: "resolved", resolvedAtMs: atMs, lastValue: next.lastValue, lastEvaluatedAtMs: atMs };
          updates.push({ id: row.id, change });
          counts.resolved++;
          if (notifies("resolved", row.silencedUntilMs === null ? null : Number(row.silencedUntilMs), o.atMs)) notify.push({ alert: { ...row, ...change }, event: "resolved" });
        } else if (row && transition === "dropped") {
          deletes.push(row.id);
          counts.dropped++;
        } else if (row && next && (next.lastValue !== row.lastValue || next.evidence !== row.evidence)) {
          updates.push({ id: row.id, change: { lastValue: next.lastValue, evidence: next.evidence, lastEvaluatedAtMs: atMs } });
        }
      }
    }

    // Open alerts no rule keeps open any more: rule deleted, disabled, or its patterns no longer select
    // the group (only decided for groups read this cycle; a group we could not read keeps its alerts).
    for (const [key, row] of open) {
      if (touched.has(key) || !observedGroups.has(row.group)) continue;
      const rule = row.ruleId === null ? undefined : byId.get(row.ruleId);
      const why = !rule ? "the rule was deleted" : !rule.enabled ? "the rule was disabled" : "the rule no longer selects this group";
      if (row.phase === "pending") {
        deletes.push(row.id);
        counts.dropped++;
      } else {
        const change: AlertChange = { phase: "resolved", resolvedAtMs: BigInt(nowMs), lastValue: `closed: ${why}`, lastEvaluatedAtMs: BigInt(nowMs) };
        updates.push({ id: row.id, change });
        counts.resolved++;
        if (notifies("resolved", row.silencedUntilMs === null ? null : Number(row.silencedUntilMs), nowMs)) notify.push({ alert: { ...row, ...change }, event: "resolved" });
      }
    }

    await createAlerts(db, creates);
    for (const a of firedAtOnce) {
      const created = await createAlert(db, a);
      counts.fired++;
      if (notifies("fired", created.silencedUntilMs === null ? null : Number(created.silencedUntilMs), Number(created.firedAtMs))) notify.push({ alert: created, event: "firing" });
    }
    await updateAlerts(db, updates);
    await deleteAlerts(db, deletes);
    for (const n of notify) {
      try {
        counts.notifications += (await this.options.notifier?.enqueue(n.alert, n.event)) ?? 0;
      } catch (err) {
        this.options.log?.(`[alerts] notifications for alert #${n.alert.id} could not be queued: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const report: EvaluationReport = { cluster, groups: observations.length, ...counts, ms: performance.now() - t0 };
    this.lastEvaluatedAtMs = this.now();
    this.lastReport = report;
    this.lastByCluster.set(cluster, report);
    return report;
  }

  /**
   * What the console saw when the alert was created or fired. On firing (`diagnoses` given) it also reads
   * the consumers' ProcessQueue diagnosis, once per group per cycle and for at most
   * MAX_DIAGNOSES_PER_CYCLE groups (a cluster-wide incident must not turn into thousands of client calls).
   */
  private async snapshot(o: GroupObservation, rule: AlertRule, diagnoses?: { left: number; byGroup: Map<string, Promise<AlertSnapshot["diagnosis"]>> }): Promise<AlertSnapshot> {
    let diagnosis: AlertSnapshot["diagnosis"];
    const read = this.options.diagnose;
    if (diagnoses && read) {
      let pending = diagnoses.byGroup.get(o.group);
      if (!pending && diagnoses.left > 0) {
        diagnoses.left--;
        const atMs = this.now();
        pending = withDeadline(read(o.cluster, o.group), DIAGNOSIS_TIMEOUT_MS).then(
          (badges) => ({ atMs, badges, error: null }),
          (err: unknown) => ({ atMs, badges: [], error: err instanceof Error ? err.message : String(err) }),
        );
        diagnoses.byGroup.set(o.group, pending);
      }
      diagnosis = await pending;
    }
    let base: AlertSnapshot;
    if (o.status.code !== "REWIND" || !this.options.rewindsOf) base = snapshotOf(o, rule, null, null);
    else {
      const rewinds = await this.options.rewindsOf(o.cluster, o.group, o.atMs - 15 * 60_000, o.atMs).catch(() => []);
      const latest = rewinds.at(-1);
      base = snapshotOf(o, rule, latest?.id ?? null, latest ? `explained by ${latest.text}` : null);
    }
    return diagnosis ? { ...base, diagnosis } : base;
  }
}

const MAX_DIAGNOSES_PER_CYCLE = 20;
const DIAGNOSIS_TIMEOUT_MS = 5_000;

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the consumers did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

// ---- the background engine (shared by the sampler and the routes) ----

const holder = globalThis as typeof globalThis & { __tidemarkAlerts?: { engine: AlertEngine; notifier: Notifier } };

export function registerAlerting(engine: AlertEngine, notifier: Notifier): void {
  holder.__tidemarkAlerts = { engine, notifier };
}

export function alerting(): { engine: AlertEngine; notifier: Notifier } | undefined {
  return holder.__tidemarkAlerts;
}

/** /metrics families: open alerts by phase and severity, evaluation time per cluster, deliveries by state. */
export async function alertMetricFamilies(client: PrismaClient, engine: AlertEngine): Promise<MetricFamily[]> {
  const counts = await alertCounts(client);
  const open: MetricFamily["samples"][number][] = [];
  for (const phase of ["pending", "firing"]) {
    for (const severity of ["info", "warning", "critical"]) {
      open.push({ labels: { phase, severity }, value: counts.open.find((c) => c.phase === phase && c.severity === severity)?.n ?? 0 });
    }
  }
  return [
    { name: "tidemark_alerts", help: "Open alerts by phase (pending, firing) and severity.", type: "gauge", samples: open },
    {
      name: "tidemark_alert_evaluation_seconds",
      help: "Time the last alert evaluation took, per cluster (after each sampler cycle).",
      type: "gauge",
      samples: [...engine.lastByCluster.values()].map((r) => ({ labels: { cluster: r.cluster }, value: r.ms / 1000 })),
    },
    {
      name: "tidemark_notification_deliveries",
      help: "Notification deliveries by state (pending: being retried; failed: given up).",
      type: "gauge",
      samples: ["pending", "delivered", "failed"].map((state) => ({ labels: { state }, value: counts.deliveries.find((d) => d.state === state)?.n ?? 0 })),
    },
  ];
}

// ---- views ----

const PHASE_RANK: Record<string, number> = { firing: 0, pending: 1, resolved: 2 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export function summaryOf(a: AlertRecord, delivery: AlertSummary["delivery"]): AlertSummary {
  const snap = alertSnapshotSchema.safeParse(JSON.parse(a.snapshot || "{}"));
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    conditionText: a.conditionText,
    severity: a.severity as AlertSummary["severity"],
    phase: a.phase as AlertSummary["phase"],
    cluster: a.cluster,
    group: a.group,
    sinceMs: Number(a.sinceMs),
    firedAtMs: a.firedAtMs === null ? null : Number(a.firedAtMs),
    resolvedAtMs: a.resolvedAtMs === null ? null : Number(a.resolvedAtMs),
    evidence: a.evidence,
    lastValue: a.lastValue,
    lastEvaluatedAtMs: Number(a.lastEvaluatedAtMs),
    snapshot: snap.success ? snap.data : { status: null, statusReason: null, lag: null, lagSeconds: null, eta: null, clientsOnline: null, rewindId: null },
    ack: a.ackAtMs === null ? null : { atMs: Number(a.ackAtMs), by: a.ackBy ?? "", comment: a.ackComment ?? "" },
    silence: a.silencedUntilMs === null ? null : { untilMs: Number(a.silencedUntilMs), by: a.silencedBy ?? "", comment: a.silenceComment ?? "" },
    delivery,
  };
}

/** Firing first (critical > warning > info), then pending, then resolved; newest first within. */
export function compareAlerts(a: AlertSummary, b: AlertSummary): number {
  return (
    PHASE_RANK[a.phase]! - PHASE_RANK[b.phase]! ||
    (a.phase === "resolved" ? 0 : SEVERITY_ORDER[a.severity]! - SEVERITY_ORDER[b.severity]!) ||
    (b.resolvedAtMs ?? b.firedAtMs ?? b.sinceMs) - (a.resolvedAtMs ?? a.firedAtMs ?? a.sinceMs) ||
    b.id - a.id
  );
}

async function db() {
  try {
    return await appDatabase();
  } catch (err) {
    throw new ApiError("unavailable", `The console database could not be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const MAX_LISTED = 5_000;

export async function listAlertsView(q: { phase: "open" | "pending" | "firing" | "resolved" | "all"; cluster?: string | undefined; group?: string | undefined; page: number; pageSize: number }): Promise<AlertList> {
  const client = await db();
  const phases = q.phase === "open" ? ["pending", "firing"] : q.phase === "all" ? ["pending", "firing", "resolved"] : [q.phase];
  const { alerts, counts } = await findAlerts(client, { phases, cluster: q.cluster, group: q.group, limit: MAX_LISTED });
  const states = await deliveryStates(client, alerts.map((a) => a.id));
  const sorted = alerts.map((a) => summaryOf(a, states.get(a.id) ?? null)).sort(compareAlerts);
  const start = (q.page - 1) * q.pageSize;
  return {
    alerts: sorted.slice(start, start + q.pageSize),
    total: sorted.length,
    counts: { firing: counts.firing ?? 0, pending: counts.pending ?? 0, resolved: counts.resolved ?? 0 },
    page: q.page,
    pageSize: q.pageSize,
    lastEvaluatedAtMs: alerting()?.engine.lastEvaluatedAtMs ?? null,
  };
}

/**
 * The triage chart range: up to 10 minutes after the alert ended (or now), from before the condition
 * started by as long as it has lasted, at least 10 minutes: the alert's span is about half the chart.
 */
export function triageRange(a: Pick<AlertSummary, "sinceMs" | "resolvedAtMs">, nowMs: number): { from: number; to: number } {
  const to = Math.min(nowMs, (a.resolvedAtMs ?? nowMs) + 10 * 60_000);
  return { from: a.sinceMs - Math.max(10 * 60_000, to - a.sinceMs), to };
}

export async function getAlertView(id: number, nowMs = Date.now()): Promise<AlertDto> {
  const client = await db();
  const a = await readAlert(client, id);
  if (!a) throw new ApiError("not_found", `alert #${id} does not exist`);
  const deliveries = (await deliveriesOf(client, id)).map(deliveryDto);
  const rank = { delivered: 0, pending: 1, failed: 2 } as const;
  const worst = deliveries.reduce<AlertSummary["delivery"]>((w, d) => (w === null || rank[d.state] > rank[w] ? d.state : w), null);
  const summary = summaryOf(a, worst);
  return { ...summary, deliveries, range: triageRange(summary, nowMs) };
}

export async function acknowledgeAlert(id: number, by: string, comment: string, nowMs = Date.now()): Promise<AlertDto> {
  const client = await db();
  const a = await readAlert(client, id);
  if (!a) throw new ApiError("not_found", `alert #${id} does not exist`);
  await ackAlert(client, id, by, comment, BigInt(nowMs));
  return getAlertView(id, nowMs);
}

export async function silenceAlertView(id: number, by: string, minutes: number, comment: string, nowMs = Date.now()): Promise<AlertDto> {
  const client = await db();
  const a = await readAlert(client, id);
  if (!a) throw new ApiError("not_found", `alert #${id} does not exist`);
  await silenceAlert(client, id, by, comment, minutes === 0 ? null : BigInt(nowMs + minutes * 60_000));
  return getAlertView(id, nowMs);
}

// ---- rules views ----

function ruleDto(r: AlertRuleRecord, open: number): AlertRuleDto {
  const { id, name, enabled, clusterPattern, groupPattern, topicPattern, condition, forMs, severity } = ruleOf(r);
  return {
    id,
    name,
    enabled,
    clusterPattern,
    groupPattern,
    topicPattern,
    condition: alertConditionSchema.parse(JSON.parse(r.condition)),
    conditionText: conditionText(condition),
    forSeconds: Math.round(forMs / 1000),
    severity,
    updatedAtMs: Number(r.updatedAtMs),
    updatedBy: r.updatedBy,
    open,
  };
}

function ruleFieldsOf(input: AlertRuleInput): RuleFields {
  for (const p of [input.clusterPattern, input.groupPattern, input.topicPattern]) {
    try {
      matchesPattern(p, "");
    } catch {
      throw new ApiError("bad_request", `the pattern "${p}" is not a valid glob (use * and ?, several separated by commas)`);
    }
  }
  return {
    name: input.name,
    enabled: input.enabled,
    clusterPattern: input.clusterPattern || "*",
    groupPattern: input.groupPattern || "*",
    topicPattern: input.topicPattern || "*",
    condition: conditionJson(input.condition),
    forMs: input.forSeconds * 1000,
    severity: input.severity,
  };
}

export async function listRulesView(nowMs = Date.now()): Promise<AlertRuleList> {
  const client = await db();
  await seedDefaultRules(client, nowMs);
  const [rules, open] = await Promise.all([listRules(client), openCountsByRule(client)]);
  return { rules: rules.map((r) => ruleDto(r, open.get(r.id) ?? 0)) };
}

export async function createRuleView(input: AlertRuleInput, by: string, nowMs = Date.now()): Promise<AlertRuleDto> {
  const client = await db();
  await seedDefaultRules(client, nowMs);
  return ruleDto(await createRule(client, ruleFieldsOf(input), by, BigInt(nowMs)), 0);
}

export async function updateRuleView(id: number, input: AlertRuleInput, by: string, nowMs = Date.now()): Promise<AlertRuleDto> {
  const client = await db();
  if (!(await getRule(client, id))) throw new ApiError("not_found", `alert rule #${id} does not exist`);
  const updated = await updateRule(client, id, ruleFieldsOf(input), by, BigInt(nowMs));
  return ruleDto(updated, (await openCountsByRule(client)).get(id) ?? 0);
}

export async function deleteRuleView(id: number): Promise<{ deleted: number }> {
  const client = await db();
  if (!(await getRule(client, id))) throw new ApiError("not_found", `alert rule #${id} does not exist`);
  await deleteRule(client, id);
  return { deleted: id };
}

/**
 * Alert rules and their lifecycle, evaluated on what the sampler observed for a group in one cycle.
 *
 * A rule selects groups by glob patterns on cluster, group and topic (`*` any run, `?` one character;
 * several patterns separated by commas), tests one condition, and must hold for `forMs` before it fires:
 *   (none) --true--> pending --(true for forMs)--> firing --false--> resolved
 *   pending --false--> (dropped: it never fired)
 * A condition that cannot be evaluated (a value we could not read) changes nothing: missing data neither
 * fires nor resolves an alert. Silencing keeps the lifecycle running and only mutes notifications.
 */
import type { StatusCode } from "./status";

export type AlertSeverity = "info" | "warning" | "critical";

export type AlertCondition =
  | { readonly kind: "lag-messages"; readonly threshold: bigint }
  | { readonly kind: "lag-seconds"; readonly thresholdSeconds: number }
  /** ETA beyond a bound, or the backlog will not drain at the current rates. */
  | { readonly kind: "eta"; readonly maxSeconds: number }
  | { readonly kind: "status"; readonly statuses: readonly StatusCode[] }
  | { readonly kind: "no-clients" };

export interface AlertRule {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly clusterPattern: string;
  readonly groupPattern: string;
  readonly topicPattern: string;
  readonly condition: AlertCondition;
  readonly forMs: number;
  readonly severity: AlertSeverity;
}

export type EtaStateName = "caught-up" | "draining" | "will-not-drain" | "stalled" | "unknown";

/** What one sampler cycle saw of a group. Values that could not be read are null. */
export interface GroupObservation {
  readonly cluster: string;
  readonly group: string;
  readonly atMs: number;
  readonly clientsOnline: number | null;
  readonly status: { readonly code: StatusCode; readonly reason: string };
  readonly eta: { readonly state: EtaStateName; readonly seconds: number | null };
  /** Business topics (retry topics excluded); lag null when some queue could not be read. */
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly lag: bigint | null; readonly lagSeconds: number | null }>;
}

export type ConditionResult = { readonly holds: true; readonly value: string } | { readonly holds: false; readonly value: string } | { readonly holds: "unknown"; readonly reason: string };

const patternCache = new Map<string, RegExp>();

/** Glob match: `*` any run, `?` one character, comma-separated alternatives; empty means `*`. */
export function matchesPattern(pattern: string, value: string): boolean {
  const p = pattern.trim() === "" ? "*" : pattern.trim();
  let re = patternCache.get(p);
  if (!re) {
    const alternatives = p
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => a.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, "."));
    re = new RegExp(`^(?:${alternatives.join("|")})$`);
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(p, re);
  }
  return re.test(value);
}

export function ruleSelects(rule: AlertRule, o: GroupObservation): boolean {
  return rule.enabled && matchesPattern(rule.clusterPattern, o.cluster) && matchesPattern(rule.groupPattern, o.group) && o.topics.some((t) => matchesPattern(rule.topicPattern, t.topic));
}

const fmtCount = (n: bigint) => n.toLocaleString("en-US");
function fmtSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** Tests a rule's condition on the topics it selects. */
export function evaluateCondition(rule: AlertRule, o: GroupObservation): ConditionResult {
  const topics = o.topics.filter((t) => matchesPattern(rule.topicPattern, t.topic));
  const c = rule.condition;
  switch (c.kind) {
    case "lag-messages": {
      if (topics.some((t) => t.lag === null)) {
        // a known part already over the threshold is enough to fire; otherwise we cannot say
        const knownSum = topics.reduce((s, t) => s + (t.lag ?? 0n), 0n);
        if (knownSum > c.threshold) return { holds: true, value: `lag ≥ ${fmtCount(knownSum)} messages (some queues unreadable) > ${fmtCount(c.threshold)}` };
        return { holds: "unknown", reason: "the lag of some queue could not be read" };
      }
      const lag = topics.reduce((s, t) => s + t.lag!, 0n);
      return { holds: lag > c.threshold, value: `lag ${fmtCount(lag)} messages (threshold ${fmtCount(c.threshold)})` };
    }
    case "lag-seconds": {
      const known = topics.filter((t) => t.lagSeconds !== null).map((t) => t.lagSeconds!);
      const worst = known.length > 0 ? Math.max(...known) : null;
      if (worst !== null && worst > c.thresholdSeconds) return { holds: true, value: `oldest unconsumed message is ${fmtSeconds(worst)} old (threshold ${fmtSeconds(c.thresholdSeconds)})` };
      if (known.length < topics.length) return { holds: "unknown", reason: "the lag in time of some topic could not be read" };
      return { holds: false, value: `oldest unconsumed message is ${fmtSeconds(worst ?? 0)} old (threshold ${fmtSeconds(c.thresholdSeconds)})` };
    }
    case "eta": {
      if (o.eta.state === "unknown") return { holds: "unknown", reason: "no catch-up estimate yet" };
      if (o.eta.state === "will-not-drain" || o.eta.state === "stalled") return { holds: true, value: `the backlog will not drain at the current rates (${o.eta.state})` };
      if (o.eta.state === "caught-up") return { holds: false, value: "caught up" };
      if (o.eta.seconds === null) return { holds: "unknown", reason: "no catch-up estimate yet" };
      return { holds: o.eta.seconds > c.maxSeconds, value: `catch-up ETA ${fmtSeconds(o.eta.seconds)} (bound ${fmtSeconds(c.maxSeconds)})` };
    }
    case "status": {
      if (o.status.code === "UNKNOWN") return { holds: "unknown", reason: o.status.reason };
      return { holds: c.statuses.includes(o.status.code), value: `status ${o.status.code}: ${o.status.reason}` };
    }
    case "no-clients":
      if (o.clientsOnline === null) return { holds: "unknown", reason: "the group's connections could not be read" };
      return { holds: o.clientsOnline === 0, value: `${o.clientsOnline} client(s) online` };
  }
}

export type AlertPhase = "pending" | "firing" | "resolved";

export interface AlertState {
  readonly phase: AlertPhase;
  /** When the condition started holding (pending since). */
  readonly sinceMs: number;
  readonly firedAtMs: number | null;
  readonly resolvedAtMs: number | null;
  /** The value when it fired (evidence), or the latest while pending. */
  readonly evidence: string;
  /** The latest value seen. */
  readonly lastValue: string;
}

export type AlertTransition = "pending" | "fired" | "resolved" | "dropped" | null;

/**
 * One evaluation step of one rule for one group. `prev` undefined (or resolved) means no open alert.
 * Returns the next state (undefined when a pending alert is dropped) and what changed.
 */
export function stepAlert(prev: AlertState | undefined, result: ConditionResult, nowMs: number, forMs: number): { next: AlertState | undefined; transition: AlertTransition } {
  const open = prev && prev.phase !== "resolved" ? prev : undefined;
  if (result.holds === "unknown") return { next: prev, transition: null };
  if (!open) {
    if (!result.holds) return { next: prev, transition: null };
    if (forMs <= 0) return { next: { phase: "firing", sinceMs: nowMs, firedAtMs: nowMs, resolvedAtMs: null, evidence: result.value, lastValue: result.value }, transition: "fired" };
    return { next: { phase: "pending", sinceMs: nowMs, firedAtMs: null, resolvedAtMs: null, evidence: result.value, lastValue: result.value }, transition: "pending" };
  }
  if (open.phase === "pending") {
    if (!result.holds) return { next: undefined, transition: "dropped" };
    if (nowMs - open.sinceMs >= forMs) return { next: { ...open, phase: "firing", firedAtMs: nowMs, evidence: result.value, lastValue: result.value }, transition: "fired" };
    return { next: { ...open, evidence: result.value, lastValue: result.value }, transition: null };
  }
  // firing
  if (!result.holds) return { next: { ...open, phase: "resolved", resolvedAtMs: nowMs, lastValue: result.value }, transition: "resolved" };
  return { next: { ...open, lastValue: result.value }, transition: null };
}

/** Whether a transition is sent to notification channels: fired and resolved, unless silenced. */
export function notifies(transition: AlertTransition, silencedUntilMs: number | null, nowMs: number): boolean {
  if (transition !== "fired" && transition !== "resolved") return false;
  return silencedUntilMs === null || silencedUntilMs <= nowMs;
}

const MIN = 60_000;

/** Rules created on first start (editable; the lag thresholds follow RocketMQ Studio's defaults). */
export const DEFAULT_RULES: ReadonlyArray<Omit<AlertRule, "id">> = [
  { name: "Consumers gone with a backlog (STOP)", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "status", statuses: ["STOP"] }, forMs: 2 * MIN, severity: "critical" },
  { name: "Committed offset stuck with a backlog (STALL)", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "status", statuses: ["STALL"] }, forMs: 5 * MIN, severity: "warning" },
  { name: "Backlog will not drain within 1 h", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "eta", maxSeconds: 3600 }, forMs: 10 * MIN, severity: "warning" },
  { name: "Lag above 100,000 messages", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "lag-messages", threshold: 100_000n }, forMs: 5 * MIN, severity: "warning" },
  { name: "Lag above 1,000,000 messages", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "lag-messages", threshold: 1_000_000n }, forMs: 5 * MIN, severity: "critical" },
  { name: "Oldest unconsumed message older than 15 min", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "lag-seconds", thresholdSeconds: 900 }, forMs: 5 * MIN, severity: "warning" },
  { name: "No consumer online", enabled: false, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: { kind: "no-clients" }, forMs: 5 * MIN, severity: "info" },
];

/** One line for a condition, e.g. "lag > 100,000 messages". */
export function conditionText(c: AlertCondition): string {
  switch (c.kind) {
    case "lag-messages":
      return `lag > ${fmtCount(c.threshold)} messages`;
    case "lag-seconds":
      return `oldest unconsumed message older than ${fmtSeconds(c.thresholdSeconds)}`;
    case "eta":
      return `catch-up ETA beyond ${fmtSeconds(c.maxSeconds)} or will not drain`;
    case "status":
      return `status in {${c.statuses.join(", ")}}`;
    case "no-clients":
      return "no client online";
  }
}

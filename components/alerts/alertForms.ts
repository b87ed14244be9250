/**
 * Pure helpers of the alerts UI: durations as amount + unit, the rule and channel forms turned into the
 * API's inputs (with the first reason they cannot be sent), the silence choices, the triage link and the
 * chart window of an alert. Unit-tested; no React.
 */
import type { AlertConditionDto, AlertRuleDto, AlertRuleInput, AlertSummary, ChannelDto, ChannelInput, ChannelUpdateInput } from "@/lib/schemas";

export type DurationUnit = "seconds" | "minutes" | "hours" | "days";
export const DURATION_UNITS: readonly DurationUnit[] = ["seconds", "minutes", "hours", "days"];
const UNIT_SECONDS: Readonly<Record<DurationUnit, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** The server's limits (lib/schemas.ts): "for" up to 7 days, thresholds up to 365 days. */
export const MAX_FOR_SECONDS = 7 * 86_400;
export const MAX_THRESHOLD_SECONDS = 365 * 86_400;

/** Seconds as the largest unit that divides them exactly: 300 -> 5 minutes, 90 -> 90 seconds, 0 -> 0 seconds. */
export function splitSeconds(seconds: number): { amount: string; unit: DurationUnit } {
  for (const unit of ["days", "hours", "minutes"] as const) {
    const size = UNIT_SECONDS[unit];
    if (seconds > 0 && seconds % size === 0) return { amount: String(seconds / size), unit };
  }
  return { amount: String(seconds), unit: "seconds" };
}

/** A typed amount in a unit as whole seconds; null when not a number >= `min` and <= `max` or not whole seconds. */
export function toSeconds(amount: string, unit: DurationUnit, min: number, max: number): number | null {
  const s = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const seconds = Number(s) * UNIT_SECONDS[unit];
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) return null;
  return seconds;
}

export type ConditionKind = AlertConditionDto["kind"];
export const CONDITION_KINDS: readonly ConditionKind[] = ["lag-messages", "lag-seconds", "eta", "status", "no-clients"];
export type RuleStatus = "WARN" | "STALL" | "STOP" | "REWIND";
export const RULE_STATUSES: readonly RuleStatus[] = ["STOP", "STALL", "WARN", "REWIND"];
export type Severity = AlertRuleInput["severity"];
export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export interface RuleFormState {
  name: string;
  enabled: boolean;
  clusterPattern: string;
  groupPattern: string;
  topicPattern: string;
  kind: ConditionKind;
  /** lag-messages: a message count as typed ("100000" or "100,000"). */
  threshold: string;
  /** lag-seconds / eta: the bound as amount + unit. */
  boundAmount: string;
  boundUnit: DurationUnit;
  statuses: RuleStatus[];
  forAmount: string;
  forUnit: DurationUnit;
  severity: Severity;
}

export type RuleProblem =
  | "alerts.rule.problem.name"
  | "alerts.rule.problem.threshold"
  | "alerts.rule.problem.bound"
  | "alerts.rule.problem.statuses"
  | "alerts.rule.problem.for"
  | "alerts.rule.problem.pattern";

export function emptyRuleForm(): RuleFormState {
  return {
    name: "",
    enabled: true,
    clusterPattern: "*",
    groupPattern: "*",
    topicPattern: "*",
    kind: "lag-messages",
    threshold: "100000",
    boundAmount: "15",
    boundUnit: "minutes",
    statuses: ["STOP"],
    forAmount: "5",
    forUnit: "minutes",
    severity: "warning",
  };
}

/** A stored rule in the form (the fields of other condition kinds keep the defaults). */
export function ruleToForm(rule: AlertRuleDto): RuleFormState {
  const base = emptyRuleForm();
  const forDuration = splitSeconds(rule.forSeconds);
  const form: RuleFormState = {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    clusterPattern: rule.clusterPattern,
    groupPattern: rule.groupPattern,
    topicPattern: rule.topicPattern,
    kind: rule.condition.kind,
    forAmount: forDuration.amount,
    forUnit: forDuration.unit,
    severity: rule.severity,
  };
  const c = rule.condition;
  switch (c.kind) {
    case "lag-messages":
      return { ...form, threshold: c.threshold };
    case "lag-seconds": {
      const b = splitSeconds(c.thresholdSeconds);
      return { ...form, boundAmount: b.amount, boundUnit: b.unit };
    }
    case "eta": {
      const b = splitSeconds(c.maxSeconds);
      return { ...form, boundAmount: b.amount, boundUnit: b.unit };
    }
    case "status":
      return { ...form, statuses: RULE_STATUSES.filter((s) => c.statuses.includes(s)) };
    case "no-clients":
      return form;
  }
}

/** A message count as typed ("100,000", "100 000", "100000") as a decimal string; null when not a count >= 0. */
export function parseCount(text: string): string | null {
  const s = text.trim().replace(/[,_\s]/g, "");
  if (!/^\d{1,19}$/.test(s)) return null;
  const n = BigInt(s);
  return n > 9_223_372_036_854_775_807n ? null : n.toString();
}

/** Patterns are globs; an empty one means "*". Control characters and over-long patterns are refused. */
function pattern(text: string): string | null {
  const s = text.trim();
  if (s.length > 255 || [...s].some((ch) => ch.charCodeAt(0) < 0x20)) return null;
  return s === "" ? "*" : s;
}

function condition(form: RuleFormState): { ok: true; condition: AlertConditionDto } | { ok: false; problem: RuleProblem } {
  switch (form.kind) {
    case "lag-messages": {
      const threshold = parseCount(form.threshold);
      return threshold === null ? { ok: false, problem: "alerts.rule.problem.threshold" } : { ok: true, condition: { kind: "lag-messages", threshold } };
    }
    case "lag-seconds":
    case "eta": {
      const seconds = toSeconds(form.boundAmount, form.boundUnit, 1, MAX_THRESHOLD_SECONDS);
      if (seconds === null) return { ok: false, problem: "alerts.rule.problem.bound" };
      return { ok: true, condition: form.kind === "eta" ? { kind: "eta", maxSeconds: seconds } : { kind: "lag-seconds", thresholdSeconds: seconds } };
    }
    case "status": {
      const statuses = RULE_STATUSES.filter((s) => form.statuses.includes(s));
      return statuses.length === 0 ? { ok: false, problem: "alerts.rule.problem.statuses" } : { ok: true, condition: { kind: "status", statuses } };
    }
    case "no-clients":
      return { ok: true, condition: { kind: "no-clients" } };
  }
}

/** The body of POST/PUT /api/alert-rules the form describes, or the first reason it cannot be sent. */
export function buildRuleInput(form: RuleFormState): { ok: true; input: AlertRuleInput } | { ok: false; problem: RuleProblem } {
  const name = form.name.trim();
  if (name === "" || name.length > 120) return { ok: false, problem: "alerts.rule.problem.name" };
  const clusterPattern = pattern(form.clusterPattern);
  const groupPattern = pattern(form.groupPattern);
  const topicPattern = pattern(form.topicPattern);
  if (clusterPattern === null || groupPattern === null || topicPattern === null) return { ok: false, problem: "alerts.rule.problem.pattern" };
  const c = condition(form);
  if (!c.ok) return c;
  const forSeconds = toSeconds(form.forAmount, form.forUnit, 0, MAX_FOR_SECONDS);
  if (forSeconds === null) return { ok: false, problem: "alerts.rule.problem.for" };
  return { ok: true, input: { name, enabled: form.enabled, clusterPattern, groupPattern, topicPattern, condition: c.condition, forSeconds, severity: form.severity } };
}

export type ChannelKind = ChannelInput["kind"];
export const CHANNEL_KINDS: readonly ChannelKind[] = ["webhook", "slack", "dingtalk", "feishu"];

export interface ChannelFormState {
  name: string;
  kind: ChannelKind;
  url: string;
  /** Typed secret; empty keeps the stored one when editing (or sets none when creating). */
  secret: string;
  /** Editing: remove the stored secret. */
  removeSecret: boolean;
  enabled: boolean;
  minSeverity: Severity;
}

export type ChannelProblem = "alerts.channel.problem.name" | "alerts.channel.problem.url";

export function emptyChannelForm(): ChannelFormState {
  return { name: "", kind: "webhook", url: "", secret: "", removeSecret: false, enabled: true, minSeverity: "info" };
}

/** A stored channel in the form: its URL is only known masked; left empty, the stored one is kept. */
export function channelToForm(ch: ChannelDto): ChannelFormState {
  return { name: ch.name, kind: ch.kind, url: "", secret: "", removeSecret: false, enabled: ch.enabled, minSeverity: ch.minSeverity };
}

export function isHttpUrl(text: string): boolean {
  const s = text.trim();
  if (!/^https?:\/\//i.test(s) || s.length > 2000) return false;
  try {
    return new URL(s).hostname !== "";
  } catch {
    return false;
  }
}

/** The body of POST/PUT /api/channels; `editing` says whether an empty secret keeps the stored one. */
export function buildChannelInput(form: ChannelFormState, editing: boolean): { ok: true; input: ChannelUpdateInput } | { ok: false; problem: ChannelProblem } {
  const name = form.name.trim();
  if (name === "" || name.length > 120) return { ok: false, problem: "alerts.channel.problem.name" };
  const keepUrl = editing && form.url.trim() === "";
  if (!keepUrl && !isHttpUrl(form.url)) return { ok: false, problem: "alerts.channel.problem.url" };
  const input: ChannelUpdateInput = { name, kind: form.kind, ...(keepUrl ? {} : { url: form.url.trim() }), enabled: form.enabled, minSeverity: form.minSeverity };
  if (form.secret !== "") input.secret = form.secret;
  else if (editing && form.removeSecret) input.secret = "";
  return { ok: true, input };
}

/** Silence choices of the triage panel, in minutes. */
export const SILENCE_PRESETS: readonly number[] = [60, 240, 1440];
/** The server's limit: 30 days. */
export const MAX_SILENCE_MINUTES = 30 * 24 * 60;

/** A custom silence as whole minutes; null when not a positive number within 30 days. */
export function silenceMinutes(amount: string, unit: "minutes" | "hours" | "days"): number | null {
  const seconds = toSeconds(amount, unit, 60, MAX_SILENCE_MINUTES * 60);
  return seconds === null || seconds % 60 !== 0 ? null : seconds / 60;
}

/** The group page opened at the alert (the triage view). */
export function triageHref(a: Pick<AlertSummary, "id" | "cluster" | "group">): string {
  return `/groups/${encodeURIComponent(a.cluster)}/${encodeURIComponent(a.group)}?alert=${a.id}`;
}

/** Where the alert sits on the chart: pending from `sinceMs`, firing from `firedAtMs`, until `resolvedAtMs` (null: still open). */
export interface AlertSpan {
  from: number;
  fired: number | null;
  to: number | null;
}

export function alertSpan(a: Pick<AlertSummary, "sinceMs" | "firedAtMs" | "resolvedAtMs">): AlertSpan {
  return { from: a.sinceMs, fired: a.firedAtMs, to: a.resolvedAtMs };
}

/**
 * The history window the triage chart opens: the alert's range as the server gave it when it is over;
 * while it is open, a live window of the same start (it moves on with each refresh, as the presets do).
 */
export function triageWindow(a: Pick<AlertSummary, "resolvedAtMs"> & { range: { from: number; to: number } }, now: number): { from: number; to: number } | { lastMs: number } {
  if (a.resolvedAtMs !== null) return { from: a.range.from, to: a.range.to };
  return { lastMs: Math.max(60_000, now - a.range.from) };
}

/** "failed" > "pending" > "delivered": the CSS class of a delivery state. */
export function deliveryClass(state: "pending" | "delivered" | "failed" | null): string {
  return state === "failed" ? "delivery delivery-failed" : state === "pending" ? "delivery delivery-pending" : state === "delivered" ? "delivery delivery-delivered" : "delivery";
}

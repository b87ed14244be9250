/**
 * Pure helpers of the rewind UI: the form's state turned into the preview request (with the browser's time
 * zone made explicit), and a rewind's queues grouped per topic with their totals. Unit-tested; no React.
 */
import type { RewindPreviewRequest } from "@/lib/api/rewinds";
import type { RewindQueueDto } from "@/lib/schemas";

export type ModeKind = "timestamp" | "earliest" | "latest" | "offsets" | "shift";
export type TimeInput = "ago" | "at";
export type AgoUnit = "minutes" | "hours" | "days";

const UNIT_MINUTES: Readonly<Record<AgoUnit, number>> = { minutes: 1, hours: 60, days: 1440 };
/** The server's limit for agoMinutes (366 days). */
export const MAX_AGO_MINUTES = 60 * 24 * 366;

/** The quick choices next to the free number + unit. */
export const AGO_PRESETS: ReadonlyArray<{ amount: number; unit: AgoUnit }> = [
  { amount: 10, unit: "minutes" },
  { amount: 1, unit: "hours" },
  { amount: 6, unit: "hours" },
  { amount: 24, unit: "hours" },
];

export interface QueueId {
  topic: string;
  brokerName: string;
  queueId: number;
}

export interface RewindFormState {
  mode: ModeKind;
  timeInput: TimeInput;
  /** Free number of the "ago" choice, as typed. */
  agoAmount: string;
  agoUnit: AgoUnit;
  /** A datetime-local value: "2026-11-21T10:00" or "2026-11-21T10:00:30", local wall-clock time. */
  at: string;
  /** Shift by ±N messages, as typed. */
  shiftBy: string;
  /** Business topics in scope. */
  topics: string[];
  /** Narrow to some queues of those topics. */
  someQueues: boolean;
  queues: string[];
  /** Exact offsets, by queueKey; empty inputs are left out. */
  offsets: Record<string, string>;
}

/** Why a form cannot be sent yet; each is an i18n key of the rewind form. */
export type FormProblem =
  | "rewind.problem.noTopic"
  | "rewind.problem.ago"
  | "rewind.problem.at"
  | "rewind.problem.shift"
  | "rewind.problem.noOffset"
  | "rewind.problem.offset"
  | "rewind.problem.noQueue";

export const queueKeyOf = (q: QueueId) => `${q.topic}|${q.brokerName}|${q.queueId}`;

export function parseQueueKey(key: string): QueueId {
  const [topic = "", brokerName = "", queueId = "0"] = key.split("|");
  return { topic, brokerName, queueId: Number(queueId) };
}

/** "+01:00", "-05:30", "+00:00" for a zone `minutesEast` of UTC. */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? "-" : "+";
  const abs = Math.abs(Math.round(minutesEast));
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** "Europe/Berlin (UTC+01:00)": the zone a wall-clock time is read in, and its offset at that moment. */
export function zoneLabel(timeZone: string, minutesEast: number): string {
  return `${timeZone} (UTC${offsetText(minutesEast)})`;
}

/** A local Date as ISO 8601 with its UTC offset and no milliseconds: "2026-11-21T10:00:00+01:00". */
export function isoWithOffset(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const local = `${String(date.getFullYear()).padStart(4, "0")}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
  return `${local}${offsetText(-date.getTimezoneOffset())}`;
}

/**
 * A datetime-local value (the browser's own zone) as ISO with an explicit offset; null when it is not a
 * complete date and time. A wall-clock time that does not exist (skipped by a DST change) is moved forward by
 * the browser, and the offset written is the one in force at the resulting instant.
 */
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(date.getTime()) ? null : isoWithOffset(date);
}

/** A datetime-local value for a moment (seconds precision), in the browser's zone. */
export function toLocalInput(ms: number): string {
  return isoWithOffset(new Date(ms)).slice(0, 19);
}

/** The free number + unit in minutes; null when not a positive number within the server's limit. */
export function agoToMinutes(amount: string, unit: AgoUnit): number | null {
  const s = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const minutes = Number(s) * UNIT_MINUTES[unit];
  return minutes > 0 && minutes <= MAX_AGO_MINUTES ? minutes : null;
}

/** "-100" / "+250" / "250" as a non-zero int64 string without "+"; null otherwise. */
export function parseShift(text: string): string | null {
  const s = text.trim().replace(/^\+/, "");
  if (!/^-?\d{1,18}$/.test(s)) return null;
  const n = BigInt(s);
  return n === 0n ? null : n.toString();
}

/** The preview request the form describes, or the first reason it cannot be sent. */
export function buildPreviewRequest(form: RewindFormState): { ok: true; body: RewindPreviewRequest } | { ok: false; problem: FormProblem } {
  if (form.mode === "offsets") {
    const offsets: Array<QueueId & { offset: string }> = [];
    for (const [key, raw] of Object.entries(form.offsets)) {
      const text = raw.trim();
      if (text === "") continue;
      if (!/^\d{1,19}$/.test(text)) return { ok: false, problem: "rewind.problem.offset" };
      offsets.push({ ...parseQueueKey(key), offset: BigInt(text).toString() });
    }
    if (offsets.length === 0) return { ok: false, problem: "rewind.problem.noOffset" };
    offsets.sort((a, b) => queueKeyOf(a).localeCompare(queueKeyOf(b)));
    return { ok: true, body: { mode: { kind: "offsets", offsets }, scope: { topics: [...new Set(offsets.map((o) => o.topic))].sort() } } };
  }
  if (form.topics.length === 0) return { ok: false, problem: "rewind.problem.noTopic" };
  const topics = [...form.topics].sort();
  const scope: RewindPreviewRequest["scope"] = { topics };
  if (form.someQueues) {
    const chosen = form.queues.map(parseQueueKey).filter((q) => topics.includes(q.topic));
    if (chosen.length === 0) return { ok: false, problem: "rewind.problem.noQueue" };
    scope.queues = chosen;
  }
  switch (form.mode) {
    case "earliest":
    case "latest":
      return { ok: true, body: { mode: { kind: form.mode }, scope } };
    case "shift": {
      const by = parseShift(form.shiftBy);
      return by === null ? { ok: false, problem: "rewind.problem.shift" } : { ok: true, body: { mode: { kind: "shift", by }, scope } };
    }
    case "timestamp": {
      if (form.timeInput === "ago") {
        const agoMinutes = agoToMinutes(form.agoAmount, form.agoUnit);
        return agoMinutes === null ? { ok: false, problem: "rewind.problem.ago" } : { ok: true, body: { mode: { kind: "timestamp", agoMinutes }, scope } };
      }
      const at = localInputToIso(form.at);
      return at === null ? { ok: false, problem: "rewind.problem.at" } : { ok: true, body: { mode: { kind: "timestamp", at }, scope } };
    }
  }
}

/**
 * A shortcut into the form (the triage view's "Preview skip to latest" / "Preview rewind to when it
 * started"): the form opens with this mode and previews it once. `key` tells one click from the next.
 */
export type RewindPreset = { key: number; kind: "latest" } | { key: number; kind: "timestamp"; atMs: number };

/** The form with a preset applied (all other choices, such as the topics, kept). */
export function applyPreset(form: RewindFormState, preset: RewindPreset | undefined): RewindFormState {
  if (!preset) return form;
  if (preset.kind === "latest") return { ...form, mode: "latest" };
  return { ...form, mode: "timestamp", timeInput: "at", at: toLocalInput(preset.atMs) };
}

export interface TopicSection {
  topic: string;
  queues: RewindQueueDto[];
  reconsume: bigint;
  skip: bigint;
  /** Queues whose re-consumed/skipped count is unknown (no committed offset): the sums leave them out. */
  withoutOffset: number;
}

/** The rows of a rewind per topic (in the order the server sent them) with their re-consumed/skipped sums. */
export function topicSections(queues: readonly RewindQueueDto[]): TopicSection[] {
  const sections = new Map<string, TopicSection>();
  for (const q of queues) {
    let s = sections.get(q.topic);
    if (!s) {
      s = { topic: q.topic, queues: [], reconsume: 0n, skip: 0n, withoutOffset: 0 };
      sections.set(q.topic, s);
    }
    s.queues.push(q);
    if (q.reconsume === null || q.skip === null) s.withoutOffset++;
    s.reconsume += BigInt(q.reconsume ?? "0");
    s.skip += BigInt(q.skip ?? "0");
  }
  return [...sections.values()];
}

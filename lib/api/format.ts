/** Display helpers for components (they read DTO strings; int64 stays exact via BigInt). */
import { formatCount, formatDuration, formatRate } from "@/lib/domain/format";
import type { KnownInt64 } from "@/lib/schemas";

export const UNKNOWN = "—";

export function int64Text(v: string | null | undefined): string {
  return v === null || v === undefined ? UNKNOWN : formatCount(BigInt(v));
}

export function knownText(k: KnownInt64): string {
  return int64Text(k.value);
}

export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return UNKNOWN;
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms, { maxUnits: 2 });
}

export function rateText(perSecond: number | null | undefined): string {
  return perSecond === null || perSecond === undefined ? UNKNOWN : formatRate(perSecond);
}

export function timeText(ms: number | null | undefined): string {
  if (!ms) return UNKNOWN;
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function modelText(model: string | null): string {
  return model === "CLUSTERING" ? "clustering" : model === "BROADCASTING" ? "broadcasting" : UNKNOWN;
}

export function consumeTypeText(type: string | null): string {
  return type === "CONSUME_PASSIVELY" ? "push" : type === "CONSUME_ACTIVELY" ? "pull" : type === "CONSUME_POP" ? "pop" : UNKNOWN;
}

/** "2026-11-21 10:04:05" in the reader's locale and time zone (24-hour clock). */
export function dateTimeText(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined) return UNKNOWN;
  return new Date(ms).toLocaleString(locale, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

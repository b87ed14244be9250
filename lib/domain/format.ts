/**
 * Display formatting: bigint-safe counts, durations ("2 min 5 s"), ages ("as of 12 s ago"), and the unknown
 * state ("—"). Pure; locale-aware through Intl for digit grouping. The default locale is fixed ("en-US") so
 * server and browser render the same text; pass the user's locale explicitly where wanted.
 */
import type { LagTime } from "./lagTime";
import type { Known, PartialTotal } from "./value";

export const DEFAULT_LOCALE = "en-US";
export const UNKNOWN_TEXT = "—";

const integerFormats = new Map<string, Intl.NumberFormat>();
const decimalFormats = new Map<string, Intl.NumberFormat>();

function integerFormat(locale: string): Intl.NumberFormat {
  let f = integerFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true });
    integerFormats.set(locale, f);
  }
  return f;
}

function decimalFormat(locale: string): Intl.NumberFormat {
  let f = decimalFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1, useGrouping: true });
    decimalFormats.set(locale, f);
  }
  return f;
}

/** 1234567n -> "1,234,567"; exact for any bigint (9007199254740993n stays ...993). */
export function formatCount(n: bigint | number, locale: string = DEFAULT_LOCALE): string {
  if (typeof n === "number" && !Number.isFinite(n)) return UNKNOWN_TEXT;
  return integerFormat(locale).format(n);
}

function isOne(n: bigint | number): boolean {
  return typeof n === "bigint" ? n === 1n : n === 1;
}

/** "1 message", "1,234 messages". */
export function formatCountNoun(n: bigint | number, singular: string, pluralForm = `${singular}s`, locale: string = DEFAULT_LOCALE): string {
  return `${formatCount(n, locale)} ${isOne(n) ? singular : pluralForm}`;
}

/** "1 message waits", "1,234 messages wait". */
export function formatMessagesWait(n: bigint | number, locale: string = DEFAULT_LOCALE): string {
  return `${formatCountNoun(n, "message", "messages", locale)} ${isOne(n) ? "waits" : "wait"}`;
}

/** A known value formatted, or "—". */
export function formatKnown<T>(k: Known<T>, format: (value: T) => string, unknownText: string = UNKNOWN_TEXT): string {
  return k.known ? format(k.value) : unknownText;
}

export function formatKnownCount(k: Known<bigint | number>, locale: string = DEFAULT_LOCALE): string {
  return formatKnown(k, (v) => formatCount(v, locale));
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/**
 * "12,345" when complete; "≥ 12,345 (2 queues unknown)" when some items are unknown; "— (3 queues
 * unknown)" when nothing is known; "≥ 12,345 (incomplete)" when a whole source is missing.
 */
export function formatPartialTotal(t: PartialTotal, locale: string = DEFAULT_LOCALE, item = "queue"): string {
  if (t.complete) return formatCount(t.sum, locale);
  const missing = t.unknown > 0 ? `${formatCount(t.unknown, locale)} ${plural(t.unknown, item)} unknown` : "incomplete";
  if (t.known === 0) return `${UNKNOWN_TEXT} (${missing})`;
  return `≥ ${formatCount(t.sum, locale)} (${missing})`;
}

const UNITS: readonly { readonly ms: number; readonly label: string }[] = [
  { ms: 86_400_000, label: "d" },
  { ms: 3_600_000, label: "h" },
  { ms: 60_000, label: "min" },
  { ms: 1_000, label: "s" },
];

function toFiniteMs(ms: number | bigint): number {
  if (typeof ms === "bigint") {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    return Number(ms > max ? max : ms < -max ? -max : ms);
  }
  return ms;
}

/**
 * "450 ms", "5 s", "2 min 5 s", "3 h", "1 h 5 min", "2 d 3 h": the largest unit plus the next one when
 * non-zero (`maxUnits`, default 2). Truncates (never rounds up to "60 s"). Negative durations get "-".
 */
export function formatDuration(ms: number | bigint, options: { locale?: string; maxUnits?: number } = {}): string {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const maxUnits = Math.max(1, options.maxUnits ?? 2);
  const value = toFiniteMs(ms);
  if (!Number.isFinite(value)) return UNKNOWN_TEXT;
  if (value < 0) return `-${formatDuration(-value, options)}`;
  if (value === 0) return "0 s";
  if (value < 1000) return `${formatCount(Math.max(1, Math.floor(value)), locale)} ms`;
  let rest = Math.floor(value / 1000) * 1000;
  const parts: string[] = [];
  for (let i = 0; i < UNITS.length && parts.length < maxUnits; i++) {
    const unit = UNITS[i];
    if (unit === undefined) break;
    const n = Math.floor(rest / unit.ms);
    rest -= n * unit.ms;
    if (parts.length === 0) {
      if (n > 0) parts.push(`${formatCount(n, locale)} ${unit.label}`);
    } else {
      // Only the unit right after the largest one; stop at the first zero ("3 h", not "3 h 5 s").
      if (n > 0) parts.push(`${formatCount(n, locale)} ${unit.label}`);
      else break;
    }
  }
  return parts.join(" ");
}

/** "just now" (under 1 s), "12 s ago", "2 min 5 s ago"; a negative age (clock skew) is "just now". */
export function formatAge(ageMs: number | bigint, locale: string = DEFAULT_LOCALE): string {
  const v = toFiniteMs(ageMs);
  if (!Number.isFinite(v)) return UNKNOWN_TEXT;
  if (v < 1000) return "just now";
  return `${formatDuration(v, { locale })} ago`;
}

/** "as of 12 s ago" for a value read at `readAtMs` (both ms since the epoch). */
export function formatAsOf(readAtMs: bigint, nowMs: bigint, locale: string = DEFAULT_LOCALE): string {
  return `as of ${formatAge(nowMs - readAtMs, locale)}`;
}

/** "12.5/s", "1,234/s" (one decimal below 100/s); with a unit, "12.5 messages/s". */
export function formatRate(perSecond: number, locale: string = DEFAULT_LOCALE, unit?: string): string {
  if (!Number.isFinite(perSecond)) return UNKNOWN_TEXT;
  const text = Math.abs(perSecond) < 100 ? decimalFormat(locale).format(perSecond) : formatCount(Math.round(perSecond), locale);
  return unit === undefined ? `${text}/s` : `${text} ${unit}/s`;
}

/** Exact "2 min 5 s"; estimate "≤ 2 min 5 s"; unknown "—". */
export function formatLagTime(lt: LagTime, locale: string = DEFAULT_LOCALE): string {
  if (lt.kind === "exact") return formatDuration(lt.ms, { locale });
  if (lt.kind === "estimate-upper-bound") return `≤ ${formatDuration(lt.ms, { locale })}`;
  return UNKNOWN_TEXT;
}

/** 0.334 -> "33%". */
export function formatPercent(fraction: number, locale: string = DEFAULT_LOCALE): string {
  if (!Number.isFinite(fraction)) return UNKNOWN_TEXT;
  return `${formatCount(Math.round(fraction * 100), locale)}%`;
}

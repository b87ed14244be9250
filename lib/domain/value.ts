/**
 * Explicit known/unknown values (design convention 11: a value we could not read is never 0).
 *
 * Every figure the domain layer derives from broker or client data is a `Known<T>`: either a value, or a
 * reason it is missing ("broker-b did not answer", "broker before 5.1 reports no pullOffset"). Totals over
 * values that may be unknown are `PartialTotal`s: the sum of the known parts plus a count of the unknown
 * ones, so a total is never silently smaller than the truth.
 */

export type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly reason: string };

export type KnownValue<T> = Extract<Known<T>, { known: true }>;
export type UnknownValue = Extract<Known<unknown>, { known: false }>;

export function known<T>(value: T): Known<T> {
  return { known: true, value };
}

/** An unknown value; assignable to any `Known<T>`. */
export function notKnown(reason: string): UnknownValue {
  return { known: false, reason };
}

export function isKnown<T>(k: Known<T>): k is KnownValue<T> {
  return k.known;
}

/** `undefined`/`null` become unknown with `reason`. */
export function fromOptional<T>(value: T | undefined | null, reason: string): Known<T> {
  return value === undefined || value === null ? notKnown(reason) : known(value);
}

export function mapKnown<T, U>(k: Known<T>, f: (value: T) => U): Known<U> {
  return k.known ? known(f(k.value)) : k;
}

export function flatMapKnown<T, U>(k: Known<T>, f: (value: T) => Known<U>): Known<U> {
  return k.known ? f(k.value) : k;
}

/** The value, or `undefined` when unknown (for optional display; never substitute 0). */
export function knownOrUndefined<T>(k: Known<T>): T | undefined {
  return k.known ? k.value : undefined;
}

type KnownValues<T extends readonly Known<unknown>[]> = { -readonly [I in keyof T]: T[I] extends Known<infer U> ? U : never };

/** Known when every input is known; otherwise unknown with the first missing input's reason. */
export function allKnown<const T extends readonly Known<unknown>[]>(ks: T): Known<KnownValues<T>> {
  const values: unknown[] = [];
  for (const k of ks) {
    if (!k.known) return k;
    values.push(k.value);
  }
  return known(values as KnownValues<T>);
}

export function knownEquals<T>(a: Known<T>, b: Known<T>): boolean {
  if (a.known && b.known) return a.value === b.value;
  if (!a.known && !b.known) return a.reason === b.reason;
  return false;
}

/**
 * A sum over items some of which may be unknown: `sum` covers the known items only, `unknown` counts the
 * others. `complete` is false as soon as one item (or one whole source, see `withGap`) is missing; then the
 * true total is at least `sum` and display must say so ("≥ 12,345, 2 queues unknown").
 */
export interface PartialTotal {
  readonly sum: bigint;
  readonly known: number;
  readonly unknown: number;
  readonly complete: boolean;
  /** Distinct reasons for the missing parts, in first-seen order. */
  readonly reasons: readonly string[];
}

export const EMPTY_TOTAL: PartialTotal = { sum: 0n, known: 0, unknown: 0, complete: true, reasons: [] };

export function sumKnown(values: Iterable<Known<bigint>>): PartialTotal {
  let sum = 0n;
  let nKnown = 0;
  let nUnknown = 0;
  const reasons: string[] = [];
  for (const v of values) {
    if (v.known) {
      sum += v.value;
      nKnown++;
    } else {
      nUnknown++;
      if (!reasons.includes(v.reason)) reasons.push(v.reason);
    }
  }
  return { sum, known: nKnown, unknown: nUnknown, complete: nUnknown === 0, reasons };
}

/** Adds two partial totals. */
export function addTotals(a: PartialTotal, b: PartialTotal): PartialTotal {
  const reasons = [...a.reasons];
  for (const r of b.reasons) if (!reasons.includes(r)) reasons.push(r);
  return {
    sum: a.sum + b.sum,
    known: a.known + b.known,
    unknown: a.unknown + b.unknown,
    complete: a.complete && b.complete,
    reasons,
  };
}

/** Marks a total incomplete because a whole source is missing (e.g. a broker whose queues we cannot list). */
export function withGap(total: PartialTotal, reason: string): PartialTotal {
  return {
    ...total,
    complete: false,
    reasons: total.reasons.includes(reason) ? total.reasons : [...total.reasons, reason],
  };
}

/** The exact total when complete, otherwise unknown (with the gaps as the reason). */
export function totalIfComplete(total: PartialTotal): Known<bigint> {
  if (total.complete) return known(total.sum);
  return notKnown(total.reasons.join("; ") || "some parts are unknown");
}

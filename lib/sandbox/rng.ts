/**
 * Seeded randomness for the sandbox. Two kinds:
 * - streams (`Rng`): a mulberry32 generator for setup decisions taken in order (ids, addresses);
 * - hashes (`hash32`, `unitOf`): stateless per-event decisions (a message's consume time, whether it
 *   fails), so the outcome for message N of a queue does not depend on tick timing.
 */

/** A small deterministic PRNG (mulberry32) with helpers. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A child stream whose sequence depends only on this seed and `label`. */
  fork(label: string): Rng {
    return new Rng(hash32(this.state, label));
  }
}

/** FNV-1a over the parts, finished with a murmur3 mix; numbers are hashed by their 32-bit halves. */
export function hash32(...parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    if (typeof p === "number") {
      const lo = p >>> 0;
      const hi = Math.floor(p / 4294967296) >>> 0;
      for (const w of [lo, hi]) {
        for (let s = 0; s < 32; s += 8) {
          h ^= (w >>> s) & 0xff;
          h = Math.imul(h, 0x01000193);
        }
      }
    } else {
      for (let i = 0; i < p.length; i++) {
        h ^= p.charCodeAt(i) & 0xff;
        h = Math.imul(h, 0x01000193);
        h ^= p.charCodeAt(i) >>> 8;
        h = Math.imul(h, 0x01000193);
      }
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A float in [0, 1) from a hash. */
export function unitOf(h: number): number {
  return (h >>> 0) / 4294967296;
}

/**
 * A log-normal sample with the given median: median * exp(sigma * z), z ~ N(0,1) from two uniforms
 * (Box-Muller). Deterministic for given uniforms.
 */
export function logNormal(median: number, sigma: number, u1: number, u2: number): number {
  const z = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(sigma * z);
}

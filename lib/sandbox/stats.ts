/**
 * Event counters with per-second buckets over the last 10 minutes (RocketMQ's StatsItem keeps
 * 10 s / 1 min / 10 min windows). Rates are per second of the timestamp clock (wall time).
 */
const BUCKETS = 600;

export class RateMeter {
  private readonly counts = new Float64Array(BUCKETS);
  private readonly sums = new Float64Array(BUCKETS);
  private lastSecond = -1;
  total = 0;
  totalValue = 0;

  private roll(second: number): void {
    if (this.lastSecond < 0) {
      this.lastSecond = second;
      return;
    }
    if (second <= this.lastSecond) return;
    const gap = Math.min(BUCKETS, second - this.lastSecond);
    for (let i = 1; i <= gap; i++) {
      const idx = (this.lastSecond + i) % BUCKETS;
      this.counts[idx] = 0;
      this.sums[idx] = 0;
    }
    this.lastSecond = second;
  }

  /** Records `n` events (and an optional summed value, e.g. a latency) at wall time `now`. */
  add(now: number, n = 1, value = 0): void {
    const s = Math.floor(now / 1000);
    this.roll(s);
    if (s < this.lastSecond - BUCKETS + 1) return;
    const idx = s % BUCKETS;
    this.counts[idx] = (this.counts[idx] as number) + n;
    this.sums[idx] = (this.sums[idx] as number) + value;
    this.total += n;
    this.totalValue += value;
  }

  /** Events per second over the last `windowMs` (complete seconds before `now`). */
  rate(now: number, windowMs: number): number {
    const s = Math.floor(now / 1000);
    this.roll(s);
    const secs = Math.max(1, Math.min(BUCKETS - 1, Math.round(windowMs / 1000)));
    let n = 0;
    for (let i = 1; i <= secs; i++) n += this.counts[(s - i + BUCKETS * 2) % BUCKETS] as number;
    return n / secs;
  }

  /** Average recorded value per event over the window (0 when no events). */
  average(now: number, windowMs: number): number {
    const s = Math.floor(now / 1000);
    this.roll(s);
    const secs = Math.max(1, Math.min(BUCKETS - 1, Math.round(windowMs / 1000)));
    let n = 0;
    let v = 0;
    for (let i = 1; i <= secs; i++) {
      const idx = (s - i + BUCKETS * 2) % BUCKETS;
      n += this.counts[idx] as number;
      v += this.sums[idx] as number;
    }
    return n === 0 ? 0 : v / n;
  }

  /** Events in the window. */
  count(now: number, windowMs: number): number {
    return this.rate(now, windowMs) * Math.max(1, Math.min(BUCKETS - 1, Math.round(windowMs / 1000)));
  }
}

/**
 * Time for the sandbox. Two readings:
 * - `simNow()`: simulated time, which drives every interval of the simulation (5 s commits, 20 s
 *   rebalances, consume durations, production rates). It runs `timeScale` times faster than real time.
 * - `wallNow()`: what timestamps carry (message store times, lastPullTimestamp, ...). In real mode it
 *   is the wall clock, so "lag in time" stays sane whatever the time scale.
 * In manual mode nothing moves until `advance(ms)`; both readings then advance together from the
 * wall-clock time of creation (deterministic tests).
 */
export interface Clock {
  readonly manual: boolean;
  readonly timeScale: number;
  simNow(): number;
  wallNow(): number;
  /** Simulated milliseconds -> real milliseconds (for timers). */
  toReal(simMs: number): number;
}

export class RealClock implements Clock {
  readonly manual = false;
  private readonly realBase: number;

  constructor(
    readonly timeScale: number,
    private readonly simBase: number = Date.now(),
  ) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
    this.realBase = Date.now();
  }

  simNow(): number {
    return this.simBase + (Date.now() - this.realBase) * this.timeScale;
  }

  wallNow(): number {
    return Date.now();
  }

  toReal(simMs: number): number {
    return simMs / this.timeScale;
  }
}

export class ManualClock implements Clock {
  readonly manual = true;
  readonly timeScale = 1;
  private now: number;

  constructor(start: number = Date.now()) {
    this.now = start;
  }

  simNow(): number {
    return this.now;
  }

  wallNow(): number {
    return Math.floor(this.now);
  }

  toReal(simMs: number): number {
    return simMs;
  }

  /** Moves time forward (the caller runs the simulation steps). */
  set(to: number): void {
    if (to < this.now) throw new Error("the manual clock cannot go backwards");
    this.now = to;
  }
}

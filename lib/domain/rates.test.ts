import { describe, expect, it } from "vitest";
import { averageRate, computeRates, medianIntervalMs, rateFromDelta } from "./rates";
import type { StatusSample } from "./status";

const T0 = 1_700_000_000_000n;
const S = 1_000n;

type Q = readonly [string, bigint | undefined, bigint | undefined];
function sample(sec: number, queues: readonly Q[], online: number | undefined = 1): StatusSample {
  return {
    atMs: T0 + BigInt(sec) * S,
    onlineClients: online,
    queues: queues.map(([key, committed, brokerOffset]) => ({ key, committed, brokerOffset })),
  };
}
/** One queue "q" at the given seconds with [committed, broker]. */
function one(points: readonly (readonly [number, bigint | undefined, bigint | undefined])[]): StatusSample[] {
  return points.map(([sec, c, b]) => sample(sec, [["q", c, b]]));
}
function q0(samples: StatusSample[], opts = {}) {
  const r = computeRates(samples, opts);
  return r.queues[0]?.points ?? [];
}

describe("computeRates: basics", () => {
  it("steady state: constant rates between consecutive samples", () => {
    const pts = q0(one([[0, 0n, 100n], [10, 100n, 200n], [20, 200n, 300n]]));
    expect(pts).toHaveLength(2);
    for (const p of pts) {
      expect(p.consumeRate).toBe(10);
      expect(p.produceRate).toBe(10);
      expect(p.consumed).toBe(100n);
      expect(p.rewind).toBe(false);
      expect(p.gap).toBe(false);
    }
    expect(pts[0]?.fromMs).toBe(T0);
    expect(pts[0]?.toMs).toBe(T0 + 10n * S);
  });

  it("unsorted input is sorted by time", () => {
    const pts = q0(one([[20, 200n, 300n], [0, 0n, 100n], [10, 100n, 200n]]));
    expect(pts.map((p) => p.consumeRate)).toEqual([10, 10]);
  });

  it("bursts: each interval has its own rate", () => {
    const pts = q0(one([[0, 0n, 0n], [10, 0n, 5_000n], [20, 3_000n, 5_000n], [30, 5_000n, 5_000n]]));
    expect(pts.map((p) => p.produceRate)).toEqual([500, 0, 0]);
    expect(pts.map((p) => p.consumeRate)).toEqual([0, 300, 200]);
  });

  it("no samples or a single sample: no rate points", () => {
    expect(computeRates([])).toEqual({ queues: [], group: [], maxGapMs: Number.POSITIVE_INFINITY });
    const r = computeRates(one([[0, 5n, 10n]]));
    expect(r.queues).toHaveLength(1);
    expect(r.queues[0]?.points).toEqual([]);
    expect(r.group).toEqual([]);
  });

  it("empty queue (nothing ever produced): rates are 0, not unknown", () => {
    const pts = q0(one([[0, 0n, 0n], [10, 0n, 0n]]));
    expect(pts[0]).toMatchObject({ consumeRate: 0, produceRate: 0, gap: false, rewind: false });
  });

  it("a group with no queues: points with null rates, not partial", () => {
    const r = computeRates([sample(0, []), sample(10, [])]);
    expect(r.group[0]).toMatchObject({ consumeRate: null, produceRate: null, partial: false, queues: 0 });
  });
});

describe("computeRates: resets", () => {
  it("committed offset going backwards is a rewind: null consume rate, never negative", () => {
    const pts = q0(one([[0, 1_000n, 2_000n], [10, 200n, 2_100n], [20, 300n, 2_200n]]));
    expect(pts[0]).toMatchObject({ rewind: true, consumeRate: null, consumed: null, produceRate: 10, gap: false });
    expect(pts[1]).toMatchObject({ rewind: false, consumeRate: 10 });
  });

  it("broker offset going backwards (topic recreated): null produce rate and brokerReset", () => {
    const pts = q0(one([[0, 900n, 1_000n], [10, 0n, 50n], [20, 50n, 100n]]));
    expect(pts[0]).toMatchObject({ brokerReset: true, produceRate: null, rewind: true, consumeRate: null });
    expect(pts[1]).toMatchObject({ brokerReset: false, produceRate: 5, consumeRate: 5 });
  });

  it("no rate is ever negative", () => {
    const pts = q0(one([[0, 50n, 60n], [10, 10n, 5n], [20, 5n, 1n], [30, 0n, 0n]]));
    for (const p of pts) {
      expect(p.consumeRate === null || p.consumeRate >= 0).toBe(true);
      expect(p.produceRate === null || p.produceRate >= 0).toBe(true);
    }
  });
});

describe("computeRates: gaps", () => {
  it("a queue missing from a sample is a gap on both sides, not zero, not interpolated", () => {
    const s = [sample(0, [["q", 0n, 0n]]), sample(10, []), sample(20, [["q", 200n, 400n]]), sample(30, [["q", 300n, 500n]])];
    const pts = q0(s);
    expect(pts.map((p) => p.gap)).toEqual([true, true, false]);
    expect(pts.map((p) => p.consumeRate)).toEqual([null, null, 10]);
    expect(pts.map((p) => p.produceRate)).toEqual([null, null, 10]);
  });

  it("an unreadable offset is a gap for that rate only", () => {
    const pts = q0(one([[0, undefined, 0n], [10, 100n, 100n]]));
    expect(pts[0]).toMatchObject({ gap: true, consumeRate: null, produceRate: 10 });
    const neg = q0(one([[0, -1n, 0n], [10, 100n, 100n]]));
    expect(neg[0]?.consumeRate).toBeNull();
  });

  it("an interval longer than 3x the median is a gap", () => {
    const s = one([[0, 0n, 0n], [10, 100n, 100n], [20, 200n, 200n], [80, 800n, 800n], [90, 900n, 900n]]);
    expect(medianIntervalMs(s)).toBe(10_000);
    const r = computeRates(s);
    expect(r.maxGapMs).toBe(30_000);
    const pts = r.queues[0]?.points ?? [];
    expect(pts.map((p) => p.gap)).toEqual([false, false, true, false]);
    expect(pts[2]).toMatchObject({ consumeRate: null, produceRate: null, consumed: null });
    expect(r.group[2]).toMatchObject({ gap: true, consumeRate: null, partial: false });
  });

  it("maxGapMs option overrides the default", () => {
    const pts = q0(one([[0, 0n, 0n], [10, 100n, 100n], [20, 200n, 200n]]), { maxGapMs: 5_000 });
    expect(pts.every((p) => p.gap && p.consumeRate === null)).toBe(true);
  });

  it("two samples at the same instant: a gap, no division by zero", () => {
    const pts = q0(one([[0, 0n, 0n], [0, 10n, 10n], [10, 110n, 110n]]));
    expect(pts[0]).toMatchObject({ gap: true, consumeRate: null });
    expect(pts[1]?.consumeRate).toBe(10);
  });

  it("median of an even number of intervals", () => {
    expect(medianIntervalMs(one([[0, 0n, 0n], [10, 0n, 0n], [30, 0n, 0n], [60, 0n, 0n], [100, 0n, 0n]]))).toBe(25_000);
    expect(medianIntervalMs(one([[0, 0n, 0n]]))).toBeNull();
  });
});

describe("computeRates: exactness with large offsets", () => {
  it("offsets beyond 2^53: deltas in bigint, exact rates", () => {
    const base = 2n ** 53n + 1n; // not representable as a double
    const pts = q0(one([[0, base, base + 1n], [1, base + 10n, base + 12n]]));
    expect(pts[0]?.consumed).toBe(10n);
    expect(pts[0]?.consumeRate).toBe(10);
    expect(pts[0]?.produced).toBe(11n);
    expect(pts[0]?.produceRate).toBe(11);
    // The naive way would lose it:
    expect(Number(base + 10n) - Number(base)).not.toBe(10);
  });

  it("offsets near 2^63 stay exact", () => {
    const big = 2n ** 63n - 1_000_000n;
    const pts = q0(one([[0, big, big + 7n], [7, big + 7n, big + 14n]]));
    expect(pts[0]).toMatchObject({ consumeRate: 1, produceRate: 1 });
  });

  it("rateFromDelta", () => {
    expect(rateFromDelta(15n, 10_000n)).toBe(1.5);
    expect(rateFromDelta(0n, 1n)).toBe(0);
  });
});

describe("computeRates: group aggregation", () => {
  it("sums queues known in both samples", () => {
    const r = computeRates([
      sample(0, [["a", 0n, 100n], ["b", 0n, 0n]]),
      sample(10, [["a", 100n, 200n], ["b", 50n, 300n]]),
    ]);
    expect(r.group[0]).toMatchObject({ consumeRate: 15, produceRate: 40, consumed: 150n, produced: 400n, partial: false, queues: 2 });
  });

  it("a queue unknown in one sample: partial, sum over the others only", () => {
    const r = computeRates([
      sample(0, [["a", 0n, 100n], ["b", 0n, 0n]]),
      sample(10, [["a", 100n, 200n]]),
      sample(20, [["a", 200n, 300n], ["b", 500n, 500n]]),
    ]);
    expect(r.group[0]).toMatchObject({ consumeRate: 10, produceRate: 10, partial: true, queues: 2, consumeQueues: 1, produceQueues: 1 });
    expect(r.group[1]).toMatchObject({ consumeRate: 10, partial: true });
  });

  it("a rewinding queue is left out of the consume sum and flagged", () => {
    const r = computeRates([
      sample(0, [["a", 0n, 100n], ["b", 900n, 1_000n]]),
      sample(10, [["a", 100n, 200n], ["b", 0n, 1_000n]]),
    ]);
    expect(r.group[0]).toMatchObject({ consumeRate: 10, produceRate: 10, rewind: true, partial: true, consumeQueues: 1, produceQueues: 2 });
  });

  it("no queue known: null group rates, partial", () => {
    const r = computeRates([sample(0, [["a", undefined, undefined]]), sample(10, [["a", undefined, undefined]])]);
    expect(r.group[0]).toMatchObject({ consumeRate: null, produceRate: null, partial: true });
  });

  it("large offsets across queues sum exactly", () => {
    const b = 2n ** 60n;
    const r = computeRates([
      sample(0, [["a", b, b], ["b", b + 1n, b + 1n]]),
      sample(1, [["a", b + 3n, b + 3n], ["b", b + 5n, b + 5n]]),
    ]);
    expect(r.group[0]).toMatchObject({ consumeRate: 7, consumed: 7n });
  });
});

describe("averageRate", () => {
  const steady = computeRates(one([[0, 0n, 0n], [10, 100n, 200n], [20, 200n, 400n], [30, 300n, 600n]]));
  const pts = steady.queues[0]?.points ?? [];

  it("full window: exact average and full coverage", () => {
    const a = averageRate(pts, 30_000);
    expect(a).toMatchObject({ consumeRate: 10, produceRate: 20, consumeCoverage: 1, produceCoverage: 1, rewind: false, gap: false });
    expect(a.toMs).toBe(T0 + 30n * S);
    expect(a.fromMs).toBe(T0);
  });

  it("window longer than the series: coverage below 1", () => {
    const a = averageRate(pts, 60_000);
    expect(a.consumeRate).toBe(10);
    expect(a.consumeCoverage).toBe(0.5);
  });

  it("a point straddling the window start is prorated", () => {
    const burst = computeRates(one([[0, 0n, 0n], [10, 1_000n, 1_000n], [20, 1_100n, 1_100n]])).queues[0]?.points ?? [];
    const a = averageRate(burst, 15_000);
    // 5 s at 100/s + 10 s at 10/s over 15 s
    expect(a.consumeRate).toBeCloseTo(40, 10);
    expect(a.consumeCoveredMs).toBe(15_000);
  });

  it("ignores gaps and rewinds, says so, and reports coverage", () => {
    const s = one([[0, 0n, 0n], [10, 100n, 100n], [20, 50n, 200n], [30, 150n, 300n]]);
    const a = averageRate(computeRates(s).queues[0]?.points ?? [], 30_000);
    expect(a.consumeRate).toBe(10);
    expect(a.consumeCoveredMs).toBe(20_000);
    expect(a.consumeCoverage).toBeCloseTo(2 / 3, 10);
    expect(a.produceCoverage).toBe(1);
    expect(a.rewind).toBe(true);
  });

  it("nothing covered: null, never 0", () => {
    const a = averageRate([], 60_000);
    expect(a).toMatchObject({ consumeRate: null, produceRate: null, consumeCoverage: 0 });
    const gapOnly = computeRates([sample(0, [["q", 0n, 0n]]), sample(10, [])]).queues[0]?.points ?? [];
    expect(averageRate(gapOnly, 10_000)).toMatchObject({ consumeRate: null, gap: true });
  });

  it("explicit endMs selects an earlier window; group points carry partial", () => {
    expect(averageRate(pts, 10_000, { endMs: T0 + 10n * S }).consumeRate).toBe(10);
    const r = computeRates([sample(0, [["a", 0n, 0n], ["b", 0n, 0n]]), sample(10, [["a", 10n, 10n]])]);
    expect(averageRate(r.group, 10_000)).toMatchObject({ consumeRate: 1, partial: true });
  });
});

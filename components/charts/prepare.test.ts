import { describe, expect, it } from "vitest";
import type { HistoryPoint, QueueLagSeries } from "@/lib/schemas";
import {
  axisNumber,
  axisSeconds,
  countKnown,
  insertGaps,
  lagRowValue,
  mergeMarkers,
  prepareBacklogSeries,
  prepareLagSeries,
  prepareQueueSeries,
  prepareRateSeries,
  prepareValueSeries,
  presetRange,
  RANGE_PRESETS,
  maxValue,
  niceTicks,
  rangeIdOf,
  secondsTicks,
  sparklineDomain,
  rangeMs,
  timeTickFormatter,
  timeTicks,
} from "./prepare";

const T0 = Date.UTC(2025, 4, 18, 14, 0, 0);
const S = 30_000; // sampling interval
const MAX_GAP = 75_000;

function point(i: number, lag: string | null, extra: Partial<HistoryPoint> = {}): HistoryPoint {
  return {
    t: T0 + i * S,
    lag,
    lagMax: lag,
    retryLag: "0",
    lagTimeMs: lag === null ? null : Number(lag) * 10,
    lagTimeExact: true,
    onlineClients: 2,
    consumeRate: 10,
    produceRate: 12,
    rewind: false,
    partial: false,
    ...extra,
  };
}

describe("prepareLagSeries", () => {
  it("plots consecutive samples as numbers and keeps the exact int64 string", () => {
    const rows = prepareLagSeries([point(0, "100"), point(1, "9007199254740993"), point(2, "120")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.value)).toEqual([100, 9007199254740992, 120]);
    expect(rows[1]!.exact).toBe("9007199254740993");
    expect(rows.every((r) => !r.gap)).toBe(true);
  });

  it("turns an unknown lag into null, never 0", () => {
    const rows = prepareLagSeries([point(0, "100"), point(1, null), point(2, "120")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.value)).toEqual([100, null, 120]);
    expect(rows[1]!.exact).toBeNull();
    expect(rows.some((r) => r.value === 0)).toBe(false);
  });

  it("inserts a null row between samples further apart than maxGapMs (missed samples are a gap)", () => {
    // Samples 0, 1, then nothing until 5 (the sampler was down for 3 cycles).
    const rows = prepareLagSeries([point(0, "100"), point(1, "110"), point(5, "150"), point(6, "160")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.value)).toEqual([100, 110, null, 150, 160]);
    const gap = rows[2]!;
    expect(gap.gap).toBe(true);
    expect(gap.t).toBeGreaterThan(T0 + 1 * S);
    expect(gap.t).toBeLessThan(T0 + 5 * S);
    // Exactly maxGapMs apart is not a gap.
    const edge = prepareLagSeries([point(0, "1"), { ...point(1, "2"), t: T0 + MAX_GAP }], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(edge).toHaveLength(2);
  });

  it("sorts by time and keeps the last of two samples with the same timestamp", () => {
    const rows = prepareLagSeries([point(2, "120"), point(0, "100"), point(1, "110"), { ...point(1, "111") }], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.t)).toEqual([T0, T0 + S, T0 + 2 * S]);
    expect(rows.map((r) => r.exact)).toEqual(["100", "111", "120"]);
  });

  it("keeps a bucket's max lag for tooltips of downsampled data", () => {
    const rows = prepareLagSeries([point(0, "100", { lagMax: "180" })], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows[0]!.value).toBe(100);
    expect(rows[0]!.maxExact).toBe("180");
  });

  it("plots the lag in time in seconds, unknown as null, and flags estimates", () => {
    const rows = prepareLagSeries(
      [point(0, "100", { lagTimeMs: 4_500 }), point(1, "100", { lagTimeMs: null }), point(2, "0", { lagTimeMs: 0 }), point(3, "5", { lagTimeMs: 90_000, lagTimeExact: false })],
      { maxGapMs: MAX_GAP, unit: "seconds" },
    );
    expect(rows.map((r) => r.value)).toEqual([4.5, null, 0, 90]);
    expect(rows.map((r) => r.exact)).toEqual([null, null, null, null]);
    expect(rows[3]!.lagTimeEstimate).toBe(true);
    expect(rows[0]!.lagTimeEstimate).toBe(false);
  });

  it("marks a known value between two unknowns as lone (drawn as a dot), and a single sample too", () => {
    const rows = prepareLagSeries([point(0, null), point(1, "5"), point(2, null), point(3, "6"), point(4, "7")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.lone.length)).toEqual([0, 1, 0, 0, 0]);
    expect(prepareLagSeries([point(0, "5")], { maxGapMs: MAX_GAP, unit: "messages" })[0]!.lone).toEqual(["value"]);
    const gapped = prepareLagSeries([point(0, "5"), point(9, "6")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(gapped.map((r) => r.lone)).toEqual([["value"], [], ["value"]]);
  });

  it("puts a partial sample (a lower bound) on its own series, not on the main line", () => {
    const rows = prepareLagSeries([point(0, "7000"), point(1, "3900", { partial: true }), point(2, "4000", { partial: true }), point(3, "7200")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows.map((r) => r.value)).toEqual([7000, null, null, 7200]);
    expect(rows.map((r) => r.lowerBound)).toEqual([null, 3900, 4000, null]);
    expect(rows.map(lagRowValue)).toEqual([7000, 3900, 4000, 7200]);
    expect(rows[1]!.partial).toBe(true);
    expect(rows[1]!.exact).toBe("3900");
    expect(rows.map((r) => r.lone)).toEqual([["value"], [], [], ["value"]]);
    const seconds = prepareLagSeries([point(0, "5", { partial: true, lagTimeMs: 2_000 })], { maxGapMs: MAX_GAP, unit: "seconds" });
    expect([seconds[0]!.value, seconds[0]!.lowerBound]).toEqual([null, 2]);
  });

  it("handles an empty input", () => {
    expect(prepareLagSeries([], { maxGapMs: MAX_GAP, unit: "messages" })).toEqual([]);
  });

  it("counts the known points (what the chart exposes as data-points)", () => {
    const rows = prepareLagSeries([point(0, "1"), point(1, null), point(5, "3")], { maxGapMs: MAX_GAP, unit: "messages" });
    expect(rows).toHaveLength(4);
    expect(countKnown(rows, (r) => r.value)).toBe(2);
  });
});

describe("prepareRateSeries", () => {
  it("keeps produce and consume rates and leaves null rates null", () => {
    const { rows, markers } = prepareRateSeries(
      [point(0, "1", { consumeRate: null, produceRate: null }), point(1, "1", { consumeRate: 12.5, produceRate: 40 }), point(2, "1", { consumeRate: 0, produceRate: null })],
      { maxGapMs: MAX_GAP },
    );
    expect(rows.map((r) => [r.produce, r.consume])).toEqual([
      [null, null],
      [40, 12.5],
      [null, 0],
    ]);
    expect(markers).toEqual([]);
  });

  it("turns a rewind into a marker, never a negative consume rate", () => {
    const { rows, markers } = prepareRateSeries(
      [point(0, "1"), point(1, "500", { rewind: true, consumeRate: -400 }), point(2, "480", { consumeRate: 20 }), point(3, "1", { consumeRate: -3, produceRate: -1 })],
      { maxGapMs: MAX_GAP },
    );
    expect(rows.map((r) => r.consume)).toEqual([10, null, 20, null]);
    expect(rows.map((r) => r.produce)).toEqual([12, 12, 12, null]);
    expect(rows.every((r) => (r.consume ?? 0) >= 0 && (r.produce ?? 0) >= 0)).toBe(true);
    expect(markers).toEqual([{ t: T0 + S, kind: "rewind", text: "" }]);
  });

  it("inserts gaps between distant samples", () => {
    const { rows } = prepareRateSeries([point(0, "1"), point(4, "1")], { maxGapMs: MAX_GAP });
    expect(rows.map((r) => r.consume)).toEqual([10, null, 10]);
    expect(rows[1]!.gap).toBe(true);
  });

  it("merges point rewinds with the server's markers (the server's text wins, no duplicates)", () => {
    const merged = mergeMarkers(
      [
        { t: T0 + S, kind: "rewind", text: "offsets reset by admin" },
        { t: T0 + 3 * S, kind: "broker-reset", text: "broker-b restarted" },
      ],
      [
        { t: T0 + S, kind: "rewind", text: "" },
        { t: T0, kind: "rewind", text: "" },
      ],
      "rewind",
    );
    expect(merged).toEqual([
      { t: T0, kind: "rewind", text: "rewind" },
      { t: T0 + S, kind: "rewind", text: "offsets reset by admin" },
      { t: T0 + 3 * S, kind: "broker-reset", text: "broker-b restarted" },
    ]);
  });
});

describe("prepareQueueSeries", () => {
  const q = (key: string, others: boolean, pts: Array<[number, string | null]>): QueueLagSeries => ({
    key,
    label: others ? "others" : key,
    others,
    count: others ? 3 : 1,
    points: pts.map(([i, lag]) => ({ t: T0 + i * S, lag })),
  });

  it("puts the top queues first and others last, with rows keyed by time", () => {
    const { series, rows } = prepareQueueSeries(
      [q("others", true, [[0, "7"], [1, "8"]]), q("order-events|broker-a|0", false, [[0, "100"], [1, "120"]]), q("order-events|broker-b|3", false, [[1, "50"], [0, "40"]])],
      { maxGapMs: MAX_GAP },
    );
    expect(series.map((s) => [s.id, s.key, s.others])).toEqual([
      ["q0", "order-events|broker-a|0", false],
      ["q1", "order-events|broker-b|3", false],
      ["others", "others", true],
    ]);
    expect(rows.map((r) => r.t)).toEqual([T0, T0 + S]);
    expect(rows[0]!.values).toEqual({ q0: 100, q1: 40, others: 7 });
    expect(rows[1]!.values).toEqual({ q0: 120, q1: 50, others: 8 });
    expect(rows[1]!.exact.q0).toBe("120");
  });

  it("leaves a series null where it has no point or an unknown lag, and inserts gap rows", () => {
    const { rows } = prepareQueueSeries(
      [q("a", false, [[0, "1"], [1, null], [2, "3"], [6, "4"]]), q("b", false, [[0, "5"], [2, "6"], [6, "7"]]), q("others", true, [])],
      { maxGapMs: MAX_GAP },
    );
    expect(rows.map((r) => r.values.q0)).toEqual([1, null, 3, null, 4]);
    expect(rows.map((r) => r.values.q1)).toEqual([5, null, 6, null, 7]);
    expect(rows.map((r) => r.values.others)).toEqual([null, null, null, null, null]);
    expect(rows.map((r) => r.gap)).toEqual([false, false, false, true, false]);
    expect(rows.some((r) => Object.values(r.values).includes(0))).toBe(false);
  });

  it("handles no queues at all", () => {
    expect(prepareQueueSeries([], { maxGapMs: MAX_GAP })).toEqual({ series: [], rows: [] });
  });
});

describe("value and backlog series", () => {
  it("sparkline points: unknown and gaps are null", () => {
    const rows = prepareValueSeries(
      [
        { t: T0, lag: "3" },
        { t: T0 + S, lag: null },
        { t: T0 + 2 * S, lag: "5" },
        { t: T0 + 9 * S, lag: "6" },
      ],
      { maxGapMs: MAX_GAP },
    );
    expect(rows.map((r) => r.value)).toEqual([3, null, 5, null, 6]);
  });

  it("a sparkline starts at its first sample when history is younger than the window", () => {
    const from = T0 - 3_600_000;
    const rows = prepareValueSeries(
      [
        { t: T0 - 2 * S, lag: null },
        { t: T0 - S, lag: "4" },
        { t: T0, lag: "5" },
      ],
      { maxGapMs: MAX_GAP },
    );
    expect(sparklineDomain(rows, from, T0 + 1_000)).toEqual([T0 - S, T0 + 1_000]);
    expect(sparklineDomain(prepareValueSeries([{ t: from - 1, lag: "1" }, { t: T0, lag: "2" }], { maxGapMs: MAX_GAP }), from, T0)).toEqual([from, T0]);
    expect(sparklineDomain([], from, T0)).toEqual([from, T0]);
  });

  it("cluster backlog keeps the cycle's group counts", () => {
    const rows = prepareBacklogSeries(
      [
        { t: T0 + S, totalLag: "900", groups: 8, groupsLagging: 2, groupsFailed: 1 },
        { t: T0, totalLag: "800", groups: 8, groupsLagging: 2, groupsFailed: 0 },
      ],
      { maxGapMs: MAX_GAP },
    );
    expect(rows.map((r) => [r.value, r.groupsFailed])).toEqual([
      [800, 0],
      [900, 1],
    ]);
  });

  it("insertGaps without a usable maxGapMs inserts nothing", () => {
    const rows = [{ t: 0 }, { t: 1_000_000 }];
    expect(insertGaps(rows, 0, (t) => ({ t }))).toEqual(rows);
    expect(insertGaps(rows, Number.NaN, (t) => ({ t }))).toEqual(rows);
  });
});

describe("time ranges and the time axis", () => {
  it("presets end now and span their duration", () => {
    const now = T0;
    expect(RANGE_PRESETS.map((p) => p.id)).toEqual(["15m", "1h", "6h", "24h", "7d", "30d"]);
    expect(presetRange("15m", now)).toEqual({ from: now - 15 * 60_000, to: now });
    expect(presetRange("24h", now)).toEqual({ from: now - 86_400_000, to: now });
    expect(rangeMs("30d")).toBe(30 * 86_400_000);
    // The preset of a server answer (its from/to may be rounded to the step).
    expect(rangeIdOf(now - 15 * 60_000 - 2_000, now)).toBe("15m");
    expect(rangeIdOf(now - 86_400_000, now - 60_000)).toBe("24h");
    expect(rangeIdOf(now - 2 * 3_600_000, now)).toBeNull();
  });

  it("ticks are round, equally spaced, inside the window and few", () => {
    for (const p of RANGE_PRESETS) {
      const { from, to } = presetRange(p.id, T0 + 12_345);
      const ticks = timeTicks(from, to, 7);
      expect(ticks.length, p.id).toBeGreaterThanOrEqual(3);
      expect(ticks.length, p.id).toBeLessThanOrEqual(8);
      expect(ticks[0]!).toBeGreaterThanOrEqual(from);
      expect(ticks.at(-1)!).toBeLessThanOrEqual(to);
      const step = ticks[1]! - ticks[0]!;
      expect(ticks.every((t, i) => i === 0 || t - ticks[i - 1]! === step)).toBe(true);
      expect(ticks[0]! % Math.min(step, 86_400_000)).toBe(0);
    }
    // One hour: every 10 minutes, on the round minute.
    expect(timeTicks(T0 - 3_600_000 + 12_345, T0 + 12_345, 7).map((t) => new Date(t).getUTCMinutes())).toEqual([10, 20, 30, 40, 50, 0]);
    // Aligned to the local clock: +8 h, 6-hour ticks fall on 00/06/12/18 local.
    const local = timeTicks(T0 - 86_400_000, T0, 6, 8 * 3_600_000).map((t) => (new Date(t).getUTCHours() + 8) % 24);
    expect(local.every((h) => h % 6 === 0)).toBe(true);
    expect(timeTicks(10, 5)).toEqual([]);
  });

  it("formats ticks for the span", () => {
    const t = Date.UTC(2025, 4, 18, 14, 5, 30);
    expect(timeTickFormatter(15 * 60_000, true)(t)).toBe("14:05");
    expect(timeTickFormatter(5 * 60_000, true)(t)).toBe("14:05:30");
    expect(timeTickFormatter(86_400_000, true)(t)).toBe("14:05");
    expect(timeTickFormatter(7 * 86_400_000, true)(t)).toBe("05-18 14:05");
    expect(timeTickFormatter(30 * 86_400_000, true)(t)).toBe("05-18");
  });

  it("formats axis values compactly", () => {
    expect(axisNumber(950)).toBe("950");
    expect(axisNumber(1_200)).toBe("1.2K");
    expect(axisNumber(3_400_000)).toBe("3.4M");
    expect(axisSeconds(45)).toBe("45 s");
    expect(axisSeconds(2.5)).toBe("2.5 s");
    expect(axisSeconds(720)).toBe("12 min");
    expect(axisSeconds(3 * 3600)).toBe("3 h");
    expect(axisSeconds(2 * 86400)).toBe("2 d");
  });

  it("puts count ticks on round steps", () => {
    expect(niceTicks(3_250)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(1_800)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(22_000)).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it("puts duration ticks on round steps", () => {
    expect(secondsTicks(1_900)).toEqual([0, 600, 1200, 1800, 2400]);
    expect(secondsTicks(45)).toEqual([0, 15, 30, 45]);
    expect(secondsTicks(0)).toEqual([0, 1]);
    expect(secondsTicks(5 * 3600)).toEqual([0, 7200, 14400, 21600]);
    expect(secondsTicks(1_900).map(axisSeconds)).toEqual(["0 s", "10 min", "20 min", "30 min", "40 min"]);
    expect(maxValue([{ v: 3 }, { v: null }, { v: 7 }], (r) => r.v)).toBe(7);
  });
});

import { describe, expect, it } from "vitest";
import type { SampleRow } from "@/lib/data/history";
import { packQueueOffsets } from "@/lib/data/queueOffsets";
import { bucketReads, buildSeries, chooseStep, etaOf, readsOf, type Read } from "./historySeries";

const MIN = 60_000;

/** A read of one topic with two queues: q0 lag lag0, q1 lag 0; broker offsets given. */
function read(t: number, o: { b0: bigint; c0: bigint; b1?: bigint; c1?: bigint; online?: number; retryLag?: bigint; partial?: boolean; bucketMs?: number; lagMax?: bigint }): Read {
  const b1 = o.b1 ?? o.b0;
  const c1 = o.c1 ?? b1;
  const lag = o.b0 - o.c0 + (b1 - c1);
  const row: SampleRow = {
    group: "g",
    topic: "T",
    retry: false,
    atMs: BigInt(t),
    cycleMs: BigInt(t),
    bucketMs: o.bucketMs ?? 0,
    lag,
    lagMax: o.lagMax ?? null,
    committedSum: o.c0 + c1,
    brokerSum: o.b0 + b1,
    lagTimeMs: lag > 0n ? 5000n : 0n,
    lagTimeExact: true,
    onlineClients: o.online ?? 1,
    partial: o.partial ?? false,
    offsets: packQueueOffsets([
      { brokerName: "broker-a", queueId: 0, brokerOffset: o.b0, committed: o.c0 },
      { brokerName: "broker-a", queueId: 1, brokerOffset: b1, committed: c1 },
    ]),
  };
  const rows = [row];
  if (o.retryLag !== undefined) rows.push({ ...row, topic: "%RETRY%g", retry: true, lag: o.retryLag, offsets: null });
  return { t, rows };
}

describe("chooseStep", () => {
  const base = { intervalMs: 30_000, bucketMs: 5 * MIN };
  it("raw samples for ranges within the raw retention, nice steps for at most 400 points", () => {
    const now = 100 * 86_400_000;
    expect(chooseStep({ ...base, fromMs: now - 15 * MIN, toMs: now, rawSinceMs: now - 48 * 60 * MIN })).toEqual({ step: 30_000, resolution: "raw", maxGapMs: 45_000 });
    expect(chooseStep({ ...base, fromMs: now - 24 * 60 * MIN, toMs: now, rawSinceMs: now - 48 * 60 * MIN })).toMatchObject({ step: 5 * MIN, resolution: "bucketed" });
    // 30 days: at most 400 points, and never finer than the 5-minute buckets past the raw retention
    const month = chooseStep({ ...base, fromMs: now - 30 * 86_400_000, toMs: now, rawSinceMs: now - 48 * 60 * MIN });
    expect(month.step).toBe(2 * 60 * MIN);
    expect((30 * 86_400_000) / month.step).toBeLessThanOrEqual(400);
    // a range reaching past the raw retention can't be finer than the buckets, even if asked
    expect(chooseStep({ ...base, fromMs: now - 3 * 86_400_000, toMs: now - 2.5 * 86_400_000, rawSinceMs: now - 48 * 60 * MIN, requested: 30_000 }).step).toBe(5 * MIN);
    // never finer than the sampling interval
    expect(chooseStep({ ...base, fromMs: now - MIN, toMs: now, rawSinceMs: 0, requested: 1_000 }).step).toBe(30_000);
  });
});

describe("readsOf / bucketReads", () => {
  it("groups rows by read time and keeps the last read per bucket with the bucket's max lag", () => {
    const reads = [read(0, { b0: 100n, c0: 90n }), read(30_000, { b0: 200n, c0: 50n }), read(60_000, { b0: 300n, c0: 290n }), read(310_000, { b0: 400n, c0: 400n })];
    expect(readsOf(reads.flatMap((r) => r.rows)).map((r) => r.t)).toEqual([0, 30_000, 60_000, 310_000]);
    const b = bucketReads(reads, 5 * MIN);
    expect(b.map((x) => [x.t, x.lagMax])).toEqual([
      [60_000, 150n],
      [310_000, 0n],
    ]);
    // a downsampled row carries its own max
    expect(bucketReads([read(0, { b0: 10n, c0: 10n, lagMax: 77n, bucketMs: 5 * MIN })], 5 * MIN)[0]!.lagMax).toBe(77n);
  });
});

describe("buildSeries", () => {
  const o = { fromMs: 0, toMs: 10 * MIN, step: 30_000, maxGapMs: 45_000, top: 1 };

  it("rates from per-queue deltas; retry lag apart; the first point has no rate", () => {
    const reads = [read(0, { b0: 1000n, c0: 900n, retryLag: 3n }), read(30_000, { b0: 1300n, c0: 1500n - 300n, b1: 1600n, c1: 1590n, retryLag: 4n })];
    const s = buildSeries(reads, o);
    expect(s.points).toHaveLength(2);
    expect(s.points[0]).toMatchObject({ t: 0, lag: "100", retryLag: "3", consumeRate: null, produceRate: null, rewind: false });
    // q0: committed 900 -> 1200, q1: 1000 -> 1590; broker q0 1000 -> 1300, q1 1000 -> 1600 => 890 / 30 s and 900 / 30 s
    expect(s.points[1]!.consumeRate).toBeCloseTo(890 / 30, 6);
    expect(s.points[1]!.produceRate).toBeCloseTo(900 / 30, 6);
    expect(s.points[1]).toMatchObject({ lag: "110", retryLag: "4" });
  });

  it("a rewind is a marker and a null consume rate, never a negative rate", () => {
    const reads = [read(0, { b0: 1000n, c0: 1000n }), read(30_000, { b0: 1030n, c0: 500n })];
    const s = buildSeries(reads, o);
    expect(s.points[1]).toMatchObject({ rewind: true, consumeRate: null });
    // both queues 1000 -> 1030
    expect(s.points[1]!.produceRate).toBeCloseTo(2, 6);
    expect(s.markers).toEqual([{ t: 30_000, kind: "rewind", text: "committed offset moved back on 1 queue: broker-a/0 (T)" }]);
  });

  it("a missed sample leaves a gap: null rates across it; unknown lag stays null", () => {
    const reads = [read(0, { b0: 100n, c0: 100n }), read(90_000, { b0: 200n, c0: 200n }), { t: 120_000, rows: [{ ...read(120_000, { b0: 300n, c0: 300n }).rows[0]!, lag: null, partial: true }] }];
    const s = buildSeries(reads, o);
    expect(s.points[1]).toMatchObject({ consumeRate: null, produceRate: null });
    expect(s.points[2]).toMatchObject({ lag: null, partial: true });
  });

  it("per-queue lag: top N by peak lag plus 'others'; points outside [from, to] only feed rates", () => {
    const reads = [read(-30_000, { b0: 100n, c0: 100n }), read(0, { b0: 200n, c0: 100n, b1: 200n, c1: 190n }), read(30_000, { b0: 300n, c0: 250n, b1: 300n, c1: 300n })];
    const s = buildSeries(reads, o);
    expect(s.points.map((p) => p.t)).toEqual([0, 30_000]);
    expect(s.points[0]!.consumeRate).not.toBeNull();
    expect(s.queues).toEqual([
      { key: "T|broker-a|0", label: "broker-a/0 (T)", others: false, count: 1, points: [{ t: 0, lag: "100" }, { t: 30_000, lag: "50" }] },
      { key: "others", label: "1 other queue", others: true, count: 1, points: [{ t: 0, lag: "10" }, { t: 30_000, lag: "0" }] },
    ]);
  });
});

describe("etaOf", () => {
  it("says why it cannot estimate yet, then follows the samples", () => {
    expect(etaOf([], 0, 30_000).reason).toMatch(/no samples/);
    expect(etaOf([read(0, { b0: 10n, c0: 0n })], 0, 30_000).reason).toMatch(/one sample/);
    // 8 reads 30 s apart: broker +300 (10/s) per queue, committed +600 on q0 (20/s): q0 drains
    const reads = Array.from({ length: 8 }, (_, i) => read(i * 30_000, { b0: 10_000n + BigInt(i * 300), c0: 4_000n + BigInt(i * 600) }));
    const eta = etaOf(reads, 7 * 30_000, 30_000);
    expect(eta.state).toBe("draining");
    // lag on q0 at the end: 12,100 - 8,200 = 3,900; net 10/s => 390 s
    expect(eta.etaMs).toBe(390_000);
    expect(eta.worstQueue).toBe("broker-a/0 (T)");
    expect(eta.windowMs).toBe(120_000);
  });
});

describe("etaOf with irregular reads", () => {
  it("does not drop the longer intervals (they hold the commits): a draining queue read at 3-5 s is draining", () => {
    // broker +2.5/s smooth; commits every 5 s of 4/s worth (20 per commit): net drain 1.5/s
    const reads: Read[] = [];
    let t = 0;
    for (let i = 0; i < 14; i++) {
      t += i % 2 === 0 ? 3_000 : 5_000;
      const b = 10_000n + BigInt(Math.floor((t * 2.5) / 1000));
      const c = 9_800n + BigInt(Math.floor(t / 5_000) * 20);
      reads.push(read(t, { b0: b, c0: c, b1: b, c1: b }));
    }
    const eta = etaOf(reads, t, 3_000, 30_000);
    expect(eta.state).toBe("draining");
  });
});

describe("mergeRewindMarkers", () => {
  it("an audited rewind replaces the inferred 'moved back' marker right after it; others stay", async () => {
    const { mergeRewindMarkers } = await import("./history");
    const inferred = [
      { t: 1_000, kind: "rewind" as const, text: "committed offset moved back on 2 queues" },
      { t: 50_000, kind: "rewind" as const, text: "committed offset moved back on 1 queue" },
      { t: 51_000, kind: "broker-reset" as const, text: "a broker offset went backwards" },
    ];
    const merged = mergeRewindMarkers(inferred, [{ t: 40_000, id: 7, text: "rewind #7 by op: to the earliest retained offset (applied)" }], 20_000);
    expect(merged.map((m) => [m.t, m.kind, m.rewindId ?? null])).toEqual([
      [1_000, "rewind", null],
      [40_000, "rewind", 7],
      [51_000, "broker-reset", null],
    ]);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrisma } from "./db";
import { databaseSize, downsampleBefore, getClusterSamples, getGroupSamples, getGroupsLag, getLastCycleTopGroups, pruneBefore, saveCycle, type GroupSampleInput } from "./history";
import { migrate } from "./migrate";
import { packQueueOffsets, unpackQueueOffsets } from "./queueOffsets";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-history-"));
let db: PrismaClient;
beforeAll(async () => {
  db = createPrisma(`file:${path.join(dir, "h.db")}`);
  await migrate(db);
});
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000n - (1_700_000_000_000n % 300_000n); // on a 5-minute boundary

function group(name: string, atMs: bigint, lag: bigint | null, opts: { retryLag?: bigint; online?: number } = {}): GroupSampleInput {
  const broker = 1000n + (atMs - T0) / 1000n;
  return {
    group: name,
    atMs,
    onlineClients: opts.online ?? 1,
    topics: [
      {
        topic: "TopicA",
        retry: false,
        lag,
        committedSum: lag === null ? null : broker - lag,
        brokerSum: broker,
        lagTimeMs: lag === null ? null : lag * 10n,
        lagTimeExact: true,
        partial: lag === null,
        offsets: lag === null ? null : packQueueOffsets([{ brokerName: "broker-a", queueId: 0, brokerOffset: broker, committed: broker - lag }]),
      },
      ...(opts.retryLag === undefined
        ? []
        : [{ topic: `%RETRY%${name}`, retry: true, lag: opts.retryLag, committedSum: 0n, brokerSum: opts.retryLag, lagTimeMs: null, lagTimeExact: false, partial: false, offsets: null }]),
    ],
  };
}

describe("lag history store", () => {
  it("saves cycles and reads a group's samples back in time order with their offsets", async () => {
    for (let i = 0; i < 10; i++) {
      const cycleMs = T0 + BigInt(i) * 30_000n;
      const res = await saveCycle(db, {
        cluster: "c1",
        cycleMs,
        durationMs: 120,
        groupsFailed: i === 3 ? 1 : 0,
        groups: [group("g-lagging", cycleMs + 5n, BigInt(i * 100), { retryLag: 7n }), group("g-idle", cycleMs + 9n, 0n), ...(i === 3 ? [] : [group("g-flaky", cycleMs + 11n, i === 5 ? null : 50n)])],
      });
      expect(res.rows).toBe(i === 3 ? 4 : 5);
    }
    const rows = await getGroupSamples(db, "c1", "g-lagging", T0, T0 + 10n * 30_000n);
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => !r.retry).map((r) => r.lag)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i * 100)));
    expect(rows.filter((r) => r.retry).every((r) => r.lag === 7n && r.topic === "%RETRY%g-lagging")).toBe(true);
    const last = rows.filter((r) => !r.retry).at(-1)!;
    expect(unpackQueueOffsets(last.offsets!)).toEqual([{ brokerName: "broker-a", queueId: 0, brokerOffset: 1270n, committed: 370n }]);
    // another cluster with the same group name is another series
    expect(await getGroupSamples(db, "c2", "g-lagging", T0, T0 + 10n * 30_000n)).toEqual([]);
  });

  it("reads several groups' lag for sparklines and the cluster totals per cycle", async () => {
    const spark = await getGroupsLag(db, "c1", ["g-flaky", "g-idle", "nope"], T0, T0 + 10n * 30_000n);
    expect(spark.filter((s) => s.group === "g-flaky")).toHaveLength(9);
    expect(spark.filter((s) => s.group === "g-flaky").map((s) => s.lag)).toContain(null);
    const totals = await getClusterSamples(db, "c1", T0, T0 + 10n * 30_000n);
    expect(totals).toHaveLength(10);
    expect(totals[2]).toMatchObject({ totalLag: 250n, groups: 3, groupsLagging: 2, groupsFailed: 0 });
    expect(totals[3]).toMatchObject({ totalLag: 300n, groups: 2, groupsFailed: 1 });
    const top = await getLastCycleTopGroups(db, "c1", 5);
    expect(top?.cycleMs).toBe(T0 + 9n * 30_000n);
    expect(top?.groups.map((g) => [g.group, g.lag])).toEqual([
      ["g-lagging", 900n],
      ["g-flaky", 50n],
    ]);
  });

  it("downsamples whole buckets into their last sample with the bucket's max lag, then prunes", async () => {
    // 10 cycles of 30 s from T0: 0..270 s, all in the first 5-minute bucket
    const before = await databaseSize(db);
    expect(before.bytes).toBeGreaterThan(0);
    const res = await downsampleBefore(db, T0 + 300_000n + 1234n, 300_000);
    expect(res.folded).toBe(10 * 2 + 10 + 9);
    expect(res.written).toBe(4); // one per series: g-lagging TopicA + retry, g-idle, g-flaky
    const rows = await getGroupSamples(db, "c1", "g-lagging", T0, T0 + 10n * 30_000n);
    const topic = rows.filter((r) => !r.retry);
    expect(topic).toHaveLength(1);
    expect(topic[0]).toMatchObject({ bucketMs: 300_000, atMs: T0 + 270_005n, lag: 900n, lagMax: 900n });
    expect(unpackQueueOffsets(topic[0]!.offsets!)[0]!.committed).toBe(370n);
    const flaky = await getGroupSamples(db, "c1", "g-flaky", T0, T0 + 10n * 30_000n);
    expect(flaky).toHaveLength(1);
    expect(flaky[0]).toMatchObject({ lag: 50n, lagMax: 50n });
    const totals = await getClusterSamples(db, "c1", T0, T0 + 10n * 30_000n);
    expect(totals).toEqual([expect.objectContaining({ bucketMs: 300_000, cycleMs: T0 + 270_000n, totalLag: 950n })]);
    // a second pass folds nothing more
    expect(await downsampleBefore(db, T0 + 300_000n, 300_000)).toEqual({ folded: 0, written: 0 });

    const pruned = await pruneBefore(db, T0 + 600_000n);
    expect(pruned.samples).toBe(4);
    expect(pruned.series).toBe(4);
    expect(await getGroupSamples(db, "c1", "g-lagging", 0n, T0 * 2n)).toEqual([]);
    // series are recreated after pruning
    await saveCycle(db, { cluster: "c1", cycleMs: T0 + 900_000n, durationMs: 1, groupsFailed: 0, groups: [group("g-lagging", T0 + 900_001n, 5n)] });
    expect(await getGroupSamples(db, "c1", "g-lagging", 0n, T0 * 2n)).toHaveLength(1);
  });
});

// The sampler against the sandbox on a manual clock: each cycle reads every group, stores it, and the
// clock moves 30 simulated seconds. The stored series must match what the scenario does: the slow
// group's backlog grows and it "will not drain"; the catching-up group's ETA falls until it is caught up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../../lib/data/db";
import { databaseSize, getClusterSamples, getGroupSamples } from "../../lib/data/history";
import { migrate } from "../../lib/data/migrate";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { RocketMQAdmin } from "../../lib/rocketmq/admin";
import { startSandbox, type Sandbox, type ScenarioSpec } from "../../lib/sandbox";
import { Sampler } from "../../lib/sampler/sampler";
import type { ClusterEntry } from "../../lib/services/clusterRegistry";
import { buildSeries, chooseStep, ETA_WINDOW_MIN_MS, etaOf, etaWindowMs, readsOf } from "../../lib/services/historySeries";

const T = "TmHistory";
const INTERVAL = 30_000;
const CYCLES = 20;
const spec: ScenarioSpec = {
  name: "history",
  description: "a growing backlog and a draining one",
  topics: [{ name: T, queuesPerBroker: 2, rate: 40, history: { messages: 2_000, spanMs: 3_600_000 }, keyPrefix: "h", tags: ["a"] }],
  groups: [
    { name: "hist-growing", topics: [T], kind: "push", clients: 1, threads: 2, consumeMs: { median: 100, sigma: 0.2 }, startLag: 500, description: "", intended: "WARN" },
    { name: "hist-draining", topics: [T], kind: "push", clients: 1, threads: 4, consumeMs: { median: 80, sigma: 0.1 }, startLag: 800, description: "", intended: "OK" },
  ],
};

describe("sampler on a time-scaled sandbox", () => {
  let sb: Sandbox;
  let db: PrismaClient;
  let sampler: Sampler;
  let cluster: ClusterEntry;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-sampler-"));
  const cycles: { at: number; cpuMs: number; rows: number }[] = [];

  beforeAll(async () => {
    sb = await startSandbox({ scenario: spec, seed: 3, clock: "manual", namesrvPort: 0, brokerPorts: [0, 0], dataDir: path.join(dir, "sandbox") });
    db = createPrisma(`file:${path.join(dir, "h.db")}`);
    await migrate(db);
    cluster = { name: "sampler-test", nameServers: [sb.namesrvAddr], sandbox: true, admin: new RocketMQAdmin({ nameServers: [sb.namesrvAddr] }) };
    sampler = new Sampler({ db, clusters: () => [cluster], intervalMs: INTERVAL, fanOut: 4, retention: { rawMs: 48 * 3_600_000, bucketMs: 300_000, keepMs: 30 * 86_400_000 }, now: () => sb.now() });
    await sb.advance(10_000);
    for (let i = 0; i < CYCLES; i++) {
      const report = await sampler.runCycle();
      cycles.push({ at: report.cycleMs, cpuMs: report.cpuMs, rows: report.rows });
      await sb.advance(INTERVAL);
    }
  }, 120_000);

  afterAll(async () => {
    await sampler?.stop();
    await db?.$disconnect();
    await sb?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lagSeries = async (group: string) => {
    const rows = await getGroupSamples(db, cluster.name, group, 0n, BigInt(sb.now()));
    return readsOf(rows).map((r) => ({ t: r.t, lag: r.rows.filter((x) => !x.retry).reduce((s, x) => s + (x.lag ?? 0n), 0n) }));
  };

  it("stores one read per group per cycle, with the cluster totals", async () => {
    expect(sampler.state().cycles).toBe(CYCLES);
    expect(sampler.state().skippedCycles).toBe(0);
    for (const g of ["hist-growing", "hist-draining"]) expect(await lagSeries(g)).toHaveLength(CYCLES);
    const totals = await getClusterSamples(db, cluster.name, 0n, BigInt(sb.now()));
    expect(totals).toHaveLength(CYCLES);
    expect(totals.every((t) => t.groupsFailed === 0 && t.groups === 2)).toBe(true);
    // rows per cycle: one per group (one topic each) + %RETRY% rows where the group has a retry topic + the cluster row
    expect(cycles.every((c) => c.rows >= 3)).toBe(true);
    expect((await databaseSize(db)).bytes).toBeGreaterThan(0);
  });

  it("the slow group's backlog grows and it will not drain", async () => {
    const series = await lagSeries("hist-growing");
    const first = series[0]!.lag;
    const last = series.at(-1)!.lag;
    // produce 40/s, consume ~20/s: about +600 per 30 s cycle (pull-threshold effects aside)
    expect(last - first).toBeGreaterThan(BigInt(CYCLES - 1) * 300n);
    const rising = series.filter((p, i) => i > 0 && p.lag > series[i - 1]!.lag).length;
    expect(rising).toBeGreaterThanOrEqual(CYCLES - 3);
    const reads = readsOf(await getGroupSamples(db, cluster.name, "hist-growing", 0n, BigInt(sb.now())));
    const eta = etaOf(reads, reads.at(-1)!.t, INTERVAL, etaWindowMs(INTERVAL));
    expect(eta.state).toBe("will-not-drain");
    expect(eta.reason).toMatch(/consuming [\d.]+ messages\/s while producing 10 messages\/s: the backlog is not shrinking/);
  });

  it("the catching-up group's ETA is finite and decreasing, then it is caught up", async () => {
    expect(etaWindowMs(INTERVAL)).toBe(ETA_WINDOW_MIN_MS);
    const reads = readsOf(await getGroupSamples(db, cluster.name, "hist-draining", 0n, BigInt(sb.now())));
    const etas = reads.slice(2).map((r) => ({ t: r.t, eta: etaOf(reads, r.t, INTERVAL, etaWindowMs(INTERVAL)) }));
    const draining = etas.filter((e) => e.eta.state === "draining");
    expect(draining.length).toBeGreaterThanOrEqual(2);
    for (const e of draining) expect(e.eta.etaMs).toBeGreaterThan(0);
    // ETA shrinks from one draining read to the next (small jitter allowed from the simulated consume times)
    const etaMs = draining.map((e) => e.eta.etaMs!);
    expect(etaMs.at(-1)!).toBeLessThan(etaMs[0]!);
    expect(etaMs.filter((v, i) => i > 0 && v > etaMs[i - 1]! * 1.1)).toEqual([]);
    expect(etas.at(-1)!.eta.state).toBe("caught-up");
    // and the caught-up moment comes after the draining ones
    const caughtAt = etas.find((e) => e.eta.state === "caught-up")!.t;
    expect(caughtAt).toBeGreaterThan(draining[0]!.t);
  });

  it("the history series: rates follow production, gaps stay gaps", async () => {
    const rows = await getGroupSamples(db, cluster.name, "hist-growing", 0n, BigInt(sb.now()));
    const reads = readsOf(rows);
    const from = reads[0]!.t;
    const to = reads.at(-1)!.t;
    const choice = chooseStep({ fromMs: from, toMs: to, intervalMs: INTERVAL, rawSinceMs: 0, bucketMs: 300_000 });
    expect(choice).toMatchObject({ step: INTERVAL, resolution: "raw" });
    const series = buildSeries(reads, { fromMs: from, toMs: to, step: choice.step, maxGapMs: choice.maxGapMs, top: 2 });
    expect(series.points).toHaveLength(CYCLES);
    const produce = series.points.slice(1).map((p) => p.produceRate!);
    // 40 msg/s produced (the sandbox's producer is exact over 30 s)
    for (const r of produce) expect(r).toBeCloseTo(40, 0);
    const consume = series.points.slice(1).map((p) => p.consumeRate!);
    for (const r of consume) expect(r).toBeLessThan(30);
    expect(series.queues.map((q) => q.others)).toEqual([false, false, true]);
    // drop two reads in the middle: the points on either side are now a gap, rates there are null
    const holed = reads.filter((_, i) => i !== 6 && i !== 7);
    const withGap = buildSeries(holed, { fromMs: from, toMs: to, step: choice.step, maxGapMs: choice.maxGapMs, top: 2 });
    const after = withGap.points.find((p) => p.t === reads[8]!.t)!;
    expect(after.consumeRate).toBeNull();
    expect(after.produceRate).toBeNull();
  });
});

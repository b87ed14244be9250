// The sampler against real RocketMQ 5.3.3 and 4.9.7 with real Java consumers: a consumer slower than the
// producer gives a growing stored backlog and "will not drain"; a consumer started on a backlog with spare
// capacity gives a finite, decreasing ETA and then "caught up". TIDEMARK_RMQ_VERSIONS=5,4 selects.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../../lib/data/db";
import { getGroupSamples } from "../../lib/data/history";
import { migrate } from "../../lib/data/migrate";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { RocketMQAdmin } from "../../lib/rocketmq/admin";
import { Sampler } from "../../lib/sampler/sampler";
import type { ClusterEntry } from "../../lib/services/clusterRegistry";
import { etaOf, readsOf } from "../../lib/services/historySeries";
import { sleep, versionsUnderTest } from "../testkit";
import { createGroup, createTopic, startCluster, startWorkload, type Cluster, type WorkloadHandle } from "./cluster.mjs";

const VERSIONS = versionsUnderTest();
// Below the ephemeral range (32768-60999): an outgoing connection can never hold a broker or HA port.
const BASE_PORT = 24000;
const T = "TmHistoryTopic";
const INTERVAL = 3_000;
/** Six client commits (every 5 s): over a shorter window the per-queue rates jump with each commit. */
const ETA_WINDOW = 30_000;

describe.each(VERSIONS)("sampler against real RocketMQ (version line %s)", (version) => {
  let cluster: Cluster;
  let db: PrismaClient;
  let sampler: Sampler;
  let entry: ClusterEntry;
  const workloads: WorkloadHandle[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-history-rmq-"));

  const reads = async (group: string) => readsOf(await getGroupSamples(db, entry.name, group, 0n, BigInt(Date.now())));
  const lagOf = (r: ReturnType<typeof readsOf>[number]) => r.rows.filter((x) => !x.retry).reduce((s, x) => s + (x.lag ?? 0n), 0n);

  beforeAll(async () => {
    cluster = await startCluster({ version, basePort: BASE_PORT });
    await createTopic(cluster, T, 4);
    await Promise.all([createGroup(cluster, "hist_slow"), createGroup(cluster, "hist_catch")]);
    db = createPrisma(`file:${path.join(dir, "h.db")}`);
    await migrate(db);
    entry = { name: `rmq-${version}`, nameServers: [cluster.namesrvAddr], sandbox: false, admin: new RocketMQAdmin({ nameServers: [cluster.namesrvAddr] }) };
    sampler = new Sampler({ db, clusters: () => [entry], intervalMs: INTERVAL, fanOut: 4, retention: { rawMs: 3_600_000, bucketMs: 300_000, keepMs: 86_400_000 } });

    // 10 msg/s for the whole run plus a burst of 1,200 at the start; the slow group consumes ~5 msg/s (one
    // thread, 200 ms per message). The catching-up consumer below (~33 msg/s) drains about 2.9 msg/s per
    // queue net: well above the per-queue rate noise of 5 s commits in a 30 s window (about 0.7 msg/s).
    const producer = startWorkload(cluster, "produce", { topic: T, rate: 10, durationMs: 180_000, name: "hist-produce" });
    const burst = startWorkload(cluster, "produce", { topic: T, rate: 60, count: 1_200, durationMs: 60_000, keyPrefix: "burst", name: "hist-burst" });
    const slow = startWorkload(cluster, "consume-slow", { topic: T, group: "hist_slow", threads: 1, sleepMs: 200, from: "first", durationMs: 180_000, name: "hist-slow" });
    workloads.push(producer, burst, slow);
    await Promise.all([producer.ready(60_000), burst.ready(60_000), slow.ready(60_000)]);

    const deadline = Date.now() + 170_000;
    let catchStarted = false;
    const startedAt = Date.now();
    for (;;) {
      const t0 = Date.now();
      await sampler.runCycle();
      // after 40 s (~1,600 messages waiting), a consumer with ~33 msg/s starts on the backlog
      if (!catchStarted && Date.now() - startedAt > 40_000) {
        const c = startWorkload(cluster, "consume-slow", { topic: T, group: "hist_catch", threads: 1, sleepMs: 30, from: "first", durationMs: 180_000, name: "hist-catch" });
        workloads.push(c);
        await c.ready(60_000);
        catchStarted = true;
      }
      const rs = catchStarted ? await reads("hist_catch") : [];
      const caughtUp = rs.length > 5 && etaOf(rs, rs.at(-1)!.t, INTERVAL, ETA_WINDOW).state === "caught-up";
      if (caughtUp || Date.now() > deadline) break;
      await sleep(Math.max(0, INTERVAL - (Date.now() - t0)));
    }
  }, 300_000);

  afterAll(async () => {
    await sampler?.stop();
    entry?.admin.close();
    await db?.$disconnect();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a consumer slower than production: the stored backlog grows and the group will not drain", async () => {
    const rs = await reads("hist_slow");
    expect(rs.length).toBeGreaterThan(15);
    const lags = rs.map(lagOf);
    // production 10/s (+ the burst) against consumption ~5/s: at least +5/s over the run
    expect(lags.at(-1)! - lags[0]!).toBeGreaterThan(BigInt(Math.round((((rs.at(-1)!.t - rs[0]!.t) / 1000) * 5) / 2)));
    const rising = lags.filter((v, i) => i > 0 && v > lags[i - 1]!).length;
    expect(rising / (lags.length - 1)).toBeGreaterThan(0.7);
    const eta = etaOf(rs, rs.at(-1)!.t, INTERVAL, ETA_WINDOW);
    expect(eta.state).toBe("will-not-drain");
    expect(eta.etaMs).toBeNull();
  });

  it("a consumer with spare capacity on a backlog: finite, decreasing ETA, then caught up", async () => {
    const rs = await reads("hist_catch");
    const etas = rs.map((r) => ({ t: r.t, lag: lagOf(r), eta: etaOf(rs, r.t, INTERVAL, ETA_WINDOW) }));
    const draining = etas.filter((e) => e.eta.state === "draining");
    const trace = JSON.stringify(etas.map((e) => [String(e.lag), e.eta.state, e.eta.etaMs, e.eta.reason]));
    if (process.env.TIDEMARK_TRACE) console.log(`history ${version}: ${trace}`);
    expect(draining.length, trace).toBeGreaterThanOrEqual(4);
    for (const e of draining) expect(e.eta.etaMs).toBeGreaterThan(0);
    // the estimate falls as the backlog falls: the best of the later draining reads is below the median of
    // the earlier ones. Not median against median: near the end the lag is a few dozen messages and one 5 s
    // commit landing inside or outside the window swings a queue's rate, so single late estimates jump.
    const half = Math.floor(draining.length / 2);
    const sorted = (xs: typeof draining) => [...xs.map((e) => e.eta.etaMs!)].sort((a, b) => a - b);
    const earlier = sorted(draining.slice(0, half));
    expect(sorted(draining.slice(half))[0]!, trace).toBeLessThan(earlier[Math.floor(earlier.length / 2)]!);
    expect(draining.slice(half).map((e) => e.lag).sort((a, b) => (a < b ? -1 : 1))[0]!, trace).toBeLessThan(draining[0]!.lag);
    expect(etas.at(-1)!.eta.state, trace).toBe("caught-up");
    // the backlog it started on was real: about 1,600 messages
    expect(etas.reduce((m, e) => (e.lag > m ? e.lag : m), 0n)).toBeGreaterThan(1_000n);
  });
});

/**
 * Sampler figures (issue 6). Prints; never passes or fails on time.
 *
 * 1. CPU time and rows per cycle for 1,000 and 5,000 sandbox groups. The sandbox (`large` scenario,
 *    16 queues per group) runs in a child process, so process.cpuUsage() here is the sampler's own:
 *    the remoting client, lag/rows building, Prisma writes.
 * 2. Database growth per cycle at 1,000 groups -> per day at a 30 s interval, and the steady-state size
 *    with the default retention (48 h raw, then 5-minute buckets to 30 days).
 * 3. History API latency for 30 days of one group: 48 h of 30 s samples + 28 days of 5-minute buckets
 *    (synthetic offsets written with saveCycle into a scratch database, read through getGroupHistory).
 *
 *   npx tsx bench/sampler.ts [--groups 1000,5000] [--cycles 3]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma } from "../lib/data/db";
import { databaseSize, saveCycle, type GroupSampleInput } from "../lib/data/history";
import { migrate, tuneSqlite } from "../lib/data/migrate";
import { packQueueOffsets } from "../lib/data/queueOffsets";
import { RocketMQAdmin } from "../lib/rocketmq/admin";
import { Sampler } from "../lib/sampler/sampler";
import { AlertEngine, seedDefaultRules } from "../lib/services/alerts";
import type { ClusterEntry } from "../lib/services/clusterRegistry";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const groupCounts = arg("groups", "1000,5000").split(",").map(Number);
const cycles = Number(arg("cycles", "3"));
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function startSandboxProcess(groups: number, port: number): Promise<{ child: ChildProcess; addr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "lib/sandbox/cli.ts", "--scenario", "large", "--groups", String(groups), "--namesrv-port", String(port), "--broker-ports", `${port + 1},${port + 2}`], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true, // its own process group: npx -> tsx -> node are stopped together
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /NameServer (\S+)/.exec(out);
      if (m) resolve({ child, addr: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}:\n${out}`)));
  });
}

async function samplerFigures(dir: string) {
  for (const groups of groupCounts) {
    const { child, addr } = await startSandboxProcess(groups, 19_950);
    const db = createPrisma(`file:${path.join(dir, `s${groups}.db`)}`);
    await tuneSqlite(db);
    await migrate(db);
    const cluster: ClusterEntry = { name: `bench-${groups}`, nameServers: [addr], sandbox: true, admin: new RocketMQAdmin({ nameServers: [addr] }) };
    // alert evaluation with the default rules, as the console runs it (no channels: nothing is sent)
    await seedDefaultRules(db, Date.now());
    const engine = new AlertEngine({ db });
    const sampler = new Sampler({
      db,
      clusters: () => [cluster],
      intervalMs: 30_000,
      fanOut: 16,
      retention: { rawMs: 48 * 3_600_000, bucketMs: 300_000, keepMs: 30 * 86_400_000 },
      observe: async (name, observations) => {
        await engine.evaluate(name, observations);
      },
    });
    console.log(`\n${groups} groups (sandbox "large", 16 queues per group, in a child process), fan-out 16:`);
    const sizes: number[] = [];
    try {
      for (let i = 0; i <= cycles; i++) {
        // The longest stretch the event loop was held during the cycle: what a console request waits
        // when it arrives mid-cycle (the sampler runs in the console's process by default).
        const loop = monitorEventLoopDelay({ resolution: 10 });
        loop.enable();
        const r = await sampler.runCycle();
        loop.disable();
        const stall = `event loop held up to ${(loop.max / 1e6).toFixed(0)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms)`;
        const size = await databaseSize(db);
        sizes.push(size.bytes);
        const c = r.clusters[0]!;
        console.log(
          `  cycle ${i}${i === 0 ? " (cold: connections, series rows)" : ""}: ${r.durationMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.rows} rows, ${c.failed} groups failed, db ${mib(size.bytes)}; ` +
            `alerts: ${c.observeMs?.toFixed(0)} ms, of which rule pass and writes ${engine.lastReport?.ms.toFixed(0)} ms (${engine.lastReport?.checks} rule checks, ${engine.lastReport?.pending} pending, ${engine.lastReport?.fired} fired); ${stall}`,
        );
      }
      const perCycle = (sizes.at(-1)! - sizes[0]!) / cycles;
      const perDay = perCycle * 2_880;
      console.log(`  db growth: ${(perCycle / 1024).toFixed(0)} KiB per cycle = ${mib(perDay)} per day at a 30 s interval (${(perCycle / groups).toFixed(0)} bytes per group per cycle)`);
      if (groups === 1000) {
        const steady = perDay * 2 + (perDay / 10) * 28; // 48 h raw, then 1 row per 5 min instead of 10
        console.log(`  steady state with the default retention (48 h raw + 28 d of 5-min buckets): about ${mib(steady)}`);
        const rows = await db.$queryRawUnsafe<{ n: bigint; blob: bigint }[]>('SELECT count(*) AS n, sum(length("offsets")) AS blob FROM "LagSample"');
        const r0 = rows[0]!;
        console.log(`  of which per-queue offsets: ${(Number(r0.blob) / Number(r0.n)).toFixed(0)} bytes per row on average (${r0.n} rows)`);
      }
    } finally {
      await sampler.stop();
      cluster.admin.close();
      await db.$disconnect();
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
      await new Promise((r) => setTimeout(r, 1_000)); // the sandbox's ports are free before the next size
    }
  }
}

async function historyLatency(dir: string) {
  const file = path.join(dir, "history.db");
  process.env.DATABASE_URL = `file:${file}`;
  const db = createPrisma(process.env.DATABASE_URL);
  await tuneSqlite(db);
  await migrate(db);
  const now = Date.now();
  const day = 86_400_000;
  const times: number[] = [];
  for (let t = now - 30 * day; t < now - 2 * day; t += 300_000) times.push(t);
  const firstRaw = times.length;
  for (let t = now - 2 * day; t <= now; t += 30_000) times.push(t);
  const groups: { cycleMs: bigint; g: GroupSampleInput; bucketMs: number }[] = times.map((t, i) => {
    const broker = 1_000_000n + BigInt(i) * 600n;
    const lag = BigInt(Math.round(500 + 400 * Math.sin(i / 200)));
    const queues = Array.from({ length: 16 }, (_, q) => ({ brokerName: q < 8 ? "broker-a" : "broker-b", queueId: q % 8, brokerOffset: broker / 16n, committed: broker / 16n - lag / 16n }));
    return {
      cycleMs: BigInt(t),
      bucketMs: i < firstRaw ? 300_000 : 0,
      g: { group: "bench-group", atMs: BigInt(t), onlineClients: 2, topics: [{ topic: "BenchTopic", retry: false, lag, committedSum: broker - lag, brokerSum: broker, lagTimeMs: lag * 50n, lagTimeExact: true, partial: false, offsets: packQueueOffsets(queues) }] },
    };
  });
  const t0 = performance.now();
  for (const x of groups) await saveCycle(db, { cluster: "bench", cycleMs: x.cycleMs, durationMs: 1, groupsFailed: 0, groups: [x.g] });
  await db.$executeRawUnsafe(`UPDATE "LagSample" SET "bucketMs" = 300000, "lagMax" = "lag" WHERE "atMs" < ?`, BigInt(now - 2 * day));
  console.log(`\nhistory of one group over 30 days: ${times.length} reads (${firstRaw} 5-min buckets + ${times.length - firstRaw} raw 30 s samples), 16 queues; written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.$disconnect();

  const { registerSandboxCluster } = await import("../lib/services/clusterRegistry");
  const { getGroupHistory } = await import("../lib/services/history");
  registerSandboxCluster("bench", "127.0.0.1:1");
  for (const [label, fromMs] of [
    ["30 days", now - 30 * day],
    ["24 hours", now - day],
    ["1 hour", now - 3_600_000],
  ] as const) {
    const lat: number[] = [];
    let points = 0;
    for (let i = 0; i < 15; i++) {
      const s = performance.now();
      const h = await getGroupHistory("bench", "bench-group", { from: fromMs, to: now, top: 5 }, now);
      lat.push(performance.now() - s);
      points = h.points.length;
    }
    console.log(`  ${label.padEnd(8)}: ${points} points, latency p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms (first call ${lat[0]!.toFixed(0)} ms)`);
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-bench-sampler-"));
  console.log(`node ${process.version}, ${os.cpus().length} CPUs`);
  try {
    await samplerFigures(dir);
    await historyLatency(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

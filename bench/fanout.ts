/**
 * Consume-progress fan-out against the sandbox's `large` scenario: RocketMQAdmin.getConsumeProgress
 * (GET_CONSUME_STATS on both masters) for every group, with bounded concurrency. Prints figures;
 * never passes or fails on time. The sandbox runs in this process, so RSS covers both sides.
 *
 *   npx tsx bench/fanout.ts [--groups 1000,5000] [--queues 16] [--concurrency 16,64]
 */
import { RocketMQAdmin } from "../lib/rocketmq/admin";
import { mapSettled } from "../lib/rocketmq/concurrency";
import { RequestCode } from "../lib/rocketmq/protocol/requestCode";
import { startSandbox } from "../lib/sandbox";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const groupCounts = arg("groups", "1000,5000").split(",").map(Number);
const queues = Number(arg("queues", "16"));
const concurrencies = arg("concurrency", "16,64").split(",").map(Number);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const peakRss = () => mib(process.resourceUsage().maxRSS * 1024);

async function main() {
  console.log(`node ${process.version}, ${queues} queues per group (${queues / 2} per broker), sandbox in-process`);
  for (const groups of groupCounts) {
    const t0 = performance.now();
    const sb = await startSandbox({ scenario: "large", groups, queues, seed: 1, recordConsumed: 0 });
    const startMs = performance.now() - t0;
    console.log(`\nlarge scenario, ${groups} groups: started in ${startMs.toFixed(0)} ms, rss ${mib(process.memoryUsage().rss)}, heap ${mib(process.memoryUsage().heapUsed)}, peak rss ${peakRss()}`);
    const names = sb.scenario.groups.map((g) => g.name);
    try {
      for (const concurrency of concurrencies) {
        const admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], concurrency: 2 });
        await admin.getMasterBrokers(); // warm the cluster-info cache and the connections
        const count = () => sb.brokers.reduce((n, b) => n + (sb.broker(b.name).requestCounts.get(RequestCode.GET_CONSUME_STATS) ?? 0), 0);
        const before = count();
        const started = performance.now();
        const results = await mapSettled(names, concurrency, (g) => admin.getConsumeProgress(g));
        const seconds = (performance.now() - started) / 1000;
        const requests = count() - before;
        const failed = results.filter((r) => r.status === "rejected" || r.value.failures.length > 0).length;
        const rows = results.reduce((n, r) => n + (r.status === "fulfilled" ? r.value.queues.length : 0), 0);
        console.log(
          `  concurrency ${String(concurrency).padStart(3)}: ${names.length} groups in ${seconds.toFixed(2)} s = ${(names.length / seconds).toFixed(0)} groups/s, ` +
            `${requests} GET_CONSUME_STATS = ${(requests / seconds).toFixed(0)} req/s, ${rows} queue rows, ${failed} failed, peak rss ${peakRss()}`,
        );
        admin.close();
      }
    } finally {
      await sb.stop();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * GET_CONSUME_STATS requests per second on ONE connection to a real broker, at several pipeline
 * depths. Prints figures; never passes or fails on time.
 *
 *   npx tsx bench/consume-stats-rps.ts [--version 5] [--seconds 5]
 * Starts its own cluster (base port 32000) with a producer and a consumer so the replies are real.
 */
import { RocketMQAdmin } from "../lib/rocketmq/admin";
import { Connection } from "../lib/rocketmq/network/connection";
import * as getConsumeStats from "../lib/rocketmq/protocol/requests/getConsumeStats/request";
import * as getConsumeStatsResponse from "../lib/rocketmq/protocol/requests/getConsumeStats/response";
import { createTopic, startCluster, startWorkload } from "../e2e/rocketmq/cluster.mjs";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const version = arg("version", "5");
const seconds = Number(arg("seconds", "5"));

async function main() {
  const cluster = await startCluster({ version, basePort: 32000, log: null });
  try {
    await createTopic(cluster, "BenchTopic", 8);
    const producer = startWorkload(cluster, "produce", { topic: "BenchTopic", rate: 50, durationMs: 120_000, name: "bench-produce" });
    const consumer = startWorkload(cluster, "consume-healthy", { topic: "BenchTopic", group: "bench_group", durationMs: 120_000, from: "first", name: "bench-consume" });
    await Promise.all([producer.ready(), consumer.ready()]);
    await new Promise((r) => setTimeout(r, 8_000));
    const admin = new RocketMQAdmin({ nameServers: [cluster.namesrvAddr] });
    const broker = (await admin.getMasterBrokers())[0]!;
    admin.close();
    const sample = getConsumeStatsResponse.parse(
      await new Connection({ address: broker.address }).request(getConsumeStats.encode({ consumerGroup: "bench_group" })),
      broker.address,
    );
    console.log(`RocketMQ ${cluster.serverVersion}, ${broker.brokerName} ${broker.address}, reply covers ${sample.queues.length} queues`);
    for (const depth of [1, 8, 32, 64]) {
      const conn = new Connection({ address: broker.address, label: broker.brokerName, maxInFlight: depth });
      const cmd = getConsumeStats.encode({ consumerGroup: "bench_group" });
      let done = 0;
      const end = Date.now() + seconds * 1000;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: depth }, async () => {
          while (Date.now() < end) {
            getConsumeStatsResponse.parse(await conn.request(cmd), broker.brokerName);
            done++;
          }
        }),
      );
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`pipeline depth ${String(depth).padStart(2)}: ${done} requests in ${elapsed.toFixed(1)} s = ${Math.round(done / elapsed)} req/s`);
      conn.close();
    }
    await Promise.all([producer.stop(), consumer.stop()]);
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

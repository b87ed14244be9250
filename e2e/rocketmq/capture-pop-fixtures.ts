/**
 * Captures the replies that show how a RocketMQ 5.3.3 broker and rocketmq-proxy expose gRPC (POP)
 * consumers, as hex fixtures for the codec tests (design convention 2), next to the ones of
 * scripts/capture-fixtures.ts:
 *   lib/rocketmq/protocol/requests/<request>/fixtures/v5_<scenario>.hex
 *
 * Runs against a cluster started with the proxy (it creates its own topic and groups):
 *   node e2e/rocketmq/cluster.mjs up --version 5 --base-port 20000 --proxy
 *   npx tsx e2e/rocketmq/capture-pop-fixtures.ts --base-port 20000
 *   node e2e/rocketmq/cluster.mjs down --base-port 20000
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { attachCluster, createTopic, readReport, startWorkload, type Cluster } from "./cluster.mjs";
import { FrameDecoder } from "../../lib/rocketmq/protocol/frameDecoder";
import { encodeFrame, type RemotingCommand } from "../../lib/rocketmq/protocol/remotingCommand";
import { toHexFixture } from "../../lib/rocketmq/protocol/testing";
import * as getConsumeStats from "../../lib/rocketmq/protocol/requests/getConsumeStats/request";
import * as getConsumerConnectionList from "../../lib/rocketmq/protocol/requests/getConsumerConnectionList/request";
import * as getConsumerRunningInfo from "../../lib/rocketmq/protocol/requests/getConsumerRunningInfo/request";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const basePort = Number(arg("base-port", "20000"));
const root = path.resolve(import.meta.dirname, "../..");
const TOPIC = "TidemarkPopFixture";
const SIMPLE = "fx_pop_simple";
const PUSH = "fx_pop_push";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request on a fresh socket; resolves with the raw reply frame, length prefix included. */
function rawRequest(address: string, cmd: Omit<RemotingCommand, "opaque">, timeoutMs = 15_000): Promise<Buffer> {
  const i = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address.slice(0, i), port: Number(address.slice(i + 1)) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${address} did not answer request ${cmd.code} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(encodeFrame({ ...cmd, opaque: 1 })));
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readInt32BE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(all.subarray(0, 4 + all.readInt32BE(0)));
      }
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function main() {
  const cluster: Cluster = await attachCluster(basePort);
  if (!cluster.proxy) throw new Error(`the cluster on base port ${basePort} has no proxy: start it with up --version 5 --proxy`);
  const save = async (module: string, scenario: string, target: string, cmd: Omit<RemotingCommand, "opaque">) => {
    const frame = await rawRequest(target, cmd);
    const [reply] = new FrameDecoder().push(frame);
    if (!reply) throw new Error("no frame");
    const dir = path.join(root, "lib/rocketmq/protocol/requests", module, "fixtures");
    fs.mkdirSync(dir, { recursive: true });
    const comment = [
      `captured by e2e/rocketmq/capture-pop-fixtures.ts from RocketMQ ${cluster.serverVersion} (${target}) on ${new Date().toISOString().slice(0, 10)}`,
      `request: code ${cmd.code} ${JSON.stringify(cmd.extFields)}`,
      `reply: code ${reply.code}${reply.remark ? ` remark ${JSON.stringify(reply.remark.slice(0, 120))}` : ""}, body ${reply.body?.length ?? 0} bytes`,
    ].join("\n");
    fs.writeFileSync(path.join(dir, `v5_${scenario}.hex`), toHexFixture(frame, comment));
    console.log(`[capture] ${module}/v5_${scenario}: code ${reply.code}, ${frame.length} bytes`);
    return reply;
  };

  await createTopic(cluster, TOPIC, 2);
  const simple = startWorkload(cluster, "simple", { topic: TOPIC, group: SIMPLE, durationMs: 180_000, invisibleMs: 4000, skipEvery: 4, name: "fx-pop-simple" });
  const push = startWorkload(cluster, "grpc-push", { topic: TOPIC, group: PUSH, durationMs: 180_000, name: "fx-pop-push" });
  try {
    const [s, p] = await Promise.all([simple.ready(90_000), push.ready(90_000)]);
    const producer = startWorkload(cluster, "produce", { topic: TOPIC, rate: 20, count: 40, durationMs: 60_000, name: "fx-pop-produce" });
    await producer.wait();
    // wait until the skipped messages came back from the POP retry topic
    for (let i = 0; i < 120; i++) {
      const recs = readReport(simple.report) as Array<{ type: string; deliveryAttempt?: number }>;
      if (recs.some((r) => r.type === "received" && (r.deliveryAttempt ?? 0) > 1) && recs.filter((r) => r.type === "received").length >= 40) break;
      await sleep(1000);
    }
    const simpleClient = (s.clientIds as string[])[0]!;
    const proxy = cluster.proxy.remotingAddr;
    const a = cluster.brokers.find((b) => b.name === "broker-a")!.addr;
    await save("getConsumerConnectionList", "proxy_grpc_simple_consumer", proxy, getConsumerConnectionList.encode({ consumerGroup: SIMPLE }));
    await save("getConsumerConnectionList", "proxy_grpc_push_consumer", proxy, getConsumerConnectionList.encode({ consumerGroup: PUSH }));
    await save("getConsumerConnectionList", "grpc_group_on_broker", a, getConsumerConnectionList.encode({ consumerGroup: SIMPLE }));
    await save("getConsumeStats", "pop_group_with_retry", a, getConsumeStats.encode({ consumerGroup: SIMPLE }));
    await save("getConsumeStats", "proxy_not_supported", proxy, getConsumeStats.encode({ consumerGroup: SIMPLE }));
    await save("getConsumerRunningInfo", "grpc_client_via_broker", a, getConsumerRunningInfo.encode({ consumerGroup: SIMPLE, clientId: simpleClient }));
    await save("getConsumerRunningInfo", "proxy_not_supported", proxy, getConsumerRunningInfo.encode({ consumerGroup: PUSH, clientId: (p.clientIds as string[])[0]! }));
  } finally {
    await Promise.all([simple.stop(), push.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

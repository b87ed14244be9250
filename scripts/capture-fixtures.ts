/**
 * Captures real broker and NameServer replies as hex fixtures for the codec tests (design
 * convention 2). Starts the project's real RocketMQ cluster (e2e/rocketmq/cluster.mjs), runs
 * workloads so every reply has content, sends each admin request with our own encoders and writes
 * the raw reply frame (length prefix included) to
 *   lib/rocketmq/protocol/requests/<request>/fixtures/<v5|v4>_<scenario>.hex
 *
 *   npx tsx scripts/capture-fixtures.ts --version 5 [--base-port 9876] [--only getBrokerConfig,...]
 *
 * --only limits which request folders are written (the requests are still sent, in the same order
 * and with the same workload), so adding one request's fixtures does not rewrite everyone else's.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createTopic, consumerProgress, startCluster, startWorkload, type Cluster } from "../e2e/rocketmq/cluster.mjs";
import { createRequest, encodeFrame, type RemotingCommand } from "../lib/rocketmq/protocol/remotingCommand";
import { toHexFixture } from "../lib/rocketmq/protocol/testing";
import * as getAllSubscriptionGroupConfig from "../lib/rocketmq/protocol/requests/getAllSubscriptionGroupConfig/request";
import * as getAllTopicList from "../lib/rocketmq/protocol/requests/getAllTopicList/request";
import * as getBrokerClusterInfo from "../lib/rocketmq/protocol/requests/getBrokerClusterInfo/request";
import * as getBrokerConfig from "../lib/rocketmq/protocol/requests/getBrokerConfig/request";
import * as getBrokerRuntimeInfo from "../lib/rocketmq/protocol/requests/getBrokerRuntimeInfo/request";
import * as getConsumeStats from "../lib/rocketmq/protocol/requests/getConsumeStats/request";
import * as getConsumerConnectionList from "../lib/rocketmq/protocol/requests/getConsumerConnectionList/request";
import * as getConsumerConnectionListResponse from "../lib/rocketmq/protocol/requests/getConsumerConnectionList/response";
import * as getConsumerListByGroup from "../lib/rocketmq/protocol/requests/getConsumerListByGroup/request";
import * as getConsumerRunningInfo from "../lib/rocketmq/protocol/requests/getConsumerRunningInfo/request";
import * as getConsumerStatus from "../lib/rocketmq/protocol/requests/getConsumerStatus/request";
import * as getEarliestMsgStoreTime from "../lib/rocketmq/protocol/requests/getEarliestMsgStoreTime/request";
import * as getMaxOffset from "../lib/rocketmq/protocol/requests/getMaxOffset/request";
import * as getMinOffset from "../lib/rocketmq/protocol/requests/getMinOffset/request";
import * as getRouteInfoByTopic from "../lib/rocketmq/protocol/requests/getRouteInfoByTopic/request";
import * as getTopicStatsInfo from "../lib/rocketmq/protocol/requests/getTopicStatsInfo/request";
import * as pullMessage from "../lib/rocketmq/protocol/requests/pullMessage/request";
import * as queryConsumerOffset from "../lib/rocketmq/protocol/requests/queryConsumerOffset/request";
import * as queryTopicConsumeByWho from "../lib/rocketmq/protocol/requests/queryTopicConsumeByWho/request";
import * as queryTopicsByConsumer from "../lib/rocketmq/protocol/requests/queryTopicsByConsumer/request";
import * as resetOffset from "../lib/rocketmq/protocol/requests/resetOffset/request";
import * as searchOffsetByTimestamp from "../lib/rocketmq/protocol/requests/searchOffsetByTimestamp/request";
import * as updateConsumerOffset from "../lib/rocketmq/protocol/requests/updateConsumerOffset/request";
import { FrameDecoder } from "../lib/rocketmq/protocol/frameDecoder";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const version = arg("version", "5");
const basePort = Number(arg("base-port", "9876"));
const only = arg("only", "")
  .split(",")
  .map((m) => m.trim())
  .filter(Boolean);
const root = path.resolve(import.meta.dirname, "..");
const TOPIC = "TidemarkFixture";

/** One request on a fresh socket; resolves with the raw reply frame, length prefix included. */
function rawRequest(address: string, cmd: Omit<RemotingCommand, "opaque">, timeoutMs = 15_000): Promise<Buffer> {
  const [host, port] = [address.slice(0, address.lastIndexOf(":")), Number(address.slice(address.lastIndexOf(":") + 1))];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
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

function decodeOne(frame: Buffer): RemotingCommand {
  const [cmd] = new FrameDecoder().push(frame);
  if (!cmd) throw new Error("no frame");
  return cmd;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const cluster: Cluster = await startCluster({ version, basePort });
  const server = cluster.serverVersion;
  const prefix = `v${cluster.version}`;
  let written = 0;
  const save = async (module: string, scenario: string, target: string, cmd: Omit<RemotingCommand, "opaque">) => {
    const frame = await rawRequest(target, cmd);
    const reply = decodeOne(frame);
    if (only.length > 0 && !only.includes(module)) return reply;
    const dir = path.join(root, "lib/rocketmq/protocol/requests", module, "fixtures");
    fs.mkdirSync(dir, { recursive: true });
    const comment = [
      `captured by scripts/capture-fixtures.ts from RocketMQ ${server} (${target}) on ${new Date().toISOString().slice(0, 10)}`,
      `request: code ${cmd.code} ${JSON.stringify(cmd.extFields)}`,
      `reply: code ${reply.code}${reply.remark ? ` remark ${JSON.stringify(reply.remark.slice(0, 120))}` : ""}, body ${reply.body?.length ?? 0} bytes`,
    ].join("\n");
    fs.writeFileSync(path.join(dir, `${prefix}_${scenario}.hex`), toHexFixture(frame, comment));
    written++;
    console.log(`[capture] ${module}/${prefix}_${scenario}: code ${reply.code}, ${frame.length} bytes`);
    return reply;
  };

  try {
    const ns = cluster.namesrvAddr;
    const brokerA = cluster.brokers.find((b) => b.name === "broker-a")!;
    await createTopic(cluster, TOPIC, 4);
    const producer = startWorkload(cluster, "produce", { topic: TOPIC, rate: 40, durationMs: 60_000, name: "fx-produce" });
    const healthy = startWorkload(cluster, "consume-healthy", { topic: TOPIC, group: "fx_healthy", durationMs: 60_000, from: "first", name: "fx-healthy" });
    const stuck = startWorkload(cluster, "consume-stuck", { topic: TOPIC, group: "fx_stuck", durationMs: 60_000, from: "first", stuckBroker: "broker-a", stuckQueue: 0, name: "fx-stuck" });
    const broadcast = startWorkload(cluster, "broadcast", { topic: TOPIC, group: "fx_broadcast", durationMs: 60_000, name: "fx-broadcast" });
    await Promise.all([producer.ready(), healthy.ready(), stuck.ready(), broadcast.ready()]);
    // Two commit intervals (5 s) plus the broker's offset flush.
    for (let i = 0; i < 20; i++) {
      await sleep(1_000);
      const p = await consumerProgress(cluster, "fx_healthy");
      if (i >= 12 && p.rows.length > 0) break;
    }

    await save("getBrokerClusterInfo", "two_brokers", ns, getBrokerClusterInfo.encode());
    await save("getAllTopicList", "with_system_topics", ns, getAllTopicList.encode());
    await save("getRouteInfoByTopic", "two_brokers", ns, getRouteInfoByTopic.encode({ topic: TOPIC }));
    await save("getRouteInfoByTopic", "topic_not_exist", ns, getRouteInfoByTopic.encode({ topic: "NoSuchTopic" }));

    const a = brokerA.addr;
    await save("getConsumeStats", "all_topics", a, getConsumeStats.encode({ consumerGroup: "fx_healthy" }));
    await save("getConsumeStats", "one_topic", a, getConsumeStats.encode({ consumerGroup: "fx_healthy", topic: TOPIC }));
    await save("getConsumeStats", "pinned_queue", a, getConsumeStats.encode({ consumerGroup: "fx_stuck" }));
    await save("getConsumeStats", "broadcasting_group", a, getConsumeStats.encode({ consumerGroup: "fx_broadcast" }));
    await save("getConsumeStats", "unknown_group", a, getConsumeStats.encode({ consumerGroup: "fx_nobody" }));
    await save("getTopicStatsInfo", "four_queues", a, getTopicStatsInfo.encode({ topic: TOPIC }));
    await save("getTopicStatsInfo", "topic_not_exist", a, getTopicStatsInfo.encode({ topic: "NoSuchTopic" }));
    const conns = await save("getConsumerConnectionList", "online_push", a, getConsumerConnectionList.encode({ consumerGroup: "fx_stuck" }));
    await save("getConsumerConnectionList", "broadcasting", a, getConsumerConnectionList.encode({ consumerGroup: "fx_broadcast" }));
    await save("getConsumerConnectionList", "not_online", a, getConsumerConnectionList.encode({ consumerGroup: "fx_nobody" }));
    const stuckClient = getConsumerConnectionListResponse.decode(conns.body ?? Buffer.alloc(0)).connections[0]!.clientId;
    await save("getConsumerRunningInfo", "pinned_queue", a, getConsumerRunningInfo.encode({ consumerGroup: "fx_stuck", clientId: stuckClient }));
    const bconns = getConsumerConnectionListResponse.decode(
      decodeOne(await rawRequest(a, getConsumerConnectionList.encode({ consumerGroup: "fx_broadcast" }))).body ?? Buffer.alloc(0),
    );
    await save("getConsumerRunningInfo", "broadcasting", a, getConsumerRunningInfo.encode({ consumerGroup: "fx_broadcast", clientId: bconns.connections[0]!.clientId }));
    await save("getConsumerRunningInfo", "client_not_online", a, getConsumerRunningInfo.encode({ consumerGroup: "fx_stuck", clientId: "127.0.0.1@nobody" }));
    await save("getConsumerListByGroup", "online", a, getConsumerListByGroup.encode({ consumerGroup: "fx_healthy" }));
    await save("queryConsumerOffset", "committed", a, queryConsumerOffset.encode({ consumerGroup: "fx_healthy", topic: TOPIC, queueId: 1 }));
    await save("queryConsumerOffset", "not_found", a, queryConsumerOffset.encode({ consumerGroup: "fx_nobody", topic: TOPIC, queueId: 1 }));
    await save("getMaxOffset", "queue_1", a, getMaxOffset.encode({ topic: TOPIC, queueId: 1 }));
    await save("getMinOffset", "queue_1", a, getMinOffset.encode({ topic: TOPIC, queueId: 1 }));
    await save("searchOffsetByTimestamp", "ten_seconds_ago", a, searchOffsetByTimestamp.encode({ topic: TOPIC, queueId: 1, timestamp: BigInt(Date.now() - 10_000) }));
    await save("getEarliestMsgStoreTime", "queue_1", a, getEarliestMsgStoreTime.encode({ topic: TOPIC, queueId: 1 }));
    await save("pullMessage", "one_message", a, pullMessage.encode({ topic: TOPIC, queueId: 1, queueOffset: 2n }));
    await save("pullMessage", "offset_beyond_max", a, pullMessage.encode({ topic: TOPIC, queueId: 1, queueOffset: 1_000_000n }));
    await save("getAllSubscriptionGroupConfig", "with_system_groups", a, getAllSubscriptionGroupConfig.encode());
    await save("queryTopicsByConsumer", "fx_healthy", a, queryTopicsByConsumer.encode({ group: "fx_healthy" }));
    await save("queryTopicConsumeByWho", "three_groups", a, queryTopicConsumeByWho.encode({ topic: TOPIC }));
    await save("getBrokerRuntimeInfo", "running", a, getBrokerRuntimeInfo.encode());
    await save("getBrokerConfig", "default", a, getBrokerConfig.encode());
    await save("getConsumerStatus", "broadcasting", a, getConsumerStatus.encode({ topic: TOPIC, group: "fx_broadcast" }));
    await save("updateConsumerOffset", "fresh_group", a, updateConsumerOffset.encode({ consumerGroup: "fx_healthy", topic: TOPIC, queueId: 3, commitOffset: 1n }));
    await save("resetOffset", "online_group_to_now", a, resetOffset.encode({ group: "fx_healthy", topic: TOPIC, timestamp: BigInt(Date.now()), isForce: true }));
    await save("resetOffset", "unknown_group", a, resetOffset.encode({ group: "fx_nobody", topic: TOPIC, timestamp: BigInt(Date.now()), isForce: true }));
    await save("resetOffset", "unknown_topic", a, resetOffset.encode({ group: "fx_healthy", topic: "NoSuchTopic", timestamp: BigInt(Date.now()), isForce: true }));
    await save("getMaxOffset", "binary_header_request", a, { ...createRequest(getMaxOffset.code, { topic: TOPIC, queueId: 0 }), serializeType: 1 });
    console.log(`[capture] ${written} fixtures written for RocketMQ ${server}`);
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * Every reply captured from real RocketMQ 5.3.3 and 4.9.7 brokers (scripts/capture-fixtures.ts)
 * goes through the streaming frame decoder at every split point and through its request's parser.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseError } from "../../errors";
import { decodeFrameBody, type RemotingCommand } from "../remotingCommand";
import { commandsEqual, loadHexFixture, splitEverywhere } from "../testing";
import * as clusterInfo from "./getBrokerClusterInfo/response";
import * as brokerConfig from "./getBrokerConfig/response";
import * as consumeStats from "./getConsumeStats/response";
import * as connections from "./getConsumerConnectionList/response";
import * as consumerList from "./getConsumerListByGroup/response";
import * as runningInfo from "./getConsumerRunningInfo/response";
import * as consumerStatus from "./getConsumerStatus/response";
import * as earliest from "./getEarliestMsgStoreTime/response";
import * as maxOffset from "./getMaxOffset/response";
import * as minOffset from "./getMinOffset/response";
import * as route from "./getRouteInfoByTopic/response";
import * as runtime from "./getBrokerRuntimeInfo/response";
import * as subscriptionGroups from "./getAllSubscriptionGroupConfig/response";
import * as topicList from "./getAllTopicList/response";
import * as topicStats from "./getTopicStatsInfo/response";
import * as pull from "./pullMessage/response";
import * as queryOffset from "./queryConsumerOffset/response";
import * as consumeByWho from "./queryTopicConsumeByWho/response";
import * as topicsByConsumer from "./queryTopicsByConsumer/response";
import * as reset from "./resetOffset/response";
import * as search from "./searchOffsetByTimestamp/response";
import * as update from "./updateConsumerOffset/response";

/** Streams up to this size are split at every byte (testing.ts samples larger ones). */
const EXHAUSTIVE_UP_TO = 64 * 1024;

const here = path.dirname(new URL(import.meta.url).pathname);
const T = "TidemarkFixture";
const target = "broker-a 127.0.0.1:10911";

interface Fixture {
  module: string;
  version: "v5" | "v4";
  scenario: string;
  file: string;
}

const fixtures: Fixture[] = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(here, d.name, "fixtures")))
  .flatMap((d) =>
    fs
      .readdirSync(path.join(here, d.name, "fixtures"))
      .filter((f) => f.endsWith(".hex"))
      .map((f) => {
        const m = /^(v5|v4)_(.+)\.hex$/.exec(f);
        if (!m) throw new Error(`fixture ${d.name}/${f} is not named <v5|v4>_<scenario>.hex`);
        return { module: d.name, version: m[1] as "v5" | "v4", scenario: m[2]!, file: path.join(here, d.name, "fixtures", f) };
      }),
  );

function load(module: string, version: string, scenario: string): RemotingCommand {
  const frame = loadHexFixture(path.join(here, module, "fixtures", `${version}_${scenario}.hex`));
  return decodeFrameBody(frame.subarray(4));
}

const errorCode = (fn: () => unknown): number => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ResponseError);
    return (err as ResponseError).code;
  }
  throw new Error("expected a ResponseError");
};

describe("captured fixtures", () => {
  it("exist for both versions", () => {
    expect(fixtures.filter((f) => f.version === "v5").length).toBeGreaterThanOrEqual(36);
    expect(fixtures.filter((f) => f.version === "v4").length).toBeGreaterThanOrEqual(36);
  });

  it.each(fixtures.map((f) => [`${f.module}/${f.version}_${f.scenario}`, f] as const))("%s decodes identically at every split point", (_name, f) => {
    const frame = loadHexFixture(f.file);
    const whole = decodeFrameBody(frame.subarray(4));
    const stream = Buffer.concat([frame, frame]);
    // Every fixture is cut at every byte, never a sample: the largest (getBrokerConfig v5, about
    // 24 KiB doubled) takes about 0.7 s.
    const { commands, splitPoints } = splitEverywhere(stream, { exhaustiveUpTo: EXHAUSTIVE_UP_TO });
    expect(stream.length).toBeLessThanOrEqual(EXHAUSTIVE_UP_TO);
    expect(splitPoints).toBe(stream.length - 1);
    expect(commands).toHaveLength(2);
    for (const cmd of commands) expect(commandsEqual(cmd, whole)).toBe(true);
    expect(whole.flag & 1).toBe(1);
  });
});

describe.each(["v5", "v4"] as const)("replies of RocketMQ %s", (v) => {
  it("cluster info lists both brokers with their master", () => {
    const info = clusterInfo.parse(load("getBrokerClusterInfo", v, "two_brokers"), target);
    expect(info.brokers.map((b) => [b.brokerName, b.addresses[0]?.brokerId])).toEqual([
      ["broker-a", 0],
      ["broker-b", 0],
    ]);
    expect(info.clusters).toEqual([{ cluster: "DefaultCluster", brokerNames: ["broker-a", "broker-b"] }]);
  });

  it("topic list and route", () => {
    expect(topicList.parse(load("getAllTopicList", v, "with_system_topics"), target)).toContain(T);
    const r = route.parse(load("getRouteInfoByTopic", v, "two_brokers"), target);
    expect(r.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums])).toEqual([
      ["broker-a", 4, 4],
      ["broker-b", 4, 4],
    ]);
    expect(r.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect(errorCode(() => route.parse(load("getRouteInfoByTopic", v, "topic_not_exist"), target))).toBe(17);
  });

  it("consume stats without a topic cover the group's queues on this broker, int64 offsets exact", () => {
    const stats = consumeStats.parse(load("getConsumeStats", v, "all_topics"), target);
    expect(stats.consumeTps).toBeGreaterThan(0);
    const business = stats.queues.filter((q) => q.mq.topic === T);
    expect(business.map((q) => q.mq.queueId)).toEqual([0, 1, 2, 3]);
    for (const q of business) {
      expect(typeof q.brokerOffset).toBe("bigint");
      expect(q.brokerOffset).toBeGreaterThan(0n);
      expect(q.consumerOffset).toBeLessThanOrEqual(q.brokerOffset);
    }
    // pullOffset exists from 5.1 on.
    expect(business.every((q) => q.pullOffset !== undefined)).toBe(v === "v5");
  });

  it("consume stats for one topic hold only that topic's queues on this broker, values sane", () => {
    const stats = consumeStats.parse(load("getConsumeStats", v, "one_topic"), target);
    expect(stats.queues.length).toBeGreaterThan(0);
    expect(stats.queues.every((q) => q.mq.topic === T && q.mq.brokerName === "broker-a")).toBe(true);
    expect(stats.queues.map((q) => q.mq.queueId)).toEqual([0, 1, 2, 3]);
    expect(stats.consumeTps).toBeGreaterThan(0);
    expect(Number.isFinite(stats.consumeTps)).toBe(true);
    for (const q of stats.queues) {
      expect(typeof q.brokerOffset).toBe("bigint");
      expect(q.brokerOffset).toBeGreaterThan(0n);
      // A healthy group: committed offset within a few messages of the end, never past it.
      expect(q.consumerOffset).toBeGreaterThanOrEqual(0n);
      expect(q.consumerOffset).toBeLessThanOrEqual(q.brokerOffset);
      expect(q.brokerOffset - q.consumerOffset).toBeLessThan(10n);
      // Store time of the last consumed message: after the capture tooling existed, not in the far future.
      expect(q.lastTimestamp).toBeGreaterThan(1_700_000_000_000n);
      expect(q.lastTimestamp).toBeLessThan(4_102_444_800_000n);
      if (v === "v5") {
        expect(q.pullOffset).toBeDefined();
        expect(q.pullOffset!).toBeGreaterThanOrEqual(q.consumerOffset);
        expect(q.pullOffset!).toBeLessThanOrEqual(q.brokerOffset);
      } else {
        expect(q.pullOffset).toBeUndefined();
      }
    }
    // The same queues as the unfiltered reply of the same moment, with the same broker offsets.
    const all = consumeStats.parse(load("getConsumeStats", v, "all_topics"), target).queues.filter((q) => q.mq.topic === T);
    expect(stats.queues.map((q) => [q.mq.queueId, q.brokerOffset])).toEqual(all.map((q) => [q.mq.queueId, q.brokerOffset]));
  });

  it("consume stats show the pinned queue: committed offset stuck while the others advance", () => {
    const stats = consumeStats.parse(load("getConsumeStats", v, "pinned_queue"), target).queues.filter((q) => q.mq.topic === T);
    const pinned = stats.find((q) => q.mq.queueId === 0)!;
    expect(pinned.brokerOffset - pinned.consumerOffset).toBeGreaterThan(50n);
    for (const q of stats.filter((s) => s.mq.queueId !== 0)) expect(q.brokerOffset - q.consumerOffset).toBeLessThan(10n);
  });

  it("a broadcasting or unknown group has no offsets on the broker", () => {
    expect(consumeStats.parse(load("getConsumeStats", v, "broadcasting_group"), target).queues).toEqual([]);
    expect(consumeStats.parse(load("getConsumeStats", v, "unknown_group"), target).queues).toEqual([]);
  });

  it("topic stats cover the broker's queues", () => {
    const stats = topicStats.parse(load("getTopicStatsInfo", v, "four_queues"), target);
    expect(stats.queues.map((q) => q.mq.queueId)).toEqual([0, 1, 2, 3]);
    expect(stats.queues.every((q) => q.maxOffset > q.minOffset)).toBe(true);
    expect(errorCode(() => topicStats.parse(load("getTopicStatsInfo", v, "topic_not_exist"), target))).toBe(17);
  });

  it("consumer connections: model, type, clients", () => {
    const push = connections.parse(load("getConsumerConnectionList", v, "online_push"), target);
    expect(push).toMatchObject({ messageModel: "CLUSTERING", consumeType: "CONSUME_PASSIVELY" });
    expect(push.connections).toHaveLength(1);
    expect(push.connections[0]!.language).toBe("JAVA");
    expect(push.subscriptions.map((s) => s.topic)).toContain(T);
    const bc = connections.parse(load("getConsumerConnectionList", v, "broadcasting"), target);
    expect(bc.messageModel).toBe("BROADCASTING");
    expect(errorCode(() => connections.parse(load("getConsumerConnectionList", v, "not_online"), target))).toBe(206);
  });

  it("running info of the pinned client: commitOffset held at the one cached message", () => {
    const info = runningInfo.parse(load("getConsumerRunningInfo", v, "pinned_queue"), target);
    const pq = info.processQueues.find((q) => q.mq.topic === T && q.mq.brokerName === "broker-a" && q.mq.queueId === 0)!;
    expect(pq.cachedMsgCount).toBeGreaterThanOrEqual(1);
    expect(pq.commitOffset).toBe(pq.cachedMsgMinOffset);
    expect(pq.dropped).toBe(false);
    const others = info.processQueues.filter((q) => q.mq.topic === T && !(q.mq.brokerName === "broker-a" && q.mq.queueId === 0));
    expect(others.every((q) => q.commitOffset > pq.commitOffset)).toBe(true);
    expect(info.properties.PROP_CONSUME_TYPE).toBe("CONSUME_PASSIVELY");
    expect(info.status.map((s) => s.topic)).toContain(T);
    expect(errorCode(() => runningInfo.parse(load("getConsumerRunningInfo", v, "client_not_online"), target))).toBe(1);
  });

  it("broadcasting clients report their own offsets", () => {
    const info = runningInfo.parse(load("getConsumerRunningInfo", v, "broadcasting"), target);
    expect(info.properties.messageModel).toBe("BROADCASTING");
    expect(info.processQueues.filter((q) => q.mq.topic === T)).toHaveLength(8);
    const status = consumerStatus.parse(load("getConsumerStatus", v, "broadcasting"), target);
    expect(status.length).toBe(2);
    for (const client of status) expect(client.offsets.filter((o) => o.mq.topic === T).length).toBeGreaterThan(0);
  });

  it("offset queries", () => {
    expect(queryOffset.parse(load("queryConsumerOffset", v, "committed"), target)).toBeGreaterThan(0n);
    // 4.9 ignores setZeroIfNotFound: a young queue whose first message is in page cache answers 0.
    expect(queryOffset.parse(load("queryConsumerOffset", v, "not_found"), target)).toBe(v === "v5" ? null : 0n);
    const max = maxOffset.parse(load("getMaxOffset", v, "queue_1"), target);
    expect(max).toBeGreaterThan(0n);
    expect(minOffset.parse(load("getMinOffset", v, "queue_1"), target)).toBe(0n);
    const found = search.parse(load("searchOffsetByTimestamp", v, "ten_seconds_ago"), target);
    expect(found).toBeGreaterThan(0n);
    expect(found).toBeLessThanOrEqual(max);
    expect(earliest.parse(load("getEarliestMsgStoreTime", v, "queue_1"), target)).toBeGreaterThan(1_700_000_000_000n);
  });

  it("the binary ROCKETMQ header: 4.9 answers in the request's type, 5.3 in its own (JSON)", () => {
    const reply = load("getMaxOffset", v, "binary_header_request");
    expect(reply.serializeType).toBe(v === "v4" ? 1 : 0);
    expect(maxOffset.parse(reply, target)).toBeGreaterThan(0n);
  });

  it("pulls one message with its store time", () => {
    const one = pull.parse(load("pullMessage", v, "one_message"), target);
    expect(one.status).toBe("found");
    if (one.status !== "found") return;
    expect(one.messages).toHaveLength(1);
    expect(one.messages[0]).toMatchObject({ topic: T, queueId: 1, queueOffset: 2n });
    expect(one.messages[0]!.storeTimestamp).toBeGreaterThan(1_700_000_000_000n);
    expect(pull.parse(load("pullMessage", v, "offset_beyond_max"), target).status).toBe("offset_moved");
  });

  it("subscription groups, topics by consumer, groups by topic, runtime info, consumer ids", () => {
    const groups = subscriptionGroups.parse(load("getAllSubscriptionGroupConfig", v, "with_system_groups"), target).map((g) => g.groupName);
    expect(groups).toEqual(expect.arrayContaining(["fx_healthy", "fx_stuck", "fx_broadcast", "TOOLS_CONSUMER"]));
    if (v === "v5") expect(topicsByConsumer.parse(load("queryTopicsByConsumer", v, "fx_healthy"), target)).toContain(T);
    else expect(errorCode(() => topicsByConsumer.parse(load("queryTopicsByConsumer", v, "fx_healthy"), target))).toBe(3);
    expect(consumeByWho.parse(load("queryTopicConsumeByWho", v, "three_groups"), target)).toEqual(expect.arrayContaining(["fx_healthy", "fx_stuck"]));
    const rt = runtime.parse(load("getBrokerRuntimeInfo", v, "running"), target);
    expect(rt.version).toBe(v === "v5" ? "V5_3_3" : "V4_9_7");
    expect(rt.putTps?.last10s).toBeGreaterThan(0);
    expect(rt.commitLogDiskRatio).toBeGreaterThan(0);
    expect(consumerList.parse(load("getConsumerListByGroup", v, "online"), target)).toHaveLength(1);
  });

  it("broker config: the server-side reset flag exists (and is on) in 5.3.3 only", () => {
    const config = brokerConfig.parse(load("getBrokerConfig", v, "default"), target);
    expect(config.get("brokerName")).toBe("broker-a");
    expect(config.get("brokerClusterName")).toBe("DefaultCluster");
    expect(config.get("useServerSideResetOffset")).toBe(v === "v5" ? "true" : undefined);
  });

  it("reset and update replies", () => {
    const table = reset.parse(load("resetOffset", v, "online_group_to_now"), target);
    expect(table.filter((e) => e.mq.topic === T).map((e) => e.mq.queueId)).toEqual([0, 1, 2, 3]);
    const unknownGroup = (() => {
      try {
        reset.parse(load("resetOffset", v, "unknown_group"), target);
      } catch (err) {
        return err;
      }
    })();
    if (v === "v5") expect((unknownGroup as ResponseError).code).toBe(26);
    else expect(reset.isLegacyGroupNotExist(unknownGroup)).toBe(true);
    expect(update.parse(load("updateConsumerOffset", v, "fresh_group"), target).ignoredBecauseResetPending).toBe(false);
  });
});

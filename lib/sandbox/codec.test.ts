/**
 * Codec equivalence: every request the console sends, answered by the sandbox, decodes through the
 * same parser (lib/rocketmq/protocol/requests/<name>/response.ts, via RocketMQAdmin) and has the
 * shape of the reply captured from a real RocketMQ 5.3.3 broker (field names, key encodings, ext
 * fields, remarks, error codes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RocketMQAdmin, type BrokerRef } from "../rocketmq/admin";
import { ResponseError } from "../rocketmq/errors";
import { asArray, asString, getField, isRecord } from "../rocketmq/protocol/fastjson";
import { createRequest, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import * as getAllSubscriptionGroupConfig from "../rocketmq/protocol/requests/getAllSubscriptionGroupConfig/request";
import * as getAllTopicList from "../rocketmq/protocol/requests/getAllTopicList/request";
import * as getBrokerClusterInfo from "../rocketmq/protocol/requests/getBrokerClusterInfo/request";
import * as getBrokerConfig from "../rocketmq/protocol/requests/getBrokerConfig/request";
import * as getBrokerConfigResponse from "../rocketmq/protocol/requests/getBrokerConfig/response";
import * as getBrokerRuntimeInfo from "../rocketmq/protocol/requests/getBrokerRuntimeInfo/request";
import * as getConsumeStats from "../rocketmq/protocol/requests/getConsumeStats/request";
import * as getConsumerConnectionList from "../rocketmq/protocol/requests/getConsumerConnectionList/request";
import * as getConsumerListByGroup from "../rocketmq/protocol/requests/getConsumerListByGroup/request";
import * as getConsumerRunningInfo from "../rocketmq/protocol/requests/getConsumerRunningInfo/request";
import * as getConsumerStatus from "../rocketmq/protocol/requests/getConsumerStatus/request";
import * as getEarliestMsgStoreTime from "../rocketmq/protocol/requests/getEarliestMsgStoreTime/request";
import * as getMaxOffset from "../rocketmq/protocol/requests/getMaxOffset/request";
import * as getMinOffset from "../rocketmq/protocol/requests/getMinOffset/request";
import * as getRouteInfoByTopic from "../rocketmq/protocol/requests/getRouteInfoByTopic/request";
import * as getTopicStatsInfo from "../rocketmq/protocol/requests/getTopicStatsInfo/request";
import * as pullMessage from "../rocketmq/protocol/requests/pullMessage/request";
import { decodeMessages } from "../rocketmq/protocol/requests/pullMessage/messageDecoder";
import * as queryConsumerOffset from "../rocketmq/protocol/requests/queryConsumerOffset/request";
import * as queryTopicConsumeByWho from "../rocketmq/protocol/requests/queryTopicConsumeByWho/request";
import * as queryTopicsByConsumer from "../rocketmq/protocol/requests/queryTopicsByConsumer/request";
import * as resetOffset from "../rocketmq/protocol/requests/resetOffset/request";
import * as searchOffsetByTimestamp from "../rocketmq/protocol/requests/searchOffsetByTimestamp/request";
import * as updateConsumerOffset from "../rocketmq/protocol/requests/updateConsumerOffset/request";
import { RequestCode } from "../rocketmq/protocol/requestCode";
import { startSandbox, type Sandbox, type ScenarioSpec } from "./index";
import { bodyOf, bodyShapeDiff, fixtureReply } from "./testkit";

const T = "TidemarkFixture";

/** The workload the fixtures were captured with: a healthy group, a pinned one, a broadcasting one. */
const spec: ScenarioSpec = {
  name: "fixture-like",
  description: "The capture workload of scripts/capture-fixtures.ts",
  topics: [{ name: T, queuesPerBroker: 4, rate: 20, history: { messages: 150, spanMs: 30_000 }, keyPrefix: "km", tags: ["tm"] }],
  groups: [
    { name: "fx_healthy", topics: [T], kind: "push", clients: 1, threads: 4, consumeMs: { median: 2 }, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", description: "", intended: "OK" },
    {
      name: "fx_stuck",
      topics: [T],
      kind: "push",
      clients: 1,
      threads: 4,
      consumeMs: { median: 2 },
      consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
      stuck: [{ brokerName: "broker-a", queueId: 0 }],
      description: "",
      intended: "STALL",
    },
    { name: "fx_broadcast", topics: [T], kind: "broadcast", clients: 2, threads: 4, consumeMs: { median: 2 }, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", description: "", intended: "UNKNOWN" },
  ],
};

let sb: Sandbox;
let admin: RocketMQAdmin;
let brokerA: BrokerRef;

async function ns(cmd: Omit<RemotingCommand, "opaque">): Promise<RemotingCommand> {
  return admin.nameServer.request(cmd);
}

async function broker(cmd: Omit<RemotingCommand, "opaque">, timeoutMs?: number): Promise<RemotingCommand> {
  return admin.invoke(brokerA, cmd, timeoutMs);
}

/** Same code, same remark, same ext field names as the fixture. */
function sameHeader(fixture: RemotingCommand, reply: RemotingCommand): void {
  expect(reply.code).toBe(fixture.code);
  expect(reply.flag).toBe(fixture.flag);
  expect(reply.version).toBe(fixture.version);
  expect(reply.language).toBe("JAVA");
  expect(reply.serializeType).toBe(0);
  expect(Object.keys(reply.extFields).sort()).toEqual(Object.keys(fixture.extFields).sort());
}

function sameShape(fixture: RemotingCommand, reply: RemotingCommand): void {
  sameHeader(fixture, reply);
  expect(reply.remark).toBe(fixture.remark);
  expect(bodyShapeDiff(fixture, reply)).toEqual([]);
}

beforeAll(async () => {
  sb = await startSandbox({ scenario: spec, clock: "manual", seed: 7 });
  admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 } });
  await sb.advance(15_000);
  brokerA = (await admin.getMasterBrokers())[0]!;
});

afterAll(async () => {
  admin?.close();
  await sb?.stop();
});

describe("NameServer replies", () => {
  it("106 GET_BROKER_CLUSTER_INFO: legacy bare brokerId keys", async () => {
    const reply = await ns(getBrokerClusterInfo.encode());
    sameShape(fixtureReply("getBrokerClusterInfo", "v5_two_brokers"), reply);
    expect(reply.body!.toString()).toMatch(/"brokerAddrs":\{0:"127\.0\.0\.1:\d+"\}/);
    const info = await admin.getClusterInfo(true);
    expect(info.brokers.map((b) => b.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect(info.clusters).toEqual([{ cluster: "DefaultCluster", brokerNames: ["broker-a", "broker-b"] }]);
  });

  it("105 GET_ROUTEINFO_BY_TOPIC: standard JSON for version 479, TOPIC_NOT_EXIST for an unknown topic", async () => {
    const reply = await ns(getRouteInfoByTopic.encode({ topic: T }));
    sameShape(fixtureReply("getRouteInfoByTopic", "v5_two_brokers"), reply);
    expect(reply.body!.toString()).toMatch(/"brokerAddrs":\{"0":"127\.0\.0\.1:\d+"\}/);
    const route = await admin.getTopicRoute(T, true);
    expect(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm])).toEqual([
      ["broker-a", 4, 4, 6],
      ["broker-b", 4, 4, 6],
    ]);
    const missing = await ns(getRouteInfoByTopic.encode({ topic: "NoSuchTopic" }));
    const f = fixtureReply("getRouteInfoByTopic", "v5_topic_not_exist");
    expect(missing.code).toBe(f.code);
    expect(missing.remark).toBe(f.remark);
    // Legacy clients (version < 401) get bare keys.
    const legacy = await ns({ ...createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: T }), version: 121 });
    expect(legacy.body!.toString()).toMatch(/"brokerAddrs":\{0:"/);
  });

  it("206 GET_ALL_TOPIC_LIST_FROM_NAMESERVER: business, %RETRY% and system topics", async () => {
    const reply = await ns(getAllTopicList.encode());
    const fixture = fixtureReply("getAllTopicList", "v5_with_system_topics");
    sameShape(fixture, reply);
    const ours = await admin.getTopicList();
    const theirs = asArray(getField(bodyOf(fixture), "topicList")).map((t) => asString(t));
    for (const t of theirs) if (!t.startsWith("%RETRY%fx_")) expect(ours).toContain(t);
    expect(ours).toEqual(expect.arrayContaining(["%RETRY%fx_healthy", "%RETRY%fx_stuck", "%RETRY%fx_broadcast"]));
  });

  it("answers anything else with REQUEST_CODE_NOT_SUPPORTED", async () => {
    const reply = await ns(createRequest(RequestCode.GET_CONSUME_STATS, { consumerGroup: "x" }));
    expect(reply.code).toBe(3);
    expect(reply.remark).toBe(" request type 208 not supported");
  });
});

describe("broker replies", () => {
  it("208 GET_CONSUME_STATS: raw MessageQueue keys, pullOffset, retry topic; empty for broadcasting and unknown groups", async () => {
    const reply = await broker(getConsumeStats.encode({ consumerGroup: "fx_healthy" }));
    sameShape(fixtureReply("getConsumeStats", "v5_all_topics"), reply);
    expect(reply.body!.toString()).toMatch(/^\{"consumeTps":[\d.E-]+,"offsetTable":\{\{"brokerName":"broker-a","queueId":0,"topic":"%RETRY%fx_healthy"\}:/);
    const stats = await admin.getConsumeStats(brokerA, "fx_healthy");
    expect(stats.queues.map((q) => `${q.mq.topic}/${q.mq.queueId}`)).toEqual([`%RETRY%fx_healthy/0`, `${T}/0`, `${T}/1`, `${T}/2`, `${T}/3`]);
    for (const q of stats.queues) expect(q.pullOffset).toBeDefined();
    const one = await admin.getConsumeStats(brokerA, "fx_healthy", T);
    expect(one.queues.every((q) => q.mq.topic === T)).toBe(true);
    for (const [group, fixture] of [
      ["fx_broadcast", "v5_broadcasting_group"],
      ["fx_nobody", "v5_unknown_group"],
    ] as const) {
      const r = await broker(getConsumeStats.encode({ consumerGroup: group }));
      expect(r.body!.toString()).toBe(fixtureReply("getConsumeStats", fixture).body!.toString());
    }
  });

  it("208 drops topics the online group does not subscribe, even when asked for one", async () => {
    // An offset for a topic the group does not subscribe (e.g. written by an admin).
    await admin.updateConsumerOffset(brokerA, "fx_healthy", { topic: "SELF_TEST_TOPIC", brokerName: "broker-a", queueId: 0 }, 0n);
    expect((await admin.queryTopicsByConsumer(brokerA, "fx_healthy")).sort()).toContain("SELF_TEST_TOPIC");
    expect((await admin.getConsumeStats(brokerA, "fx_healthy")).queues.some((q) => q.mq.topic === "SELF_TEST_TOPIC")).toBe(false);
    expect((await admin.getConsumeStats(brokerA, "fx_healthy", "SELF_TEST_TOPIC")).queues).toEqual([]);
  });

  it("203 GET_CONSUMER_CONNECTION_LIST: push, broadcasting, CONSUMER_NOT_ONLINE", async () => {
    sameShape(fixtureReply("getConsumerConnectionList", "v5_online_push"), await broker(getConsumerConnectionList.encode({ consumerGroup: "fx_stuck" })));
    sameShape(fixtureReply("getConsumerConnectionList", "v5_broadcasting"), await broker(getConsumerConnectionList.encode({ consumerGroup: "fx_broadcast" })));
    const not = await broker(getConsumerConnectionList.encode({ consumerGroup: "fx_nobody" }));
    expect(not.code).toBe(206);
    expect(not.remark).toBe(fixtureReply("getConsumerConnectionList", "v5_not_online").remark);
    const clients = await admin.getGroupClients("fx_broadcast");
    expect(clients).toMatchObject({ online: true, messageModel: "BROADCASTING", consumeType: "CONSUME_PASSIVELY", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET" });
    expect(clients.connections).toHaveLength(2);
    expect(clients.connections.every((c) => c.brokers.length === 2 && c.version === 479 && c.language === "JAVA")).toBe(true);
  });

  it("38 GET_CONSUMER_LIST_BY_GROUP", async () => {
    sameShape(fixtureReply("getConsumerListByGroup", "v5_online"), await broker(getConsumerListByGroup.encode({ consumerGroup: "fx_healthy" })));
    const none = await broker(getConsumerListByGroup.encode({ consumerGroup: "fx_nobody" }));
    expect([none.code, none.remark]).toEqual([1, "no consumer for this group, fx_nobody"]);
  });

  it("307 GET_CONSUMER_RUNNING_INFO: relayed client reply with properties, mqTable (droped), statusTable, subscriptionSet", async () => {
    const clients = await admin.getGroupClients("fx_stuck");
    const clientId = clients.connections[0]!.clientId;
    const reply = await broker(getConsumerRunningInfo.encode({ consumerGroup: "fx_stuck", clientId }), 12_000);
    const fixture = fixtureReply("getConsumerRunningInfo", "v5_pinned_queue");
    sameShape(fixture, reply);
    const theirs = getField(bodyOf(fixture), "properties");
    const ours = getField(bodyOf(reply), "properties");
    if (!isRecord(theirs) || !isRecord(ours)) throw new Error("properties is not an object");
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(reply.body!.toString()).toContain(`"droped":false`);
    const info = await admin.getConsumerRunningInfo(brokerA, "fx_stuck", clientId);
    expect(info.properties).toMatchObject({ consumerGroup: "fx_stuck", messageModel: "CLUSTERING", PROP_CONSUME_TYPE: "CONSUME_PASSIVELY", PROP_CLIENT_VERSION: "V5_3_3", PROP_CONSUMEORDERLY: "false" });
    expect(info.properties.PROP_NAMESERVER_ADDR).toBe(`${sb.namesrvAddr};`);
    const bc = await admin.getGroupClients("fx_broadcast");
    const bcReply = await broker(getConsumerRunningInfo.encode({ consumerGroup: "fx_broadcast", clientId: bc.connections[0]!.clientId }), 12_000);
    sameShape(fixtureReply("getConsumerRunningInfo", "v5_broadcasting"), bcReply);
    const missing = await broker(getConsumerRunningInfo.encode({ consumerGroup: "fx_stuck", clientId: "127.0.0.1@nobody" }), 12_000);
    const f = fixtureReply("getConsumerRunningInfo", "v5_client_not_online");
    expect([missing.code, missing.remark]).toEqual([f.code, f.remark]);
  });

  it("223 INVOKE_BROKER_TO_GET_CONSUMER_STATUS: each client's own offsets", async () => {
    const reply = await broker(getConsumerStatus.encode({ topic: T, group: "fx_broadcast" }), 12_000);
    sameShape(fixtureReply("getConsumerStatus", "v5_broadcasting"), reply);
    const status = await admin.getConsumerStatus(brokerA, "fx_broadcast", T);
    expect(status).toHaveLength(2);
    for (const c of status) expect(c.offsets).toHaveLength(8);
  });

  it("14 QUERY_CONSUMER_OFFSET: committed, QUERY_NOT_FOUND with setZeroIfNotFound=false, 0 for a young queue without it", async () => {
    const mq = { topic: T, brokerName: "broker-a", queueId: 1 };
    const committed = await broker(queryConsumerOffset.encode({ consumerGroup: "fx_healthy", topic: T, queueId: 1 }));
    sameHeader(fixtureReply("queryConsumerOffset", "v5_committed"), committed);
    expect(committed.remark).toBeUndefined();
    expect(await admin.queryConsumerOffset(brokerA, "fx_healthy", mq)).toBeGreaterThan(0n);
    const none = await broker(queryConsumerOffset.encode({ consumerGroup: "fx_nobody", topic: T, queueId: 1 }));
    const f = fixtureReply("queryConsumerOffset", "v5_not_found");
    expect([none.code, none.remark]).toEqual([f.code, f.remark]);
    expect(await admin.queryConsumerOffset(brokerA, "fx_nobody", mq)).toBeNull();
    const legacy = await broker(createRequest(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: "fx_nobody", topic: T, queueId: 1 }));
    expect([legacy.code, legacy.extFields.offset]).toEqual([0, "0"]);
  });

  it("15 UPDATE_CONSUMER_OFFSET: SUCCESS; SUBSCRIPTION_GROUP_NOT_EXIST; TOPIC_NOT_EXIST", async () => {
    const reply = await broker(updateConsumerOffset.encode({ consumerGroup: "fx_healthy", topic: "SELF_TEST_TOPIC", queueId: 0, commitOffset: 0n, brokerName: "broker-a" }));
    sameHeader(fixtureReply("updateConsumerOffset", "v5_fresh_group"), reply);
    expect(reply.remark).toBeUndefined();
    const noGroup = await broker(updateConsumerOffset.encode({ consumerGroup: "fx_nobody", topic: T, queueId: 0, commitOffset: 1n }));
    expect([noGroup.code, noGroup.remark]).toEqual([26, "Group fx_nobody not exist!"]);
    const noTopic = await broker(updateConsumerOffset.encode({ consumerGroup: "fx_healthy", topic: "NoSuchTopic", queueId: 0, commitOffset: 1n }));
    expect([noTopic.code, noTopic.remark]).toEqual([17, "Topic NoSuchTopic not exist!"]);
  });

  it("30 / 31 / 29 / 32: offsets and times in ext fields", async () => {
    const mq = { topic: T, brokerName: "broker-a", queueId: 1 };
    const max = await broker(getMaxOffset.encode({ topic: T, queueId: 1 }));
    sameHeader(fixtureReply("getMaxOffset", "v5_queue_1"), max);
    const min = await broker(getMinOffset.encode({ topic: T, queueId: 1 }));
    sameHeader(fixtureReply("getMinOffset", "v5_queue_1"), min);
    expect(min.remark).toBe("");
    const earliest = await broker(getEarliestMsgStoreTime.encode({ topic: T, queueId: 1 }));
    sameHeader(fixtureReply("getEarliestMsgStoreTime", "v5_queue_1"), earliest);
    const search = await broker(searchOffsetByTimestamp.encode({ topic: T, queueId: 1, timestamp: BigInt(sb.now() - 10_000) }));
    sameHeader(fixtureReply("searchOffsetByTimestamp", "v5_ten_seconds_ago"), search);
    const maxOff = await admin.getMaxOffset(brokerA, mq);
    expect(await admin.getMinOffset(brokerA, mq)).toBe(0n);
    const found = await admin.searchOffset(brokerA, mq, BigInt(sb.now() - 10_000));
    expect(found).toBeGreaterThan(0n);
    expect(found).toBeLessThanOrEqual(maxOff);
    expect(await admin.searchOffset(brokerA, mq, BigInt(sb.now() + 60_000))).toBe(maxOff);
    expect(await admin.getEarliestMsgStoreTime(brokerA, mq)).toBeGreaterThan(1_700_000_000_000n);
    expect(await admin.getEarliestMsgStoreTime(brokerA, { ...mq, topic: "SELF_TEST_TOPIC", queueId: 0 })).toBeNull();
    expect(await admin.getMaxOffset(brokerA, { ...mq, topic: "NoSuchTopic" })).toBe(0n);
  });

  it("222 INVOKE_BROKER_TO_RESET_OFFSET: ResetOffsetBody; unknown group 26; unknown topic 17", async () => {
    const reply = await broker(resetOffset.encode({ group: "fx_healthy", topic: T, timestamp: BigInt(sb.now()), isForce: true }));
    sameShape(fixtureReply("resetOffset", "v5_online_group_to_now"), reply);
    for (const [group, topic, fixture] of [
      ["fx_nobody", T, "v5_unknown_group"],
      ["fx_healthy", "NoSuchTopic", "v5_unknown_topic"],
    ] as const) {
      const r = await broker(resetOffset.encode({ group, topic, timestamp: BigInt(sb.now()), isForce: true }));
      const f = fixtureReply("resetOffset", fixture);
      expect([r.code, r.remark]).toEqual([f.code, f.remark]);
    }
    const outOfRange = await broker(resetOffset.encode({ group: "fx_healthy", topic: T, timestamp: 0n, isForce: true, queueId: 0, offset: 1_000_000n }));
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.remark).toMatch(/^Target offset 1000000 not in consume queue range \[0-\d+\]$/);
  });

  it("201 GET_ALL_SUBSCRIPTIONGROUP_CONFIG: system groups included", async () => {
    const reply = await broker(getAllSubscriptionGroupConfig.encode());
    sameShape(fixtureReply("getAllSubscriptionGroupConfig", "v5_with_system_groups"), reply);
    const groups = (await admin.getSubscriptionGroups(brokerA)).map((g) => g.groupName);
    expect(groups).toEqual(expect.arrayContaining(["fx_healthy", "fx_stuck", "fx_broadcast", "TOOLS_CONSUMER", "SELF_TEST_C_GROUP", "CID_ONSAPI_PULL"]));
  });

  it("343 QUERY_TOPICS_BY_CONSUMER and 300 QUERY_TOPIC_CONSUME_BY_WHO", async () => {
    sameShape(fixtureReply("queryTopicsByConsumer", "v5_fx_healthy"), await broker(queryTopicsByConsumer.encode({ group: "fx_healthy" })));
    sameShape(fixtureReply("queryTopicConsumeByWho", "v5_three_groups"), await broker(queryTopicConsumeByWho.encode({ topic: T })));
    expect(await admin.queryTopicConsumeByWho(brokerA, T)).toEqual(expect.arrayContaining(["fx_healthy", "fx_stuck", "fx_broadcast"]));
  });

  it("28 GET_BROKER_RUNTIME_INFO: the 5.3.3 KVTable keys, every value a string", async () => {
    const reply = await broker(getBrokerRuntimeInfo.encode());
    const fixture = fixtureReply("getBrokerRuntimeInfo", "v5_running");
    sameShape(fixture, reply);
    const theirs = getField(bodyOf(fixture), "table");
    const ours = getField(bodyOf(reply), "table");
    if (!isRecord(theirs) || !isRecord(ours)) throw new Error("table is not an object");
    const plain = (keys: string[]) => keys.filter((k) => !k.startsWith("commitLogDiskRatio_/")).sort();
    expect(plain(Object.keys(ours))).toEqual(plain(Object.keys(theirs)));
    const rt = await admin.getBrokerRuntimeInfo(brokerA);
    expect(rt.version).toBe("V5_3_3");
    expect(rt.putTps?.last10s).toBeGreaterThan(0);
    expect(rt.commitLogDiskRatio).toBeGreaterThan(0);
    expect(rt.bootTimestamp).toBeGreaterThan(0n);
  });

  it("26 GET_BROKER_CONFIG: sorted key=value lines of real 5.3.3 keys, DataVersion JSON in ext version, useServerSideResetOffset=true", async () => {
    const reply = await broker(getBrokerConfig.encode());
    const fixture = fixtureReply("getBrokerConfig", "v5_default");
    sameHeader(fixture, reply);
    expect(reply.remark).toBe(fixture.remark);
    const version = (cmd: RemotingCommand) => JSON.parse(cmd.extFields.version!) as Record<string, unknown>;
    expect(Object.keys(version(reply)).sort()).toEqual(Object.keys(version(fixture)).sort());
    for (const v of Object.values(version(reply))) expect(typeof v).toBe("number");
    const text = reply.body!.toString("utf8");
    expect(text).toMatch(/^([A-Za-z0-9]+=[^\n]*\n)+$/);
    const ours = getBrokerConfigResponse.decode(reply.body);
    const theirs = getBrokerConfigResponse.decode(fixture.body);
    // Only keys a real 5.3.3 broker has, sorted as it sorts them, values of the same kind.
    expect([...ours.keys()].filter((k) => !theirs.has(k))).toEqual([]);
    expect([...ours.keys()]).toEqual([...ours.keys()].sort());
    const kind = (v: string) => (v === "true" || v === "false" ? "boolean" : /^-?\d+$/.test(v) ? "integer" : "text");
    for (const [k, v] of ours) expect(`${k}: ${kind(v)}`).toBe(`${k}: ${kind(theirs.get(k)!)}`);
    for (const k of ["brokerName", "brokerClusterName", "brokerId", "listenPort", "useServerSideResetOffset", "flushConsumerOffsetInterval", "brokerIP1", "namesrvAddr"]) expect(ours.has(k), k).toBe(true);
    const config = await admin.getBrokerConfig(brokerA);
    expect(config.get("brokerName")).toBe("broker-a");
    expect(config.get("brokerClusterName")).toBe("DefaultCluster");
    expect(config.get("brokerId")).toBe("0");
    expect(`${config.get("brokerIP1")}:${config.get("listenPort")}`).toBe(brokerA.address);
    expect(config.get("namesrvAddr")).toBe(sb.namesrvAddr);
    expect(config.get("useServerSideResetOffset")).toBe("true");
    expect(config.get("flushConsumerOffsetInterval")).toBe("5000");
  });

  it("202 GET_TOPIC_STATS_INFO: per-queue min/max/lastUpdateTimestamp and topicPutTps; TOPIC_NOT_EXIST", async () => {
    sameShape(fixtureReply("getTopicStatsInfo", "v5_four_queues"), await broker(getTopicStatsInfo.encode({ topic: T })));
    const missing = await broker(getTopicStatsInfo.encode({ topic: "NoSuchTopic" }));
    const f = fixtureReply("getTopicStatsInfo", "v5_topic_not_exist");
    expect([missing.code, missing.remark]).toEqual([f.code, f.remark]);
    const stats = await admin.getTopicStats(brokerA, T);
    expect(stats.queues.map((q) => q.mq.queueId)).toEqual([0, 1, 2, 3]);
    expect(stats.topicPutTps).toBeGreaterThan(0);
  });

  it("11 PULL_MESSAGE as TOOLS_CONSUMER: the binary message layout, PULL_OFFSET_MOVED beyond max", async () => {
    const reply = await broker(pullMessage.encode({ topic: T, queueId: 1, queueOffset: 2n }));
    const fixture = fixtureReply("pullMessage", "v5_one_message");
    sameHeader(fixture, reply);
    expect(reply.remark).toBe("FOUND");
    expect(reply.extFields.nextBeginOffset).toBe("3");
    const [ours] = decodeMessages(reply.body!);
    const [theirs] = decodeMessages(fixture.body!);
    expect(ours).toMatchObject({ topic: T, queueId: 1, queueOffset: 2n, magicVersion: 1, reconsumeTimes: 0, compressed: false });
    expect(ours!.storeTimestamp).toBe(BigInt(sb.broker("broker-a").store.timestampAt(T, 1, 2)));
    expect(ours!.storeHost).toBe(brokerA.address);
    const builtIn = (p: Record<string, string>) => Object.keys(p).filter((k) => k === k.toUpperCase()).sort();
    expect(builtIn(ours!.properties)).toEqual(builtIn(theirs!.properties));
    const max = await admin.getMaxOffset(brokerA, { topic: T, brokerName: "broker-a", queueId: 1 });
    const beyond = await broker(pullMessage.encode({ topic: T, queueId: 1, queueOffset: max + 10n }));
    const f = fixtureReply("pullMessage", "v5_offset_beyond_max");
    sameHeader(f, beyond);
    expect([beyond.remark, beyond.extFields.nextBeginOffset]).toEqual(["OFFSET_OVERFLOW_BADLY", String(max)]);
    const r = await admin.pullMessage(brokerA, { topic: T, brokerName: "broker-a", queueId: 1 }, 0n, 40);
    expect(r.status).toBe("found");
    if (r.status === "found") expect(r.messages.length).toBe(32);
    const unknownTopic = await broker(pullMessage.encode({ topic: "NoSuchTopic", queueId: 0, queueOffset: 0n }));
    expect(unknownTopic.code).toBe(17);
  });

  it("34 HEART_BEAT is SUCCESS; anything else is REQUEST_CODE_NOT_SUPPORTED", async () => {
    expect((await broker(createRequest(RequestCode.HEART_BEAT, {}, Buffer.from("{}")))).code).toBe(0);
    for (const code of [35, 43, 41, 10, 9999]) {
      const r = await broker(createRequest(code));
      expect([r.code, r.remark]).toEqual([3, ` request type ${code} not supported`]);
    }
  });

  it("a missing required header field is SYSTEM_ERROR, as Java's header decoding fails", async () => {
    const r = await broker(createRequest(RequestCode.GET_MAX_OFFSET, { queueId: 0 }));
    expect(r.code).toBe(1);
    expect(r.remark).toContain("the custom field <topic> is null");
  });

  it("merged admin calls see both masters", async () => {
    const progress = await admin.getConsumeProgress("fx_healthy");
    expect(progress.failures).toEqual([]);
    expect(new Set(progress.queues.map((q) => q.mq.brokerName))).toEqual(new Set(["broker-a", "broker-b"]));
    const err = await admin.getConsumeStats(brokerA, "fx_healthy").catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ResponseError);
  });
});

/**
 * The legacy reset path (4.x, 5.0, or useServerSideResetOffset=false): INVOKE_BROKER_TO_RESET_OFFSET
 * (222) as Broker2Client.resetOffset answers it, RESET_CONSUMER_CLIENT_OFFSET (220) as the Java push
 * consumer applies it, and GET_BROKER_CONFIG (26) telling the two paths apart. Observed through
 * RocketMQAdmin over TCP, on a manual clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RocketMQAdmin, type BrokerRef } from "../rocketmq/admin";
import { ResponseError } from "../rocketmq/errors";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import { createRequest } from "../rocketmq/protocol/remotingCommand";
import { RequestCode } from "../rocketmq/protocol/requestCode";
import * as getBrokerConfig from "../rocketmq/protocol/requests/getBrokerConfig/request";
import * as getBrokerConfigResponse from "../rocketmq/protocol/requests/getBrokerConfig/response";
import * as resetOffset from "../rocketmq/protocol/requests/resetOffset/request";
import * as resetOffsetResponse from "../rocketmq/protocol/requests/resetOffset/response";
import { isConsumerNotOnline, isLegacyGroupNotExist, type ResetOffsetEntry } from "../rocketmq/protocol/requests/resetOffset/response";
import { resetPathOf } from "../rocketmq/resetPath";
import { startSandbox, type Sandbox, type SandboxOptions, type ScenarioSpec } from "./index";
import { fixtureReply } from "./testkit";

const T = "LegacyTopic";
const HOUR = 3_600_000;

const spec: ScenarioSpec = {
  name: "legacy-reset",
  description: "Groups of every kind for the legacy reset path",
  topics: [{ name: T, queuesPerBroker: 4, rate: 40, history: { messages: 2_000, spanMs: HOUR }, keyPrefix: "evt" }],
  groups: [
    { name: "legacy-push", topics: [T], kind: "push", clients: 2, threads: 8, consumeMs: { median: 5, sigma: 0.5 }, startLag: 5, description: "", intended: "OK" },
    { name: "legacy-slow", topics: [T], kind: "push", clients: 1, threads: 1, consumeMs: { median: 1_000, sigma: 0.1 }, startLag: 300, description: "", intended: "WARN" },
    { name: "legacy-orderly", topics: [T], kind: "orderly", clients: 1, consumeMs: { median: 5, sigma: 0.3 }, startLag: 5, description: "", intended: "OK" },
    { name: "legacy-lite", topics: [T], kind: "litepull", clients: 1, consumeMs: { median: 2 }, startLag: 5, description: "", intended: "OK" },
    { name: "legacy-broadcast", topics: [T], kind: "broadcast", clients: 2, threads: 4, consumeMs: { median: 3 }, consumeFromWhere: "CONSUME_FROM_LAST_OFFSET", description: "", intended: "UNKNOWN" },
    { name: "legacy-offline", topics: [T], kind: "static", clients: 0, startLag: 100, description: "", intended: "STOP" },
    { name: "legacy-fresh", topics: [T], kind: "static", clients: 0, description: "", intended: "UNKNOWN" },
  ],
};

const open: Array<{ sb: Sandbox; admin: RocketMQAdmin }> = [];

async function boot(options: SandboxOptions = {}): Promise<{ sb: Sandbox; admin: RocketMQAdmin; a: BrokerRef; b: BrokerRef }> {
  const sb = await startSandbox({ scenario: spec, clock: "manual", seed: 11, resetPath: "legacy", brokerVersion: "V4_9_7", ...options });
  const admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 }, routeTtlMs: 0 });
  open.push({ sb, admin });
  const [a, b] = await admin.getMasterBrokers();
  return { sb, admin, a: a!, b: b! };
}

afterEach(async () => {
  for (const { sb, admin } of open.splice(0)) {
    admin.close();
    await sb.stop();
  }
});

const key = (mq: MessageQueue) => `${mq.topic}|${mq.brokerName}|${mq.queueId}`;

/** The broker's committed offsets of a group's business queues on one broker. */
function committed(sb: Sandbox, group: string, brokerName: string): Map<string, number> {
  return new Map(
    sb
      .queueStates(group)
      .filter((q) => q.mq.topic === T && q.mq.brokerName === brokerName)
      .map((q) => [key(q.mq), q.committed]),
  );
}

const tableOf = (entries: ResetOffsetEntry[]) => new Map(entries.map((e) => [key(e.mq), Number(e.offset)]));

async function rejection(p: Promise<unknown>): Promise<ResponseError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ResponseError);
  return err as ResponseError;
}

describe("telling the paths apart: 26 and 28", () => {
  it("the default sandbox is 5.3.3 with useServerSideResetOffset=true", async () => {
    const sb = await startSandbox({ scenario: spec, clock: "manual", seed: 11 });
    const admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 } });
    open.push({ sb, admin });
    const [a] = await admin.getMasterBrokers();
    const config = await admin.getBrokerConfig(a!);
    expect(config.get("useServerSideResetOffset")).toBe("true");
    const rt = await admin.getBrokerRuntimeInfo(a!);
    expect(rt.version).toBe("V5_3_3");
    expect(resetPathOf(config, rt.version)).toBe("server-side");
  });

  it("a legacy V4_9_7 sandbox has no useServerSideResetOffset, reports V4_9_7 (ordinal 407) and 4.9's config keys", async () => {
    const { admin, a } = await boot();
    const reply = await admin.invoke(a, getBrokerConfig.encode());
    expect(reply.version).toBe(407);
    const config = getBrokerConfigResponse.parse(reply, a.address);
    expect(config.has("useServerSideResetOffset")).toBe(false);
    expect(config.get("brokerName")).toBe("broker-a");
    const rt = await admin.getBrokerRuntimeInfo(a);
    expect(rt.version).toBe("V4_9_7");
    expect(rt.table.brokerVersion).toBe("407");
    expect(resetPathOf(config, rt.version)).toBe("legacy");
    // Every key is one a real 4.9.7 broker has; its DataVersion has no stateVersion.
    const fixture = fixtureReply("getBrokerConfig", "v4_default");
    const real = getBrokerConfigResponse.decode(fixture.body);
    expect([...config.keys()].filter((k) => !real.has(k))).toEqual([]);
    expect(Object.keys(JSON.parse(reply.extFields.version!) as object).sort()).toEqual(Object.keys(JSON.parse(fixture.extFields.version!) as object).sort());
  });

  it("legacy without a version is 5.3.3 with the flag off", async () => {
    const { admin, a } = await boot({ brokerVersion: undefined });
    const config = await admin.getBrokerConfig(a);
    expect(config.get("useServerSideResetOffset")).toBe("false");
    expect((await admin.getBrokerRuntimeInfo(a)).version).toBe("V5_3_3");
    expect(resetPathOf(config, "V5_3_3")).toBe("legacy");
  });

  it("refuses a server-side sandbox on a version without it, and unknown versions", async () => {
    await expect(startSandbox({ scenario: spec, clock: "manual", brokerVersion: "V4_9_7" })).rejects.toThrow(/no server-side reset/);
    await expect(startSandbox({ scenario: spec, clock: "manual", resetPath: "legacy", brokerVersion: "V9_9_9" })).rejects.toThrow(/unknown broker version/);
  });
});

describe("222 on the legacy path (Broker2Client.resetOffset)", () => {
  it("an online push group: SUCCESS with the table at once, but the offsets reach the broker only when the clients apply the 220 after 10 s", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const target = sb.now() - 10_000;
    const before = committed(sb, "legacy-push", "broker-a");
    const beforeB = committed(sb, "legacy-push", "broker-b");
    const reply = await admin.invoke(a, resetOffset.encode({ group: "legacy-push", topic: T, timestamp: BigInt(target), isForce: false }));
    expect([reply.code, reply.remark]).toEqual([0, "not set any response code"]);
    const table = tableOf(resetOffsetResponse.parse(reply, a.address));
    expect([...table.keys()]).toEqual([...before.keys()]);
    for (const [k, off] of table) {
      const [, , q] = k.split("|");
      const mq = { topic: T, brokerName: "broker-a", queueId: Number(q) };
      expect(off).toBe(Number(await admin.searchOffset(a, mq, BigInt(target))));
      expect(off).toBeLessThan(before.get(k)!);
    }
    sb.clearConsumed();
    // The broker wrote nothing; the clients dropped broker-a's queues and sleep.
    expect(committed(sb, "legacy-push", "broker-a")).toEqual(before);
    expect(sb.queueStates("legacy-push").some((q) => q.resetPending)).toBe(false);
    await sb.advance(9_950);
    // Their 5 s persists still send the old in-memory offsets (the dropped queues stay in the table).
    for (const [k, off] of committed(sb, "legacy-push", "broker-a")) {
      expect(off).toBeGreaterThanOrEqual(before.get(k)!);
      expect(off).toBeLessThanOrEqual(before.get(k)! + 5);
    }
    const dropped = sb.clientStates("legacy-push").flatMap((c) => c.queues.filter((q) => q.mq.topic === T && q.mq.brokerName === "broker-a"));
    expect(dropped.length).toBe(4);
    expect(dropped.every((q) => q.dropped && q.cached === 0)).toBe(true);
    expect(sb.consumed({ group: "legacy-push", topic: T, brokerName: "broker-a" })).toEqual([]);
    // Paused: no pulls, so broker-b's queues only drain what was cached.
    expect(committed(sb, "legacy-push", "broker-b").size).toBe(beforeB.size);
    // 10 s after the 220: store updated, persisted (oneway 15), queues removed and re-added from there.
    await sb.advance(50);
    expect(committed(sb, "legacy-push", "broker-a")).toEqual(table);
    expect(sb.clientStates("legacy-push").flatMap((c) => c.queues.filter((q) => q.mq.topic === T && q.mq.brokerName === "broker-a")).every((q) => !q.dropped)).toBe(true);
    // The range [target, before) is consumed again.
    await sb.advance(15_000);
    const consumed = sb.consumed({ group: "legacy-push", topic: T, brokerName: "broker-a" });
    for (const [k, off] of table) {
      const offsets = new Set(consumed.filter((r) => key(r) === k).map((r) => r.offset));
      for (let o = off; o < before.get(k)!; o++) expect(offsets.has(o), `${k} offset ${o} re-consumed`).toBe(true);
    }
    for (const [k, off] of committed(sb, "legacy-push", "broker-a")) expect(off).toBeGreaterThanOrEqual(before.get(k)!);
  });

  it("the clients apply one 220 at a time (MQClientInstance.resetOffset is synchronized): the second broker's table lands 10 s later", async () => {
    const { sb, admin, a, b } = await boot();
    await sb.advance(20_000);
    const target = BigInt(sb.now() - 10_000);
    const tableA = tableOf(await admin.resetOffset(a, { group: "legacy-push", topic: T, timestamp: target, isForce: false }));
    const tableB = tableOf(await admin.resetOffset(b, { group: "legacy-push", topic: T, timestamp: target, isForce: false }));
    await sb.advance(10_000);
    expect(committed(sb, "legacy-push", "broker-a")).toEqual(tableA);
    for (const [k, off] of committed(sb, "legacy-push", "broker-b")) expect(off).toBeGreaterThan(tableB.get(k)!);
    await sb.advance(10_000);
    expect(committed(sb, "legacy-push", "broker-b")).toEqual(tableB);
  });

  it("without isForce a forward target keeps the committed offset; with it the target wins", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(5_000);
    const before = committed(sb, "legacy-slow", "broker-a");
    const max = new Map(sb.queueStates("legacy-slow").filter((q) => q.mq.topic === T && q.mq.brokerName === "broker-a").map((q) => [key(q.mq), q.brokerOffset]));
    for (const [k, off] of before) expect(max.get(k)!).toBeGreaterThan(off + 100);
    const keep = tableOf(await admin.resetOffset(a, { group: "legacy-slow", topic: T, timestamp: -1n, isForce: false }));
    expect(keep).toEqual(before);
    const forced = tableOf(await admin.resetOffset(a, { group: "legacy-slow", topic: T, timestamp: -1n, isForce: true }));
    expect(forced).toEqual(max);
  });

  it("queueId and offset are ignored: a single-queue request resets EVERY queue by its timestamp", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const before = committed(sb, "legacy-push", "broker-a");
    // What a 5.1+ console sends for "queue 0 to offset X" (timestamp 0, as mqadmin does).
    const table = tableOf(await admin.resetOffset(a, { group: "legacy-push", topic: T, timestamp: 0n, isForce: true, queueId: 0, offset: BigInt(before.get(`${T}|broker-a|0`)! - 1) }));
    expect(table.size).toBe(4);
    for (const [k, off] of table) {
      const [, , q] = k.split("|");
      expect(off).toBe(Number(await admin.getMinOffset(a, { topic: T, brokerName: "broker-a", queueId: Number(q) })));
    }
  });

  it("no channel of the group on the broker: CONSUMER_NOT_ONLINE (206), nothing written", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(1_000);
    const before = committed(sb, "legacy-offline", "broker-a");
    const err = await rejection(admin.resetOffset(a, { group: "legacy-offline", topic: T, timestamp: 1_700_000_000_000n, isForce: true }));
    expect(isConsumerNotOnline(err)).toBe(true);
    expect(err.remark).toBe(`Consumer not online, so can not reset offset, Group: legacy-offline Topic: ${T} Timestamp: 1700000000000`);
    await sb.advance(11_000);
    expect(committed(sb, "legacy-offline", "broker-a")).toEqual(before);
  });

  it("a queue without a committed offset: SYSTEM_ERROR 'THe consumer group <g> not exist' (also for an unknown group)", async () => {
    const { admin, a } = await boot();
    await admin.updateConsumerOffset(a, "legacy-fresh", { topic: T, brokerName: "broker-a", queueId: 0 }, 10n);
    for (const group of ["legacy-fresh", "nobody"]) {
      const err = await rejection(admin.resetOffset(a, { group, topic: T, timestamp: -1n, isForce: true }));
      expect([err.code, err.remark]).toEqual([1, `THe consumer group <${group}> not exist`]);
      expect(isLegacyGroupNotExist(err)).toBe(true);
    }
  });

  it("an unknown topic: SYSTEM_ERROR on 4.9, TOPIC_NOT_EXIST on 5.x with the flag off", async () => {
    const remark = "[reset-offset] reset offset failed, no topic in this broker. topic=NoSuchTopic";
    const v4 = await boot();
    const e4 = await rejection(v4.admin.resetOffset(v4.a, { group: "legacy-push", topic: "NoSuchTopic", timestamp: -1n, isForce: true }));
    expect([e4.code, e4.remark]).toEqual([1, remark]);
    expect(isLegacyGroupNotExist(e4)).toBe(false);
    const fixture = fixtureReply("resetOffset", "v4_unknown_topic");
    expect([e4.code, e4.remark]).toEqual([fixture.code, fixture.remark]);
    const v5 = await boot({ brokerVersion: "V5_3_3" });
    const e5 = await rejection(v5.admin.resetOffset(v5.a, { group: "legacy-push", topic: "NoSuchTopic", timestamp: -1n, isForce: true }));
    expect([e5.code, e5.remark]).toEqual([17, remark]);
  });

  it("the reply has the shape of 4.9.7's", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const reply = await admin.invoke(a, resetOffset.encode({ group: "legacy-push", topic: T, timestamp: BigInt(sb.now()), isForce: true }));
    const fixture = fixtureReply("resetOffset", "v4_online_group_to_now");
    expect([reply.code, reply.flag, reply.version, reply.remark]).toEqual([fixture.code, fixture.flag, fixture.version, fixture.remark]);
    expect(reply.body!.toString()).toMatch(/^\{"offsetTable":\{\{"brokerName":"broker-a","queueId":0,"topic":"LegacyTopic"\}:\d+,/);
  });
});

describe("220 in the clients", () => {
  it("an orderly push consumer applies it too: persisted, unlocked, re-locked and consumed from the target", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const before = committed(sb, "legacy-orderly", "broker-a");
    const table = tableOf(await admin.resetOffset(a, { group: "legacy-orderly", topic: T, timestamp: BigInt(sb.now() - 10_000), isForce: false }));
    for (const [k, off] of table) expect(off).toBeLessThan(before.get(k)!);
    await sb.advance(9_950);
    for (const [k, off] of committed(sb, "legacy-orderly", "broker-a")) expect(off).toBeGreaterThanOrEqual(before.get(k)!);
    await sb.advance(50);
    expect(committed(sb, "legacy-orderly", "broker-a")).toEqual(table);
    sb.clearConsumed();
    await sb.advance(5_000);
    const queues = sb.clientStates("legacy-orderly")[0]!.queues.filter((q) => q.mq.topic === T && q.mq.brokerName === "broker-a");
    expect(queues.every((q) => q.locked && !q.dropped)).toBe(true);
    const consumed = sb.consumed({ group: "legacy-orderly", brokerName: "broker-a", topic: T });
    for (const [k, off] of table) expect(Math.min(...consumed.filter((r) => key(r) === k).map((r) => r.offset))).toBe(off);
  });

  it("a lite pull consumer ignores it: its offsets keep moving forward", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const before = committed(sb, "legacy-lite", "broker-a");
    const table = tableOf(await admin.resetOffset(a, { group: "legacy-lite", topic: T, timestamp: BigInt(sb.now() - 60_000), isForce: true }));
    for (const [k, off] of table) expect(off).toBeLessThan(before.get(k)!);
    await sb.advance(15_000);
    for (const [k, off] of committed(sb, "legacy-lite", "broker-a")) expect(off).toBeGreaterThanOrEqual(before.get(k)!);
  });

  it("broadcasting push consumers write it into their local stores (the broker needs offsets for the group first)", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const group = "legacy-broadcast";
    const notExist = await rejection(admin.resetOffset(a, { group, topic: T, timestamp: -1n, isForce: true }));
    expect(isLegacyGroupNotExist(notExist)).toBe(true);
    const target = sb.now() - 10_000;
    for (let q = 0; q < 4; q++) await admin.updateConsumerOffset(a, group, { topic: T, brokerName: "broker-a", queueId: q }, 0n);
    const table = tableOf(await admin.resetOffset(a, { group, topic: T, timestamp: BigInt(target), isForce: true }));
    const local = () => sb.clientStates(group).map((c) => new Map(c.queues.filter((q) => q.mq.brokerName === "broker-a").map((q) => [key(q.mq), q.commitOffset])));
    const ahead = local();
    expect(ahead).toHaveLength(2);
    for (const m of ahead) for (const [k, off] of table) expect(m.get(k)!).toBeGreaterThan(off);
    await sb.advance(10_000);
    for (const m of local()) expect(m).toEqual(table);
    sb.clearConsumed();
    await sb.advance(5_000);
    for (const c of sb.clientStates(group)) {
      const mine = sb.consumed({ group, clientId: c.clientId, brokerName: "broker-a" });
      for (const [k, off] of table) expect(mine.some((r) => key(r) === k && r.offset === off), `${c.clientId} re-consumes ${k} from ${off}`).toBe(true);
    }
    // Nothing of a broadcasting group reaches the broker from the clients.
    expect([...committed(sb, group, "broker-a").values()]).toEqual([0, 0, 0, 0]);
  });

  it("a CPP request gets ResetOffsetBodyForC in the 220, which a Java client cannot decode and drops", async () => {
    const { sb, admin, a } = await boot();
    await sb.advance(20_000);
    const before = committed(sb, "legacy-push", "broker-a");
    const req = { ...createRequest(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { group: "legacy-push", topic: T, timestamp: sb.now() - 10_000, isForce: true }), language: "CPP" };
    const reply = await admin.invoke(a, req);
    expect(reply.code).toBe(0);
    await sb.advance(11_000);
    for (const [k, off] of committed(sb, "legacy-push", "broker-a")) expect(off).toBeGreaterThanOrEqual(before.get(k)!);
  });
});

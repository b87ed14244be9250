/**
 * Scenario behaviour, observed the way the console observes it: through RocketMQAdmin over TCP
 * against a sandbox on a manual clock (deterministic, fast).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RocketMQAdmin, type ClientProcessQueues } from "../rocketmq/admin";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import type { ProcessQueueInfo } from "../rocketmq/protocol/requests/getConsumerRunningInfo/response";
import { SCENARIO_TOPIC as T, startSandbox, type Sandbox, type SandboxOptions, type ScenarioSpec } from "./index";

const open: Array<{ sb: Sandbox; admin: RocketMQAdmin }> = [];

async function boot(options: SandboxOptions): Promise<{ sb: Sandbox; admin: RocketMQAdmin }> {
  const sb = await startSandbox({ clock: "manual", seed: 42, ...options });
  const admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 }, routeTtlMs: 0 });
  const pair = { sb, admin };
  open.push(pair);
  return pair;
}

afterEach(async () => {
  for (const { sb, admin } of open.splice(0)) {
    admin.close();
    await sb.stop();
  }
});

const key = (mq: MessageQueue) => `${mq.topic}|${mq.brokerName}|${mq.queueId}`;

function pqOf(results: ClientProcessQueues[], mq: MessageQueue): { clientId: string; pq: ProcessQueueInfo } | undefined {
  for (const r of results) {
    if (!r.ok) continue;
    const pq = r.info.processQueues.find((q) => key(q.mq) === key(mq));
    if (pq) return { clientId: r.clientId, pq };
  }
  return undefined;
}

const lagOf = (queues: Array<{ mq: MessageQueue; brokerOffset: bigint; consumerOffset: bigint }>, topic = T) =>
  queues.filter((q) => q.mq.topic === topic).reduce((s, q) => s + (q.brokerOffset - q.consumerOffset), 0n);

describe("scenarios", () => {
  it("pinned: commitOffset stays at cachedMsgMinOffset on broker-a/0 while the queue is pulled ahead and the others advance", async () => {
    const { sb, admin } = await boot({ scenario: "pinned" });
    const [stuck] = sb.scenarioGroups()[0]!.stuck;
    await sb.advance(12_000);
    const mq0 = { topic: T, brokerName: "broker-a", queueId: 0 };
    const first = pqOf(await admin.getProcessQueues("pinned-group"), mq0)!.pq;
    expect(first.cachedMsgCount).toBeGreaterThanOrEqual(1);
    expect(first.commitOffset).toBe(first.cachedMsgMinOffset);
    expect(first.commitOffset).toBe(BigInt(stuck!.offset));
    const before = await admin.getConsumeProgress("pinned-group");
    await sb.advance(10_000);
    const later = pqOf(await admin.getProcessQueues("pinned-group"), mq0)!.pq;
    const after = await admin.getConsumeProgress("pinned-group");
    expect(later.commitOffset).toBe(first.commitOffset);
    expect(later.commitOffset).toBe(later.cachedMsgMinOffset);
    expect(later.lastPullTimestamp).toBeGreaterThan(first.lastPullTimestamp);
    const q0 = (p: typeof before) => p.queues.find((q) => key(q.mq) === key(mq0))!;
    expect(q0(after).consumerOffset).toBe(q0(before).consumerOffset);
    expect(q0(after).brokerOffset).toBeGreaterThan(q0(before).brokerOffset);
    expect(q0(after).pullOffset!).toBeGreaterThan(q0(after).consumerOffset + 10n);
    const others = after.queues.filter((q) => q.mq.topic === T && key(q.mq) !== key(mq0));
    expect(others).toHaveLength(7);
    for (const q of others) {
      expect(q.brokerOffset - q.consumerOffset).toBeLessThan(q0(after).brokerOffset - q0(after).consumerOffset);
      expect(q.consumerOffset).toBeGreaterThan(before.queues.find((b) => key(b.mq) === key(q.mq))!.consumerOffset);
    }
  });

  it("a reset by timestamp on every master is picked up by the consumers, which re-consume the range; updates are ignored while it is pending", async () => {
    const { sb, admin } = await boot({ scenario: "healthy" });
    await sb.advance(20_000);
    const target = sb.now() - 10_000;
    const committedBefore = new Map(sb.queueStates("healthy-group").map((q) => [key(q.mq), q.committed]));
    sb.clearConsumed();
    const masters = await admin.getMasterBrokers();
    const table = new Map<string, bigint>();
    for (const m of masters) {
      for (const e of await admin.resetOffset(m, { group: "healthy-group", topic: T, timestamp: BigInt(target), isForce: false })) table.set(key(e.mq), e.offset);
    }
    expect(table.size).toBe(8);
    for (const [k, off] of table) {
      const [, brokerName, q] = k.split("|");
      const mq = { topic: T, brokerName: brokerName!, queueId: Number(q) };
      expect(off).toBe(await admin.searchOffset(await admin.getBrokerOfQueue(mq), mq, BigInt(target)));
      expect(off).toBeLessThan(BigInt(committedBefore.get(k)!));
    }
    // Pending: the broker reports the target and ignores updates ("Offset has been previously reset").
    const mq0 = { topic: T, brokerName: "broker-a", queueId: 0 };
    const brokerA = masters.find((m) => m.brokerName === "broker-a")!;
    const ignored = await admin.updateConsumerOffset(brokerA, "healthy-group", mq0, 999_999n);
    expect(ignored).toEqual({ remark: "Offset has been previously reset", ignoredBecauseResetPending: true });
    expect(await admin.queryConsumerOffset(brokerA, "healthy-group", mq0)).toBe(table.get(key(mq0)));
    expect(sb.queueStates("healthy-group").filter((q) => q.resetPending)).toHaveLength(8);
    // The consumers' next pulls get PULL_OFFSET_MOVED and restart from the targets.
    await sb.advance(15_000);
    expect(sb.queueStates("healthy-group").filter((q) => q.resetPending)).toEqual([]);
    const consumed = sb.consumed({ group: "healthy-group", topic: T });
    for (const [k, off] of table) {
      const offsets = new Set(consumed.filter((r) => key(r) === k).map((r) => r.offset));
      for (let o = Number(off); o < committedBefore.get(k)!; o++) expect(offsets.has(o), `${k} offset ${o} re-consumed`).toBe(true);
    }
    const progress = await admin.getConsumeProgress("healthy-group");
    for (const q of progress.queues.filter((x) => x.mq.topic === T)) expect(q.consumerOffset).toBeGreaterThanOrEqual(BigInt(committedBefore.get(key(q.mq))!));
    // No longer pending: an update is written again.
    expect((await admin.updateConsumerOffset(brokerA, "healthy-group", mq0, 5n)).ignoredBecauseResetPending).toBe(false);
  });

  it("offsets are persisted to consumerOffset.json every 5 s and reloaded at restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-data-"));
    try {
      const first = await boot({ scenario: "healthy", dataDir });
      await first.sb.advance(12_000);
      const file = path.join(dataDir, "broker-a", "config", "consumerOffset.json");
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.readFileSync(file, "utf8")).toMatch(/"SandboxTopic@healthy-group":\{0:\d+,1:\d+,2:\d+,3:\d+\}/);
      await first.sb.advance(3_000);
      first.admin.close();
      await first.sb.stop();
      open.splice(open.indexOf(first), 1);
      const saved = first.sb.queueStates("healthy-group");
      const second = await boot({ scenario: "healthy", dataDir });
      const loaded = second.sb.queueStates("healthy-group");
      expect(loaded.map((q) => [key(q.mq), q.committed, q.brokerOffset])).toEqual(saved.map((q) => [key(q.mq), q.committed, q.brokerOffset]));
      const progress = await second.admin.getConsumeProgress("healthy-group");
      const byKey = new Map(progress.queues.map((q) => [key(q.mq), q.consumerOffset]));
      expect(byKey.size).toBe(saved.length);
      for (const q of saved) expect(byKey.get(key(q.mq))).toBe(BigInt(Math.max(0, q.committed)));
      await second.sb.advance(10_000);
      const resumed = second.sb.consumed({ group: "healthy-group", topic: T });
      for (const q of saved.filter((s) => s.mq.topic === T)) {
        const mine = resumed.filter((r) => key(r) === key(q.mq)).map((r) => r.offset);
        if (mine.length > 0) expect(Math.min(...mine)).toBeGreaterThanOrEqual(q.committed);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a consumerOffset.json without the store checkpoint still loads: queues are extended so no offset is beyond its queue", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-data-"));
    try {
      const first = await boot({ scenario: "draining", dataDir, seed: 5 });
      await first.sb.advance(60_000);
      first.admin.close();
      await first.sb.stop();
      open.splice(open.indexOf(first), 1);
      const saved = first.sb.queueStates("draining-group");
      for (const b of ["broker-a", "broker-b"]) fs.rmSync(path.join(dataDir, b, "sandbox-store.json"));
      // A different seed: the regenerated history is shorter than the offsets on file.
      const second = await boot({ scenario: "draining", dataDir, seed: 6 });
      const loaded = second.sb.queueStates("draining-group");
      expect(loaded.map((q) => q.committed)).toEqual(saved.map((q) => q.committed));
      for (const q of loaded) expect(q.committed).toBeLessThanOrEqual(q.brokerOffset);
      const progress = await second.admin.getConsumeProgress("draining-group");
      for (const q of progress.queues) expect(q.brokerOffset).toBeGreaterThanOrEqual(q.consumerOffset);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("retention advances the min offset (capacity and time); a pull below it is PULL_OFFSET_MOVED to the min", async () => {
    const spec: ScenarioSpec = {
      name: "retention",
      description: "",
      topics: [{ name: T, queuesPerBroker: 1, rate: 100, history: { messages: 50, spanMs: 60_000 } }],
      groups: [],
      capacity: 200,
      retainMs: 5_000,
    };
    const { sb, admin } = await boot({ scenario: spec });
    const mq = { topic: T, brokerName: "broker-a", queueId: 0 };
    const broker = await admin.getBrokerOfQueue(mq);
    const min0 = await admin.getMinOffset(broker, mq);
    await sb.advance(2_000);
    const min1 = await admin.getMinOffset(broker, mq);
    expect(min1).toBeGreaterThan(min0); // the 1-minute-old history is beyond 5 s retention
    await sb.advance(6_000);
    const min2 = await admin.getMinOffset(broker, mq);
    const max2 = await admin.getMaxOffset(broker, mq);
    expect(min2).toBeGreaterThan(min1);
    expect(max2 - min2).toBeLessThanOrEqual(200n);
    const earliest = await admin.getEarliestMsgStoreTime(broker, mq);
    expect(earliest).toBeGreaterThanOrEqual(BigInt(sb.now() - 5_000 - 1_000));
    const r = await admin.pullMessage(broker, mq, 0n);
    expect(r).toMatchObject({ status: "offset_moved", storeStatus: "OFFSET_TOO_SMALL", nextBeginOffset: min2 });
    expect(await admin.getStoreTimeAt(mq, min2 - 1n)).toBeNull();
  });

  it("flow control: a slow group's ProcessQueues hold about 1,000 cached messages and lag grows", async () => {
    const { sb, admin } = await boot({ scenario: "growing" });
    await sb.advance(8_000);
    const lag1 = lagOf((await admin.getConsumeProgress("growing-group")).queues);
    await sb.advance(12_000);
    const lag2 = lagOf((await admin.getConsumeProgress("growing-group")).queues);
    expect(lag2).toBeGreaterThan(lag1);
    const [client] = await admin.getProcessQueues("growing-group");
    expect(client?.ok).toBe(true);
    if (!client?.ok) return;
    const business = client.info.processQueues.filter((q) => q.mq.topic === T);
    expect(business).toHaveLength(8);
    for (const q of business) {
      expect(q.cachedMsgCount).toBeGreaterThanOrEqual(1_000);
      expect(q.cachedMsgCount).toBeLessThanOrEqual(1_032);
      expect(q.commitOffset).toBe(q.cachedMsgMinOffset);
    }
    const progress = await admin.getConsumeProgress("growing-group");
    for (const q of progress.queues.filter((x) => x.mq.topic === T)) expect(q.pullOffset! - q.consumerOffset).toBeGreaterThanOrEqual(1_000n);
  });

  it("draining: the lag falls over time", async () => {
    const { sb, admin } = await boot({ scenario: "draining" });
    await sb.advance(11_000);
    const lag1 = lagOf((await admin.getConsumeProgress("draining-group")).queues);
    await sb.advance(20_000);
    const lag2 = lagOf((await admin.getConsumeProgress("draining-group")).queues);
    expect(lag1).toBeGreaterThan(1_000n);
    expect(lag2).toBeLessThan(lag1);
  });

  it("broadcasting: offsets only through running info and consumer status, never in consume stats", async () => {
    const { sb, admin } = await boot({ scenario: "broadcasting" });
    await sb.advance(12_000);
    expect((await admin.getConsumeProgress("broadcast-group")).queues).toEqual([]);
    const clients = await admin.getGroupClients("broadcast-group");
    expect(clients.messageModel).toBe("BROADCASTING");
    const results = await admin.getProcessQueues("broadcast-group");
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const queues = r.info.processQueues.filter((q) => q.mq.topic === T);
      expect(queues).toHaveLength(8);
      for (const q of queues) expect(q.commitOffset).toBeGreaterThan(0n);
      expect(r.info.properties.offsetStore).toMatch(/LocalFileOffsetStore/);
    }
    const brokerA = (await admin.getMasterBrokers())[0]!;
    const status = await admin.getConsumerStatus(brokerA, "broadcast-group", T);
    expect(status.map((s) => s.clientId)).toEqual(clients.connections.map((c) => c.clientId));
    for (const s of status) expect(s.offsets).toHaveLength(8);
    expect(sb.queueStates("broadcast-group")).toEqual([]);
  });

  it("orderly-lost-lock: locked=false on the queue whose broker lock was taken over; a hung consume delays a hand-over (tryUnlockTimes)", async () => {
    const { sb, admin } = await boot({ scenario: "orderly-lost-lock" });
    const info = sb.scenarioGroups()[0]!;
    const lost = { topic: T, brokerName: info.lockTakeover!.brokerName, queueId: info.lockTakeover!.queueId };
    const hung = { topic: T, brokerName: info.stuck[0]!.brokerName, queueId: info.stuck[0]!.queueId };
    await sb.advance(25_000);
    const results = await admin.getProcessQueues("orderly-group");
    expect(results).toHaveLength(2);
    const [c1, c2] = results.map((r) => r.clientId).sort();
    const lostPq = pqOf(results, lost)!;
    expect(lostPq.clientId).toBe(c1);
    expect(lostPq.pq.locked).toBe(false);
    const hungPqs = results.flatMap((r) => (r.ok ? r.info.processQueues.filter((q) => key(q.mq) === key(hung)).map((q) => ({ client: r.clientId, q })) : []));
    const onC1 = hungPqs.find((h) => h.client === c1)!;
    expect(onC1.q).toMatchObject({ dropped: true, transactionMsgCount: 1 });
    expect(onC1.q.tryUnlockTimes).toBeGreaterThanOrEqual(2n);
    expect(hungPqs.some((h) => h.client === c2)).toBe(false);
    expect(results.every((r) => r.ok && r.info.properties.PROP_CONSUMEORDERLY === "true")).toBe(true);
    await sb.advance(6_000); // the last offsets consumed before the lock was lost reach the broker
    const lagLost1 = await admin.getConsumeProgress("orderly-group");
    // The unlock delay (20 s after the last lock) forces the hung queue over to the other client.
    await sb.advance(14_000);
    const later = await admin.getProcessQueues("orderly-group");
    expect(pqOf(later, hung)?.clientId).toBe(c2);
    expect(pqOf(later, lost)?.pq.locked).toBe(false);
    const lagLost2 = await admin.getConsumeProgress("orderly-group");
    const lagAt = (p: typeof lagLost1) => p.queues.find((q) => key(q.mq) === key(lost))!;
    expect(lagAt(lagLost2).brokerOffset - lagAt(lagLost2).consumerOffset).toBeGreaterThan(lagAt(lagLost1).brokerOffset - lagAt(lagLost1).consumerOffset);
    expect(lagAt(lagLost2).consumerOffset).toBe(lagAt(lagLost1).consumerOffset);
  });

  it("offline: after its clients leave, the group is CONSUMER_NOT_ONLINE and its backlog grows; its offsets (with %RETRY%) remain", async () => {
    const { sb, admin } = await boot({ scenario: "offline" });
    await sb.advance(10_000);
    expect((await admin.getGroupClients("offline-group")).online).toBe(true);
    await sb.advance(10_000);
    const clients = await admin.getGroupClients("offline-group");
    expect(clients.online).toBe(false);
    const p1 = await admin.getConsumeProgress("offline-group");
    expect(p1.queues.map((q) => q.mq.topic)).toContain("%RETRY%offline-group");
    await sb.advance(5_000);
    const p2 = await admin.getConsumeProgress("offline-group");
    expect(lagOf(p2.queues)).toBeGreaterThan(lagOf(p1.queues));
    expect(p2.queues.map((q) => q.consumerOffset)).toEqual(p1.queues.map((q) => q.consumerOffset));
  });

  it("healthy: two clients share the queues (averagely, by sorted client id), failures go to %RETRY%group and are consumed", async () => {
    const { sb, admin } = await boot({ scenario: "healthy" });
    await sb.advance(40_000);
    const results = await admin.getProcessQueues("healthy-group");
    expect(results).toHaveLength(2);
    const sorted = [...results].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    const owned = sorted.map((r) => (r.ok ? r.info.processQueues.filter((q) => q.mq.topic === T).map((q) => key(q.mq)) : []));
    expect(owned[0]).toEqual([0, 1, 2, 3].map((q) => `${T}|broker-a|${q}`));
    expect(owned[1]).toEqual([0, 1, 2, 3].map((q) => `${T}|broker-b|${q}`));
    const progress = await admin.getConsumeProgress("healthy-group");
    const retry = progress.queues.filter((q) => q.mq.topic === "%RETRY%healthy-group");
    expect(retry).toHaveLength(2);
    expect(retry.reduce((s, q) => s + q.brokerOffset, 0n)).toBeGreaterThan(0n);
    expect(sb.consumed({ group: "healthy-group", topic: "%RETRY%healthy-group" }).length).toBeGreaterThan(0);
    expect(lagOf(progress.queues)).toBeLessThan(80n);
    // lastTimestamp is the store time of message consumerOffset-1
    for (const q of progress.queues.filter((x) => x.mq.topic === T)) {
      expect(q.lastTimestamp).toBe((await admin.getStoreTimeAt(q.mq, q.consumerOffset - 1n))!);
    }
    // store times the consumers saw equal what PULL_MESSAGE returns
    for (const r of sb.consumed({ group: "healthy-group", topic: T }).slice(-20)) {
      expect(await admin.getStoreTimeAt({ topic: r.topic, brokerName: r.brokerName, queueId: r.queueId }, BigInt(r.offset))).toBe(BigInt(r.storeTimestamp));
    }
  });

  it("ConsumeFromWhere applies only without a committed offset: LAST = max (0 on a young queue), FIRST = min after PULL_OFFSET_MOVED", async () => {
    const spec: ScenarioSpec = {
      name: "cfw",
      description: "",
      topics: [
        { name: "Old", queuesPerBroker: 1, rate: 0, history: { messages: 500, spanMs: 2 * 3_600_000, startOffset: 1_000 } },
        { name: "Young", queuesPerBroker: 1, rate: 0, history: { messages: 300, spanMs: 60_000 } },
      ],
      groups: [
        { name: "last-old", topics: ["Old"], kind: "push", clients: 1, threads: 2, consumeMs: { median: 1 }, description: "", intended: "OK" },
        { name: "first-old", topics: ["Old"], kind: "push", clients: 1, threads: 2, consumeMs: { median: 1 }, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", description: "", intended: "OK" },
        { name: "last-young", topics: ["Young"], kind: "push", clients: 1, threads: 2, consumeMs: { median: 1 }, description: "", intended: "OK" },
        { name: "committed", topics: ["Old"], kind: "push", clients: 1, threads: 2, consumeMs: { median: 1 }, startLag: 50, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", description: "", intended: "OK" },
        { name: "by-time", topics: ["Old"], kind: "push", clients: 1, threads: 2, consumeMs: { median: 1 }, consumeFromWhere: "CONSUME_FROM_TIMESTAMP", description: "", intended: "OK" },
      ],
    };
    const t0 = 1_800_000_000_000;
    const { sb } = await boot({ scenario: spec, startTime: t0 });
    await sb.advance(12_000);
    const firstOffsets = (group: string, topic: string) => {
      const byQueue = new Map<string, number>();
      for (const r of sb.consumed({ group, topic })) if (!byQueue.has(key(r))) byQueue.set(key(r), r.offset);
      return byQueue;
    };
    expect(firstOffsets("last-old", "Old").size).toBe(0);
    for (const q of sb.queueStates("last-old").filter((s) => s.mq.topic === "Old")) expect(q.committed).toBe(q.brokerOffset);
    for (const [k, o] of firstOffsets("first-old", "Old")) expect(o).toBe(sb.queueStates("first-old").find((q) => key(q.mq) === k)!.minOffset);
    for (const o of firstOffsets("last-young", "Young").values()) expect(o).toBe(0);
    const byTime = firstOffsets("by-time", "Old");
    expect(byTime.size).toBe(2);
    for (const [k, o] of byTime) {
      const [, brokerName] = k.split("|");
      const expected = sb.broker(brokerName!).store.searchOffset("Old", 0, t0 - 30 * 60_000); // consumeTimestamp defaults to 30 min before start
      expect(o).toBe(expected);
      expect(o).toBeGreaterThan(sb.queueStates("by-time").find((q) => key(q.mq) === k)!.minOffset);
    }
    for (const [k, o] of firstOffsets("committed", "Old")) {
      const q = sb.queueStates("committed").find((s) => key(s.mq) === k)!;
      expect(o).toBeGreaterThan(q.minOffset);
      expect(q.brokerOffset - o).toBeLessThanOrEqual(63);
    }
  });

  it("lite pull: CONSUME_ACTIVELY, explicit commits, a ProcessQueue per queue, no statusTable", async () => {
    const { sb, admin } = await boot({ scenario: "demo" });
    await sb.advance(15_000);
    const clients = await admin.getGroupClients("report-exporter");
    expect(clients.consumeType).toBe("CONSUME_ACTIVELY");
    const [r] = await admin.getProcessQueues("report-exporter");
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.info.properties.PROP_CONSUME_TYPE).toBe("CONSUME_ACTIVELY");
    expect(r.info.properties.PROP_CONSUMEORDERLY).toBeUndefined();
    expect(r.info.status).toEqual([]);
    expect(r.info.processQueues.map((q) => q.mq.topic)).toEqual(["user-signups", "user-signups", "user-signups", "user-signups"]);
    const progress = await admin.getConsumeProgress("report-exporter");
    expect(lagOf(progress.queues, "user-signups")).toBeLessThan(30n);
  });

  it("an unreachable broker fails its part of merged calls, then recovers", async () => {
    const { sb, admin } = await boot({ scenario: "healthy" });
    await sb.advance(6_000);
    await sb.setBrokerReachable("broker-b", false);
    const broken = await admin.getConsumeProgress("healthy-group");
    expect(broken.failures.map((f) => f.brokerName)).toEqual(["broker-b"]);
    expect(broken.queues.every((q) => q.mq.brokerName === "broker-a")).toBe(true);
    expect(broken.queues.length).toBeGreaterThan(0);
    // Producers move to broker-a; consumers of broker-b queues stall.
    const bMax = sb.broker("broker-b").store.maxOffset(T, 0);
    await sb.advance(5_000);
    expect(sb.broker("broker-b").store.maxOffset(T, 0)).toBe(bMax);
    await sb.setBrokerReachable("broker-b", true);
    await sb.advance(2_000);
    // The admin's connection backs off after a refused connect; wait (real time) until it reconnects.
    let healed = await admin.getConsumeProgress("healthy-group");
    for (let i = 0; i < 50 && healed.failures.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      healed = await admin.getConsumeProgress("healthy-group");
    }
    expect(healed.failures).toEqual([]);
    expect(new Set(healed.queues.map((q) => q.mq.brokerName))).toEqual(new Set(["broker-a", "broker-b"]));
    await sb.setBrokerReachable("broker-a", false, "blackhole");
    const slow = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 }, requestTimeoutMs: 300 });
    try {
      const silent = await slow.getConsumeProgress("healthy-group");
      expect(silent.failures.map((f) => [f.brokerName, f.retriable])).toEqual([["broker-a", true]]);
    } finally {
      slow.close();
    }
    await sb.setBrokerReachable("broker-a", true);
  });

  it("large: 5,000 groups x 16 queues start in seconds and answer", async () => {
    const started = Date.now();
    const rss0 = process.memoryUsage().rss;
    const { sb, admin } = await boot({ scenario: "large", groups: 5_000, queues: 16 });
    const startMs = Date.now() - started;
    expect(startMs).toBeLessThan(5_000);
    await sb.advance(6_000);
    expect(sb.scenario.groups).toHaveLength(5_000);
    const groups = await admin.listGroups();
    expect(groups.groups.filter((g) => g.groupName.startsWith("large-group-"))).toHaveLength(5_000);
    const p = await admin.getConsumeProgress("large-group-04321");
    expect(p.queues.filter((q) => !q.mq.topic.startsWith("%RETRY%"))).toHaveLength(16);
    const live = await admin.getConsumeProgress("large-group-00000");
    expect(live.queues.length).toBe(18);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(400 * 1024 * 1024);
  });
});

describe("determinism", () => {
  it("the same seed and start time give the same cluster, byte for byte, on the manual clock", async () => {
    const run = async (seed: number) => {
      const { sb, admin } = await boot({ scenario: "demo", seed, startTime: 1_800_000_000_000 });
      await sb.advance(20_000);
      const groups = sb.scenarioGroups().map((g) => g.name);
      const progress = await Promise.all(groups.map((g) => admin.getConsumeProgress(g)));
      const clients = sb.clientStates();
      const consumed = sb.consumed().map((r) => `${r.clientId} ${r.topic} ${r.brokerName} ${r.queueId} ${r.offset} ${r.storeTimestamp} ${r.consumedAt}`);
      return JSON.stringify({ progress: progress.map((p) => p.queues), clients, consumed }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    };
    const a = await run(9);
    const b = await run(9);
    const c = await run(10);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

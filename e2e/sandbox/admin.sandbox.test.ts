// The admin client's integration suite (e2e/rocketmq/admin.test.ts) run against the sandbox cluster
// instead of real JVMs, with the same assertions where the behaviour is the same. Where the real
// suite compares with mqadmin, this one compares with the sandbox's own internal state, and - when
// Java and Maven are available (e2e/rocketmq/cluster.mjs checkTools) - also with the real 5.3.3
// mqadmin pointed at the sandbox (consumerConnection, consumerProgress).
//
// Notes on mqadmin against the sandbox: it works because the sandbox answers HEART_BEAT (the tool's
// client instance heartbeats its inner producer), GET_TOPIC_CONFIG (351, which 5.3.3's
// consumerProgress sends for every topic) and the requests the console itself uses. UNREGISTER_CLIENT
// at the tool's shutdown gets REQUEST_CODE_NOT_SUPPORTED, which it only logs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RocketMQAdmin } from "../../lib/rocketmq/admin";
import { startSandbox, type Sandbox, type ScenarioSpec } from "../../lib/sandbox";
import { checkTools, consumerProgress, mqadmin, type ClusterLike } from "../rocketmq/cluster.mjs";
import { parseConnections, pinnedQueue as pinnedQueueOf, queueKey, sleep, until as untilEvery } from "../testkit";

const until = <T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>) => untilEvery(what, timeoutMs, fn, 100);
const pinnedQueue = (results: Parameters<typeof pinnedQueueOf>[0]) => pinnedQueueOf(results, T);

const T = "TmAdminTopic";
/** Simulated seconds per real second: the real suite's 8 s waits take 0.8 s here. */
const SCALE = 10;
const simSleep = (simMs: number) => sleep(simMs / SCALE);
const key = queueKey;

const javaAvailable = (() => {
  try {
    checkTools();
    return true;
  } catch {
    return false;
  }
})();

/** The real suite's workload: a producer at 40 msg/s, a healthy group, a stuck one, a broadcasting one. */
const workload: ScenarioSpec = {
  name: "admin-suite",
  description: "e2e/rocketmq/admin.test.ts's workload",
  topics: [{ name: T, queuesPerBroker: 4, rate: 40, keyPrefix: "adm", tags: ["tm"] }],
  groups: [
    { name: "adm_ok", topics: [T], kind: "push", clients: 1, threads: 4, consumeMs: { median: 3 }, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", description: "", intended: "OK" },
    {
      name: "adm_stuck",
      topics: [T],
      kind: "push",
      clients: 1,
      threads: 4,
      consumeMs: { median: 3 },
      consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
      stuck: [{ brokerName: "broker-a", queueId: 0 }],
      description: "",
      intended: "STALL",
    },
    { name: "adm_bc", topics: [T], kind: "broadcast", clients: 2, threads: 4, consumeMs: { median: 3 }, description: "", intended: "UNKNOWN" },
  ],
};

describe("lib/rocketmq against the sandbox cluster", () => {
  let sb: Sandbox;
  let admin: RocketMQAdmin;
  let cluster: ClusterLike;

  beforeAll(async () => {
    sb = await startSandbox({ scenario: workload, seed: 3, timeScale: SCALE });
    cluster = { namesrvAddr: sb.namesrvAddr, version: "5", brokers: [...sb.brokers] };
    admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr] });
    await until("every group to consume", 10_000, async () => (sb.consumed().length > 200 ? true : undefined));
  });

  afterAll(async () => {
    admin?.close();
    await sb?.stop();
  });

  it("lists both masters and the topic route", async () => {
    const masters = await admin.getMasterBrokers();
    expect(masters.map((m) => m.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect(masters.map((m) => m.address).sort()).toEqual(sb.brokers.map((b) => b.addr).sort());
    const route = await admin.getTopicRoute(T);
    expect(route.queueDatas.map((q) => q.readQueueNums)).toEqual([4, 4]);
  });

  it("reads a pinned ProcessQueue through 307: commit held at the slow message while the queue is pulled ahead", async () => {
    const first = await until("the stuck client to hold broker-a/0", 10_000, async () => {
      const pq = pinnedQueue(await admin.getProcessQueues("adm_stuck"));
      return pq.cachedMsgCount >= 1 && pq.commitOffset === pq.cachedMsgMinOffset ? pq : undefined;
    });
    const progressBefore = await admin.getConsumeProgress("adm_stuck");
    await simSleep(8_000);
    const later = pinnedQueue(await admin.getProcessQueues("adm_stuck"));
    const progressAfter = await admin.getConsumeProgress("adm_stuck");
    const q0 = (p: typeof progressBefore) => p.queues.find((q) => q.mq.topic === T && q.mq.brokerName === "broker-a" && q.mq.queueId === 0)!;

    expect(later.commitOffset).toBe(first.commitOffset);
    expect(later.commitOffset).toBe(later.cachedMsgMinOffset);
    expect(later.lastPullTimestamp).toBeGreaterThan(first.lastPullTimestamp);
    expect(q0(progressAfter).consumerOffset).toBe(q0(progressBefore).consumerOffset);
    expect(q0(progressAfter).brokerOffset).toBeGreaterThan(q0(progressBefore).brokerOffset);
    expect(q0(progressAfter).pullOffset!).toBeGreaterThan(q0(progressAfter).consumerOffset + 10n);
    const others = progressAfter.queues.filter((q) => q.mq.topic === T && !(q.mq.brokerName === "broker-a" && q.mq.queueId === 0));
    expect(others).toHaveLength(7);
    for (const q of others) expect(q.brokerOffset - q.consumerOffset).toBeLessThan(q0(progressAfter).brokerOffset - q0(progressAfter).consumerOffset);
    // The sandbox's own view agrees: the stuck message is the one the scenario scripted.
    expect(later.commitOffset).toBe(BigInt(sb.scenarioGroups().find((g) => g.name === "adm_stuck")!.stuck[0]!.offset));
  });

  it("reads each broadcasting client's own offsets", async () => {
    const results = await until("both broadcasting clients to own all 8 queues", 10_000, async () => {
      const r = await admin.getProcessQueues("adm_bc");
      return r.length === 2 && r.every((c) => c.ok && c.info.processQueues.filter((q) => q.mq.topic === T).length === 8) ? r : undefined;
    });
    for (const r of results) {
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.info.properties.messageModel).toBe("BROADCASTING");
      expect(r.info.processQueues.filter((q) => q.mq.topic === T)).toHaveLength(8);
    }
    const clients = await admin.getGroupClients("adm_bc");
    expect(clients.messageModel).toBe("BROADCASTING");
    expect((await admin.getConsumeProgress("adm_bc")).queues.filter((q) => q.mq.topic === T)).toEqual([]);
    // Against the sandbox's state: the clients' own stores.
    const mine = sb.clientStates("adm_bc");
    expect(mine.map((c) => c.clientId)).toEqual(results.map((r) => r.clientId).sort());
    expect(sb.queueStates("adm_bc").filter((q) => q.mq.topic === T)).toEqual([]);
  });

  it("our clients equal the sandbox's clients (and mqadmin consumerConnection when Java is available)", async () => {
    for (const group of ["adm_ok", "adm_stuck", "adm_bc"]) {
      const ours = await admin.getGroupClients(group);
      expect(ours.failures).toEqual([]);
      expect(ours.connections.map((c) => c.clientId).sort()).toEqual(sb.clientStates(group).map((c) => c.clientId));
    }
  });

  it.skipIf(!javaAvailable)("mqadmin consumerConnection (real 5.3.3 tools) sees the same clients", async () => {
    for (const group of ["adm_ok", "adm_stuck", "adm_bc"]) {
      const ours = await admin.getGroupClients(group);
      const theirs = await mqadmin(cluster, ["consumerConnection", "-g", group]);
      expect(theirs.code, theirs.stderr).toBe(0);
      expect(ours.connections.map((c) => c.clientId).sort()).toEqual(parseConnections(theirs.stdout));
    }
  }, 120_000);

  it("the store time at an offset equals what the consumer saw", async () => {
    const consumed = sb.consumed({ group: "adm_ok", topic: T }).find((r) => r.offset > 0);
    expect(consumed).toBeDefined();
    const mq = { topic: T, brokerName: consumed!.brokerName, queueId: consumed!.queueId };
    expect(await admin.getStoreTimeAt(mq, BigInt(consumed!.offset))).toBe(BigInt(consumed!.storeTimestamp));
    const max = await admin.getMaxOffset(await admin.getBrokerOfQueue(mq), mq);
    expect(await admin.getStoreTimeAt(mq, max + 10n)).toBeNull();
  });

  it("per queue, broker offset, committed offset and diff equal the sandbox's state and mqadmin consumerProgress (producer quiesced)", async () => {
    sb.pauseProducers();
    await simSleep(8_000); // consumers commit (5 s interval)
    for (const group of ["adm_ok", "adm_stuck"]) {
      await until(`${group} figures to be stable`, 10_000, async () => {
        const ours = await admin.getConsumeProgress(group);
        const state = sb.queueStates(group);
        const again = await admin.getConsumeProgress(group);
        const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
        if (json(ours.queues) !== json(again.queues)) return undefined;
        expect(ours.failures).toEqual([]);
        const mine = new Map(ours.queues.map((q) => [key(q.mq.topic, q.mq.brokerName, q.mq.queueId), q]));
        expect([...mine.keys()].sort()).toEqual(state.map((s) => key(s.mq.topic, s.mq.brokerName, s.mq.queueId)).sort());
        expect(state.length).toBeGreaterThanOrEqual(8);
        for (const s of state) {
          const q = mine.get(key(s.mq.topic, s.mq.brokerName, s.mq.queueId))!;
          expect([String(q.brokerOffset), String(q.consumerOffset), String(q.pullOffset), String(q.lastTimestamp)]).toEqual([
            String(s.brokerOffset),
            String(s.consumerOffset),
            String(s.pullOffset),
            String(s.lastTimestamp),
          ]);
        }
        return true;
      });
    }
  });

  it.skipIf(!javaAvailable)("mqadmin consumerProgress (real 5.3.3 tools) prints the same figures", async () => {
    sb.pauseProducers();
    for (const group of ["adm_ok", "adm_stuck"]) {
      await until(`${group} figures to match mqadmin`, 60_000, async () => {
        const ours = await admin.getConsumeProgress(group);
        const theirs = await consumerProgress(cluster, group);
        const again = await admin.getConsumeProgress(group);
        expect(theirs.error).toBeNull();
        const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
        if (json(ours.queues) !== json(again.queues)) return undefined;
        const mine = new Map(ours.queues.map((q) => [key(q.mq.topic, q.mq.brokerName, q.mq.queueId), q]));
        expect(theirs.rows.length).toBeGreaterThanOrEqual(8);
        expect([...mine.keys()].sort()).toEqual(theirs.rows.map((r) => key(r.topic, r.brokerName, r.queueId)).sort());
        for (const row of theirs.rows) {
          const q = mine.get(key(row.topic, row.brokerName, row.queueId))!;
          expect([row.topic, row.queueId, String(q.brokerOffset), String(q.consumerOffset)]).toEqual([row.topic, row.queueId, String(row.brokerOffset), String(row.consumerOffset)]);
          if (row.diff !== null) expect(String(q.brokerOffset - q.consumerOffset)).toBe(String(row.diff));
          if (row.inflight !== null) expect(String(q.pullOffset! - q.consumerOffset)).toBe(String(row.inflight));
        }
        const ourTotal = ours.queues.reduce((s, q) => s + (q.brokerOffset - q.consumerOffset), 0n);
        if (theirs.diffTotal !== null) expect(String(ourTotal)).toBe(String(theirs.diffTotal));
        return true;
      });
    }
  }, 180_000);

  it("a reset by timestamp on every master is re-consumed by the sandbox's consumers", async () => {
    sb.resumeProducers();
    await simSleep(3_000);
    const target = sb.now() - 2_000;
    const before = new Map(sb.queueStates("adm_ok").map((q) => [key(q.mq.topic, q.mq.brokerName, q.mq.queueId), q.committed]));
    const table = new Map<string, bigint>();
    for (const m of await admin.getMasterBrokers()) {
      for (const e of await admin.resetOffset(m, { group: "adm_ok", topic: T, timestamp: BigInt(target), isForce: true })) table.set(key(e.mq.topic, e.mq.brokerName, e.mq.queueId), e.offset);
    }
    expect(table.size).toBe(8);
    await until("the consumers to pick the reset up", 10_000, async () => (sb.queueStates("adm_ok").every((q) => !q.resetPending) ? true : undefined));
    await until("the range to be re-consumed", 10_000, async () => {
      const consumed = sb.consumed({ group: "adm_ok", topic: T });
      for (const [k, off] of table) {
        const seen = new Set(consumed.filter((r) => key(r.topic, r.brokerName, r.queueId) === k && r.consumedAt >= target).map((r) => r.offset));
        for (let o = Number(off); o < (before.get(k) ?? 0); o++) if (!seen.has(o)) return undefined;
      }
      return true;
    });
  });

  it("a broker made unreachable is reported as a failure of its part; the rest still answers", async () => {
    await sb.setBrokerReachable("broker-b", false);
    try {
      const progress = await admin.getConsumeProgress("adm_ok");
      expect(progress.failures.map((f) => f.brokerName)).toEqual(["broker-b"]);
      expect(progress.queues.length).toBeGreaterThan(0);
    } finally {
      await sb.setBrokerReachable("broker-b", true);
    }
  });
});

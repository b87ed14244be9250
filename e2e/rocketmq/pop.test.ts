// gRPC (POP) consumers through rocketmq-proxy 5.3.3 (cluster mode) with the 5.x Java client
// rocketmq-client-java 5.0.8: a SimpleConsumer that leaves some messages unacked past their invisible
// time, and a PushConsumer that fails some messages once. Records what the brokers and the proxy
// expose about these groups through lib/rocketmq (and mqadmin), asserting only what is stable.
// Version line 5 only (there is no proxy for 4.x). Facts and captured values: POP-FACTS.md.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RocketMQAdmin, isRetryTopic, type BrokerRef, type ConsumeProgress } from "../../lib/rocketmq/admin";
import { ResponseError } from "../../lib/rocketmq/errors";
import { consumerKindOf, POP_INFLIGHT_REASON } from "../../lib/domain/consumerKind";
import { summarizeGroup } from "../../lib/domain/groupSummary";
import { queueKey, until } from "../testkit";
import {
  type Cluster,
  type EventRecord,
  type GrpcDeliveryRecord,
  type SentRecord,
  type WorkloadHandle,
  consumerProgress,
  createGroup,
  createTopic,
  mqadmin,
  parseLenientJson,
  remotingRequest,
  startCluster,
  startWorkload,
} from "./cluster.mjs";

const BASE_PORT = 20000;
const T = "TmPopTopic";
const SIMPLE = "pop_simple";
const PUSH = "pop_grpc_push";
/** a remoting DefaultMQPushConsumer whose group is switched to POP (mqadmin setConsumeMode -m POP) */
const REMOTING_POP = "pop_remoting_push";
const COUNT = 80;
const SKIP_EVERY = 4; // Simple: seq % 4 == 0 left unacked once -> 20 messages
const FAIL_EVERY = 5; // Push: seq % 5 == 0 fails once -> 16 messages
const INVISIBLE_MS = 10_000;
/** The POP retry topic of a group and topic (5.3.3 default, enableRetryTopicV2=false). */
const popRetryTopic = (group: string, topic: string) => `%RETRY%${group}_${topic}`;

const facts: Record<string, unknown> = {};
const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

async function codeOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ResponseError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a ResponseError");
}

/** Distinct (broker, queue, offset) of the deliveries that came from the POP retry topic. */
function retryDeliveries(records: GrpcDeliveryRecord[]): Set<string> {
  return new Set(records.filter((r) => r.handleTopicType === "retry").map((r) => `${r.handleBroker}/${r.handleQueueId}/${r.handleOffset}`));
}

describe("gRPC (POP) consumers through rocketmq-proxy (RocketMQ 5.3.3)", () => {
  let cluster: Cluster;
  let admin: RocketMQAdmin;
  let proxy: BrokerRef;
  let simple: WorkloadHandle;
  let push: WorkloadHandle;
  let remotingPop: WorkloadHandle;
  let simpleClientId: string;
  let pushClientId: string;
  let sent: SentRecord[];

  beforeAll(async () => {
    const t0 = Date.now();
    cluster = await startCluster({ version: "5", basePort: BASE_PORT, proxy: true });
    facts.clusterStartupMs = Date.now() - t0;
    admin = new RocketMQAdmin({ nameServers: [cluster.namesrvAddr] });
    proxy = { brokerName: "proxy", address: cluster.proxy!.remotingAddr };
    await createTopic(cluster, T, 2);
    await createGroup(cluster, REMOTING_POP);
    const mode = await mqadmin(cluster, ["setConsumeMode", "-c", cluster.clusterName, "-g", REMOTING_POP, "-t", T, "-m", "POP", "-q", "4"]);
    expect(mode.stdout).toMatch(/consume mode\[POP\]/);
    simple = startWorkload(cluster, "simple", { topic: T, group: SIMPLE, invisibleMs: INVISIBLE_MS, skipEvery: SKIP_EVERY, skipTimes: 1, durationMs: 280_000, name: "pop-simple" });
    push = startWorkload(cluster, "grpc-push", { topic: T, group: PUSH, failEvery: FAIL_EVERY, durationMs: 280_000, name: "pop-push" });
    // clientRebalance=false: the client asks the broker for its assignment and pops (5.x client only)
    remotingPop = startWorkload(cluster, "consume-slow", { topic: T, group: REMOTING_POP, sleepMs: 100, clientRebalance: false, durationMs: 280_000, name: "pop-remoting" });
    const [s, p] = await Promise.all([simple.ready(120_000), push.ready(120_000), remotingPop.ready(120_000)]);
    simpleClientId = (s.clientIds as string[])[0]!;
    pushClientId = (p.clientIds as string[])[0]!;
    const producer = startWorkload(cluster, "produce", { topic: T, rate: 40, count: COUNT, durationMs: 120_000, name: "pop-produce" });
    await producer.wait();
    sent = producer.sent();
    expect(sent).toHaveLength(COUNT);
  });

  afterAll(async () => {
    console.log(`[pop-facts] ${json(facts)}`);
    admin?.close();
    await cluster?.stop();
  });

  it("the proxy runs beside the brokers on loopback ports derived from the base port, and routes clients to itself", async () => {
    expect(cluster.proxy).toEqual({ grpcAddr: `127.0.0.1:${BASE_PORT + 1051}`, remotingAddr: `127.0.0.1:${BASE_PORT + 1050}` });
    expect(cluster.processes.map((p) => p.role)).toEqual(["namesrv", "broker-a", "broker-b", "proxy"]);
    // A remoting client asking the proxy for a route gets every broker address replaced by the proxy's.
    const r = await remotingRequest(cluster.proxy!.remotingAddr, 105, { topic: T, acceptStandardJsonOnly: "true" });
    expect(r.code).toBe(0);
    const route = parseLenientJson(r.body.toString("utf8")) as { brokerDatas: { brokerName: string; brokerAddrs: Record<string, string> }[] };
    expect(route.brokerDatas.map((b) => [b.brokerName, b.brokerAddrs["0"]]).sort()).toEqual([
      ["broker-a", cluster.proxy!.remotingAddr],
      ["broker-b", cluster.proxy!.remotingAddr],
    ]);
  });

  it("Simple consumer: unacked messages are invisible but neither lag nor inflight in the broker's consume stats", async () => {
    const sentIds = sent.map((m) => m.msgId);
    // Every message popped once while at least one skipped message has not come back yet (it stays
    // invisible >= INVISIBLE_MS after its pop, so this window always exists).
    const snapshot = await until("all messages popped once while skipped ones are still invisible", 120_000, async () => {
      const before = simple.ofType<GrpcDeliveryRecord>("received");
      const first = new Set(before.filter((r) => r.deliveryAttempt === 1).map((r) => r.msgId));
      if (!sentIds.every((id) => first.has(id))) return undefined;
      const progress = await admin.getConsumeProgress(SIMPLE);
      const after = simple.ofType<GrpcDeliveryRecord>("received");
      const redelivered = new Set(after.filter((r) => r.deliveryAttempt > 1).map((r) => r.msgId));
      const pending = simple.ofType<GrpcDeliveryRecord>("unacked").filter((r) => !redelivered.has(r.msgId));
      if (pending.length === 0 || progress.failures.length > 0) return undefined;
      return { progress, pending };
    });
    const business = snapshot.progress.queues.filter((q) => q.mq.topic === T);
    expect(business).toHaveLength(4);
    for (const q of business) {
      expect(q.consumerOffset).toBe(q.brokerOffset); // offsets are committed when messages are popped
      expect(q.pullOffset).toBe(q.consumerOffset); // so "inflight" (pull - committed) is 0 as well
    }
    facts.simpleWhileInvisible = { pendingUnacked: snapshot.pending.length, queues: business.map((q) => [q.mq.brokerName, q.mq.queueId, q.brokerOffset, q.consumerOffset, q.pullOffset]) };
  });

  it("Simple consumer: skipped messages come back from the POP retry topic with deliveryAttempt 2; the receipt handle names the popped queue and offset", async () => {
    const sentById = new Map(sent.map((m) => [m.msgId, m]));
    const skipped = new Set(sent.filter((m) => m.seq % SKIP_EVERY === 0).map((m) => m.msgId));
    const redeliveredAcked = () => new Set(simple.ofType<GrpcDeliveryRecord>("acked").filter((r) => r.deliveryAttempt > 1).map((r) => r.msgId));
    await until("every skipped message redelivered and acked", 180_000, async () => ([...skipped].every((id) => redeliveredAcked().has(id)) ? true : undefined));
    const received = simple.ofType<GrpcDeliveryRecord>("received");
    const firsts = received.filter((r) => r.deliveryAttempt === 1);
    const again = received.filter((r) => r.deliveryAttempt > 1);
    // The workload left exactly the seq % 4 == 0 messages unacked on their first delivery.
    expect(new Set(simple.ofType<GrpcDeliveryRecord>("unacked").filter((r) => r.deliveryAttempt === 1).map((r) => r.msgId))).toEqual(skipped);
    // First deliveries come from the topic's own queue: the handle's broker/queue/offset is where the producer wrote it.
    for (const r of firsts) {
      const m = sentById.get(r.msgId)!;
      expect(r.topic).toBe(T);
      expect([r.handleTopicType, r.handleBroker, r.handleQueueId, r.handleOffset]).toEqual(["normal", m.brokerName, m.queueId, m.offset]);
    }
    // Redeliveries keep the topic name, msgId and key, but come from the group's POP retry topic.
    for (const r of again) {
      expect(r.topic).toBe(T);
      expect(r.handleTopicType).toBe("retry");
      expect(sentById.get(r.msgId)?.key).toBe(r.key);
      expect(r.handleInvisibleMs).toBe(INVISIBLE_MS);
    }
    for (const r of again) expect(skipped.has(r.msgId)).toBe(true);
    const back = [...skipped].filter((id) => again.some((r) => r.msgId === id && r.deliveryAttempt === 2));
    expect(back).toHaveLength(skipped.size);
    // How much later than its invisible time a skipped message came back (informational, not asserted).
    const delays = back.map((id) => {
      const u = simple.ofType<GrpcDeliveryRecord>("unacked").find((r) => r.msgId === id && r.deliveryAttempt === 1)!;
      const back = again.find((r) => r.msgId === id)!;
      return back.ts - u.invisibleUntil!;
    });
    facts.simpleRedeliveryLateMs = { min: Math.min(...delays), max: Math.max(...delays) };
    facts.simpleMessageViewQueueDiffers = firsts.filter((r) => r.queueId !== r.handleQueueId || r.brokerName !== r.handleBroker).length;
  });

  /** Waits until two reads of ours and one of mqadmin agree; then checks them against the workload. */
  async function quiescedProgress(group: string, deliveries: () => GrpcDeliveryRecord[]) {
    const retryTopic = popRetryTopic(group, T);
    let last = "";
    const res = await until(`${group}: our consume stats stable and equal to mqadmin consumerProgress -t ${T}`, 60_000, async () => {
      const ours = await admin.getConsumeProgress(group);
      const theirs = await consumerProgress(cluster, group, T);
      const again = await admin.getConsumeProgress(group);
      last = `ours ${json(ours.queues)}\nmqadmin ${theirs.raw}`;
      if (ours.failures.length || again.failures.length || json(ours.queues) !== json(again.queues) || theirs.error) return undefined;
      const business = ours.queues.filter((q) => q.mq.topic === T);
      if (business.some((q) => q.consumerOffset !== q.brokerOffset)) return undefined; // still catching up
      const retry = ours.queues.filter((q) => q.mq.topic === retryTopic);
      const retryMax = retry.reduce((s, q) => s + q.brokerOffset, 0n);
      if (BigInt(retryDeliveries(deliveries()).size) !== retryMax || retry.some((q) => q.consumerOffset !== q.brokerOffset)) return undefined;
      return { ours, theirs, business, retry, retryMax };
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${last}`);
    });
    const { ours, theirs, business, retry, retryMax } = res;
    // mqadmin's rows (-t T) are ours for T, with Diff = broker - consumer and Inflight = pull - consumer = 0.
    expect(theirs.rows.map((r) => queueKey(r.topic, r.brokerName, r.queueId)).sort()).toEqual(business.map((q) => queueKey(q.mq.topic, q.mq.brokerName, q.mq.queueId)).sort());
    for (const row of theirs.rows) {
      const q = business.find((b) => b.mq.brokerName === row.brokerName && b.mq.queueId === row.queueId)!;
      expect([row.brokerOffset, row.consumerOffset, row.diff, row.inflight]).toEqual([Number(q.brokerOffset), Number(q.consumerOffset), 0, 0]);
      expect(q.pullOffset).toBe(q.consumerOffset);
    }
    expect(theirs.diffTotal).toBe(0);
    // The topic holds exactly what the producer sent, all of it popped.
    expect(business.reduce((s, q) => s + q.brokerOffset, 0n)).toBe(BigInt(COUNT));
    // Every POP retry is a message in %RETRY%<group>_<topic> (one per expiry or nack), popped again.
    expect(retry.length).toBeGreaterThan(0);
    expect(ours.queues.filter((q) => isRetryTopic(q.mq.topic)).map((q) => q.mq.topic)).toEqual(retry.map(() => retryTopic));
    // ... and no %RETRY%<group> topic exists, so mqadmin without -t has no route to start from.
    const noTopic = await consumerProgress(cluster, group);
    expect(noTopic.rows).toEqual([]);
    expect(noTopic.raw).toMatch(/CODE: 17/);
    return { ours, retryMax };
  }

  it("Simple consumer: lag, inflight and retries equal mqadmin consumerProgress and the workload's counts", async () => {
    const { ours, retryMax } = await quiescedProgress(SIMPLE, () => simple.ofType<GrpcDeliveryRecord>("received"));
    const skipped = sent.filter((m) => m.seq % SKIP_EVERY === 0).length;
    // each redelivered message is one retry message (more only if an ack arrived after the invisible time)
    expect(retryMax).toBeGreaterThanOrEqual(BigInt(skipped));
    facts.simpleProgress = { skipped, retryMessages: retryMax, consumeTps: ours.consumeTps, queues: ours.queues.map((q) => [q.mq.topic, q.mq.brokerName, q.mq.queueId, q.brokerOffset, q.consumerOffset]) };
  });

  it("gRPC push consumer: every message consumed; a FAILURE comes back from the POP retry topic; stats equal mqadmin", async () => {
    const failing = new Set(sent.filter((m) => m.seq % FAIL_EVERY === 0).map((m) => m.msgId));
    await until("every message consumed by the push consumer, the failed ones on a later attempt", 180_000, async () => {
      const ok = new Set(push.ofType<GrpcDeliveryRecord>("consumed").map((r) => r.msgId));
      return sent.every((m) => ok.has(m.msgId)) ? true : undefined;
    });
    const consumed = push.ofType<GrpcDeliveryRecord>("consumed");
    const failed = push.ofType<GrpcDeliveryRecord>("failed");
    expect(new Set(failed.map((r) => r.msgId))).toEqual(failing);
    for (const r of consumed.filter((c) => failing.has(c.msgId))) {
      expect(r.deliveryAttempt).toBeGreaterThan(1);
      expect(r.handleTopicType).toBe("retry");
    }
    // A PushConsumer is assigned whole brokers: its MessageView queue is queueId -1; the handle has the real one.
    expect(new Set([...consumed, ...failed].map((r) => r.queueId))).toEqual(new Set([-1]));
    expect([...consumed, ...failed].every((r) => (r.handleQueueId ?? -1) >= 0)).toBe(true);
    const { ours, retryMax } = await quiescedProgress(PUSH, () => [...push.ofType<GrpcDeliveryRecord>("consumed"), ...push.ofType<GrpcDeliveryRecord>("failed")]);
    expect(retryMax).toBeGreaterThanOrEqual(BigInt(failing.size));
    facts.pushProgress = { failing: failing.size, retryMessages: retryMax, handleInvisibleMs: [...new Set(consumed.map((r) => r.handleInvisibleMs))], queues: ours.queues.map((q) => [q.mq.topic, q.mq.brokerName, q.mq.queueId, q.brokerOffset, q.consumerOffset]) };
  });

  it("clients: the brokers do not know gRPC clients; the proxy's remoting port lists them (GET_CONSUMER_CONNECTION_LIST)", async () => {
    for (const [group, clientId, consumeType] of [
      [SIMPLE, simpleClientId, "CONSUME_ACTIVELY"],
      [PUSH, pushClientId, "CONSUME_PASSIVELY"],
    ] as const) {
      // Through the brokers (what our console and mqadmin ask today): "not online", no clients.
      const viaBrokers = await admin.getGroupClients(group);
      expect(viaBrokers).toMatchObject({ online: false, connections: [], failures: [] });
      expect(await admin.getProcessQueues(group, viaBrokers)).toEqual([]);
      const broker = (await admin.getMasterBrokers())[0]!;
      expect((await codeOf(admin.getConsumerConnectionList(broker, group))).code).toBe(206);
      const runningViaBroker = await codeOf(admin.getConsumerRunningInfo(broker, group, clientId));
      expect(runningViaBroker.code).toBe(1);
      expect(runningViaBroker.message).toMatch(/not online/);
      // Through the proxy: the gRPC client, its consume type and subscription.
      const viaProxy = await admin.getConsumerConnectionList(proxy, group);
      expect(viaProxy.connections.map((c) => c.clientId)).toEqual([clientId]);
      expect(viaProxy).toMatchObject({ consumeType, messageModel: "CLUSTERING" });
      expect(viaProxy.subscriptions.map((s) => s.topic)).toEqual([T]);
      // The proxy does not serve consume stats or running info.
      expect((await codeOf(admin.getConsumeStats(proxy, group))).code).toBe(3);
      expect((await codeOf(admin.getConsumerRunningInfo(proxy, group, clientId))).code).toBe(3);
      facts[`${group}Connection`] = viaProxy.connections[0];
    }
    // mqadmin consumerConnection: no %RETRY%<group> route (CODE 17); asked of a broker: not online (206).
    const plain = await mqadmin(cluster, ["consumerConnection", "-g", SIMPLE]);
    expect(plain.stdout + plain.stderr).toMatch(/CODE: 17/);
    const viaBroker = await mqadmin(cluster, ["consumerConnection", "-g", SIMPLE, "-b", cluster.brokers[0]!.addr]);
    expect(viaBroker.stdout + viaBroker.stderr).toMatch(/CODE: 206/);
    // Both groups exist on both brokers (created by the proxy's first pop: autoCreateSubscriptionGroup).
    const groups = await admin.listGroups();
    for (const g of [SIMPLE, PUSH]) expect(groups.groups.find((x) => x.groupName === g)?.brokers.sort()).toEqual(["broker-a", "broker-b"]);
  });

  it("a remoting push consumer in POP mode is online on the brokers and reports mqPopTable (waitAckCount per broker, queueId -1)", async () => {
    const clients = await until("the POP-mode client on both brokers", 60_000, async () => {
      const c = await admin.getGroupClients(REMOTING_POP);
      return c.connections.length === 1 && c.connections[0]!.brokers.length === 2 ? c : undefined;
    });
    expect(clients).toMatchObject({ online: true, consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING" });
    expect(clients.connections.map((c) => c.brokers.sort())).toEqual([["broker-a", "broker-b"]]);
    const info = await until("the POP-mode client to report a pop queue per broker", 60_000, async () => {
      const [r] = await admin.getProcessQueues(REMOTING_POP, clients);
      return r?.ok && r.info.popProcessQueues.filter((q) => q.mq.topic === T).length === 2 ? r.info : undefined;
    });
    expect(info.properties.clientRebalance).toBe("false");
    const popQueues = info.popProcessQueues.filter((q) => q.mq.topic === T);
    expect(popQueues.map((q) => [q.mq.brokerName, q.mq.queueId])).toEqual([
      ["broker-a", -1],
      ["broker-b", -1],
    ]);
    for (const q of popQueues) {
      expect(q.waitAckCount).toBeGreaterThanOrEqual(0);
      expect(q.lastPopTimestamp).toBeGreaterThan(0n);
    }
    // Everything the producer sent is consumed; the group's consume stats cover the topic's queues.
    await until("the POP-mode consumer to consume everything", 120_000, async () => {
      const ids = new Set(remotingPop.consumed().map((r) => r.msgId));
      return sent.every((m) => ids.has(m.msgId)) ? true : undefined;
    });
    const progress = await admin.getConsumeProgress(REMOTING_POP);
    expect(progress.queues.filter((q) => q.mq.topic === T)).toHaveLength(4);
    facts.remotingPop = { popQueues, processQueues: info.processQueues.map((q) => [q.mq.topic, q.mq.brokerName, q.mq.queueId]), queues: progress.queues.map((q) => [q.mq.topic, q.mq.brokerName, q.mq.queueId, q.brokerOffset, q.consumerOffset, q.pullOffset]) };
  });

  // POP depends on the brokers' revive threads: a direct-memory OutOfMemoryError there (brokers had
  // 256 MiB before the harness gave proxy clusters 1 GiB) silently stops redelivery of expired messages.
  it("the brokers logged no OutOfMemoryError (POP revive and checkpoint writes need direct memory)", () => {
    const logs = ["broker-a", "broker-b"].flatMap((b) => [path.join(cluster.dir, `${b}.out`), path.join(cluster.dir, b, "logs", "rocketmqlogs", "pop.log"), path.join(cluster.dir, b, "logs", "rocketmqlogs", "broker.log")]);
    const hits = logs.filter((f) => fs.existsSync(f) && fs.readFileSync(f, "utf8").includes("OutOfMemoryError"));
    expect(hits).toEqual([]);
  });

  it("the console, given the proxy's address, shows gRPC groups online with their kind, POP inflight unknown and retries counted", async () => {
    const console_ = new RocketMQAdmin({ nameServers: [cluster.namesrvAddr], proxies: [cluster.proxy!.remotingAddr] });
    try {
      for (const [group, clientId, kind] of [
        [SIMPLE, simpleClientId, "grpc-simple"],
        [PUSH, pushClientId, "grpc-push"],
      ] as const) {
        const clients = await console_.getGroupClients(group);
        expect(clients).toMatchObject({ online: true, viaProxy: true, failures: [] });
        expect(clients.connections.map((c) => [c.clientId, c.proxy, c.language, c.version])).toEqual([[clientId, cluster.proxy!.remotingAddr, "JAVA", 479]]);
        const progress = await console_.getConsumeProgress(group);
        const info = consumerKindOf({ group, consumeType: clients.consumeType, viaProxy: clients.viaProxy, topics: progress.queues.map((q) => q.mq.topic) });
        expect(info).toMatchObject({ kind, pop: true });
        // without clients, the POP retry topic alone still tells POP
        expect(consumerKindOf({ group, topics: progress.queues.map((q) => q.mq.topic) }).kind).toBe("pop");
        const summary = summarizeGroup({
          group,
          readAtMs: BigInt(Date.now()),
          queues: progress.queues.map((q) => ({ mq: q.mq, brokerOffset: q.brokerOffset, consumerOffset: q.consumerOffset, pullOffset: q.pullOffset, lastTimestamp: q.lastTimestamp })),
          onlineClients: clients.connections.length,
          messageModel: clients.messageModel,
          consumeType: clients.consumeType,
          pop: info.pop,
        });
        // lag as mqadmin computes it (all popped: 0); inflight unknown with the reason, never the 0 208 reports
        expect(summary.lag).toMatchObject({ sum: 0n, complete: true });
        expect(summary.inflight.complete).toBe(false);
        expect(summary.gaps).toContain(POP_INFLIGHT_REASON);
        const retries = progress.queues.filter((q) => q.mq.topic === popRetryTopic(group, T)).reduce((n, q) => n + q.brokerOffset, 0n);
        expect(retries).toBe(BigInt(retryDeliveries(group === SIMPLE ? simple.ofType<GrpcDeliveryRecord>("received") : [...push.ofType<GrpcDeliveryRecord>("consumed"), ...push.ofType<GrpcDeliveryRecord>("failed")]).size));
        // running info is not asked of a gRPC client: the reason, not an error
        const pqs = await console_.getProcessQueues(group, clients);
        expect(pqs).toEqual([{ clientId, ok: false, grpc: true, message: expect.stringMatching(/through proxy .* has no ProcessQueue/) }]);
      }
      // a remoting POP-mode group is found through the brokers (the proxy is not asked)
      const remoting = await console_.getGroupClients(REMOTING_POP);
      expect(remoting).toMatchObject({ online: true, viaProxy: false });
    } finally {
      console_.close();
    }
  });

  it("rewind: a server-side per-queue reset (what Tidemark sends) reaches the gRPC push consumer at its next pop; it receives every message again", async () => {
    const resetAt = Date.now();
    const masters = await admin.getMasterBrokers();
    let queues = 0;
    for (const m of masters) {
      for (let queueId = 0; queueId < 2; queueId++) {
        const table = await admin.resetOffset(m, { group: PUSH, topic: T, timestamp: 0n, isForce: true, queueId, offset: 0n });
        expect(table.map((e) => [e.mq.queueId, e.offset])).toEqual([[queueId, 0n]]);
        queues++;
      }
    }
    expect(queues).toBe(4);
    const again = await until("the push consumer to receive every sent message again after the reset", 120_000, async () => {
      // (the seq % 5 messages fail again: a re-delivery after a reset is a first attempt, deliveryAttempt 1)
      const after = [...push.ofType<GrpcDeliveryRecord>("consumed"), ...push.ofType<GrpcDeliveryRecord>("failed")].filter((r) => r.ts >= resetAt && r.handleTopicType === "normal");
      const ids = new Set(after.map((r) => r.msgId));
      return sent.every((m) => ids.has(m.msgId)) ? after : undefined;
    });
    facts.pushRewind = { redelivered: again.length, firstAfterMs: Math.min(...again.map((r) => r.ts)) - resetAt };
    const progress = await until("the push group's offsets back at the end", 60_000, async () => {
      const p = await admin.getConsumeProgress(PUSH);
      return p.queues.filter((q) => q.mq.topic === T).every((q) => q.consumerOffset === q.brokerOffset) ? p : undefined;
    });
    expect(progress.queues.filter((q) => q.mq.topic === T).reduce((n, q) => n + q.consumerOffset, 0n)).toBe(BigInt(COUNT));
  });

  it("after the Simple client shuts down, the proxy no longer lists it; the committed offsets stay on the brokers", async () => {
    await simple.stop();
    const stopped = simple.records().find((r) => r.type === "stopped") as EventRecord | undefined;
    facts.simpleStopped = stopped;
    const code = await until("the proxy to drop the Simple consumer", 120_000, async () => {
      try {
        await admin.getConsumerConnectionList(proxy, SIMPLE);
        return undefined;
      } catch (err) {
        if (err instanceof ResponseError) return err.code;
        throw err;
      }
    });
    expect(code).toBe(206);
    const progress: ConsumeProgress = await admin.getConsumeProgress(SIMPLE);
    expect(progress.queues.filter((q) => q.mq.topic === T).reduce((s, q) => s + q.consumerOffset, 0n)).toBe(BigInt(COUNT));
  });
});

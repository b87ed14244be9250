/**
 * The sandbox's gRPC (POP) consumers and proxy, observed the way the console observes them: through
 * RocketMQAdmin over TCP, on a manual clock. Each expectation is a fact measured on real RocketMQ
 * 5.3.3 + proxy (e2e/rocketmq/POP-FACTS.md, e2e/rocketmq/pop.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { RocketMQAdmin } from "../rocketmq/admin";
import { ResponseError } from "../rocketmq/errors";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import { ResponseCode } from "../rocketmq/protocol/responseCode";
import { SCENARIO_TOPIC as T, startSandbox, type Sandbox } from "./index";

const open: Array<{ sb: Sandbox; admins: RocketMQAdmin[] }> = [];

async function boot() {
  const sb = await startSandbox({ clock: "manual", seed: 7, scenario: "pop" });
  const brokersOnly = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], retry: { retries: 0 }, routeTtlMs: 0 });
  const withProxy = new RocketMQAdmin({ nameServers: [sb.namesrvAddr], proxies: [sb.proxyAddr], retry: { retries: 0 }, routeTtlMs: 0 });
  open.push({ sb, admins: [brokersOnly, withProxy] });
  return { sb, brokersOnly, withProxy };
}

afterEach(async () => {
  for (const { sb, admins } of open.splice(0)) {
    for (const a of admins) a.close();
    await sb.stop();
  }
});

const key = (mq: MessageQueue) => `${mq.topic}|${mq.brokerName}|${mq.queueId}`;
const SIMPLE = "pop-simple-group";
const PUSH = "pop-push-group";
const simpleRetry = `%RETRY%${SIMPLE}_${T}`;

describe("sandbox gRPC consumers through the proxy (POP)", () => {
  it("brokers say 'not online'; the proxy lists the clients with its own language/version and the consume type of the kind", async () => {
    const { sb, brokersOnly, withProxy } = await boot();
    await sb.advance(3_000);
    const fromBrokers = await brokersOnly.getGroupClients(SIMPLE);
    expect(fromBrokers).toMatchObject({ online: false, connections: [], failures: [], viaProxy: false });
    const simple = await withProxy.getGroupClients(SIMPLE);
    expect(simple).toMatchObject({ online: true, viaProxy: true, consumeType: "CONSUME_ACTIVELY", messageModel: "CLUSTERING", consumeFromWhere: "CONSUME_FROM_LAST_OFFSET" });
    expect(simple.connections.map((c) => c.clientId)).toEqual(sb.popClientStates(SIMPLE).map((c) => c.clientId));
    for (const c of simple.connections) expect(c).toMatchObject({ language: "JAVA", version: 479, brokers: [], proxy: sb.proxyAddr });
    expect(simple.subscriptions.map((s) => s.topic)).toEqual([T]);
    expect((await withProxy.getGroupClients(PUSH)).consumeType).toBe("CONSUME_PASSIVELY");
    // a remoting group is still found through the brokers, without asking the proxy
    expect((await withProxy.getGroupClients("no-such-group")).online).toBe(false);
    // the proxy does not relay running info: the view says why instead of failing
    const pqs = await withProxy.getProcessQueues(SIMPLE);
    expect(pqs).toHaveLength(2);
    for (const r of pqs) expect(r).toMatchObject({ ok: false, grpc: true, message: expect.stringMatching(/gRPC client connected through proxy .* has no ProcessQueue/) });
    // and answers everything but 203 with REQUEST_CODE_NOT_SUPPORTED
    const proxyRef = { brokerName: "proxy", address: sb.proxyAddr };
    const err = await withProxy.getConsumeStats(proxyRef, SIMPLE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect((err as ResponseError).code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  });

  it("the broker commits at pop: consumer offset = pull offset (inflight 0 in 208) while messages are delivered and unacknowledged", async () => {
    const { sb, withProxy } = await boot();
    await sb.advance(5_000);
    const progress = await withProxy.getConsumeProgress(SIMPLE);
    const business = progress.queues.filter((q) => q.mq.topic === T);
    expect(business).toHaveLength(8);
    for (const q of business) expect(q.pullOffset).toBe(q.consumerOffset);
    // what the broker's checkpoints and the clients know, and no admin reply carries
    expect(sb.popCheckpoints(SIMPLE)).toBeGreaterThan(0);
    expect(sb.popClientStates(SIMPLE).reduce((n, c) => n + c.inflight, 0)).toBeGreaterThanOrEqual(0);
    // no %RETRY%<group>: a gRPC client never heartbeats a broker
    expect((await withProxy.getTopicList()).includes(`%RETRY%${SIMPLE}`)).toBe(false);
  });

  it("unacknowledged messages come back after the invisible time from %RETRY%<group>_<topic>; its broker offsets count every revival", async () => {
    const { sb, withProxy } = await boot();
    await sb.advance(20_000);
    sb.pauseProducers();
    await sb.advance(40_000); // > invisible time (10 s) + redelivery of the last skipped ones
    const records = sb.consumed({ group: SIMPLE });
    const skipped = records.filter((r) => r.topic === T && !r.ok && r.reconsumeTimes === 0).length;
    expect(skipped).toBeGreaterThan(5);
    const progress = await withProxy.getConsumeProgress(SIMPLE);
    const retry = progress.queues.filter((q) => q.mq.topic === simpleRetry);
    expect(retry.length).toBeGreaterThan(0);
    expect(retry.reduce((n, q) => n + q.brokerOffset, 0n)).toBe(BigInt(skipped));
    // each came back once (deliveryAttempt 2) and was acknowledged
    const redelivered = records.filter((r) => r.topic === simpleRetry && r.ok && r.reconsumeTimes === 1);
    expect(redelivered).toHaveLength(skipped);
    // everything delivered and acknowledged: no lag, no checkpoint left
    for (const q of progress.queues) expect(q.brokerOffset - q.consumerOffset).toBe(0n);
    expect(sb.popCheckpoints(SIMPLE)).toBe(0);
  });

  it("a server-side reset by timestamp reaches POP consumers at their next pop: they re-receive the range", async () => {
    const { sb, withProxy } = await boot();
    await sb.advance(20_000);
    const target = sb.now() - 8_000;
    const before = new Map((await withProxy.getConsumeProgress(PUSH)).queues.filter((q) => q.mq.topic === T).map((q) => [key(q.mq), q.consumerOffset]));
    const table = new Map<string, bigint>();
    for (const m of await withProxy.getMasterBrokers()) {
      for (const e of await withProxy.resetOffset(m, { group: PUSH, topic: T, timestamp: BigInt(target), isForce: false })) table.set(key(e.mq), e.offset);
    }
    expect(table.size).toBe(8);
    sb.clearConsumed();
    await sb.advance(10_000);
    const consumed = sb.consumed({ group: PUSH, topic: T });
    for (const [k, off] of table) {
      expect(off).toBeLessThan(before.get(k)!);
      const offsets = new Set(consumed.filter((r) => key(r) === k).map((r) => r.offset));
      for (let o = Number(off); o < Number(before.get(k)!); o++) expect(offsets.has(o), `${k} offset ${o} delivered again`).toBe(true);
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { RocketMQAdmin } from "./admin";
import { RequestTimeoutError } from "./errors";
import { MIN_TIMEOUT_MS } from "./protocol/requests/getConsumerRunningInfo/request";
import { startFakeServer, type FakeServer } from "./network/fakeServer";
import { createResponse } from "./protocol/remotingCommand";
import { ResponseCode } from "./protocol/responseCode";

const servers: FakeServer[] = [];
const admins: RocketMQAdmin[] = [];
afterEach(async () => {
  admins.splice(0).forEach((a) => a.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = await startFakeServer(() => undefined);
  await s.close();
  return s.port;
}

async function cluster(brokerA: FakeServer, brokerBPort: number) {
  // The legacy encoding a NameServer uses for 106: bare brokerId keys.
  const body = `{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"${brokerA.address}"},"brokerName":"broker-a","cluster":"DefaultCluster"},"broker-b":{"brokerAddrs":{0:"127.0.0.1:${brokerBPort}",1:"127.0.0.1:1"},"brokerName":"broker-b","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-b","broker-a"]}}`;
  const ns = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, 0, { body: Buffer.from(body) })));
  servers.push(ns);
  const admin = new RocketMQAdmin({ nameServers: [ns.address], requestTimeoutMs: 500, retry: { retries: 0 } });
  admins.push(admin);
  return admin;
}

describe("RocketMQAdmin merged calls", () => {
  it("reads the masters from cluster info in either brokerAddrs encoding", async () => {
    const a = await startFakeServer(() => undefined);
    servers.push(a);
    const admin = await cluster(a, 10921);
    expect(await admin.getMasterBrokers()).toEqual([
      { brokerName: "broker-a", address: a.address, cluster: "DefaultCluster" },
      { brokerName: "broker-b", address: "127.0.0.1:10921", cluster: "DefaultCluster" },
    ]);
  });

  it("merges consume progress and reports a dead broker beside the live one's data", async () => {
    const statsBody =
      '{"consumeTps":2.5,"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"T"}:{"brokerOffset":10,"consumerOffset":4,"lastTimestamp":1700000000000,"pullOffset":6},{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":9007199254740993,"consumerOffset":3,"lastTimestamp":0,"pullOffset":3}}}';
    const a = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, 0, { body: Buffer.from(statsBody) })));
    servers.push(a);
    const deadB = await deadPort();
    const admin = await cluster(a, deadB);
    const progress = await admin.getConsumeProgress("g");
    expect(progress.queues.map((q) => [q.mq.queueId, q.brokerOffset, q.consumerOffset, q.pullOffset])).toEqual([
      [0, 9007199254740993n, 3n, 3n],
      [1, 10n, 4n, 6n],
    ]);
    expect(progress.consumeTps).toBe(2.5);
    expect(progress.failures).toEqual([
      { brokerName: "broker-b", address: `127.0.0.1:${deadB}`, message: `broker-b 127.0.0.1:${deadB} refused the connection (nothing listens there)`, retriable: true },
    ]);
  });

  it("treats CONSUMER_NOT_ONLINE as 'no clients here', not as a failure", async () => {
    const a = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, ResponseCode.CONSUMER_NOT_ONLINE, { remark: "the consumer group[g] not online" })));
    const b = await startFakeServer((cmd, socket, s) =>
      s.send(
        socket,
        createResponse(cmd, 0, {
          body: Buffer.from(
            '{"connectionSet":[{"clientAddr":"127.0.0.1:5000","clientId":"10.0.0.1@1","language":"JAVA","version":479}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","subscriptionTable":{"T":{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1700000000000,"tagsSet":[],"topic":"T"}}}',
          ),
        }),
      ),
    );
    servers.push(a, b);
    const admin = await cluster(a, b.port);
    const clients = await admin.getGroupClients("g");
    expect(clients.online).toBe(true);
    expect(clients.failures).toEqual([]);
    expect(clients.connections).toEqual([{ clientId: "10.0.0.1@1", clientAddr: "127.0.0.1:5000", language: "JAVA", version: 479, brokers: ["broker-b"] }]);
    expect(clients.messageModel).toBe("CLUSTERING");
    expect(clients.subscriptions[0]).toMatchObject({ topic: "T", subString: "*", subVersion: 1700000000000n });
  });
});

describe("RocketMQAdmin GET_CONSUMER_RUNNING_INFO deadline", () => {
  /** Yields to real I/O (setImmediate is not faked below). */
  const tick = () => new Promise<void>((r) => setImmediate(r));

  it.each([
    { runningInfoTimeoutMs: 1_000, expected: 12_000 },
    { runningInfoTimeoutMs: undefined, expected: 12_000 },
    { runningInfoTimeoutMs: 20_000, expected: 20_000 },
  ])("runningInfoTimeoutMs $runningInfoTimeoutMs waits $expected ms, never less than 12 s", async ({ runningInfoTimeoutMs, expected }) => {
    expect(MIN_TIMEOUT_MS).toBe(12_000);
    // A broker that takes the request and never answers (as while it waits 10 s for the client).
    const broker = await startFakeServer(() => undefined);
    servers.push(broker);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const admin = new RocketMQAdmin({ nameServers: ["127.0.0.1:1"], requestTimeoutMs: 500, runningInfoTimeoutMs, retry: { retries: 0 } });
      admins.push(admin);
      let outcome: unknown;
      const call = admin.getConsumerRunningInfo({ brokerName: "broker-a", address: broker.address }, "g", "10.0.0.1@1").then(
        () => (outcome = "answered"),
        (err: unknown) => (outcome = err),
      );
      for (let i = 0; i < 2_000 && broker.received.length === 0; i++) await tick();
      expect(broker.received.map((c) => c.code)).toEqual([307]);

      await vi.advanceTimersByTimeAsync(expected - 1);
      for (let i = 0; i < 20; i++) await tick();
      expect(outcome).toBeUndefined();

      await vi.advanceTimersByTimeAsync(1);
      await call;
      expect(outcome).toBeInstanceOf(RequestTimeoutError);
      expect(outcome).toMatchObject({ timeoutMs: expected, requestCode: 307 });
    } finally {
      vi.useRealTimers();
    }
  });
});

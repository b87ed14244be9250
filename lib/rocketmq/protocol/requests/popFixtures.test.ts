/**
 * How RocketMQ 5.3.3 exposes gRPC (POP) consumers that reach it through rocketmq-proxy (cluster
 * mode): replies captured by e2e/rocketmq/capture-pop-fixtures.ts, decoded with our parsers.
 * (fixtures.test.ts also cuts each of these frames at every byte.) Facts: e2e/rocketmq/POP-FACTS.md.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isRetryTopic } from "../../admin";
import { ResponseError } from "../../errors";
import { decodeFrameBody, type RemotingCommand } from "../remotingCommand";
import { loadHexFixture } from "../testing";
import * as consumeStats from "./getConsumeStats/response";
import * as connections from "./getConsumerConnectionList/response";
import * as runningInfo from "./getConsumerRunningInfo/response";

const here = path.dirname(new URL(import.meta.url).pathname);
const T = "TidemarkPopFixture";
const broker = "broker-a 127.0.0.1:21035";
const proxy = "proxy 127.0.0.1:21050";

function load(module: string, scenario: string): RemotingCommand {
  return decodeFrameBody(loadHexFixture(path.join(here, module, "fixtures", `v5_${scenario}.hex`)).subarray(4));
}

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ResponseError);
    return (err as ResponseError).code;
  }
  throw new Error("expected a ResponseError");
}

describe("gRPC (POP) consumers through rocketmq-proxy 5.3.3", () => {
  it("the proxy's remoting port answers GET_CONSUMER_CONNECTION_LIST with its gRPC clients", () => {
    const simple = connections.parse(load("getConsumerConnectionList", "proxy_grpc_simple_consumer"), proxy);
    expect(simple).toMatchObject({ consumeType: "CONSUME_ACTIVELY", messageModel: "CLUSTERING", consumeFromWhere: "CONSUME_FROM_LAST_OFFSET" });
    expect(simple.connections).toHaveLength(1);
    // client-java ids are <host>@<pid>@<index>@<random>; language and version are the proxy's
    expect(simple.connections[0]!.clientId).toMatch(/^[^@]+@\d+@\d+@[0-9a-z]+$/);
    expect(simple.connections[0]).toMatchObject({ language: "JAVA", version: 479 });
    expect(simple.subscriptions.map((s) => s.topic)).toEqual([T]);
    const push = connections.parse(load("getConsumerConnectionList", "proxy_grpc_push_consumer"), proxy);
    expect(push).toMatchObject({ consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING" });
    expect(push.connections).toHaveLength(1);
  });

  it("the broker does not know gRPC clients: not online (206) for the group, SYSTEM_ERROR for running info", () => {
    expect(codeOf(() => connections.parse(load("getConsumerConnectionList", "grpc_group_on_broker"), broker))).toBe(206);
    expect(codeOf(() => runningInfo.parse(load("getConsumerRunningInfo", "grpc_client_via_broker"), broker))).toBe(1);
  });

  it("the proxy answers REQUEST_CODE_NOT_SUPPORTED to GET_CONSUME_STATS and GET_CONSUMER_RUNNING_INFO", () => {
    expect(codeOf(() => consumeStats.parse(load("getConsumeStats", "proxy_not_supported"), proxy))).toBe(3);
    expect(codeOf(() => runningInfo.parse(load("getConsumerRunningInfo", "proxy_not_supported"), proxy))).toBe(3);
  });

  it("the broker's consume stats of a POP group: offsets committed at pop time, the POP retry topic %RETRY%<group>_<topic>", () => {
    const stats = consumeStats.parse(load("getConsumeStats", "pop_group_with_retry"), broker);
    const business = stats.queues.filter((q) => q.mq.topic === T);
    expect(business.map((q) => q.mq.queueId)).toEqual([0, 1]);
    for (const q of business) {
      // every message popped: no lag, and pullOffset equals the committed offset (no "inflight")
      expect(q.consumerOffset).toBe(q.brokerOffset);
      expect(q.pullOffset).toBe(q.consumerOffset);
    }
    const retry = stats.queues.filter((q) => isRetryTopic(q.mq.topic));
    expect(retry.map((q) => q.mq.topic)).toEqual(["%RETRY%fx_pop_simple_TidemarkPopFixture"]);
    // one message was left unacked past its invisible time: revived into the retry topic, popped again
    expect(retry[0]!.brokerOffset).toBeGreaterThanOrEqual(1n);
    expect(retry[0]!.consumerOffset).toBe(retry[0]!.brokerOffset);
  });
});

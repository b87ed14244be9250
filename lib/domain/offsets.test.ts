import { describe, expect, it } from "vitest";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import {
  bigMax,
  bigMin,
  compareBigint,
  committedValue,
  compareQueues,
  interpretCommitted,
  nonNegative,
  queueKey,
  queueLabel,
  queueLabelWithTopic,
  type QueueRef,
} from "./offsets";

describe("queue identity", () => {
  const mq: QueueRef = { topic: "Orders", brokerName: "broker-a", queueId: 3 };

  it("builds lib/rocketmq's mqKey format (topic|broker|id) and readable labels", () => {
    const wire: MessageQueue = { topic: "Orders", brokerName: "broker-a", queueId: 3 };
    expect(queueKey(wire)).toBe("Orders|broker-a|3");
    expect(queueLabel(mq)).toBe("broker-a/3");
    expect(queueLabelWithTopic(mq)).toBe("broker-a/3 (Orders)");
  });

  it("orders by topic, broker, queue id", () => {
    const list: QueueRef[] = [
      { topic: "B", brokerName: "a", queueId: 0 },
      { topic: "A", brokerName: "b", queueId: 0 },
      { topic: "A", brokerName: "a", queueId: 10 },
      { topic: "A", brokerName: "a", queueId: 2 },
    ];
    expect([...list].sort(compareQueues).map(queueKey)).toEqual(["A|a|2", "A|a|10", "A|b|0", "B|a|0"]);
  });
});

describe("bigint helpers", () => {
  it("are exact beyond 2^53", () => {
    expect(bigMax(9007199254740993n, 9007199254740992n)).toBe(9007199254740993n);
    expect(bigMin(9007199254740993n, 9007199254740992n)).toBe(9007199254740992n);
    expect(nonNegative(-5n)).toBe(0n);
    expect(nonNegative(9007199254740993n)).toBe(9007199254740993n);
    expect(compareBigint(1n, 2n)).toBe(-1);
    expect(compareBigint(2n, 2n)).toBe(0);
    expect(compareBigint(3n, 2n)).toBe(1);
  });
});

describe("interpretCommitted", () => {
  it("reads -1 as none and positive values as offsets", () => {
    expect(interpretCommitted(-1n)).toEqual({ kind: "none" });
    expect(interpretCommitted(42n)).toEqual({ kind: "offset", offset: 42n });
    expect(interpretCommitted(9007199254740993n)).toEqual({ kind: "offset", offset: 9007199254740993n });
  });

  it("keeps the broker's 0 ambiguous unless the caller checked", () => {
    expect(interpretCommitted(0n)).toEqual({ kind: "zero-or-none" });
    expect(interpretCommitted(0n, true)).toEqual({ kind: "offset", offset: 0n });
    expect(interpretCommitted(0n, false)).toEqual({ kind: "none" });
  });

  it("trusts a positive offset over a racing 'not found'", () => {
    expect(interpretCommitted(7n, false)).toEqual({ kind: "offset", offset: 7n });
  });

  it("is unknown when not read, with the caller's reason", () => {
    expect(interpretCommitted(undefined)).toEqual({ kind: "unknown", reason: "consumer offset not read" });
    expect(interpretCommitted(undefined, undefined, "broker-b did not answer")).toEqual({ kind: "unknown", reason: "broker-b did not answer" });
  });

  it("committedValue gives the arithmetic value", () => {
    expect(committedValue({ kind: "offset", offset: 5n })).toBe(5n);
    expect(committedValue({ kind: "zero-or-none" })).toBe(0n);
    expect(committedValue({ kind: "none" })).toBeUndefined();
    expect(committedValue({ kind: "unknown", reason: "x" })).toBeUndefined();
  });
});

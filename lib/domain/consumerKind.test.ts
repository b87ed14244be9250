import { describe, expect, it } from "vitest";
import { consumerKindOf, hasPopRetryTopic, POP_INFLIGHT_REASON } from "./consumerKind";
import { computeQueueLag } from "./lag";

describe("consumer kind", () => {
  it("remoting clients: push (CONSUME_PASSIVELY) and pull / lite pull (CONSUME_ACTIVELY, with the commit note)", () => {
    expect(consumerKindOf({ group: "g", consumeType: "CONSUME_PASSIVELY" })).toEqual({ kind: "push", pop: false, note: null });
    const pull = consumerKindOf({ group: "g", consumeType: "CONSUME_ACTIVELY" });
    expect(pull).toMatchObject({ kind: "pull", pop: false });
    expect(pull.note).toMatch(/offsets move only when the application commits/);
  });

  it("clients found through a proxy are gRPC: ACTIVELY = Simple, PASSIVELY = Push; both POP", () => {
    expect(consumerKindOf({ group: "g", consumeType: "CONSUME_ACTIVELY", viaProxy: true })).toMatchObject({ kind: "grpc-simple", pop: true });
    expect(consumerKindOf({ group: "g", consumeType: "CONSUME_PASSIVELY", viaProxy: true })).toMatchObject({ kind: "grpc-push", pop: true });
    expect(consumerKindOf({ group: "g", consumeType: "CONSUME_ACTIVELY", viaProxy: true }).note).toMatch(/invisible time.*%RETRY%<group>_<topic>/);
  });

  it("a remoting push consumer whose running info has mqPopTable entries is in POP mode", () => {
    expect(consumerKindOf({ group: "g", consumeType: "CONSUME_PASSIVELY", popProcessQueues: true })).toMatchObject({ kind: "pop-push", pop: true });
  });

  it("no client online: POP retry topics still tell POP; otherwise unknown", () => {
    expect(consumerKindOf({ group: "g", topics: ["Orders", "%RETRY%g_Orders"] })).toMatchObject({ kind: "pop", pop: true });
    expect(consumerKindOf({ group: "g", topics: ["Orders", "%RETRY%g+Orders"] })).toMatchObject({ kind: "pop", pop: true });
    expect(consumerKindOf({ group: "g", topics: ["Orders", "%RETRY%g"] })).toEqual({ kind: "unknown", pop: false, note: null });
    expect(consumerKindOf({ group: "g" })).toEqual({ kind: "unknown", pop: false, note: null });
  });

  it("the plain retry topic, other groups' retry topics and business topics are no POP evidence", () => {
    expect(hasPopRetryTopic({ group: "g", topics: ["%RETRY%g", "%RETRY%other_Orders", "g_Orders"] })).toBe(false);
    expect(hasPopRetryTopic({ group: "g_x", topics: ["%RETRY%g_x"] })).toBe(false);
    expect(hasPopRetryTopic({ group: "g_x", topics: ["%RETRY%g_x_Orders"] })).toBe(true);
  });

  it("lag of a POP group: broker - committed as usual, but inflight unknown with the reason (never the 0 the broker reports)", () => {
    const input = { mq: { topic: "Orders", brokerName: "broker-a", queueId: 0 }, brokerOffset: 120n, consumerOffset: 100n, pullOffset: 100n, minOffset: 0n };
    const pop = computeQueueLag(input, { pop: true });
    expect(pop.lag).toEqual({ known: true, value: 20n });
    expect(pop.inflight).toEqual({ known: false, reason: POP_INFLIGHT_REASON });
    expect(computeQueueLag(input).inflight).toEqual({ known: true, value: 0n });
  });
});

import { describe, expect, it } from "vitest";
import {
  consumeFromWhereLabel,
  consumeTypeLabel,
  isSystemGroup,
  isSystemTopic,
  messageModelLabel,
  summarizeGroup,
  topicKind,
  type GroupSummaryInput,
} from "./groupSummary";
import { BROADCAST_REASON, type QueueOffsetsInput } from "./lag";
import { queueKey } from "./offsets";
import type { GroupStatus, StatusSample } from "./status";
import { known, notKnown } from "./value";

const NOW = 1_700_000_600_000n;
const mq = (topic: string, brokerName: string, queueId: number) => ({ topic, brokerName, queueId });

const queues: QueueOffsetsInput[] = [
  // Orders on broker-a: lag 100 (exact store time), lag 0.
  { mq: mq("Orders", "broker-a", 0), brokerOffset: 1_100n, consumerOffset: 1_000n, pullOffset: 1_040n, lastTimestamp: NOW - 600_000n, minOffset: 0n },
  { mq: mq("Orders", "broker-a", 1), brokerOffset: 500n, consumerOffset: 500n, pullOffset: 500n, lastTimestamp: NOW - 1_000n, minOffset: 0n },
  // Orders on broker-b: committed below the min offset; only the lastTimestamp estimate... none (expired).
  { mq: mq("Orders", "broker-b", 0), brokerOffset: 900n, consumerOffset: 100n, pullOffset: 100n, lastTimestamp: 0n, minOffset: 300n },
  // Retry and DLQ.
  { mq: mq("%RETRY%g", "broker-a", 0), brokerOffset: 12n, consumerOffset: 2n, pullOffset: 12n, lastTimestamp: NOW - 5_000n },
  { mq: mq("%DLQ%g", "broker-a", 0), brokerOffset: 4n, consumerOffset: 0n, lastTimestamp: 0n },
];

const base: GroupSummaryInput = {
  group: "g",
  readAtMs: NOW,
  queues,
  onlineClients: 2,
  messageModel: "CLUSTERING",
  consumeType: "CONSUME_PASSIVELY",
  storeTimes: new Map([
    [queueKey(mq("Orders", "broker-a", 0)), { atCommittedMs: NOW - 90_000n }],
    [queueKey(mq("Orders", "broker-b", 0)), { atMinOffsetMs: NOW - 30_000n }],
  ]),
};

describe("summarizeGroup", () => {
  it("builds the group-list row", () => {
    const s = summarizeGroup(base);
    expect(s.group).toBe("g");
    expect(s.isSystem).toBe(false);
    expect(s.messageModelLabel).toBe("Clustering");
    expect(s.consumeTypeLabel).toBe("push");
    expect(s.lag).toEqual({ sum: 900n, known: 3, unknown: 0, complete: true, reasons: [] });
    expect(s.retryLag.sum).toBe(10n);
    expect(s.dlqLag).toMatchObject({ sum: 4n, complete: true });
    expect(s.expired.sum).toBe(200n);
    expect(s.inflight).toEqual({ sum: 50n, known: 4, unknown: 0, complete: true, reasons: [] });
    expect(s.queueCounts).toEqual({
      total: 5,
      topics: 3,
      retry: 1,
      dlq: 1,
      withLag: 3,
      unknownLag: 0,
      noCommittedOffset: 0,
      committedBelowMin: 1,
      committedBeyondMax: 0,
    });
    expect(s.worstLagTime.lagTime).toEqual({ kind: "exact", ms: 90_000, basis: "committed-offset" });
    expect(s.worstLagTime.queue).toEqual(mq("Orders", "broker-a", 0));
    expect(s.onlineClients).toEqual(known(2));
    expect(s.complete).toBe(true);
    expect(s.gaps).toEqual([]);
    expect(s.breakdown.byTopic.map((t) => t.topic)).toEqual(["%DLQ%g", "%RETRY%g", "Orders"]);
  });

  it("without store times falls back to a marked estimate", () => {
    const s = summarizeGroup({ ...base, storeTimes: undefined });
    expect(s.worstLagTime.lagTime).toMatchObject({ kind: "estimate-upper-bound", ms: 600_000 });
    // broker-b/0 has no lastTimestamp (expired): unknown, so the row is not complete.
    expect(s.worstLagTime.unknownQueues).toBe(1);
    expect(s.complete).toBe(false);
    expect(s.gaps).toEqual(["lag in time unknown for 1 queue"]);
  });

  it("single sample: lag with consumers online cannot be judged yet; no consumer online is STOP", () => {
    const s = summarizeGroup(base);
    expect(s.status.status).toBe("UNKNOWN");
    expect(s.status.confidence).toBe("single-sample");
    // The DLQ queue is not part of the status.
    expect(s.status.queues.map((q) => q.key)).not.toContain(queueKey(mq("%DLQ%g", "broker-a", 0)));
    const stopped = summarizeGroup({ ...base, onlineClients: 0 });
    expect(stopped.status.status).toBe("STOP");
    expect(stopped.status.reason).toBe("no consumer is online while 910 messages wait in 3 queues");
  });

  it("uses a given status, or evaluates a given window", () => {
    const given: GroupStatus = {
      status: "WARN",
      confidence: "window",
      reason: "r",
      queues: [],
      samples: 10,
      windowMs: 600_000,
      partial: false,
      onlineClients: known(2),
    };
    expect(summarizeGroup({ ...base, status: given }).status).toBe(given);
    const samples: StatusSample[] = [
      { atMs: NOW - 180_000n, onlineClients: 2, queues: [{ key: "k", committed: 1n, brokerOffset: 10n }] },
      { atMs: NOW, onlineClients: 2, queues: [{ key: "k", committed: 1n, brokerOffset: 10n }] },
    ];
    expect(summarizeGroup({ ...base, samples }).status.status).toBe("STALL");
  });

  it("a broker that did not answer makes every total partial even though its queues are not listed", () => {
    const s = summarizeGroup({ ...base, missingBrokers: [{ brokerName: "broker-c", reason: "timeout after 3 s" }] });
    expect(s.lag).toEqual({ sum: 900n, known: 3, unknown: 0, complete: false, reasons: ["broker-c: timeout after 3 s"] });
    expect(s.retryLag.complete).toBe(false);
    expect(s.inflight.complete).toBe(false);
    expect(s.complete).toBe(false);
    expect(s.gaps).toEqual(["broker-c: timeout after 3 s"]);
    expect(s.status.partial).toBe(true);
    expect(s.status.reason).toMatch(/; missing broker-c: timeout after 3 s$/);
  });

  it("an unknown queue is counted as unknown, never as 0", () => {
    const s = summarizeGroup({ ...base, queues: [...queues, { mq: mq("Orders", "broker-b", 1), unavailableReason: "broker-b did not answer" }] });
    expect(s.lag).toEqual({ sum: 900n, known: 3, unknown: 1, complete: false, reasons: ["broker-b did not answer"] });
    expect(s.queueCounts.unknownLag).toBe(1);
    expect(s.gaps).toContain("broker-b did not answer");
  });

  it("broadcasting groups: lag and status unknown, with the reason", () => {
    const s = summarizeGroup({ ...base, messageModel: "BROADCASTING" });
    expect(s.messageModelLabel).toBe("Broadcasting");
    expect(s.lag).toMatchObject({ sum: 0n, known: 0, unknown: 3, complete: false, reasons: [BROADCAST_REASON] });
    expect(s.status.status).toBe("UNKNOWN");
    expect(s.status.reason).toBe(BROADCAST_REASON);
    expect(s.worstLagTime.lagTime).toEqual({ kind: "unknown", reason: BROADCAST_REASON });
  });

  it("no committed offset and beyond-max queues are counted", () => {
    const s = summarizeGroup({
      ...base,
      storeTimes: undefined,
      queues: [
        { mq: mq("Orders", "broker-a", 0), brokerOffset: 100n, consumerOffset: -1n },
        { mq: mq("Orders", "broker-a", 1), brokerOffset: 10n, consumerOffset: 50n },
      ],
    });
    expect(s.queueCounts.noCommittedOffset).toBe(1);
    expect(s.queueCounts.committedBeyondMax).toBe(1);
    expect(s.lag.unknown).toBe(1);
    expect(s.lag.sum).toBe(0n);
  });

  it("an empty group (no queues) has a complete zero lag and an UNKNOWN status", () => {
    const s = summarizeGroup({ ...base, queues: [], storeTimes: undefined, onlineClients: undefined, messageModel: undefined, consumeType: undefined });
    expect(s.lag).toEqual({ sum: 0n, known: 0, unknown: 0, complete: true, reasons: [] });
    expect(s.status.status).toBe("UNKNOWN");
    expect(s.onlineClients).toEqual(notKnown("online clients not read"));
    expect(s.messageModelLabel).toBe("unknown");
    expect(s.worstLagTime.lagTime).toEqual({ kind: "unknown", reason: "no queues" });
  });

  it("is exact with int64 offsets beyond 2^53", () => {
    const s = summarizeGroup({
      ...base,
      storeTimes: undefined,
      queues: [
        { mq: mq("Orders", "broker-a", 0), brokerOffset: 9007199254740993n, consumerOffset: 1n, minOffset: 0n },
        { mq: mq("Orders", "broker-a", 1), brokerOffset: 9007199254740993n, consumerOffset: 9007199254740992n, minOffset: 0n },
      ],
    });
    expect(s.lag.sum).toBe(9007199254740993n);
  });

  it("flags system groups", () => {
    expect(summarizeGroup({ ...base, group: "TOOLS_CONSUMER" }).isSystem).toBe(true);
    expect(summarizeGroup({ ...base, group: "CID_RMQ_SYS_TRANS" }).isSystem).toBe(true);
  });
});

describe("re-exported display helpers", () => {
  it("are available from groupSummary", () => {
    expect(messageModelLabel("CLUSTERING")).toBe("Clustering");
    expect(consumeTypeLabel("CONSUME_ACTIVELY")).toBe("pull");
    expect(consumeTypeLabel("CONSUME_POP")).toBe("pop");
    expect(consumeFromWhereLabel("CONSUME_FROM_TIMESTAMP")).toBe("timestamp");
    expect(isSystemGroup("SELF_TEST_C_GROUP")).toBe(true);
    expect(isSystemTopic("RMQ_SYS_TRACE_TOPIC")).toBe(true);
    expect(topicKind("%RETRY%g")).toBe("retry");
  });
});

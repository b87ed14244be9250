import { describe, expect, it } from "vitest";
import type { QueueConsumeStats } from "../rocketmq/protocol/requests/getConsumeStats/response";
import {
  addLagTotals,
  BROADCAST_REASON,
  breakdownLag,
  computeQueueLag,
  computeQueueLags,
  EMPTY_LAG_TOTALS,
  lagBucket,
  lagByTopic,
  NO_COMMIT_REASON,
  totalLag,
  type QueueOffsetsInput,
} from "./lag";
import { known, notKnown } from "./value";

const mq = (topic = "Orders", brokerName = "broker-a", queueId = 0) => ({ topic, brokerName, queueId });
const q = (o: Partial<QueueOffsetsInput> = {}): QueueOffsetsInput => ({ mq: mq(), ...o });

describe("computeQueueLag", () => {
  it("lag = broker - committed, inflight = pull - committed", () => {
    const r = computeQueueLag(q({ brokerOffset: 100n, consumerOffset: 40n, pullOffset: 70n, lastTimestamp: 1_700_000_000_000n }));
    expect(r.lag).toEqual(known(60n));
    expect(r.inflight).toEqual(known(30n));
    expect(r.committed).toEqual({ kind: "offset", offset: 40n });
    expect(r.kind).toBe("business");
    expect(r.flags).toEqual([]);
    // lastTimestamp > 0 proves message 39 is still stored: nothing expired.
    expect(r.expired).toEqual(known(0n));
    expect(r.reachable).toEqual(known(60n));
  });

  it("accepts a decoded GET_CONSUME_STATS row as is", () => {
    const row: QueueConsumeStats = { mq: mq(), brokerOffset: 10n, consumerOffset: 4n, pullOffset: undefined, lastTimestamp: 0n };
    const input: QueueOffsetsInput = row;
    const r = computeQueueLag(input);
    expect(r.lag).toEqual(known(6n));
    expect(r.inflight).toEqual(notKnown("the broker does not report pullOffset (before 5.1)"));
  });

  it("without min offset or lastTimestamp the expired part is unknown, the lag is not", () => {
    const r = computeQueueLag(q({ brokerOffset: 100n, consumerOffset: 40n }));
    expect(r.lag).toEqual(known(60n));
    expect(r.expired).toEqual(notKnown("min offset not read"));
    expect(r.reachable).toEqual(notKnown("min offset not read"));
  });

  it("splits an expired committed offset into expired and reachable parts", () => {
    const r = computeQueueLag(q({ brokerOffset: 400n, consumerOffset: 100n, minOffset: 150n }));
    expect(r.lag).toEqual(known(300n));
    expect(r.expired).toEqual(known(50n));
    expect(r.reachable).toEqual(known(250n));
    expect(r.flags).toEqual(["committed-below-min"]);
  });

  it("committed offset at the min offset has nothing expired", () => {
    const r = computeQueueLag(q({ brokerOffset: 400n, consumerOffset: 150n, minOffset: 150n }));
    expect(r.expired).toEqual(known(0n));
    expect(r.reachable).toEqual(known(250n));
    expect(r.flags).toEqual([]);
  });

  it("everything expired: min offset = max offset", () => {
    const r = computeQueueLag(q({ brokerOffset: 400n, consumerOffset: 100n, minOffset: 400n }));
    expect(r.lag).toEqual(known(300n));
    expect(r.expired).toEqual(known(300n));
    expect(r.reachable).toEqual(known(0n));
  });

  it("clamps an inconsistent min offset above the max offset", () => {
    const r = computeQueueLag(q({ brokerOffset: 400n, consumerOffset: 100n, minOffset: 500n }));
    expect(r.expired).toEqual(known(300n));
    expect(r.reachable).toEqual(known(0n));
  });

  it("committed beyond the max offset (topic recreated): lag 0 plus a flag", () => {
    const r = computeQueueLag(q({ brokerOffset: 10n, consumerOffset: 1000n, pullOffset: 1000n, minOffset: 0n }));
    expect(r.lag).toEqual(known(0n));
    expect(r.expired).toEqual(known(0n));
    expect(r.reachable).toEqual(known(0n));
    expect(r.inflight).toEqual(known(0n));
    expect(r.flags).toEqual(["committed-beyond-max"]);
    expect(r.beyondMaxBy).toBe(990n);
  });

  it("empty queue: broker offset 0 and the broker's 0 consumer offset", () => {
    const r = computeQueueLag(q({ brokerOffset: 0n, consumerOffset: 0n, pullOffset: 0n }));
    expect(r.lag).toEqual(known(0n));
    expect(r.expired).toEqual(known(0n));
    expect(r.inflight).toEqual(known(0n));
    expect(r.flags).toEqual(["empty-queue"]);
    expect(r.committed).toEqual({ kind: "zero-or-none" });
  });

  it("the broker's 0 on a non-empty queue computes as 0 and is flagged", () => {
    const r = computeQueueLag(q({ brokerOffset: 500n, consumerOffset: 0n, minOffset: 0n }));
    expect(r.lag).toEqual(known(500n));
    expect(r.reachable).toEqual(known(500n));
    expect(r.flags).toEqual(["zero-may-mean-none"]);
  });

  it("the broker's 0 on a queue whose old messages expired", () => {
    const r = computeQueueLag(q({ brokerOffset: 500n, consumerOffset: 0n, minOffset: 200n }));
    expect(r.lag).toEqual(known(500n));
    expect(r.expired).toEqual(known(200n));
    expect(r.reachable).toEqual(known(300n));
    expect(r.flags).toEqual(["zero-may-mean-none", "committed-below-min"]);
  });

  it("a checked 0 is a real committed offset", () => {
    const r = computeQueueLag(q({ brokerOffset: 500n, consumerOffset: 0n, hasCommittedOffset: true, minOffset: 0n }));
    expect(r.committed).toEqual({ kind: "offset", offset: 0n });
    expect(r.flags).toEqual([]);
    expect(r.lag).toEqual(known(500n));
  });

  it("no committed offset (-1, or 0 checked as not found): lag unknown, not a fake number", () => {
    for (const input of [q({ brokerOffset: 500n, consumerOffset: -1n, minOffset: 200n, pullOffset: 300n }), q({ brokerOffset: 500n, consumerOffset: 0n, hasCommittedOffset: false })]) {
      const r = computeQueueLag(input);
      expect(r.committed).toEqual({ kind: "none" });
      expect(r.lag).toEqual(notKnown(NO_COMMIT_REASON));
      expect(r.expired).toEqual(notKnown(NO_COMMIT_REASON));
      expect(r.inflight).toEqual(notKnown(NO_COMMIT_REASON));
      expect(r.flags).toEqual(["no-committed-offset"]);
    }
  });

  it("no committed offset on a queue that retains nothing: lag 0", () => {
    expect(computeQueueLag(q({ brokerOffset: 0n, consumerOffset: -1n })).lag).toEqual(known(0n));
    expect(computeQueueLag(q({ brokerOffset: 0n, consumerOffset: -1n })).flags).toEqual(["empty-queue", "no-committed-offset"]);
    expect(computeQueueLag(q({ brokerOffset: 300n, consumerOffset: -1n, minOffset: 300n })).lag).toEqual(known(0n));
  });

  it("unknown broker: everything unknown with the caller's reason, never 0", () => {
    const r = computeQueueLag(q({ unavailableReason: "broker-b did not answer" }));
    const u = notKnown("broker-b did not answer");
    expect(r.brokerOffset).toEqual(u);
    expect(r.lag).toEqual(u);
    expect(r.expired).toEqual(u);
    expect(r.reachable).toEqual(u);
    expect(r.inflight).toEqual(u);
    expect(r.committed).toEqual({ kind: "unknown", reason: "broker-b did not answer" });
  });

  it("broker offset known, consumer offset not read", () => {
    const r = computeQueueLag(q({ brokerOffset: 10n }));
    expect(r.lag).toEqual(notKnown("consumer offset not read"));
    expect(r.inflight).toEqual(notKnown("consumer offset not read"));
  });

  it("consumer offset known, broker offset not read", () => {
    const r = computeQueueLag(q({ consumerOffset: 10n, pullOffset: 12n }));
    expect(r.lag).toEqual(notKnown("broker offset not read"));
    expect(r.inflight).toEqual(known(2n));
  });

  it("rejects negative broker and pull offsets as unknown rather than clamping", () => {
    expect(computeQueueLag(q({ brokerOffset: -3n, consumerOffset: 0n })).lag).toEqual(notKnown("invalid broker offset -3"));
    expect(computeQueueLag(q({ brokerOffset: 3n, consumerOffset: 1n, pullOffset: -1n })).inflight).toEqual(notKnown("no pull recorded for this queue"));
    expect(computeQueueLag(q({ brokerOffset: 3n, consumerOffset: 1n, minOffset: -1n })).expired).toEqual(notKnown("invalid min offset -1"));
  });

  it("pull offset behind the committed offset gives inflight 0, not negative", () => {
    expect(computeQueueLag(q({ brokerOffset: 100n, consumerOffset: 50n, pullOffset: 40n })).inflight).toEqual(known(0n));
  });

  it("is exact for int64 offsets beyond 2^53", () => {
    const r = computeQueueLag(q({ brokerOffset: 9007199254740993n + 10n, consumerOffset: 9007199254740993n, pullOffset: 9007199254740995n, minOffset: 9007199254740990n }));
    expect(r.lag).toEqual(known(10n));
    expect(r.inflight).toEqual(known(2n));
    const max = computeQueueLag(q({ brokerOffset: 9223372036854775807n, consumerOffset: 1n, minOffset: 0n }));
    expect(max.lag).toEqual(known(9223372036854775806n));
  });

  it("broadcasting groups: the broker's offsets are not the group's progress", () => {
    const r = computeQueueLag(q({ brokerOffset: 100n, consumerOffset: 0n }), { messageModel: "BROADCASTING" });
    expect(r.lag).toEqual(notKnown(BROADCAST_REASON));
    expect(r.inflight).toEqual(notKnown(BROADCAST_REASON));
  });

  it("classifies retry, dlq and system topics", () => {
    expect(computeQueueLag(q({ mq: mq("%RETRY%g") })).kind).toBe("retry");
    expect(computeQueueLag(q({ mq: mq("%DLQ%g") })).kind).toBe("dlq");
    expect(computeQueueLag(q({ mq: mq("DefaultCluster") }), { systemTopics: { clusterNames: ["DefaultCluster"] } }).kind).toBe("system");
  });
});

describe("totals", () => {
  const queues = computeQueueLags([
    q({ mq: mq("Orders", "broker-a", 0), brokerOffset: 100n, consumerOffset: 40n, pullOffset: 50n, minOffset: 0n }),
    q({ mq: mq("Orders", "broker-a", 1), brokerOffset: 0n, consumerOffset: 0n, pullOffset: 0n }),
    q({ mq: mq("Orders", "broker-b", 0), unavailableReason: "broker-b did not answer" }),
    q({ mq: mq("%RETRY%g", "broker-a", 0), brokerOffset: 7n, consumerOffset: 2n, pullOffset: 7n, minOffset: 0n }),
    q({ mq: mq("%DLQ%g", "broker-a", 0), brokerOffset: 3n, consumerOffset: 0n, minOffset: 0n }),
    q({ mq: mq("Audit", "broker-a", 0), brokerOffset: 20n, consumerOffset: 5n, minOffset: 10n }),
  ]);

  it("an unknown queue makes the total partial, never smaller", () => {
    const t = totalLag(queues.filter((x) => x.mq.topic === "Orders"));
    expect(t.queues).toBe(3);
    expect(t.lag).toEqual({ sum: 60n, known: 2, unknown: 1, complete: false, reasons: ["broker-b did not answer"] });
    expect(t.inflight).toEqual({ sum: 10n, known: 2, unknown: 1, complete: false, reasons: ["broker-b did not answer"] });
    expect(t.queuesWithLag).toBe(1);
    expect(t.flagged["empty-queue"]).toBe(1);
  });

  it("groups per topic, sorted, with the topic kind", () => {
    const byTopic = lagByTopic(queues);
    expect(byTopic.map((t) => [t.topic, t.kind, t.lag.sum, t.lag.complete])).toEqual([
      ["%DLQ%g", "dlq", 3n, true],
      ["%RETRY%g", "retry", 5n, true],
      ["Audit", "business", 15n, true],
      ["Orders", "business", 60n, false],
    ]);
  });

  it("separates retry and DLQ lag from the subscribed topics", () => {
    const b = breakdownLag(queues);
    expect(b.topics.lag.sum).toBe(75n);
    expect(b.topics.lag.complete).toBe(false);
    expect(b.topics.expired).toEqual({ sum: 5n, known: 3, unknown: 1, complete: false, reasons: ["broker-b did not answer"] });
    expect(b.topics.flagged["committed-below-min"]).toBe(1);
    expect(b.retry.lag).toEqual({ sum: 5n, known: 1, unknown: 0, complete: true, reasons: [] });
    expect(b.dlq.lag.sum).toBe(3n);
    expect(b.dlq.queues).toBe(1);
    expect(lagBucket("system")).toBe("topics");
    expect(lagBucket("lmq")).toBe("topics");
  });

  it("adds totals", () => {
    const b = breakdownLag(queues);
    const sum = addLagTotals(b.topics, b.retry);
    expect(sum.queues).toBe(5);
    expect(sum.lag.sum).toBe(80n);
    expect(sum.lag.unknown).toBe(1);
    expect(sum.queuesWithLag).toBe(3);
    expect(addLagTotals(EMPTY_LAG_TOTALS, EMPTY_LAG_TOTALS)).toEqual(EMPTY_LAG_TOTALS);
    expect(totalLag([])).toEqual(EMPTY_LAG_TOTALS);
  });
});

import { describe, expect, it } from "vitest";
import type { ConsumerRunningInfo } from "../rocketmq/protocol/requests/getConsumerRunningInfo/response";
import {
  clientQueueLimits,
  DEFAULT_DIAGNOSIS_THRESHOLDS,
  diagnose,
  isOrderlyClient,
  worstSeverity,
  type ClientRunningInput,
  type DiagnosisBadge,
  type DiagnosisSnapshot,
  type ProcessQueueInput,
} from "./diagnosis";
import type { QueueOffsetsInput } from "./lag";

const NOW = 1_700_000_000_000n;
const mq = (queueId = 0, topic = "Orders", brokerName = "broker-a") => ({ topic, brokerName, queueId });

/** A healthy concurrent queue: 32 messages cached from the commit offset on, recently pulled and consumed. */
const pq = (o: Partial<ProcessQueueInput> = {}): ProcessQueueInput => ({
  mq: mq(0),
  commitOffset: 1_000n,
  cachedMsgMinOffset: 1_000n,
  cachedMsgMaxOffset: 1_031n,
  cachedMsgCount: 32,
  cachedMsgSizeInMiB: 0,
  transactionMsgCount: 0,
  locked: false,
  tryUnlockTimes: 0n,
  lastLockTimestamp: 0n,
  dropped: false,
  lastPullTimestamp: NOW - 1_000n,
  lastConsumeTimestamp: NOW - 500n,
  ...o,
});

const client = (processQueues: ProcessQueueInput[], o: Partial<ClientRunningInput> = {}): ClientRunningInput => ({
  clientId: "10.0.0.1@1234",
  processQueues,
  ...o,
});

const broker = (o: Partial<QueueOffsetsInput> = {}): QueueOffsetsInput => ({
  mq: mq(0),
  brokerOffset: 1_100n,
  consumerOffset: 1_000n,
  pullOffset: 1_032n,
  ...o,
});

const snap = (clients: ClientRunningInput[], o: Partial<DiagnosisSnapshot> = {}): DiagnosisSnapshot => ({
  takenAtMs: NOW,
  clients,
  queues: [broker()],
  messageModel: "CLUSTERING",
  ...o,
});

const kinds = (badges: DiagnosisBadge[]) => badges.map((b) => `${b.kind}:${b.severity}`);

describe("healthy snapshot", () => {
  it("produces no badge", () => {
    expect(diagnose(snap([client([pq()])]))).toEqual([]);
  });

  it("accepts lib/rocketmq's ConsumerRunningInfo plus a client id", () => {
    const info: ConsumerRunningInfo = {
      properties: { PROP_CONSUMEORDERLY: "false" },
      subscriptions: [],
      processQueues: [
        {
          ...pq(),
          transactionMsgMinOffset: 0n,
          transactionMsgMaxOffset: 0n,
          transactionMsgCount: 0,
        },
      ],
      popProcessQueues: [],
      status: [{ topic: "Orders", pullRT: 1, pullTPS: 2, consumeRT: 3, consumeOKTPS: 4, consumeFailedTPS: 0, consumeFailedMsgs: 0n }],
      jstack: undefined,
    };
    const c: ClientRunningInput = { clientId: "c1", ...info };
    expect(diagnose(snap([c]))).toEqual([]);
  });
});

describe("pinned by one slow message", () => {
  // Real Java client data: cachedMsgMin = Max = commitOffset, count 1, broker pullOffset 150 ahead.
  const pinned = pq({ commitOffset: 5_000n, cachedMsgMinOffset: 5_000n, cachedMsgMaxOffset: 5_000n, cachedMsgCount: 1 });

  it("fires on brokers before 5.1 (no pullOffset): an actively pulling client has pulled about up to the max offset", () => {
    // 4.9.x: consume stats carry no pullOffset; the concurrent listener's cache holds only the slow message.
    const v4 = broker({ brokerOffset: 5_300n, consumerOffset: 5_000n, pullOffset: undefined });
    const badges = diagnose(snap([client([pinned])], { queues: [v4] }));
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:info"]);
    expect(badges[0]!.evidence).toMatchObject({ pulledUpToEstimatedFromBrokerMaxOffset: true, consumedAfter: 299n });
    // Confirmed over two snapshots 30 s apart while the broker's max offset grows.
    const prev = snap([client([pinned])], { takenAtMs: NOW - 40_000n, queues: [broker({ brokerOffset: 5_100n, consumerOffset: 5_000n, pullOffset: undefined })] });
    expect(kinds(diagnose(snap([client([pinned])], { queues: [v4] }), prev))).toEqual(["pinned-by-slow-message:warning"]);
  });

  it("does not guess the pulled range on old brokers when the client is not pulling", () => {
    const stale = { ...pinned, lastPullTimestamp: NOW - 600_000n };
    const badges = diagnose(snap([client([stale])], { queues: [broker({ brokerOffset: 5_300n, consumerOffset: 5_000n, pullOffset: undefined })] }));
    expect(kinds(badges).filter((k) => k.startsWith("pinned"))).toEqual([]);
  });

  it("fires on one snapshot from the broker's pullOffset even when the cache holds only that message", () => {
    const badges = diagnose(snap([client([pinned])], { queues: [broker({ brokerOffset: 5_200n, consumerOffset: 5_000n, pullOffset: 5_150n })] }));
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:info"]);
    const b = badges[0];
    expect(b?.basis).toBe("one-snapshot");
    expect(b?.queue).toEqual(mq(0));
    expect(b?.clientId).toBe("10.0.0.1@1234");
    expect(b?.sentence).toBe(
      "broker-a/0 (Orders) looks pinned by one slow message at offset 5,000 on client 10.0.0.1@1234: the commit offset sits at its oldest cached message while 149 messages after it were already consumed (pulled up to offset 5,149).",
    );
    expect(b?.evidence).toMatchObject({ commitOffset: 5_000n, consumedAfter: 149n, brokerPullOffset: 5_150n, brokerOffset: 5_200n, cachedMsgCount: 1 });
  });

  it("does not fire on one snapshot when few later messages were consumed", () => {
    const badges = diagnose(snap([client([pinned])], { queues: [broker({ brokerOffset: 5_200n, consumerOffset: 5_000n, pullOffset: 5_050n })] }));
    expect(badges).toEqual([]);
  });

  it("does not fire without broker data when the cache shows nothing consumed after the minimum", () => {
    expect(diagnose(snap([client([pinned])], { queues: [] }))).toEqual([]);
  });

  it("confirms with two snapshots: commit unchanged for the interval while the queue kept being pulled", () => {
    const prev = snap([client([{ ...pinned, lastConsumeTimestamp: NOW - 120_000n }])], {
      takenAtMs: NOW - 120_000n,
      queues: [broker({ brokerOffset: 5_100n, consumerOffset: 5_000n, pullOffset: 5_010n })],
    });
    const cur = snap([client([pinned])], { queues: [broker({ brokerOffset: 5_200n, consumerOffset: 5_000n, pullOffset: 5_050n })] });
    const badges = diagnose(cur, prev);
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:warning"]);
    expect(badges[0]?.basis).toBe("two-snapshots");
    expect(badges[0]?.sentence).toBe(
      "broker-a/0 (Orders) is pinned by one slow message at offset 5,000 on client 10.0.0.1@1234: the commit offset has stayed at its oldest cached message for 2 min while 49 messages after it were pulled and consumed.",
    );
    expect(badges[0]?.evidence["pinnedForAtLeastMs"]).toBe(120_000);
  });

  it("works from the client's cache alone across two snapshots (no pullOffset, brokers before 5.1)", () => {
    const before = pq({ commitOffset: 7n, cachedMsgMinOffset: 7n, cachedMsgMaxOffset: 20n, cachedMsgCount: 3 });
    const after = pq({ commitOffset: 7n, cachedMsgMinOffset: 7n, cachedMsgMaxOffset: 60n, cachedMsgCount: 5 });
    const badges = diagnose(snap([client([after])], { queues: [] }), snap([client([before])], { takenAtMs: NOW - 60_000n, queues: [] }));
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:warning"]);
    expect(badges[0]?.evidence).toMatchObject({ consumedAfter: 49n, pulledUpTo: 60n });
  });

  it("needs the interval to be at least pinnedMinDurationMs", () => {
    const prev = snap([client([pinned])], { takenAtMs: NOW - 10_000n, queues: [broker({ pullOffset: 5_010n })] });
    const cur = snap([client([pinned])], { queues: [broker({ brokerOffset: 5_200n, pullOffset: 5_050n })] });
    expect(diagnose(cur, prev)).toEqual([]);
  });

  it("does not fire when the commit offset moved between snapshots", () => {
    const prev = snap([client([{ ...pinned, commitOffset: 4_990n, cachedMsgMinOffset: 4_990n }])], { takenAtMs: NOW - 60_000n, queues: [broker({ pullOffset: 5_010n })] });
    const cur = snap([client([pinned])], { queues: [broker({ brokerOffset: 5_200n, pullOffset: 5_050n })] });
    expect(diagnose(cur, prev)).toEqual([]);
  });

  it("is critical when the pinned span exceeds consumeConcurrentlyMaxSpan (pulling paused), with a flow-control badge", () => {
    const badges = diagnose(snap([client([pinned])], { queues: [broker({ brokerOffset: 9_000n, consumerOffset: 5_000n, pullOffset: 7_500n })] }));
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:critical"]);
    const withCache = diagnose(
      snap([client([{ ...pinned, cachedMsgMaxOffset: 7_499n, cachedMsgCount: 10 }])], {
        queues: [broker({ brokerOffset: 9_000n, consumerOffset: 5_000n, pullOffset: 7_500n })],
      }),
    );
    expect(kinds(withCache)).toEqual(["pinned-by-slow-message:critical", "flow-control:warning"]);
    expect(withCache[1]?.sentence).toMatch(/cached offsets span 2,499 \(limit 2,000\)/);
  });

  it("never fires for orderly consumers (sequential by design)", () => {
    const badges = diagnose(
      snap([client([{ ...pinned, locked: true, lastLockTimestamp: NOW - 1_000n }], { properties: { PROP_CONSUMEORDERLY: "true" } })], {
        queues: [broker({ brokerOffset: 5_200n, pullOffset: 5_150n })],
      }),
    );
    expect(badges).toEqual([]);
  });

  it("is exact with int64 offsets beyond 2^53", () => {
    const big = 9007199254740993n;
    const p = pq({ commitOffset: big, cachedMsgMinOffset: big, cachedMsgMaxOffset: big, cachedMsgCount: 1 });
    const badges = diagnose(snap([client([p])], { queues: [broker({ brokerOffset: big + 1_000n, consumerOffset: big, pullOffset: big + 101n })] }));
    expect(badges[0]?.evidence).toMatchObject({ commitOffset: big, consumedAfter: 100n, pulledUpTo: big + 100n });
    expect(badges[0]?.sentence).toMatch(/at offset 9,007,199,254,740,993 /);
  });

  it("ignores a previous snapshot taken after the current one", () => {
    const prev = snap([client([pinned])], { takenAtMs: NOW + 60_000n });
    expect(diagnose(snap([client([pinned])], { queues: [broker({ pullOffset: 5_050n })] }), prev)).toEqual([]);
  });
});

describe("consumption stuck", () => {
  it("fires when cached messages wait and none finished for consumeStaleMs; suppresses the pinned badge", () => {
    const stuck = pq({ commitOffset: 5_000n, cachedMsgMinOffset: 5_000n, cachedMsgMaxOffset: 5_000n, cachedMsgCount: 1, lastConsumeTimestamp: NOW - 300_000n });
    const badges = diagnose(snap([client([stuck])], { queues: [broker({ brokerOffset: 5_200n, pullOffset: 5_150n })] }));
    expect(kinds(badges)).toEqual(["consume-stuck:warning"]);
    expect(badges[0]?.sentence).toBe(
      "No message of broker-a/0 (Orders) has finished consuming on client 10.0.0.1@1234 for 5 min while 1 message waits in its cache (commit offset 5,000): the listener is blocked or very slow.",
    );
  });

  it("confirms with an unchanged commit offset across two snapshots", () => {
    const stuck = pq({ lastConsumeTimestamp: NOW - 300_000n });
    const badges = diagnose(snap([client([stuck])]), snap([client([stuck])], { takenAtMs: NOW - 60_000n }));
    expect(badges[0]?.basis).toBe("two-snapshots");
    expect(badges[0]?.sentence).toMatch(/commit offset 1,000, unchanged for 1 min/);
  });

  it("orderly: counts messages taken for consumption", () => {
    const badges = diagnose(
      snap([
        client([pq({ cachedMsgCount: 0, cachedMsgMinOffset: 0n, cachedMsgMaxOffset: 0n, transactionMsgCount: 1, locked: true, lastLockTimestamp: NOW - 5_000n, lastConsumeTimestamp: NOW - 600_000n })], {
          orderly: true,
        }),
      ]),
    );
    expect(kinds(badges)).toEqual(["consume-stuck:warning"]);
    expect(badges[0]?.sentence).toMatch(/has been taken for consumption on client .* for 10 min while 1 message waits/);
  });

  it("does not fire with an empty cache (idle queue)", () => {
    expect(diagnose(snap([client([pq({ cachedMsgCount: 0, lastConsumeTimestamp: NOW - 3_600_000n })])], { queues: [broker({ brokerOffset: 1_000n })] }))).toEqual([]);
  });
});

describe("flow control", () => {
  it("fires at the per-queue count threshold (1000)", () => {
    const badges = diagnose(snap([client([pq({ cachedMsgCount: 1_000, cachedMsgMaxOffset: 1_999n, cachedMsgSizeInMiB: 12 })])]));
    expect(kinds(badges)).toEqual(["flow-control:warning"]);
    expect(badges[0]?.sentence).toBe(
      "broker-a/0 (Orders) is flow-controlled on client 10.0.0.1@1234: 1,000 messages cached (limit 1,000 per queue), so the client pauses pulling until consumption frees the cache.",
    );
    expect(badges[0]?.evidence).toMatchObject({ limitCount: 1_000, limitsFrom: "default" });
  });

  it("fires at the size threshold (100 MiB)", () => {
    const badges = diagnose(snap([client([pq({ cachedMsgSizeInMiB: 100 })])]));
    expect(badges[0]?.sentence).toMatch(/100 MiB cached \(limit 100 MiB\)/);
  });

  it("uses the client's own limits when it reports them", () => {
    const c = client([pq({ cachedMsgCount: 600, cachedMsgMaxOffset: 1_599n })], { properties: { pullThresholdForQueue: "500" } });
    const badges = diagnose(snap([c]));
    expect(badges[0]?.evidence).toMatchObject({ limitCount: 500, limitsFrom: "client" });
  });

  it("derives per-queue limits from pullThresholdForTopic over the client's queues of the topic", () => {
    const c = client([pq({ mq: mq(0) }), pq({ mq: mq(1) }), pq({ mq: mq(2) }), pq({ mq: mq(3) }), pq({ mq: mq(0, "Other") })], {
      properties: { pullThresholdForTopic: "1000", pullThresholdSizeForTopic: "-1", pullThresholdForQueue: "1000" },
    });
    const limits = clientQueueLimits(c, "Orders", DEFAULT_DIAGNOSIS_THRESHOLDS);
    expect(limits).toEqual({ count: 250, sizeMiB: 100, span: 2_000, source: "client" });
    expect(clientQueueLimits(client([]), "Orders", { ...DEFAULT_DIAGNOSIS_THRESHOLDS, pullThresholdForQueue: 7 }).count).toBe(7);
    expect(clientQueueLimits(client([], { properties: { pullThresholdForQueue: "abc" } }), "Orders", DEFAULT_DIAGNOSIS_THRESHOLDS).count).toBe(1_000);
  });

  it("thresholds are configurable", () => {
    expect(diagnose(snap([client([pq()])]), undefined, { pullThresholdForQueue: 32 }).map((b) => b.kind)).toEqual(["flow-control"]);
  });
});

describe("pulling stopped", () => {
  it("warns when the queue is not pulled for 2 min while lag > 0", () => {
    const badges = diagnose(snap([client([pq({ cachedMsgCount: 0, lastPullTimestamp: NOW - 180_000n })])], { queues: [broker({ brokerOffset: 1_500n })] }));
    expect(kinds(badges)).toEqual(["pulling-stopped:warning"]);
    expect(badges[0]?.sentence).toBe("broker-a/0 (Orders) has not been pulled by client 10.0.0.1@1234 for 3 min while 500 messages wait on the broker.");
  });

  it("is only informational when nothing waits or the lag is unknown", () => {
    const idle = diagnose(snap([client([pq({ cachedMsgCount: 0, lastPullTimestamp: NOW - 180_000n })])], { queues: [broker({ brokerOffset: 1_000n })] }));
    expect(kinds(idle)).toEqual(["pulling-stopped:info"]);
    expect(idle[0]?.sentence).toMatch(/\(nothing is waiting\)\.$/);
    const unknownLag = diagnose(snap([client([pq({ cachedMsgCount: 0, lastPullTimestamp: NOW - 180_000n })])], { queues: [broker({ brokerOffset: undefined })] }));
    expect(kinds(unknownLag)).toEqual(["pulling-stopped:info"]);
  });

  it("reports a dropped queue, and warns when it stays dropped", () => {
    const dropped = pq({ dropped: true });
    expect(kinds(diagnose(snap([client([dropped])], { queues: [] })))).toEqual(["pulling-stopped:info"]);
    const twice = diagnose(snap([client([dropped])], { queues: [] }), snap([client([dropped])], { takenAtMs: NOW - 30_000n, queues: [] }));
    expect(kinds(twice)).toEqual(["pulling-stopped:warning"]);
    expect(twice[0]?.basis).toBe("two-snapshots");
  });
});

describe("orderly lock trouble", () => {
  const orderly = { properties: { PROP_CONSUMEORDERLY: "true" } };

  it("lock lost: locked=false on an orderly client", () => {
    const badges = diagnose(snap([client([pq({ locked: false, lastLockTimestamp: NOW - 45_000n })], orderly)]));
    expect(kinds(badges)).toEqual(["lock-lost:warning"]);
    expect(badges[0]?.sentence).toBe(
      "Client 10.0.0.1@1234 holds no broker lock on broker-a/0 (Orders), so its orderly listener will not consume it (last locked 45 s ago) while 100 messages wait.",
    );
  });

  it("lock expired: locked but not renewed within 30 s", () => {
    const badges = diagnose(snap([client([pq({ locked: true, lastLockTimestamp: NOW - 90_000n })], orderly)]));
    expect(kinds(badges)).toEqual(["lock-lost:warning"]);
    expect(badges[0]?.sentence).toMatch(/last renewed 1 min 30 s ago \(locks live 30 s\)/);
  });

  it("tryUnlockTimes growing between snapshots is lock trouble", () => {
    const prev = snap([client([pq({ locked: true, lastLockTimestamp: NOW - 5_000n, tryUnlockTimes: 2n })], orderly)], { takenAtMs: NOW - 60_000n });
    const cur = snap([client([pq({ locked: true, lastLockTimestamp: NOW - 5_000n, tryUnlockTimes: 5n })], orderly)]);
    const badges = diagnose(cur, prev);
    expect(kinds(badges)).toEqual(["lock-trouble:warning"]);
    expect(badges[0]?.sentence).toBe(
      "Client 10.0.0.1@1234 failed to release its lock on broker-a/0 (Orders) 3 more times in 1 min (5 in all): the queue is being rebalanced away while a message is still being consumed.",
    );
    expect(kinds(diagnose(cur))).toEqual(["lock-trouble:info"]);
  });

  it("never for concurrent consumers (which do not lock) or broadcasting groups", () => {
    expect(diagnose(snap([client([pq({ locked: false })])]))).toEqual([]);
    expect(diagnose(snap([client([pq({ locked: false })], orderly)], { messageModel: "BROADCASTING", queues: [] }))).toEqual([]);
  });

  it("orderly detection: explicit flag, client property, then group", () => {
    expect(isOrderlyClient(client([], { orderly: false, properties: { PROP_CONSUMEORDERLY: "true" } }))).toBe(false);
    expect(isOrderlyClient(client([], { properties: { PROP_CONSUMEORDERLY: " TRUE " } }))).toBe(true);
    expect(isOrderlyClient(client([]), true)).toBe(true);
    expect(isOrderlyClient(client([]))).toBeUndefined();
  });
});

describe("consume failures", () => {
  const status = (consumeFailedTPS: number, consumeFailedMsgs: bigint) => [{ topic: "Orders", consumeFailedTPS, consumeFailedMsgs }];

  it("warns on a failure rate", () => {
    const badges = diagnose(snap([client([pq()], { status: status(2.5, 120n) })]));
    expect(kinds(badges)).toEqual(["consume-failures:warning"]);
    expect(badges[0]?.topic).toBe("Orders");
    expect(badges[0]?.queue).toBeUndefined();
    expect(badges[0]?.sentence).toBe(
      "Client 10.0.0.1@1234 is failing 2.5 messages/s of Orders (120 messages failed in the last hour); failed messages go back for retry and are redelivered later.",
    );
  });

  it("informs on failures in the last hour, warns when they grew between snapshots", () => {
    expect(kinds(diagnose(snap([client([pq()], { status: status(0, 3n) })])))).toEqual(["consume-failures:info"]);
    const grew = diagnose(snap([client([pq()], { status: status(0, 10n) })]), snap([client([pq()], { status: status(0, 3n) })], { takenAtMs: NOW - 60_000n }));
    expect(kinds(grew)).toEqual(["consume-failures:warning"]);
    expect(grew[0]?.sentence).toBe("Client 10.0.0.1@1234 failed 7 more messages of Orders in the last 1 min (10 in the last hour).");
    expect(diagnose(snap([client([pq()], { status: status(0, 0n) })]))).toEqual([]);
  });
});

describe("no client owns a queue", () => {
  const q1 = broker({ mq: mq(1), brokerOffset: 600n, consumerOffset: 100n, pullOffset: 100n });

  it("warns for a lagging queue that no client's mqTable lists (clustering)", () => {
    const badges = diagnose(snap([client([pq()])], { queues: [broker(), q1] }));
    expect(kinds(badges)).toEqual(["unowned-queue:warning"]);
    expect(badges[0]?.queue).toEqual(mq(1));
    expect(badges[0]?.sentence).toBe(
      "broker-a/1 (Orders) has 500 messages waiting but none of the 1 online clients owns it, so nobody consumes it (a client subscribed differently, or a rebalance is stuck).",
    );
  });

  it("a dropped process queue does not count as owning", () => {
    const badges = diagnose(snap([client([pq(), pq({ mq: mq(1), dropped: true })])], { queues: [broker(), q1] }));
    expect(kinds(badges)).toEqual(["unowned-queue:warning", "pulling-stopped:info"]);
  });

  it("softens to info when a client did not answer, and lists it", () => {
    const badges = diagnose(snap([client([pq()])], { queues: [broker(), q1], unreachableClients: [{ clientId: "c2", reason: "timeout after 12 s" }] }));
    expect(kinds(badges)).toEqual(["unowned-queue:info", "client-unreachable:info"]);
    expect(badges[0]?.sentence).toMatch(/c2 did not answer and may\.$/);
    expect(badges[1]?.sentence).toBe("Client c2 did not return its running info (timeout after 12 s); its queues are not diagnosed.");
  });

  it("stays silent for broadcasting, POP, no clients, DLQ queues and queues without lag", () => {
    expect(diagnose(snap([client([pq()])], { queues: [broker(), q1], messageModel: "BROADCASTING" }))).toEqual([]);
    expect(diagnose(snap([client([pq()])], { queues: [broker(), q1], consumeType: "CONSUME_POP" }))).toEqual([]);
    expect(diagnose(snap([client([pq()], { popProcessQueues: [{ mq: mq(1) }] })], { queues: [broker(), q1] }))).toEqual([]);
    expect(diagnose(snap([], { queues: [q1] }))).toEqual([]);
    expect(diagnose(snap([client([pq()])], { queues: [broker(), { ...q1, mq: mq(0, "%DLQ%g") }] }))).toEqual([]);
    expect(diagnose(snap([client([pq()])], { queues: [broker(), { ...q1, brokerOffset: 100n }] }))).toEqual([]);
    expect(diagnose(snap([client([pq()])], { queues: [broker(), { ...q1, unavailableReason: "broker-b did not answer", brokerOffset: undefined }] }))).toEqual([]);
  });
});

describe("ordering", () => {
  it("sorts critical first, then by queue, and reports the worst severity", () => {
    const pinned = pq({ mq: mq(2), commitOffset: 5_000n, cachedMsgMinOffset: 5_000n, cachedMsgMaxOffset: 5_000n, cachedMsgCount: 1 });
    const badges = diagnose(
      snap([client([pq({ cachedMsgCount: 1_000, cachedMsgMaxOffset: 1_999n }), pinned], { status: [{ topic: "Orders", consumeFailedTPS: 0, consumeFailedMsgs: 1n }] })], {
        queues: [broker(), broker({ mq: mq(2), brokerOffset: 9_000n, consumerOffset: 5_000n, pullOffset: 7_500n })],
      }),
    );
    expect(kinds(badges)).toEqual(["pinned-by-slow-message:critical", "flow-control:warning", "consume-failures:info"]);
    expect(worstSeverity(badges)).toBe("critical");
    expect(worstSeverity([])).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  compareStatus,
  evaluateGroupStatus,
  evaluateQueueStatus,
  statusSampleFromQueues,
  type StatusSample,
} from "./status";
import { known, notKnown } from "./value";

const T0 = 1_700_000_000_000n;
const S = 1_000n;

/** One queue "q" sampled at the given seconds with [committed, broker] offsets. */
function series(points: readonly (readonly [number, bigint | undefined, bigint | undefined])[], online: number | undefined = 2): StatusSample[] {
  return points.map(([sec, committed, brokerOffset]) => ({
    atMs: T0 + BigInt(sec) * S,
    onlineClients: online,
    queues: [{ key: "q", label: "broker-a/0 (Orders)", committed, brokerOffset }],
  }));
}

describe("evaluateGroupStatus: single sample and no data", () => {
  it("no samples: UNKNOWN, no-data", () => {
    const s = evaluateGroupStatus([]);
    expect(s.status).toBe("UNKNOWN");
    expect(s.confidence).toBe("no-data");
    expect(s.onlineClients).toEqual(notKnown("not sampled"));
  });

  it("one sample, no lag: OK with single-sample confidence", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 100n]]));
    expect(s.status).toBe("OK");
    expect(s.confidence).toBe("single-sample");
    expect(s.queues[0]?.reason).toBe("caught up, no lag");
  });

  it("one sample with lag and consumers online: progress is not decidable, says so", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 5100n]]));
    expect(s.status).toBe("UNKNOWN");
    expect(s.confidence).toBe("single-sample");
    expect(s.partial).toBe(true);
    expect(s.reason).toBe("broker-a/0 (Orders): lag 5,000; a second sample is needed to tell whether the group is making progress");
  });

  it("one sample with lag and no consumer online: STOP", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 5100n]], 0));
    expect(s.status).toBe("STOP");
    expect(s.reason).toBe("no consumer is online while 5,000 messages wait in 1 queue");
    expect(s.onlineClients).toEqual(known(0));
  });

  it("no consumer online and nothing waiting: OK", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 100n]], 0));
    expect(s.status).toBe("OK");
    expect(s.reason).toBe("no consumer is online, and nothing is waiting");
  });

  it("unknown online count never yields STOP", () => {
    expect(evaluateGroupStatus(series([[0, 100n, 5100n]], undefined)).status).toBe("UNKNOWN");
  });

  it("a queue without readable offsets is UNKNOWN and makes the group partial, not OK-by-omission", () => {
    const s = evaluateGroupStatus([
      {
        atMs: T0,
        onlineClients: 1,
        queues: [
          { key: "a", committed: 10n, brokerOffset: 10n },
          { key: "b", committed: undefined, brokerOffset: 10n },
        ],
      },
    ]);
    expect(s.status).toBe("OK");
    expect(s.partial).toBe(true);
    expect(s.reason).toBe("all 1 readable queues OK, no lag; 1 queue unreadable");
    expect(s.queues[1]).toMatchObject({ key: "b", status: "UNKNOWN", lag: notKnown("offsets not read") });
  });

  it("all queues unreadable and nobody online: STOP cannot be claimed", () => {
    const s = evaluateGroupStatus(series([[0, undefined, undefined]], 0));
    expect(s.status).toBe("UNKNOWN");
  });

  it("a sample without queues: UNKNOWN", () => {
    expect(evaluateGroupStatus([{ atMs: T0, onlineClients: 1, queues: [] }]).status).toBe("UNKNOWN");
  });
});

describe("Burrow false alarms fixed", () => {
  it("a queue with zero lag and no traffic is OK, not STALL, however long it sits", () => {
    const s = evaluateGroupStatus(series([[0, 500n, 500n], [600, 500n, 500n], [1200, 500n, 500n], [3600, 500n, 500n]]));
    expect(s.status).toBe("OK");
    expect(s.confidence).toBe("window");
  });

  it("a consumer that commits every 5 s is not STALL within a commit interval", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 200n], [1, 100n, 210n], [2, 100n, 220n], [4, 100n, 240n]]));
    expect(s.status).not.toBe("STALL");
    // Even with a too-small stallAfterMs, two commit intervals are the floor.
    expect(evaluateGroupStatus(series([[0, 100n, 200n], [4, 100n, 240n]]), { stallAfterMs: 1_000 }).status).not.toBe("STALL");
    expect(evaluateGroupStatus(series([[0, 100n, 200n], [12, 100n, 240n]]), { stallAfterMs: 1_000 }).status).toBe("STALL");
  });

  it("a consumer keeping pace with a saw-toothed lag (5 s commits) is OK, not WARN", () => {
    // 1,000 msg/s produced and consumed; the committed offset jumps every 5 s. First sample just after a
    // commit (lag 100), last just before one (lag 4,900).
    const pts: [number, bigint, bigint][] = [];
    for (let i = 0; i <= 10; i++) {
      const t = i * 30;
      const phase = i === 10 ? 4.9 : 0.1;
      const broker = BigInt(Math.round((t + phase) * 1000));
      const committed = BigInt(t * 1000);
      pts.push([t, committed, broker]);
    }
    const s = evaluateGroupStatus(series(pts));
    expect(s.status).toBe("OK");
    expect(s.queues[0]?.reason).toMatch(/^keeping pace/);
  });

  it("a burst that is being drained is not WARN", () => {
    const s = evaluateGroupStatus(
      series([
        [0, 0n, 0n],
        [60, 1_000n, 50_000n],
        [120, 20_000n, 52_000n],
        [180, 40_000n, 54_000n],
      ]),
    );
    expect(s.status).toBe("OK");
    expect(s.queues[0]?.reason).toBe("draining: lag 14,000, down from a peak of 49,000 in the last 3 min");
  });

  it("a recently caught-up queue is not STALL even though its committed offset sat still", () => {
    // Caught up at 500 for 3 minutes, then 50 messages arrived 10 s ago.
    const s = evaluateGroupStatus(series([[0, 500n, 500n], [60, 500n, 500n], [120, 500n, 500n], [170, 500n, 500n], [180, 500n, 550n]]));
    expect(s.status).toBe("OK");
  });
});

describe("STALL, REWIND, WARN", () => {
  it("STALL: committed offset not moving for longer than stallAfterMs while lag > 0", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 5_000n], [60, 100n, 5_500n], [120, 100n, 6_000n], [180, 100n, 6_000n]]));
    expect(s.status).toBe("STALL");
    expect(s.reason).toBe("broker-a/0 (Orders): committed offset has stayed at 100 for at least 3 min while 5,900 messages wait");
  });

  it("STALL after progress gives the exact time since the last move", () => {
    const s = evaluateGroupStatus(series([[0, 50n, 5_000n], [30, 100n, 5_000n], [90, 100n, 5_000n], [120, 100n, 5_000n]]));
    expect(s.status).toBe("STALL");
    expect(s.queues[0]?.reason).toBe("committed offset has stayed at 100 for 1 min 30 s while 4,900 messages wait");
  });

  it("REWIND: the committed offset moved backwards and has not climbed back", () => {
    const s = evaluateGroupStatus(series([[0, 1_000n, 2_000n], [30, 500n, 2_000n], [60, 600n, 2_000n], [90, 700n, 2_000n]]));
    expect(s.status).toBe("REWIND");
    expect(s.queues[0]?.reason).toBe(
      "committed offset moved back from 1,000 to 500 (500 messages to consume again) 1 min before the last sample; lag is 1,300",
    );
  });

  it("a negative delta of one message is a REWIND too", () => {
    expect(evaluateGroupStatus(series([[0, 1_000n, 2_000n], [30, 999n, 2_000n], [60, 999n, 2_001n]])).status).toBe("REWIND");
  });

  it("a rewind that has been consumed through again is no longer REWIND", () => {
    const s = evaluateGroupStatus(series([[0, 1_000n, 2_000n], [30, 500n, 2_000n], [60, 1_200n, 2_000n], [90, 1_900n, 2_000n]]));
    expect(s.status).toBe("OK");
  });

  it("WARN: lag grows because consumption is slower than production", () => {
    // Produce 1,000/s, consume 500/s, sampled every 30 s for 5 minutes.
    const pts: [number, bigint, bigint][] = [];
    for (let i = 0; i <= 10; i++) pts.push([i * 30, BigInt(i * 30 * 500), BigInt(i * 30 * 1000)]);
    const s = evaluateGroupStatus(series(pts));
    expect(s.status).toBe("WARN");
    expect(s.queues[0]?.reason).toBe("lag grew from 0 to 150,000 over 5 min: 150,000 consumed while 300,000 were produced (50% of the produce rate)");
  });

  it("WARN needs a long enough window and enough samples", () => {
    const pts: [number, bigint, bigint][] = [];
    for (let i = 0; i <= 3; i++) pts.push([i * 30, BigInt(i * 30 * 500), BigInt(i * 30 * 1000)]);
    expect(evaluateGroupStatus(series(pts)).status).toBe("OK");
    expect(evaluateGroupStatus(series(pts), { warnMinWindowMs: 60_000 }).status).toBe("WARN");
    expect(evaluateGroupStatus(series(pts), { warnMinWindowMs: 60_000, warnMinSamples: 5 }).status).toBe("OK");
  });

  it("small growth below the absolute tolerance is not WARN", () => {
    expect(evaluateGroupStatus(series([[0, 0n, 10n], [60, 10n, 60n], [120, 20n, 110n], [180, 30n, 130n]])).status).toBe("OK");
  });

  it("draining is OK and says so", () => {
    const s = evaluateGroupStatus(series([[0, 0n, 10_000n], [60, 5_000n, 11_000n], [120, 10_000n, 12_000n]]));
    expect(s.status).toBe("OK");
    expect(s.queues[0]?.reason).toBe("draining: lag 2,000, down from 10,000 over 2 min");
  });

  it("allowedLag treats a small backlog as OK", () => {
    expect(evaluateGroupStatus(series([[0, 100n, 150n], [600, 100n, 150n]]), { allowedLag: 100n }).status).toBe("OK");
    expect(evaluateGroupStatus(series([[0, 100n, 150n], [600, 100n, 150n]])).status).toBe("STALL");
  });

  it("is exact with int64 offsets beyond 2^53", () => {
    const base = 9007199254740993n;
    const s = evaluateGroupStatus(series([[0, base, base + 1n], [120, base, base + 1n]]));
    expect(s.status).toBe("STALL");
    expect(s.queues[0]?.lag).toEqual(known(1n));
  });

  it("accepts samples in any order", () => {
    const ordered = series([[0, 100n, 5_000n], [60, 100n, 5_500n], [180, 100n, 6_000n]]);
    expect(evaluateGroupStatus([...ordered].reverse()).status).toBe("STALL");
  });
});

describe("discontinuities", () => {
  it("a broker offset that went backwards (topic recreated) cuts the window", () => {
    const s = evaluateGroupStatus(series([[0, 5_000n, 9_000n], [60, 5_000n, 9_000n], [120, 0n, 10n], [180, 10n, 10n]]));
    expect(s.status).toBe("OK");
    expect(s.queues[0]?.reason).toMatch(/the broker offset went backwards/);
    expect(s.queues[0]?.samples).toBe(2);
  });

  it("committed beyond the max offset is caught up", () => {
    const s = evaluateGroupStatus(series([[0, 5_000n, 10n]]));
    expect(s.status).toBe("OK");
    expect(s.queues[0]?.reason).toBe("caught up (committed offset 5,000 is beyond the max offset 10)");
  });

  it("samples where a queue is unreadable are skipped, not read as 0", () => {
    const s = evaluateGroupStatus(series([[0, 100n, 5_000n], [60, undefined, undefined], [120, 100n, 5_000n]]));
    expect(s.status).toBe("STALL");
    expect(s.queues[0]?.samples).toBe(2);
  });

  it("negative committed offsets (none) are not progress points", () => {
    const s = evaluateGroupStatus(series([[0, -1n, 5_000n], [120, -1n, 5_000n]]));
    expect(s.status).toBe("UNKNOWN");
  });
});

describe("group aggregation", () => {
  it("the worst queue wins, STALL over REWIND over WARN over OK", () => {
    const samples: StatusSample[] = [0, 60, 120, 180].map((sec, i) => ({
      atMs: T0 + BigInt(sec) * S,
      onlineClients: 2,
      queues: [
        { key: "ok", committed: BigInt(i * 100), brokerOffset: BigInt(i * 100) },
        { key: "rewound", label: "broker-a/1 (Orders)", committed: i === 0 ? 1_000n : 500n + BigInt(i), brokerOffset: 2_000n },
        { key: "stalled", label: "broker-b/0 (Orders)", committed: 10n, brokerOffset: 900n },
      ],
    }));
    const s = evaluateGroupStatus(samples);
    expect(s.status).toBe("STALL");
    expect(s.queues.map((q) => q.status)).toEqual(["OK", "REWIND", "STALL"]);
    expect(s.reason).toBe("broker-b/0 (Orders): committed offset has stayed at 10 for at least 3 min while 890 messages wait");
    expect(s.windowMs).toBe(180_000);
  });

  it("mentions how many more queues share the worst status", () => {
    const samples: StatusSample[] = [0, 120].map((sec) => ({
      atMs: T0 + BigInt(sec) * S,
      onlineClients: 1,
      queues: [
        { key: "a", committed: 1n, brokerOffset: 5n },
        { key: "b", committed: 1n, brokerOffset: 5n },
      ],
    }));
    expect(evaluateGroupStatus(samples).reason).toMatch(/\(and 1 more queue\)$/);
  });

  it("OK queues plus an undecidable lagging queue make the group UNKNOWN, not OK", () => {
    const s = evaluateGroupStatus([
      {
        atMs: T0,
        onlineClients: 1,
        queues: [
          { key: "a", committed: 5n, brokerOffset: 5n },
          { key: "b", label: "broker-a/1 (Orders)", committed: 1n, brokerOffset: 50n },
        ],
      },
    ]);
    expect(s.status).toBe("UNKNOWN");
    expect(s.reason).toMatch(/^broker-a\/1 \(Orders\): lag 49;/);
  });

  it("STOP reports how many queues and messages wait", () => {
    const s = evaluateGroupStatus([
      {
        atMs: T0,
        onlineClients: 0,
        queues: [
          { key: "a", committed: 0n, brokerOffset: 1_000n },
          { key: "b", committed: 0n, brokerOffset: 234n },
          { key: "c" },
        ],
      },
    ]);
    expect(s.status).toBe("STOP");
    expect(s.partial).toBe(true);
    expect(s.reason).toBe("no consumer is online while 1,234 messages wait in 2 queues (at least); 1 queue unreadable");
  });

  it("compareStatus ranks severities", () => {
    expect(compareStatus("STOP", "STALL")).toBeGreaterThan(0);
    expect(compareStatus("REWIND", "WARN")).toBeGreaterThan(0);
    expect(compareStatus("UNKNOWN", "OK")).toBeLessThan(0);
  });

  it("evaluateQueueStatus alone handles an empty point list", () => {
    expect(evaluateQueueStatus("k", "label", []).status).toBe("UNKNOWN");
  });
});

describe("statusSampleFromQueues", () => {
  it("maps consume stats into a sample, treating 'none' on an empty queue as caught up", () => {
    const mq = (queueId: number) => ({ topic: "Orders", brokerName: "broker-a", queueId });
    const s = statusSampleFromQueues(
      T0,
      [
        { mq: mq(0), brokerOffset: 10n, consumerOffset: 4n },
        { mq: mq(1), brokerOffset: 0n, consumerOffset: -1n },
        { mq: mq(2), brokerOffset: 10n, consumerOffset: -1n },
        { mq: mq(3), brokerOffset: 10n, consumerOffset: 0n },
        { mq: mq(4), unavailableReason: "broker-b did not answer" },
        { mq: mq(5), brokerOffset: 30n, consumerOffset: -1n, minOffset: 30n },
      ],
      3,
    );
    expect(s.onlineClients).toBe(3);
    expect(s.queues.map((q) => [q.key, q.committed, q.brokerOffset])).toEqual([
      ["Orders|broker-a|0", 4n, 10n],
      ["Orders|broker-a|1", 0n, 0n],
      ["Orders|broker-a|2", undefined, 10n],
      ["Orders|broker-a|3", 0n, 10n],
      ["Orders|broker-a|4", undefined, undefined],
      ["Orders|broker-a|5", 30n, 30n],
    ]);
    expect(s.queues[0]?.label).toBe("broker-a/0 (Orders)");
  });
});

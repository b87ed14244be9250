import { describe, expect, it } from "vitest";
import {
  detectDrift,
  legacyPushCarries,
  legacyTimestampOf,
  planRewind,
  RewindPlanError,
  rewindOutcome,
  verifyQueue,
  type RewindBrokerInput,
  type RewindContext,
  type RewindMode,
  type RewindQueueInput,
  type RewindScope,
  type VerifyRead,
} from "./rewind";

const NOW = 1_800_000_000_000;
const q = (topic: string, brokerName: string, queueId: number, o: Partial<RewindQueueInput> = {}): RewindQueueInput => ({
  queue: { topic, brokerName, queueId },
  committed: 500n,
  minOffset: 100n,
  maxOffset: 1000n,
  ...o,
});
const broker = (brokerName: string, o: Partial<RewindBrokerInput> = {}): RewindBrokerInput => ({ brokerName, address: `127.0.0.1:${brokerName === "broker-a" ? 10911 : 10921}`, version: "V5_3_3", path: "server-side", clientsOnline: 1, ...o });
const available = [q("A", "broker-a", 0), q("A", "broker-a", 1, { committed: 900n }), q("A", "broker-b", 0, { committed: null }), q("B", "broker-a", 0, { committed: 1000n })];
const ctx = { nowMs: NOW, messageModel: "CLUSTERING", consumeType: "CONSUME_PASSIVELY", brokers: [broker("broker-a"), broker("broker-b")] };
const plan = (mode: RewindMode, scope: RewindScope = { topics: ["A"] }, over: Partial<RewindContext> = {}, avail = available) => planRewind({ available: avail, scope, mode, context: { ...ctx, ...over } });
const targets = (p: ReturnType<typeof plan>) => p.queues.map((x) => `${x.queue.topic}/${x.queue.brokerName}/${x.queue.queueId}=${x.target}`);

describe("planRewind: modes", () => {
  it("earliest goes to each queue's min offset and counts re-consumed messages", () => {
    const p = plan({ kind: "earliest" });
    expect(targets(p)).toEqual(["A/broker-a/0=100", "A/broker-a/1=100", "A/broker-b/0=100"]);
    expect(p.queues.map((x) => x.reconsume)).toEqual([400n, 800n, null]);
    expect(p.totals).toMatchObject({ queues: 3, changed: 3, reconsume: 1200n, skip: 0n, withoutOffset: 1 });
  });

  it("latest skips the backlog", () => {
    const p = plan({ kind: "latest" });
    expect(targets(p)).toEqual(["A/broker-a/0=1000", "A/broker-a/1=1000", "A/broker-b/0=1000"]);
    expect(p.totals.skip).toBe(600n);
    expect(p.totals.reconsume).toBe(0n);
  });

  it("timestamp uses the offset found by time and flags a timestamp older than retention", () => {
    const avail = [q("A", "broker-a", 0, { byTime: 300n }), q("A", "broker-a", 1, { byTime: 100n, earliestStoreMs: NOW - 60_000 })];
    const p = plan({ kind: "timestamp", timestampMs: NOW - 3_600_000 }, { topics: ["A"] }, {}, avail);
    expect(targets(p)).toEqual(["A/broker-a/0=300", "A/broker-a/1=100"]);
    expect(p.queues[1]!.notes).toContain("before-retention");
    expect(p.warnings.map((w) => w.code)).toContain("before-retention");
  });

  it("a timestamp in the future warns that it skips the backlog", () => {
    const avail = [q("A", "broker-a", 0, { byTime: 1000n })];
    const p = plan({ kind: "timestamp", timestampMs: NOW + 120_000 }, { topics: ["A"] }, {}, avail);
    expect(p.warnings.find((w) => w.code === "timestamp-future")?.message).toMatch(/120 s in the future/);
  });

  it("timestamp without a read offset by time is a programming error, not a silent 0", () => {
    expect(() => plan({ kind: "timestamp", timestampMs: NOW })).toThrow(RewindPlanError);
    expect(() => plan({ kind: "timestamp", timestampMs: Number.NaN })).toThrow(/not a valid date/);
  });

  it("shift moves by N from the committed offset and clamps beyond the bounds", () => {
    const back = plan({ kind: "shift", by: -450n });
    expect(targets(back)).toEqual(["A/broker-a/0=100", "A/broker-a/1=450", "A/broker-b/0=100"]);
    expect(back.queues[0]!.notes).toContain("clamped-to-min");
    expect(back.queues[0]!.requested).toBe(50n);
    expect(back.queues[2]!.notes).toEqual(["no-committed-offset", "unchanged"]);
    const fwd = plan({ kind: "shift", by: 200n });
    expect(targets(fwd)).toEqual(["A/broker-a/0=700", "A/broker-a/1=1000", "A/broker-b/0=100"]);
    expect(fwd.queues[1]!.notes).toContain("clamped-to-max");
    expect(fwd.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["clamped-to-max", "no-committed-offset"]));
    expect(fwd.totals.skip).toBe(300n);
  });

  it("exact offsets: scope is the listed queues; out of range is refused, or clamped for undo", () => {
    const mode: RewindMode = { kind: "offsets", offsets: [{ queue: { topic: "A", brokerName: "broker-a", queueId: 1 }, offset: 250n }] };
    const p = plan(mode, { topics: [] });
    expect(targets(p)).toEqual(["A/broker-a/1=250"]);
    expect(p.totals.reconsume).toBe(650n);
    const far: RewindMode = { kind: "offsets", offsets: [{ queue: { topic: "A", brokerName: "broker-a", queueId: 1 }, offset: 5000n }] };
    expect(() => plan(far, { topics: [] })).toThrow(/outside the retained range \[100, 1,000\]/);
    const low = plan({ kind: "offsets", clamp: true, offsets: [{ queue: { topic: "A", brokerName: "broker-a", queueId: 1 }, offset: 5n }] }, { topics: [] });
    expect(targets(low)).toEqual(["A/broker-a/1=100"]);
    expect(low.queues[0]!.notes).toContain("clamped-to-min");
    expect(() => plan({ kind: "offsets", offsets: [] }, { topics: [] })).toThrow(/at least one queue/);
  });
});

describe("planRewind: scope", () => {
  it("several topics, with totals per topic", () => {
    const p = plan({ kind: "earliest" }, { topics: ["A", "B"] });
    expect(p.byTopic.map((t) => [t.topic, t.totals.reconsume])).toEqual([
      ["A", 1200n],
      ["B", 900n],
    ]);
    expect(p.totals.reconsume).toBe(2100n);
  });

  it("selected queues only", () => {
    const p = plan({ kind: "earliest" }, { topics: ["A"], queues: [{ topic: "A", brokerName: "broker-a", queueId: 1 }] });
    expect(targets(p)).toEqual(["A/broker-a/1=100"]);
    expect(p.brokers.map((b) => b.brokerName)).toEqual(["broker-a"]);
  });

  it("unknown topics and queues are refused by name", () => {
    expect(() => plan({ kind: "earliest" }, { topics: ["Nope"] })).toThrow(/topic Nope has no queues this group consumes \(known: A, B\)/);
    expect(() => plan({ kind: "earliest" }, { topics: ["A"], queues: [{ topic: "A", brokerName: "broker-a", queueId: 9 }] })).toThrow(/broker-a\/9 \(A\) is not a queue/);
    expect(() => plan({ kind: "earliest" }, { topics: ["A"], queues: [{ topic: "B", brokerName: "broker-a", queueId: 0 }] })).toThrow(RewindPlanError);
    expect(() => plan({ kind: "earliest" }, { topics: [] })).toThrow(/at least one topic/);
  });

  it("nothing to change blocks apply", () => {
    const p = plan({ kind: "latest" }, { topics: ["B"] });
    expect(p.totals.changed).toBe(0);
    expect(p.blocked).toBe(true);
    expect(p.warnings.filter((w) => w.blocking).map((w) => w.code)).toEqual(["nothing-to-do"]);
  });
});

describe("planRewind: broker paths and warnings", () => {
  it("server-side brokers write exact offsets per queue", () => {
    const p = plan({ kind: "earliest" });
    expect(p.brokers.map((b) => b.method)).toEqual(["server-side", "server-side"]);
    expect(p.warnings.map((w) => w.code)).toContain("server-side-online");
    expect(p.blocked).toBe(false);
  });

  it("legacy brokers with clients online: the push for whole topics by time, per-queue writes (overwritten) otherwise", () => {
    const legacy = { brokers: [broker("broker-a", { path: "legacy", version: "V4_9_7" }), broker("broker-b", { path: "legacy", version: "V4_9_7", clientsOnline: 0 })] };
    const byTime = plan({ kind: "latest" }, { topics: ["A"] }, legacy);
    expect(byTime.brokers.map((b) => b.method)).toEqual(["legacy-push", "update-offset"]);
    expect(byTime.warnings.map((w) => w.code)).toContain("legacy-push-online");
    expect(byTime.warnings.map((w) => w.code)).not.toContain("legacy-overwrite");
    const exact = plan({ kind: "shift", by: -10n }, { topics: ["A"] }, legacy);
    expect(exact.brokers[0]!.method).toBe("update-offset");
    const w = exact.warnings.find((x) => x.code === "legacy-overwrite");
    expect(w?.severity).toBe("danger");
    expect(w?.message).toMatch(/overwrite them with their own position within ~5 s/);
    const someQueues = plan({ kind: "earliest" }, { topics: ["A"], queues: [{ topic: "A", brokerName: "broker-a", queueId: 0 }] }, legacy);
    expect(someQueues.brokers[0]!.method).toBe("update-offset");
  });

  it("an offline group is written directly, with the consequence explained", () => {
    const p = plan({ kind: "earliest" }, { topics: ["A"] }, { messageModel: undefined, consumeType: undefined, brokers: [broker("broker-a", { clientsOnline: 0 }), broker("broker-b", { clientsOnline: 0, path: "legacy" })] });
    expect(p.brokers.map((b) => b.method)).toEqual(["server-side", "update-offset"]);
    expect(p.warnings.find((w) => w.code === "group-offline")?.message).toMatch(/stored offset always wins over ConsumeFromWhere/);
  });

  it("a broker whose path is unknown, or missing from the route, blocks apply", () => {
    const p = plan({ kind: "earliest" }, { topics: ["A"] }, { brokers: [broker("broker-a", { path: null, pathError: "broker-a 127.0.0.1:10911 did not answer within 3 s" })] });
    expect(p.blocked).toBe(true);
    expect(p.warnings.filter((w) => w.code === "broker-unknown").map((w) => w.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect(p.warnings[p.warnings.length - 1]!.message).not.toBe("");
  });

  it("broadcasting groups are previewed but not applied; pull and POP consumers are warned about", () => {
    expect(plan({ kind: "earliest" }, { topics: ["A"] }, { messageModel: "BROADCASTING" }).blocked).toBe(true);
    expect(plan({ kind: "earliest" }, { topics: ["A"] }, { consumeType: "CONSUME_ACTIVELY" }).warnings.map((w) => w.code)).toContain("pull-consumer");
    expect(plan({ kind: "earliest" }, { topics: ["A"] }, { consumeType: "CONSUME_POP" }).warnings.map((w) => w.code)).toContain("pop-consumer");
  });

  it("POP groups: server-side brokers say what the broker does; legacy brokers get a danger; proxy clients count as online", () => {
    const noBrokerClients = [broker("broker-a", { clientsOnline: 0 }), broker("broker-b", { clientsOnline: 0 })];
    const serverSide = plan({ kind: "earliest" }, { topics: ["A"] }, { pop: true, proxyClients: 2, brokers: noBrokerClients });
    expect(serverSide.warnings.find((w) => w.code === "pop-consumer")?.message).toMatch(/next popped.*receive again from the target.*invisible time.*%RETRY%<group>_<topic> is not rewound/);
    expect(serverSide.warnings.map((w) => w.code)).not.toContain("pop-legacy");
    // brokers know no gRPC client, the proxy does: the group is not offline
    expect(serverSide.warnings.map((w) => w.code)).not.toContain("group-offline");
    expect(plan({ kind: "earliest" }, { topics: ["A"] }, { pop: true, brokers: noBrokerClients }).warnings.map((w) => w.code)).toContain("group-offline");
    const legacy = plan({ kind: "earliest" }, { topics: ["A"] }, { pop: true, proxyClients: 1, brokers: [broker("broker-a", { path: "legacy" }), broker("broker-b")] });
    const danger = legacy.warnings.find((w) => w.code === "pop-legacy");
    expect(danger).toMatchObject({ severity: "danger", message: expect.stringMatching(/^POP consumers .*broker-a uses the legacy reset.*#9038/) });
    expect(danger?.message).not.toMatch(/broker-b/);
    expect(plan({ kind: "earliest" }, { topics: ["A"] }, {}).warnings.map((w) => w.code).filter((c) => c.startsWith("pop"))).toEqual([]);
  });

  it("legacy timestamps: earliest 0, latest -1, time as given; exact modes cannot be pushed", () => {
    expect(legacyTimestampOf({ kind: "earliest" })).toBe(0n);
    expect(legacyTimestampOf({ kind: "latest" })).toBe(-1n);
    expect(legacyTimestampOf({ kind: "timestamp", timestampMs: 42 })).toBe(42n);
    expect(() => legacyTimestampOf({ kind: "shift", by: 1n })).toThrow(RewindPlanError);
    expect(legacyPushCarries({ kind: "shift", by: 1n }, { topics: ["A"] })).toBe(false);
  });
});

describe("detectDrift", () => {
  const mq = (queueId: number) => ({ topic: "A", brokerName: "broker-a", queueId });
  const prev = [
    { queue: mq(0), committed: 500n },
    { queue: mq(1), committed: 500n },
    { queue: mq(2), committed: null },
  ];
  it("normal consumption is not drift", () => {
    expect(detectDrift(prev, [{ queue: mq(0), committed: 600n }, { queue: mq(1), committed: 500n }, { queue: mq(2), committed: 30n }], { elapsedMs: 5000, consumeTps: 10 })).toEqual([]);
  });
  it("moving back, vanishing, or jumping beyond the consume rate is drift", () => {
    const d = detectDrift(prev, [{ queue: mq(0), committed: 400n }, { queue: mq(2), committed: 0n }], { elapsedMs: 5000, consumeTps: 10 });
    expect(d.map((x) => [x.queue.queueId, x.reason])).toEqual([
      [0, "moved back by 100 (another rewind or a consumer reset)"],
      [1, "the queue is no longer in the group's offsets"],
    ]);
    const jump = detectDrift(prev, [{ queue: mq(0), committed: 5000n }, { queue: mq(1), committed: 700n }, { queue: mq(2), committed: null }], { elapsedMs: 30_000, consumeTps: 2 });
    expect(jump.map((x) => x.queue.queueId)).toEqual([0, 1]);
    expect(jump[0]!.reason).toBe("moved forward by 4,500; the group's consume rate explains at most 120");
  });
});

describe("verifyQueue", () => {
  const t = (nowMs: number) => ({ appliedAtMs: 0, nowMs, settleMs: 7000, timeoutMs: 30_000 });
  const reads = (...xs: Array<[number, bigint | null]>): VerifyRead[] => xs.map(([atMs, committed]) => ({ atMs, committed }));

  it("offline: applied as soon as the target reads back", () => {
    expect(verifyQueue({ before: 500n, target: 100n, method: "server-side", clientsOnline: false }, reads([100, 100n]), t(100)).outcome).toBe("applied");
  });

  it("online rewind: pending until it held one commit interval, then applied while consumption advances from the target", () => {
    const q = { before: 500n, target: 100n, method: "server-side" as const, clientsOnline: true };
    expect(verifyQueue(q, reads([100, 100n]), t(2000)).outcome).toBe("pending");
    expect(verifyQueue(q, reads([100, 100n], [5000, 180n], [8000, 260n]), t(8000)).outcome).toBe("applied");
  });

  it("legacy per-queue write with consumers online: overwritten when the old position comes back", () => {
    const q = { before: 500n, target: 100n, method: "update-offset" as const, clientsOnline: true };
    const r = verifyQueue(q, reads([100, 100n], [5000, 512n]), t(5000));
    expect(r.outcome).toBe("overwritten");
    expect(r.detail).toMatch(/legacy path an online consumer keeps its own position/);
    expect(r.after).toBe(512n);
  });

  it("a skip forward that falls back below the target is overwritten on any path", () => {
    const q = { before: 100n, target: 900n, method: "server-side" as const, clientsOnline: true };
    expect(verifyQueue(q, reads([100, 900n], [4000, 120n]), t(4000)).outcome).toBe("overwritten");
    expect(verifyQueue(q, reads([100, 900n], [8000, 910n]), t(8000)).outcome).toBe("applied");
  });

  it("legacy push: waits for the clients, then unconfirmed after the timeout", () => {
    const q = { before: 500n, target: 100n, method: "legacy-push" as const, clientsOnline: true };
    expect(verifyQueue(q, reads([1000, 500n], [9000, 500n]), t(9000))).toMatchObject({ outcome: "pending", detail: expect.stringMatching(/online clients to commit/) });
    expect(verifyQueue(q, reads([1000, 500n], [29_000, 500n], [31_000, 501n]), t(31_000)).outcome).toBe("unconfirmed");
    expect(verifyQueue(q, reads([1000, 500n], [12_000, 100n], [20_000, 140n]), t(20_000)).outcome).toBe("applied");
  });

  it("legacy push to push consumers on 4.x: once the push must have landed, a committed offset at or past the target is applied", () => {
    // the client re-consumed from 100 and committed with every pull: the target was never read back
    const q = { before: 500n, target: 100n, method: "legacy-push" as const, clientsOnline: true, pushLandsByMs: 25_000 };
    expect(verifyQueue(q, reads([1000, 500n], [20_000, 500n]), t(20_000)).outcome).toBe("pending");
    const r = verifyQueue(q, reads([1000, 500n], [20_000, 500n], [33_000, 520n]), t(33_000));
    expect(r.outcome).toBe("applied");
    expect(r.detail).toMatch(/not read back because re-consumption moved the committed offset on/);
    // without that knowledge (pull consumers), it stays unconfirmed after the timeout
    expect(verifyQueue({ ...q, pushLandsByMs: undefined }, reads([1000, 500n], [31_000, 520n]), t(31_000)).outcome).toBe("unconfirmed");
    // the timeout stretches to cover the brokers' pushes one after another
    const many = { ...q, pushLandsByMs: 45_000 };
    expect(verifyQueue(many, reads([1000, 500n]), t(46_000)).outcome).toBe("pending");
  });

  it("failed writes and unchanged queues", () => {
    expect(verifyQueue({ before: 1n, target: 2n, method: "server-side", clientsOnline: false, error: "broker-b 127.0.0.1:10921 did not answer within 3 s" }, [], t(0))).toMatchObject({ outcome: "failed", detail: expect.stringMatching(/did not answer/) });
    expect(verifyQueue({ before: 2n, target: 2n, method: "server-side", clientsOnline: true }, [], t(0)).outcome).toBe("unchanged");
  });

  it("rewindOutcome summarizes the queues", () => {
    expect(rewindOutcome(["applied", "unchanged"])).toBe("applied");
    expect(rewindOutcome(["applied", "pending"])).toBe("pending");
    expect(rewindOutcome(["applied", "failed"])).toBe("partial");
    expect(rewindOutcome(["overwritten", "overwritten"])).toBe("overwritten");
    expect(rewindOutcome(["failed"])).toBe("failed");
  });
});

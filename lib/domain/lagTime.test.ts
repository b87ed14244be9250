import { describe, expect, it } from "vitest";
import { ageMs, ESTIMATE_REASON, queueLagTime, worstLagTime, type LagTime } from "./lagTime";
import { known, notKnown } from "./value";

const NOW = 1_700_000_600_000n;
const mq = (queueId: number) => ({ topic: "Orders", brokerName: "broker-a", queueId });

describe("queueLagTime", () => {
  it("is 0 (exact) when lag is 0, whatever the timestamps", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(0n), lastTimestamp: NOW - 3_600_000n })).toEqual({ kind: "exact", ms: 0, basis: "committed-offset" });
  });

  it("is now - store time of the message at the committed offset", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(5n), storeTimeAtCommittedMs: NOW - 125_000n, lastTimestamp: NOW - 3_600_000n })).toEqual({
      kind: "exact",
      ms: 125_000,
      basis: "committed-offset",
    });
  });

  it("falls back to lastTimestamp only as a marked upper-bound estimate", () => {
    const r = queueLagTime({ nowMs: NOW, lag: known(5n), lastTimestamp: NOW - 3_600_000n });
    expect(r).toEqual({ kind: "estimate-upper-bound", ms: 3_600_000, reason: ESTIMATE_REASON });
  });

  it("uses the oldest retained message when the committed offset expired", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(5n), storeTimeAtMinOffsetMs: NOW - 60_000n, lastTimestamp: NOW - 3_600_000n })).toEqual({
      kind: "exact",
      ms: 60_000,
      basis: "oldest-retained",
    });
  });

  it("ignores unreadable store times (0 or -1)", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(5n), storeTimeAtCommittedMs: 0n, storeTimeAtMinOffsetMs: -1n, lastTimestamp: NOW - 10_000n }).kind).toBe(
      "estimate-upper-bound",
    );
  });

  it("is unknown when nothing was read, and carries the lag's reason when the lag is unknown", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(5n), lastTimestamp: 0n }).kind).toBe("unknown");
    expect(queueLagTime({ nowMs: NOW, lag: known(5n) }).kind).toBe("unknown");
    expect(queueLagTime({ nowMs: NOW, lag: notKnown("broker-b did not answer"), storeTimeAtCommittedMs: NOW })).toEqual({
      kind: "unknown",
      reason: "broker-b did not answer",
    });
  });

  it("clamps a store time in our future (clock skew) to 0", () => {
    expect(queueLagTime({ nowMs: NOW, lag: known(1n), storeTimeAtCommittedMs: NOW + 5_000n })).toEqual({ kind: "exact", ms: 0, basis: "committed-offset" });
    expect(ageMs(NOW, NOW + 1n)).toBe(0);
    expect(ageMs(NOW, NOW - 1n)).toBe(1);
  });
});

describe("worstLagTime", () => {
  const exact = (ms: number): LagTime => ({ kind: "exact", ms, basis: "committed-offset" });
  const estimate = (ms: number): LagTime => ({ kind: "estimate-upper-bound", ms, reason: ESTIMATE_REASON });
  const unknown: LagTime = { kind: "unknown", reason: "not read" };

  it("takes the worst exact queue", () => {
    const w = worstLagTime([
      { mq: mq(0), lagTime: exact(1_000) },
      { mq: mq(1), lagTime: exact(90_000) },
      { mq: mq(2), lagTime: exact(0) },
    ]);
    expect(w.lagTime).toEqual(exact(90_000));
    expect(w.queue).toEqual(mq(1));
    expect(w.complete).toBe(true);
    expect(w.atLeastMs).toBe(90_000);
  });

  it("stays exact when every estimate is below the worst exact value", () => {
    const w = worstLagTime([
      { mq: mq(0), lagTime: estimate(50_000) },
      { mq: mq(1), lagTime: exact(90_000) },
    ]);
    expect(w.lagTime.kind).toBe("exact");
    expect(w.queue).toEqual(mq(1));
  });

  it("becomes an upper-bound estimate with a lower bound when an estimate is larger", () => {
    const w = worstLagTime([
      { mq: mq(0), lagTime: estimate(300_000) },
      { mq: mq(1), lagTime: exact(90_000) },
    ]);
    expect(w.lagTime).toEqual(estimate(300_000));
    expect(w.atLeastMs).toBe(90_000);
    expect(w.queue).toEqual(mq(0));
  });

  it("counts unknown queues and stays partial", () => {
    const w = worstLagTime([
      { mq: mq(0), lagTime: unknown },
      { mq: mq(1), lagTime: exact(10) },
    ]);
    expect(w.lagTime).toEqual(exact(10));
    expect(w.unknownQueues).toBe(1);
    expect(w.complete).toBe(false);
  });

  it("is unknown when nothing is known, or when there are no queues", () => {
    expect(worstLagTime([{ mq: mq(0), lagTime: unknown }]).lagTime).toEqual({ kind: "unknown", reason: "not read" });
    expect(worstLagTime([]).lagTime).toEqual({ kind: "unknown", reason: "no queues" });
    expect(worstLagTime([]).complete).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { compareEta, ETA_SEVERITY, etaFromSamples, groupEta, queueEta, type QueueEtaInput } from "./eta";
import type { StatusSample } from "./status";
import { known, notKnown } from "./value";

function q(over: Partial<QueueEtaInput> & { key?: string }): ReturnType<typeof queueEta> {
  return queueEta({ key: "q", label: "broker-a/0", lag: known(1_000n), consumeRate: 20, produceRate: 10, onlineClients: 1, ...over });
}

describe("queueEta states", () => {
  it("no commit seen within two commit intervals is not a stall yet", () => {
    const early = q({ lag: known(96n), consumeRate: 0, produceRate: 2, observedMs: 3_000 });
    expect(early.state).toBe("unknown");
    expect(early.reason).toBe("lag 96 and no commit in the 3 s observed; consumers commit every 5 s, so it takes 10 s to tell a stall.");
    expect(q({ lag: known(96n), consumeRate: 0, produceRate: 2, observedMs: 10_000 }).state).toBe("stalled");
  });

  it("caught-up when lag is 0, whatever the rates", () => {
    const e = q({ lag: known(0n), consumeRate: null, rewind: true });
    expect(e.state).toBe("caught-up");
    expect(e.etaMs).toBeNull();
    expect(e.reason).toContain("lag is 0");
  });

  it("draining: lag / (consume - produce)", () => {
    const e = q({});
    expect(e.state).toBe("draining");
    expect(e.etaMs).toBe(100_000);
    expect(e.reason).toBe("lag 1,000, consuming 20 messages/s while producing 10 messages/s: drains in about 1 min 40 s.");
  });

  it("draining with fractional rates rounds the ETA up to the ms", () => {
    expect(q({ lag: known(1n), consumeRate: 3, produceRate: 0, keepingUpMs: 0 }).etaMs).toBe(334);
  });

  it("caught-up (keeping up) when the lag is what is in flight: at most 10 s of consumption", () => {
    // steady state of a healthy push consumer: consume = produce, a few messages not yet committed
    const steady = q({ lag: known(80n), consumeRate: 10, produceRate: 10 });
    expect(steady.state).toBe("caught-up");
    expect(steady.reason).toBe("keeping up: lag 80 is under 10 s of consumption (consuming 10 messages/s while producing 10 messages/s).");
    expect(q({ lag: known(100n), consumeRate: 10, produceRate: 10 }).state).toBe("caught-up");
    expect(q({ lag: known(101n), consumeRate: 10, produceRate: 10 }).state).toBe("will-not-drain");
    expect(q({ lag: known(101n), consumeRate: 10, produceRate: 10, keepingUpMs: 20_000 }).state).toBe("caught-up");
    // a stalled queue is never "keeping up", however small its lag
    expect(q({ lag: known(1n), consumeRate: 0, produceRate: 10, observedMs: 30_000 }).state).toBe("stalled");
    expect(q({ lag: known(1n), consumeRate: 0, produceRate: 10 }).state).toBe("stalled");
  });

  it("will-not-drain when produce >= consume", () => {
    const eq = q({ consumeRate: 10, produceRate: 10 });
    expect(eq.state).toBe("will-not-drain");
    expect(eq.etaMs).toBeNull();
    expect(eq.reason).toContain("not shrinking");
    expect(q({ consumeRate: 5, produceRate: 50 }).state).toBe("will-not-drain");
  });

  it("stalled: consume rate 0 with consumers online", () => {
    const e = q({ consumeRate: 0, produceRate: 0, onlineClients: 3 });
    expect(e.state).toBe("stalled");
    expect(e.reason).toBe("lag 1,000 and nothing consumed in the window although 3 consumers are online.");
  });

  it("consume rate 0 without consumers online (or unknown): will-not-drain, not stalled", () => {
    expect(q({ consumeRate: 0, onlineClients: 0 })).toMatchObject({ state: "will-not-drain", reason: "lag 1,000 and nothing consumed: no consumer is online." });
    expect(q({ consumeRate: 0, onlineClients: undefined }).state).toBe("will-not-drain");
  });

  it("unknown: lag unknown, consume or produce rate unknown, rewind in the window", () => {
    expect(q({ lag: notKnown("broker-b did not answer") })).toMatchObject({ state: "unknown", reason: "the lag is unknown (broker-b did not answer)." });
    expect(q({ consumeRate: null }).state).toBe("unknown");
    expect(q({ produceRate: null }).state).toBe("unknown");
    const r = q({ rewind: true });
    expect(r.state).toBe("unknown");
    expect(r.reason).toContain("moved backwards");
  });

  it("huge lag beyond 2^53 still gives a finite ETA", () => {
    const e = q({ lag: known(2n ** 60n), consumeRate: 1e6, produceRate: 0 });
    expect(e.state).toBe("draining");
    expect(Number.isFinite(e.etaMs)).toBe(true);
  });
});

describe("ordering and group ETA", () => {
  it("severity order: unknown < caught-up < draining < will-not-drain < stalled", () => {
    const order = Object.entries(ETA_SEVERITY).sort((a, b) => a[1] - b[1]).map(([k]) => k);
    expect(order).toEqual(["unknown", "caught-up", "draining", "will-not-drain", "stalled"]);
  });

  it("among draining queues, the longer ETA is worse", () => {
    const fast = q({ key: "a", lag: known(100n) });
    const slow = q({ key: "b", lag: known(10_000n) });
    expect(compareEta(slow, fast)).toBeGreaterThan(0);
    const g = groupEta([fast, slow]);
    expect(g).toMatchObject({ state: "draining", etaMs: 1_000_000, partial: false });
    expect(g.worst?.key).toBe("b");
    expect(g.reason).toContain("slowest queue broker-a/0");
  });

  it("all caught up", () => {
    const g = groupEta([q({ key: "a", lag: known(0n) }), q({ key: "b", lag: known(0n) })]);
    expect(g).toMatchObject({ state: "caught-up", reason: "all 2 queues are caught up." });
  });

  it("unknown never hides a decided worse state", () => {
    const g = groupEta([q({ key: "a", consumeRate: null }), q({ key: "b", consumeRate: 0, onlineClients: 2 }), q({ key: "c" })]);
    expect(g.state).toBe("stalled");
    expect(g.partial).toBe(true);
    expect(g.worst?.key).toBe("b");
    expect(g.reason).toContain("1 queue is unknown");
    const w = groupEta([q({ key: "a", lag: notKnown("x") }), q({ key: "b", consumeRate: 1, produceRate: 2 })]);
    expect(w.state).toBe("will-not-drain");
  });

  it("stalled beats will-not-drain", () => {
    const g = groupEta([q({ key: "a", consumeRate: 1, produceRate: 2 }), q({ key: "b", consumeRate: 0 })]);
    expect(g.state).toBe("stalled");
  });

  it("unknown beside draining or caught-up: group unknown, with a lower bound", () => {
    const g = groupEta([q({ key: "a" }), q({ key: "b", produceRate: null }), q({ key: "c", produceRate: null })]);
    expect(g).toMatchObject({ state: "unknown", atLeastMs: 100_000, etaMs: null, partial: true });
    expect(g.reason).toContain("(and 1 more unknown)");
    expect(g.reason).toContain("at least");
    const c = groupEta([q({ key: "a", lag: known(0n) }), q({ key: "b", rewind: true })]);
    expect(c).toMatchObject({ state: "unknown", atLeastMs: null });
  });

  it("no queues: unknown", () => {
    expect(groupEta([])).toMatchObject({ state: "unknown", worst: undefined, partial: false });
  });
});

describe("etaFromSamples", () => {
  const T0 = 1_700_000_000_000n;
  const at = (sec: number, queues: StatusSample["queues"], online: number | undefined = 2): StatusSample => ({
    atMs: T0 + BigInt(sec) * 1_000n,
    onlineClients: online,
    queues,
  });

  it("draining queue from samples", () => {
    const g = etaFromSamples([
      at(0, [{ key: "a", committed: 0n, brokerOffset: 1_000n }]),
      at(10, [{ key: "a", committed: 200n, brokerOffset: 1_100n }]),
      at(20, [{ key: "a", committed: 400n, brokerOffset: 1_200n }]),
    ]);
    // lag 800, consume 20/s, produce 10/s
    expect(g).toMatchObject({ state: "draining", etaMs: 80_000 });
  });

  it("a queue with no commit while the group consumes on other queues: will-not-drain, not stalled", () => {
    const g = etaFromSamples([
      at(0, [{ key: "a", committed: 0n, brokerOffset: 500n }, { key: "b", committed: 0n, brokerOffset: 900n }]),
      at(10, [{ key: "a", committed: 0n, brokerOffset: 520n }, { key: "b", committed: 300n, brokerOffset: 920n }]),
    ]);
    expect(g.queues.map((x) => x.state)).toEqual(["will-not-drain", "draining"]);
    expect(g.state).toBe("will-not-drain");
    expect(g.worst?.reason).toBe(
      "lag 520 and nothing committed on this queue in the window while the group consumed 30 messages/s on others (a slow message, or its messages are queued behind other queues').",
    );
  });

  it("stalled queue with consumers online; caught-up queue alongside", () => {
    const g = etaFromSamples([
      at(0, [{ key: "a", committed: 0n, brokerOffset: 500n }, { key: "b", committed: 10n, brokerOffset: 10n }]),
      at(10, [{ key: "a", committed: 0n, brokerOffset: 500n }, { key: "b", committed: 10n, brokerOffset: 10n }]),
    ]);
    expect(g.state).toBe("stalled");
    expect(g.queues.map((x) => x.state)).toEqual(["stalled", "caught-up"]);
  });

  it("rewind in the window: unknown", () => {
    const g = etaFromSamples([
      at(0, [{ key: "a", committed: 900n, brokerOffset: 1_000n }]),
      at(10, [{ key: "a", committed: 100n, brokerOffset: 1_000n }]),
      at(20, [{ key: "a", committed: 300n, brokerOffset: 1_000n }]),
    ]);
    expect(g.state).toBe("unknown");
    expect(g.queues[0]?.reason).toContain("moved backwards");
  });

  it("single sample: no rates, unknown (lag known)", () => {
    const g = etaFromSamples([at(0, [{ key: "a", committed: 0n, brokerOffset: 5n }])]);
    expect(g.state).toBe("unknown");
    expect(g.queues[0]?.lag).toEqual(known(5n));
  });

  it("queue missing from the last sample: lag unknown", () => {
    const g = etaFromSamples([
      at(0, [{ key: "a", committed: 0n, brokerOffset: 0n }]),
      at(10, []),
    ]);
    expect(g.queues[0]?.lag).toEqual(notKnown("queue missing from the last sample"));
  });
});

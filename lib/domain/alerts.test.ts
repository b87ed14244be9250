import { describe, expect, it } from "vitest";
import { conditionText, DEFAULT_RULES, evaluateCondition, matchesPattern, notifies, ruleSelects, stepAlert, type AlertRule, type ConditionResult, type GroupObservation } from "./alerts";

const obs = (o: Partial<GroupObservation> = {}): GroupObservation => ({
  cluster: "prod",
  group: "orders-consumer",
  atMs: 0,
  clientsOnline: 2,
  status: { code: "OK", reason: "keeping up" },
  eta: { state: "draining", seconds: 120 },
  topics: [
    { topic: "orders", lag: 150_000n, lagSeconds: 30 },
    { topic: "refunds", lag: 10n, lagSeconds: 2 },
  ],
  ...o,
});
const rule = (condition: AlertRule["condition"], o: Partial<AlertRule> = {}): AlertRule => ({ id: 1, name: "r", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition, forMs: 60_000, severity: "warning", ...o });

describe("patterns", () => {
  it("glob with * and ?, comma alternatives, empty = everything, regex characters literal", () => {
    expect(matchesPattern("orders-*", "orders-consumer")).toBe(true);
    expect(matchesPattern("orders-?", "orders-ab")).toBe(false);
    expect(matchesPattern("a,orders-*", "orders-x")).toBe(true);
    expect(matchesPattern("", "anything")).toBe(true);
    expect(matchesPattern("g.1", "gx1")).toBe(false);
    expect(matchesPattern("g.1", "g.1")).toBe(true);
  });
  it("a rule selects a group by cluster, group and any matching topic; disabled rules select nothing", () => {
    expect(ruleSelects(rule({ kind: "no-clients" }, { clusterPattern: "prod", groupPattern: "orders-*", topicPattern: "refunds" }), obs())).toBe(true);
    expect(ruleSelects(rule({ kind: "no-clients" }, { topicPattern: "payments" }), obs())).toBe(false);
    expect(ruleSelects(rule({ kind: "no-clients" }, { enabled: false }), obs())).toBe(false);
  });
});

describe("conditions", () => {
  it("lag in messages sums the selected topics; an unreadable queue is unknown unless the known part already exceeds", () => {
    expect(evaluateCondition(rule({ kind: "lag-messages", threshold: 100_000n }), obs())).toEqual({ holds: true, value: "lag 150,010 messages (threshold 100,000)" });
    expect(evaluateCondition(rule({ kind: "lag-messages", threshold: 100_000n }, { topicPattern: "refunds" }), obs()).holds).toBe(false);
    const partial = obs({ topics: [{ topic: "orders", lag: null, lagSeconds: null }, { topic: "refunds", lag: 10n, lagSeconds: 1 }] });
    expect(evaluateCondition(rule({ kind: "lag-messages", threshold: 100_000n }), partial).holds).toBe("unknown");
    expect(evaluateCondition(rule({ kind: "lag-messages", threshold: 5n }), partial).holds).toBe(true);
  });
  it("lag in seconds takes the oldest topic", () => {
    expect(evaluateCondition(rule({ kind: "lag-seconds", thresholdSeconds: 20 }), obs())).toMatchObject({ holds: true, value: expect.stringMatching(/30 s old/) });
    expect(evaluateCondition(rule({ kind: "lag-seconds", thresholdSeconds: 60 }), obs()).holds).toBe(false);
  });
  it("ETA: beyond the bound, will not drain and stalled hold; caught up does not; unknown waits", () => {
    expect(evaluateCondition(rule({ kind: "eta", maxSeconds: 60 }), obs()).holds).toBe(true);
    expect(evaluateCondition(rule({ kind: "eta", maxSeconds: 600 }), obs()).holds).toBe(false);
    expect(evaluateCondition(rule({ kind: "eta", maxSeconds: 600 }), obs({ eta: { state: "will-not-drain", seconds: null } })).holds).toBe(true);
    expect(evaluateCondition(rule({ kind: "eta", maxSeconds: 600 }), obs({ eta: { state: "caught-up", seconds: 0 } })).holds).toBe(false);
    expect(evaluateCondition(rule({ kind: "eta", maxSeconds: 600 }), obs({ eta: { state: "unknown", seconds: null } })).holds).toBe("unknown");
  });
  it("status and clients", () => {
    expect(evaluateCondition(rule({ kind: "status", statuses: ["STOP", "STALL"] }), obs({ status: { code: "STOP", reason: "no client online, lag 5" } }))).toEqual({ holds: true, value: "status STOP: no client online, lag 5" });
    expect(evaluateCondition(rule({ kind: "status", statuses: ["STOP"] }), obs({ status: { code: "UNKNOWN", reason: "one sample" } })).holds).toBe("unknown");
    expect(evaluateCondition(rule({ kind: "no-clients" }), obs({ clientsOnline: 0 })).holds).toBe(true);
    expect(evaluateCondition(rule({ kind: "no-clients" }), obs({ clientsOnline: null })).holds).toBe("unknown");
  });
});

describe("lifecycle with 'for' durations", () => {
  const yes: ConditionResult = { holds: true, value: "lag 10" };
  const no: ConditionResult = { holds: false, value: "lag 0" };
  const unk: ConditionResult = { holds: "unknown", reason: "broker down" };

  it("pending until the condition held for forMs, then firing with the evidence of that moment, then resolved", () => {
    let s = stepAlert(undefined, yes, 0, 60_000);
    expect(s.transition).toBe("pending");
    s = stepAlert(s.next, { holds: true, value: "lag 20" }, 30_000, 60_000);
    expect([s.transition, s.next?.phase]).toEqual([null, "pending"]);
    s = stepAlert(s.next, { holds: true, value: "lag 30" }, 60_000, 60_000);
    expect(s.transition).toBe("fired");
    expect(s.next).toMatchObject({ phase: "firing", sinceMs: 0, firedAtMs: 60_000, evidence: "lag 30" });
    s = stepAlert(s.next, { holds: true, value: "lag 40" }, 90_000, 60_000);
    expect(s.next).toMatchObject({ phase: "firing", evidence: "lag 30", lastValue: "lag 40" });
    s = stepAlert(s.next, no, 120_000, 60_000);
    expect(s.transition).toBe("resolved");
    expect(s.next).toMatchObject({ phase: "resolved", resolvedAtMs: 120_000 });
    // it can fire again later: a new pending episode
    expect(stepAlert(s.next, yes, 200_000, 60_000).next).toMatchObject({ phase: "pending", sinceMs: 200_000 });
  });

  it("a condition that stops holding before forMs never fires; forMs 0 fires at once", () => {
    const p = stepAlert(undefined, yes, 0, 60_000);
    expect(stepAlert(p.next, no, 30_000, 60_000)).toEqual({ next: undefined, transition: "dropped" });
    expect(stepAlert(undefined, yes, 0, 0).transition).toBe("fired");
  });

  it("missing data neither fires nor resolves", () => {
    const firing = stepAlert(undefined, yes, 0, 0).next;
    expect(stepAlert(firing, unk, 10_000, 0)).toEqual({ next: firing, transition: null });
    expect(stepAlert(undefined, unk, 10_000, 0)).toEqual({ next: undefined, transition: null });
  });

  it("silenced alerts run their lifecycle but do not notify", () => {
    expect(notifies("fired", null, 0)).toBe(true);
    expect(notifies("fired", 10_000, 5_000)).toBe(false);
    expect(notifies("resolved", 10_000, 20_000)).toBe(true);
    expect(notifies("pending", null, 0)).toBe(false);
  });
});

describe("defaults", () => {
  it("cover STOP, STALL, ETA, lag in messages and in time; each has a readable condition", () => {
    const kinds = new Set(DEFAULT_RULES.filter((r) => r.enabled).map((r) => r.condition.kind));
    expect([...kinds].sort()).toEqual(["eta", "lag-messages", "lag-seconds", "status"]);
    expect(DEFAULT_RULES.map((r) => conditionText(r.condition))).toContain("lag > 100,000 messages");
  });
});

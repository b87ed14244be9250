import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatAsOf,
  formatCount,
  formatCountNoun,
  formatMessagesWait,
  formatDuration,
  formatKnown,
  formatKnownCount,
  formatLagTime,
  formatPartialTotal,
  formatPercent,
  formatRate,
  UNKNOWN_TEXT,
} from "./format";
import { known, notKnown, sumKnown, withGap } from "./value";

describe("formatCount", () => {
  it("groups thousands and is exact for bigint beyond 2^53", () => {
    expect(formatCount(0n)).toBe("0");
    expect(formatCount(1234567n)).toBe("1,234,567");
    expect(formatCount(9007199254740993n)).toBe("9,007,199,254,740,993");
    expect(formatCount(9223372036854775807n)).toBe("9,223,372,036,854,775,807");
    expect(formatCount(-1234n)).toBe("-1,234");
    expect(formatCount(1234.7)).toBe("1,235");
    expect(formatCount(Number.NaN)).toBe(UNKNOWN_TEXT);
  });

  it("follows the locale when asked", () => {
    expect(formatCount(1234567n, "de-DE")).toBe("1.234.567");
  });
});

describe("unknown and partial values", () => {
  it("renders unknown as a dash, never 0", () => {
    expect(formatKnownCount(notKnown("broker-b did not answer"))).toBe("—");
    expect(formatKnownCount(known(0n))).toBe("0");
    expect(formatKnown(known("x"), (v) => v.toUpperCase())).toBe("X");
    expect(formatKnown(notKnown("r"), String, "n/a")).toBe("n/a");
  });

  it("shows a partial total as a lower bound with the unknown count", () => {
    expect(formatPartialTotal(sumKnown([known(12345n)]))).toBe("12,345");
    expect(formatPartialTotal(sumKnown([known(12345n), notKnown("a"), notKnown("b")]))).toBe("≥ 12,345 (2 queues unknown)");
    expect(formatPartialTotal(sumKnown([known(1n), notKnown("a")]))).toBe("≥ 1 (1 queue unknown)");
    expect(formatPartialTotal(sumKnown([notKnown("a"), notKnown("b"), notKnown("c")]))).toBe("— (3 queues unknown)");
    expect(formatPartialTotal(withGap(sumKnown([known(5n)]), "broker-b"))).toBe("≥ 5 (incomplete)");
    expect(formatPartialTotal(sumKnown([known(5n), notKnown("a")]), "en-US", "group")).toBe("≥ 5 (1 group unknown)");
  });
});

describe("formatDuration", () => {
  it.each<[number | bigint, string]>([
    [0, "0 s"],
    [0.4, "1 ms"],
    [450, "450 ms"],
    [999, "999 ms"],
    [1_000, "1 s"],
    [5_999, "5 s"],
    [59_999, "59 s"],
    [60_000, "1 min"],
    [125_000, "2 min 5 s"],
    [3_600_000, "1 h"],
    [3 * 3_600_000, "3 h"],
    [3 * 3_600_000 + 5_000, "3 h"],
    [3_900_000, "1 h 5 min"],
    [86_400_000 * 2 + 3 * 3_600_000, "2 d 3 h"],
    [86_400_000 * 1500, "1,500 d"],
    [125_000n, "2 min 5 s"],
    [-125_000, "-2 min 5 s"],
  ])("%s ms -> %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("can show more or fewer units", () => {
    expect(formatDuration(3_723_000, { maxUnits: 3 })).toBe("1 h 2 min 3 s");
    expect(formatDuration(3_723_000, { maxUnits: 1 })).toBe("1 h");
  });

  it("handles non-finite and huge values", () => {
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe(UNKNOWN_TEXT);
    expect(formatDuration(10n ** 30n)).toMatch(/ d /);
  });
});

describe("ages", () => {
  it("says how old a value is", () => {
    expect(formatAge(12_000)).toBe("12 s ago");
    expect(formatAge(500)).toBe("just now");
    expect(formatAge(-2_000)).toBe("just now");
    expect(formatAge(Number.NaN)).toBe(UNKNOWN_TEXT);
    expect(formatAsOf(1_700_000_000_000n, 1_700_000_012_000n)).toBe("as of 12 s ago");
    expect(formatAsOf(1_700_000_000_000n, 1_700_000_125_400n)).toBe("as of 2 min 5 s ago");
  });
});

describe("rates, percentages and lag time", () => {
  it("formats rates", () => {
    expect(formatRate(12.54)).toBe("12.5/s");
    expect(formatRate(0)).toBe("0/s");
    expect(formatRate(1234.4)).toBe("1,234/s");
    expect(formatRate(Number.NaN)).toBe(UNKNOWN_TEXT);
  });

  it("formats percentages", () => {
    expect(formatPercent(0.334)).toBe("33%");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe(UNKNOWN_TEXT);
  });

  it("marks estimates and unknowns", () => {
    expect(formatLagTime({ kind: "exact", ms: 125_000, basis: "committed-offset" })).toBe("2 min 5 s");
    expect(formatLagTime({ kind: "estimate-upper-bound", ms: 125_000, reason: "r" })).toBe("≤ 2 min 5 s");
    expect(formatLagTime({ kind: "unknown", reason: "r" })).toBe("—");
  });
});

describe("count nouns", () => {
  it("agrees in number", () => {
    expect(formatCountNoun(1n, "message")).toBe("1 message");
    expect(formatCountNoun(1_234n, "message")).toBe("1,234 messages");
    expect(formatCountNoun(2, "query", "queries")).toBe("2 queries");
    expect(formatMessagesWait(1n)).toBe("1 message waits");
    expect(formatMessagesWait(0)).toBe("0 messages wait");
    expect(formatRate(2.5, "en-US", "messages")).toBe("2.5 messages/s");
  });
});

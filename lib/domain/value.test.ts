import { describe, expect, it } from "vitest";
import {
  addTotals,
  allKnown,
  EMPTY_TOTAL,
  flatMapKnown,
  fromOptional,
  isKnown,
  known,
  knownEquals,
  knownOrUndefined,
  mapKnown,
  notKnown,
  sumKnown,
  totalIfComplete,
  withGap,
  type Known,
} from "./value";

describe("Known", () => {
  it("distinguishes a known 0 from an unknown value", () => {
    const zero: Known<bigint> = known(0n);
    const missing: Known<bigint> = notKnown("broker-b did not answer");
    expect(isKnown(zero)).toBe(true);
    expect(isKnown(missing)).toBe(false);
    expect(knownOrUndefined(zero)).toBe(0n);
    expect(knownOrUndefined(missing)).toBeUndefined();
    expect(missing).toEqual({ known: false, reason: "broker-b did not answer" });
  });

  it("fromOptional turns undefined and null into unknown, keeps 0 and false", () => {
    expect(fromOptional(undefined, "r")).toEqual(notKnown("r"));
    expect(fromOptional(null, "r")).toEqual(notKnown("r"));
    expect(fromOptional(0n, "r")).toEqual(known(0n));
    expect(fromOptional(false, "r")).toEqual(known(false));
  });

  it("maps and flat-maps only known values and keeps the reason", () => {
    expect(mapKnown(known(2n), (v) => v * 2n)).toEqual(known(4n));
    expect(mapKnown(notKnown("x") as Known<bigint>, (v) => v * 2n)).toEqual(notKnown("x"));
    expect(flatMapKnown(known(1n), (v) => (v > 0n ? known(v) : notKnown("neg")))).toEqual(known(1n));
    expect(flatMapKnown(known(-1n), (v) => (v > 0n ? known(v) : notKnown("neg")))).toEqual(notKnown("neg"));
  });

  it("allKnown combines tuples and reports the first missing reason", () => {
    const r = allKnown([known(1n), known("a")] as const);
    expect(r).toEqual(known([1n, "a"]));
    if (r.known) {
      const [a, b] = r.value;
      expect(a + 1n).toBe(2n);
      expect(b.toUpperCase()).toBe("A");
    }
    expect(allKnown([known(1n), notKnown("first"), notKnown("second")])).toEqual(notKnown("first"));
  });

  it("knownEquals compares values and reasons", () => {
    expect(knownEquals(known(1n), known(1n))).toBe(true);
    expect(knownEquals(known(1n), known(2n))).toBe(false);
    expect(knownEquals(known(1n), notKnown("a"))).toBe(false);
    expect(knownEquals(notKnown("a"), notKnown("a"))).toBe(true);
  });
});

describe("PartialTotal", () => {
  it("sums known values and counts unknown ones instead of treating them as 0", () => {
    const t = sumKnown([known(5n), notKnown("broker-b did not answer"), known(7n), notKnown("broker-b did not answer"), notKnown("other")]);
    expect(t).toEqual({ sum: 12n, known: 2, unknown: 3, complete: false, reasons: ["broker-b did not answer", "other"] });
    expect(totalIfComplete(t)).toEqual(notKnown("broker-b did not answer; other"));
  });

  it("is exact for int64 values beyond 2^53", () => {
    const t = sumKnown([known(9007199254740993n), known(2n)]);
    expect(t.sum).toBe(9007199254740995n);
    expect(totalIfComplete(t)).toEqual(known(9007199254740995n));
  });

  it("an empty sum is a complete 0", () => {
    expect(sumKnown([])).toEqual(EMPTY_TOTAL);
    expect(totalIfComplete(EMPTY_TOTAL)).toEqual(known(0n));
  });

  it("adds totals and merges reasons", () => {
    const a = sumKnown([known(1n), notKnown("a")]);
    const b = sumKnown([known(2n), notKnown("a"), notKnown("b")]);
    expect(addTotals(a, b)).toEqual({ sum: 3n, known: 2, unknown: 3, complete: false, reasons: ["a", "b"] });
    expect(addTotals(EMPTY_TOTAL, sumKnown([known(4n)]))).toEqual({ sum: 4n, known: 1, unknown: 0, complete: true, reasons: [] });
  });

  it("withGap marks a total incomplete without changing the counts", () => {
    const t = withGap(sumKnown([known(3n)]), "broker-b: timeout");
    expect(t).toEqual({ sum: 3n, known: 1, unknown: 0, complete: false, reasons: ["broker-b: timeout"] });
    expect(withGap(t, "broker-b: timeout").reasons).toEqual(["broker-b: timeout"]);
    expect(totalIfComplete(withGap(EMPTY_TOTAL, ""))).toEqual(notKnown("some parts are unknown"));
  });
});

import { describe, expect, it } from "vitest";
import { SnapshotHistory } from "./snapshotHistory";

const at = (s: number) => ({ takenAtMs: BigInt(s * 1000) });

describe("SnapshotHistory", () => {
  it("compares a view polled every 2 s with a snapshot at least 30 s old once one exists", () => {
    const history = new SnapshotHistory<{ takenAtMs: bigint }>();
    expect(history.take(at(0))).toBeUndefined();
    let previous;
    for (let t = 2; t <= 40; t += 2) previous = history.take(at(t));
    // Replacing the previous snapshot on every call would compare with t=38 (2 s apart).
    expect(previous).toEqual(at(10));
    expect(Number(at(40).takenAtMs - previous!.takenAtMs)).toBeGreaterThanOrEqual(30_000);
  });

  it("uses the newest snapshot while none is old enough, and forgets very old ones", () => {
    const history = new SnapshotHistory<{ takenAtMs: bigint }>();
    history.take(at(0));
    expect(history.take(at(5))).toEqual(at(0));
    expect(history.take(at(1000))).toBeUndefined();
  });
});

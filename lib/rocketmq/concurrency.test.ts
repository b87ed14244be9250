import { describe, expect, it } from "vitest";
import { mapSettled } from "./concurrency";

describe("mapSettled", () => {
  it("bounds concurrency, keeps order and reports failures in place", async () => {
    let active = 0;
    let peak = 0;
    const results = await mapSettled([...Array(20).keys()], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5 - (n % 5)));
      active--;
      if (n === 7) throw new Error("seven");
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "x"))).toEqual([...Array(20).keys()].map((n) => (n === 7 ? "x" : n * 2)));
  });

  it("handles an empty list", async () => {
    expect(await mapSettled([], 4, async () => 1)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_REFRESH, newestUpdate, parseRefresh, pollInterval, REFRESH_CHOICES, refreshMs } from "./refresh";

describe("refresh preference", () => {
  it("offers paused, 5, 10, 30 and 60 s; 10 s by default", () => {
    expect(REFRESH_CHOICES).toEqual(["off", "5", "10", "30", "60"]);
    expect(DEFAULT_REFRESH).toBe("10");
  });

  it("reads a cookie value, falling back to the default for anything else", () => {
    for (const c of REFRESH_CHOICES) expect(parseRefresh(c)).toBe(c);
    expect(parseRefresh(undefined)).toBe("10");
    expect(parseRefresh(null)).toBe("10");
    expect(parseRefresh("")).toBe("10");
    expect(parseRefresh("1")).toBe("10");
    expect(parseRefresh("OFF")).toBe("10");
    expect(parseRefresh("10 ")).toBe("10");
  });

  it("turns a choice into milliseconds, null when paused", () => {
    expect(refreshMs("off")).toBeNull();
    expect(refreshMs("5")).toBe(5_000);
    expect(refreshMs("60")).toBe(60_000);
  });
});

describe("pollInterval", () => {
  it("is false for every hook when paused, whatever its floor", () => {
    expect(pollInterval("off")).toBe(false);
    expect(pollInterval("off", 20_000)).toBe(false);
  });

  it("is the chosen interval, never faster than the hook's floor", () => {
    expect(pollInterval("5")).toBe(5_000);
    expect(pollInterval("10")).toBe(10_000);
    // ProcessQueues: up to 12 s per client, at least 20 s apart
    expect(pollInterval("5", 20_000)).toBe(20_000);
    expect(pollInterval("10", 20_000)).toBe(20_000);
    expect(pollInterval("30", 20_000)).toBe(30_000);
    expect(pollInterval("60", 20_000)).toBe(60_000);
  });
});

describe("newestUpdate", () => {
  it("is the newest dataUpdatedAt, ignoring queries without data (0)", () => {
    expect(newestUpdate([])).toBeUndefined();
    expect(newestUpdate([0, 0])).toBeUndefined();
    expect(newestUpdate([1_000, 0, 3_000, 2_000])).toBe(3_000);
  });
});

import { describe, expect, it } from "vitest";
import { LoginRateLimiter, SlidingWindowLimiter } from "./rateLimit";

const MIN = 60_000;

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("SlidingWindowLimiter", () => {
  it("blocks at the limit and frees the key as the oldest failure leaves the window", () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ limit: 3, windowMs: 10 * MIN }, c.now);
    l.hit("k"); // t0
    c.advance(MIN);
    l.hit("k"); // t0 + 1 min
    c.advance(MIN);
    expect(l.retryAfterMs("k")).toBe(0);
    l.hit("k"); // t0 + 2 min: third failure
    expect(l.retryAfterMs("k")).toBe(8 * MIN); // until t0 + 10 min
    c.advance(8 * MIN - 1);
    expect(l.retryAfterMs("k")).toBe(1);
    c.advance(1);
    expect(l.retryAfterMs("k")).toBe(0);
    expect(l.count("k")).toBe(2);
    l.hit("k"); // blocked again until the t0 + 1 min failure leaves
    expect(l.retryAfterMs("k")).toBe(MIN);
    c.advance(20 * MIN);
    expect(l.count("k")).toBe(0);
    expect(l.size).toBe(0);
  });

  it("keeps keys apart, and keeps at most maxKeys", () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ limit: 1, windowMs: MIN, maxKeys: 3 }, c.now);
    for (const k of ["a", "b", "c", "d"]) l.hit(k);
    expect(l.size).toBe(3);
    expect(l.retryAfterMs("a")).toBe(0); // dropped as the oldest
    expect(l.retryAfterMs("d")).toBe(MIN);
    l.clear("d");
    expect(l.retryAfterMs("d")).toBe(0);
  });
});

describe("LoginRateLimiter", () => {
  it("allows 5 failures per username per 15 minutes, then says how long to wait", () => {
    const c = clock();
    const l = new LoginRateLimiter({}, c.now);
    for (let i = 0; i < 5; i++) {
      expect(l.check("alice", "10.0.0.1").allowed).toBe(true);
      l.fail("alice", `10.0.0.${i + 1}`);
      c.advance(MIN);
    }
    const blocked = l.check("ALICE ", "10.9.9.9");
    expect(blocked).toEqual({ allowed: false, retryAfterMs: 10 * MIN, by: "user" });
    expect(l.check("bob", "10.9.9.9").allowed).toBe(true);
    c.advance(10 * MIN);
    expect(l.check("alice", "10.9.9.9").allowed).toBe(true);
  });

  it("allows 20 failures per address per 15 minutes, across usernames", () => {
    const c = clock();
    const l = new LoginRateLimiter({}, c.now);
    for (let i = 0; i < 20; i++) {
      expect(l.check(`user${i}`, "192.0.2.7").allowed).toBe(true);
      l.fail(`user${i}`, "192.0.2.7");
      c.advance(1_000);
    }
    expect(l.check("someone-new", "192.0.2.7")).toEqual({ allowed: false, retryAfterMs: 15 * MIN - 20_000, by: "ip" });
    expect(l.check("someone-new", "192.0.2.8").allowed).toBe(true);
    // no address known: only the username counts
    expect(l.check("someone-new", null).allowed).toBe(true);
  });

  it("clears the username's failures on success but not the address's", () => {
    const c = clock();
    const l = new LoginRateLimiter({ perUser: 5, perIp: 6 }, c.now);
    for (let i = 0; i < 4; i++) l.fail("carol", "198.51.100.1");
    l.succeed("Carol");
    expect(l.users.count("carol")).toBe(0);
    expect(l.ips.count("198.51.100.1")).toBe(4);
    l.fail("carol", "198.51.100.1");
    l.fail("carol", "198.51.100.1");
    expect(l.check("carol", "198.51.100.1")).toMatchObject({ allowed: false, by: "ip" });
  });

  it("reports the longer wait when both keys are blocked", () => {
    const c = clock();
    const l = new LoginRateLimiter({ perUser: 2, perIp: 2, windowMs: 10 * MIN }, c.now);
    l.fail("erin", "203.0.113.5"); // t0
    c.advance(MIN);
    l.fail("dave", "203.0.113.6"); // t0 + 1
    c.advance(MIN);
    l.fail("gina", "203.0.113.5"); // t0 + 2: the address is blocked until t0 + 10
    l.fail("dave", "203.0.113.6"); // dave is blocked until t0 + 11
    expect(l.check("dave", "203.0.113.5")).toEqual({ allowed: false, retryAfterMs: 9 * MIN, by: "user" });
    expect(l.check("frank", "203.0.113.5")).toEqual({ allowed: false, retryAfterMs: 8 * MIN, by: "ip" });
  });
});

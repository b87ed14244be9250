import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, ResponseError } from "../errors";
import { startFakeServer, type FakeServer } from "../network/fakeServer";
import { ConnectionPool } from "../network/pool";
import { createRequest, createResponse } from "../protocol/remotingCommand";
import { NameServerClient, TtlCache } from "./nameserver";

const servers: FakeServer[] = [];
const pools: ConnectionPool[] = [];
afterEach(async () => {
  pools.splice(0).forEach((p) => p.closeAll());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function deadAddress(): Promise<string> {
  const s = await startFakeServer(() => undefined);
  await s.close();
  return s.address;
}

describe("NameServerClient", () => {
  it("fails over to the next NameServer and then prefers the one that answered", async () => {
    const live = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, 0, { extFields: { who: "live" } })));
    servers.push(live);
    const dead = await deadAddress();
    const pool = new ConnectionPool();
    pools.push(pool);
    const ns = new NameServerClient([dead, live.address], pool, { timeoutMs: 500 });
    expect((await ns.request(createRequest(106))).extFields.who).toBe("live");
    expect((await ns.request(createRequest(106))).extFields.who).toBe("live");
    // The dead one is not tried again while the live one answers.
    expect(live.received).toHaveLength(2);
  });

  it("does not fail over on an answer: an error code from a live NameServer is the answer", async () => {
    const a = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, 17, { remark: "No topic route info in name server for the topic: X" })));
    const b = await startFakeServer((cmd, socket, s) => s.send(socket, createResponse(cmd, 0)));
    servers.push(a, b);
    const pool = new ConnectionPool();
    pools.push(pool);
    const reply = await new NameServerClient([a.address, b.address], pool).request(createRequest(105, { topic: "X" }));
    expect(reply.code).toBe(17);
    expect(b.received).toHaveLength(0);
  });

  it("says which NameServers failed when none answers", async () => {
    const [d1, d2] = [await deadAddress(), await deadAddress()];
    const pool = new ConnectionPool();
    pools.push(pool);
    const err = (await new NameServerClient([d1, d2], pool).request(createRequest(106)).catch((e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`NameServer ${d1} refused the connection`);
    expect(err.message).toContain(`NameServer ${d2} refused the connection`);
  });
});

describe("TtlCache", () => {
  it("serves within the TTL, reloads after it, and shares one load between concurrent callers", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1_000, () => now);
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return loads;
    };
    expect(await Promise.all([cache.get("route", load), cache.get("route", load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get("route", load)).toBe(1);
    now = 1_001;
    expect(await cache.get("route", load)).toBe(2);
    cache.invalidate("route");
    expect(await cache.get("route", load)).toBe(3);
  });

  it("does not cache failures", async () => {
    const cache = new TtlCache<number>(1_000);
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 7)).toBe(7);
  });
});

describe("retry", () => {
  it("retries only retriable errors, with growing backoff", async () => {
    const { retry, backoffDelay } = await import("../retry");
    const delays: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new ConnectionError("broker-a", "reset");
        return "ok";
      },
      { retries: 3, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0 },
      async (ms) => void delays.push(ms),
    );
    expect(result).toBe("ok");
    expect(delays).toEqual([100, 200]);
    let answered = 0;
    await expect(
      retry(
        async () => {
          answered++;
          throw new ResponseError("broker-a", 208, 26, "subscription group not exist");
        },
        { retries: 3 },
        async () => undefined,
      ),
    ).rejects.toBeInstanceOf(ResponseError);
    expect(answered).toBe(1);
    expect(backoffDelay(10, { retries: 0, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0 })).toBe(1_000);
    const jittered = backoffDelay(1, { retries: 0, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0.2 }, () => 1);
    expect(jittered).toBe(120);
  });
});

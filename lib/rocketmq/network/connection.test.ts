import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackpressureError, ConnectionError, RequestTimeoutError } from "../errors";
import { createRequest, createResponse, FLAG_ONEWAY, type RemotingCommand } from "../protocol/remotingCommand";
import { Connection, type ConnectionEvent } from "./connection";
import { startFakeServer, type FakeServer } from "./fakeServer";

const servers: FakeServer[] = [];
const connections: Connection[] = [];
afterEach(async () => {
  connections.splice(0).forEach((c) => c.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startFakeServer>[0], port = 0) {
  const server = await startFakeServer(handler, port);
  servers.push(server);
  return server;
}

function connect(address: string, opts: Partial<ConstructorParameters<typeof Connection>[0]> = {}) {
  const conn = new Connection({ address, label: `broker-b ${address}`, ...opts });
  connections.push(conn);
  return conn;
}

const echo = (cmd: RemotingCommand, socket: net.Socket, server: FakeServer) =>
  server.send(socket, createResponse(cmd, 0, { extFields: { echo: cmd.extFields.n ?? "" } }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Connection", () => {
  it("matches replies to requests by opaque, even out of order", async () => {
    const held: Array<[RemotingCommand, net.Socket]> = [];
    const server = await serve((cmd, socket, s) => {
      held.push([cmd, socket]);
      if (held.length === 3) for (const [c, sock] of held.reverse()) echo(c, sock, s);
    });
    const conn = connect(server.address);
    const replies = await Promise.all([1, 2, 3].map((n) => conn.request(createRequest(14, { n }))));
    expect(replies.map((r) => r.extFields.echo)).toEqual(["1", "2", "3"]);
    expect(new Set(server.received.map((c) => c.opaque)).size).toBe(3);
    expect(server.sockets.size).toBe(1);
  });

  it("rejects at the deadline with an actionable message and drops the late reply", async () => {
    const events: ConnectionEvent[] = [];
    const server = await serve((cmd, socket, s) => setTimeout(() => echo(cmd, socket, s), 300));
    const conn = connect(server.address, { onEvent: (e) => events.push(e) });
    const err = await conn.request(createRequest(208), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect((err as Error).message).toBe(`broker-b ${server.address} did not answer within 0.1 s (request code 208)`);
    expect((err as RequestTimeoutError).retriable).toBe(true);
    await sleep(350);
    expect(events).toContainEqual({ type: "unknown_opaque", opaque: 1, code: 0 });
    expect(conn.inFlightCount).toBe(0);
  });

  it("rejects everything pending when the peer closes, then reconnects lazily", async () => {
    let drop = true;
    const server = await serve((cmd, socket, s) => {
      if (drop) socket.destroy();
      else echo(cmd, socket, s);
    });
    const conn = connect(server.address);
    const results = await Promise.allSettled([conn.request(createRequest(1)), conn.request(createRequest(2))]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionError);
    }
    drop = false;
    expect((await conn.request(createRequest(3, { n: 7 }))).extFields.echo).toBe("7");
  });

  it("says when nothing listens, backs off, and recovers once the peer is up", async () => {
    const probe = await serve(() => undefined);
    const port = probe.port;
    await probe.close();
    servers.splice(0);
    const conn = connect(`127.0.0.1:${port}`, { reconnectInitialMs: 300 });
    const first = (await conn.request(createRequest(1)).catch((e: Error) => e)) as Error;
    expect(first).toBeInstanceOf(ConnectionError);
    expect(first.message).toMatch(/refused the connection/);
    const second = (await conn.request(createRequest(1)).catch((e: Error) => e)) as Error;
    expect(second.message).toMatch(/next attempt in/);
    await serve(echo, port);
    await sleep(350);
    expect((await conn.request(createRequest(1, { n: 1 }))).extFields.echo).toBe("1");
  });

  it("doubles the reconnect backoff after each failed attempt up to reconnectMaxMs, and resets it after a success", async () => {
    const probe = await serve(() => undefined);
    const port = probe.port;
    await probe.close();
    servers.splice(0);
    // Only Date is faked: sockets and their timers stay real, the backoff clock is ours.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let attempts = 0;
      const conn = connect(`127.0.0.1:${port}`, {
        reconnectInitialMs: 1_000,
        reconnectMaxMs: 8_000,
        connect: (host, p) => {
          attempts++;
          return net.connect({ host, port: p });
        },
      });
      const fail = async () => (await conn.request(createRequest(1), { timeoutMs: 2_000 }).then(() => new Error("answered"), (e: Error) => e)).message;

      /**
       * Fails one real attempt and returns the backoff it started (ms), as announced by the next
       * request; checks that nothing touches the network until exactly that instant.
       */
      const observedDelay = async (): Promise<number> => {
        const before = attempts;
        expect(await fail()).toMatch(/refused the connection/);
        expect(attempts).toBe(before + 1);
        // The faked clock stands still: the failure and this request happen at the same instant.
        const failedAt = Date.now();
        const message = await fail();
        const announced = /next attempt in ([\d.]+) s/.exec(message);
        if (!announced) throw new Error(`expected a backoff refusal, got: ${message}`);
        const delay = Math.round(Number(announced[1]) * 1000);
        vi.setSystemTime(failedAt + delay - 1);
        expect(await fail()).toMatch(/next attempt in 0\.1 s/);
        expect(attempts).toBe(before + 1);
        vi.setSystemTime(failedAt + delay);
        return delay;
      };

      const delays: number[] = [];
      for (let i = 0; i < 6; i++) delays.push(await observedDelay());
      expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);

      // Once a connection succeeds the backoff starts over at reconnectInitialMs.
      const up = await serve(echo, port);
      expect((await conn.request(createRequest(1, { n: 5 }))).extFields.echo).toBe("5");
      await up.close();
      servers.splice(0);
      for (let i = 0; conn.isOpen && i < 100; i++) await sleep(10);
      expect(conn.isOpen).toBe(false);
      expect(await observedDelay()).toBe(1_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers broker-initiated sync requests REQUEST_CODE_NOT_SUPPORTED and ignores oneway ones", async () => {
    const replies: RemotingCommand[] = [];
    const events: ConnectionEvent[] = [];
    const server = await serve((cmd, socket, s) => {
      if (cmd.flag & 1) {
        replies.push(cmd);
        return;
      }
      s.send(socket, { ...createRequest(307, { consumerGroup: "g" }), opaque: 900 });
      s.send(socket, { ...createRequest(40, { consumerGroup: "g" }), flag: FLAG_ONEWAY, opaque: 901 });
      setTimeout(() => echo(cmd, socket, s), 50);
    });
    const conn = connect(server.address, { onEvent: (e) => events.push(e) });
    await conn.request(createRequest(14));
    await sleep(50);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ opaque: 900, code: 3, flag: 1 });
    expect(events).toContainEqual({ type: "broker_request", code: 40, oneway: true });
  });

  it("keeps at most maxInFlight requests outstanding and queues the rest", async () => {
    let outstanding = 0;
    let peak = 0;
    const server = await serve((cmd, socket, s) => {
      outstanding++;
      peak = Math.max(peak, outstanding);
      setTimeout(() => {
        outstanding--;
        echo(cmd, socket, s);
      }, 10);
    });
    const conn = connect(server.address, { maxInFlight: 2 });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, n) => conn.request(createRequest(14, { n }))));
    expect(replies.map((r) => Number(r.extFields.echo))).toEqual([...Array(10).keys()]);
    expect(peak).toBe(2);
  });

  it("refuses work beyond the queue bound", async () => {
    const server = await serve(() => undefined);
    const conn = connect(server.address, { maxInFlight: 1, maxQueued: 1, requestTimeoutMs: 200 });
    const results = await Promise.allSettled([1, 2, 3].map(() => conn.request(createRequest(14))));
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(BackpressureError);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(RequestTimeoutError);
  });

  it("closes an idle socket itself and reopens it on demand", async () => {
    const server = await serve(echo);
    const conn = connect(server.address, { idleCloseMs: 100 });
    await conn.request(createRequest(1));
    expect(conn.isOpen).toBe(true);
    await sleep(200);
    expect(conn.isOpen).toBe(false);
    expect((await conn.request(createRequest(1, { n: 2 }))).extFields.echo).toBe("2");
  });

  it("fails pending requests when the peer sends garbage", async () => {
    const server = await serve((_cmd, socket) => socket.write(Buffer.from([0, 0, 0, 2, 0, 0])));
    const conn = connect(server.address);
    const err = (await conn.request(createRequest(1)).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/undecodable frame/);
  });
});

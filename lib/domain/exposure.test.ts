import { describe, expect, it } from "vitest";
import { computeExposure, type ExposureInput } from "./exposure";
import { queueKey } from "./offsets";

const mq = (brokerName: string, queueId: number) => ({ topic: "Orders", brokerName, queueId });
const committed = (entries: Array<[string, number, bigint]>) => new Map(entries.map(([b, q, v]) => [queueKey(mq(b, q)), v]));

const push = (over: Partial<ExposureInput> = {}): ExposureInput => ({
  messageModel: "CLUSTERING",
  consumeType: "CONSUME_PASSIVELY",
  clients: [
    { clientId: "c1", reachable: true, queues: [{ mq: mq("broker-a", 0), commitOffset: 1_250n, dropped: false }, { mq: mq("broker-a", 1), commitOffset: 900n, dropped: false }] },
    { clientId: "c2", reachable: true, queues: [{ mq: mq("broker-b", 0), commitOffset: 40n, dropped: false }] },
  ],
  brokerCommitted: committed([
    ["broker-a", 0, 1_200n],
    ["broker-a", 1, 900n],
    ["broker-b", 0, 10n],
  ]),
  ...over,
});

describe("re-consumption exposure", () => {
  it("is unknown, never 0, for POP consumers (the broker commits at delivery)", () => {
    const e = computeExposure(push({ pop: true }));
    expect(e.total.known).toBe(false);
    expect(e.queues.every((q) => !q.exposure.known)).toBe(true);
    expect(e.explanation).toMatch(/^Unknown: POP consumer: the broker commits when it delivers/);
  });

  it("per queue: the client's in-memory commit offset minus the broker's committed offset; the group sums them", () => {
    const e = computeExposure(push());
    expect(e.queues.map((q) => [q.clientId, q.mq.queueId, q.exposure])).toEqual([
      ["c1", 0, { known: true, value: 50n }],
      ["c1", 1, { known: true, value: 0n }],
      ["c2", 0, { known: true, value: 30n }],
    ]);
    expect(e.total).toEqual({ known: true, value: 80n });
    expect(e.explanation).toMatch(/^80 message\(s\) consumed but not yet committed to the broker: /);
  });

  it("a broker offset ahead of the client's (a rewind, another client) is 0, not negative", () => {
    const e = computeExposure(push({ brokerCommitted: committed([["broker-a", 0, 5_000n], ["broker-a", 1, 900n], ["broker-b", 0, 40n]]) }));
    expect(e.total).toEqual({ known: true, value: 0n });
  });

  it("an unreachable client makes the total a lower bound; with no reachable client it is unknown", () => {
    const input = push();
    const e = computeExposure({ ...input, clients: [input.clients[0]!, { clientId: "c2", reachable: false, queues: [] }] });
    expect(e.total).toEqual({ known: true, value: 50n });
    expect(e.unreachableClients).toBe(1);
    expect(e.explanation).toContain("(at least: some queues or clients could not be read)");
    const none = computeExposure({ ...input, clients: [{ clientId: "c2", reachable: false, queues: [] }] });
    expect(none.total).toEqual({ known: false, reason: "1 client(s) could not be asked for their ProcessQueues" });
  });

  it("a queue without a readable broker offset is unknown, not 0", () => {
    const e = computeExposure(push({ brokerCommitted: committed([["broker-a", 0, 1_200n], ["broker-a", 1, -1n]]) }));
    expect(e.queues.find((q) => q.mq.queueId === 1)!.exposure).toMatchObject({ known: false });
    expect(e.queues.find((q) => q.mq.brokerName === "broker-b")!.exposure).toMatchObject({ known: false });
    expect(e.unknownQueues).toBe(2);
    expect(e.total).toEqual({ known: true, value: 50n });
  });

  it("BROADCASTING and pull consumers: unknown with the reason", () => {
    expect(computeExposure(push({ messageModel: "BROADCASTING" })).total).toEqual({ known: false, reason: expect.stringContaining("BROADCASTING") });
    const pull = computeExposure(push({ consumeType: "CONSUME_ACTIVELY" }));
    expect(pull.total).toMatchObject({ known: false, reason: expect.stringContaining("only when the application commits") });
    expect(pull.queues.every((q) => !q.exposure.known)).toBe(true);
  });

  it("dropped ProcessQueues do not count; two clients holding a queue during a rebalance count once (the larger)", () => {
    const e = computeExposure(
      push({
        clients: [
          { clientId: "c1", reachable: true, queues: [{ mq: mq("broker-a", 0), commitOffset: 1_300n, dropped: true }, { mq: mq("broker-a", 1), commitOffset: 950n, dropped: false }] },
          { clientId: "c2", reachable: true, queues: [{ mq: mq("broker-a", 1), commitOffset: 920n, dropped: false }] },
        ],
      }),
    );
    expect(e.total).toEqual({ known: true, value: 50n });
    expect(e.queues.map((q) => q.clientId)).toEqual(["c1", "c2"]);
  });
});

import { describe, expect, it } from "vitest";
import { packQueueOffsets, unpackQueueOffsets, type PackedQueue } from "./queueOffsets";

const q = (brokerName: string, queueId: number, brokerOffset: bigint | undefined, committed: bigint | undefined): PackedQueue => ({ brokerName, queueId, brokerOffset, committed });

describe("packQueueOffsets", () => {
  it("round-trips offsets, unknowns, a committed offset beyond the broker's, and int64 extremes", () => {
    const max = 2n ** 63n - 1n;
    const queues = [
      q("broker-a", 0, 1000n, 1000n),
      q("broker-a", 1, 1000n, 3n),
      q("broker-a", 7, 5n, 9n),
      q("broker-b", 0, undefined, undefined),
      q("broker-b", 1, 12n, undefined),
      q("broker-b", 300, max, 0n),
      q("broker-b", 2, 2n ** 53n + 1n, 2n ** 53n - 1n),
      q("经纪人-c", 0, 0n, 0n),
    ];
    expect(unpackQueueOffsets(packQueueOffsets(queues))).toEqual(queues);
  });

  it("drops a committed offset whose broker offset is unknown (it is stored relative to it)", () => {
    expect(unpackQueueOffsets(packQueueOffsets([q("b", 0, undefined, 5n)]))).toEqual([q("b", 0, undefined, undefined)]);
  });

  it("costs a few bytes per queue: 8 queues at offsets near a million, lag 0-100, in < 70 bytes", () => {
    const queues = Array.from({ length: 8 }, (_, i) => q(i < 4 ? "broker-a" : "broker-b", i % 4, 1_000_000n + BigInt(i), 1_000_000n + BigInt(i) - BigInt(i * 14)));
    const blob = packQueueOffsets(queues);
    expect(blob.length).toBeLessThan(70);
    expect(unpackQueueOffsets(blob)).toEqual(queues);
  });

  it("keeps the order of interleaved brokers", () => {
    const queues = [q("a", 0, 1n, 1n), q("b", 0, 2n, 2n), q("a", 1, 3n, 3n)];
    expect(unpackQueueOffsets(packQueueOffsets(queues))).toEqual(queues);
  });

  it("rejects truncated, trailing and unknown-version blobs", () => {
    const blob = packQueueOffsets([q("broker-a", 0, 100n, 50n)]);
    expect(() => unpackQueueOffsets(blob.subarray(0, blob.length - 1))).toThrow(/truncated/);
    expect(() => unpackQueueOffsets(new Uint8Array([...blob, 0]))).toThrow(/trailing/);
    expect(() => unpackQueueOffsets(new Uint8Array([9, 0]))).toThrow(/version 9/);
  });

  it("round-trips random offsets", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const queues = Array.from({ length: 1 + Math.floor(rnd() * 10) }, (_, i) => {
        const bo = rnd() < 0.1 ? undefined : BigInt(Math.floor(rnd() * 2 ** 40));
        const committed = bo === undefined || rnd() < 0.1 ? undefined : bo - BigInt(Math.floor(rnd() * 2000)) + 100n;
        return q(rnd() < 0.5 ? "a" : "b", i, bo, committed);
      });
      expect(unpackQueueOffsets(packQueueOffsets(queues))).toEqual(queues);
    }
  });
});

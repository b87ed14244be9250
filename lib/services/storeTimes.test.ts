// Store times of the first unconsumed messages: read once per (queue, offset), then answered from the cache,
// which /metrics reads without sending anything to a broker.
import { afterEach, describe, expect, it, vi } from "vitest";
import { computeQueueLag } from "@/lib/domain/lag";
import { RocketMQAdmin } from "@/lib/rocketmq/admin";
import type { DecodedMessage } from "@/lib/rocketmq/protocol/requests/pullMessage/messageDecoder";
import type { ClusterEntry } from "./clusterRegistry";
import { cachedStoreTimes, readStoreTimes } from "./storeTimes";

const broker = { brokerName: "broker-a", address: "127.0.0.1:1" };
const lagOf = (queueId: number, brokerOffset: bigint, consumerOffset: bigint, minOffset?: bigint) =>
  computeQueueLag({ mq: { topic: "TStore", brokerName: "broker-a", queueId }, brokerOffset, consumerOffset, minOffset, lastTimestamp: 0n });

function message(queueId: number, queueOffset: bigint, storeTimestamp: bigint): DecodedMessage {
  return {
    topic: "TStore",
    queueId,
    queueOffset,
    storeTimestamp,
    bornTimestamp: storeTimestamp,
    storeHost: "127.0.0.1:1",
    bornHost: "127.0.0.1:2",
    reconsumeTimes: 0,
    properties: {},
    offsetMsgId: "00",
    body: Buffer.alloc(0),
    bodyLength: 0,
    compressed: false,
    magicVersion: 1,
    storeSize: 0,
    bodyCRC: 0,
    flag: 0,
    sysFlag: 0,
    physicalOffset: 0n,
    preparedTransactionOffset: 0n,
  };
}

describe("cachedStoreTimes", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers what readStoreTimes read, for the same most lagging queues, without a request", async () => {
    const admin = new RocketMQAdmin({ nameServers: ["127.0.0.1:1"] });
    const cluster: ClusterEntry = { name: `store-times-${Math.random()}`, nameServers: ["127.0.0.1:1"], sandbox: false, admin };
    const pull = vi.spyOn(admin, "pullMessage").mockImplementation(async (_b, mq, offset) => ({
      status: "found",
      messages: [message(mq.queueId, offset, 1_000n + offset)],
      nextBeginOffset: offset + 1n,
      minOffset: 0n,
      maxOffset: 1_000n,
    }));
    // lags 90, 50, 10, 0; the last has none; queue 2's committed offset expired below min offset 30
    const lags = [lagOf(0, 100n, 10n), lagOf(1, 100n, 50n), lagOf(2, 100n, 20n, 30n), lagOf(3, 100n, 100n)];
    expect(cachedStoreTimes(cluster, lags, 2)).toEqual(new Map());

    const read = await readStoreTimes(cluster, lags, [broker], 2);
    expect(pull).toHaveBeenCalledTimes(2);
    expect(read).toEqual(
      new Map([
        ["TStore|broker-a|0", { atCommittedMs: 1_010n }],
        ["TStore|broker-a|2", { atMinOffsetMs: 1_030n }],
      ]),
    );
    expect(cachedStoreTimes(cluster, lags, 2)).toEqual(read);
    expect(pull).toHaveBeenCalledTimes(2);
    // a smaller limit takes the most lagging of them; a queue never read is simply absent
    expect(cachedStoreTimes(cluster, lags, 1)).toEqual(new Map([["TStore|broker-a|0", { atCommittedMs: 1_010n }]]));
    expect(cachedStoreTimes(cluster, lags, 4).has("TStore|broker-a|1")).toBe(false);
    // the group committed further: a new offset, not in the cache yet
    expect(cachedStoreTimes(cluster, [lagOf(0, 100n, 11n)], 4)).toEqual(new Map());
    admin.close();
  });
});

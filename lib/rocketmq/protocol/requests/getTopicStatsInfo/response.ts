import { asBigInt, asNumber, getField, readMessageQueueMap } from "../../fastjson";
import { compareMq, type MessageQueue } from "../../messageQueue";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { code } from "./request";

export interface QueueOffsetRange {
  mq: MessageQueue;
  minOffset: bigint;
  /** Next offset to be written. */
  maxOffset: bigint;
  /** Store time of the last message, ms (0 when empty). */
  lastUpdateTimestamp: bigint;
}

export interface TopicStats {
  queues: QueueOffsetRange[];
  /** 5.3.3+ brokers only. */
  topicPutTps: number | undefined;
}

export function decode(body: Buffer): TopicStats {
  const root = jsonBody(body, "GET_TOPIC_STATS_INFO");
  const queues = readMessageQueueMap(getField(root, "offsetTable") ?? [], (v) => ({
    minOffset: asBigInt(getField(v, "minOffset"), "minOffset"),
    maxOffset: asBigInt(getField(v, "maxOffset"), "maxOffset"),
    lastUpdateTimestamp: optional(getField(v, "lastUpdateTimestamp"), (x) => asBigInt(x, "lastUpdateTimestamp"), 0n),
  }))
    .map(({ mq, value }) => ({ mq, ...value }))
    .sort((a, b) => compareMq(a.mq, b.mq));
  return { queues, topicPutTps: optional(getField(root, "topicPutTps"), (x) => asNumber(x, "topicPutTps"), undefined) };
}

export function parse(reply: RemotingCommand, target: string): TopicStats {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

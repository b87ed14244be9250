import { asBigInt, asNumber, getField, readMessageQueueMap, type FjValue } from "../../fastjson";
import type { MessageQueue } from "../../messageQueue";
import { compareMq } from "../../messageQueue";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { code } from "./request";

export interface QueueConsumeStats {
  mq: MessageQueue;
  /** Next offset the broker will write (max offset). */
  brokerOffset: bigint;
  /** Committed offset; the broker reports "none" (-1) as 0. */
  consumerOffset: bigint;
  /** Next offset a consumer will pull (5.1+ brokers; undefined before). */
  pullOffset: bigint | undefined;
  /** Store time of message consumerOffset-1 (0 when none), in ms. */
  lastTimestamp: bigint;
}

export interface ConsumeStats {
  queues: QueueConsumeStats[];
  /** Messages pulled by the group per second over about the last minute (not acknowledged ones). */
  consumeTps: number;
}

/**
 * Body: {"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:
 *        {"brokerOffset":n,"consumerOffset":n,"lastTimestamp":n,"pullOffset":n},...}}
 */
export function decode(body: Buffer): ConsumeStats {
  const root = jsonBody(body, "GET_CONSUME_STATS");
  const queues = readMessageQueueMap(getField(root, "offsetTable") ?? [], (v: FjValue) => ({
    brokerOffset: asBigInt(getField(v, "brokerOffset"), "brokerOffset"),
    consumerOffset: asBigInt(getField(v, "consumerOffset"), "consumerOffset"),
    pullOffset: optional(getField(v, "pullOffset"), (x) => asBigInt(x, "pullOffset"), undefined),
    lastTimestamp: optional(getField(v, "lastTimestamp"), (x) => asBigInt(x, "lastTimestamp"), 0n),
  }))
    .map(({ mq, value }) => ({ mq, ...value }))
    .sort((a, b) => compareMq(a.mq, b.mq));
  return { queues, consumeTps: optional(getField(root, "consumeTps"), (x) => asNumber(x, "consumeTps"), 0) };
}

export function parse(reply: RemotingCommand, target: string): ConsumeStats {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

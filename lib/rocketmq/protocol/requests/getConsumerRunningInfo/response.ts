import { asArray, asBigInt, asBool, asEntries, asInt, asNumber, asString, getField, keyAsString, readMessageQueueMap, type FjValue } from "../../fastjson";
import { compareMq, type MessageQueue } from "../../messageQueue";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { readSubscription, type SubscriptionData } from "../getConsumerConnectionList/response";
import { code } from "./request";

/** A consumer's in-memory view of one queue (Java ProcessQueueInfo). */
export interface ProcessQueueInfo {
  mq: MessageQueue;
  /** The offset the client will commit (its offset store's value). */
  commitOffset: bigint;
  cachedMsgMinOffset: bigint;
  cachedMsgMaxOffset: bigint;
  cachedMsgCount: number;
  cachedMsgSizeInMiB: number;
  /** Orderly consumers: the messages being consumed. */
  transactionMsgMinOffset: bigint;
  transactionMsgMaxOffset: bigint;
  transactionMsgCount: number;
  locked: boolean;
  tryUnlockTimes: bigint;
  lastLockTimestamp: bigint;
  /** Java spells it `droped`, the Go client `dropped`; both are read. */
  dropped: boolean;
  lastPullTimestamp: bigint;
  lastConsumeTimestamp: bigint;
}

export interface PopProcessQueueInfo {
  mq: MessageQueue;
  waitAckCount: number;
  dropped: boolean;
  lastPopTimestamp: bigint;
}

export interface ConsumeStatus {
  topic: string;
  pullRT: number;
  pullTPS: number;
  consumeRT: number;
  consumeOKTPS: number;
  consumeFailedTPS: number;
  /** Failed messages in the last hour. */
  consumeFailedMsgs: bigint;
}

export interface ConsumerRunningInfo {
  properties: Record<string, string>;
  subscriptions: SubscriptionData[];
  processQueues: ProcessQueueInfo[];
  popProcessQueues: PopProcessQueueInfo[];
  status: ConsumeStatus[];
  jstack: string | undefined;
}

const big = (v: FjValue, name: string) => optional(getField(v, name), (x) => asBigInt(x, name), 0n);
const int = (v: FjValue, name: string) => optional(getField(v, name), (x) => asInt(x, name), 0);
const num = (v: FjValue, name: string) => optional(getField(v, name), (x) => asNumber(x, name), 0);
const droppedOf = (v: FjValue) =>
  optional(getField(v, "droped"), (x) => asBool(x, "droped"), false) || optional(getField(v, "dropped"), (x) => asBool(x, "dropped"), false);

function readProperties(v: FjValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v === null) return out;
  for (const [k, val] of asEntries(v, "properties")) {
    const key = keyAsString(k, "property");
    // Properties hold strings (numbers and booleans from non-Java clients are taken as text); an
    // object or array is a ProtocolError, not a TypeError from String() or "[object Object]".
    out[key] = typeof val === "string" ? val : val === null ? "" : typeof val === "object" ? asString(val, `property ${key}`) : String(val);
  }
  return out;
}

export function decode(body: Buffer): ConsumerRunningInfo {
  const root = jsonBody(body, "GET_CONSUMER_RUNNING_INFO");
  const processQueues = readMessageQueueMap(getField(root, "mqTable") ?? [], (v) => ({
    commitOffset: big(v, "commitOffset"),
    cachedMsgMinOffset: big(v, "cachedMsgMinOffset"),
    cachedMsgMaxOffset: big(v, "cachedMsgMaxOffset"),
    cachedMsgCount: int(v, "cachedMsgCount"),
    cachedMsgSizeInMiB: int(v, "cachedMsgSizeInMiB"),
    transactionMsgMinOffset: big(v, "transactionMsgMinOffset"),
    transactionMsgMaxOffset: big(v, "transactionMsgMaxOffset"),
    transactionMsgCount: int(v, "transactionMsgCount"),
    locked: optional(getField(v, "locked"), (x) => asBool(x, "locked"), false),
    tryUnlockTimes: big(v, "tryUnlockTimes"),
    lastLockTimestamp: big(v, "lastLockTimestamp"),
    dropped: droppedOf(v),
    lastPullTimestamp: big(v, "lastPullTimestamp"),
    lastConsumeTimestamp: big(v, "lastConsumeTimestamp"),
  }))
    .map(({ mq, value }) => ({ mq, ...value }))
    .sort((a, b) => compareMq(a.mq, b.mq));
  const popProcessQueues = readMessageQueueMap(getField(root, "mqPopTable") ?? [], (v) => ({
    waitAckCount: int(v, "waitAckCount"),
    dropped: droppedOf(v),
    lastPopTimestamp: big(v, "lastPopTimestamp"),
  }))
    .map(({ mq, value }) => ({ mq, ...value }))
    .sort((a, b) => compareMq(a.mq, b.mq));
  const status = asEntries(getField(root, "statusTable") ?? {}, "statusTable")
    .map(([k, v]) => ({
      topic: keyAsString(k, "topic"),
      pullRT: num(v, "pullRT"),
      pullTPS: num(v, "pullTPS"),
      consumeRT: num(v, "consumeRT"),
      consumeOKTPS: num(v, "consumeOKTPS"),
      consumeFailedTPS: num(v, "consumeFailedTPS"),
      consumeFailedMsgs: big(v, "consumeFailedMsgs"),
    }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
  const subscriptions = asArray(getField(root, "subscriptionSet") ?? [], "subscriptionSet")
    .map(readSubscription)
    .sort((a, b) => a.topic.localeCompare(b.topic));
  return {
    properties: readProperties(getField(root, "properties")),
    subscriptions,
    processQueues,
    popProcessQueues,
    status,
    jstack: optional(getField(root, "jstack"), (x) => asString(x, "jstack"), undefined),
  };
}

export function parse(reply: RemotingCommand, target: string): ConsumerRunningInfo {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

import { ResponseError } from "../../../errors";
import { asBigInt, getField, readMessageQueueMap, type FjValue } from "../../fastjson";
import { compareMq, type MessageQueue } from "../../messageQueue";
import type { RemotingCommand } from "../../remotingCommand";
import { ResponseCode } from "../../responseCode";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export interface ResetOffsetEntry {
  mq: MessageQueue;
  /** The offset the queue was (server-side) or will be (legacy push) reset to. */
  offset: bigint;
}

/**
 * Body: ResetOffsetBody {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:123,...}}
 * (also the JSON-string-key and gson-pair encodings). An empty or absent body, or a missing
 * offsetTable, gives []. Sorted by compareMq.
 */
export function decode(body: Buffer | undefined): ResetOffsetEntry[] {
  if (body === undefined || body.length === 0) return [];
  const root = jsonBody(body, "INVOKE_BROKER_TO_RESET_OFFSET");
  const table = getField(root, "offsetTable");
  if (table === undefined || table === null) return [];
  return readMessageQueueMap(table, (v: FjValue) => asBigInt(v, "offset"))
    .map(({ mq, value }) => ({ mq, offset: value }))
    .sort((a, b) => compareMq(a.mq, b.mq));
}

/**
 * The reset table. Non-SUCCESS codes throw a ResponseError; see `isConsumerNotOnline` and
 * `isLegacyGroupNotExist` for the two that callers handle.
 */
export function parse(reply: RemotingCommand, target: string): ResetOffsetEntry[] {
  expectCode(reply, target, code);
  return decode(reply.body);
}

/**
 * CONSUMER_NOT_ONLINE (206) from the legacy push path: no consumer of the group is connected to
 * this broker. Callers fall back to per-queue UPDATE_CONSUMER_OFFSET (15).
 */
export function isConsumerNotOnline(err: unknown): err is ResponseError {
  return err instanceof ResponseError && err.code === ResponseCode.CONSUMER_NOT_ONLINE;
}

/**
 * Broker2Client.resetOffset's SYSTEM_ERROR "THe consumer group <g> not exist" (sic, since 2014):
 * some queue of the topic has no committed offset for the group on this broker. Java's admin counts
 * it as success; read it as "no offsets on this broker".
 */
const LEGACY_GROUP_NOT_EXIST = /^the consumer group <.*> not exist/i;

export function isLegacyGroupNotExist(err: unknown): err is ResponseError {
  return (
    err instanceof ResponseError &&
    err.code === ResponseCode.SYSTEM_ERROR &&
    err.remark !== undefined &&
    LEGACY_GROUP_NOT_EXIST.test(err.remark.trim())
  );
}

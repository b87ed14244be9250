import type { RemotingCommand } from "../../remotingCommand";
import { ResponseCode } from "../../responseCode";
import { expectCode, extBigInt } from "../common";
import { code } from "./request";

/** The committed offset from a SUCCESS reply's ext `offset`. */
export function decode(reply: RemotingCommand): bigint {
  return extBigInt(reply, "offset", "QUERY_CONSUMER_OFFSET");
}

/**
 * The committed offset, or `null` when the broker has none for the queue (QUERY_NOT_FOUND, 22:
 * "nothing committed", not an error). Any other non-SUCCESS code throws a ResponseError.
 */
export function parse(reply: RemotingCommand, target: string): bigint | null {
  expectCode(reply, target, code, [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND]);
  if (reply.code === ResponseCode.QUERY_NOT_FOUND) return null;
  return decode(reply);
}

import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, extBigInt } from "../common";
import { code } from "./request";

/** The min offset from a SUCCESS reply's ext `offset`. */
export function decode(reply: RemotingCommand): bigint {
  return extBigInt(reply, "offset", "GET_MIN_OFFSET");
}

export function parse(reply: RemotingCommand, target: string): bigint {
  expectCode(reply, target, code);
  return decode(reply);
}

import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, extBigInt } from "../common";
import { code } from "./request";

/** The max offset (next offset to be written) from a SUCCESS reply's ext `offset`. */
export function decode(reply: RemotingCommand): bigint {
  return extBigInt(reply, "offset", "GET_MAX_OFFSET");
}

export function parse(reply: RemotingCommand, target: string): bigint {
  expectCode(reply, target, code);
  return decode(reply);
}

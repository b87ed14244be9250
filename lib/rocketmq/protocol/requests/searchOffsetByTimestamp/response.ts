import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, extBigInt } from "../common";
import { code } from "./request";

/** The offset found from a SUCCESS reply's ext `offset`. */
export function decode(reply: RemotingCommand): bigint {
  return extBigInt(reply, "offset", "SEARCH_OFFSET_BY_TIMESTAMP");
}

export function parse(reply: RemotingCommand, target: string): bigint {
  expectCode(reply, target, code);
  return decode(reply);
}

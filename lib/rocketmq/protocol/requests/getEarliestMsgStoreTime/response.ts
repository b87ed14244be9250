import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, extBigInt } from "../common";
import { code } from "./request";

/** The store time in ms from a SUCCESS reply's ext `timestamp`; `null` when the broker reports -1 (unknown). */
export function decode(reply: RemotingCommand): bigint | null {
  const ts = extBigInt(reply, "timestamp", "GET_EARLIEST_MSG_STORETIME");
  return ts < 0n ? null : ts;
}

export function parse(reply: RemotingCommand, target: string): bigint | null {
  expectCode(reply, target, code);
  return decode(reply);
}

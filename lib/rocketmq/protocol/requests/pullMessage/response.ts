import type { RemotingCommand } from "../../remotingCommand";
import { ResponseCode } from "../../responseCode";
import { expectCode, extBigInt } from "../common";
import { decodeMessages, type DecodedMessage } from "./messageDecoder";
import { code } from "./request";

export type { DecodedMessage } from "./messageDecoder";

interface PullOffsets {
  /** Where the next pull should start (for offset_moved: the corrected offset). */
  nextBeginOffset: bigint;
  minOffset: bigint;
  maxOffset: bigint;
  /** The broker id the broker suggests pulling from next (0 = master); absent if not sent. */
  suggestWhichBrokerId?: bigint;
  /** The store's GetMessageStatus name from the remark, e.g. "FOUND", "OFFSET_TOO_SMALL", "OFFSET_RESET". */
  storeStatus?: string;
}

export type PullNotFoundStatus = "no_new_msg" | "no_matched" | "offset_moved" | "retry";

export type PullMessageResult =
  | ({ status: "found"; messages: DecodedMessage[] } & PullOffsets)
  | ({ status: PullNotFoundStatus } & PullOffsets);

/** The messages of a SUCCESS body (empty or absent -> []). Throws ProtocolError("malformed_body"). */
export function decode(body: Buffer | undefined): DecodedMessage[] {
  return body === undefined ? [] : decodeMessages(body);
}

function offsets(reply: RemotingCommand): PullOffsets {
  const out: PullOffsets = {
    nextBeginOffset: extBigInt(reply, "nextBeginOffset", "PULL_MESSAGE"),
    minOffset: extBigInt(reply, "minOffset", "PULL_MESSAGE"),
    maxOffset: extBigInt(reply, "maxOffset", "PULL_MESSAGE"),
  };
  if (reply.extFields.suggestWhichBrokerId !== undefined) {
    out.suggestWhichBrokerId = extBigInt(reply, "suggestWhichBrokerId", "PULL_MESSAGE");
  }
  if (reply.remark !== undefined) out.storeStatus = reply.remark;
  return out;
}

/**
 * SUCCESS -> found; PULL_NOT_FOUND (19) -> no_new_msg; PULL_RETRY_IMMEDIATELY (20) -> no_matched when
 * the store said NO_MATCHED_MESSAGE, else retry (message being removed, slave redirect);
 * PULL_OFFSET_MOVED (21) -> offset_moved. None of these is an error; any other code throws a
 * ResponseError (e.g. SUBSCRIPTION_GROUP_NOT_EXIST 26, TOPIC_NOT_EXIST 17, NO_PERMISSION 16).
 */
export function parse(reply: RemotingCommand, target: string): PullMessageResult {
  expectCode(reply, target, code, [
    ResponseCode.SUCCESS,
    ResponseCode.PULL_NOT_FOUND,
    ResponseCode.PULL_RETRY_IMMEDIATELY,
    ResponseCode.PULL_OFFSET_MOVED,
  ]);
  const o = offsets(reply);
  switch (reply.code) {
    case ResponseCode.SUCCESS:
      return { status: "found", messages: decode(reply.body), ...o };
    case ResponseCode.PULL_NOT_FOUND:
      return { status: "no_new_msg", ...o };
    case ResponseCode.PULL_RETRY_IMMEDIATELY:
      return { status: reply.remark === "NO_MATCHED_MESSAGE" ? "no_matched" : "retry", ...o };
    default:
      return { status: "offset_moved", ...o };
  }
}

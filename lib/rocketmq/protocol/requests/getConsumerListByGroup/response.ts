import { ResponseError } from "../../../errors";
import { asArray, asString, getField } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { ResponseCode } from "../../responseCode";
import { expectCode, jsonBody, optional } from "../common";
import { code } from "./request";

/** Body: {"consumerIdList":["10.0.0.1@12345",...]}; a missing/null list gives []. */
export function decode(body: Buffer): string[] {
  const root = jsonBody(body, "GET_CONSUMER_LIST_BY_GROUP");
  return optional(getField(root, "consumerIdList"), (v) => asArray(v, "consumerIdList"), []).map((id) =>
    asString(id, "consumerIdList[]"),
  );
}

/** The client ids of the group connected to this broker; no client -> ResponseError (see isNoConsumerOnline). */
export function parse(reply: RemotingCommand, target: string): string[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

/**
 * The broker has no connected client of the group: SYSTEM_ERROR "no consumer for this group, <g>"
 * (what 38 answers), or CONSUMER_NOT_ONLINE (206).
 */
export function isNoConsumerOnline(err: unknown): err is ResponseError {
  if (!(err instanceof ResponseError)) return false;
  if (err.code === ResponseCode.CONSUMER_NOT_ONLINE) return true;
  return err.code === ResponseCode.SYSTEM_ERROR && err.remark !== undefined && err.remark.startsWith("no consumer for this group");
}

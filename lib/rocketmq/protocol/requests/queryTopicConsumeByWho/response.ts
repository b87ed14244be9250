import { asArray, asString, getField } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export function decode(body: Buffer): string[] {
  const root = jsonBody(body, "QUERY_TOPIC_CONSUME_BY_WHO");
  return asArray(getField(root, "groupList") ?? [], "groupList")
    .map((g) => asString(g, "group"))
    .sort();
}

export function parse(reply: RemotingCommand, target: string): string[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

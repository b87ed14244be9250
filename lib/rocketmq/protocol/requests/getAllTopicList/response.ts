import { asArray, asString, getField } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

/** Body `{"topicList":[...]}` (also the shape of QUERY_TOPICS_BY_CONSUMER, which adds brokerAddr). */
export function decodeTopicList(body: Buffer, what: string): string[] {
  const root = jsonBody(body, what);
  return asArray(getField(root, "topicList") ?? [], "topicList")
    .map((t) => asString(t, "topic"))
    .sort();
}

export function decode(body: Buffer): string[] {
  return decodeTopicList(body, "GET_ALL_TOPIC_LIST_FROM_NAMESERVER");
}

export function parse(reply: RemotingCommand, target: string): string[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

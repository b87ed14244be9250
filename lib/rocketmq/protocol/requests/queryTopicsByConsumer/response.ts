import type { RemotingCommand } from "../../remotingCommand";
import { expectCode } from "../common";
import { decodeTopicList } from "../getAllTopicList/response";
import { code } from "./request";

export function decode(body: Buffer): string[] {
  return decodeTopicList(body, "QUERY_TOPICS_BY_CONSUMER");
}

export function parse(reply: RemotingCommand, target: string): string[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

import { asBigInt, asEntries, getField, keyAsString, readMessageQueueMap } from "../../fastjson";
import { compareMq, type MessageQueue } from "../../messageQueue";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export interface ClientOffsets {
  clientId: string;
  offsets: Array<{ mq: MessageQueue; offset: bigint }>;
}

export function decode(body: Buffer): ClientOffsets[] {
  const root = jsonBody(body, "INVOKE_BROKER_TO_GET_CONSUMER_STATUS");
  return asEntries(getField(root, "consumerTable") ?? {}, "consumerTable")
    .map(([k, v]) => ({
      clientId: keyAsString(k, "clientId"),
      offsets: readMessageQueueMap(v, (x) => asBigInt(x, "offset"))
        .map(({ mq, value }) => ({ mq, offset: value }))
        .sort((a, b) => compareMq(a.mq, b.mq)),
    }))
    .sort((a, b) => a.clientId.localeCompare(b.clientId));
}

export function parse(reply: RemotingCommand, target: string): ClientOffsets[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

import { asArray, asBigInt, asEntries, asInt, asString, getField, type FjValue } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { code } from "./request";

export interface SubscriptionData {
  topic: string;
  /** The expression as written by the client ("*", "TagA || TagB", or SQL92). */
  subString: string;
  expressionType: string;
  tags: string[];
  subVersion: bigint;
}

export interface ClientConnection {
  clientId: string;
  clientAddr: string;
  language: string;
  /** MQVersion ordinal of the client library. */
  version: number;
}

export interface ConsumerConnection {
  connections: ClientConnection[];
  subscriptions: SubscriptionData[];
  /** CONSUME_ACTIVELY (pull) | CONSUME_PASSIVELY (push) | CONSUME_POP */
  consumeType: string | undefined;
  /** CLUSTERING | BROADCASTING */
  messageModel: string | undefined;
  consumeFromWhere: string | undefined;
}

export function readSubscription(v: FjValue): SubscriptionData {
  return {
    topic: asString(getField(v, "topic"), "subscription.topic"),
    subString: optional(getField(v, "subString"), (x) => asString(x, "subString"), "*"),
    expressionType: optional(getField(v, "expressionType"), (x) => asString(x, "expressionType"), "TAG"),
    tags: optional(getField(v, "tagsSet"), (x) => asArray(x, "tagsSet").map((t) => asString(t, "tag")).sort(), []),
    subVersion: optional(getField(v, "subVersion"), (x) => asBigInt(x, "subVersion"), 0n),
  };
}

const str = (v: FjValue | undefined, what: string) => optional(v, (x) => asString(x, what), undefined);

export function decode(body: Buffer): ConsumerConnection {
  const root = jsonBody(body, "GET_CONSUMER_CONNECTION_LIST");
  const connections = asArray(getField(root, "connectionSet") ?? [], "connectionSet")
    .map((c) => ({
      clientId: asString(getField(c, "clientId"), "clientId"),
      clientAddr: asString(getField(c, "clientAddr"), "clientAddr"),
      language: optional(getField(c, "language"), (x) => asString(x, "language"), "UNKNOWN"),
      version: optional(getField(c, "version"), (x) => asInt(x, "version"), 0),
    }))
    .sort((a, b) => a.clientId.localeCompare(b.clientId));
  const subscriptions = asEntries(getField(root, "subscriptionTable") ?? {}, "subscriptionTable")
    .map(([, v]) => readSubscription(v))
    .sort((a, b) => a.topic.localeCompare(b.topic));
  return {
    connections,
    subscriptions,
    consumeType: str(getField(root, "consumeType"), "consumeType"),
    messageModel: str(getField(root, "messageModel"), "messageModel"),
    consumeFromWhere: str(getField(root, "consumeFromWhere"), "consumeFromWhere"),
  };
}

export function parse(reply: RemotingCommand, target: string): ConsumerConnection {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

import { asBool, asEntries, asInt, getField, keyAsString, type FjValue } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { code } from "./request";

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeBroadcastEnable: boolean;
  consumeMessageOrderly: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  /** Broker id consumers read from (0 = master). */
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
}

const bool = (v: FjValue, name: string, fallback: boolean) => optional(getField(v, name), (x) => asBool(x, name), fallback);
const int = (v: FjValue, name: string, fallback: number) => optional(getField(v, name), (x) => asInt(x, name), fallback);

export function decode(body: Buffer): SubscriptionGroupConfig[] {
  const root = jsonBody(body, "GET_ALL_SUBSCRIPTIONGROUP_CONFIG");
  return asEntries(getField(root, "subscriptionGroupTable") ?? {}, "subscriptionGroupTable")
    .map(([k, v]) => ({
      groupName: keyAsString(k, "group name"),
      consumeEnable: bool(v, "consumeEnable", true),
      consumeBroadcastEnable: bool(v, "consumeBroadcastEnable", true),
      consumeMessageOrderly: bool(v, "consumeMessageOrderly", false),
      retryQueueNums: int(v, "retryQueueNums", 1),
      retryMaxTimes: int(v, "retryMaxTimes", 16),
      brokerId: int(v, "brokerId", 0),
      whichBrokerWhenConsumeSlowly: int(v, "whichBrokerWhenConsumeSlowly", 1),
    }))
    .sort((a, b) => a.groupName.localeCompare(b.groupName));
}

export function parse(reply: RemotingCommand, target: string): SubscriptionGroupConfig[] {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

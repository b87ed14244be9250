import { asArray, asInt, asString, getField, type FjValue } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody, optional } from "../common";
import { readBrokerData, type BrokerData } from "../getBrokerClusterInfo/response";
import { code } from "./request";

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** Bits: 8 PRIORITY, 4 READ, 2 WRITE, 1 INHERIT. */
  perm: number;
  topicSysFlag: number;
}

export interface TopicRoute {
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
}

export const PERM_READ = 4;
export const PERM_WRITE = 2;

export function decode(body: Buffer): TopicRoute {
  const root = jsonBody(body, "GET_ROUTEINFO_BY_TOPIC");
  const queueDatas = asArray(getField(root, "queueDatas") ?? [], "queueDatas")
    .map((q: FjValue) => ({
      brokerName: asString(getField(q, "brokerName"), "brokerName"),
      readQueueNums: asInt(getField(q, "readQueueNums"), "readQueueNums"),
      writeQueueNums: asInt(getField(q, "writeQueueNums"), "writeQueueNums"),
      perm: asInt(getField(q, "perm"), "perm"),
      topicSysFlag: optional(getField(q, "topicSysFlag"), (x) => asInt(x, "topicSysFlag"), 0),
    }))
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const brokerDatas = asArray(getField(root, "brokerDatas") ?? [], "brokerDatas")
    .map(readBrokerData)
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  return { queueDatas, brokerDatas };
}

export function parse(reply: RemotingCommand, target: string): TopicRoute {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

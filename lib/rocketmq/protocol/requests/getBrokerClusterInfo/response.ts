import { asArray, asEntries, asInt, asString, getField, keyAsString, type FjValue } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export interface BrokerAddress {
  /** 0 is the master. */
  brokerId: number;
  address: string;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  addresses: BrokerAddress[];
}

export interface ClusterInfo {
  brokers: BrokerData[];
  /** cluster name -> broker names */
  clusters: Array<{ cluster: string; brokerNames: string[] }>;
}

/** brokerAddrs in either encoding ({0:"a"} legacy, {"0":"a"} standard), sorted by brokerId. */
export function readBrokerAddrs(v: FjValue | undefined): BrokerAddress[] {
  if (v === undefined || v === null) return [];
  return asEntries(v, "brokerAddrs")
    .map(([k, addr]) => ({ brokerId: asInt(keyAsString(k, "brokerId"), "brokerId"), address: asString(addr, "broker address") }))
    .sort((a, b) => a.brokerId - b.brokerId);
}

export function readBrokerData(v: FjValue): BrokerData {
  return {
    cluster: asString(getField(v, "cluster"), "cluster"),
    brokerName: asString(getField(v, "brokerName"), "brokerName"),
    addresses: readBrokerAddrs(getField(v, "brokerAddrs")),
  };
}

export function decode(body: Buffer): ClusterInfo {
  const root = jsonBody(body, "GET_BROKER_CLUSTER_INFO");
  const brokers = asEntries(getField(root, "brokerAddrTable") ?? {}, "brokerAddrTable")
    .map(([, v]) => readBrokerData(v))
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const clusters = asEntries(getField(root, "clusterAddrTable") ?? {}, "clusterAddrTable")
    .map(([k, v]) => ({ cluster: keyAsString(k, "cluster"), brokerNames: asArray(v, "broker names").map((n) => asString(n, "broker name")).sort() }))
    .sort((a, b) => a.cluster.localeCompare(b.cluster));
  return { brokers, clusters };
}

export function parse(reply: RemotingCommand, target: string): ClusterInfo {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

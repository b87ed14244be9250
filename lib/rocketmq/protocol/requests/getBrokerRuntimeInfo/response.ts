import { asEntries, getField, keyAsString } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export interface BrokerRuntimeInfo {
  /** The raw table, every value a string as the broker sends it. */
  table: Record<string, string>;
  /** e.g. "V5_3_3" */
  version: string | undefined;
  bootTimestamp: bigint | undefined;
  /** Messages per second over the last 10 s / 1 min / 10 min. */
  putTps: [number, number, number] | undefined;
  getTotalTps: [number, number, number] | undefined;
}

function tps(raw: string | undefined): [number, number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.trim().split(/\s+/).map(Number);
  return parts.length === 3 && parts.every(Number.isFinite) ? [parts[0]!, parts[1]!, parts[2]!] : undefined;
}

export function decode(body: Buffer): BrokerRuntimeInfo {
  const root = jsonBody(body, "GET_BROKER_RUNTIME_INFO");
  const table: Record<string, string> = {};
  for (const [k, v] of asEntries(getField(root, "table") ?? {}, "table")) {
    table[keyAsString(k, "key")] = typeof v === "string" ? v : String(v);
  }
  const boot = table.bootTimestamp;
  return {
    table,
    version: table.brokerVersionDesc,
    bootTimestamp: boot !== undefined && /^\d+$/.test(boot) ? BigInt(boot) : undefined,
    putTps: tps(table.putTps),
    getTotalTps: tps(table.getTotalTps),
  };
}

export function parse(reply: RemotingCommand, target: string): BrokerRuntimeInfo {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

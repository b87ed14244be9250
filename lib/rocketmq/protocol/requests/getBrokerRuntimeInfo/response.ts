import { asEntries, asString, getField, keyAsString, type FjValue } from "../../fastjson";
import type { RemotingCommand } from "../../remotingCommand";
import { expectCode, jsonBody } from "../common";
import { code } from "./request";

export interface BrokerRuntimeInfo {
  /** The raw table, every value a string as the broker sends it. */
  table: Record<string, string>;
  /** e.g. "V5_3_3" */
  version: string | undefined;
  bootTimestamp: bigint | undefined;
  /** Messages per second over the last 10 s / 1 min / 10 min; a window the broker has not filled yet is undefined. */
  putTps: Tps | undefined;
  getTotalTps: Tps | undefined;
  /** Share of the commit-log disk in use, 0..1 (RocketMQ refuses writes above ~0.9). */
  commitLogDiskRatio: number | undefined;
}

export interface Tps {
  last10s: number | undefined;
  last1min: number | undefined;
  last10min: number | undefined;
}

/** "19.99 0.0 0.0", or "19.99  " right after start (windows not yet filled). */
function tps(raw: string | undefined): Tps | undefined {
  if (raw === undefined) return undefined;
  const [a, b, c] = raw.split(" ").map((p) => (p.trim() === "" || !Number.isFinite(Number(p)) ? undefined : Number(p)));
  return { last10s: a, last1min: b, last10min: c };
}

/** A value of the broker's HashMap<String,String>: scalars as text; an object or array is a ProtocolError (String() of one throws a TypeError or says "[object Object]"). */
function tableText(v: FjValue): string {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object") return asString(v, "runtime info table value");
  return String(v);
}

export function decode(body: Buffer): BrokerRuntimeInfo {
  const root = jsonBody(body, "GET_BROKER_RUNTIME_INFO");
  const table: Record<string, string> = {};
  for (const [k, v] of asEntries(getField(root, "table") ?? {}, "table")) {
    table[keyAsString(k, "key")] = tableText(v);
  }
  const boot = table.bootTimestamp;
  return {
    table,
    version: table.brokerVersionDesc,
    bootTimestamp: boot !== undefined && /^\d+$/.test(boot) ? BigInt(boot) : undefined,
    putTps: tps(table.putTps),
    getTotalTps: tps(table.getTotalTps),
    commitLogDiskRatio: table.commitLogDiskRatio !== undefined && Number.isFinite(Number(table.commitLogDiskRatio)) ? Number(table.commitLogDiskRatio) : undefined,
  };
}

export function parse(reply: RemotingCommand, target: string): BrokerRuntimeInfo {
  expectCode(reply, target, code);
  return decode(reply.body ?? Buffer.alloc(0));
}

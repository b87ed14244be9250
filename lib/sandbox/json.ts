/**
 * Writing reply bodies the way RocketMQ 5.3.3 (fastjson 1.2.x `JSON.toJSONString`) writes them:
 * - bean properties in alphabetical order, null properties omitted;
 * - Map<MessageQueue, V> keys written raw as the key object's JSON: `{{"brokerName":..}:v}`;
 * - Map<Integer|Long, V> keys written bare: `{0:"127.0.0.1:10911"}` (not valid JSON, on purpose);
 * - doubles as Java's Double.toString: `0.0`, `20.5`, `1.0E7`.
 * Every helper returns encoded JSON text; compose them. Maps are written in sorted key order so the
 * output is deterministic (Java's HashMap order is arbitrary; readers must not depend on it).
 */
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import { compareMq } from "../rocketmq/protocol/messageQueue";

export type Encoded = string;

export function str(s: string): Encoded {
  return JSON.stringify(s);
}

export function bool(b: boolean): Encoded {
  return b ? "true" : "false";
}

/** A Java long/int (must be an integer). */
export function long(n: number | bigint): Encoded {
  if (typeof n === "bigint") return n.toString();
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${n}`);
  return Object.is(n, -0) ? "0" : String(n);
}

/** A Java double as Double.toString writes it (NaN/Infinity are written as null, as fastjson does). */
export function double(x: number): Encoded {
  if (!Number.isFinite(x)) return "null";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return /[.e]/.test(s) ? s : `${s}.0`;
  }
  // Scientific: mantissa with at least one fractional digit, "E" and a signed exponent.
  const [mant = "0", exp = "0"] = x.toExponential().split("e");
  const m = mant.includes(".") ? mant : `${mant}.0`;
  return `${m}E${exp.startsWith("+") ? exp.slice(1) : exp}`;
}

/** A bean: properties sorted alphabetically, undefined values omitted. */
export function obj(fields: Record<string, Encoded | undefined>): Encoded {
  const keys = Object.keys(fields).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = fields[k];
    if (v !== undefined) parts.push(`${str(k)}:${v}`);
  }
  return `{${parts.join(",")}}`;
}

export function arr(values: readonly Encoded[]): Encoded {
  return `[${values.join(",")}]`;
}

/** A Map<String, V>, keys sorted. */
export function strMap(entries: Iterable<readonly [string, Encoded]>): Encoded {
  const list = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `{${list.map(([k, v]) => `${str(k)}:${v}`).join(",")}}`;
}

/** A Map<Integer|Long, V> with bare keys, sorted. `quoted` gives the BrowserCompatible form {"0":v}. */
export function intMap(entries: Iterable<readonly [number, Encoded]>, quoted = false): Encoded {
  const list = [...entries].sort((a, b) => a[0] - b[0]);
  return `{${list.map(([k, v]) => `${quoted ? str(String(k)) : long(k)}:${v}`).join(",")}}`;
}

/** A MessageQueue as fastjson writes it (fields alphabetical). */
export function mq(q: MessageQueue): Encoded {
  return `{"brokerName":${str(q.brokerName)},"queueId":${long(q.queueId)},"topic":${str(q.topic)}}`;
}

/** A Map<MessageQueue, V> with raw object keys, sorted by topic, broker name, queue id. */
export function mqMap(entries: Iterable<readonly [MessageQueue, Encoded]>): Encoded {
  const list = [...entries].sort((a, b) => compareMq(a[0], b[0]));
  return `{${list.map(([k, v]) => `${mq(k)}:${v}`).join(",")}}`;
}

/** A Map<String, String> (java.util.Properties): every value a string. */
export function properties(props: Record<string, string>): Encoded {
  return strMap(Object.entries(props).map(([k, v]) => [k, str(v)] as const));
}

export function utf8(text: Encoded): Buffer {
  return Buffer.from(text, "utf8");
}

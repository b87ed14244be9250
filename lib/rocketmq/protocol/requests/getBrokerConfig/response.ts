import type { RemotingCommand } from "../../remotingCommand";
import { expectCode } from "../common";
import { code } from "./request";

/**
 * The broker's configuration, key -> value, every value a string as the broker wrote it.
 * Insertion order follows the body (sorted by key from 5.x).
 */
export type BrokerConfig = ReadonlyMap<string, string>;

/**
 * Reads MixAll.properties2String output: one `key=value` per line, split at the first `=` (keys
 * never contain one; values may), nothing unescaped (the broker escapes nothing). A line without `=`
 * continues the previous value (a value with a line break); blank lines and a trailing `\r` are
 * ignored. An absent or empty body is an empty config.
 */
export function decode(body: Buffer | undefined): Map<string, string> {
  const config = new Map<string, string>();
  if (body === undefined || body.length === 0) return config;
  let last: string | undefined;
  for (const raw of body.toString("utf8").split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const eq = line.indexOf("=");
    if (eq > 0) {
      last = line.slice(0, eq);
      config.set(last, line.slice(eq + 1));
    } else if (last !== undefined && line !== "") {
      config.set(last, `${config.get(last)}\n${line}`);
    }
  }
  return config;
}

/** The reply header's `version` (DataVersion JSON text), when the broker sent one. */
export function dataVersion(reply: RemotingCommand): string | undefined {
  const v = reply.extFields.version;
  return v === undefined || v === "" ? undefined : v;
}

export function parse(reply: RemotingCommand, target: string): Map<string, string> {
  expectCode(reply, target, code);
  return decode(reply.body);
}

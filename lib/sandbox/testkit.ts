/**
 * Test helpers for the sandbox (imported by tests only): loading the captured 5.3.3 replies and
 * comparing the *shape* of two fastjson bodies (field names, key encodings, value kinds), ignoring
 * the values and the keys of data maps (group names, property names, ...).
 */
import path from "node:path";
import { FjMap, isRecord, parseFastjson, type FjValue } from "../rocketmq/protocol/fastjson";
import { decodeFrameBody, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import { loadHexFixture } from "../rocketmq/protocol/testing";

const REQUESTS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "rocketmq", "protocol", "requests");

/** A captured reply: lib/rocketmq/protocol/requests/<request>/fixtures/<name>.hex. */
export function fixtureReply(request: string, name: string): RemotingCommand {
  const buf = loadHexFixture(path.join(REQUESTS_DIR, request, "fixtures", `${name}.hex`));
  return decodeFrameBody(buf.subarray(4));
}

/** Objects whose keys are data (names), not field names: only their values' shapes are compared. */
const DATA_MAPS = new Set([
  "subscriptionGroupTable",
  "forbiddenTable",
  "properties",
  "table",
  "consumerTable",
  "subscriptionTable",
  "statusTable",
  "brokerAddrTable",
  "clusterAddrTable",
  "brokerAddrs",
  "filterServerTable",
  "attributes",
  "userConsumerInfo",
  "mqPopTable",
  "messageQueueTable",
]);

type Shape = string | { kind: "obj"; fields: Map<string, Shape> } | { kind: "map"; key: string; value: Shape | undefined } | { kind: "arr"; item: Shape | undefined };

function keyKind(k: FjValue): string {
  if (typeof k === "number" || typeof k === "bigint") return "bare-int";
  if (typeof k === "string") return "string";
  if (isRecord(k)) return `object{${Object.keys(k).sort().join(",")}}`;
  return typeof k;
}

function merge(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === "string" || typeof b === "string") return a;
  if (a.kind === "obj" && b.kind === "obj") {
    const fields = new Map(a.fields);
    for (const [k, v] of b.fields) fields.set(k, merge(fields.get(k), v) as Shape);
    return { kind: "obj", fields };
  }
  return a;
}

export function shapeOf(v: FjValue, field?: string): Shape {
  if (v === null) return "null";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (Array.isArray(v)) {
    let item: Shape | undefined;
    for (const x of v) item = merge(item, shapeOf(x));
    return { kind: "arr", item };
  }
  if (v instanceof FjMap) {
    let value: Shape | undefined;
    let key = "empty";
    for (const [k, x] of v.entries) {
      key = keyKind(k);
      value = merge(value, shapeOf(x));
    }
    return { kind: "map", key, value };
  }
  if (field !== undefined && DATA_MAPS.has(field)) {
    let value: Shape | undefined;
    let key = "empty";
    for (const k of Object.keys(v)) {
      key = "string";
      value = merge(value, shapeOf(v[k] as FjValue, `${field}[]`));
    }
    return { kind: "map", key, value };
  }
  const fields = new Map<string, Shape>();
  for (const k of Object.keys(v)) fields.set(k, shapeOf(v[k] as FjValue, k));
  return { kind: "obj", fields };
}

/** Differences between two shapes ("" path = root). Empty maps and arrays match anything. */
export function shapeDiff(expected: Shape, actual: Shape, where = "$"): string[] {
  if (typeof expected === "string" || typeof actual === "string") {
    return expected === actual ? [] : [`${where}: ${describe(expected)} vs ${describe(actual)}`];
  }
  if (expected.kind !== actual.kind) {
    // An empty map parses as an object with no fields.
    if (isEmpty(expected) || isEmpty(actual)) return [];
    return [`${where}: ${expected.kind} vs ${actual.kind}`];
  }
  if (expected.kind === "obj" && actual.kind === "obj") {
    const out: string[] = [];
    const keys = new Set([...expected.fields.keys(), ...actual.fields.keys()]);
    for (const k of [...keys].sort()) {
      const e = expected.fields.get(k);
      const a = actual.fields.get(k);
      if (e === undefined) out.push(`${where}.${k}: only in the sandbox`);
      else if (a === undefined) out.push(`${where}.${k}: missing in the sandbox`);
      else out.push(...shapeDiff(e, a, `${where}.${k}`));
    }
    return out;
  }
  if (expected.kind === "map" && actual.kind === "map") {
    if (expected.value === undefined || actual.value === undefined) return [];
    const out = expected.key === actual.key ? [] : [`${where}: keys ${expected.key} vs ${actual.key}`];
    return [...out, ...shapeDiff(expected.value, actual.value, `${where}[*]`)];
  }
  if (expected.kind === "arr" && actual.kind === "arr") {
    if (expected.item === undefined || actual.item === undefined) return [];
    return shapeDiff(expected.item, actual.item, `${where}[]`);
  }
  return [];
}

function isEmpty(s: Shape): boolean {
  if (typeof s === "string") return false;
  if (s.kind === "obj") return s.fields.size === 0;
  if (s.kind === "map") return s.value === undefined;
  return s.item === undefined;
}

function describe(s: Shape): string {
  return typeof s === "string" ? s : s.kind;
}

/** Parses a reply body as fastjson. */
export function bodyOf(cmd: RemotingCommand): FjValue {
  if (!cmd.body) throw new Error(`reply code ${cmd.code} has no body`);
  return parseFastjson(cmd.body);
}

/** The shape differences between a fixture reply's body and a sandbox reply's body. */
export function bodyShapeDiff(fixture: RemotingCommand, sandbox: RemotingCommand): string[] {
  return shapeDiff(shapeOf(bodyOf(fixture)), shapeOf(bodyOf(sandbox)));
}

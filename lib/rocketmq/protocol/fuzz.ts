/**
 * Seeded fuzzing of the wire-format layer, shared by fuzz.test.ts and bench/fuzz-protocol.ts.
 * The only acceptable failure for any input is a ProtocolError; anything else is thrown with a
 * reproduction (seed, case number, input in hex). `runFixtureFuzz` mutates the captured replies
 * (requests/*\/fixtures) through the frame decoder and every response parser, where the typed
 * reply errors (ResponseError, UnexpectedResponseError) are acceptable too, and times each case.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ResponseError, UnexpectedResponseError } from "../errors";
import { ProtocolError } from "./errors";
import { asBigInt, asInt, asNumber, getField, isRecord, parseFastjson, readMessageQueueMap, type FjValue } from "./fastjson";
import { FrameDecoder } from "./frameDecoder";
import { decodeFrameBody, encodeFrame, SerializeType, type RemotingCommand } from "./remotingCommand";
import * as subscriptionGroups from "./requests/getAllSubscriptionGroupConfig/response";
import * as topicList from "./requests/getAllTopicList/response";
import * as clusterInfo from "./requests/getBrokerClusterInfo/response";
import * as brokerConfig from "./requests/getBrokerConfig/response";
import * as runtime from "./requests/getBrokerRuntimeInfo/response";
import * as consumeStats from "./requests/getConsumeStats/response";
import * as connections from "./requests/getConsumerConnectionList/response";
import * as consumerList from "./requests/getConsumerListByGroup/response";
import * as runningInfo from "./requests/getConsumerRunningInfo/response";
import * as consumerStatus from "./requests/getConsumerStatus/response";
import * as earliest from "./requests/getEarliestMsgStoreTime/response";
import * as maxOffset from "./requests/getMaxOffset/response";
import * as minOffset from "./requests/getMinOffset/response";
import * as route from "./requests/getRouteInfoByTopic/response";
import * as topicStats from "./requests/getTopicStatsInfo/response";
import * as pull from "./requests/pullMessage/response";
import * as queryOffset from "./requests/queryConsumerOffset/response";
import * as consumeByWho from "./requests/queryTopicConsumeByWho/response";
import * as topicsByConsumer from "./requests/queryTopicsByConsumer/response";
import * as reset from "./requests/resetOffset/response";
import * as search from "./requests/searchOffsetByTimestamp/response";
import * as update from "./requests/updateConsumerOffset/response";
import { loadHexFixture, mulberry32 } from "./testing";

type Rng = () => number;

function int(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[int(rng, xs.length)] as T;
}

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = int(rng, 256);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Corpora
// ---------------------------------------------------------------------------------------------

function ext(obj: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, obj);
}

function corpusCommands(): RemotingCommand[] {
  const base = { language: "JAVA", version: 479 };
  const cmds: RemotingCommand[] = [];
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ] as const) {
    cmds.push({ ...base, code: 14, opaque: 7, flag: 0, serializeType, extFields: ext({ consumerGroup: "g1", queueId: "0", setZeroIfNotFound: "false", topic: "T" }) });
    cmds.push({ ...base, code: 0, opaque: 7, flag: 1, serializeType, extFields: ext({ offset: "250" }) });
    cmds.push({ ...base, code: 1, opaque: -5, flag: 1, serializeType, remark: "消费者不在线 not online", extFields: ext({}) });
    cmds.push({ ...base, code: 208, opaque: 2147483647, flag: 0, serializeType, extFields: ext({ consumerGroup: "g" }), body: Buffer.from('{"consumeTps":0.0,"offsetTable":{}}') });
    cmds.push({ ...base, code: 40, opaque: 3, flag: 2, serializeType, extFields: ext({ consumerGroup: "g" }), body: randomBytes(mulberry32(1), 300) });
  }
  return cmds;
}

const BODY_CORPUS: readonly string[] = [
  '{"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":9007199254740993,"consumerOffset":5,"lastTimestamp":1700000000000,"pullOffset":5},{"brokerName":"broker-a","queueId":1,"topic":"%RETRY%g1"}:{"brokerOffset":0,"consumerOffset":0,"lastTimestamp":0,"pullOffset":0}}}',
  '{"offsetTable":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":0,\\"topic\\":\\"T\\"}":5,"{\\"brokerName\\":\\"b\\",\\"queueId\\":1,\\"topic\\":\\"T\\"}":"9223372036854775807"}}',
  '{"offsetTable":[[{"brokerName":"b","queueId":0,"topic":"T"},123],[{"brokerName":"b","queueId":1,"topic":"T"},-1]]}',
  '{"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}',
  '{"dataVersion":{"counter":3,"stateVersion":0,"timestamp":1700000000000},"groupTopicMap":{"g":["T"]},"offsetTable":{"T@g":{0:123,1:456}}}',
  '{"properties":{"consumerGroup":"g","PROP_CLIENT_VERSION":"V5_3_3"},"statusTable":{"T":{"consumeFailedMsgs":0,"consumeFailedTPS":0.0,"consumeOKTPS":1.5E2,"consumeRT":-0.0,"pullRT":1e-3,"pullTPS":3.25}},"jstack":"\\"main\\" \\u4e2d\\ud83d\\ude00\\n\\tat x\\/y"}',
  '{"table":{"brokerVersionDesc":"V5_3_3","putTps":"1.0 2.0 3.0","中文":"值"}}',
  '[1,-0,0.5,true,false,null,"",[],{},{"":""}]',
];

const HOSTILE_PIECES: readonly string[] = [
  "9".repeat(1200),
  "[".repeat(600),
  "[".repeat(20_000),
  '{"a":'.repeat(4_000),
  '{"{\\"a\\":'.repeat(300),
  "\\u",
  "\\ud800",
  "00",
  "1e99999",
  '{"a":',
];

const BODY_ALPHABET = '{}[]:,"\\0123456789-+.eEtrufalsn \n\t\rabcxyzu中\ud83d\ude00'.split("");

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

export interface FuzzStats {
  frameCases: number;
  frameCommands: number;
  frameErrors: number;
  bodyCases: number;
  bodyValues: number;
  bodyErrors: number;
}

function mutateFrame(rng: Rng, valid: Buffer): Buffer {
  const b = Buffer.from(valid);
  const m = int(rng, 8);
  switch (m) {
    case 0: {
      // Bit flips.
      const flips = 1 + int(rng, 8);
      for (let f = 0; f < flips; f++) {
        const i = int(rng, b.length);
        b[i] = (b[i] as number) ^ (1 << int(rng, 8));
      }
      return b;
    }
    case 1:
      // Truncation.
      return b.subarray(0, int(rng, b.length));
    case 2: {
      // Total length tampering.
      const choices = [0, 1, 3, 4, 5, 0x7fffffff, 0xffffffff, 0x01000000, b.length - 4 + int(rng, 9) - 4, int(rng, 2 ** 32)];
      b.writeUInt32BE(pick(rng, choices) >>> 0, 0);
      return b;
    }
    case 3: {
      // Serialize type / header length tampering.
      if (b.length >= 8) {
        const hl = b.readUInt32BE(4) & 0xffffff;
        const type = pick(rng, [0, 1, 2, 0xff, int(rng, 256)]);
        const len = pick(rng, [hl, hl + 1, hl - 1, 0, 0xffffff, int(rng, 0x1000000)]) & 0xffffff;
        b.writeUInt32BE(((type << 24) | len) >>> 0, 4);
      }
      return b;
    }
    case 4: {
      // Overwrite a run of bytes inside the header.
      const start = 8 + int(rng, Math.max(1, b.length - 8));
      const n = 1 + int(rng, 8);
      for (let i = start; i < Math.min(b.length, start + n); i++) b[i] = int(rng, 256);
      return b;
    }
    case 5: {
      // Binary header: tamper with a length field.
      if (b.length >= 8 + 21) {
        const at = pick(rng, [8 + 13, 8 + 17 + Math.max(0, b.readInt32BE(8 + 13))]);
        if (at + 4 <= b.length) b.writeInt32BE(pick(rng, [-1, 0, 1, 0x7fffffff, -0x80000000, int(rng, 1000)]), at);
      }
      return b;
    }
    case 6: {
      // Insert or delete bytes.
      const at = int(rng, b.length + 1);
      return rng() < 0.5
        ? Buffer.concat([b.subarray(0, at), randomBytes(rng, 1 + int(rng, 16)), b.subarray(at)])
        : Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(rng, 16)))]);
    }
    default:
      return b;
  }
}

function chunked(rng: Rng, stream: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let off = 0;
  while (off < stream.length) {
    const n = rng() < 0.2 ? 1 : 1 + int(rng, 64);
    chunks.push(stream.subarray(off, off + n));
    off += n;
  }
  return chunks;
}

function unexpected(kind: string, seed: number, i: number, input: Buffer | string, err: unknown): never {
  const shown = typeof input === "string" ? JSON.stringify(input) : input.toString("hex");
  throw new Error(`fuzz: ${kind} case ${i} (seed ${seed}) threw a non-ProtocolError: ${String(err)}\ninput: ${shown}`, { cause: err });
}

function runFrameCase(rng: Rng, frames: readonly Buffer[], stats: FuzzStats, seed: number, i: number): void {
  let stream: Buffer;
  const mode = int(rng, 10);
  if (mode === 0) {
    stream = randomBytes(rng, int(rng, 64));
  } else if (mode === 1) {
    // Random bytes after a plausible length prefix.
    const body = randomBytes(rng, 4 + int(rng, 60));
    stream = Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
  } else {
    const parts: Buffer[] = [];
    const count = 1 + int(rng, 3);
    for (let k = 0; k < count; k++) parts.push(pick(rng, frames));
    const at = int(rng, count);
    parts[at] = mutateFrame(rng, parts[at] as Buffer);
    stream = Buffer.concat(parts);
  }
  const dec = new FrameDecoder({ maxFrameBytes: rng() < 0.1 ? 64 : 1024 * 1024 });
  try {
    for (const c of chunked(rng, stream)) stats.frameCommands += dec.push(c).length;
  } catch (err) {
    if (!(err instanceof ProtocolError)) unexpected("frame", seed, i, stream, err);
    stats.frameErrors++;
    try {
      dec.push(Buffer.from([0, 0, 0, 0]));
      unexpected("frame", seed, i, stream, new Error("decoder was not poisoned"));
    } catch (again) {
      if (!(again instanceof ProtocolError) || again.kind !== "decoder_poisoned") unexpected("frame", seed, i, stream, again);
    }
  }
  stats.frameCases++;
}

function mutateBody(rng: Rng, s: string): string {
  const ops = 1 + int(rng, 3);
  let out = s;
  for (let k = 0; k < ops; k++) {
    const at = int(rng, out.length + 1);
    switch (int(rng, 6)) {
      case 0:
        out = out.slice(0, at) + pick(rng, BODY_ALPHABET) + out.slice(at + 1);
        break;
      case 1:
        out = out.slice(0, at) + pick(rng, BODY_ALPHABET) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at + 1 + int(rng, 8));
        break;
      case 3:
        out = out.slice(0, at);
        break;
      case 4: {
        const from = int(rng, out.length);
        out = out.slice(0, at) + out.slice(from, from + int(rng, 40)) + out.slice(at);
        break;
      }
      default:
        out = out.slice(0, at) + pick(rng, HOSTILE_PIECES) + out.slice(at);
    }
  }
  return out;
}

function exercise(v: FjValue): void {
  // Typed-decoder helpers must fail only with ProtocolError too.
  if (!isRecord(v)) return;
  const table = getField(v, "offsetTable");
  if (table === undefined) return;
  readMessageQueueMap(table, (x) => (isRecord(x) ? asBigInt(getField(x, "brokerOffset")) : typeof x === "number" ? asNumber(x) : asInt(x)));
}

function runBodyCase(rng: Rng, stats: FuzzStats, seed: number, i: number): void {
  const mode = int(rng, 10);
  let input: string | Buffer;
  if (mode < 3) {
    const n = int(rng, 80);
    let s = "";
    for (let k = 0; k < n; k++) s += pick(rng, BODY_ALPHABET);
    input = s;
  } else if (mode === 3) {
    input = randomBytes(rng, int(rng, 80));
  } else {
    const s = mutateBody(rng, pick(rng, BODY_CORPUS));
    input = rng() < 0.5 ? s : Buffer.from(s, "utf8");
  }
  try {
    const v = parseFastjson(input, { fatalUtf8: rng() < 0.5 });
    stats.bodyValues++;
    try {
      exercise(v);
    } catch (err) {
      if (!(err instanceof ProtocolError)) unexpected("body helper", seed, i, input, err);
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) unexpected("body", seed, i, input, err);
    stats.bodyErrors++;
  }
  stats.bodyCases++;
}

/** Runs `frameCases` frame-decoder cases and `bodyCases` parser cases from one seed. */
export function runFuzz(opts: { seed: number; frameCases: number; bodyCases: number }): FuzzStats {
  const stats: FuzzStats = { frameCases: 0, frameCommands: 0, frameErrors: 0, bodyCases: 0, bodyValues: 0, bodyErrors: 0 };
  const frames = corpusCommands().map(encodeFrame);
  const frameRng = mulberry32(opts.seed);
  for (let i = 0; i < opts.frameCases; i++) runFrameCase(frameRng, frames, stats, opts.seed, i);
  const bodyRng = mulberry32(opts.seed ^ 0x5bd1e995);
  for (let i = 0; i < opts.bodyCases; i++) runBodyCase(bodyRng, stats, opts.seed, i);
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Captured fixtures: mutated real replies through the frame decoder and every response parser
// ---------------------------------------------------------------------------------------------

/** Every request module's reply parser, by directory name under ./requests. */
export const RESPONSE_PARSERS: Readonly<Record<string, (reply: RemotingCommand, target: string) => unknown>> = {
  getAllSubscriptionGroupConfig: subscriptionGroups.parse,
  getAllTopicList: topicList.parse,
  getBrokerClusterInfo: clusterInfo.parse,
  getBrokerConfig: brokerConfig.parse,
  getBrokerRuntimeInfo: runtime.parse,
  getConsumeStats: consumeStats.parse,
  getConsumerConnectionList: connections.parse,
  getConsumerListByGroup: consumerList.parse,
  getConsumerRunningInfo: runningInfo.parse,
  getConsumerStatus: consumerStatus.parse,
  getEarliestMsgStoreTime: earliest.parse,
  getMaxOffset: maxOffset.parse,
  getMinOffset: minOffset.parse,
  getRouteInfoByTopic: route.parse,
  getTopicStatsInfo: topicStats.parse,
  pullMessage: pull.parse,
  queryConsumerOffset: queryOffset.parse,
  queryTopicConsumeByWho: consumeByWho.parse,
  queryTopicsByConsumer: topicsByConsumer.parse,
  resetOffset: reset.parse,
  searchOffsetByTimestamp: search.parse,
  updateConsumerOffset: update.parse,
};

export interface FixtureFrame {
  /** module/file, e.g. "getConsumeStats/v5_one_topic.hex". */
  name: string;
  module: string;
  /** The captured frame, length prefix included. */
  frame: Buffer;
  command: RemotingCommand;
}

let fixtureCorpus: FixtureFrame[] | undefined;

/** Every `requests/<module>/fixtures/*.hex` reply (what fixtures.test.ts loads), sorted by name. */
export function loadFixtureCorpus(): FixtureFrame[] {
  if (fixtureCorpus) return fixtureCorpus;
  const requests = fileURLToPath(new URL("./requests/", import.meta.url));
  const out: FixtureFrame[] = [];
  for (const mod of fs.readdirSync(requests).sort()) {
    const dir = path.join(requests, mod, "fixtures");
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(".hex")) continue;
      const frame = loadHexFixture(path.join(dir, file));
      out.push({ name: `${mod}/${file}`, module: mod, frame, command: decodeFrameBody(frame.subarray(4)) });
    }
  }
  fixtureCorpus = out;
  return out;
}

export interface FixtureFuzzStats {
  cases: number;
  /** Cases fed through the frame decoder (then every decoded command through a parser). */
  frameCases: number;
  /** Cases that mutated a decoded command (body, ext fields, code) and called a parser directly. */
  parseCases: number;
  framesDecoded: number;
  frameErrors: number;
  parsed: number;
  /** Typed failures of parse(), by class name. */
  parseErrors: Record<string, number>;
  slowestCaseMs: number;
  slowestCase: number;
}

/** What parse() may throw: the wire-format error and the client's typed reply errors. */
export function isTypedParseError(err: unknown): boolean {
  return err instanceof ProtocolError || err instanceof ResponseError || err instanceof UnexpectedResponseError;
}

const HOSTILE_VALUES: readonly string[] = [
  "-1",
  "0",
  "-0",
  "1.5",
  "1e400",
  "-1e400",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775809",
  "9".repeat(40),
  "2147483648",
  "NaN",
  "null",
  "true",
  '""',
  '"x"',
  '"-1"',
  "[]",
  "{}",
  '[{"a":1}]',
  '{"brokerName":"b","queueId":-1,"topic":""}',
  '{"brokerName":null,"queueId":"0","topic":1}',
];

const HOSTILE_EXT: readonly string[] = ["", "-1", "0", "abc", "1.5", "1e3", "0x10", " 1", "9".repeat(30), "-9223372036854775809", "9223372036854775807", "\u0000", "中"];

/** Replaces the JSON token (number or string) at or after a random position with a hostile value. */
function swapToken(rng: Rng, s: string): string {
  const re = rng() < 0.5 ? /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g : /"(?:[^"\\]|\\.)*"/g;
  re.lastIndex = int(rng, s.length + 1);
  const m = re.exec(s);
  if (!m) return s;
  return s.slice(0, m.index) + pick(rng, HOSTILE_VALUES) + s.slice(m.index + m[0].length);
}

function mutateBodyBytes(rng: Rng, body: Buffer, corpus: readonly FixtureFrame[]): Buffer {
  const b = Buffer.from(body);
  switch (int(rng, 6)) {
    case 0: {
      const flips = 1 + int(rng, 8);
      for (let f = 0; f < flips && b.length > 0; f++) {
        const i = int(rng, b.length);
        b[i] = (b[i] as number) ^ (1 << int(rng, 8));
      }
      return b;
    }
    case 1:
      return b.subarray(0, int(rng, b.length + 1));
    case 2: {
      const at = int(rng, b.length + 1);
      return Buffer.concat([b.subarray(0, at), randomBytes(rng, 1 + int(rng, 32)), b.subarray(at)]);
    }
    case 3: {
      // Splice in a piece of another captured body.
      const other = pick(rng, corpus).command.body ?? Buffer.alloc(0);
      const from = int(rng, other.length + 1);
      const at = int(rng, b.length + 1);
      return Buffer.concat([b.subarray(0, at), other.subarray(from, from + int(rng, 200)), b.subarray(at + int(rng, 50))]);
    }
    case 4: {
      // Binary bodies (pullMessage): tamper with a 4- or 8-byte field.
      if (b.length >= 8) {
        const at = int(rng, b.length - 7);
        if (rng() < 0.5) b.writeInt32BE(pick(rng, [-1, 0, 1, 0x7fffffff, -0x80000000, int(rng, 1 << 16), b.length]), at);
        else b.writeBigInt64BE(pick(rng, [-1n, 0n, 0x7fffffffffffffffn, -0x8000000000000000n]), at);
      }
      return b;
    }
    default:
      return Buffer.concat([b, b.subarray(0, int(rng, b.length + 1))]);
  }
}

function mutateCommand(rng: Rng, cmd: RemotingCommand, corpus: readonly FixtureFrame[]): RemotingCommand {
  const out: RemotingCommand = { ...cmd, extFields: Object.assign(Object.create(null) as Record<string, string>, cmd.extFields) };
  const ops = 1 + int(rng, 3);
  for (let k = 0; k < ops; k++) {
    const what = int(rng, 10);
    const body = out.body ?? Buffer.alloc(0);
    if (what < 4) {
      const text = body.toString("utf8");
      const mutated = rng() < 0.6 ? swapToken(rng, text) : mutateBody(rng, text);
      out.body = Buffer.from(mutated, "utf8");
    } else if (what < 7) {
      out.body = mutateBodyBytes(rng, body, corpus);
    } else if (what === 7) {
      const keys = Object.keys(out.extFields);
      const key = keys.length > 0 && rng() < 0.8 ? pick(rng, keys) : pick(rng, ["offset", "minOffset", "maxOffset", "timestamp", "suspendOffset", "nextBeginOffset"]);
      if (rng() < 0.2) delete out.extFields[key];
      else out.extFields[key] = pick(rng, HOSTILE_EXT);
    } else if (what === 8) {
      // Error replies parsed as successes and the other way round, or an unlisted code.
      out.code = pick(rng, [0, 0, 1, 2, 17, 19, 20, 21, 22, 206, int(rng, 70000) - 1000]);
      if (rng() < 0.3) out.remark = rng() < 0.5 ? undefined : pick(rng, HOSTILE_EXT);
    } else {
      out.body = rng() < 0.5 ? undefined : Buffer.alloc(0);
    }
  }
  return out;
}

const FIXTURE_TARGET = "broker-a 127.0.0.1:10911";

function describeCase(seed: number, i: number, fixture: string, input: Buffer | RemotingCommand): string {
  const bytes = Buffer.isBuffer(input) ? input : encodeFrame(input);
  const hex = bytes.toString("hex");
  return `seed ${seed}, case ${i}, fixture ${fixture} (replay: runFixtureCase(${seed}, ${i}))\ninput frame: ${hex.length > 4096 ? `${hex.slice(0, 4096)}... (${bytes.length} bytes)` : hex}`;
}

function parseWith(module: string, parsers: Readonly<Record<string, (reply: RemotingCommand, target: string) => unknown>>, cmd: RemotingCommand, stats: FixtureFuzzStats, where: () => string): void {
  const parser = parsers[module];
  if (!parser) throw new Error(`fuzz: no parser for ${module}`);
  try {
    parser(cmd, FIXTURE_TARGET);
    stats.parsed++;
  } catch (err) {
    if (!isTypedParseError(err)) {
      throw new Error(`fuzz: ${module} parse() threw ${err instanceof Error ? err.name : typeof err}, not a ProtocolError/ResponseError/UnexpectedResponseError: ${String(err)}\n${where()}`, { cause: err });
    }
    const name = (err as Error).name;
    stats.parseErrors[name] = (stats.parseErrors[name] ?? 0) + 1;
  }
}

export interface FixtureFuzzOptions {
  seed: number;
  cases: number;
  /** A case taking longer than this fails the run as a hang (default 1000 ms). */
  caseLimitMs?: number;
  /** Parsers by module (default RESPONSE_PARSERS; tests substitute a slow one). */
  parsers?: Readonly<Record<string, (reply: RemotingCommand, target: string) => unknown>>;
  /** First case number (default 0); with `cases: 1` replays one case. */
  firstCase?: number;
}

function caseRng(seed: number, i: number): Rng {
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
}

function runOneFixtureCase(seed: number, i: number, corpus: readonly FixtureFrame[], parsers: FixtureFuzzOptions["parsers"] & object, stats: FixtureFuzzStats): void {
  const rng = caseRng(seed, i);
  const modules = Object.keys(parsers);
  const fixture = pick(rng, corpus);
  // Mostly the fixture's own parser; sometimes another one (a body of the wrong shape).
  const parserFor = (own: string) => (rng() < 0.8 ? own : pick(rng, modules));
  if (rng() < 0.4) {
    stats.frameCases++;
    const parts: FixtureFrame[] = [fixture];
    if (rng() < 0.3) parts.push(pick(rng, corpus));
    const stream = Buffer.concat(parts.map((p, k) => (k === 0 ? mutateFrame(rng, p.frame) : p.frame)));
    const where = () => describeCase(seed, i, parts.map((p) => p.name).join("+"), stream);
    const dec = new FrameDecoder({ maxFrameBytes: rng() < 0.1 ? 4096 : 1024 * 1024 });
    const decoded: RemotingCommand[] = [];
    try {
      for (const c of chunked(rng, stream)) for (const cmd of dec.push(c)) decoded.push(cmd);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw new Error(`fuzz: frame decoder threw a non-ProtocolError: ${String(err)}\n${where()}`, { cause: err });
      stats.frameErrors++;
    }
    stats.framesDecoded += decoded.length;
    decoded.forEach((cmd, k) => parseWith(parserFor((parts[k] ?? fixture).module), parsers, cmd, stats, where));
  } else {
    stats.parseCases++;
    const cmd = rng() < 0.95 ? mutateCommand(rng, fixture.command, corpus) : fixture.command;
    parseWith(parserFor(fixture.module), parsers, cmd, stats, () => describeCase(seed, i, fixture.name, cmd));
  }
}

/**
 * Mutates the captured fixtures: 40% of the cases as frames through a chunked FrameDecoder (then
 * every decoded command through its parser), 60% as commands (body text tokens, body bytes, ext
 * fields, response code) straight into parse(); one case in five uses another module's parser.
 * Throws, with the seed and case number, on anything but a typed error or on a case slower than
 * `caseLimitMs`. Each case has its own PRNG: `runFixtureCase(seed, i)` replays case i alone.
 */
export function runFixtureFuzz(opts: FixtureFuzzOptions): FixtureFuzzStats {
  const corpus = loadFixtureCorpus();
  const parsers = opts.parsers ?? RESPONSE_PARSERS;
  const limit = opts.caseLimitMs ?? 1000;
  const stats: FixtureFuzzStats = { cases: 0, frameCases: 0, parseCases: 0, framesDecoded: 0, frameErrors: 0, parsed: 0, parseErrors: {}, slowestCaseMs: 0, slowestCase: -1 };
  const first = opts.firstCase ?? 0;
  for (let i = first; i < first + opts.cases; i++) {
    const started = performance.now();
    runOneFixtureCase(opts.seed, i, corpus, parsers, stats);
    const ms = performance.now() - started;
    if (ms > stats.slowestCaseMs) {
      stats.slowestCaseMs = ms;
      stats.slowestCase = i;
    }
    if (ms > limit) {
      throw new Error(`fuzz: fixture case ${i} (seed ${opts.seed}) took ${ms.toFixed(0)} ms, over the ${limit} ms limit (a hang or super-linear input); replay: runFixtureCase(${opts.seed}, ${i})`);
    }
    stats.cases++;
  }
  return stats;
}

/** Replays one fixture case (throws as runFixtureFuzz would). */
export function runFixtureCase(seed: number, i: number, opts: Omit<FixtureFuzzOptions, "seed" | "cases" | "firstCase"> = {}): FixtureFuzzStats {
  return runFixtureFuzz({ ...opts, seed, cases: 1, firstCase: i });
}

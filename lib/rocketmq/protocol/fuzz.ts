/**
 * Seeded fuzzing of the wire-format layer, shared by fuzz.test.ts and bench/fuzz-protocol.ts.
 * The only acceptable failure for any input is a ProtocolError; anything else is thrown with a
 * reproduction (seed, case number, input in hex).
 */
import { ProtocolError } from "./errors";
import { asBigInt, asInt, asNumber, getField, isRecord, parseFastjson, readMessageQueueMap, type FjValue } from "./fastjson";
import { FrameDecoder } from "./frameDecoder";
import { encodeFrame, SerializeType, type RemotingCommand } from "./remotingCommand";
import { mulberry32 } from "./testing";

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

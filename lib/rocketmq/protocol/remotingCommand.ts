/**
 * The RocketMQ remoting command and its frame codec.
 *
 * Frame (big-endian):
 *   int32 totalLength        = 4 + headerLength + bodyLength (does not count itself)
 *   int32 typeAndHeaderLen   high byte: serialize type (0 JSON, 1 ROCKETMQ); low 24 bits: headerLength
 *   byte[headerLength]       header
 *   byte[rest]               body (may be empty)
 *
 * JSON header (fastjson: properties alphabetical, nulls omitted):
 *   {"code":14,"extFields":{"k":"v"},"flag":0,"language":"JAVA","opaque":7,"remark":"..",
 *    "serializeTypeCurrentRPC":"JSON","version":479}
 *
 * ROCKETMQ (binary) header, 21 fixed bytes plus strings (UTF-8):
 *   i16 code | i8 language | i16 version | i32 opaque | i32 flag | i32 remarkLen | remark |
 *   i32 extLen | { i16 keyLen | key | i32 valLen | val }*
 *   (a remark length of 0 means no remark)
 */
import { ProtocolError } from "./errors";
import { FjMap, isRecord, parseFastjson, type FjValue } from "./fastjson";

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeTypeValue = 0 | 1;

/** `LanguageCode` of apache/rocketmq (RUST and NODE_JS exist only after 5.3.3). */
export const LanguageCode = {
  JAVA: 0,
  CPP: 1,
  DOTNET: 2,
  PYTHON: 3,
  DELPHI: 4,
  ERLANG: 5,
  RUBY: 6,
  OTHER: 7,
  HTTP: 8,
  GO: 9,
  PHP: 10,
  OMS: 11,
  RUST: 12,
  NODE_JS: 13,
} as const satisfies Record<string, number>;

const LANGUAGE_BY_BYTE = new Map<number, string>(Object.entries(LanguageCode).map(([name, b]) => [b, name]));

/** The name for a binary language byte; unknown bytes become `UNKNOWN_<n>`. */
export function languageName(byte: number): string {
  return LANGUAGE_BY_BYTE.get(byte) ?? `UNKNOWN_${byte}`;
}

/** The binary byte for a language name (also `UNKNOWN_<n>`); undefined when unknown. */
export function languageByte(name: string): number | undefined {
  const known = (LanguageCode as Record<string, number>)[name];
  if (known !== undefined) return known;
  const m = /^UNKNOWN_(\d{1,3})$/.exec(name);
  if (m) {
    const n = Number(m[1]);
    if (n <= 255) return n;
  }
  return undefined;
}

export interface RemotingCommand {
  /** Request code in a request, response code in a response. */
  code: number;
  /** LanguageCode name, e.g. "JAVA"; unknown binary bytes decode to `UNKNOWN_<n>`. */
  language: string;
  version: number;
  /** int32 request id, echoed in the reply. */
  opaque: number;
  /** bit0 RESPONSE, bit1 ONEWAY. */
  flag: number;
  remark?: string;
  /** The custom header; always string values. */
  extFields: Record<string, string>;
  /** Absent when the frame has no body bytes. */
  body?: Buffer;
  /** The header encoding of this frame. */
  serializeType: SerializeTypeValue;
}

export const FLAG_RESPONSE = 1;
export const FLAG_ONEWAY = 2;

/** `MQVersion.Version.V5_3_3.ordinal()`: what we announce (see the reference §1.2). */
export const DEFAULT_VERSION = 479;
export const DEFAULT_LANGUAGE = "JAVA";

const MAX_HEADER_LENGTH = 0xffffff;

export function isResponse(c: Pick<RemotingCommand, "flag">): boolean {
  return (c.flag & FLAG_RESPONSE) !== 0;
}

export function isOneway(c: Pick<RemotingCommand, "flag">): boolean {
  return (c.flag & FLAG_ONEWAY) !== 0;
}

export type ExtFieldValue = string | number | bigint | boolean | undefined;

function invalid(message: string): never {
  throw new ProtocolError("invalid_command", message);
}

function stringifyExt(input: Record<string, ExtFieldValue> | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (!input) return out;
  for (const key of Object.keys(input)) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v === "number") {
      // Java parses these with parseInt/parseLong: only integers are meaningful.
      if (!Number.isSafeInteger(v)) invalid(`extField ${key}=${v} is not a safe integer (pass a bigint or string)`);
      out[key] = String(v);
    } else {
      out[key] = String(v);
    }
  }
  return out;
}

/**
 * A request without its opaque (the connection assigns it). Every ext value is stringified and
 * undefined values are dropped. Language JAVA, version 479, JSON header.
 */
export function createRequest(
  code: number,
  extFields?: Record<string, ExtFieldValue>,
  body?: Buffer,
  opts?: { oneway?: boolean },
): Omit<RemotingCommand, "opaque"> {
  const cmd: Omit<RemotingCommand, "opaque"> = {
    code,
    language: DEFAULT_LANGUAGE,
    version: DEFAULT_VERSION,
    flag: opts?.oneway ? FLAG_ONEWAY : 0,
    extFields: stringifyExt(extFields),
    serializeType: SerializeType.JSON,
  };
  if (body !== undefined && body.length > 0) cmd.body = body;
  return cmd;
}

/**
 * The reply to a (broker-initiated) request: same opaque, RESPONSE flag, JSON header.
 * Never reply to a oneway request.
 */
export function createResponse(
  request: Pick<RemotingCommand, "opaque">,
  code: number,
  opts?: { remark?: string; extFields?: Record<string, ExtFieldValue>; body?: Buffer },
): RemotingCommand {
  const cmd: RemotingCommand = {
    code,
    language: DEFAULT_LANGUAGE,
    version: DEFAULT_VERSION,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    extFields: stringifyExt(opts?.extFields),
    serializeType: SerializeType.JSON,
  };
  if (opts?.remark !== undefined) cmd.remark = opts.remark;
  if (opts?.body !== undefined && opts.body.length > 0) cmd.body = opts.body;
  return cmd;
}

// ------------------------------------------------------------------------------------------------
// Encoding
// ------------------------------------------------------------------------------------------------

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) invalid(`${name} ${v} is outside [${min}, ${max}]`);
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function sortedKeys(ext: Record<string, string>): string[] {
  // Deterministic output; Java's String order (UTF-16 code units) = JS default sort.
  return Object.keys(ext).sort();
}

function encodeJsonHeader(cmd: RemotingCommand): Buffer {
  checkInt("code", cmd.code, INT32_MIN, INT32_MAX);
  checkInt("flag", cmd.flag, INT32_MIN, INT32_MAX);
  checkInt("opaque", cmd.opaque, INT32_MIN, INT32_MAX);
  checkInt("version", cmd.version, INT32_MIN, INT32_MAX);
  let h = `{"code":${cmd.code}`;
  const keys = sortedKeys(cmd.extFields);
  if (keys.length > 0) {
    const members: string[] = [];
    for (const k of keys) {
      const v = cmd.extFields[k];
      if (typeof v !== "string") invalid(`extField ${k} is not a string`);
      members.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
    }
    h += `,"extFields":{${members.join(",")}}`;
  }
  h += `,"flag":${cmd.flag},"language":${JSON.stringify(cmd.language)},"opaque":${cmd.opaque}`;
  if (cmd.remark !== undefined) h += `,"remark":${JSON.stringify(cmd.remark)}`;
  h += `,"serializeTypeCurrentRPC":"JSON","version":${cmd.version}}`;
  return Buffer.from(h, "utf8");
}

function encodeBinaryHeader(cmd: RemotingCommand): Buffer {
  checkInt("code", cmd.code, -0x8000, 0x7fff);
  checkInt("version", cmd.version, -0x8000, 0x7fff);
  checkInt("flag", cmd.flag, INT32_MIN, INT32_MAX);
  checkInt("opaque", cmd.opaque, INT32_MIN, INT32_MAX);
  const lang = languageByte(cmd.language);
  if (lang === undefined) invalid(`language ${cmd.language} has no binary code`);
  const remark = cmd.remark ? Buffer.from(cmd.remark, "utf8") : undefined;
  const ext: Array<[Buffer, Buffer]> = [];
  let extLen = 0;
  for (const k of sortedKeys(cmd.extFields)) {
    const v = cmd.extFields[k];
    if (typeof v !== "string") invalid(`extField ${k} is not a string`);
    const kb = Buffer.from(k, "utf8");
    const vb = Buffer.from(v, "utf8");
    if (kb.length > 0x7fff) invalid(`extField key ${k.slice(0, 40)} is longer than 32767 bytes`);
    ext.push([kb, vb]);
    extLen += 2 + kb.length + 4 + vb.length;
  }
  const total = 21 + (remark?.length ?? 0) + extLen;
  if (total > MAX_HEADER_LENGTH) invalid(`header of ${total} bytes exceeds ${MAX_HEADER_LENGTH}`);
  const out = Buffer.allocUnsafe(total);
  let o = out.writeInt16BE(cmd.code, 0);
  o = out.writeUInt8(lang, o);
  o = out.writeInt16BE(cmd.version, o);
  o = out.writeInt32BE(cmd.opaque, o);
  o = out.writeInt32BE(cmd.flag, o);
  o = out.writeInt32BE(remark?.length ?? 0, o);
  if (remark) o += remark.copy(out, o);
  o = out.writeInt32BE(extLen, o);
  for (const [kb, vb] of ext) {
    o = out.writeInt16BE(kb.length, o);
    o += kb.copy(out, o);
    o = out.writeInt32BE(vb.length, o);
    o += vb.copy(out, o);
  }
  return out;
}

/** The complete frame, including the 4-byte total length. */
export function encodeFrame(cmd: RemotingCommand): Buffer {
  if (cmd.serializeType !== SerializeType.JSON && cmd.serializeType !== SerializeType.ROCKETMQ) {
    invalid(`unknown serialize type ${String(cmd.serializeType)}`);
  }
  const header = cmd.serializeType === SerializeType.ROCKETMQ ? encodeBinaryHeader(cmd) : encodeJsonHeader(cmd);
  if (header.length > MAX_HEADER_LENGTH) invalid(`header of ${header.length} bytes exceeds ${MAX_HEADER_LENGTH}`);
  const bodyLen = cmd.body?.length ?? 0;
  const totalLength = 4 + header.length + bodyLen;
  if (totalLength > INT32_MAX) invalid(`frame of ${totalLength} bytes is too large`);
  const out = Buffer.allocUnsafe(4 + totalLength);
  out.writeInt32BE(totalLength, 0);
  out.writeUInt32BE(((cmd.serializeType << 24) | header.length) >>> 0, 4);
  header.copy(out, 8);
  if (cmd.body && bodyLen > 0) cmd.body.copy(out, 8 + header.length);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Decoding
// ------------------------------------------------------------------------------------------------

function bad(message: string, cause?: unknown): never {
  throw new ProtocolError("malformed_header", message, cause === undefined ? undefined : { cause });
}

function jsonInt(v: FjValue | undefined, name: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  let n: number | undefined;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^-?\d{1,10}$/.test(v)) n = Number(v);
  if (n === undefined || !Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) {
    return bad(`JSON header field ${name} is not an int32`);
  }
  return n;
}

function extValue(v: FjValue, key: string): string | undefined {
  if (v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return bad(`JSON header extField ${key} is not a scalar`);
}

function decodeJsonHeader(header: Buffer): Omit<RemotingCommand, "serializeType" | "body"> {
  let doc: FjValue;
  try {
    doc = parseFastjson(header, { decodeStringObjectKeys: false, maxDepth: 8 });
  } catch (err) {
    return bad(`JSON header does not parse: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (!isRecord(doc)) return bad("JSON header is not an object with string keys");
  if (doc.code === undefined || doc.code === null) bad("JSON header has no code");
  const extFields = Object.create(null) as Record<string, string>;
  const ext = doc.extFields;
  if (ext !== undefined && ext !== null) {
    if (ext instanceof FjMap) {
      for (const [k, v] of ext.entries) {
        if (typeof k !== "string" && typeof k !== "number") bad("JSON header extFields has a non-scalar key");
        const s = extValue(v, String(k));
        if (s !== undefined) extFields[String(k)] = s;
      }
    } else if (isRecord(ext)) {
      for (const k of Object.keys(ext)) {
        const s = extValue(ext[k] as FjValue, k);
        if (s !== undefined) extFields[k] = s;
      }
    } else {
      bad("JSON header extFields is not an object");
    }
  }
  let language = DEFAULT_LANGUAGE;
  const lang = doc.language;
  if (typeof lang === "string") language = lang;
  else if (typeof lang === "number" && Number.isInteger(lang)) language = languageName(lang);
  else if (lang !== undefined && lang !== null) bad("JSON header language is not a string");
  const remark = doc.remark;
  if (remark !== undefined && remark !== null && typeof remark !== "string") bad("JSON header remark is not a string");
  const cmd: Omit<RemotingCommand, "serializeType" | "body"> = {
    code: jsonInt(doc.code, "code", 0),
    language,
    version: jsonInt(doc.version, "version", 0),
    opaque: jsonInt(doc.opaque, "opaque", 0),
    flag: jsonInt(doc.flag, "flag", 0),
    extFields,
  };
  if (typeof remark === "string") cmd.remark = remark;
  return cmd;
}

function decodeBinaryHeader(h: Buffer): Omit<RemotingCommand, "serializeType" | "body"> {
  const n = h.length;
  if (n < 21) bad(`binary header of ${n} bytes is shorter than 21`);
  const code = h.readInt16BE(0);
  const language = languageName(h.readUInt8(2));
  const version = h.readInt16BE(3);
  const opaque = h.readInt32BE(5);
  const flag = h.readInt32BE(9);
  const remarkLen = h.readInt32BE(13);
  let o = 17;
  if (remarkLen < 0 || remarkLen > n - o - 4) bad(`binary header remark length ${remarkLen} exceeds the header`);
  const remark = remarkLen > 0 ? h.toString("utf8", o, o + remarkLen) : undefined;
  o += remarkLen;
  const extLen = h.readInt32BE(o);
  o += 4;
  if (extLen < 0 || extLen > n - o) bad(`binary header extFields length ${extLen} exceeds the header`);
  const extEnd = o + extLen;
  const extFields = Object.create(null) as Record<string, string>;
  while (o < extEnd) {
    if (extEnd - o < 2) bad("binary header extFields: truncated key length");
    const kl = h.readInt16BE(o);
    o += 2;
    if (kl < 0 || kl > extEnd - o) bad(`binary header extFields: key length ${kl} exceeds the section`);
    const key = h.toString("utf8", o, o + kl);
    o += kl;
    if (extEnd - o < 4) bad("binary header extFields: truncated value length");
    const vl = h.readInt32BE(o);
    o += 4;
    if (vl < 0 || vl > extEnd - o) bad(`binary header extFields: value length ${vl} exceeds the section`);
    extFields[key] = h.toString("utf8", o, o + vl);
    o += vl;
  }
  // Bytes after the extFields section are ignored, as Java does.
  const cmd: Omit<RemotingCommand, "serializeType" | "body"> = { code, language, version, opaque, flag, extFields };
  if (remark !== undefined) cmd.remark = remark;
  return cmd;
}

/**
 * Decodes one frame WITHOUT its 4-byte total length. The header length is the low 24 bits of the
 * first int; the high byte selects the header type. The body (when non-empty) is a view into `frame`.
 */
export function decodeFrameBody(frame: Buffer): RemotingCommand {
  if (frame.length < 4) {
    throw new ProtocolError("malformed_frame", `frame of ${frame.length} bytes has no header length`);
  }
  const typeAndLen = frame.readUInt32BE(0);
  const type = typeAndLen >>> 24;
  const headerLen = typeAndLen & 0xffffff;
  if (headerLen > frame.length - 4) {
    throw new ProtocolError("malformed_frame", `header length ${headerLen} exceeds the frame (${frame.length - 4} bytes left)`);
  }
  if (type !== SerializeType.JSON && type !== SerializeType.ROCKETMQ) {
    bad(`unknown serialize type ${type}`);
  }
  const header = frame.subarray(4, 4 + headerLen);
  const decoded = type === SerializeType.JSON ? decodeJsonHeader(header) : decodeBinaryHeader(header);
  const cmd: RemotingCommand = { ...decoded, serializeType: type };
  if (frame.length > 4 + headerLen) cmd.body = frame.subarray(4 + headerLen);
  return cmd;
}

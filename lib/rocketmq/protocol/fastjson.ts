/**
 * A parser for the JSON dialect that RocketMQ's fastjson (1.x and 2.x) writes, and helpers for the
 * typed body decoders.
 *
 * Grammar accepted (JSON, RFC 8259, plus the fastjson quirks):
 *   value  := object | array | string | number | true | false | null
 *   object := '{' [ member (',' member)* ] '}'
 *   member := value ':' value          -- a key may be ANY value: "s", 0, {"brokerName":...}
 *   array  := '[' [ value (',' value)* ] ']'
 * - Integers are exact: `number` when within +-(2^53-1), `bigint` beyond.
 * - Numbers with a fraction or exponent are doubles (`number`).
 * - A string key that starts with `{` and itself parses as an object (fastjson's BrowserCompatible
 *   form, `"{\"brokerName\":...}"`) is decoded to that object (option `decodeStringObjectKeys`).
 *
 * Result model (`FjValue`):
 * - an object whose keys are all strings -> `FjRecord`, a null-prototype record (last duplicate wins);
 * - an object with any non-string key     -> `FjMap` with the entries in document order;
 * - arrays -> `FjValue[]`; strings, booleans, null as in JSON.
 *
 * Hostile input always ends in `ProtocolError("malformed_body")`: nesting is capped (default 512),
 * the input size is capped (default 64 MiB), numbers are capped at 1000 characters, lone
 * surrogates, invalid escapes, raw control characters, leading zeros, truncation and trailing
 * garbage are rejected. No eval, no recursion beyond the nesting cap.
 */
import { ProtocolError } from "./errors";
import type { MessageQueue } from "./messageQueue";

export interface FjRecord {
  [key: string]: FjValue;
}

/** An object with at least one non-string key, e.g. `{{"brokerName":"b","queueId":0,"topic":"T"}:5}` or `{0:"addr"}`. */
export class FjMap {
  constructor(readonly entries: Array<[FjValue, FjValue]>) {}
  get size(): number {
    return this.entries.length;
  }
}

export type FjValue = null | boolean | number | bigint | string | FjValue[] | FjRecord | FjMap;

export interface FastjsonOptions {
  /** Maximum nesting of objects and arrays (keys included). Default 512. */
  maxDepth?: number;
  /** Maximum input size in bytes (Buffer) or UTF-16 units (string). Default 64 MiB. */
  maxInputBytes?: number;
  /** Decode string keys that hold a JSON object (`"{\"topic\":...}"`) into object keys. Default true. */
  decodeStringObjectKeys?: boolean;
  /** Reject invalid UTF-8 in a Buffer instead of replacing it with U+FFFD (as Java does). Default false. */
  fatalUtf8?: boolean;
}

const DEFAULT_MAX_DEPTH = 512;
const DEFAULT_MAX_INPUT = 64 * 1024 * 1024;
const MAX_NUMBER_CHARS = 1000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function fail(message: string, cause?: unknown): never {
  throw new ProtocolError("malformed_body", message, cause === undefined ? undefined : { cause });
}

// Character codes.
const C_TAB = 9;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_QUOTE = 34;
const C_PLUS = 43;
const C_COMMA = 44;
const C_MINUS = 45;
const C_DOT = 46;
const C_0 = 48;
const C_1 = 49;
const C_9 = 57;
const C_COLON = 58;
const C_E_UPPER = 69;
const C_LBRACKET = 91;
const C_BACKSLASH = 92;
const C_RBRACKET = 93;
const C_E_LOWER = 101;
const C_f = 102;
const C_n = 110;
const C_t = 116;
const C_LBRACE = 123;
const C_RBRACE = 125;

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

class Parser {
  i = 0;
  private readonly n: number;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
    private readonly decodeStringKeys: boolean,
  ) {
    this.n = s.length;
  }

  where(): string {
    return `at char ${this.i}`;
  }

  /** Parses one complete document; `depth` is the nesting already used by an enclosing parse. */
  document(depth: number): FjValue {
    const v = this.value(depth);
    this.ws();
    if (this.i < this.n) fail(`unexpected trailing data ${this.where()}`);
    return v;
  }

  private ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === C_SPACE || c === C_LF || c === C_CR || c === C_TAB) i++;
      else break;
    }
    this.i = i;
  }

  private value(depth: number): FjValue {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    switch (c) {
      case C_LBRACE:
        return this.object(depth + 1);
      case C_LBRACKET:
        return this.array(depth + 1);
      case C_QUOTE:
        return this.string();
      case C_t:
        return this.literal("true", true);
      case C_f:
        return this.literal("false", false);
      case C_n:
        return this.literal("null", null);
      default:
        if (c === C_MINUS || (c >= C_0 && c <= C_9)) return this.number();
        if (this.i >= this.n) fail(`unexpected end of input ${this.where()}`);
        return fail(`unexpected character ${JSON.stringify(this.s[this.i])} ${this.where()}`);
    }
  }

  private literal<T extends FjValue>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.i)) fail(`invalid literal ${this.where()}`);
    this.i += word.length;
    return v;
  }

  private checkDepth(depth: number): void {
    if (depth > this.maxDepth) fail(`nesting deeper than ${this.maxDepth} ${this.where()}`);
  }

  private array(depth: number): FjValue[] {
    this.checkDepth(depth);
    this.i++; // [
    const out: FjValue[] = [];
    this.ws();
    if (this.s.charCodeAt(this.i) === C_RBRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s.charCodeAt(this.i);
      if (c === C_COMMA) {
        this.i++;
        continue;
      }
      if (c === C_RBRACKET) {
        this.i++;
        return out;
      }
      if (this.i >= this.n) fail(`unterminated array ${this.where()}`);
      fail(`expected ',' or ']' ${this.where()}`);
    }
  }

  private object(depth: number): FjRecord | FjMap {
    this.checkDepth(depth);
    this.i++; // {
    this.ws();
    const rec: FjRecord = Object.create(null) as FjRecord;
    if (this.s.charCodeAt(this.i) === C_RBRACE) {
      this.i++;
      return rec;
    }
    // Keys are collected as a record while all are strings; the first non-string key switches to entries.
    let entries: Array<[FjValue, FjValue]> | null = null;
    for (;;) {
      this.ws();
      const key = this.key(depth);
      this.ws();
      if (this.s.charCodeAt(this.i) !== C_COLON) {
        if (this.i >= this.n) fail(`unterminated object ${this.where()}`);
        fail(`expected ':' ${this.where()}`);
      }
      this.i++;
      const val = this.value(depth);
      if (entries === null) {
        if (typeof key === "string") {
          rec[key] = val;
        } else {
          entries = [];
          for (const k of Object.keys(rec)) entries.push([k, rec[k] as FjValue]);
          entries.push([key, val]);
        }
      } else {
        entries.push([key, val]);
      }
      this.ws();
      const c = this.s.charCodeAt(this.i);
      if (c === C_COMMA) {
        this.i++;
        continue;
      }
      if (c === C_RBRACE) {
        this.i++;
        return entries === null ? rec : new FjMap(entries);
      }
      if (this.i >= this.n) fail(`unterminated object ${this.where()}`);
      fail(`expected ',' or '}' ${this.where()}`);
    }
  }

  private key(depth: number): FjValue {
    if (this.s.charCodeAt(this.i) !== C_QUOTE) return this.value(depth);
    const str = this.string();
    if (this.decodeStringKeys && str.charCodeAt(0) === C_LBRACE && str.charCodeAt(str.length - 1) === C_RBRACE) {
      try {
        return new Parser(str, this.maxDepth, true).document(depth);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        // Not an object after all: keep the string key.
      }
    }
    return str;
  }

  private string(): string {
    const s = this.s;
    const n = this.n;
    let i = ++this.i; // opening quote
    let start = i;
    let out = "";
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === C_QUOTE) {
        this.i = i + 1;
        return start === i ? out : out + s.slice(start, i);
      }
      if (c === C_BACKSLASH) {
        out += s.slice(start, i) + this.escape(i);
        i = this.i;
        start = i;
        continue;
      }
      if (c < 0x20) {
        this.i = i;
        fail(`raw control character in string ${this.where()}`);
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw surrogates only occur in string input; they must form a pair.
        const d = s.charCodeAt(i + 1);
        if (c >= 0xdc00 || !(d >= 0xdc00 && d <= 0xdfff)) {
          this.i = i;
          fail(`lone surrogate in string ${this.where()}`);
        }
        i += 2;
        continue;
      }
      i++;
    }
    this.i = n;
    return fail(`unterminated string ${this.where()}`);
  }

  /** Decodes the escape at `i` (a backslash); sets `this.i` after it and returns the text. */
  private escape(i: number): string {
    const s = this.s;
    const e = s.charCodeAt(i + 1);
    switch (e) {
      case C_QUOTE:
        this.i = i + 2;
        return '"';
      case C_BACKSLASH:
        this.i = i + 2;
        return "\\";
      case 47: // /
        this.i = i + 2;
        return "/";
      case 98: // b
        this.i = i + 2;
        return "\b";
      case C_f:
        this.i = i + 2;
        return "\f";
      case C_n:
        this.i = i + 2;
        return "\n";
      case 114: // r
        this.i = i + 2;
        return "\r";
      case C_t:
        this.i = i + 2;
        return "\t";
      case 117: {
        // u
        const cu = this.hex4(i + 2);
        if (cu >= 0xd800 && cu <= 0xdbff) {
          // A high surrogate must be followed by a low one (escaped, or raw in string input).
          if (s.charCodeAt(i + 6) === C_BACKSLASH && s.charCodeAt(i + 7) === 117) {
            const lo = this.hex4(i + 8);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              this.i = i + 12;
              return String.fromCharCode(cu, lo);
            }
          } else {
            const lo = s.charCodeAt(i + 6);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              this.i = i + 7;
              return String.fromCharCode(cu, lo);
            }
          }
          this.i = i;
          return fail(`lone surrogate escape ${this.where()}`);
        }
        if (cu >= 0xdc00 && cu <= 0xdfff) {
          this.i = i;
          return fail(`lone surrogate escape ${this.where()}`);
        }
        this.i = i + 6;
        return String.fromCharCode(cu);
      }
      default:
        this.i = i;
        if (i + 1 >= this.n) fail(`unterminated string ${this.where()}`);
        return fail(`invalid escape ${this.where()}`);
    }
  }

  private hex4(i: number): number {
    const a = hexVal(this.s.charCodeAt(i));
    const b = hexVal(this.s.charCodeAt(i + 1));
    const c = hexVal(this.s.charCodeAt(i + 2));
    const d = hexVal(this.s.charCodeAt(i + 3));
    if ((a | b | c | d) < 0) {
      this.i = i;
      fail(`invalid \\u escape ${this.where()}`);
    }
    return (a << 12) | (b << 8) | (c << 4) | d;
  }

  private number(): number | bigint {
    const s = this.s;
    const start = this.i;
    let i = start;
    let neg = false;
    if (s.charCodeAt(i) === C_MINUS) {
      neg = true;
      i++;
    }
    let c = s.charCodeAt(i);
    let acc = 0;
    let digits = 0;
    if (c === C_0) {
      i++;
      c = s.charCodeAt(i);
      if (c >= C_0 && c <= C_9) {
        this.i = i;
        fail(`leading zero in number ${this.where()}`);
      }
      digits = 1;
    } else if (c >= C_1 && c <= C_9) {
      do {
        acc = acc * 10 + (c - C_0);
        digits++;
        i++;
        c = s.charCodeAt(i);
      } while (c >= C_0 && c <= C_9);
    } else {
      this.i = i;
      fail(`invalid number ${this.where()}`);
    }
    let isInt = true;
    if (c === C_DOT) {
      isInt = false;
      i++;
      c = s.charCodeAt(i);
      if (!(c >= C_0 && c <= C_9)) {
        this.i = i;
        fail(`invalid number: digit expected after '.' ${this.where()}`);
      }
      do {
        i++;
        c = s.charCodeAt(i);
      } while (c >= C_0 && c <= C_9);
    }
    if (c === C_E_LOWER || c === C_E_UPPER) {
      isInt = false;
      i++;
      c = s.charCodeAt(i);
      if (c === C_PLUS || c === C_MINUS) {
        i++;
        c = s.charCodeAt(i);
      }
      if (!(c >= C_0 && c <= C_9)) {
        this.i = i;
        fail(`invalid number: digit expected in exponent ${this.where()}`);
      }
      do {
        i++;
        c = s.charCodeAt(i);
      } while (c >= C_0 && c <= C_9);
    }
    if (i - start > MAX_NUMBER_CHARS) {
      this.i = start;
      fail(`number longer than ${MAX_NUMBER_CHARS} characters ${this.where()}`);
    }
    this.i = i;
    if (!isInt) return Number(s.slice(start, i));
    if (digits <= 15) return neg ? (acc === 0 ? 0 : -acc) : acc;
    const big = BigInt(s.slice(start, i));
    return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
  }
}

/** Parses a fastjson body (UTF-8 bytes or a string). Throws `ProtocolError("malformed_body")`. */
export function parseFastjson(input: Buffer | Uint8Array | string, options: FastjsonOptions = {}): FjValue {
  const maxInput = options.maxInputBytes ?? DEFAULT_MAX_INPUT;
  if (input.length > maxInput) fail(`body of ${input.length} bytes exceeds the ${maxInput}-byte limit`);
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else if (options.fatalUtf8) {
    try {
      text = fatalDecoder.decode(input);
    } catch (err) {
      return fail("body is not valid UTF-8", err);
    }
  } else {
    const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    text = buf.toString("utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  const parser = new Parser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.decodeStringObjectKeys ?? true);
  return parser.document(0);
}

// ---------------------------------------------------------------------------------------------
// Accessors for typed decoders. Every accessor takes `FjValue | undefined` (a missing field) and an
// optional label for the error message, and throws ProtocolError("malformed_body") on a mismatch.
// ---------------------------------------------------------------------------------------------

function describe(v: FjValue | undefined): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof FjMap) return "map";
  if (typeof v === "object") return "object";
  if (typeof v === "string") return v.length > 40 ? `string "${v.slice(0, 40)}..."` : `string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

function wrong(expected: string, v: FjValue | undefined, what?: string): never {
  return fail(`${what ? `${what}: ` : ""}expected ${expected}, got ${describe(v)}`);
}

const INT_STRING = /^-?(0|[1-9][0-9]{0,19})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isRecord(v: FjValue | undefined): v is FjRecord {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof FjMap);
}

export function asString(v: FjValue | undefined, what?: string): string {
  if (typeof v === "string") return v;
  return wrong("string", v, what);
}

/** A safe integer: a JSON integer, or a decimal string (a quoted number). */
export function asInt(v: FjValue | undefined, what?: string): number {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && INT_STRING.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
  }
  return wrong("integer", v, what);
}

/**
 * An exact int64 (Java long): a safe-integer number, a bigint, or a decimal string (fastjson's
 * BrowserCompatible quotes longs beyond 2^53).
 */
export function asBigInt(v: FjValue | undefined, what?: string): bigint {
  let b: bigint | undefined;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else if (typeof v === "string" && INT_STRING.test(v)) b = BigInt(v);
  if (b === undefined) return wrong("int64", v, what);
  if (b < INT64_MIN || b > INT64_MAX) return wrong("int64 in range", v, what);
  return b;
}

/** A double (Java double/float); integers (also beyond 2^53) are converted. */
export function asNumber(v: FjValue | undefined, what?: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return wrong("number", v, what);
}

/** A boolean; the strings "true"/"false" are accepted too. */
export function asBool(v: FjValue | undefined, what?: string): boolean {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return wrong("boolean", v, what);
}

export function asArray(v: FjValue | undefined, what?: string): FjValue[] {
  if (Array.isArray(v)) return v;
  return wrong("array", v, what);
}

/** An object with string keys only. */
export function asRecord(v: FjValue | undefined, what?: string): FjRecord {
  if (isRecord(v)) return v;
  return wrong("object", v, what);
}

/** The entries of any JSON object: a record (string keys) or an FjMap (any keys). */
export function asEntries(v: FjValue | undefined, what?: string): Array<[FjValue, FjValue]> {
  if (v instanceof FjMap) return v.entries;
  if (isRecord(v)) return Object.keys(v).map((k) => [k, v[k] as FjValue]);
  return wrong("object", v, what);
}

/** A map key as a string: `"0"` and `0` both give "0" (legacy vs BrowserCompatible brokerAddrs). */
export function keyAsString(k: FjValue, what?: string): string {
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "bigint") return String(k);
  return wrong("string or integer key", k, what);
}

/** A field of an object (record or FjMap with that string key); `undefined` when absent. */
export function getField(obj: FjValue | undefined, name: string): FjValue | undefined {
  if (isRecord(obj)) return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
  if (obj instanceof FjMap) {
    let found: FjValue | undefined;
    for (const [k, v] of obj.entries) if (k === name) found = v;
    return found;
  }
  return wrong("object", obj, `field ${name}`);
}

/** A MessageQueue object `{"brokerName":s,"queueId":int,"topic":s}` (extra fields ignored). */
export function asMessageQueue(v: FjValue | undefined, what = "message queue"): MessageQueue {
  if (typeof v === "string" && v.charCodeAt(0) === C_LBRACE) v = parseFastjson(v);
  const rec = asRecord(v, what);
  return {
    topic: asString(rec.topic, `${what}.topic`),
    brokerName: asString(rec.brokerName, `${what}.brokerName`),
    queueId: asInt(rec.queueId, `${what}.queueId`),
  };
}

/**
 * Reads a map keyed by MessageQueue in any of its encodings:
 * - fastjson raw object keys: `{{"brokerName":"b","queueId":0,"topic":"T"}:v, ...}` (an FjMap);
 * - JSON-string keys: `{"{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}":v}`;
 * - gson pairs: `[[{"brokerName":"b","queueId":0,"topic":"T"}, v], ...]`.
 * Entries keep document order.
 */
export function readMessageQueueMap<V>(
  value: FjValue | undefined,
  decodeValue: (v: FjValue) => V,
): Array<{ mq: MessageQueue; value: V }> {
  const out: Array<{ mq: MessageQueue; value: V }> = [];
  if (Array.isArray(value)) {
    for (const pair of value) {
      const p = asArray(pair, "message queue map entry");
      if (p.length !== 2) fail(`message queue map entry: expected a [key, value] pair, got ${p.length} elements`);
      out.push({ mq: asMessageQueue(p[0]), value: decodeValue(p[1] as FjValue) });
    }
    return out;
  }
  for (const [k, v] of asEntries(value, "message queue map")) {
    out.push({ mq: asMessageQueue(k), value: decodeValue(v) });
  }
  return out;
}

function writeMq(mq: MessageQueue): string {
  if (!Number.isSafeInteger(mq.queueId)) {
    throw new ProtocolError("invalid_command", `queueId ${mq.queueId} is not an integer`);
  }
  return `{"brokerName":${JSON.stringify(mq.brokerName)},"queueId":${mq.queueId},"topic":${JSON.stringify(mq.topic)}}`;
}

/**
 * Writes a MessageQueue-keyed long map the way fastjson does (raw object keys, MQ fields in
 * alphabetical order): `{{"brokerName":"b","queueId":0,"topic":"T"}:123,...}`. Only the map; the
 * caller wraps it, e.g. `{"offsetTable":` + map + `}`.
 */
export function encodeFastjsonMqMap(entries: ReadonlyArray<{ mq: MessageQueue; value: bigint }>): string {
  const parts: string[] = [];
  for (const { mq, value } of entries) parts.push(`${writeMq(mq)}:${value.toString()}`);
  return `{${parts.join(",")}}`;
}

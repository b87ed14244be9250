/**
 * Decoder for the stored-message layout RocketMQ returns in a PULL_MESSAGE (11) SUCCESS body: zero or
 * more messages back to back, each (big-endian):
 *
 *   i32 totalSize            (the whole message, this field included)
 *   i32 magicCode            v1 0xDAA320A7, v2 0xDAA320AB (v2 = topic longer than 127 bytes)
 *   i32 bodyCRC | i32 queueId | i32 flag
 *   i64 queueOffset | i64 physicalOffset
 *   i32 sysFlag              bit0 compressed body, bit4 (16) bornHost is IPv6, bit5 (32) storeHost is IPv6
 *   i64 bornTimestamp
 *   bornHost                 4 (IPv4) or 16 (IPv6) address bytes, then i32 port
 *   i64 storeTimestamp
 *   storeHost                4 or 16 address bytes, then i32 port
 *   i32 reconsumeTimes | i64 preparedTransactionOffset
 *   i32 bodyLength | body    (possibly compressed; exposed as stored)
 *   topic                    i8 length (v1) or i16 length (v2), UTF-8
 *   i16 propertiesLength | properties   UTF-8 "name\u0001value\u0002..." (may carry __CRC32#)
 *
 * Pure and bounded: every read is checked against the message's totalSize and the buffer; any
 * inconsistency (unknown magic, a length beyond the message, a totalSize that disagrees with the
 * fields, negative lengths, a port outside 0..65535) throws ProtocolError("malformed_body").
 */
import { ProtocolError } from "../../errors";

/** `MessageDecoder.MESSAGE_MAGIC_CODE` (-626843481). */
export const MESSAGE_MAGIC_CODE_V1 = 0xdaa320a7;
/** `MessageDecoder.MESSAGE_MAGIC_CODE_V2` (-626843477): the topic length is an i16. */
export const MESSAGE_MAGIC_CODE_V2 = 0xdaa320ab;

/** `MessageSysFlag` bits this decoder reads or exposes. */
export const MessageSysFlag = {
  COMPRESSED: 0x1,
  MULTI_TAGS: 0x1 << 1,
  BORNHOST_V6: 0x1 << 4,
  STOREHOST_V6: 0x1 << 5,
} as const;

/** Property names (`MessageConst`). */
export const PROPERTY_KEYS = "KEYS";
export const PROPERTY_TAGS = "TAGS";
export const PROPERTY_UNIQ_KEY = "UNIQ_KEY";

export interface DecodedMessage {
  topic: string;
  queueId: number;
  queueOffset: bigint;
  /** When the broker stored the message (ms since the epoch). */
  storeTimestamp: bigint;
  /** When the producer created the message (ms, producer clock). */
  bornTimestamp: bigint;
  /** "ip:port", IPv6 as "[addr]:port". */
  storeHost: string;
  bornHost: string;
  reconsumeTimes: number;
  /** Every `name\u0001value` pair with a non-empty name and value (later duplicates win), null prototype. */
  properties: Record<string, string>;
  /** Property KEYS (space-separated business keys). */
  keys?: string;
  /** Property TAGS. */
  tags?: string;
  /** Property UNIQ_KEY: the client-side message id that producers and consoles show. */
  msgId?: string;
  /** The broker-side id: store host address + port + physical offset, upper-case hex. */
  offsetMsgId: string;
  /** The body as stored (NOT decompressed when `compressed`); a view into the decoded buffer. */
  body: Buffer;
  bodyLength: number;
  compressed: boolean;
  /** 1 or 2, from the magic code. */
  magicVersion: 1 | 2;
  storeSize: number;
  bodyCRC: number;
  flag: number;
  sysFlag: number;
  physicalOffset: bigint;
  preparedTransactionOffset: bigint;
}

function malformed(message: string): never {
  throw new ProtocolError("malformed_body", `message decoder: ${message}`);
}

/** A bounds-checked big-endian cursor over [pos, end) of a buffer. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
    private readonly at: number,
  ) {}

  private need(n: number, what: string): number {
    const p = this.pos;
    if (n < 0 || n > this.end - p) {
      malformed(`message at byte ${this.at}: ${what} needs ${n} bytes at ${p}, only ${this.end - p} left in the message`);
    }
    this.pos = p + n;
    return p;
  }

  i8(what: string): number {
    return this.buf.readInt8(this.need(1, what));
  }
  i16(what: string): number {
    return this.buf.readInt16BE(this.need(2, what));
  }
  i32(what: string): number {
    return this.buf.readInt32BE(this.need(4, what));
  }
  u32(what: string): number {
    return this.buf.readUInt32BE(this.need(4, what));
  }
  i64(what: string): bigint {
    return this.buf.readBigInt64BE(this.need(8, what));
  }
  bytes(n: number, what: string): Buffer {
    const p = this.need(n, what);
    return this.buf.subarray(p, p + n);
  }
  get remaining(): number {
    return this.end - this.pos;
  }
}

function formatIPv6(a: Buffer): string {
  // IPv4-mapped ::ffff:a.b.c.d
  if (a.subarray(0, 10).every((b) => b === 0) && a[10] === 0xff && a[11] === 0xff) {
    return `::ffff:${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(a.readUInt16BE(i));
  // RFC 5952: compress the longest run (first on ties) of two or more zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

function readHost(c: Cursor, v6: boolean, what: string): { text: string; raw: Buffer } {
  const addr = c.bytes(v6 ? 16 : 4, `${what} address`);
  const port = c.i32(`${what} port`);
  if (port < 0 || port > 0xffff) malformed(`${what} port ${port} is outside 0..65535`);
  const text = v6 ? `[${formatIPv6(addr)}]:${port}` : `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}:${port}`;
  // Address bytes + i32 port, as Java's getStoreHostBytes (the first part of the offset msgId).
  const raw = Buffer.alloc(addr.length + 4);
  addr.copy(raw, 0);
  raw.writeInt32BE(port, addr.length);
  return { text, raw };
}

/** Splits a properties string as Java's `MessageDecoder.string2messageProperties` does. */
export function parseProperties(text: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  let index = 0;
  const len = text.length;
  while (index < len) {
    let next = text.indexOf("\u0002", index);
    if (next < 0) next = len;
    const sep = text.indexOf("\u0001", index);
    // A name and a value of at least one character each.
    if (sep > index && sep < next - 1) out[text.slice(index, sep)] = text.slice(sep + 1, next);
    index = next + 1;
  }
  return out;
}

/** Decodes the message starting at `offset`; returns it and the offset just after it. */
export function decodeMessageAt(buf: Buffer, offset: number): { message: DecodedMessage; next: number } {
  const left = buf.length - offset;
  if (left < 8) malformed(`message at byte ${offset}: ${left} bytes left, too few for totalSize and magic code`);
  const storeSize = buf.readInt32BE(offset);
  if (storeSize < 8 || storeSize > left) {
    malformed(`message at byte ${offset}: totalSize ${storeSize} is outside [8, ${left}]`);
  }
  const end = offset + storeSize;
  const c = new Cursor(buf, offset + 4, end, offset);
  const magic = c.u32("magic code");
  let magicVersion: 1 | 2;
  if (magic === MESSAGE_MAGIC_CODE_V1) magicVersion = 1;
  else if (magic === MESSAGE_MAGIC_CODE_V2) magicVersion = 2;
  else return malformed(`message at byte ${offset}: unknown magic code 0x${magic.toString(16).padStart(8, "0")}`);

  const bodyCRC = c.i32("bodyCRC");
  const queueId = c.i32("queueId");
  const flag = c.i32("flag");
  const queueOffset = c.i64("queueOffset");
  const physicalOffset = c.i64("physicalOffset");
  const sysFlag = c.i32("sysFlag");
  const bornTimestamp = c.i64("bornTimestamp");
  const born = readHost(c, (sysFlag & MessageSysFlag.BORNHOST_V6) !== 0, "bornHost");
  const storeTimestamp = c.i64("storeTimestamp");
  const store = readHost(c, (sysFlag & MessageSysFlag.STOREHOST_V6) !== 0, "storeHost");
  const reconsumeTimes = c.i32("reconsumeTimes");
  const preparedTransactionOffset = c.i64("preparedTransactionOffset");
  const bodyLength = c.i32("bodyLength");
  if (bodyLength < 0) malformed(`message at byte ${offset}: negative body length ${bodyLength}`);
  const body = c.bytes(bodyLength, "body");
  const topicLength = magicVersion === 1 ? c.i8("topic length") : c.i16("topic length");
  if (topicLength < 0) malformed(`message at byte ${offset}: negative topic length ${topicLength}`);
  const topic = c.bytes(topicLength, "topic").toString("utf8");
  const propertiesLength = c.i16("properties length");
  if (propertiesLength < 0) malformed(`message at byte ${offset}: negative properties length ${propertiesLength}`);
  const properties = parseProperties(c.bytes(propertiesLength, "properties").toString("utf8"));
  if (c.remaining !== 0) {
    malformed(`message at byte ${offset}: totalSize ${storeSize} leaves ${c.remaining} bytes after the properties`);
  }

  const idBytes = Buffer.alloc(store.raw.length + 8);
  store.raw.copy(idBytes, 0);
  idBytes.writeBigInt64BE(physicalOffset, store.raw.length);

  const message: DecodedMessage = {
    topic,
    queueId,
    queueOffset,
    storeTimestamp,
    bornTimestamp,
    storeHost: store.text,
    bornHost: born.text,
    reconsumeTimes,
    properties,
    offsetMsgId: idBytes.toString("hex").toUpperCase(),
    body,
    bodyLength,
    compressed: (sysFlag & MessageSysFlag.COMPRESSED) !== 0,
    magicVersion,
    storeSize,
    bodyCRC,
    flag,
    sysFlag,
    physicalOffset,
    preparedTransactionOffset,
  };
  const keys = properties[PROPERTY_KEYS];
  if (keys !== undefined) message.keys = keys;
  const tags = properties[PROPERTY_TAGS];
  if (tags !== undefined) message.tags = tags;
  const uniq = properties[PROPERTY_UNIQ_KEY];
  if (uniq !== undefined) message.msgId = uniq;
  return { message, next: end };
}

/** Decodes every message of a PULL_MESSAGE body (empty body -> []). */
export function decodeMessages(buf: Buffer): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const { message, next } = decodeMessageAt(buf, offset);
    out.push(message);
    offset = next;
  }
  return out;
}

/**
 * Stored messages in RocketMQ's binary layout (what a PULL_MESSAGE SUCCESS body carries; the
 * layout is documented in lib/rocketmq/protocol/requests/pullMessage/messageDecoder.ts):
 *
 *   i32 totalSize | i32 magic (v1 0xDAA320A7; v2 0xDAA320AB when the topic is longer than 127 bytes)
 *   i32 bodyCRC | i32 queueId | i32 flag | i64 queueOffset | i64 physicalOffset | i32 sysFlag
 *   i64 bornTimestamp | bornHost (4 bytes + i32 port) | i64 storeTimestamp | storeHost (4 + i32)
 *   i32 reconsumeTimes | i64 preparedTransactionOffset | i32 bodyLength | body
 *   topic (i8 length, or i16 for v2) | i16 propertiesLength | properties "k\u0001v\u0002..."
 *
 * Bodies are not stored: `describeMessage` derives key, tag and body from (topic, queue, offset).
 */
import { crc32 } from "node:zlib";
import { hash32 } from "./rng";

const MAGIC_V1 = 0xdaa320a7;
const MAGIC_V2 = 0xdaa320ab;

export interface StoredMessage {
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: bigint;
  bornTimestamp: number;
  /** IPv4 "a.b.c.d" and port. */
  bornHost: [string, number];
  storeTimestamp: number;
  storeHost: [string, number];
  reconsumeTimes: number;
  body: Buffer;
  /** Ordered name/value pairs. */
  properties: Array<[string, string]>;
}

function ipBytes(ip: string): number[] {
  const parts = ip.split(".").map((p) => Number(p));
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts;
}

export function encodeProperties(props: ReadonlyArray<[string, string]>): string {
  return props.map(([k, v]) => `${k}\u0001${v}\u0002`).join("");
}

/** One message in the stored layout. */
export function encodeMessage(m: StoredMessage): Buffer {
  const topic = Buffer.from(m.topic, "utf8");
  const props = Buffer.from(encodeProperties(m.properties), "utf8");
  const v2 = topic.length > 127;
  const size = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + m.body.length + (v2 ? 2 : 1) + topic.length + 2 + props.length;
  const b = Buffer.allocUnsafe(size);
  let o = 0;
  o = b.writeInt32BE(size, o);
  o = b.writeUInt32BE(v2 ? MAGIC_V2 : MAGIC_V1, o);
  o = b.writeInt32BE(crc32(m.body) & 0x7fffffff, o);
  o = b.writeInt32BE(m.queueId, o);
  o = b.writeInt32BE(0, o); // flag
  o = b.writeBigInt64BE(BigInt(m.queueOffset), o);
  o = b.writeBigInt64BE(m.physicalOffset, o);
  o = b.writeInt32BE(0, o); // sysFlag: uncompressed, IPv4 hosts
  o = b.writeBigInt64BE(BigInt(m.bornTimestamp), o);
  for (const x of ipBytes(m.bornHost[0])) o = b.writeUInt8(x, o);
  o = b.writeInt32BE(m.bornHost[1], o);
  o = b.writeBigInt64BE(BigInt(m.storeTimestamp), o);
  for (const x of ipBytes(m.storeHost[0])) o = b.writeUInt8(x, o);
  o = b.writeInt32BE(m.storeHost[1], o);
  o = b.writeInt32BE(m.reconsumeTimes, o);
  o = b.writeBigInt64BE(0n, o); // preparedTransactionOffset
  o = b.writeInt32BE(m.body.length, o);
  o += m.body.copy(b, o);
  o = v2 ? b.writeInt16BE(topic.length, o) : b.writeUInt8(topic.length, o);
  o += topic.copy(b, o);
  o = b.writeInt16BE(props.length, o);
  o += props.copy(b, o);
  if (o !== size) throw new Error(`message encoder wrote ${o} of ${size} bytes`);
  return b;
}

export interface MessageFacts {
  key: string;
  tag: string;
  /** The client-side message id (UNIQ_KEY), 32 hex digits. */
  uniqKey: string;
  body: Buffer;
  bornDelayMs: number;
  producerHost: [string, number];
}

/**
 * The deterministic content of message `offset` of a queue: business key (KEYS), tag, UNIQ_KEY and a
 * small JSON body; the producer address and born time (a few ms before the store time).
 */
export function describeMessage(topic: string, queueId: number, offset: number, storeTs: number, keyPrefix: string, tags: readonly string[]): MessageFacts {
  const h = hash32(topic, queueId, offset);
  const tag = tags.length > 0 ? (tags[h % tags.length] as string) : "";
  const key = `${keyPrefix}-${(h % 900000) + 100000}-${offset}`;
  const bornDelayMs = 1 + (h % 4);
  const producerIp = `10.0.${(h >>> 8) % 8}.${10 + ((h >>> 16) % 40)}`;
  const uniq = Buffer.alloc(16);
  for (const [i, x] of ipBytes(producerIp).entries()) uniq.writeUInt8(x, i);
  uniq.writeUInt16BE((h >>> 3) & 0xffff, 4);
  uniq.writeUInt32BE(hash32(topic) >>> 0, 6);
  uniq.writeUInt32BE((storeTs - bornDelayMs) % 0xffffffff >>> 0, 10);
  uniq.writeUInt16BE(offset & 0xffff, 14);
  const body = Buffer.from(JSON.stringify({ seq: offset, key, queueId, sentAt: storeTs - bornDelayMs }), "utf8");
  return { key, tag, uniqKey: uniq.toString("hex").toUpperCase(), body, bornDelayMs, producerHost: [producerIp, 30000 + (h % 30000)] };
}

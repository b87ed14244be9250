/**
 * Test helper (imported only by tests): writes one stored message field by field, in the layout of
 * messageDecoder.ts, so decoder tests do not depend on the decoder to build their input.
 */
export interface MessageSpec {
  magic?: number;
  bodyCRC?: number;
  queueId?: number;
  flag?: number;
  queueOffset?: bigint;
  physicalOffset?: bigint;
  sysFlag?: number;
  bornTimestamp?: bigint;
  /** 4 or 16 address bytes; must agree with sysFlag bit 16 for a well-formed message. */
  bornAddr?: number[];
  bornPort?: number;
  storeTimestamp?: bigint;
  storeAddr?: number[];
  storePort?: number;
  reconsumeTimes?: number;
  preparedTransactionOffset?: bigint;
  body?: Buffer;
  /** Override the written body length (for malformed variants). */
  bodyLength?: number;
  topic?: string;
  /** Override the written topic length (for malformed variants). */
  topicLength?: number;
  /** Raw properties text, e.g. "KEYS\u0001k1\u0002". */
  properties?: string;
  propertiesLength?: number;
  /** Added to the computed totalSize (for malformed variants). */
  totalSizeDelta?: number;
}

export function buildMessage(s: MessageSpec = {}): Buffer {
  const bytes: number[] = [];
  const u8 = (v: number) => bytes.push(v & 0xff);
  const i16 = (v: number) => {
    u8(v >> 8);
    u8(v);
  };
  const i32 = (v: number) => {
    u8(v >>> 24);
    u8(v >>> 16);
    u8(v >>> 8);
    u8(v);
  };
  const i64 = (v: bigint) => {
    const u = BigInt.asUintN(64, v);
    for (let shift = 56n; shift >= 0n; shift -= 8n) u8(Number((u >> shift) & 0xffn));
  };
  const raw = (b: ArrayLike<number>) => {
    for (let i = 0; i < b.length; i++) u8(b[i] as number);
  };

  const magic = s.magic ?? 0xdaa320a7;
  const body = s.body ?? Buffer.from("hello", "utf8");
  const topic = Buffer.from(s.topic ?? "TopicTest", "utf8");
  const props = Buffer.from(s.properties ?? "", "utf8");

  i32(0); // totalSize, patched below
  i32(magic);
  i32(s.bodyCRC ?? 0x12345678);
  i32(s.queueId ?? 0);
  i32(s.flag ?? 0);
  i64(s.queueOffset ?? 0n);
  i64(s.physicalOffset ?? 0n);
  i32(s.sysFlag ?? 0);
  i64(s.bornTimestamp ?? 0n);
  raw(s.bornAddr ?? [10, 0, 0, 1]);
  i32(s.bornPort ?? 50000);
  i64(s.storeTimestamp ?? 0n);
  raw(s.storeAddr ?? [127, 0, 0, 1]);
  i32(s.storePort ?? 10911);
  i32(s.reconsumeTimes ?? 0);
  i64(s.preparedTransactionOffset ?? 0n);
  i32(s.bodyLength ?? body.length);
  raw(body);
  if ((magic >>> 0) === 0xdaa320ab) i16(s.topicLength ?? topic.length);
  else u8(s.topicLength ?? topic.length);
  raw(topic);
  i16(s.propertiesLength ?? props.length);
  raw(props);

  const out = Buffer.from(bytes);
  out.writeInt32BE(out.length + (s.totalSizeDelta ?? 0), 0);
  return out;
}

import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../errors";
import { mulberry32 } from "../../testing";
import {
  decodeMessageAt,
  decodeMessages,
  MESSAGE_MAGIC_CODE_V1,
  MESSAGE_MAGIC_CODE_V2,
  MessageSysFlag,
  parseProperties,
  type DecodedMessage,
} from "./messageDecoder";
import { buildMessage, type MessageSpec } from "./testMessage";

const PROPS =
  "KEYS\u0001order-42 order-43\u0002TAGS\u0001TagA\u0002UNIQ_KEY\u00017F0000010B6418B4AAC2740C96B50000\u0002" +
  "WAIT\u0001true\u0002__CRC32#\u00010123456789\u0002";

const V4: MessageSpec = {
  bodyCRC: -559038737,
  queueId: 3,
  flag: 0,
  queueOffset: 248n,
  physicalOffset: 0x1234n,
  sysFlag: 0,
  bornTimestamp: 1763699999000n,
  bornAddr: [192, 168, 0, 7],
  bornPort: 53422,
  storeTimestamp: 1763700000123n,
  storeAddr: [127, 0, 0, 1],
  storePort: 10911,
  reconsumeTimes: 2,
  preparedTransactionOffset: 0n,
  body: Buffer.from("Hello RocketMQ", "utf8"),
  topic: "TopicTest",
  properties: PROPS,
};

function one(buf: Buffer): DecodedMessage {
  const msgs = decodeMessages(buf);
  expect(msgs).toHaveLength(1);
  return msgs[0] as DecodedMessage;
}

function decodeError(buf: Buffer): unknown {
  try {
    decodeMessages(buf);
  } catch (err) {
    return err;
  }
  throw new Error("expected decodeMessages to throw");
}

function expectMalformed(buf: Buffer): ProtocolError {
  const err = decodeError(buf);
  expect(err).toBeInstanceOf(ProtocolError);
  expect((err as ProtocolError).kind).toBe("malformed_body");
  return err as ProtocolError;
}

describe("message decoder", () => {
  it("uses the upstream magic codes", () => {
    expect(MESSAGE_MAGIC_CODE_V1 | 0).toBe(-626843481);
    expect(MESSAGE_MAGIC_CODE_V2 | 0).toBe(-626843477);
  });

  it("decodes a v1 message with IPv4 hosts", () => {
    const buf = buildMessage(V4);
    const m = one(buf);
    expect(m).toMatchObject({
      topic: "TopicTest",
      queueId: 3,
      queueOffset: 248n,
      storeTimestamp: 1763700000123n,
      bornTimestamp: 1763699999000n,
      storeHost: "127.0.0.1:10911",
      bornHost: "192.168.0.7:53422",
      reconsumeTimes: 2,
      keys: "order-42 order-43",
      tags: "TagA",
      msgId: "7F0000010B6418B4AAC2740C96B50000",
      offsetMsgId: "7F00000100002A9F0000000000001234",
      bodyLength: 14,
      compressed: false,
      magicVersion: 1,
      storeSize: buf.length,
      bodyCRC: -559038737,
      flag: 0,
      sysFlag: 0,
      physicalOffset: 0x1234n,
      preparedTransactionOffset: 0n,
    });
    expect(m.body.toString("utf8")).toBe("Hello RocketMQ");
    expect({ ...m.properties }).toEqual({
      KEYS: "order-42 order-43",
      TAGS: "TagA",
      UNIQ_KEY: "7F0000010B6418B4AAC2740C96B50000",
      WAIT: "true",
      "__CRC32#": "0123456789",
    });
  });

  it("decodes IPv6 born and store hosts (sysFlag bits 1<<4 and 1<<5)", () => {
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const loop = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const both = one(
      buildMessage({
        ...V4,
        sysFlag: MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6,
        bornAddr: loop,
        storeAddr: v6,
      }),
    );
    expect(both.bornHost).toBe("[::1]:53422");
    expect(both.storeHost).toBe("[2001:db8::1]:10911");
    expect(both.offsetMsgId).toBe("20010DB800000000000000000000000100002A9F0000000000001234");
    expect(both.topic).toBe("TopicTest");
    expect(both.tags).toBe("TagA");

    const bornOnly = one(buildMessage({ ...V4, sysFlag: MessageSysFlag.BORNHOST_V6, bornAddr: [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4] }));
    expect(bornOnly.bornHost).toBe("[fe80::1:2:3:4]:53422");
    expect(bornOnly.storeHost).toBe("127.0.0.1:10911");

    const storeOnly = one(
      buildMessage({ ...V4, sysFlag: MessageSysFlag.STOREHOST_V6, storeAddr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3] }),
    );
    expect(storeOnly.storeHost).toBe("[::ffff:10.1.2.3]:10911");
    expect(storeOnly.bornHost).toBe("192.168.0.7:53422");
  });

  it("formats IPv6 without compressing a single zero group", () => {
    const m = one(buildMessage({ ...V4, sysFlag: MessageSysFlag.STOREHOST_V6, storeAddr: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1] }));
    expect(m.storeHost).toBe("[2001:db8:0:1::1]:10911");
    const n = one(buildMessage({ ...V4, sysFlag: MessageSysFlag.STOREHOST_V6, storeAddr: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5] }));
    expect(n.storeHost).toBe("[2001:db8:0:1:2:3:4:5]:10911");
  });

  it("decodes a v2 message with an i16 topic length", () => {
    const topic = "T".repeat(200);
    const m = one(buildMessage({ ...V4, magic: MESSAGE_MAGIC_CODE_V2, topic }));
    expect(m.magicVersion).toBe(2);
    expect(m.topic).toBe(topic);
    expect(m.keys).toBe("order-42 order-43");
  });

  it("exposes a compressed body as stored", () => {
    const m = one(buildMessage({ ...V4, sysFlag: MessageSysFlag.COMPRESSED | (3 << 8), body: Buffer.from([0x78, 0x9c, 1, 2, 3]) }));
    expect(m.compressed).toBe(true);
    expect(m.bodyLength).toBe(5);
    expect([...m.body]).toEqual([0x78, 0x9c, 1, 2, 3]);
  });

  it("decodes an empty body, empty properties and int64 extremes", () => {
    const m = one(
      buildMessage({
        ...V4,
        body: Buffer.alloc(0),
        properties: "",
        queueOffset: 9007199254740993n,
        storeTimestamp: 2n ** 63n - 1n,
        preparedTransactionOffset: -1n,
      }),
    );
    expect(m.bodyLength).toBe(0);
    expect(m.body.length).toBe(0);
    expect({ ...m.properties }).toEqual({});
    expect(m.keys).toBeUndefined();
    expect(m.tags).toBeUndefined();
    expect(m.msgId).toBeUndefined();
    expect(m.queueOffset).toBe(9007199254740993n);
    expect(m.storeTimestamp).toBe(2n ** 63n - 1n);
    expect(m.preparedTransactionOffset).toBe(-1n);
  });

  it("decodes messages back to back and an empty body as none", () => {
    const a = buildMessage({ ...V4, queueOffset: 10n });
    const b = buildMessage({ ...V4, queueOffset: 11n, sysFlag: MessageSysFlag.STOREHOST_V6, storeAddr: new Array<number>(15).fill(0).concat([1]) });
    const msgs = decodeMessages(Buffer.concat([a, b]));
    expect(msgs.map((m) => m.queueOffset)).toEqual([10n, 11n]);
    expect(msgs[1]?.storeHost).toBe("[::1]:10911");
    expect(decodeMessageAt(Buffer.concat([a, b]), a.length).message.queueOffset).toBe(11n);
    expect(decodeMessages(Buffer.alloc(0))).toEqual([]);
  });

  it("parses properties the way Java does (empty names or values dropped, UTF-8)", () => {
    expect({ ...parseProperties("a\u0001b\u0002\u0001x\u0002k\u0001\u0002noSep\u0002c\u0001d") }).toEqual({ a: "b", c: "d" });
    expect({ ...parseProperties("KEYS\u0001订单-1\u0002KEYS\u0001later\u0002") }).toEqual({ KEYS: "later" });
    expect({ ...parseProperties("x\u0001a\u0001b\u0002") }).toEqual({ x: "a\u0001b" });
    expect(Object.getPrototypeOf(parseProperties("__proto__\u0001polluted\u0002"))).toBeNull();
    expect(parseProperties("__proto__\u0001polluted\u0002")["__proto__"]).toBe("polluted");
  });

  it("decodes UTF-8 topics and property values", () => {
    const m = one(buildMessage({ ...V4, properties: "KEYS\u0001订单-1\u0002" }));
    expect(m.keys).toBe("订单-1");
  });
});

describe("message decoder on malformed bytes", () => {
  it("rejects every truncation with ProtocolError('malformed_body')", () => {
    const a = buildMessage(V4);
    const b = buildMessage({ ...V4, sysFlag: MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6, bornAddr: new Array<number>(16).fill(1), storeAddr: new Array<number>(16).fill(2) });
    const stream = Buffer.concat([a, b]);
    for (let n = 1; n < stream.length; n++) {
      const prefix = stream.subarray(0, n);
      if (n === a.length) {
        expect(decodeMessages(prefix)).toHaveLength(1);
        continue;
      }
      expectMalformed(prefix);
    }
  });

  it("rejects an unknown magic code (including the end-of-file BLANK code)", () => {
    expect(expectMalformed(buildMessage({ ...V4, magic: 0xcbd43194 })).message).toMatch(/magic code 0xcbd43194/);
    expectMalformed(buildMessage({ ...V4, magic: 0 }));
  });

  it("rejects a totalSize that disagrees with the fields or the buffer", () => {
    expectMalformed(buildMessage({ ...V4, totalSizeDelta: 1 })); // beyond the buffer
    expectMalformed(Buffer.concat([buildMessage({ ...V4, totalSizeDelta: 1 }), Buffer.alloc(1)])); // one byte unexplained
    expectMalformed(buildMessage({ ...V4, totalSizeDelta: -1 })); // fields overrun the message
    const tiny = buildMessage(V4);
    tiny.writeInt32BE(4, 0);
    expectMalformed(tiny);
    const negative = buildMessage(V4);
    negative.writeInt32BE(-1, 0);
    expectMalformed(negative);
    expectMalformed(Buffer.from([0, 0, 0]));
  });

  it("rejects bad lengths inside the message", () => {
    expectMalformed(buildMessage({ ...V4, bodyLength: -1 }));
    expectMalformed(buildMessage({ ...V4, bodyLength: 0x7fffffff }));
    expectMalformed(buildMessage({ ...V4, bodyLength: 15 }));
    expectMalformed(buildMessage({ ...V4, topicLength: 0x80 })); // v1: a signed byte, -128
    expectMalformed(buildMessage({ ...V4, topicLength: 10 }));
    expectMalformed(buildMessage({ ...V4, magic: MESSAGE_MAGIC_CODE_V2, topicLength: 0xffff }));
    expectMalformed(buildMessage({ ...V4, propertiesLength: 0x8000 }));
    expectMalformed(buildMessage({ ...V4, propertiesLength: 5 }));
  });

  it("rejects a host flag that does not match the address size", () => {
    expectMalformed(buildMessage({ ...V4, sysFlag: MessageSysFlag.STOREHOST_V6 }));
    expectMalformed(buildMessage({ ...V4, sysFlag: MessageSysFlag.BORNHOST_V6 }));
    expectMalformed(buildMessage({ ...V4, bornAddr: new Array<number>(16).fill(0) }));
  });

  it("rejects ports outside 0..65535", () => {
    expectMalformed(buildMessage({ ...V4, storePort: 65536 }));
    expectMalformed(buildMessage({ ...V4, bornPort: -1 }));
  });

  it("never throws anything but ProtocolError on mutated bytes", () => {
    const base = Buffer.concat([
      buildMessage(V4),
      buildMessage({ ...V4, magic: MESSAGE_MAGIC_CODE_V2, sysFlag: MessageSysFlag.STOREHOST_V6, storeAddr: new Array<number>(16).fill(3) }),
    ]);
    const rnd = mulberry32(20251121);
    let decoded = 0;
    let rejected = 0;
    for (let i = 0; i < base.length; i++) {
      for (const v of [0x00, 0xff, 0x80, 0x7f, ((base[i] as number) ^ (1 << Math.floor(rnd() * 8))) & 0xff]) {
        const mutated = Buffer.from(base);
        mutated[i] = v;
        try {
          decodeMessages(mutated);
          decoded++;
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
          rejected++;
        }
      }
    }
    for (let round = 0; round < 2000; round++) {
      const mutated = Buffer.from(base);
      const flips = 1 + Math.floor(rnd() * 6);
      for (let f = 0; f < flips; f++) mutated[Math.floor(rnd() * mutated.length)] = Math.floor(rnd() * 256);
      try {
        decodeMessages(mutated);
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
        rejected++;
      }
    }
    expect(decoded).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { ProtocolError } from "./errors";
import {
  asArray,
  asBigInt,
  asBool,
  asEntries,
  asInt,
  asMessageQueue,
  asNumber,
  asRecord,
  asString,
  encodeFastjsonMqMap,
  FjMap,
  getField,
  keyAsString,
  parseFastjson,
  readMessageQueueMap,
  type FjValue,
} from "./fastjson";
import { compareMq, mqKey, type MessageQueue } from "./messageQueue";
import { mulberry32 } from "./testing";

function malformed(input: string | Buffer, opts?: Parameters<typeof parseFastjson>[1]): ProtocolError {
  try {
    parseFastjson(input, opts);
  } catch (err) {
    expect(err, typeof input === "string" ? input.slice(0, 80) : "buffer").toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).kind).toBe("malformed_body");
    return err as ProtocolError;
  }
  throw new Error(`expected malformed_body for ${String(input).slice(0, 80)}`);
}

const CONSUME_STATS =
  '{"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":9007199254740993,"consumerOffset":5,"lastTimestamp":1700000000000,"pullOffset":5}}}';

describe("parseFastjson: standard JSON", () => {
  it("parses scalars, arrays and objects like JSON.parse", () => {
    const docs = [
      "null",
      "true",
      " false ",
      "0",
      "-0.0",
      "1.5",
      "1e3",
      "-2.5E-3",
      '""',
      '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"',
      "[]",
      "{}",
      '[1,[2,[3,{"a":[]}]]]',
      '{"a":1,"b":{"c":[true,null,"x"]}}',
      '\n\t{ "a" : [ 1 , 2 ] }\r\n',
      "123456789012345",
      "-9007199254740991",
    ];
    for (const d of docs) expect(parseFastjson(d), d).toEqual(JSON.parse(d));
  });

  it("returns null-prototype records for string-keyed objects", () => {
    const v = asRecord(parseFastjson('{"__proto__":{"polluted":true},"constructor":1}'));
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseFastjson('{"a":1,"a":2}')).toEqual({ a: 2 });
  });

  it("keeps doubles as numbers, -0.0 included", () => {
    expect(Object.is(parseFastjson("-0.0"), -0)).toBe(true);
    expect(parseFastjson("1e3")).toBe(1000);
    expect(parseFastjson("0.1")).toBe(0.1);
  });

  it("parses integers exactly: number within 2^53, bigint beyond", () => {
    expect(parseFastjson("9007199254740991")).toBe(9007199254740991);
    expect(parseFastjson("9007199254740992")).toBe(9007199254740992n);
    expect(parseFastjson("9007199254740993")).toBe(9007199254740993n);
    expect(parseFastjson("-9007199254740993")).toBe(-9007199254740993n);
    expect(parseFastjson("9223372036854775807")).toBe(9223372036854775807n);
    expect(parseFastjson("1234567890123456")).toBe(1234567890123456);
    expect(parseFastjson("-0")).toBe(0);
    expect(parseFastjson("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("decodes CJK, \\u escapes and surrogate pairs from strings and UTF-8 buffers", () => {
    const doc = '{"中文":"值 \\u4e2d\\u6587 \\ud83d\\ude00 😀","e":"\\u00e9\\u0000"}';
    const expected = { 中文: "值 中文 😀 😀", e: "é\u0000" };
    expect(parseFastjson(doc)).toEqual(expected);
    expect(parseFastjson(Buffer.from(doc, "utf8"))).toEqual(expected);
    expect(parseFastjson(new Uint8Array(Buffer.from(doc, "utf8")))).toEqual(expected);
    expect(parseFastjson(Buffer.from(doc, "utf8"), { fatalUtf8: true })).toEqual(expected);
  });

  it("skips a UTF-8 BOM", () => {
    expect(parseFastjson(Buffer.from("\ufeff[1]", "utf8"))).toEqual([1]);
  });
});

describe("parseFastjson: fastjson quirks", () => {
  it("accepts bare integer keys as an FjMap", () => {
    const v = parseFastjson('{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"}}');
    const addrs = getField(v, "brokerAddrs");
    expect(addrs).toBeInstanceOf(FjMap);
    expect((addrs as FjMap).entries).toEqual([
      [0, "127.0.0.1:10911"],
      [1, "127.0.0.1:10921"],
    ]);
    expect(asEntries(addrs).map(([k, val]) => [keyAsString(k), asString(val)])).toEqual([
      ["0", "127.0.0.1:10911"],
      ["1", "127.0.0.1:10921"],
    ]);
    // The BrowserCompatible form gives the same pairs through the same helpers.
    const quoted = getField(parseFastjson('{"brokerAddrs":{"0":"a","1":"b"}}'), "brokerAddrs");
    expect(asEntries(quoted).map(([k, val]) => [keyAsString(k), asString(val)])).toEqual([
      ["0", "a"],
      ["1", "b"],
    ]);
  });

  it("switches to an FjMap at the first non-string key, keeping document order", () => {
    const v = parseFastjson('{"a":1,2:"b",true:3,null:4,[5]:6}') as FjMap;
    expect(v).toBeInstanceOf(FjMap);
    expect(v.size).toBe(5);
    expect(v.entries).toEqual([
      ["a", 1],
      [2, "b"],
      [true, 3],
      [null, 4],
      [[5], 6],
    ]);
    expect(getField(v, "a")).toBe(1);
    expect(getField(v, "zzz")).toBeUndefined();
  });

  it("parses a ConsumeStats body with raw object keys and an exact 2^53+1 offset", () => {
    const v = parseFastjson(CONSUME_STATS);
    expect(asNumber(getField(v, "consumeTps"))).toBe(0);
    const rows = readMessageQueueMap(getField(v, "offsetTable"), (x) => ({
      brokerOffset: asBigInt(getField(x, "brokerOffset")),
      consumerOffset: asBigInt(getField(x, "consumerOffset")),
      pullOffset: asBigInt(getField(x, "pullOffset")),
      lastTimestamp: asBigInt(getField(x, "lastTimestamp")),
    }));
    expect(rows).toEqual([
      {
        mq: { topic: "T", brokerName: "broker-a", queueId: 0 },
        value: { brokerOffset: 9007199254740993n, consumerOffset: 5n, pullOffset: 5n, lastTimestamp: 1700000000000n },
      },
    ]);
  });

  it("reads the reference's two-queue ConsumeStats including %RETRY%", () => {
    const body =
      '{"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:{"brokerOffset":250,"consumerOffset":248,"lastTimestamp":1763700000000,"pullOffset":250},{"brokerName":"broker-a","queueId":0,"topic":"%RETRY%g1"}:{"brokerOffset":0,"consumerOffset":0,"lastTimestamp":0,"pullOffset":0}}}';
    const rows = readMessageQueueMap(getField(parseFastjson(Buffer.from(body)), "offsetTable"), (x) => asBigInt(getField(x, "consumerOffset")));
    expect(rows.map((r) => [mqKey(r.mq), r.value])).toEqual([
      ["TopicTest|broker-a|0", 248n],
      ["%RETRY%g1|broker-a|0", 0n],
    ]);
  });

  it("decodes JSON-string keys that hold an object", () => {
    const v = parseFastjson('{"offsetTable":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":0,\\"topic\\":\\"T\\"}":5}}');
    const table = getField(v, "offsetTable");
    expect(table).toBeInstanceOf(FjMap);
    expect((table as FjMap).entries).toEqual([[{ brokerName: "b", queueId: 0, topic: "T" }, 5]]);
    // A string key that only looks like an object stays a string.
    expect(parseFastjson('{"{not json}":1}')).toEqual({ "{not json}": 1 });
    // With decoding off, keys stay strings and readMessageQueueMap still decodes them.
    const raw = getField(parseFastjson('{"t":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":3,\\"topic\\":\\"T\\"}":"7"}}', { decodeStringObjectKeys: false }), "t");
    expect(Object.keys(asRecord(raw))).toEqual(['{"brokerName":"b","queueId":3,"topic":"T"}']);
    expect(readMessageQueueMap(raw, (x) => asBigInt(x))).toEqual([{ mq: { topic: "T", brokerName: "b", queueId: 3 }, value: 7n }]);
  });

  it("reads gson pairs", () => {
    const v = parseFastjson('{"offsetTable":[[{"brokerName":"b","queueId":0,"topic":"T"},123],[{"brokerName":"b","queueId":1,"topic":"T"},"9223372036854775807"]]}');
    expect(readMessageQueueMap(getField(v, "offsetTable"), (x) => asBigInt(x))).toEqual([
      { mq: { topic: "T", brokerName: "b", queueId: 0 }, value: 123n },
      { mq: { topic: "T", brokerName: "b", queueId: 1 }, value: 9223372036854775807n },
    ]);
    expect(readMessageQueueMap([], asBigInt)).toEqual([]);
    expect(readMessageQueueMap(parseFastjson("{}"), asBigInt)).toEqual([]);
    expect(() => readMessageQueueMap(parseFastjson("[[1]]"), asBigInt)).toThrow(ProtocolError);
    expect(() => readMessageQueueMap(undefined, asBigInt)).toThrow(ProtocolError);
    expect(() => readMessageQueueMap(parseFastjson('{"x":1}'), asBigInt)).toThrow(ProtocolError);
    expect(() => readMessageQueueMap(parseFastjson('{{"brokerName":"b","topic":"T"}:1}'), asBigInt)).toThrow(/queueId/);
  });

  it("accepts quoted longs (BrowserCompatible) in asBigInt and asInt", () => {
    const v = parseFastjson('{"a":"9007199254740993","b":"-5","c":"12","d":"1.5","e":"0x10","f":"01"}');
    expect(asBigInt(getField(v, "a"))).toBe(9007199254740993n);
    expect(asBigInt(getField(v, "b"))).toBe(-5n);
    expect(asInt(getField(v, "c"))).toBe(12);
    for (const k of ["d", "e", "f"]) expect(() => asBigInt(getField(v, k))).toThrow(ProtocolError);
    expect(() => asInt(getField(v, "a"))).toThrow(ProtocolError);
  });
});

describe("accessors", () => {
  it("convert or throw typed errors", () => {
    expect(asString("x")).toBe("x");
    expect(asInt(5)).toBe(5);
    expect(asBigInt(5)).toBe(5n);
    expect(asBigInt(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(asNumber(1.5)).toBe(1.5);
    expect(asNumber(9007199254740993n)).toBe(9007199254740992);
    expect(asBool(true)).toBe(true);
    expect(asBool("false")).toBe(false);
    expect(asArray([1])).toEqual([1]);
    const bad: Array<() => unknown> = [
      () => asString(1),
      () => asString(undefined, "topic"),
      () => asInt(1.5),
      () => asInt(2 ** 60),
      () => asInt(null),
      () => asBigInt(1.5),
      () => asBigInt(1e300),
      () => asBigInt(2n ** 63n),
      () => asBigInt(true),
      () => asNumber("1"),
      () => asBool(1),
      () => asArray({} as FjValue),
      () => asRecord([]),
      () => asRecord(new FjMap([])),
      () => asEntries("x"),
      () => keyAsString({} as FjValue),
      () => getField([], "a"),
      () => asMessageQueue('{"topic":1}'),
    ];
    for (const f of bad) expect(f).toThrow(ProtocolError);
    expect(() => asString(undefined, "topic")).toThrow("topic: expected string, got missing");
  });
});

describe("encodeFastjsonMqMap", () => {
  it("writes raw object keys with alphabetical MQ fields, and parses back", () => {
    const entries = [
      { mq: { topic: "T", brokerName: "b", queueId: 0 }, value: 123n },
      { mq: { topic: 'we"ird', brokerName: "b", queueId: 1 }, value: 9223372036854775807n },
    ];
    const text = encodeFastjsonMqMap(entries);
    expect(text).toBe('{{"brokerName":"b","queueId":0,"topic":"T"}:123,{"brokerName":"b","queueId":1,"topic":"we\\"ird"}:9223372036854775807}');
    const table = getField(parseFastjson(`{"offsetTable":${text}}`), "offsetTable");
    expect(readMessageQueueMap(table, asBigInt)).toEqual(entries);
    expect(encodeFastjsonMqMap([])).toBe("{}");
  });
});

describe("messageQueue", () => {
  it("keys and orders queues", () => {
    const a: MessageQueue = { topic: "T", brokerName: "b", queueId: 2 };
    const b: MessageQueue = { topic: "T", brokerName: "b", queueId: 10 };
    const c: MessageQueue = { topic: "T", brokerName: "a", queueId: 11 };
    const d: MessageQueue = { topic: "%RETRY%g", brokerName: "z", queueId: 0 };
    expect(mqKey(a)).toBe("T|b|2");
    expect([b, a, c, d].sort(compareMq)).toEqual([d, c, a, b]);
  });
});

describe("parseFastjson: hostile input", () => {
  it("rejects malformed documents with ProtocolError", () => {
    const bad = [
      "",
      " ",
      "{",
      "}",
      "[1,]",
      "[,1]",
      '{"a":1,}',
      '{"a" 1}',
      '{"a":}',
      "[1 2]",
      "01",
      "-01",
      "00",
      "-",
      "1.",
      ".5",
      "+1",
      "1e",
      "1e+",
      "0x10",
      "NaN",
      "Infinity",
      "tru",
      "nul",
      "True",
      '"abc',
      '"\\x41"',
      '"\\u12"',
      '"\\u12G4"',
      '"\\',
      '"\\ud800"',
      '"\\ud800\\u0041"',
      '"\\udc00"',
      '"a\u0001b"',
      '"line\nbreak"',
      "[1] [2]",
      '{"a":1} x',
      "{'a':1}",
      "[1]\u0000",
      "\ud800",
      '"\ud800"',
      '"\udc00x"',
    ];
    for (const b of bad) malformed(b);
  });

  it("rejects 10k nested arrays and objects without overflowing the stack", () => {
    malformed("[".repeat(10_000) + "]".repeat(10_000));
    malformed("[".repeat(10_000));
    malformed('{"a":'.repeat(10_000) + "1" + "}".repeat(10_000));
    malformed("{".repeat(10_000));
    malformed("{[".repeat(5_000));
    expect(() => parseFastjson("[".repeat(512) + "]".repeat(512))).not.toThrow();
    malformed("[".repeat(513) + "]".repeat(513));
    malformed("[[[1]]]", { maxDepth: 2 });
  });

  it("caps nesting through JSON-string keys too", () => {
    // A key that is itself a deeply nested object inside a deep document.
    const inner = JSON.stringify("{" + '"a":['.repeat(20) + "1" + "]".repeat(20) + "}");
    const doc = "[".repeat(495) + `{${inner}:1}` + "]".repeat(495);
    // The string key fails to decode (too deep) and stays a string: no error, no overflow.
    expect(() => parseFastjson(doc)).not.toThrow();
  });

  it("rejects every truncation of valid documents", () => {
    for (const doc of [CONSUME_STATS, '{"a":[1,2.5e3,"x\\u4e2d",true,false,null,{}],"b":{0:"y"}}', '{"k":"\\ud83d\\ude00"}']) {
      expect(() => parseFastjson(doc)).not.toThrow();
      for (let i = 0; i < doc.length; i++) {
        const prefix = doc.slice(0, i);
        // Some prefixes of a document are complete numbers, e.g. "1" of "12": none here at top level.
        malformed(prefix);
        malformed(Buffer.from(prefix, "utf8"));
      }
    }
  });

  it("rejects numbers over 1000 characters but accepts long ones below", () => {
    malformed("9".repeat(5000));
    malformed(`[${"1".repeat(1001)}]`);
    malformed(`0.${"1".repeat(1000)}`);
    expect(parseFastjson("9".repeat(1000))).toBe(10n ** 1000n - 1n);
    expect(parseFastjson("1e400")).toBe(Number.POSITIVE_INFINITY);
  });

  it("enforces the input size limit", () => {
    malformed("[1,2,3]", { maxInputBytes: 4 });
    malformed(Buffer.from("[1,2,3]"), { maxInputBytes: 4 });
  });

  it("rejects invalid UTF-8 when fatalUtf8 is set, replaces it otherwise", () => {
    const bytes = Buffer.from([0x22, 0xff, 0xfe, 0x22]);
    malformed(bytes, { fatalUtf8: true });
    expect(parseFastjson(bytes)).toBe("\ufffd\ufffd");
  });

  it("never throws anything but ProtocolError on random bytes", () => {
    const rnd = mulberry32(7);
    let values = 0;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.alloc(Math.floor(rnd() * 40));
      for (let k = 0; k < b.length; k++) b[k] = Math.floor(rnd() * 256);
      try {
        parseFastjson(b);
        values++;
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
      }
    }
    expect(values).toBeGreaterThanOrEqual(0);
  });
});

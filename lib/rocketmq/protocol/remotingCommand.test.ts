import { describe, expect, it } from "vitest";
import { ProtocolError } from "./errors";
import {
  createRequest,
  createResponse,
  decodeFrameBody,
  encodeFrame,
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  isOneway,
  isResponse,
  languageByte,
  languageName,
  SerializeType,
  type RemotingCommand,
  type SerializeTypeValue,
} from "./remotingCommand";
import { RequestCode, requestCodeName } from "./requestCode";
import { ResponseCode, responseCodeName } from "./responseCode";

/** Builds a frame by hand: length prefix, type byte + 24-bit header length, header, body. */
function frame(type: number, header: Buffer, body: Buffer = Buffer.alloc(0), headerLenField = header.length): Buffer {
  const out = Buffer.alloc(8 + header.length + body.length);
  out.writeUInt32BE(4 + header.length + body.length, 0);
  out.writeUInt32BE(((type << 24) | headerLenField) >>> 0, 4);
  header.copy(out, 8);
  body.copy(out, 8 + header.length);
  return out;
}

function roundtrip(cmd: RemotingCommand): RemotingCommand {
  const bytes = encodeFrame(cmd);
  expect(bytes.readUInt32BE(0)).toBe(bytes.length - 4);
  expect(bytes[4]).toBe(cmd.serializeType);
  return decodeFrameBody(bytes.subarray(4));
}

function expectProtocolError(fn: () => unknown, kind?: ProtocolError["kind"]): ProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    if (kind) expect((err as ProtocolError).kind).toBe(kind);
    return err as ProtocolError;
  }
  throw new Error("expected a ProtocolError");
}

const types: Array<[string, SerializeTypeValue]> = [
  ["JSON", SerializeType.JSON],
  ["ROCKETMQ", SerializeType.ROCKETMQ],
];

describe("codes", () => {
  it("names request and response codes", () => {
    expect(RequestCode.GET_CONSUME_STATS).toBe(208);
    expect(requestCodeName(343)).toBe("QUERY_TOPICS_BY_CONSUMER");
    expect(requestCodeName(9999)).toBe("UNKNOWN_9999");
    expect(ResponseCode.GO_AWAY).toBe(1500);
    expect(responseCodeName(206)).toBe("CONSUMER_NOT_ONLINE");
    expect(responseCodeName(0)).toBe("SUCCESS");
    expect(responseCodeName(-1)).toBe("UNKNOWN_-1");
  });

  it("maps language names and bytes", () => {
    expect(languageName(0)).toBe("JAVA");
    expect(languageName(13)).toBe("NODE_JS");
    expect(languageName(200)).toBe("UNKNOWN_200");
    expect(languageByte("GO")).toBe(9);
    expect(languageByte("UNKNOWN_200")).toBe(200);
    expect(languageByte("COBOL")).toBeUndefined();
  });
});

describe("createRequest / createResponse", () => {
  it("stringifies ext values and drops undefined", () => {
    const req = createRequest(RequestCode.QUERY_CONSUMER_OFFSET, {
      consumerGroup: "g1",
      queueId: 0,
      setZeroIfNotFound: false,
      commitOffset: 9007199254740993n,
      absent: undefined,
    });
    expect({ ...req.extFields }).toEqual({ consumerGroup: "g1", queueId: "0", setZeroIfNotFound: "false", commitOffset: "9007199254740993" });
    expect(req).toMatchObject({ code: 14, language: "JAVA", version: 479, flag: 0, serializeType: SerializeType.JSON });
    expect(req.body).toBeUndefined();
    expect("opaque" in req).toBe(false);
  });

  it("marks oneway requests and keeps non-empty bodies", () => {
    const req = createRequest(15, {}, Buffer.from("x"), { oneway: true });
    expect(req.flag).toBe(FLAG_ONEWAY);
    expect(isOneway(req)).toBe(true);
    expect(isResponse(req)).toBe(false);
    expect(req.body?.toString()).toBe("x");
  });

  it("rejects non-integer numbers in ext fields", () => {
    expectProtocolError(() => createRequest(14, { x: 1.5 }), "invalid_command");
    expectProtocolError(() => createRequest(14, { x: Number.NaN }), "invalid_command");
    expectProtocolError(() => createRequest(14, { x: 2 ** 60 }), "invalid_command");
  });

  it("builds a response to a broker request", () => {
    const res = createResponse({ opaque: 42 }, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: "not supported" });
    expect(res).toMatchObject({ code: 3, opaque: 42, flag: FLAG_RESPONSE, remark: "not supported" });
    expect(isResponse(res)).toBe(true);
    const decoded = roundtrip(res);
    expect(decoded.opaque).toBe(42);
    expect(isResponse(decoded)).toBe(true);
  });
});

describe.each(types)("encode -> decode roundtrip (%s)", (_name, serializeType) => {
  const base: RemotingCommand = {
    code: 14,
    language: "JAVA",
    version: 479,
    opaque: 7,
    flag: 0,
    extFields: { consumerGroup: "g1", queueId: "0", topic: "T" },
    serializeType,
  };

  it("with ext fields, no remark, no body", () => {
    const d = roundtrip(base);
    expect(d).toEqual({ ...base });
    expect(d.remark).toBeUndefined();
    expect(d.body).toBeUndefined();
  });

  it("with remark and body", () => {
    const body = Buffer.from('{"offsetTable":{}}');
    const cmd: RemotingCommand = { ...base, flag: FLAG_RESPONSE, code: 1, remark: "topic not exist", body };
    const d = roundtrip(cmd);
    expect(d.remark).toBe("topic not exist");
    expect(d.body?.equals(body)).toBe(true);
    expect(d.flag).toBe(1);
  });

  it("with a CJK remark, empty ext fields and a binary body", () => {
    const body = Buffer.from([0, 1, 2, 255, 254, 0x7b]);
    const cmd: RemotingCommand = { ...base, extFields: {}, remark: "消费组不存在 — группа 😀", body, opaque: -123456 };
    const d = roundtrip(cmd);
    expect(d.remark).toBe(cmd.remark);
    expect(d.extFields).toEqual({});
    expect(d.body?.equals(body)).toBe(true);
    expect(d.opaque).toBe(-123456);
  });

  it("with extreme int32 values and many ext fields", () => {
    const extFields: Record<string, string> = {};
    for (let i = 0; i < 50; i++) extFields[`key${i}`] = "v".repeat(i) + "值";
    const cmd: RemotingCommand = { ...base, opaque: 2147483647, flag: 3, code: -1000, version: 32767, extFields, language: "GO" };
    const d = roundtrip(cmd);
    expect(d).toEqual(cmd);
  });

  it("with a large body", () => {
    const body = Buffer.alloc(200_000, 7);
    const d = roundtrip({ ...base, body });
    expect(d.body?.length).toBe(200_000);
  });

  it("keeps the header type in serializeType", () => {
    expect(roundtrip(base).serializeType).toBe(serializeType);
  });
});

describe("JSON header", () => {
  it("is written fastjson-style: alphabetical, nulls omitted", () => {
    const bytes = encodeFrame({
      code: 14,
      language: "JAVA",
      version: 479,
      opaque: 7,
      flag: 0,
      extFields: { topic: "T", consumerGroup: "g1", setZeroIfNotFound: "false", queueId: "0" },
      serializeType: SerializeType.JSON,
    });
    const headerLen = bytes.readUInt32BE(4) & 0xffffff;
    expect(bytes.subarray(8, 8 + headerLen).toString()).toBe(
      '{"code":14,"extFields":{"consumerGroup":"g1","queueId":"0","setZeroIfNotFound":"false","topic":"T"},"flag":0,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":479}',
    );
  });

  it("decodes the reference request and response exactly", () => {
    const req = decodeFrameBody(
      frame(
        0,
        Buffer.from(
          '{"code":14,"extFields":{"consumerGroup":"g1","queueId":"0","setZeroIfNotFound":"false","topic":"T"},"flag":0,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":479}',
        ),
      ).subarray(4),
    );
    expect(req).toEqual({
      code: 14,
      language: "JAVA",
      version: 479,
      opaque: 7,
      flag: 0,
      extFields: { consumerGroup: "g1", queueId: "0", setZeroIfNotFound: "false", topic: "T" },
      serializeType: 0,
    });
    const res = decodeFrameBody(
      frame(0, Buffer.from('{"code":0,"extFields":{"offset":"250"},"flag":1,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":479}')).subarray(4),
    );
    expect(res).toMatchObject({ code: 0, flag: 1, opaque: 7, extFields: { offset: "250" } });
    expect(isResponse(res)).toBe(true);
    expect(res.body).toBeUndefined();
  });

  it("tolerates absent extFields/remark/language, numeric and boolean ext values, unknown keys", () => {
    const d = decodeFrameBody(
      frame(0, Buffer.from('{"code":1,"flag":1,"opaque":9,"version":401,"extra":{"x":[1]}}'), Buffer.from("B")).subarray(4),
    );
    expect(d).toMatchObject({ code: 1, flag: 1, opaque: 9, version: 401, language: "JAVA", extFields: {} });
    expect(d.remark).toBeUndefined();
    expect(d.body?.toString()).toBe("B");

    const e = decodeFrameBody(
      frame(0, Buffer.from('{"code":"0","extFields":{"offset":250,"big":9223372036854775807,"ok":true,"n":null},"flag":1,"language":"GO","opaque":1,"remark":null,"version":317}')).subarray(4),
    );
    expect({ ...e.extFields }).toEqual({ offset: "250", big: "9223372036854775807", ok: "true" });
    expect(e.language).toBe("GO");
    expect(e.code).toBe(0);
    expect(e.remark).toBeUndefined();
  });

  it("decodes a raw UTF-8 CJK remark and \\u escapes", () => {
    const d = decodeFrameBody(frame(0, Buffer.from('{"code":1,"flag":1,"opaque":1,"remark":"主题不存在 \\u4e2d\\n","version":479}')).subarray(4));
    expect(d.remark).toBe("主题不存在 中\n");
  });

  it("rejects malformed JSON headers", () => {
    const cases = [
      "",
      "{",
      '{"code":14',
      "[]",
      '"code"',
      '{"flag":0}',
      '{"code":1.5}',
      '{"code":99999999999}',
      '{"code":1,"extFields":[1]}',
      '{"code":1,"extFields":{"a":{"b":1}}}',
      '{"code":1,"remark":5}',
      '{"code":1,"language":{}}',
      '{"code":1} trailing',
      '{0:1}',
    ];
    for (const h of cases) {
      const err = expectProtocolError(() => decodeFrameBody(frame(0, Buffer.from(h)).subarray(4)));
      expect(err.kind, h).toBe("malformed_header");
    }
  });
});

describe("binary ROCKETMQ header", () => {
  it("matches the documented layout", () => {
    const bytes = encodeFrame({
      code: 14,
      language: "GO",
      version: 479,
      opaque: 7,
      flag: 1,
      remark: "ab",
      extFields: { k: "vv" },
      serializeType: SerializeType.ROCKETMQ,
    });
    const h = bytes.subarray(8);
    expect(bytes.readUInt32BE(4)).toBe((1 << 24) | h.length);
    expect(h.toString("hex")).toBe(
      [
        "000e", // code 14
        "09", // GO
        "01df", // 479
        "00000007", // opaque
        "00000001", // flag
        "00000002",
        "6162", // remark
        "00000009", // ext length: 2 + 1 + 4 + 2
        "0001",
        "6b",
        "00000002",
        "7676",
      ].join(""),
    );
  });

  it("decodes remark length 0 as no remark and unknown language bytes as UNKNOWN_<n>", () => {
    const h = Buffer.alloc(21);
    h.writeInt16BE(1, 0);
    h.writeUInt8(99, 2);
    h.writeInt16BE(479, 3);
    h.writeInt32BE(5, 5);
    h.writeInt32BE(1, 9);
    const d = decodeFrameBody(frame(1, h).subarray(4));
    expect(d).toEqual({ code: 1, language: "UNKNOWN_99", version: 479, opaque: 5, flag: 1, extFields: {}, serializeType: 1 });
    // ...and re-encodes with the same byte.
    expect(roundtrip(d).language).toBe("UNKNOWN_99");
  });

  it("masks the 24-bit header length (type byte 1 in the high byte)", () => {
    const cmd: RemotingCommand = { code: 0, language: "JAVA", version: 479, opaque: 3, flag: 1, extFields: { offset: "1" }, body: Buffer.from("xyz"), serializeType: SerializeType.ROCKETMQ };
    const bytes = encodeFrame(cmd);
    const typeAndLen = bytes.readUInt32BE(4);
    expect(typeAndLen >>> 24).toBe(1);
    // Read without masking, the length would be > 16 MiB and beyond the frame.
    expect(typeAndLen).toBeGreaterThan(bytes.length);
    const d = decodeFrameBody(bytes.subarray(4));
    expect(d.extFields).toEqual({ offset: "1" });
    expect(d.body?.toString()).toBe("xyz");
  });

  it("masks the header length for JSON headers too and rejects unknown type bytes", () => {
    const header = Buffer.from('{"code":0,"flag":1,"opaque":1,"version":479}');
    expect(decodeFrameBody(frame(0, header).subarray(4)).code).toBe(0);
    expectProtocolError(() => decodeFrameBody(frame(2, header).subarray(4)), "malformed_header");
    expectProtocolError(() => decodeFrameBody(frame(0xff, header).subarray(4)), "malformed_header");
  });

  it("rejects bad binary lengths", () => {
    const good = encodeFrame({ code: 1, language: "JAVA", version: 1, opaque: 1, flag: 0, remark: "r", extFields: { a: "b" }, serializeType: 1 }).subarray(8);
    const tamper = (write: (b: Buffer) => void): Buffer => {
      const h = Buffer.from(good);
      write(h);
      return frame(1, h).subarray(4);
    };
    const cases: Buffer[] = [
      frame(1, good.subarray(0, 20)).subarray(4), // shorter than 21
      tamper((h) => h.writeInt32BE(-1, 13)), // negative remark length
      tamper((h) => h.writeInt32BE(1000, 13)), // remark beyond the header
      tamper((h) => h.writeInt32BE(-2, 18)), // negative ext length
      tamper((h) => h.writeInt32BE(999, 18)), // ext beyond the header
      tamper((h) => h.writeInt16BE(50, 22)), // key beyond the section
      tamper((h) => h.writeInt16BE(-1, 22)), // negative key length
      tamper((h) => h.writeInt32BE(7, 25)), // value beyond the section
    ];
    for (const c of cases) expectProtocolError(() => decodeFrameBody(c), "malformed_header");
    // A key/value section shorter than an entry's length fields.
    const h = Buffer.from(good);
    h.writeInt32BE(1, 18);
    expectProtocolError(() => decodeFrameBody(frame(1, h).subarray(4)), "malformed_header");
  });
});

describe("decodeFrameBody structure", () => {
  it("rejects a header length beyond the frame", () => {
    const header = Buffer.from('{"code":0}');
    expectProtocolError(() => decodeFrameBody(frame(0, header, Buffer.alloc(0), header.length + 1).subarray(4)), "malformed_frame");
    expectProtocolError(() => decodeFrameBody(Buffer.alloc(3)), "malformed_frame");
  });

  it("rejects unencodable commands", () => {
    const base: RemotingCommand = { code: 1, language: "JAVA", version: 1, opaque: 1, flag: 0, extFields: {}, serializeType: 1 };
    expectProtocolError(() => encodeFrame({ ...base, code: 40000 }), "invalid_command");
    expectProtocolError(() => encodeFrame({ ...base, language: "COBOL" }), "invalid_command");
    expectProtocolError(() => encodeFrame({ ...base, opaque: 2 ** 31 }), "invalid_command");
    expectProtocolError(() => encodeFrame({ ...base, serializeType: 0, opaque: 1.5 }), "invalid_command");
    expectProtocolError(() => encodeFrame({ ...base, serializeType: 2 as SerializeTypeValue }), "invalid_command");
  });
});

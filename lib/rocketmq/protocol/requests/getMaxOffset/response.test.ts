import { describe, expect, it } from "vitest";
import { ResponseError, UnexpectedResponseError } from "../../../errors";
import { createResponse, type RemotingCommand, SerializeType } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, ext?: Record<string, string>, remark?: string): RemotingCommand {
  return createResponse({ opaque: 1 }, c, { extFields: ext, remark });
}

describe("GET_MAX_OFFSET (30)", () => {
  it("encodes topic and queueId; committed only when given", () => {
    expect(code).toBe(30);
    const plain = encode({ topic: "TopicTest", queueId: 2 });
    expect(plain.code).toBe(30);
    expect({ ...plain.extFields }).toEqual({ topic: "TopicTest", queueId: "2" });
    expect({ ...encode({ topic: "T", queueId: 0, committed: false }).extFields }).toEqual({ topic: "T", queueId: "0", committed: "false" });
    expect({ ...encode({ topic: "T", queueId: 0, committed: true }).extFields }).toEqual({ topic: "T", queueId: "0", committed: "true" });
  });

  it("parses ext offset exactly", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { offset: "250" }), T)).toBe(250n);
    expect(decode(reply(ResponseCode.SUCCESS, { offset: "9007199254740993" }))).toBe(9007199254740993n);
  });

  it("throws typed errors", () => {
    const err = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR, undefined, "Failed to get max offset"), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 1, retriable: false, requestCode: 30 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS), T))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("GET_MAX_OFFSET (30) captured replies", () => {
  it("parses JSON-header replies", () => {
    for (const name of ["v4_queue_1.hex", "v5_queue_1.hex", "v5_binary_header_request.hex"]) {
      expect(parse(fixture(name), T)).toBeGreaterThan(0n);
    }
  });

  it("parses 4.9.7's binary-header reply to a binary-header request", () => {
    const r = fixture("v4_binary_header_request.hex");
    expect(r.serializeType).toBe(SerializeType.ROCKETMQ);
    expect(parse(r, T)).toBeGreaterThan(0n);
  });
});

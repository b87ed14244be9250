import { describe, expect, it } from "vitest";
import { ResponseError, UnexpectedResponseError } from "../../../errors";
import { createResponse, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, ext?: Record<string, string>): RemotingCommand {
  return createResponse({ opaque: 1 }, c, { extFields: ext });
}

describe("GET_MIN_OFFSET (31)", () => {
  it("encodes topic and queueId", () => {
    expect(code).toBe(31);
    const req = encode({ topic: "%RETRY%g1", queueId: 0 });
    expect(req.code).toBe(31);
    expect({ ...req.extFields }).toEqual({ topic: "%RETRY%g1", queueId: "0" });
  });

  it("parses ext offset exactly", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { offset: "0" }), T)).toBe(0n);
    expect(decode(reply(ResponseCode.SUCCESS, { offset: "9007199254740993" }))).toBe(9007199254740993n);
  });

  it("throws typed errors", () => {
    const err = thrown(() => parse(reply(ResponseCode.TOPIC_NOT_EXIST), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 17, retriable: false, requestCode: 31 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS, { offset: "" }), T))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("GET_MIN_OFFSET (31) captured replies", () => {
  it("parses replies from 4.9.7 and 5.3.3 (5.3.3 sends an empty remark)", () => {
    for (const name of ["v4_queue_1.hex", "v5_queue_1.hex"]) {
      expect(parse(fixture(name), T)).toBeGreaterThanOrEqual(0n);
    }
  });
});

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

describe("GET_EARLIEST_MSG_STORETIME (32)", () => {
  it("encodes topic and queueId", () => {
    expect(code).toBe(32);
    const req = encode({ topic: "TopicTest", queueId: 5 });
    expect(req.code).toBe(32);
    expect({ ...req.extFields }).toEqual({ topic: "TopicTest", queueId: "5" });
  });

  it("parses ext timestamp exactly", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { timestamp: "1763700000000" }), T)).toBe(1763700000000n);
    expect(decode(reply(ResponseCode.SUCCESS, { timestamp: "9007199254740993" }))).toBe(9007199254740993n);
  });

  it("turns -1 (unknown) into null", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { timestamp: "-1" }), T)).toBeNull();
  });

  it("throws typed errors", () => {
    const err = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 1, retriable: false, requestCode: 32 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS, { offset: "5" }), T))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("GET_EARLIEST_MSG_STORETIME (32) captured replies", () => {
  it("parses store times in ms from 4.9.7 and 5.3.3", () => {
    for (const name of ["v4_queue_1.hex", "v5_queue_1.hex"]) {
      const ts = parse(fixture(name), T);
      expect(ts).not.toBeNull();
      expect(ts as bigint).toBeGreaterThan(1_600_000_000_000n);
    }
  });
});

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

describe("SEARCH_OFFSET_BY_TIMESTAMP (29)", () => {
  it("encodes topic, queueId, timestamp (ms) and the optional boundaryType", () => {
    expect(code).toBe(29);
    const req = encode({ topic: "TopicTest", queueId: 1, timestamp: 1763700000000n });
    expect(req.code).toBe(29);
    expect({ ...req.extFields }).toEqual({ topic: "TopicTest", queueId: "1", timestamp: "1763700000000" });
    expect({ ...encode({ topic: "T", queueId: 0, timestamp: 0n, boundaryType: "upper" }).extFields }).toEqual({
      topic: "T",
      queueId: "0",
      timestamp: "0",
      boundaryType: "upper",
    });
  });

  it("parses ext offset exactly", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { offset: "248" }), T)).toBe(248n);
    expect(decode(reply(ResponseCode.SUCCESS, { offset: "9007199254740993" }))).toBe(9007199254740993n);
  });

  it("throws typed errors", () => {
    const err = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 1, retriable: false, requestCode: 29 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS, { offset: "1.5" }), T))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("SEARCH_OFFSET_BY_TIMESTAMP (29) captured replies", () => {
  it("parses replies from 4.9.7 and 5.3.3", () => {
    for (const name of ["v4_ten_seconds_ago.hex", "v5_ten_seconds_ago.hex"]) {
      expect(parse(fixture(name), T)).toBeGreaterThanOrEqual(0n);
    }
  });
});

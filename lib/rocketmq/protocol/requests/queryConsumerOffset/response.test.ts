import { describe, expect, it } from "vitest";
import { ResponseError, UnexpectedResponseError } from "../../../errors";
import { createResponse, decodeFrameBody, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { RequestCode } from "../../requestCode";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, opts?: { ext?: Record<string, string>; remark?: string }): RemotingCommand {
  return createResponse({ opaque: 7 }, c, { extFields: opts?.ext, remark: opts?.remark });
}

/** A frame (without its length prefix) with a JSON header exactly as a broker writes it. */
function jsonFrame(header: string): RemotingCommand {
  const h = Buffer.from(header, "utf8");
  const f = Buffer.alloc(4 + h.length);
  f.writeUInt32BE(h.length, 0);
  h.copy(f, 4);
  return decodeFrameBody(f);
}

describe("QUERY_CONSUMER_OFFSET (14)", () => {
  it("encodes consumerGroup, topic, queueId and setZeroIfNotFound=false, all strings", () => {
    const req = encode({ consumerGroup: "g1", topic: "TopicTest", queueId: 3 });
    expect(code).toBe(RequestCode.QUERY_CONSUMER_OFFSET);
    expect(req.code).toBe(14);
    expect(req.flag).toBe(0);
    expect(req.body).toBeUndefined();
    expect({ ...req.extFields }).toEqual({ consumerGroup: "g1", topic: "TopicTest", queueId: "3", setZeroIfNotFound: "false" });
  });

  it("parses the committed offset from a broker's JSON header", () => {
    const r = jsonFrame(
      '{"code":0,"extFields":{"offset":"250"},"flag":1,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":479}',
    );
    expect(parse(r, T)).toBe(250n);
    expect(decode(r)).toBe(250n);
  });

  it("keeps int64 offsets exact", () => {
    expect(parse(reply(ResponseCode.SUCCESS, { ext: { offset: "9007199254740993" } }), T)).toBe(9007199254740993n);
    expect(parse(reply(ResponseCode.SUCCESS, { ext: { offset: "9223372036854775807" } }), T)).toBe(2n ** 63n - 1n);
    expect(parse(reply(ResponseCode.SUCCESS, { ext: { offset: "0" } }), T)).toBe(0n);
  });

  it("answers null on QUERY_NOT_FOUND (nothing committed)", () => {
    const r = reply(ResponseCode.QUERY_NOT_FOUND, { remark: "Not found, do not set to zero, maybe this group boot first" });
    expect(parse(r, T)).toBeNull();
  });

  it("throws a typed ResponseError on other codes", () => {
    const busy = thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY, { remark: "[PCBUSY_CLEAN_QUEUE]broker busy" }), T));
    expect(busy).toBeInstanceOf(ResponseError);
    expect(busy).toMatchObject({ code: 2, retriable: true, requestCode: 14, target: T, remark: "[PCBUSY_CLEAN_QUEUE]broker busy" });

    const sys = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR, { remark: "Unknown response code 5" }), T));
    expect(sys).toBeInstanceOf(ResponseError);
    expect(sys).toMatchObject({ code: 1, retriable: false });

    const leader = thrown(() => parse(reply(ResponseCode.NOT_LEADER_FOR_QUEUE), T));
    expect(leader).toMatchObject({ code: 501, retriable: true });
  });

  it("rejects a SUCCESS without a usable offset", () => {
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS), T))).toBeInstanceOf(UnexpectedResponseError);
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS, { ext: { offset: "12x" } }), T))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("QUERY_CONSUMER_OFFSET (14) captured replies", () => {
  it("reads committed offsets from 4.9.7 and 5.3.3", () => {
    for (const name of ["v4_committed.hex", "v5_committed.hex"]) {
      const got = parse(fixture(name), T);
      expect(typeof got).toBe("bigint");
      expect(got as bigint).toBeGreaterThan(0n);
    }
  });

  it("5.3.3 honours setZeroIfNotFound=false: QUERY_NOT_FOUND -> null", () => {
    const r = fixture("v5_not_found.hex");
    expect(r.code).toBe(ResponseCode.QUERY_NOT_FOUND);
    expect(parse(r, T)).toBeNull();
  });

  it("4.9.7 ignores setZeroIfNotFound: a never-committed queue answers SUCCESS 0", () => {
    const r = fixture("v4_not_found.hex");
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(parse(r, T)).toBe(0n);
  });
});

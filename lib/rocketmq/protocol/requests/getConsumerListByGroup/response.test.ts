import { describe, expect, it } from "vitest";
import { ResponseError, UnexpectedResponseError } from "../../../errors";
import { ProtocolError } from "../../errors";
import { createResponse, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, isNoConsumerOnline, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, opts?: { body?: string; remark?: string }): RemotingCommand {
  return createResponse({ opaque: 5 }, c, {
    remark: opts?.remark,
    body: opts?.body === undefined ? undefined : Buffer.from(opts.body, "utf8"),
  });
}

describe("GET_CONSUMER_LIST_BY_GROUP (38)", () => {
  it("encodes consumerGroup", () => {
    expect(code).toBe(38);
    const req = encode({ consumerGroup: "g1" });
    expect(req.code).toBe(38);
    expect({ ...req.extFields }).toEqual({ consumerGroup: "g1" });
  });

  it("parses the client ids", () => {
    const body = '{"consumerIdList":["192.168.0.7@31337#8891562357462","192.168.0.8@4242"]}';
    expect(parse(reply(ResponseCode.SUCCESS, { body }), T)).toEqual(["192.168.0.7@31337#8891562357462", "192.168.0.8@4242"]);
  });

  it("reads a missing or null list as empty", () => {
    expect(decode(Buffer.from("{}"))).toEqual([]);
    expect(decode(Buffer.from('{"consumerIdList":null}'))).toEqual([]);
    expect(decode(Buffer.from('{"consumerIdList":[]}'))).toEqual([]);
  });

  it("rejects malformed bodies", () => {
    expect(thrown(() => decode(Buffer.from('{"consumerIdList":[1]}')))).toBeInstanceOf(ProtocolError);
    expect(thrown(() => decode(Buffer.from('{"consumerIdList":"a"}')))).toBeInstanceOf(ProtocolError);
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS), T))).toBeInstanceOf(UnexpectedResponseError);
  });

  it("throws a ResponseError when no consumer is online, recognisable with isNoConsumerOnline", () => {
    const err = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR, { remark: "no consumer for this group, g1" }), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 1, retriable: false, requestCode: 38 });
    expect(isNoConsumerOnline(err)).toBe(true);

    const notOnline = thrown(() => parse(reply(ResponseCode.CONSUMER_NOT_ONLINE), T));
    expect(notOnline).toMatchObject({ code: 206, retriable: false });
    expect(isNoConsumerOnline(notOnline)).toBe(true);

    expect(isNoConsumerOnline(new ResponseError(T, 38, 1, "something else"))).toBe(false);
    expect(isNoConsumerOnline(new Error("no consumer for this group, g1"))).toBe(false);
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
  });
});

describe("GET_CONSUMER_LIST_BY_GROUP (38) captured replies", () => {
  it("parses the client ids from 4.9.7 and 5.3.3", () => {
    for (const name of ["v4_online.hex", "v5_online.hex"]) {
      const ids = parse(fixture(name), T);
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/@/);
    }
  });
});

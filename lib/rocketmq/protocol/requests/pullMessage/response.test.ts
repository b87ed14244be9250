import { describe, expect, it } from "vitest";
import { ResponseError, UnexpectedResponseError } from "../../../errors";
import { ProtocolError } from "../../errors";
import { createResponse, encodeFrame, decodeFrameBody, type RemotingCommand, SerializeType } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode, TOOLS_CONSUMER_GROUP } from "./request";
import { decode, parse, type DecodedMessage } from "./response";
import { buildMessage } from "./testMessage";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);
const OFFSETS = { nextBeginOffset: "249", minOffset: "0", maxOffset: "250", suggestWhichBrokerId: "0" };

function reply(c: number, opts?: { ext?: Record<string, string>; remark?: string; body?: Buffer }): RemotingCommand {
  return createResponse({ opaque: 11 }, c, { extFields: opts?.ext ?? OFFSETS, remark: opts?.remark, body: opts?.body });
}

/** The reply as it arrives from a broker that serializes headers in the binary ROCKETMQ format. */
function overTheWire(cmd: RemotingCommand): RemotingCommand {
  return decodeFrameBody(encodeFrame({ ...cmd, serializeType: SerializeType.ROCKETMQ }).subarray(4));
}

describe("PULL_MESSAGE (11) request", () => {
  it("encodes a one-message, no-suspend, subscription-only pull by TOOLS_CONSUMER", () => {
    expect(code).toBe(11);
    const req = encode({ topic: "TopicTest", queueId: 2, queueOffset: 248n });
    expect(req.code).toBe(11);
    expect(req.flag).toBe(0);
    expect({ ...req.extFields }).toEqual({
      consumerGroup: "TOOLS_CONSUMER",
      topic: "TopicTest",
      queueId: "2",
      queueOffset: "248",
      maxMsgNums: "1",
      sysFlag: "4",
      commitOffset: "0",
      suspendTimeoutMillis: "0",
      subscription: "*",
      subVersion: "0",
      expressionType: "TAG",
    });
    expect(TOOLS_CONSUMER_GROUP).toBe("TOOLS_CONSUMER");
  });

  it("keeps int64 queue offsets exact and allows overriding group and count", () => {
    const req = encode({ topic: "T", queueId: 0, queueOffset: 9007199254740993n, maxMsgNums: 4, consumerGroup: "tidemark_browser" });
    expect(req.extFields.queueOffset).toBe("9007199254740993");
    expect(req.extFields.maxMsgNums).toBe("4");
    expect(req.extFields.consumerGroup).toBe("tidemark_browser");
  });
});

describe("PULL_MESSAGE (11) response", () => {
  it("parses a FOUND reply with a binary header and a message body", () => {
    const body = buildMessage({
      queueId: 2,
      queueOffset: 248n,
      storeTimestamp: 1763700000123n,
      bornTimestamp: 1763699999000n,
      topic: "TopicTest",
      properties: "TAGS\u0001TagA\u0002UNIQ_KEY\u0001AC11000100002A9F00000000000004D2\u0002",
    });
    const r = overTheWire(reply(ResponseCode.SUCCESS, { remark: "FOUND", body }));
    const got = parse(r, T);
    expect(got.status).toBe("found");
    if (got.status !== "found") throw new Error("unreachable");
    expect(got).toMatchObject({ nextBeginOffset: 249n, minOffset: 0n, maxOffset: 250n, suggestWhichBrokerId: 0n, storeStatus: "FOUND" });
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]).toMatchObject({
      topic: "TopicTest",
      queueId: 2,
      queueOffset: 248n,
      storeTimestamp: 1763700000123n,
      tags: "TagA",
      msgId: "AC11000100002A9F00000000000004D2",
    });
  });

  it("keeps the ext offsets exact", () => {
    const r = reply(ResponseCode.PULL_NOT_FOUND, {
      ext: { nextBeginOffset: "9007199254740993", minOffset: "9007199254740992", maxOffset: "9007199254740993" },
      remark: "OFFSET_OVERFLOW_ONE",
    });
    expect(parse(r, T)).toEqual({
      status: "no_new_msg",
      nextBeginOffset: 9007199254740993n,
      minOffset: 9007199254740992n,
      maxOffset: 9007199254740993n,
      storeStatus: "OFFSET_OVERFLOW_ONE",
    });
  });

  it("maps 19/20/21 to statuses, not errors", () => {
    expect(parse(reply(ResponseCode.PULL_NOT_FOUND, { remark: "OFFSET_FOUND_NULL" }), T).status).toBe("no_new_msg");
    expect(parse(reply(ResponseCode.PULL_RETRY_IMMEDIATELY, { remark: "NO_MATCHED_MESSAGE" }), T).status).toBe("no_matched");
    expect(parse(reply(ResponseCode.PULL_RETRY_IMMEDIATELY, { remark: "MESSAGE_WAS_REMOVING" }), T).status).toBe("retry");
    expect(parse(reply(ResponseCode.PULL_RETRY_IMMEDIATELY), T).status).toBe("retry");
    const moved = parse(
      reply(ResponseCode.PULL_OFFSET_MOVED, { ext: { nextBeginOffset: "100", minOffset: "100", maxOffset: "250", suggestWhichBrokerId: "0" }, remark: "OFFSET_TOO_SMALL" }),
      T,
    );
    expect(moved).toEqual({
      status: "offset_moved",
      nextBeginOffset: 100n,
      minOffset: 100n,
      maxOffset: 250n,
      suggestWhichBrokerId: 0n,
      storeStatus: "OFFSET_TOO_SMALL",
    });
  });

  it("treats an empty FOUND body as no messages", () => {
    const got = parse(reply(ResponseCode.SUCCESS), T);
    expect(got).toMatchObject({ status: "found", messages: [] });
    expect(decode(undefined)).toEqual([]);
  });

  it("throws a ProtocolError on a malformed message body", () => {
    const body = buildMessage({ totalSizeDelta: -3 });
    expect(thrown(() => parse(reply(ResponseCode.SUCCESS, { body }), T))).toBeInstanceOf(ProtocolError);
    expect(thrown(() => decode(body.subarray(0, 40)))).toMatchObject({ kind: "malformed_body" });
  });

  it("throws typed errors for other codes", () => {
    const noGroup = thrown(() =>
      parse(reply(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, { ext: {}, remark: "subscription group [TOOLS_CONSUMER] does not exist" }), T),
    );
    expect(noGroup).toBeInstanceOf(ResponseError);
    expect(noGroup).toMatchObject({ code: 26, retriable: false, requestCode: 11 });
    expect(thrown(() => parse(reply(ResponseCode.SUBSCRIPTION_NOT_EXIST, { ext: {} }), T))).toMatchObject({ code: 24, retriable: false });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY, { ext: {} }), T))).toMatchObject({ code: 2, retriable: true });
    expect(thrown(() => parse(reply(ResponseCode.FLOW_CONTROL, { ext: {} }), T))).toMatchObject({ code: 215, retriable: true });
  });

  it("requires the offsets on 0/19/20/21", () => {
    expect(thrown(() => parse(reply(ResponseCode.PULL_NOT_FOUND, { ext: { minOffset: "0", maxOffset: "1" } }), T))).toBeInstanceOf(
      UnexpectedResponseError,
    );
  });
});

describe("PULL_MESSAGE (11) captured replies", () => {
  it("decodes the one message pulled at offset 2 of queue 1 (4.9.7 and 5.3.3)", () => {
    for (const name of ["v4_one_message.hex", "v5_one_message.hex"]) {
      const got = parse(fixture(name), T);
      if (got.status !== "found") throw new Error(`${name}: status ${got.status}`);
      expect(got.nextBeginOffset).toBe(3n);
      expect(got.maxOffset).toBeGreaterThanOrEqual(3n);
      expect(got.messages).toHaveLength(1);
      const m = got.messages[0] as DecodedMessage;
      expect(m).toMatchObject({ topic: "TidemarkFixture", queueId: 1, queueOffset: 2n, magicVersion: 1, tags: "tm", reconsumeTimes: 0 });
      expect(m.storeTimestamp).toBeGreaterThanOrEqual(m.bornTimestamp);
      expect(m.storeTimestamp).toBeGreaterThan(1_600_000_000_000n);
      expect(m.storeHost).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(m.keys).toBeDefined();
      expect(m.msgId).toMatch(/^[0-9A-F]+$/);
      expect(m.body.length).toBe(m.bodyLength);
      expect(m.storeSize).toBe(fixture(name).body?.length);
    }
  });

  it("rejects every truncation of a captured message body", () => {
    const body = fixture("v5_one_message.hex").body as Buffer;
    for (let n = 1; n < body.length; n++) {
      expect(thrown(() => decode(body.subarray(0, n)))).toBeInstanceOf(ProtocolError);
    }
  });

  it("reports OFFSET_OVERFLOW_BADLY as offset_moved to the max offset", () => {
    for (const name of ["v4_offset_beyond_max.hex", "v5_offset_beyond_max.hex"]) {
      const got = parse(fixture(name), T);
      expect(got.status).toBe("offset_moved");
      expect(got.storeStatus).toBe("OFFSET_OVERFLOW_BADLY");
      expect(got.nextBeginOffset).toBe(got.maxOffset);
    }
  });
});

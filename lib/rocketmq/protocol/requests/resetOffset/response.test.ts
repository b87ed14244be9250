import { describe, expect, it } from "vitest";
import { ConnectionError, ResponseError } from "../../../errors";
import { ProtocolError } from "../../errors";
import { createResponse, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, isConsumerNotOnline, isLegacyGroupNotExist, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, opts?: { body?: string; remark?: string }): RemotingCommand {
  return createResponse({ opaque: 3 }, c, {
    remark: opts?.remark,
    body: opts?.body === undefined ? undefined : Buffer.from(opts.body, "utf8"),
  });
}

const mq = (topic: string, brokerName: string, queueId: number) => ({ topic, brokerName, queueId });

describe("INVOKE_BROKER_TO_RESET_OFFSET (222) request", () => {
  it("encodes a whole-topic reset with queueId=-1 and offset=-1 (none), all strings", () => {
    expect(code).toBe(222);
    const req = encode({ group: "g1", topic: "TopicTest", timestamp: 1763700000000n, isForce: true });
    expect(req.code).toBe(222);
    expect(req.flag).toBe(0);
    expect({ ...req.extFields }).toEqual({
      group: "g1",
      topic: "TopicTest",
      timestamp: "1763700000000",
      isForce: "true",
      queueId: "-1",
      offset: "-1",
    });
  });

  it("encodes 'latest' as timestamp -1 and isForce=false", () => {
    const req = encode({ group: "g1", topic: "T", timestamp: -1n, isForce: false });
    expect(req.extFields.timestamp).toBe("-1");
    expect(req.extFields.isForce).toBe("false");
  });

  it("encodes a single-queue reset to an exact offset", () => {
    const req = encode({ group: "g1", topic: "T", timestamp: 0n, isForce: true, queueId: 3, offset: 9007199254740993n });
    expect({ ...req.extFields }).toEqual({
      group: "g1",
      topic: "T",
      timestamp: "0",
      isForce: "true",
      queueId: "3",
      offset: "9007199254740993",
    });
  });

  it("refuses an offset the broker would silently ignore", () => {
    const noQueue = thrown(() => encode({ group: "g", topic: "T", timestamp: 0n, isForce: true, offset: 5n }));
    expect(noQueue).toBeInstanceOf(ProtocolError);
    expect(noQueue).toMatchObject({ kind: "invalid_command" });
    const negative = thrown(() => encode({ group: "g", topic: "T", timestamp: 0n, isForce: true, queueId: 0, offset: -1n }));
    expect(negative).toMatchObject({ kind: "invalid_command" });
  });
});

describe("INVOKE_BROKER_TO_RESET_OFFSET (222) response", () => {
  it("decodes fastjson's raw MQ keys, sorted by queue", () => {
    const body =
      '{"offsetTable":{{"brokerName":"broker-a","queueId":2,"topic":"TopicTest"}:120,' +
      '{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:100,' +
      '{"brokerName":"broker-a","queueId":1,"topic":"TopicTest"}:9007199254740993}}';
    expect(parse(reply(ResponseCode.SUCCESS, { body }), T)).toEqual([
      { mq: mq("TopicTest", "broker-a", 0), offset: 100n },
      { mq: mq("TopicTest", "broker-a", 1), offset: 9007199254740993n },
      { mq: mq("TopicTest", "broker-a", 2), offset: 120n },
    ]);
  });

  it("decodes the JSON-string-key and gson-pair encodings", () => {
    const stringKeys = '{"offsetTable":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":1,\\"topic\\":\\"T\\"}":7,"{\\"brokerName\\":\\"b\\",\\"queueId\\":0,\\"topic\\":\\"T\\"}":"8"}}';
    expect(decode(Buffer.from(stringKeys))).toEqual([
      { mq: mq("T", "b", 0), offset: 8n },
      { mq: mq("T", "b", 1), offset: 7n },
    ]);
    const gson = '{"offsetTable":[[{"brokerName":"b","queueId":1,"topic":"T"},5],[{"brokerName":"a","queueId":0,"topic":"T"},6]]}';
    expect(decode(Buffer.from(gson))).toEqual([
      { mq: mq("T", "a", 0), offset: 6n },
      { mq: mq("T", "b", 1), offset: 5n },
    ]);
  });

  it("gives [] for an absent or empty body or table", () => {
    expect(parse(reply(ResponseCode.SUCCESS), T)).toEqual([]);
    expect(decode(undefined)).toEqual([]);
    expect(decode(Buffer.from("{}"))).toEqual([]);
    expect(decode(Buffer.from('{"offsetTable":{}}'))).toEqual([]);
  });

  it("rejects malformed bodies with ProtocolError", () => {
    expect(thrown(() => decode(Buffer.from('{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:"x"}}')))).toBeInstanceOf(ProtocolError);
    expect(thrown(() => decode(Buffer.from('{"offsetTable":{{"brokerName":"b","queueId":0')))).toBeInstanceOf(ProtocolError);
    expect(thrown(() => decode(Buffer.from('{"offsetTable":{{"queueId":0,"topic":"T"}:1}}')))).toMatchObject({ kind: "malformed_body" });
  });

  it("keeps CONSUMER_NOT_ONLINE (206) distinguishable", () => {
    const remark = "Consumer not online, so can not reset offset, Group: g1 Topic: TopicTest Timestamp: 1763700000000";
    const err = thrown(() => parse(reply(ResponseCode.CONSUMER_NOT_ONLINE, { remark }), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 206, retriable: false, requestCode: 222, remark });
    expect(isConsumerNotOnline(err)).toBe(true);
    expect(isLegacyGroupNotExist(err)).toBe(false);
  });

  it("recognises the legacy 'THe consumer group <g> not exist' SYSTEM_ERROR", () => {
    const err = thrown(() => parse(reply(ResponseCode.SYSTEM_ERROR, { remark: "THe consumer group <g1> not exist" }), T));
    expect(err).toMatchObject({ code: 1, retriable: false });
    expect(isLegacyGroupNotExist(err)).toBe(true);
    expect(isConsumerNotOnline(err)).toBe(false);
    expect(isLegacyGroupNotExist(new ResponseError(T, 222, 1, "The consumer group <GID_x> not exist, never online"))).toBe(true);
  });

  it("does not mistake other errors for the legacy 'not exist'", () => {
    expect(isLegacyGroupNotExist(new ResponseError(T, 222, 1, "Can not reset offset in slave broker"))).toBe(false);
    expect(isLegacyGroupNotExist(new ResponseError(T, 222, 1, undefined))).toBe(false);
    // Same words, wrong code (the 5.1+ server-side path answers 26 "Group g1 does not exist").
    expect(isLegacyGroupNotExist(new ResponseError(T, 222, 26, "THe consumer group <g1> not exist"))).toBe(false);
    expect(isLegacyGroupNotExist(new ConnectionError(T, "closed"))).toBe(false);
    expect(isLegacyGroupNotExist("THe consumer group <g1> not exist")).toBe(false);
    expect(isConsumerNotOnline(new ConnectionError(T, "closed"))).toBe(false);
  });

  it("throws typed errors for the server-side path", () => {
    expect(thrown(() => parse(reply(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, { remark: "Group g1 does not exist" }), T))).toMatchObject({
      code: 26,
      retriable: false,
    });
    expect(thrown(() => parse(reply(ResponseCode.TOPIC_NOT_EXIST, { remark: "Topic T does not exist" }), T))).toMatchObject({ code: 17 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
  });
});

describe("INVOKE_BROKER_TO_RESET_OFFSET (222) captured replies", () => {
  it("parses the reset table of 4.9.7 (legacy push, remark left over) and 5.3.3 (server-side)", () => {
    for (const name of ["v4_online_group_to_now.hex", "v5_online_group_to_now.hex"]) {
      const got = parse(fixture(name), T);
      expect(got.map((e) => e.mq)).toEqual([0, 1, 2, 3].map((q) => mq("TidemarkFixture", "broker-a", q)));
      for (const e of got) expect(e.offset).toBeGreaterThan(0n);
    }
    expect(fixture("v4_online_group_to_now.hex").remark).toBe("not set any response code");
  });

  it("recognises 4.9.7's 'THe consumer group <g> not exist'", () => {
    const err = thrown(() => parse(fixture("v4_unknown_group.hex"), T));
    expect(err).toMatchObject({ code: 1, retriable: false });
    expect(isLegacyGroupNotExist(err)).toBe(true);
  });

  it("keeps the other captured failures typed and distinct", () => {
    const v4Topic = thrown(() => parse(fixture("v4_unknown_topic.hex"), T));
    expect(v4Topic).toMatchObject({ code: 1 });
    expect(isLegacyGroupNotExist(v4Topic)).toBe(false);
    expect(isConsumerNotOnline(v4Topic)).toBe(false);
    expect(thrown(() => parse(fixture("v5_unknown_group.hex"), T))).toMatchObject({ code: 26, remark: "Group fx_nobody does not exist" });
    expect(thrown(() => parse(fixture("v5_unknown_topic.hex"), T))).toMatchObject({ code: 17 });
  });
});

import { describe, expect, it } from "vitest";
import { ResponseError } from "../../../errors";
import { createResponse, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { decode, parse, RESET_PENDING_REMARK } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, remark?: string): RemotingCommand {
  return createResponse({ opaque: 9 }, c, remark === undefined ? undefined : { remark });
}

describe("UPDATE_CONSUMER_OFFSET (15)", () => {
  it("encodes the ext fields as strings, int64 exact, sync", () => {
    const req = encode({ consumerGroup: "g1", topic: "TopicTest", queueId: 0, commitOffset: 9007199254740993n });
    expect(code).toBe(15);
    expect(req.code).toBe(15);
    expect(req.flag).toBe(0); // not oneway: the admin wants the reply
    expect({ ...req.extFields }).toEqual({ consumerGroup: "g1", topic: "TopicTest", queueId: "0", commitOffset: "9007199254740993" });
  });

  it("sends bname when the broker name is given", () => {
    const req = encode({ consumerGroup: "g1", topic: "T", queueId: 7, commitOffset: 250n, brokerName: "broker-a" });
    expect({ ...req.extFields }).toEqual({ consumerGroup: "g1", topic: "T", queueId: "7", commitOffset: "250", bname: "broker-a" });
  });

  it("parses a plain SUCCESS", () => {
    expect(parse(reply(ResponseCode.SUCCESS), T)).toEqual({ ignoredBecauseResetPending: false });
  });

  it("flags the 5.1+ 'ignored because a reset is pending' SUCCESS", () => {
    const got = parse(reply(ResponseCode.SUCCESS, "Offset has been previously reset"), T);
    expect(got).toEqual({ remark: RESET_PENDING_REMARK, ignoredBecauseResetPending: true });
    expect(decode(reply(ResponseCode.SUCCESS, "something else"))).toEqual({ remark: "something else", ignoredBecauseResetPending: false });
  });

  it("throws typed errors for the 5.3 validation codes", () => {
    for (const [c, remark] of [
      [ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "Group g1 not exist!"],
      [ResponseCode.TOPIC_NOT_EXIST, "Topic T not exist!"],
      [ResponseCode.INVALID_PARAMETER, "QueueId is null, topic is T"],
    ] as const) {
      const err = thrown(() => parse(reply(c, remark), T));
      expect(err).toBeInstanceOf(ResponseError);
      expect(err).toMatchObject({ code: c, remark, retriable: false, requestCode: 15 });
    }
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
  });
});

describe("UPDATE_CONSUMER_OFFSET (15) captured replies", () => {
  it("parses plain SUCCESS replies from 4.9.7 and 5.3.3", () => {
    for (const name of ["v4_fresh_group.hex", "v5_fresh_group.hex"]) {
      expect(parse(fixture(name), T)).toEqual({ ignoredBecauseResetPending: false });
    }
  });
});

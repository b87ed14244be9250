import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../errors";
import { createResponse } from "../../remotingCommand";
import { ResponseCode } from "../../responseCode";
import { thrown } from "../../testing";
import { decode, parse } from "./response";

const MQ0 = '{"brokerName":"broker-a","queueId":0,"topic":"T"}';
const MQ1 = '{"brokerName":"broker-a","queueId":1,"topic":"T"}';

/** A running-info body whose two process queues carry the given fields (fastjson object keys). */
function body(pq0: string, pq1: string, pop = ""): Buffer {
  return Buffer.from(
    `{"properties":{"consumerGroup":"g"},"mqTable":{${MQ0}:{"commitOffset":5${pq0}},${MQ1}:{"commitOffset":7${pq1}}}` +
      (pop ? `,"mqPopTable":{${MQ0}:{"waitAckCount":1${pop}}}` : "") +
      `,"statusTable":{},"subscriptionSet":[]}`,
  );
}

const dropped = (b: Buffer) => decode(b).processQueues.map((q) => [q.mq.queueId, q.dropped]);

describe("GET_CONSUMER_RUNNING_INFO (307) ProcessQueueInfo.dropped", () => {
  it("reads the Java spelling `droped`", () => {
    expect(dropped(body(',"droped":true', ',"droped":false'))).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it("reads the Go client's spelling `dropped` too", () => {
    expect(dropped(body(',"dropped":true', ',"dropped":false'))).toEqual([
      [0, true],
      [1, false],
    ]);
    // Through parse() as the admin calls it.
    const reply = createResponse({ opaque: 1 }, ResponseCode.SUCCESS, { body: body(',"dropped":true', "") });
    expect(parse(reply, "broker-a 127.0.0.1:10911").processQueues.map((q) => q.dropped)).toEqual([true, false]);
  });

  it("is dropped when either spelling says so, not dropped when absent or both false", () => {
    expect(dropped(body(',"droped":false,"dropped":true', ',"dropped":false,"droped":true'))).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(dropped(body("", ',"droped":false,"dropped":false'))).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(dropped(body(',"droped":null', ',"dropped":null'))).toEqual([
      [0, false],
      [1, false],
    ]);
  });

  it("reads both spellings in the POP process queue table", () => {
    expect(decode(body("", "", ',"dropped":true')).popProcessQueues.map((q) => q.dropped)).toEqual([true]);
    expect(decode(body("", "", ',"droped":true')).popProcessQueues.map((q) => q.dropped)).toEqual([true]);
    expect(decode(body("", "", ',"lastPopTimestamp":1')).popProcessQueues.map((q) => q.dropped)).toEqual([false]);
  });

  it("a non-boolean `dropped` is a ProtocolError, not silently false", () => {
    expect(thrown(() => decode(body(',"dropped":"yes"', "")))).toBeInstanceOf(ProtocolError);
  });
});

describe("GET_CONSUMER_RUNNING_INFO (307) properties", () => {
  // Found by the fixture fuzz (fuzz.ts runFixtureFuzz): String() of a fastjson object threw a TypeError.
  it("takes scalars as text and rejects an object or array value with a ProtocolError", () => {
    expect(decode(Buffer.from('{"properties":{"a":"x","b":1,"c":true,"d":null}}')).properties).toEqual({ a: "x", b: "1", c: "true", d: "" });
    for (const value of ['{"k":1}', "{1:2}", '[{"k":1}]', "[]"]) {
      const err = thrown(() => decode(Buffer.from(`{"properties":{"PROP_CONSUME_TYPE":${value}}}`)));
      expect(err, value).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).kind).toBe("malformed_body");
    }
  });
});

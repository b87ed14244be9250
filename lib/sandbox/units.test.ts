/** Unit tests of the sandbox's building blocks: store, offset set, allocation, JSON writer, offsets file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FjMap, parseFastjson } from "../rocketmq/protocol/fastjson";
import { decodeMessages } from "../rocketmq/protocol/requests/pullMessage/messageDecoder";
import { allocateAveragely } from "./clients/allocate";
import { OffsetSet, ProcessQueue } from "./clients/processQueue";
import * as J from "./json";
import { describeMessage, encodeMessage } from "./messageCodec";
import { ConsumerOffsets, readConfigFile, writeConfigFile } from "./offsets";
import { QueueLog } from "./store";

describe("QueueLog", () => {
  it("keeps exact timestamps, never decreasing, and deletes the oldest beyond its capacity", () => {
    const q = new QueueLog(8);
    for (let i = 0; i < 5; i++) q.append(1000 + i * 10);
    q.append(1000); // clamped to the last time
    expect([q.minOffset, q.maxOffset]).toEqual([0, 6]);
    expect(q.timestampAt(5)).toBe(1040);
    for (let i = 0; i < 10; i++) q.append(2000 + i);
    expect([q.minOffset, q.maxOffset]).toEqual([8, 16]);
    expect(q.timestampAt(7)).toBe(-1);
    expect(q.timestampAt(8)).toBe(2002);
    expect(q.timestampAt(16)).toBe(-1);
  });

  it("seeds a linear history that costs nothing and continues with exact times", () => {
    const q = new QueueLog(1024);
    q.seedHistory(1_000_000, 900_000, 10_000, 910_000);
    expect([q.minOffset, q.maxOffset]).toEqual([100_000, 1_000_000]);
    expect(q.timestampAt(100_000)).toBe(10_000);
    expect(q.timestampAt(999_999)).toBe(910_000);
    expect(q.memoryBytes).toBe(0);
    expect(q.append(920_000)).toBe(1_000_000);
    expect(q.timestampAt(1_000_000)).toBe(920_000);
  });

  it("searches by time like the 5.3.3 consume queue (lower / upper, both ends)", () => {
    const q = new QueueLog(100);
    expect(q.searchOffset(5)).toBe(0); // empty
    for (const t of [10, 20, 20, 20, 30]) q.append(t);
    expect(q.searchOffset(20)).toBe(1);
    expect(q.searchOffset(20, "upper")).toBe(3);
    expect(q.searchOffset(25)).toBe(4);
    expect(q.searchOffset(25, "upper")).toBe(3);
    expect(q.searchOffset(99)).toBe(5); // after the last: max offset
    expect(q.searchOffset(99, "upper")).toBe(4);
    expect(q.searchOffset(1)).toBe(0); // before the first: min offset
    expect(q.searchOffset(1, "upper")).toBe(0);
  });

  it("expires by time and truncates, and round-trips through a snapshot", () => {
    const q = new QueueLog(100);
    q.seedHistory(50, 50, 0, 4_900);
    for (let i = 0; i < 10; i++) q.append(5_000 + i * 100);
    q.expireBefore(3_000);
    expect(q.minOffset).toBe(30);
    expect(q.timestampAt(30)).toBe(3_000);
    q.expireBefore(5_250);
    expect(q.minOffset).toBe(53);
    const copy = new QueueLog(100);
    copy.restore(q.snapshot());
    for (let o = 50; o < 62; o++) expect(copy.timestampAt(o)).toBe(q.timestampAt(o));
    expect([copy.minOffset, copy.maxOffset]).toEqual([q.minOffset, q.maxOffset]);
  });
});

describe("ProcessQueue", () => {
  it("commit offset = smallest cached offset, or max pulled + 1 once empty (Java removeMessage)", () => {
    const pq = new ProcessQueue({ topic: "T", brokerName: "b", queueId: 0 }, { sim: 0, wall: 0 }, 100);
    pq.put(10, 20);
    expect(pq.removeMessage(12, 1)).toBe(10);
    expect(pq.removeMessage(10, 1)).toBe(11);
    for (const o of [11, 13, 14, 15, 16, 17, 18]) pq.removeMessage(o, 1);
    expect(pq.cachedCount).toBe(1);
    expect(pq.removeMessage(19, 1)).toBe(20);
    expect(pq.removeMessage(19, 1)).toBe(-1);
  });

  it("OffsetSet keeps sorted disjoint intervals", () => {
    const s = new OffsetSet();
    s.addRange(0, 5);
    s.addRange(5, 8);
    s.remove(3);
    s.remove(0);
    expect(s.toArray()).toEqual([1, 2, 4, 5, 6, 7]);
    expect([s.first(), s.last(), s.size]).toEqual([1, 7, 6]);
    s.add(3);
    s.add(0);
    expect(s.toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.takeFirst()).toBe(0);
  });
});

describe("AllocateMessageQueueAveragely", () => {
  it("splits sorted queues as the Java strategy does", () => {
    const mqs = ["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"];
    expect(allocateAveragely("c1", mqs, ["c1", "c2"])).toEqual(["a0", "a1", "a2", "a3"]);
    expect(allocateAveragely("c2", mqs, ["c1", "c2"])).toEqual(["b0", "b1", "b2", "b3"]);
    expect(allocateAveragely("c1", mqs, ["c1", "c2", "c3"])).toEqual(["a0", "a1", "a2"]);
    expect(allocateAveragely("c3", mqs, ["c1", "c2", "c3"])).toEqual(["b2", "b3"]);
    expect(allocateAveragely("c9", mqs, ["c1"])).toEqual([]);
    expect(allocateAveragely("c3", ["x"], ["c1", "c2", "c3"])).toEqual([]);
  });
});

describe("fastjson writer", () => {
  it("writes beans alphabetically, MessageQueue keys raw, Integer keys bare, doubles as Java", () => {
    expect(J.obj({ b: J.long(1), a: J.str("x"), c: undefined })).toBe(`{"a":"x","b":1}`);
    expect(J.mqMap([[{ topic: "T", brokerName: "b", queueId: 1 }, J.long(5)]])).toBe(`{{"brokerName":"b","queueId":1,"topic":"T"}:5}`);
    expect(J.intMap([[1, J.long(2)], [0, J.long(3)]])).toBe(`{0:3,1:2}`);
    expect(J.intMap([[0, J.str("a")]], true)).toBe(`{"0":"a"}`);
    expect([0, 118, 20.266666666666666, 1e7, 0.0001, -2.5].map(J.double)).toEqual(["0.0", "118.0", "20.266666666666666", "1.0E7", "1.0E-4", "-2.5"]);
    const parsed = parseFastjson(J.mqMap([[{ topic: "T", brokerName: "b", queueId: 1 }, J.long(5)]]));
    expect(parsed).toBeInstanceOf(FjMap);
  });
});

describe("stored messages", () => {
  it("encodes the layout the decoder reads, with derived key, tag and UNIQ_KEY", () => {
    const facts = describeMessage("T", 2, 42, 1_700_000_000_123, "order", ["created", "paid"]);
    const bytes = encodeMessage({
      topic: "T",
      queueId: 2,
      queueOffset: 42,
      physicalOffset: 7n,
      bornTimestamp: 1_700_000_000_123 - facts.bornDelayMs,
      bornHost: facts.producerHost,
      storeTimestamp: 1_700_000_000_123,
      storeHost: ["127.0.0.1", 10911],
      reconsumeTimes: 0,
      body: facts.body,
      properties: [
        ["KEYS", facts.key],
        ["TAGS", facts.tag],
        ["UNIQ_KEY", facts.uniqKey],
      ],
    });
    const [m] = decodeMessages(Buffer.concat([bytes, bytes]));
    expect(m).toMatchObject({ topic: "T", queueId: 2, queueOffset: 42n, storeTimestamp: 1_700_000_000_123n, keys: facts.key, tags: facts.tag, msgId: facts.uniqKey, storeHost: "127.0.0.1:10911" });
    expect(facts.uniqKey).toMatch(/^[0-9A-F]{32}$/);
    const long = encodeMessage({ ...{ topic: "x".repeat(200), queueId: 0, queueOffset: 0, physicalOffset: 0n, bornTimestamp: 0, bornHost: ["10.0.0.1", 1], storeTimestamp: 0, storeHost: ["127.0.0.1", 2], reconsumeTimes: 0, body: Buffer.alloc(0), properties: [] } });
    expect(decodeMessages(long)[0]!.magicVersion).toBe(2);
  });
});

describe("consumerOffset.json", () => {
  it("is written in fastjson's format (bare Integer keys) with a .bak, and read back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-offsets-"));
    try {
      const file = path.join(dir, "config", "consumerOffset.json");
      const a = new ConsumerOffsets();
      a.commit("g1", "T", 0, 12);
      a.commit("g1", "T", 1, 34);
      a.commit("g2", "%RETRY%g2", 0, 0);
      writeConfigFile(file, a.encode(1_700_000_000_000));
      writeConfigFile(file, a.encode(1_700_000_000_001));
      const text = fs.readFileSync(file, "utf8");
      expect(text).toContain(`"T@g1":{0:12,1:34}`);
      expect(text).toMatch(/"dataVersion":\{\s*"counter":2,\s*"stateVersion":0,\s*"timestamp":1700000000001\s*\}/);
      expect(fs.existsSync(`${file}.bak`)).toBe(true);
      const b = new ConsumerOffsets();
      expect(readConfigFile(file, (t) => b.decode(t))).toBe(true);
      expect([b.committed("g1", "T", 1), b.committed("g2", "%RETRY%g2", 0), b.committed("g3", "T", 0)]).toEqual([34, 0, -1]);
      expect(b.topicsByGroup("g1")).toEqual(["T"]);
      fs.writeFileSync(file, "{ broken");
      const c = new ConsumerOffsets();
      expect(readConfigFile(file, (t) => c.decode(t))).toBe(true); // from the .bak
      expect(c.committed("g1", "T", 0)).toBe(12);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a pending reset shadows the committed offset until a pull takes it", () => {
    const o = new ConsumerOffsets();
    o.commit("g", "T", 0, 100);
    o.assignReset("g", "T", 0, 40);
    expect([o.query("g", "T", 0), o.committed("g", "T", 0), o.hasReset("g", "T", 0)]).toEqual([40, 40, true]);
    o.commit("g", "T", 0, 100); // a pull's commit flag may still overwrite it (5.3.3)
    expect(o.query("g", "T", 0)).toBe(40);
    expect(o.takeReset("g", "T", 0)).toBe(40);
    expect([o.query("g", "T", 0), o.hasReset("g", "T", 0)]).toEqual([100, false]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ProtocolError } from "./errors";
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder } from "./frameDecoder";
import { encodeFrame, SerializeType, type RemotingCommand } from "./remotingCommand";
import { commandsEqual, loadHexFixture, mulberry32, parseHex, splitEverywhere, toHexFixture } from "./testing";

function cmd(i: number, serializeType: 0 | 1, bodyLen: number, extra: Partial<RemotingCommand> = {}): RemotingCommand {
  const rnd = mulberry32(i + 1);
  const body = Buffer.alloc(bodyLen);
  for (let k = 0; k < bodyLen; k++) body[k] = Math.floor(rnd() * 256);
  const c: RemotingCommand = {
    code: 200 + i,
    language: "JAVA",
    version: 479,
    opaque: i,
    flag: i % 2,
    extFields: { topic: `T${i}`, queueId: String(i) },
    serializeType,
    ...extra,
  };
  if (bodyLen > 0) c.body = body;
  return c;
}

const small: RemotingCommand[] = [
  cmd(0, SerializeType.JSON, 0),
  cmd(1, SerializeType.ROCKETMQ, 0, { remark: "备注" }),
  cmd(2, SerializeType.JSON, 1),
  cmd(3, SerializeType.ROCKETMQ, 37),
  cmd(4, SerializeType.JSON, 300, { remark: "r", extFields: {} }),
  cmd(5, SerializeType.ROCKETMQ, 1000, { extFields: {} }),
];
const smallFrames = small.map(encodeFrame);

function expectSame(got: RemotingCommand[], want: RemotingCommand[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(commandsEqual(g, want[i] as RemotingCommand), `command ${i}`).toBe(true));
}

describe("FrameDecoder", () => {
  it("decodes each frame pushed whole", () => {
    for (let i = 0; i < small.length; i++) {
      const dec = new FrameDecoder();
      expectSame(dec.push(smallFrames[i] as Buffer), [small[i] as RemotingCommand]);
      expect(dec.bufferedBytes).toBe(0);
    }
  });

  it("decodes several frames coalesced in one chunk", () => {
    const dec = new FrameDecoder();
    expectSame(dec.push(Buffer.concat(smallFrames)), small);
    // ...also when a coalesced chunk ends in a partial frame.
    const stream = Buffer.concat([...smallFrames, ...smallFrames]);
    const cut = smallFrames.reduce((n, f) => n + f.length, 0) + 10;
    expectSame(dec.push(stream.subarray(0, cut)), small);
    expect(dec.bufferedBytes).toBe(10);
    expectSame(dec.push(stream.subarray(cut)), small);
    expect(dec.bufferedBytes).toBe(0);
  });

  it("decodes a stream of small frames cut into two chunks at every byte, and byte by byte", () => {
    const { commands, splitPoints } = splitEverywhere(smallFrames);
    expectSame(commands, small);
    expect(splitPoints).toBe(Buffer.concat(smallFrames).length - 1);
  });

  it("decodes ~100 KB frames mixed with empty ones, split densely and byte by byte", () => {
    const mixed = [cmd(10, 0, 0), cmd(11, 1, 100_000), cmd(12, 0, 0), cmd(13, 0, 99_999), cmd(14, 1, 0)];
    const { commands, splitPoints } = splitEverywhere(mixed.map(encodeFrame));
    expectSame(commands, mixed);
    expect(splitPoints).toBeGreaterThan(1000);
  });

  it("decodes a large frame arriving in many small chunks without quadratic copying", () => {
    const big = cmd(20, 1, 4 * 1024 * 1024);
    const bytes = encodeFrame(big);
    const dec = new FrameDecoder();
    const started = performance.now();
    let got: RemotingCommand[] = [];
    for (let off = 0; off < bytes.length; off += 1024) got = got.concat(dec.push(bytes.subarray(off, off + 1024)));
    expect(performance.now() - started).toBeLessThan(2000);
    expectSame(got, [big]);
  });

  it("reassembles random chunkings of a random stream", () => {
    const rnd = mulberry32(99);
    const cmds: RemotingCommand[] = [];
    for (let i = 0; i < 40; i++) cmds.push(cmd(100 + i, rnd() < 0.5 ? 0 : 1, Math.floor(rnd() * 5000)));
    const stream = Buffer.concat(cmds.map(encodeFrame));
    for (let round = 0; round < 20; round++) {
      const dec = new FrameDecoder();
      const got: RemotingCommand[] = [];
      let off = 0;
      while (off < stream.length) {
        const n = 1 + Math.floor(rnd() * 9000);
        got.push(...dec.push(stream.subarray(off, off + n)));
        off += n;
      }
      expectSame(got, cmds);
    }
  });

  it("ignores empty chunks", () => {
    const dec = new FrameDecoder();
    expect(dec.push(Buffer.alloc(0))).toEqual([]);
    const f = smallFrames[0] as Buffer;
    expect(dec.push(f.subarray(0, 2))).toEqual([]);
    expect(dec.push(Buffer.alloc(0))).toEqual([]);
    expect(dec.push(f.subarray(2)).length).toBe(1);
  });

  it("rejects an oversized declared length before buffering the body", () => {
    const dec = new FrameDecoder({ maxFrameBytes: 1024 });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2000, 0);
    let err: unknown;
    try {
      dec.push(header);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).kind).toBe("frame_too_large");
    expect(dec.bufferedBytes).toBe(0);
  });

  it("rejects a 2 GiB declared length with the default limit, length split over chunks", () => {
    const dec = new FrameDecoder();
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(16 * 1024 * 1024);
    expect(dec.push(Buffer.from([0x7f, 0xff]))).toEqual([]);
    expect(() => dec.push(Buffer.from([0xff, 0xff, 0, 0]))).toThrow(expect.objectContaining({ kind: "frame_too_large" }));
    const neg = new FrameDecoder();
    expect(() => neg.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(expect.objectContaining({ kind: "frame_too_large" }));
  });

  it("rejects a declared length below 4", () => {
    for (const n of [0, 1, 3]) {
      const dec = new FrameDecoder();
      expect(() => dec.push(Buffer.from([0, 0, 0, n, 0, 0, 0, 0]))).toThrow(expect.objectContaining({ kind: "malformed_frame" }));
    }
  });

  it("accepts a frame of exactly the maximum", () => {
    const c = cmd(30, 1, 1000, { extFields: {} });
    const bytes = encodeFrame(c);
    expectSame(new FrameDecoder({ maxFrameBytes: bytes.length }).push(bytes), [c]);
    expect(() => new FrameDecoder({ maxFrameBytes: bytes.length - 1 }).push(bytes)).toThrow(ProtocolError);
  });

  it("is poisoned after an error", () => {
    const dec = new FrameDecoder();
    const bad = Buffer.from(smallFrames[0] as Buffer);
    bad.writeUInt32BE(0x02000010, 4); // serialize type 2
    expect(() => dec.push(bad)).toThrow(expect.objectContaining({ kind: "malformed_header" }));
    expect(dec.poisoned).toBe(true);
    expect(() => dec.push(smallFrames[0] as Buffer)).toThrow(expect.objectContaining({ kind: "decoder_poisoned" }));
    expect(() => dec.push(Buffer.alloc(0))).toThrow(ProtocolError);
  });
});

describe("hex fixtures", () => {
  const dir = mkdtempSync(join(tmpdir(), "tidemark-hex-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips through toHexFixture / loadHexFixture and decodes split everywhere", () => {
    const stream = Buffer.concat(smallFrames.slice(0, 3));
    const path = join(dir, "three_frames.hex");
    writeFileSync(path, toHexFixture(stream, "three frames\ncaptured by hand"));
    const loaded = loadHexFixture(path);
    expect(loaded.equals(stream)).toBe(true);
    expectSame(splitEverywhere(loaded).commands, small.slice(0, 3));
  });

  it("ignores whitespace and # comments, rejects junk", () => {
    expect(parseHex("# header\n 00 01\n\tAB cd # trailing comment\r\n# end\n").toString("hex")).toBe("0001abcd");
    expect(() => parseHex("0g")).toThrow(/non-hex/);
    expect(() => parseHex("abc")).toThrow(/odd/);
  });
});

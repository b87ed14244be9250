/**
 * Test helpers for codec tests (not part of the runtime API; import from tests and bench only).
 *
 * - `loadHexFixture(path)`: reads a captured byte stream from a `.hex` file.
 * - `splitEverywhere(frames)`: feeds a byte stream to fresh FrameDecoders cut at every byte (or a
 *   dense sample for large streams), byte by byte, and whole; checks every way decodes identically.
 * - `mulberry32(seed)`: a small deterministic PRNG for fuzzing.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FrameDecoder, type FrameDecoderOptions } from "./frameDecoder";
import { decodeFrameBody, type RemotingCommand } from "./remotingCommand";

/**
 * Reads a hex fixture: whitespace and newlines are ignored, `#` starts a comment that runs to the
 * end of the line. Throws on any other non-hex character or an odd digit count.
 */
export function loadHexFixture(path: string): Buffer {
  return parseHex(readFileSync(path, "utf8"), path);
}

export function parseHex(text: string, source = "hex text"): Buffer {
  const digits = text
    .split(/\r?\n/)
    .map((line) => {
      const hash = line.indexOf("#");
      return hash >= 0 ? line.slice(0, hash) : line;
    })
    .join("")
    .replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw new Error(`${source}: non-hex character in fixture`);
  if (digits.length % 2 !== 0) throw new Error(`${source}: odd number of hex digits`);
  return Buffer.from(digits, "hex");
}

/** Formats bytes as a fixture file body: 32 bytes per line, optional `#` header comment. */
export function toHexFixture(bytes: Buffer, comment?: string): string {
  const lines: string[] = [];
  if (comment) for (const l of comment.split("\n")) lines.push(`# ${l}`);
  const hex = bytes.toString("hex");
  for (let i = 0; i < hex.length; i += 64) lines.push(hex.slice(i, i + 64));
  return `${lines.join("\n")}\n`;
}

/** A deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Field-by-field equality of two decoded commands (bodies by bytes, absent == empty). */
export function commandsEqual(a: RemotingCommand, b: RemotingCommand): boolean {
  if (
    a.code !== b.code ||
    a.language !== b.language ||
    a.version !== b.version ||
    a.opaque !== b.opaque ||
    a.flag !== b.flag ||
    a.remark !== b.remark ||
    a.serializeType !== b.serializeType
  ) {
    return false;
  }
  const ka = Object.keys(a.extFields).sort();
  const kb = Object.keys(b.extFields).sort();
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || a.extFields[k] !== b.extFields[k]) return false;
  }
  const ba = a.body ?? Buffer.alloc(0);
  const bb = b.body ?? Buffer.alloc(0);
  return ba.equals(bb);
}

function sameCommands(got: RemotingCommand[], want: RemotingCommand[], how: string): void {
  if (got.length !== want.length) {
    throw new Error(`${how}: decoded ${got.length} commands, expected ${want.length}`);
  }
  for (let i = 0; i < want.length; i++) {
    if (!commandsEqual(got[i] as RemotingCommand, want[i] as RemotingCommand)) {
      throw new Error(`${how}: command #${i} differs`);
    }
  }
}

function feed(chunks: Buffer[], opts: FrameDecoderOptions | undefined, how: string): RemotingCommand[] {
  const dec = new FrameDecoder(opts);
  const out: RemotingCommand[] = [];
  for (const c of chunks) for (const cmd of dec.push(c)) out.push(cmd);
  if (dec.bufferedBytes !== 0) throw new Error(`${how}: ${dec.bufferedBytes} bytes left over`);
  return out;
}

export interface SplitEverywhereOptions {
  /** Streams up to this size are cut at every byte; larger ones at a dense sample. Default 16 KiB. */
  exhaustiveUpTo?: number;
  /** Split points sampled (besides every frame boundary +-16 bytes) for large streams. Default 1500. */
  samples?: number;
  /** Also feed the whole stream one byte per chunk. Default true. */
  byteByByte?: boolean;
  decoder?: FrameDecoderOptions;
}

export interface SplitEverywhereResult {
  /** The commands, decoded from the stream pushed as one chunk. */
  commands: RemotingCommand[];
  /** How many two-chunk cuts were checked. */
  splitPoints: number;
}

/**
 * Checks that a stream of complete frames decodes to the same commands however it is chunked:
 * as one chunk, cut into two chunks at every byte position (or, for streams larger than
 * `exhaustiveUpTo`, at every position within 16 bytes of a frame boundary plus a seeded sample),
 * and one byte at a time. Throws an Error describing the first mismatch; returns the commands.
 * Accepts a list of frames (each with its length prefix) or one concatenated stream.
 */
export function splitEverywhere(frames: Buffer[] | Buffer, opts: SplitEverywhereOptions = {}): SplitEverywhereResult {
  const stream = Buffer.isBuffer(frames) ? frames : Buffer.concat(frames);
  const reference = feed([stream], opts.decoder, "whole stream");

  const n = stream.length;
  const points = new Set<number>();
  if (n <= (opts.exhaustiveUpTo ?? 16 * 1024)) {
    for (let i = 1; i < n; i++) points.add(i);
  } else {
    // Frame boundaries from the length prefixes.
    let off = 0;
    while (off + 4 <= n) {
      for (let d = -16; d <= 16; d++) if (off + d > 0 && off + d < n) points.add(off + d);
      off += 4 + stream.readUInt32BE(off);
    }
    const rnd = mulberry32(n);
    const samples = opts.samples ?? 1500;
    for (let s = 0; s < samples; s++) points.add(1 + Math.floor(rnd() * (n - 1)));
  }
  for (const p of points) {
    sameCommands(feed([stream.subarray(0, p), stream.subarray(p)], opts.decoder, `split at ${p}`), reference, `split at ${p} of ${n}`);
  }

  if (opts.byteByByte ?? true) {
    const dec = new FrameDecoder(opts.decoder);
    const got: RemotingCommand[] = [];
    for (let i = 0; i < n; i++) for (const cmd of dec.push(stream.subarray(i, i + 1))) got.push(cmd);
    sameCommands(got, reference, "byte by byte");
  }
  return { commands: reference, splitPoints: points.size };
}

/**
 * A captured reply frame (scripts/capture-fixtures.ts) next to a test, decoded as the connection
 * would: `replyFixture(import.meta.url, "v5_queue_1.hex")` reads `./fixtures/v5_queue_1.hex`.
 */
export function replyFixture(testFileUrl: string, name: string): RemotingCommand {
  const bytes = loadHexFixture(fileURLToPath(new URL(`./fixtures/${name}`, testFileUrl)));
  if (bytes.readUInt32BE(0) !== bytes.length - 4) {
    throw new Error(`fixture ${name}: length prefix ${bytes.readUInt32BE(0)} does not match ${bytes.length - 4} bytes of frame`);
  }
  return decodeFrameBody(bytes.subarray(4));
}

/** The error `fn` throws; fails when it does not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

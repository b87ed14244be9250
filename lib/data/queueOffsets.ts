/**
 * Packs one sample's per-queue offsets into a few bytes per queue (LagSample.offsets).
 *
 *   blob    = version:u8(1) runs:varint { nameLen:varint name:utf8 queues:varint { queue } }
 *   queue   = queueId:varint broker:varint lagCode:varint
 *   broker  = 0 when the broker offset is unknown, else brokerOffset + 1
 *   lagCode = 0 when there is no committed offset (or it is unknown), else zigzag(brokerOffset - committed) + 1
 *
 * Storing the lag rather than the committed offset keeps the common case (lag 0, small lags) to one or two
 * bytes; zigzag keeps a committed offset beyond the broker's (negative difference) exact. Varints are
 * LEB128 over the full int64 range: values above 2^53 go through bigint, never through a lossy Number.
 */
export interface PackedQueue {
  readonly brokerName: string;
  readonly queueId: number;
  /** Undefined when unknown. */
  readonly brokerOffset: bigint | undefined;
  /** Undefined when none is committed (or unknown). */
  readonly committed: bigint | undefined;
}

const VERSION = 1;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class Writer {
  private buf = new Uint8Array(64);
  private len = 0;

  private ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number) {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  varint(v: bigint | number) {
    if (typeof v === "number" || v <= SAFE) {
      let n = Number(v);
      if (n < 0 || !Number.isInteger(n)) throw new RangeError(`varint needs a non-negative integer, got ${v}`);
      while (n >= 0x80) {
        this.byte((n % 0x80) | 0x80);
        n = Math.floor(n / 0x80);
      }
      this.byte(n);
      return;
    }
    let b = v;
    while (b >= 0x80n) {
      this.byte(Number(b & 0x7fn) | 0x80);
      b >>= 7n;
    }
    this.byte(Number(b));
  }

  bytes(data: Uint8Array) {
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  done(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError("queue offsets blob is truncated");
    return this.buf[this.pos++]!;
  }

  varint(): bigint {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.byte();
      n += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return BigInt(n);
      mul *= 0x80;
    }
    // more than 49 bits: continue exactly in bigint
    let big = BigInt(n);
    let shift = 49n;
    for (;;) {
      const b = this.byte();
      big |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return big;
      shift += 7n;
      if (shift > 70n) throw new RangeError("varint longer than 10 bytes");
    }
  }

  small(): number {
    const v = this.varint();
    if (v > 0xffffffn) throw new RangeError(`count ${v} is not plausible`);
    return Number(v);
  }

  bytes(): Uint8Array {
    const n = this.small();
    if (this.pos + n > this.buf.length) throw new RangeError("queue offsets blob is truncated");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  get atEnd() {
    return this.pos === this.buf.length;
  }
}

const zigzag = (v: bigint) => (v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
const unzigzag = (z: bigint) => ((z & 1n) === 0n ? z >> 1n : -((z + 1n) >> 1n));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packQueueOffsets(queues: readonly PackedQueue[]): Uint8Array<ArrayBuffer> {
  // runs of consecutive queues of one broker (callers pass queues sorted by broker): order is preserved
  const runs: { name: string; list: PackedQueue[] }[] = [];
  for (const q of queues) {
    const last = runs.at(-1);
    if (last && last.name === q.brokerName) last.list.push(q);
    else runs.push({ name: q.brokerName, list: [q] });
  }
  const w = new Writer();
  w.byte(VERSION);
  w.varint(runs.length);
  for (const { name, list } of runs) {
    w.bytes(encoder.encode(name));
    w.varint(list.length);
    for (const q of list) {
      w.varint(q.queueId);
      const known = q.brokerOffset !== undefined && q.brokerOffset >= 0n;
      w.varint(known ? q.brokerOffset! + 1n : 0n);
      if (q.committed === undefined || q.committed < 0n || !known) {
        // without a broker offset the committed offset cannot be stored relative to it: left out (unknown)
        w.varint(0);
      } else {
        w.varint(zigzag(q.brokerOffset! - q.committed) + 1n);
      }
    }
  }
  return w.done();
}

export function unpackQueueOffsets(blob: Uint8Array): PackedQueue[] {
  const r = new Reader(blob);
  const version = r.byte();
  if (version !== VERSION) throw new RangeError(`queue offsets blob version ${version} is not supported`);
  const out: PackedQueue[] = [];
  const brokers = r.small();
  for (let b = 0; b < brokers; b++) {
    const brokerName = decoder.decode(r.bytes());
    const n = r.small();
    for (let i = 0; i < n; i++) {
      const queueId = r.small();
      const bo = r.varint();
      const lagCode = r.varint();
      const brokerOffset = bo === 0n ? undefined : bo - 1n;
      const committed = lagCode === 0n || brokerOffset === undefined ? undefined : brokerOffset - unzigzag(lagCode - 1n);
      out.push({ brokerName, queueId, brokerOffset, committed });
    }
  }
  if (!r.atEnd) throw new RangeError("queue offsets blob has trailing bytes");
  return out;
}

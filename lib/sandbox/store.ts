/**
 * The message store of one broker, reduced to what the console can observe: per queue, the offsets
 * and store timestamps of its messages. Bodies are never kept; a message's key, tag and body are
 * derived from (topic, queue, offset) when it is read.
 *
 * One queue (`QueueLog`):
 * - `[minOffset, maxOffset)` are the offsets still in the consume queue; maxOffset is the next
 *   offset to be written.
 * - Recent messages keep their exact store timestamp in a ring (a growable Float64Array, bounded
 *   by `capacity`). When the ring is full the oldest message is deleted: minOffset advances, like
 *   retention deleting the oldest commit-log file. Time-based retention (`retainMs`) advances it too.
 * - Older history created by a scenario (messages that "were there before the sandbox started") is a
 *   linear segment: offsets [a0, a1) stored at times interpolated between t0 and t1. It costs O(1)
 *   whatever its length, so a large cluster starts instantly.
 * Timestamps never decrease within a queue.
 */

export type BoundaryType = "lower" | "upper";

const INITIAL_RING = 64;

export interface QueueSnapshot {
  min: number;
  max: number;
  a0: number;
  t0: number;
  a1: number;
  t1: number;
  ringStart: number;
  /** Ring timestamps from ringStart to max - 1, base64 of a Float64Array. */
  ring: string;
}

export class QueueLog {
  minOffset = 0;
  maxOffset = 0;
  /** Synthetic history [a0, a1) with times interpolated from t0 to t1 (a0 == a1: none). */
  private a0 = 0;
  private t0 = 0;
  private a1 = 0;
  private t1 = 0;
  /** Exact ring: offsets [ringStart, maxOffset). */
  private ring: Float64Array = new Float64Array(0);
  private head = 0;
  private ringStart = 0;
  private lastTs = 0;

  constructor(private readonly capacity: number) {}

  /** Starts the queue with `count` messages stored evenly between `fromTs` and `toTs`, ending at offset `endOffset`. */
  seedHistory(endOffset: number, count: number, fromTs: number, toTs: number): void {
    const n = Math.max(0, Math.min(count, endOffset));
    this.a0 = endOffset - n;
    this.a1 = endOffset;
    this.t0 = Math.floor(fromTs);
    this.t1 = Math.floor(Math.max(fromTs, toTs));
    this.minOffset = this.a0;
    this.maxOffset = endOffset;
    this.ringStart = endOffset;
    this.head = 0;
    this.ring = new Float64Array(0);
    this.lastTs = n > 0 ? this.timestampAt(endOffset - 1) : 0;
  }

  get count(): number {
    return this.maxOffset - this.minOffset;
  }

  get lastTimestamp(): number {
    return this.maxOffset > this.minOffset ? this.lastTs : 0;
  }

  /** Store time (ms) of the message at `offset`, or -1 when it is not in the queue. */
  timestampAt(offset: number): number {
    if (offset < this.minOffset || offset >= this.maxOffset) return -1;
    if (offset >= this.ringStart) {
      const cap = this.ring.length;
      return this.ring[(this.head + (offset - this.ringStart)) % cap] as number;
    }
    if (offset < this.a0 || offset >= this.a1) return -1;
    const span = this.a1 - this.a0;
    if (span <= 1) return this.t1;
    return Math.floor(this.t0 + ((offset - this.a0) * (this.t1 - this.t0)) / (span - 1));
  }

  /** Appends one message stored at `ts` (clamped so times never decrease); returns its offset. */
  append(ts: number): number {
    const t = Math.max(Math.floor(ts), this.lastTs);
    const used = this.maxOffset - this.ringStart;
    if (used === this.ring.length) {
      if (this.ring.length < this.capacity) this.grow();
      else this.evictOne();
    }
    const cap = this.ring.length;
    const used2 = this.maxOffset - this.ringStart;
    this.ring[(this.head + used2) % cap] = t;
    this.lastTs = t;
    const offset = this.maxOffset;
    this.maxOffset++;
    if (this.minOffset > offset) this.minOffset = offset;
    return offset;
  }

  private grow(): void {
    const used = this.maxOffset - this.ringStart;
    const next = new Float64Array(Math.min(this.capacity, Math.max(INITIAL_RING, this.ring.length * 2)));
    for (let i = 0; i < used; i++) next[i] = this.ring[(this.head + i) % this.ring.length] as number;
    this.ring = next;
    this.head = 0;
  }

  private evictOne(): void {
    this.head = (this.head + 1) % this.ring.length;
    this.ringStart++;
    // Everything below the ring is gone too (the synthetic history is older than the ring).
    this.minOffset = Math.max(this.minOffset, this.ringStart);
  }

  /** Deletes every message stored before `cutoffTs` (time-based retention). */
  expireBefore(cutoffTs: number): void {
    if (this.maxOffset === this.minOffset) return;
    const first = this.timestampAt(this.minOffset);
    if (first < 0 || first >= cutoffTs) return;
    // First offset whose time is >= cutoff, in [minOffset, maxOffset].
    let lo = this.minOffset;
    let hi = this.maxOffset;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.timestampAt(mid) < cutoffTs) lo = mid + 1;
      else hi = mid;
    }
    this.truncateBefore(lo);
  }

  /** Deletes offsets below `offset` (moves minOffset up). */
  truncateBefore(offset: number): void {
    const target = Math.min(offset, this.maxOffset);
    if (target <= this.minOffset) return;
    this.minOffset = target;
    if (target > this.ringStart) {
      const drop = target - this.ringStart;
      this.head = this.ring.length > 0 ? (this.head + drop) % this.ring.length : 0;
      this.ringStart = target;
    }
  }

  /**
   * SEARCH_OFFSET_BY_TIMESTAMP as the 5.3.3 consume queue answers it. lower: the first offset stored
   * at or after `ts` (max offset when every message is older; the min offset when every one is
   * newer). upper: the last offset stored at or before `ts` (max-1 when every message is older; 0 when
   * every one is newer, as Java does). An empty queue gives 0 (or its max offset once it had data).
   */
  searchOffset(ts: number, boundary: BoundaryType = "lower"): number {
    if (this.maxOffset === this.minOffset) return this.maxOffset;
    const last = this.maxOffset - 1;
    if (this.timestampAt(last) < ts) return boundary === "lower" ? this.maxOffset : last;
    if (this.timestampAt(this.minOffset) > ts) return boundary === "lower" ? this.minOffset : 0;
    if (boundary === "lower") {
      let lo = this.minOffset;
      let hi = last;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.timestampAt(mid) < ts) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    let lo = this.minOffset;
    let hi = last;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.timestampAt(mid) > ts) hi = mid - 1;
      else lo = mid;
    }
    return lo;
  }

  /** Bytes held by this queue's ring. */
  get memoryBytes(): number {
    return this.ring.byteLength;
  }

  snapshot(): QueueSnapshot {
    const used = this.maxOffset - this.ringStart;
    const out = new Float64Array(used);
    for (let i = 0; i < used; i++) out[i] = this.ring[(this.head + i) % this.ring.length] as number;
    return {
      min: this.minOffset,
      max: this.maxOffset,
      a0: this.a0,
      t0: this.t0,
      a1: this.a1,
      t1: this.t1,
      ringStart: this.ringStart,
      ring: Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString("base64"),
    };
  }

  restore(s: QueueSnapshot): void {
    const raw = Buffer.from(s.ring, "base64");
    const n = Math.floor(raw.length / 8);
    const cap = Math.min(this.capacity, Math.max(INITIAL_RING, n));
    const ring = new Float64Array(Math.max(cap, n));
    for (let i = 0; i < n; i++) ring[i] = raw.readDoubleLE(i * 8);
    this.ring = ring;
    this.head = 0;
    this.ringStart = s.max - n;
    this.maxOffset = s.max;
    this.minOffset = s.min;
    this.a0 = s.a0;
    this.t0 = s.t0;
    this.a1 = s.a1;
    this.t1 = s.t1;
    this.lastTs = this.maxOffset > this.minOffset ? Math.max(0, this.timestampAt(this.maxOffset - 1)) : 0;
  }
}

export interface StoreOptions {
  /** Exact timestamps kept per queue before the oldest message is deleted. */
  capacity: number;
  /** Time-based retention (ms of store time); undefined = none. */
  retainMs?: number;
}

/** The queues of one broker, created on first use (Java creates consume queues lazily too). */
export class MessageStore {
  private readonly topics = new Map<string, QueueLog[]>();

  constructor(readonly options: StoreOptions) {}

  queue(topic: string, queueId: number): QueueLog {
    let qs = this.topics.get(topic);
    if (!qs) {
      qs = [];
      this.topics.set(topic, qs);
    }
    let q = qs[queueId];
    if (!q) {
      q = new QueueLog(this.options.capacity);
      qs[queueId] = q;
    }
    return q;
  }

  /** The queue if it exists (never creates one). */
  peek(topic: string, queueId: number): QueueLog | undefined {
    return this.topics.get(topic)?.[queueId];
  }

  maxOffset(topic: string, queueId: number): number {
    return this.peek(topic, queueId)?.maxOffset ?? 0;
  }

  minOffset(topic: string, queueId: number): number {
    return this.peek(topic, queueId)?.minOffset ?? 0;
  }

  timestampAt(topic: string, queueId: number, offset: number): number {
    return this.peek(topic, queueId)?.timestampAt(offset) ?? -1;
  }

  /** GET_EARLIEST_MSG_STORETIME: the first message's store time, -1 when none. */
  earliestTime(topic: string, queueId: number): number {
    const q = this.peek(topic, queueId);
    if (!q || q.count === 0) return -1;
    return q.timestampAt(q.minOffset);
  }

  searchOffset(topic: string, queueId: number, ts: number, boundary: BoundaryType = "lower"): number {
    const q = this.peek(topic, queueId);
    return q ? q.searchOffset(ts, boundary) : 0;
  }

  /** Applies time-based retention to every queue. */
  expire(nowTs: number): void {
    const retain = this.options.retainMs;
    if (retain === undefined) return;
    for (const qs of this.topics.values()) for (const q of qs) q?.expireBefore(nowTs - retain);
  }

  *entries(): IterableIterator<[string, number, QueueLog]> {
    for (const [topic, qs] of this.topics) {
      for (let i = 0; i < qs.length; i++) {
        const q = qs[i];
        if (q) yield [topic, i, q];
      }
    }
  }

  get memoryBytes(): number {
    let n = 0;
    for (const [, , q] of this.entries()) n += q.memoryBytes + 120;
    return n;
  }
}

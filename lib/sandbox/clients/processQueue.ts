/**
 * The Java client's ProcessQueue, per assigned queue: the messages pulled and not yet consumed
 * (`msgTreeMap`, a TreeMap keyed by queue offset) and, for orderly consumers, those being consumed
 * (`consumingMsgOrderlyTreeMap`). Offsets only; message contents are derived when needed.
 *
 * The sorted maps are `OffsetSet`s: disjoint sorted intervals. Pulls append increasing ranges and
 * consumption removes mostly from the front, so the interval list stays tiny, while a slow message
 * simply leaves a one-offset interval at the head (which is exactly what pins the commit offset).
 */
import type { MessageQueue } from "../../rocketmq/protocol/messageQueue";

export class OffsetSet {
  private starts: number[] = [];
  private ends: number[] = [];
  size = 0;

  /** Adds [from, to) (merging overlaps). */
  addRange(from: number, to: number): void {
    if (to <= from) return;
    const n = this.starts.length;
    const lastEnd = n > 0 ? (this.ends[n - 1] as number) : -Infinity;
    if (from >= lastEnd) {
      if (from === lastEnd) this.ends[n - 1] = to;
      else {
        this.starts.push(from);
        this.ends.push(to);
      }
      this.size += to - from;
      return;
    }
    for (let o = from; o < to; o++) this.add(o);
  }

  add(o: number): void {
    if (this.has(o)) return;
    const i = this.lowerIndex(o); // first interval with start > o
    const prev = i - 1;
    const joinsPrev = prev >= 0 && this.ends[prev] === o;
    const joinsNext = i < this.starts.length && this.starts[i] === o + 1;
    if (joinsPrev && joinsNext) {
      this.ends[prev] = this.ends[i] as number;
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    } else if (joinsPrev) this.ends[prev] = o + 1;
    else if (joinsNext) this.starts[i] = o;
    else {
      this.starts.splice(i, 0, o);
      this.ends.splice(i, 0, o + 1);
    }
    this.size++;
  }

  /** Index of the first interval whose start is > o. */
  private lowerIndex(o: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= o) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(o: number): boolean {
    const i = this.lowerIndex(o) - 1;
    return i >= 0 && o < (this.ends[i] as number);
  }

  remove(o: number): boolean {
    const i = this.lowerIndex(o) - 1;
    if (i < 0 || o >= (this.ends[i] as number)) return false;
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    if (s === o && e === o + 1) {
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    } else if (s === o) this.starts[i] = o + 1;
    else if (e === o + 1) this.ends[i] = o;
    else {
      this.ends[i] = o;
      this.starts.splice(i + 1, 0, o + 1);
      this.ends.splice(i + 1, 0, e);
    }
    this.size--;
    return true;
  }

  first(): number | undefined {
    return this.starts[0];
  }

  last(): number | undefined {
    const n = this.ends.length;
    return n > 0 ? (this.ends[n - 1] as number) - 1 : undefined;
  }

  /** Removes and returns the smallest offset. */
  takeFirst(): number | undefined {
    const f = this.first();
    if (f !== undefined) this.remove(f);
    return f;
  }

  clear(): void {
    this.starts = [];
    this.ends = [];
    this.size = 0;
  }

  /** The offsets in [from, from+limit) order, for tests and debugging. */
  toArray(limit = Infinity): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.starts.length && out.length < limit; i++) {
      for (let o = this.starts[i] as number; o < (this.ends[i] as number) && out.length < limit; o++) out.push(o);
    }
    return out;
  }
}

/** What ProcessQueue.fillProcessQueueInfo reports (plus the commit offset from the offset store). */
export interface ProcessQueueInfo {
  commitOffset: number;
  cachedMsgMinOffset: number;
  cachedMsgMaxOffset: number;
  cachedMsgCount: number;
  cachedMsgSizeInMiB: number;
  transactionMsgMinOffset: number;
  transactionMsgMaxOffset: number;
  transactionMsgCount: number;
  locked: boolean;
  tryUnlockTimes: number;
  lastLockTimestamp: number;
  droped: boolean;
  lastPullTimestamp: number;
  lastConsumeTimestamp: number;
}

export class ProcessQueue {
  readonly msgs = new OffsetSet();
  /** Orderly: taken from msgs and being consumed. */
  readonly consuming = new OffsetSet();
  queueOffsetMax = 0;
  msgSizeBytes = 0;
  dropped = false;
  locked = false;
  tryUnlockTimes = 0;
  lastLockTimestamp = 0;
  lastLockSim = 0;
  lastPullTimestamp = 0;
  lastConsumeTimestamp = 0;

  // ---- pull loop state (DefaultMQPushConsumerImpl.PullRequest)
  nextOffset = 0;
  /** Sim time of the next pull attempt. */
  nextPullAt = 0;
  /** Sim time a long-polling pull was parked at (no new message), or -1. */
  parkedAt = -1;
  /** Sim time the queue was assigned. */
  readonly createdAt: number;

  constructor(
    readonly mq: MessageQueue,
    now: { sim: number; wall: number },
    readonly avgMsgBytes: number,
  ) {
    this.createdAt = now.sim;
    this.lastConsumeTimestamp = now.wall;
  }

  /** putMessage: appends pulled offsets [from, to). */
  put(from: number, to: number): void {
    if (to <= from) return;
    this.msgs.addRange(from, to);
    this.queueOffsetMax = to - 1;
    this.msgSizeBytes += (to - from) * this.avgMsgBytes;
  }

  /**
   * removeMessage for one consumed message: -1 when the map was empty; else the smallest offset still
   * cached, or queueOffsetMax + 1 once the map is empty (Java's exact rule).
   */
  removeMessage(offset: number, wallNow: number): number {
    this.lastConsumeTimestamp = wallNow;
    if (this.msgs.size === 0) return -1;
    let result = this.queueOffsetMax + 1;
    if (this.msgs.remove(offset)) {
      this.msgSizeBytes = Math.max(0, this.msgSizeBytes - this.avgMsgBytes);
    }
    if (this.msgs.size === 0) this.msgSizeBytes = 0;
    const first = this.msgs.first();
    if (first !== undefined) result = first;
    return result;
  }

  get cachedCount(): number {
    return this.msgs.size;
  }

  get maxSpan(): number {
    const f = this.msgs.first();
    const l = this.msgs.last();
    return f === undefined || l === undefined ? 0 : l - f;
  }

  /** Orderly: moves the first cached message to the consuming map. */
  takeMessage(wallNow: number): number | undefined {
    this.lastConsumeTimestamp = wallNow;
    const o = this.msgs.takeFirst();
    if (o !== undefined) this.consuming.add(o);
    return o;
  }

  /** Orderly commit(): clears the consuming map; returns max consumed + 1, or -1. */
  commit(): number {
    const last = this.consuming.last();
    const n = this.consuming.size;
    this.consuming.clear();
    this.msgSizeBytes = Math.max(0, this.msgSizeBytes - n * this.avgMsgBytes);
    return last === undefined ? -1 : last + 1;
  }

  info(commitOffset: number): ProcessQueueInfo {
    const empty = this.msgs.size === 0;
    const tEmpty = this.consuming.size === 0;
    return {
      commitOffset,
      cachedMsgMinOffset: empty ? 0 : (this.msgs.first() as number),
      cachedMsgMaxOffset: empty ? 0 : (this.msgs.last() as number),
      cachedMsgCount: this.msgs.size,
      cachedMsgSizeInMiB: Math.floor(this.msgSizeBytes / (1024 * 1024)),
      transactionMsgMinOffset: tEmpty ? 0 : (this.consuming.first() as number),
      transactionMsgMaxOffset: tEmpty ? 0 : (this.consuming.last() as number),
      transactionMsgCount: this.consuming.size,
      locked: this.locked,
      tryUnlockTimes: this.tryUnlockTimes,
      lastLockTimestamp: this.lastLockTimestamp,
      droped: this.dropped,
      lastPullTimestamp: this.lastPullTimestamp,
      lastConsumeTimestamp: this.lastConsumeTimestamp,
    };
  }
}

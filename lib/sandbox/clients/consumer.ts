/**
 * A simulated RocketMQ 5.3.3 Java consumer (DefaultMQPushConsumer concurrent or orderly, clustering
 * or broadcasting; DefaultLitePullConsumer with explicit commits), driven by simulated time.
 *
 * Semantics kept from the Java client:
 * - RebalanceImpl: AllocateMessageQueueAveragely over sorted client ids and sorted queues; the group's
 *   %RETRY% topic is subscribed in CLUSTERING push mode; rebalance at start, on membership changes and
 *   every 20 s; queues that move away are persisted and dropped; new ones start where
 *   computePullFromWhere says (a committed offset always wins; else LAST_OFFSET = max offset (retry
 *   topics 0, and a young queue whose broker answers "0" starts at 0), FIRST_OFFSET = 0 then corrected
 *   by PULL_OFFSET_MOVED, TIMESTAMP = search).
 * - Pulling: 32 messages per pull (10 for lite pull); flow control while more than
 *   pullThresholdForQueue (1000) messages are cached; long polling when there is nothing new (a parked
 *   pull is answered when a message arrives or after 15 s); pulls carry the commit offset (clustering).
 *   consumeConcurrentlyMaxSpan is checked but, as in 5.3.3 (a missing `return`), does not stop pulling.
 * - PULL_OFFSET_MOVED (a pending server-side reset, or an offset out of range): the ProcessQueue is
 *   dropped, the new offset frozen into the store and persisted, and the queue re-added at once.
 * - ProcessQueue: removeMessage returns the smallest cached offset (or max pulled + 1 when empty); the
 *   offset store only increases; every 5 s (first after 10 s) offsets go to the broker (oneway 15);
 *   BROADCASTING keeps them in a local store only (visible through 307 / 221).
 * - Concurrent consumption: a pool of `threads` taking messages FIFO across queues; per-message consume
 *   time from a seeded log-normal distribution; failures go back to %RETRY%group (clustering).
 * - Orderly: one message at a time per queue, only while the queue is locked at the broker and the
 *   lock is fresh (30 s); lockAll every 20 s; a queue leaving the client whose consume is in progress
 *   cannot be removed (tryUnlockTimes++), until the 20 s unlock delay forces it.
 * - RESET_CONSUMER_CLIENT_OFFSET (220, the legacy reset push; MQClientInstance.resetOffset): push
 *   consumers (clustering, broadcasting, orderly) suspend (no pulls, no rebalance; consumption of other
 *   queues goes on), drop and clear the ProcessQueues of the table's queues, wait 10 s, then write the
 *   offsets into the store, persist them (oneway 15, or the local file when broadcasting) and remove
 *   the queues (removeUnnecessaryMessageQueue), and resume: the rebalance re-adds the queues from the
 *   store, i.e. from the reset offsets. Resets are serialised (the method is synchronized): a second
 *   220 waits for the first. Lite pull consumers ignore 220.
 * Simplification: a thread stuck on a message of a dropped ProcessQueue is released at once.
 */
import type { MessageQueue } from "../../rocketmq/protocol/messageQueue";
import { compareMq } from "../../rocketmq/protocol/messageQueue";
import { asBigInt, getField, parseFastjson, readMessageQueueMap } from "../../rocketmq/protocol/fastjson";
import { createResponse, type RemotingCommand } from "../../rocketmq/protocol/remotingCommand";
import { RequestCode } from "../../rocketmq/protocol/requestCode";
import { ResponseCode } from "../../rocketmq/protocol/responseCode";
import type { Broker } from "../broker";
import type { Clock } from "../clock";
import { hash32, logNormal, unitOf } from "../rng";
import { RateMeter } from "../stats";
import {
  BrokerUnavailableError,
  isRetryTopic,
  retryTopicOf,
  type ConsumedRecord,
  type ConsumeFromWhere,
  type ConsumerChannel,
  type MessageModel,
  type QueueRoute,
  type SubscriptionData,
} from "../types";
import { allocateAveragely, javaStringCompare } from "./allocate";
import { ProcessQueue } from "./processQueue";
import { consumerStatusBody, litePullConsumerProperties, pushConsumerProperties, runningInfoBody, type ConsumeStatus, type PropertyFacts } from "./runningInfo";

export type ConsumerKind = "push" | "orderly" | "litepull";

/** A message that takes `durationMs` (Infinity = forever) the first time a given client consumes it. */
export interface StuckMessage {
  topic: string;
  brokerName: string;
  queueId: number;
  offset: number;
  durationMs: number;
  /** Only this client (index within the group) is affected; default all. */
  clientIndex?: number;
}

export interface ConsumerConfig {
  group: string;
  kind: ConsumerKind;
  messageModel: MessageModel;
  topics: string[];
  consumeFromWhere: ConsumeFromWhere;
  /** CONSUME_FROM_TIMESTAMP's time (ms); default 30 minutes before start. */
  consumeTimestamp?: number;
  threads: number;
  consumeMs: { median: number; sigma: number };
  failureRate: number;
  stuck: StuckMessage[];
  clientIndex: number;
  instanceName: string;
  clientIp: string;
  avgMsgBytes: number;
  seed: number;
}

export interface ClientEnv {
  clock: Clock;
  namesrvAddr(): string;
  broker(name: string): Broker | undefined;
  route(topic: string): QueueRoute[];
  record(r: ConsumedRecord): void;
  /** The brokers notify every client of the group (NOTIFY_CONSUMER_IDS_CHANGED). */
  notifyGroupChanged(group: string): void;
}

const PULL_BATCH_PUSH = 32;
const PULL_BATCH_LITE = 10;
const PULL_THRESHOLD_FOR_QUEUE = 1000;
const PERSIST_INTERVAL = 5_000;
const PERSIST_FIRST_DELAY = 10_000;
const REBALANCE_INTERVAL = 20_000;
const LOCK_INTERVAL = 20_000;
const LOCK_FIRST_DELAY = 1_000;
const CLIENT_LOCK_TTL = 30_000;
const UNLOCK_DELAY = 20_000;
const LONG_POLL_MS = 15_000;
const DELAY_WHEN_EXCEPTION = 3_000;
const DELAY_WHEN_FLOW_CONTROL = 50;
const PULL_EXPIRE_MS = 120_000;
/** Simulated network round trip of a pull (sim ms). */
const PULL_RT_MS = 2;
const MAX_PULLS_PER_TICK = 64;
/** PULL_TIME_DELAY_MILLS_WHEN_SUSPEND: a paused consumer retries its pulls this much later. */
const DELAY_WHEN_SUSPEND = 1_000;
/** MQClientInstance.resetOffset sleeps this long between dropping the queues and writing the offsets. */
const RESET_SLEEP_MS = 10_000;

const mqKey = (mq: MessageQueue) => `${mq.topic}|${mq.brokerName}|${mq.queueId}`;

interface Task {
  pq: ProcessQueue;
  offset: number;
  availableAt: number;
  startedAt: number;
}

interface Thread {
  task: Task | undefined;
  finishAt: number;
  freeAt: number;
}

interface OrderlyState {
  current: { offset: number; finishAt: number } | undefined;
  busyUntil: number;
  /** Sim time the cache last went from empty to non-empty. */
  availableSince: number;
}

/** One RESET_CONSUMER_CLIENT_OFFSET: the topic and the table (mqKey -> offset). */
interface PendingReset {
  topic: string;
  offsets: Map<string, number>;
}

interface Entry {
  mq: MessageQueue;
  pq: ProcessQueue;
  previouslyLocked: boolean;
  orderly: OrderlyState;
}

class TopicStats {
  /** Messages pulled (pullTPS). */
  readonly pull = new RateMeter();
  /** One event per pull request, valued by its round trip (pullRT). */
  readonly pullRt = new RateMeter();
  readonly ok = new RateMeter();
  readonly failed = new RateMeter();
}

export class SimConsumer {
  readonly clientId: string;
  readonly config: ConsumerConfig;
  private readonly env: ClientEnv;
  private readonly clock: Clock;
  private started = false;
  private startTimestamp = 0;
  private startSim = 0;
  private readonly table = new Map<string, Entry>();
  private readonly offsetStore = new Map<string, { mq: MessageQueue; offset: number }>();
  private readonly frozen = new Set<string>();
  /** BROADCASTING: LocalFileOffsetStore's file (written by persistAll, read by READ_FROM_STORE). */
  private readonly localFile = new Map<string, number>();
  private tasks: Task[] = [];
  private taskHead = 0;
  private readonly threads: Thread[] = [];
  private readonly subscriptions = new Map<string, SubscriptionData>();
  private readonly stuckSeen = new Set<string>();
  private readonly stats = new Map<string, TopicStats>();
  private nextPersistAt = 0;
  private nextRebalanceAt = 0;
  private nextLockAt = 0;
  private nextHeartbeatAt = 0;
  private needRebalance = false;
  private readonly clientAddrs = new Map<string, string>();
  /** Lite pull: batches pulled and not yet polled, and the app thread's current batch. */
  private liteCache: Array<{ key: string; from: number; to: number; availableAt: number }> = [];
  private liteBusy: { key: string; offsets: number[]; finishAt: number } | undefined;
  private readonly liteConsumeOffset = new Map<string, number>();
  /** DefaultMQPushConsumerImpl.pause: set while a legacy reset is in progress. */
  private paused = false;
  /** The reset being applied (sleeping until applyAt), and the 220s waiting for it. */
  private activeReset: (PendingReset & { applyAt: number }) | undefined;
  private readonly waitingResets: PendingReset[] = [];

  constructor(config: ConsumerConfig, env: ClientEnv) {
    this.config = config;
    this.env = env;
    this.clock = env.clock;
    this.clientId = `${config.clientIp}@${config.instanceName}`;
    for (let i = 0; i < (config.kind === "push" ? config.threads : 0); i++) this.threads.push({ task: undefined, finishAt: 0, freeAt: 0 });
  }

  get group(): string {
    return this.config.group;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** NOTIFY_CONSUMER_IDS_CHANGED: rebalance on the next step. */
  requestRebalance(): void {
    if (this.started) this.needRebalance = true;
  }

  private get clustering(): boolean {
    return this.config.messageModel === "CLUSTERING";
  }

  private statsOf(topic: string): TopicStats {
    let s = this.stats.get(topic);
    if (!s) this.stats.set(topic, (s = new TopicStats()));
    return s;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  start(): void {
    if (this.started) return;
    this.started = true;
    const sim = this.clock.simNow();
    this.startSim = sim;
    this.startTimestamp = this.clock.wallNow();
    const wall = this.startTimestamp;
    for (const t of this.config.topics) this.subscriptions.set(t, { topic: t, subString: "*", tags: [], subVersion: wall });
    if (this.clustering && this.config.kind !== "litepull") {
      this.subscriptions.set(retryTopicOf(this.group), { topic: retryTopicOf(this.group), subString: "*", tags: [], subVersion: wall });
    }
    this.nextPersistAt = sim + PERSIST_FIRST_DELAY;
    this.nextRebalanceAt = sim + REBALANCE_INTERVAL;
    this.nextLockAt = sim + LOCK_FIRST_DELAY;
    this.nextHeartbeatAt = sim + 30_000;
    this.heartbeat();
    this.env.notifyGroupChanged(this.group);
  }

  /** DefaultMQPushConsumerImpl.shutdown: persist offsets, unlock, unregister; the group rebalances. */
  shutdown(): void {
    if (!this.started) return;
    this.persistAll();
    for (const e of this.table.values()) {
      e.pq.dropped = true;
      if (this.config.kind === "orderly" && this.clustering) this.tryBroker(e.mq.brokerName, (b) => b.unlock(this.group, this.clientId, e.mq));
    }
    this.table.clear();
    this.tasks = [];
    this.taskHead = 0;
    for (const t of this.threads) t.task = undefined;
    for (const name of this.brokerNames()) this.env.broker(name)?.unregisterConsumer(this.group, this.clientId);
    this.activeReset = undefined;
    this.waitingResets.length = 0;
    this.paused = false;
    this.started = false;
    this.env.notifyGroupChanged(this.group);
  }

  private brokerNames(): string[] {
    const names = new Set<string>();
    for (const t of this.subscriptions.keys()) for (const r of this.env.route(t)) names.add(r.brokerName);
    for (const t of this.config.topics) for (const r of this.env.route(t)) names.add(r.brokerName);
    return [...names].sort();
  }

  private channelFor(brokerName: string): ConsumerChannel {
    let addr = this.clientAddrs.get(brokerName);
    if (!addr) {
      const h = hash32(this.config.seed, this.clientId, brokerName);
      addr = `${this.config.clientIp}:${40000 + (h % 20000)}`;
      this.clientAddrs.set(brokerName, addr);
    }
    return { clientId: this.clientId, clientAddr: addr, language: "JAVA", version: 479, call: (req) => this.handleBrokerRequest(req) };
  }

  /** Heartbeat to every broker of the subscribed topics' routes. */
  heartbeat(): void {
    for (const name of this.brokerNames()) {
      const b = this.env.broker(name);
      if (!b || b.reachability !== "up") continue;
      b.registerConsumer({
        group: this.group,
        consumeType: this.config.kind === "litepull" ? "CONSUME_ACTIVELY" : "CONSUME_PASSIVELY",
        messageModel: this.config.messageModel,
        consumeFromWhere: this.config.consumeFromWhere,
        subscriptions: [...this.subscriptions.values()],
        channel: this.channelFor(name),
      });
    }
  }

  private tryBroker<T>(brokerName: string, fn: (b: Broker) => T): T | undefined {
    const b = this.env.broker(brokerName);
    if (!b) return undefined;
    try {
      return fn(b);
    } catch (err) {
      if (err instanceof BrokerUnavailableError) return undefined;
      throw err;
    }
  }

  // ---- offset store ----------------------------------------------------------------------------

  private updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    const k = mqKey(mq);
    if (this.frozen.has(k)) return;
    const cur = this.offsetStore.get(k);
    if (!cur) this.offsetStore.set(k, { mq, offset });
    else if (!increaseOnly || offset > cur.offset) cur.offset = offset;
  }

  private updateAndFreezeOffset(mq: MessageQueue, offset: number): void {
    const k = mqKey(mq);
    this.frozen.delete(k);
    this.updateOffset(mq, offset, false);
    this.frozen.add(k);
  }

  private removeOffset(mq: MessageQueue): void {
    const k = mqKey(mq);
    this.offsetStore.delete(k);
    this.frozen.delete(k);
  }

  private readMemory(mq: MessageQueue): number {
    return this.offsetStore.get(mqKey(mq))?.offset ?? -1;
  }

  /** readOffset(READ_FROM_STORE): the broker's offset (clustering) or the local file (broadcasting). */
  private readFromStore(mq: MessageQueue): number | undefined {
    if (!this.clustering) {
      const off = this.localFile.get(mqKey(mq)) ?? -1;
      if (off >= 0) this.updateOffset(mq, off, false);
      return off;
    }
    const off = this.tryBroker(mq.brokerName, (b) => b.queryConsumerOffset(this.group, mq.topic, mq.queueId));
    if (off === undefined) return undefined; // broker unreachable: computePullFromWhere fails
    if (off >= 0) this.updateOffset(mq, off, false);
    return off;
  }

  private persist(mq: MessageQueue): void {
    const cur = this.offsetStore.get(mqKey(mq));
    if (!this.clustering) {
      if (cur) this.localFile.set(mqKey(mq), cur.offset);
      return;
    }
    if (cur) this.tryBroker(mq.brokerName, (b) => b.updateConsumerOffset(this.group, mq.topic, mq.queueId, cur.offset));
  }

  /** persistConsumerOffset: every queue of this client's table (unassigned ones are forgotten). */
  persistAll(): void {
    if (!this.clustering) {
      for (const [k, v] of this.offsetStore) if (this.table.has(k)) this.localFile.set(k, v.offset);
      return;
    }
    for (const [k, v] of [...this.offsetStore]) {
      if (this.table.has(k)) this.tryBroker(v.mq.brokerName, (b) => b.updateConsumerOffset(this.group, v.mq.topic, v.mq.queueId, v.offset));
      else this.offsetStore.delete(k);
    }
  }

  // ---- rebalance -------------------------------------------------------------------------------

  private allQueues(topic: string): MessageQueue[] {
    const out: MessageQueue[] = [];
    for (const r of this.env.route(topic)) for (let i = 0; i < r.readQueueNums; i++) out.push({ topic, brokerName: r.brokerName, queueId: i });
    return out.sort(compareMq);
  }

  rebalance(): void {
    // DefaultMQPushConsumerImpl.doRebalance does nothing while paused (a request meanwhile is lost).
    if (!this.started || this.paused) return;
    const sim = this.clock.simNow();
    for (const topic of this.subscriptions.keys()) {
      const mqAll = this.allQueues(topic);
      let mine: MessageQueue[];
      if (!this.clustering) mine = mqAll;
      else {
        const route = this.env.route(topic);
        let cids: string[] | undefined;
        for (const r of route) {
          cids = this.tryBroker(r.brokerName, (b) => b.consumerIds(this.group));
          if (cids && cids.length > 0) break;
        }
        if (!cids || cids.length === 0) continue;
        mine = allocateAveragely(this.clientId, mqAll, [...cids].sort(javaStringCompare));
      }
      this.updateProcessQueueTable(topic, new Set(mine.map(mqKey)), mine, sim);
    }
    // truncateMessageQueueNotMyTopic
    for (const [k, e] of [...this.table]) {
      if (!this.subscriptions.has(e.mq.topic)) {
        e.pq.dropped = true;
        this.releaseThreads(e.pq);
        this.table.delete(k);
      }
    }
  }

  private updateProcessQueueTable(topic: string, keys: Set<string>, mine: MessageQueue[], sim: number): void {
    const wall = this.clock.wallNow();
    const remove: Entry[] = [];
    for (const [k, e] of this.table) {
      if (e.mq.topic !== topic) continue;
      if (!keys.has(k)) {
        e.pq.dropped = true;
        remove.push(e);
      } else if (this.config.kind !== "litepull" && wall - e.pq.lastPullTimestamp > PULL_EXPIRE_MS && sim - e.pq.createdAt > PULL_EXPIRE_MS) {
        e.pq.dropped = true;
        remove.push(e);
      }
    }
    for (const e of remove) if (this.removeUnnecessary(e, sim)) this.table.delete(mqKey(e.mq));
    let allLocked = true;
    const needLock = this.config.kind === "orderly" && this.clustering;
    for (const mq of mine) {
      const k = mqKey(mq);
      if (this.table.has(k)) continue;
      if (needLock && !this.lockOne(mq)) {
        allLocked = false;
        continue;
      }
      this.removeOffset(mq); // removeDirtyOffset
      const next = this.computePullFromWhere(mq);
      if (next === undefined || next < 0) continue;
      const pq = new ProcessQueue(mq, { sim, wall }, this.config.avgMsgBytes);
      pq.locked = true;
      pq.lastLockTimestamp = wall;
      pq.lastLockSim = sim;
      pq.nextOffset = next;
      pq.nextPullAt = sim;
      this.table.set(k, { mq, pq, previouslyLocked: false, orderly: { current: undefined, busyUntil: sim, availableSince: sim } });
    }
    if (!allLocked) this.nextRebalanceAt = Math.min(this.nextRebalanceAt, sim + 500);
  }

  /** RebalancePushImpl.removeUnnecessaryMessageQueue. */
  private removeUnnecessary(e: Entry, sim: number): boolean {
    if (this.config.kind === "orderly" && this.clustering) {
      this.persist(e.mq);
      const forceUnlock = e.pq.dropped && this.clock.wallNow() > e.pq.lastLockTimestamp + UNLOCK_DELAY;
      const consuming = e.orderly.current !== undefined && e.orderly.current.finishAt > sim;
      if (forceUnlock || !consuming) {
        this.persist(e.mq);
        this.removeOffset(e.mq);
        e.pq.locked = false;
        this.tryBroker(e.mq.brokerName, (b) => b.unlock(this.group, this.clientId, e.mq));
        return true;
      }
      e.pq.tryUnlockTimes++;
      return false;
    }
    this.persist(e.mq);
    this.removeOffset(e.mq);
    this.releaseThreads(e.pq);
    return true;
  }

  private lockOne(mq: MessageQueue): boolean {
    const ok = this.tryBroker(mq.brokerName, (b) => b.lockBatch(this.group, this.clientId, [mq]));
    return ok?.has(`${mq.topic}|${mq.queueId}`) ?? false;
  }

  /** RebalanceImpl.lockAll (orderly, every 20 s): dropped queues are skipped. */
  private lockAll(): void {
    const byBroker = new Map<string, Entry[]>();
    for (const e of this.table.values()) {
      if (e.pq.dropped) continue;
      const list = byBroker.get(e.mq.brokerName) ?? [];
      list.push(e);
      byBroker.set(e.mq.brokerName, list);
    }
    const wall = this.clock.wallNow();
    const sim = this.clock.simNow();
    for (const [name, entries] of byBroker) {
      const ok = this.tryBroker(name, (b) => b.lockBatch(this.group, this.clientId, entries.map((e) => e.mq)));
      if (!ok) continue;
      for (const e of entries) {
        if (ok.has(`${e.mq.topic}|${e.mq.queueId}`)) {
          e.pq.locked = true;
          e.pq.lastLockTimestamp = wall;
          e.pq.lastLockSim = sim;
        } else e.pq.locked = false;
      }
    }
  }

  private computePullFromWhere(mq: MessageQueue): number | undefined {
    const last = this.readFromStore(mq);
    if (last === undefined) return undefined;
    if (last >= 0) return last;
    const b = this.env.broker(mq.brokerName);
    if (!b) return undefined;
    switch (this.config.consumeFromWhere) {
      case "CONSUME_FROM_FIRST_OFFSET":
        return 0;
      case "CONSUME_FROM_TIMESTAMP":
        if (isRetryTopic(mq.topic)) return this.tryBroker(mq.brokerName, (x) => x.maxOffset(mq.topic, mq.queueId));
        return this.tryBroker(mq.brokerName, (x) => x.searchOffset(mq.topic, mq.queueId, this.config.consumeTimestamp ?? this.startTimestamp - 30 * 60_000));
      default:
        if (isRetryTopic(mq.topic)) return 0;
        return this.tryBroker(mq.brokerName, (x) => x.maxOffset(mq.topic, mq.queueId));
    }
  }

  /** Drops a ProcessQueue after PULL_OFFSET_MOVED and re-adds it from `next` (the Java fix-offset task). */
  private offsetMoved(e: Entry, next: number): void {
    e.pq.dropped = true;
    this.releaseThreads(e.pq);
    this.updateAndFreezeOffset(e.mq, next);
    this.persist(e.mq);
    // removeProcessQueue: removeUnnecessaryMessageQueue + remove from the table, then rebalanceImmediately
    const k = mqKey(e.mq);
    if (this.config.kind === "orderly" && this.clustering) {
      this.removeOffset(e.mq);
      this.tryBroker(e.mq.brokerName, (b) => b.unlock(this.group, this.clientId, e.mq));
    } else this.removeOffset(e.mq);
    this.table.delete(k);
    this.liteCache = this.liteCache.filter((c) => c.key !== k);
    this.needRebalance = true;
  }

  private releaseThreads(pq: ProcessQueue): void {
    for (const t of this.threads) {
      if (t.task?.pq === pq) {
        t.task = undefined;
        t.freeAt = this.clock.simNow();
      }
    }
  }

  // ---- the simulation step ---------------------------------------------------------------------

  tick(now: number): void {
    if (!this.started) return;
    if (this.activeReset && now >= this.activeReset.applyAt) this.finishReset();
    if (now >= this.nextHeartbeatAt) {
      this.heartbeat();
      this.nextHeartbeatAt = now + 30_000;
    }
    if (this.config.kind === "orderly" && this.clustering && now >= this.nextLockAt) {
      this.lockAll();
      this.nextLockAt = now + LOCK_INTERVAL;
    }
    if (this.needRebalance || now >= this.nextRebalanceAt) {
      this.needRebalance = false;
      if (now >= this.nextRebalanceAt) this.nextRebalanceAt = now + REBALANCE_INTERVAL;
      this.rebalance();
    }
    for (const e of [...this.table.values()]) this.pullQueue(e, now);
    if (this.config.kind === "push") this.consumeConcurrently(now);
    else if (this.config.kind === "orderly") for (const e of this.table.values()) this.consumeOrderly(e, now);
    else this.litePoll(now);
    if (now >= this.nextPersistAt) {
      this.persistAll();
      this.nextPersistAt = now + PERSIST_INTERVAL;
    }
    if (this.needRebalance) {
      this.needRebalance = false;
      this.rebalance();
    }
  }

  private pullQueue(e: Entry, now: number): void {
    const pq = e.pq;
    if (pq.dropped || pq.nextPullAt > now) return;
    const wall = this.clock.wallNow();
    const lite = this.config.kind === "litepull";
    const batch = lite ? PULL_BATCH_LITE : PULL_BATCH_PUSH;
    // A parked long-polling pull is answered when a message arrives or after the suspend timeout.
    if (pq.parkedAt >= 0) {
      const max = this.env.broker(e.mq.brokerName)?.store.maxOffset(e.mq.topic, e.mq.queueId) ?? 0;
      if (max <= pq.nextOffset && now - pq.parkedAt < LONG_POLL_MS) return;
      pq.parkedAt = -1;
    }
    if (this.paused) {
      pq.nextPullAt = now + DELAY_WHEN_SUSPEND;
      return;
    }
    for (let i = 0; i < MAX_PULLS_PER_TICK; i++) {
      pq.lastPullTimestamp = wall;
      if (pq.cachedCount > PULL_THRESHOLD_FOR_QUEUE) {
        pq.nextPullAt = now + DELAY_WHEN_FLOW_CONTROL;
        return;
      }
      if (this.config.kind === "orderly" && this.clustering) {
        if (!pq.locked) {
          pq.nextPullAt = now + DELAY_WHEN_EXCEPTION;
          return;
        }
        if (!e.previouslyLocked) {
          const off = this.computePullFromWhere(e.mq);
          if (off === undefined || off < 0) {
            pq.nextPullAt = now + DELAY_WHEN_EXCEPTION;
            return;
          }
          e.previouslyLocked = true;
          pq.nextOffset = off;
        }
      }
      const commit = this.clustering && !lite ? this.readMemory(e.mq) : -1;
      const broker = this.env.broker(e.mq.brokerName);
      let r: ReturnType<Broker["pull"]> | undefined;
      try {
        r = broker?.pull({
          group: this.group,
          topic: e.mq.topic,
          queueId: e.mq.queueId,
          queueOffset: pq.nextOffset,
          maxMsgNums: batch,
          sysFlag: lite ? 4 | 16 : (commit > 0 ? 1 : 0) | 2,
          commitOffset: commit > 0 ? commit : 0,
          clientAddr: this.channelFor(e.mq.brokerName).clientAddr,
        });
      } catch (err) {
        if (!(err instanceof BrokerUnavailableError)) throw err;
      }
      if (!r || "error" in r) {
        pq.nextPullAt = now + DELAY_WHEN_EXCEPTION;
        return;
      }
      const st = this.statsOf(e.mq.topic);
      st.pullRt.add(wall, 1, PULL_RT_MS / this.clock.timeScale);
      if (r.count > 0) st.pull.add(wall, r.count);
      switch (r.code) {
        case ResponseCode.SUCCESS: {
          if (pq.cachedCount === 0) e.orderly.availableSince = now;
          pq.put(r.from, r.from + r.count);
          if (lite) this.liteCache.push({ key: mqKey(e.mq), from: r.from, to: r.from + r.count, availableAt: now });
          else if (this.config.kind === "push") for (let o = r.from; o < r.from + r.count; o++) this.tasks.push({ pq, offset: o, availableAt: now, startedAt: now });
          pq.nextOffset = r.nextBeginOffset;
          break;
        }
        case ResponseCode.PULL_NOT_FOUND:
          pq.nextOffset = r.nextBeginOffset;
          // correctTagsOffset: nothing cached, so the offset may move to where the pull stands.
          if (pq.cachedCount === 0 && !lite) this.updateOffset(e.mq, r.nextBeginOffset, true);
          pq.parkedAt = now;
          pq.nextPullAt = now;
          return;
        case ResponseCode.PULL_OFFSET_MOVED:
          pq.nextOffset = r.nextBeginOffset;
          this.offsetMoved(e, r.nextBeginOffset);
          return;
        default:
          pq.nextPullAt = now + DELAY_WHEN_EXCEPTION;
          return;
      }
    }
    pq.nextPullAt = now + PULL_RT_MS;
  }

  private consumeDuration(mq: MessageQueue, offset: number): number {
    const key = `${mqKey(mq)}|${offset}`;
    for (const s of this.config.stuck) {
      if (s.topic === mq.topic && s.brokerName === mq.brokerName && s.queueId === mq.queueId && s.offset === offset) {
        if ((s.clientIndex === undefined || s.clientIndex === this.config.clientIndex) && !this.stuckSeen.has(key)) {
          this.stuckSeen.add(key);
          return s.durationMs;
        }
      }
    }
    const h = hash32(this.config.seed, this.group, mq.topic, mq.brokerName, mq.queueId, offset);
    const h2 = hash32(h, "u2");
    return Math.max(0.05, logNormal(this.config.consumeMs.median, this.config.consumeMs.sigma, unitOf(h) || 1e-9, unitOf(h2)));
  }

  private fails(mq: MessageQueue, offset: number): boolean {
    if (this.config.failureRate <= 0 || isRetryTopic(mq.topic)) return false;
    return unitOf(hash32(this.config.seed, "fail", this.group, mq.topic, mq.brokerName, mq.queueId, offset)) < this.config.failureRate;
  }

  private record(mq: MessageQueue, offset: number, ok: boolean, durationMs: number): void {
    const wall = this.clock.wallNow();
    const b = this.env.broker(mq.brokerName);
    const storeTimestamp = b?.store.timestampAt(mq.topic, mq.queueId, offset) ?? -1;
    const origin = isRetryTopic(mq.topic) ? b?.retryOrigin(mq.topic, offset) : undefined;
    const st = this.statsOf(mq.topic);
    (ok ? st.ok : st.failed).add(wall, 1, durationMs / this.clock.timeScale);
    this.env.record({
      group: this.group,
      clientId: this.clientId,
      topic: mq.topic,
      brokerName: mq.brokerName,
      queueId: mq.queueId,
      offset,
      storeTimestamp,
      reconsumeTimes: origin?.reconsumeTimes ?? 0,
      consumedAt: wall,
      ok,
    });
  }

  private consumeConcurrently(now: number): void {
    for (;;) {
      let best: Thread | undefined;
      let bestTime = Infinity;
      const head = this.nextTask();
      for (const t of this.threads) {
        const time = t.task ? t.finishAt : head ? Math.max(t.freeAt, head.availableAt) : Infinity;
        if (time <= now && time < bestTime) {
          best = t;
          bestTime = time;
        }
      }
      if (!best) break;
      if (best.task) {
        const task = best.task;
        best.task = undefined;
        best.freeAt = best.finishAt;
        this.completeConcurrent(task, best.finishAt);
      } else if (head) {
        this.taskHead++;
        const start = Math.max(best.freeAt, head.availableAt);
        const d = this.consumeDuration(head.pq.mq, head.offset);
        head.startedAt = start;
        best.task = head;
        best.finishAt = start + d;
        best.freeAt = start;
      }
    }
    if (this.taskHead > 4096 && this.taskHead * 2 > this.tasks.length) {
      this.tasks = this.tasks.slice(this.taskHead);
      this.taskHead = 0;
    }
  }

  /** The next runnable task (tasks of dropped queues are discarded, as ConsumeRequest.run does). */
  private nextTask(): Task | undefined {
    while (this.taskHead < this.tasks.length) {
      const t = this.tasks[this.taskHead] as Task;
      if (!t.pq.dropped) return t;
      this.taskHead++;
    }
    return undefined;
  }

  private completeConcurrent(task: Task, finishAt: number): void {
    const pq = task.pq;
    if (pq.dropped) return;
    const duration = finishAt - task.startedAt;
    const mq = pq.mq;
    const failed = this.fails(mq, task.offset);
    this.record(mq, task.offset, !failed, duration);
    if (failed && this.clustering) {
      const origin = isRetryTopic(mq.topic) ? this.env.broker(mq.brokerName)?.retryOrigin(mq.topic, task.offset) : undefined;
      this.tryBroker(mq.brokerName, (b) => b.sendMessageBack(this.group, { topic: mq.topic, queueId: mq.queueId, offset: task.offset }, origin?.reconsumeTimes ?? 0));
    }
    const offset = pq.removeMessage(task.offset, this.clock.wallNow());
    if (offset >= 0 && !pq.dropped) this.updateOffset(mq, offset, true);
  }

  private consumeOrderly(e: Entry, now: number): void {
    const pq = e.pq;
    if (pq.dropped) return;
    const st = e.orderly;
    for (;;) {
      if (st.current) {
        if (st.current.finishAt > now) return;
        const { offset, finishAt } = st.current;
        st.current = undefined;
        st.busyUntil = finishAt;
        this.record(pq.mq, offset, true, 0);
        const commit = pq.commit();
        if (commit >= 0 && !pq.dropped) this.updateOffset(pq.mq, commit, false);
        continue;
      }
      const lockOk = !this.clustering || (pq.locked && now - pq.lastLockSim <= CLIENT_LOCK_TTL);
      if (!lockOk || pq.cachedCount === 0) return;
      const start = Math.max(st.busyUntil, st.availableSince);
      if (start > now) return;
      const offset = pq.takeMessage(this.clock.wallNow());
      if (offset === undefined) return;
      st.current = { offset, finishAt: start + this.consumeDuration(pq.mq, offset) };
    }
  }

  /** The lite-pull application loop: poll a batch, process it, commitSync. */
  private litePoll(now: number): void {
    for (;;) {
      if (this.liteBusy) {
        if (this.liteBusy.finishAt > now) return;
        const busy = this.liteBusy;
        this.liteBusy = undefined;
        const e = this.table.get(busy.key);
        for (const o of busy.offsets) if (e) this.record(e.mq, o, true, 0);
        // commitSync: every assigned queue's consumed offset goes to the store and the broker.
        for (const [k, off] of this.liteConsumeOffset) {
          const entry = this.table.get(k);
          if (!entry) continue;
          this.updateOffset(entry.mq, off, false);
          this.persist(entry.mq);
        }
        continue;
      }
      const batch = this.liteCache.find((c) => c.availableAt <= now);
      if (!batch) return;
      this.liteCache.splice(this.liteCache.indexOf(batch), 1);
      const e = this.table.get(batch.key);
      if (!e || e.pq.dropped) continue;
      const offsets: number[] = [];
      let consumeOffset = -1;
      const wall = this.clock.wallNow();
      for (let o = batch.from; o < batch.to; o++) {
        offsets.push(o);
        consumeOffset = e.pq.removeMessage(o, wall);
      }
      if (consumeOffset >= 0) this.liteConsumeOffset.set(batch.key, consumeOffset);
      let d = 0;
      for (const o of offsets) d += this.consumeDuration(e.mq, o);
      this.liteBusy = { key: batch.key, offsets, finishAt: Math.max(now, batch.availableAt) + d };
    }
  }

  /** Periodic persistence for broadcasting clients is local; this also runs at shutdown. */
  get startedAtSim(): number {
    return this.startSim;
  }

  // ---- broker-initiated requests (ClientRemotingProcessor) --------------------------------------

  handleBrokerRequest(req: RemotingCommand): RemotingCommand {
    switch (req.code) {
      case RequestCode.GET_CONSUMER_RUNNING_INFO: {
        if (req.extFields.consumerGroup !== this.group) {
          return createResponse(req, ResponseCode.SYSTEM_ERROR, { remark: `The Consumer Group <${req.extFields.consumerGroup ?? ""}> not exist in this consumer` });
        }
        const jstack = req.extFields.jstackEnable === "true" ? this.jstack() : undefined;
        return createResponse(req, ResponseCode.SUCCESS, { remark: "not set any response code", body: this.runningInfo(jstack) });
      }
      case RequestCode.RESET_CONSUMER_CLIENT_OFFSET:
        this.onResetOffset(req);
        // Oneway: the broker drops whatever comes back (a Java client sends nothing).
        return createResponse(req, ResponseCode.SUCCESS);
      case RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT: {
        const topic = req.extFields.topic ?? "";
        const offsets: Array<[MessageQueue, number]> = [];
        if (this.config.kind !== "litepull") for (const v of this.offsetStore.values()) if (v.mq.topic === topic) offsets.push([v.mq, v.offset]);
        return createResponse(req, ResponseCode.SUCCESS, { remark: "not set any response code", body: consumerStatusBody(offsets) });
      }
      default:
        return createResponse(req, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: ` request type ${req.code} not supported` });
    }
  }

  /**
   * ClientRemotingProcessor.resetOffset -> MQClientInstance.resetOffset. Only push consumers act
   * ("consumer does not exist" for a lite pull one); a body that is not a ResetOffsetBody (the CPP
   * form) fails to decode and the request is dropped, as the Java client's decode would throw.
   */
  private onResetOffset(req: RemotingCommand): void {
    if (!this.started || this.config.kind === "litepull") return;
    if (req.extFields.group !== this.group) return;
    const topic = req.extFields.topic ?? "";
    const offsets = new Map<string, number>();
    if (req.body && req.body.length > 0) {
      try {
        const table = getField(parseFastjson(req.body), "offsetTable");
        for (const { mq, value } of readMessageQueueMap(table ?? {}, (v) => asBigInt(v, "offset"))) offsets.set(mqKey(mq), Number(value));
      } catch {
        return;
      }
    }
    this.waitingResets.push({ topic, offsets });
    if (!this.activeReset) this.beginReset(this.clock.simNow());
  }

  /** suspend(); drop and clear the ProcessQueues of the table's queues; sleep 10 s. */
  private beginReset(now: number): void {
    const next = this.waitingResets.shift();
    if (!next) return;
    this.paused = true;
    for (const e of this.table.values()) {
      if (e.mq.topic !== next.topic || !next.offsets.has(mqKey(e.mq))) continue;
      e.pq.dropped = true;
      // ProcessQueue.clear()
      e.pq.msgs.clear();
      e.pq.consuming.clear();
      e.pq.msgSizeBytes = 0;
      e.pq.queueOffsetMax = 0;
      this.releaseThreads(e.pq);
    }
    this.activeReset = { ...next, applyAt: now + RESET_SLEEP_MS };
  }

  /**
   * After the sleep: for each queue of the table still in the ProcessQueue table, updateConsumeOffset
   * (not increase-only), removeUnnecessaryMessageQueue (persists it now, forgets it) and remove it; then
   * resume(), whose rebalance re-adds the queues from the store. A waiting 220 starts next.
   */
  private finishReset(): void {
    const reset = this.activeReset;
    if (!reset) return;
    const sim = this.clock.simNow();
    for (const [k, e] of [...this.table]) {
      const offset = reset.offsets.get(k);
      if (e.mq.topic !== reset.topic || offset === undefined) continue;
      this.updateOffset(e.mq, offset, false);
      this.removeUnnecessary(e, sim);
      this.table.delete(k);
    }
    this.activeReset = undefined;
    this.paused = false;
    this.rebalance();
    if (this.waitingResets.length > 0) this.beginReset(sim);
  }

  private facts(): PropertyFacts {
    return {
      group: this.group,
      instanceName: this.config.instanceName,
      clientIp: this.config.clientIp,
      namesrvAddr: this.env.namesrvAddr(),
      messageModel: this.config.messageModel,
      consumeFromWhere: this.config.consumeFromWhere,
      consumeTimestamp: this.config.consumeTimestamp ?? this.startTimestamp - 30 * 60_000,
      startTimestamp: this.startTimestamp,
      hash: (label) => (hash32(this.config.seed, this.clientId, label) >>> 4).toString(16),
    };
  }

  private jstack(): string {
    const lines = [`"ConsumeMessageThread_${this.group}_1" Id=42 WAITING`, `    at java.base@17/jdk.internal.misc.Unsafe.park(Native Method)`];
    return lines.join("\n");
  }

  runningInfo(jstack?: string): Buffer {
    const props =
      this.config.kind === "litepull"
        ? litePullConsumerProperties(this.facts(), { pullBatchSize: PULL_BATCH_LITE, pullThresholdForQueue: PULL_THRESHOLD_FOR_QUEUE })
        : pushConsumerProperties(this.facts(), {
            orderly: this.config.kind === "orderly",
            threads: Math.max(1, this.config.threads),
            pullBatchSize: PULL_BATCH_PUSH,
            pullThresholdForQueue: PULL_THRESHOLD_FOR_QUEUE,
            persistIntervalMs: PERSIST_INTERVAL,
            broadcasting: !this.clustering,
          });
    const mqTable: Array<[MessageQueue, ReturnType<ProcessQueue["info"]>]> = [];
    for (const e of this.table.values()) {
      // commitOffset = readOffset(MEMORY_FIRST_THEN_STORE)
      let commit = this.readMemory(e.mq);
      if (commit < 0 && this.clustering) commit = this.tryBroker(e.mq.brokerName, (b) => b.queryConsumerOffset(this.group, e.mq.topic, e.mq.queueId)) ?? -1;
      mqTable.push([e.mq, e.pq.info(commit)]);
    }
    const wall = this.clock.wallNow();
    const statusTable: Array<[string, ConsumeStatus]> = [];
    if (this.config.kind !== "litepull") {
      for (const topic of this.subscriptions.keys()) {
        const s = this.statsOf(topic);
        statusTable.push([
          topic,
          {
            pullRT: s.pullRt.average(wall, 60_000),
            pullTPS: s.pull.rate(wall, 60_000),
            consumeRT: s.ok.average(wall, 60_000),
            consumeOKTPS: s.ok.rate(wall, 60_000),
            consumeFailedTPS: s.failed.rate(wall, 60_000),
            consumeFailedMsgs: s.failed.count(wall, 599_000),
          },
        ]);
      }
    }
    return runningInfoBody({ properties: props, subscriptions: [...this.subscriptions.values()], mqTable, statusTable, jstack });
  }

  // ---- inspection (tests, scenario listing) -----------------------------------------------------

  /** The queues this client holds, with its own offsets (local store for broadcasting). */
  inspect(): Array<{ mq: MessageQueue; commitOffset: number; cached: number; locked: boolean; dropped: boolean; tryUnlockTimes: number }> {
    return [...this.table.values()]
      .map((e) => ({ mq: e.mq, commitOffset: this.readMemory(e.mq), cached: e.pq.cachedCount, locked: e.pq.locked, dropped: e.pq.dropped, tryUnlockTimes: e.pq.tryUnlockTimes }))
      .sort((a, b) => compareMq(a.mq, b.mq));
  }
}

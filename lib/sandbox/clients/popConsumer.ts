/**
 * A simulated gRPC consumer of rocketmq-client-java 5.x connected through the proxy, consuming by POP
 * (e2e/rocketmq/POP-FACTS.md has what the real 5.3.3 broker and proxy do; this follows it):
 * - SimpleConsumer ("grpc-simple"): receive(16 messages, invisibleDuration) from any queue of its
 *   topics, process each on `threads` workers, ack when done; a share (`skipRate`) is never acked and
 *   comes back after the invisible time from %RETRY%<group>_<topic>.
 * - PushConsumer ("grpc-push"): the same POP underneath with the proxy's 60 s invisible time (renewed
 *   while the message is processed, so only failures come back); a failed consume (`failureRate`) is
 *   nacked: the message becomes visible again after a backoff and is revived into the retry topic.
 * The broker commits the group's offset at pop, so its lag is "not yet delivered"; what is delivered
 * but unacknowledged is known here (`inflight()`) and nowhere in the admin API.
 * The client registers with the proxy (never with a broker): brokers answer 203 "not online".
 */
import type { Broker, PoppedMessage } from "../broker";
import { popRetryTopicOf } from "../broker";
import type { Clock } from "../clock";
import type { Proxy } from "../proxy";
import { hash32, logNormal, unitOf } from "../rng";
import type { ConsumedRecord, QueueRoute } from "../types";

export type PopConsumerKind = "grpc-simple" | "grpc-push";

export interface PopConsumerConfig {
  group: string;
  kind: PopConsumerKind;
  topics: string[];
  threads: number;
  consumeMs: { median: number; sigma: number };
  /** Simple: share of deliveries the application never acks (they come back after `invisibleMs`). */
  skipRate: number;
  /** Push: share of first deliveries whose consume fails (nack, back after a backoff). */
  failureRate: number;
  /** Simple: the invisible duration of receive() (sim ms). */
  invisibleMs: number;
  clientIndex: number;
  /** Whole brokers assigned to this push client (all when undefined); Simple pops every queue. */
  brokers?: string[];
  clientIp: string;
  seed: number;
}

export interface PopClientEnv {
  clock: Clock;
  broker(name: string): Broker | undefined;
  route(topic: string): QueueRoute[];
  record(r: ConsumedRecord): void;
  proxy(): Proxy | undefined;
}

/** The proxy's defaultInvisibleTimeMills for push consumers (renewed while consuming). */
const PUSH_INVISIBLE_MS = 60_000;
/** Push consumer nack backoff: 1 s, 2 s, 4 s ... up to 60 s. */
const nackBackoff = (attempt: number) => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
const RECEIVE_BATCH = 16;
/** Pops per tick when the buffer has room (the client's receive loop / push long polling). */
const POPS_PER_TICK = 4;

interface Buffered {
  brokerName: string;
  msg: PoppedMessage;
}

interface Worker {
  task: Buffered | undefined;
  finishAt: number;
}

export class SimPopConsumer {
  readonly clientId: string;
  private started = false;
  private buffer: Buffered[] = [];
  private readonly workers: Worker[];
  private rr = 0;
  private readonly clientAddr: string;
  private deliveries = 0;

  constructor(
    readonly config: PopConsumerConfig,
    private readonly env: PopClientEnv,
  ) {
    const h = hash32(config.seed, config.group, config.clientIndex);
    this.clientId = `${config.clientIp.replace(/\./g, "-")}@${1000 + (h % 60000)}@${config.clientIndex}@${(h >>> 0).toString(36).padStart(7, "0").slice(0, 9)}`;
    this.clientAddr = `${config.clientIp}:${30000 + (h % 30000)}`;
    this.workers = Array.from({ length: Math.max(1, config.threads) }, () => ({ task: undefined, finishAt: 0 }));
  }

  get group(): string {
    return this.config.group;
  }

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const wall = this.env.clock.wallNow();
    this.env.proxy()?.register({
      group: this.group,
      clientId: this.clientId,
      clientAddr: this.clientAddr,
      consumeType: this.config.kind === "grpc-simple" ? "CONSUME_ACTIVELY" : "CONSUME_PASSIVELY",
      subscriptions: this.config.topics.map((topic) => ({ topic, subString: "*", tags: [], subVersion: wall })),
    });
  }

  /** Shutdown: unacked and buffered messages are simply not acked; the broker revives them later. */
  shutdown(): void {
    if (!this.started) return;
    this.started = false;
    this.buffer = [];
    for (const w of this.workers) w.task = undefined;
    this.env.proxy()?.unregister(this.group, this.clientId);
  }

  /** Delivered to this client and not yet acknowledged (buffered + being consumed). */
  inflight(): number {
    return this.buffer.length + this.workers.filter((w) => w.task).length;
  }

  /** Total messages delivered (first deliveries and redeliveries). */
  get delivered(): number {
    return this.deliveries;
  }

  private queues(): Array<{ brokerName: string; topic: string; queueId: number }> {
    const out: Array<{ brokerName: string; topic: string; queueId: number }> = [];
    for (const topic of this.config.topics) {
      for (const r of this.env.route(topic)) {
        if (this.config.brokers && !this.config.brokers.includes(r.brokerName)) continue;
        for (let q = 0; q < r.readQueueNums; q++) out.push({ brokerName: r.brokerName, topic, queueId: q });
        // the group's POP retry topic on that broker, once something was revived there
        const retry = popRetryTopicOf(this.group, topic);
        if (this.env.broker(r.brokerName)?.topics.has(retry)) out.push({ brokerName: r.brokerName, topic: retry, queueId: 0 });
      }
    }
    return out;
  }

  tick(now: number): void {
    if (!this.started) return;
    this.consume(now);
    const room = this.workers.length * 2;
    const queues = this.queues();
    for (let i = 0; i < POPS_PER_TICK && this.buffer.length < room && queues.length > 0; i++) {
      // one receive: try the queues round robin until one has messages
      for (let tries = 0; tries < queues.length; tries++) {
        const q = queues[this.rr++ % queues.length]!;
        const broker = this.env.broker(q.brokerName);
        if (!broker || broker.reachability !== "up") continue;
        const invisible = this.config.kind === "grpc-simple" ? this.config.invisibleMs : PUSH_INVISIBLE_MS;
        const got = broker.pop(this.group, q.topic, q.queueId, RECEIVE_BATCH, invisible);
        if (got.length === 0) continue;
        this.deliveries += got.length;
        for (const msg of got) this.buffer.push({ brokerName: q.brokerName, msg });
        break;
      }
    }
    this.consume(now);
  }

  private duration(b: Buffered): number {
    const h = hash32(this.config.seed, this.group, b.msg.topic, b.brokerName, b.msg.queueId, b.msg.offset);
    return Math.max(0.05, logNormal(this.config.consumeMs.median, this.config.consumeMs.sigma, unitOf(h) || 1e-9, unitOf(hash32(h, "u2"))));
  }

  private consume(now: number): void {
    for (const w of this.workers) {
      for (;;) {
        if (w.task && w.finishAt <= now) {
          this.finish(w.task);
          w.task = undefined;
        }
        if (w.task || this.buffer.length === 0) break;
        w.task = this.buffer.shift()!;
        w.finishAt = Math.max(w.finishAt, now) + this.duration(w.task);
        if (w.finishAt > now) break;
      }
    }
  }

  private finish(b: Buffered): void {
    const { msg } = b;
    const target = this.env.broker(b.brokerName);
    // an ack or nack to a broker that went away is lost: the message comes back after its invisible time
    const broker = target && target.reachability === "up" ? target : undefined;
    const roll = unitOf(hash32(this.config.seed, "pop", this.group, msg.origin.topic, b.brokerName, msg.origin.queueId, msg.origin.offset, msg.reconsumeTimes));
    let ok = true;
    if (this.config.kind === "grpc-simple") {
      // the application decides not to ack (first delivery only): back after the invisible time
      if (msg.reconsumeTimes === 0 && roll < this.config.skipRate) ok = false;
      else broker?.ack(this.group, msg.topic, msg.queueId, msg.offset);
    } else if (msg.reconsumeTimes === 0 && roll < this.config.failureRate) {
      ok = false;
      broker?.changeInvisible(this.group, msg.topic, msg.queueId, msg.offset, nackBackoff(msg.reconsumeTimes + 1));
    } else broker?.ack(this.group, msg.topic, msg.queueId, msg.offset);
    this.env.record({
      group: this.group,
      clientId: this.clientId,
      topic: msg.topic,
      brokerName: b.brokerName,
      queueId: msg.queueId,
      offset: msg.offset,
      storeTimestamp: msg.storeTimestamp,
      reconsumeTimes: msg.reconsumeTimes,
      consumedAt: this.env.clock.wallNow(),
      ok,
    });
  }
}

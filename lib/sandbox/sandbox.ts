/**
 * The sandbox cluster: a NameServer and two brokers on loopback speaking the remoting protocol, a
 * scenario's producers and simulated consumers, one simulation loop, and offset persistence.
 *
 * Time: in "real" mode a timer steps the simulation every `tickMs` real ms, with simulated time
 * running `timeScale` times faster (message store times stay wall-clock). In "manual" mode nothing
 * moves until `advance(ms)` (deterministic tests; timestamps then follow simulated time).
 */
import path from "node:path";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import { compareMq } from "../rocketmq/protocol/messageQueue";
import { Broker, defaultGroupConfig, type ResetPathMode, type TopicMeta } from "./broker";
import { SimConsumer, type ClientEnv, type ConsumerKind, type StuckMessage } from "./clients/consumer";
import { SimPopConsumer, type PopClientEnv } from "./clients/popConsumer";
import { ManualClock, RealClock, type Clock } from "./clock";
import { NameServer } from "./nameserver";
import type { Reachability } from "./remotingServer";
import { hash32, Rng } from "./rng";
import { Proxy } from "./proxy";
import { buildScenario, isPopKind, SCENARIO_NAMES, type GroupSpec, type IntendedStatus, type ScenarioName, type ScenarioSpec, type TopicSpec } from "./scenarios";
import { retryTopicOf, type ConsumedRecord, type ConsumeFromWhere, type QueueRoute } from "./types";

export interface SandboxOptions {
  /** A named scenario or a custom spec (default "demo"). */
  scenario?: ScenarioName | ScenarioSpec;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** Simulated seconds per real second (default 1). Ignored in manual mode. */
  timeScale?: number;
  /** "real" (default) runs by itself; "manual" moves only through advance(). */
  clock?: "real" | "manual";
  /** Manual mode: the wall-clock time the sandbox starts at (default now), for fully reproducible timestamps. */
  startTime?: number;
  /** Real milliseconds between simulation steps in real mode (default 50). */
  tickMs?: number;
  /** 0 = ephemeral (default). */
  namesrvPort?: number;
  /** Ports of broker-a and broker-b; 0 = ephemeral (default). */
  brokerPorts?: readonly number[];
  /** Broker names (default ["broker-a", "broker-b"]). */
  brokerNames?: readonly string[];
  clusterName?: string;
  /** Offsets are persisted to <dataDir>/<broker>/config/consumerOffset.json every 5 s and loaded at start. */
  dataDir?: string;
  /** large scenario: number of groups. */
  groups?: number;
  /** large scenario: queues per topic over the whole cluster. */
  queues?: number;
  /** Consumed records kept for tests (default 50,000, the newest; 0 = none). */
  recordConsumed?: number;
  /** Overrides the scenario's per-queue timestamp capacity. */
  capacity?: number;
  /** Overrides the scenario's time retention. */
  retainMs?: number;
  /**
   * How every broker answers INVOKE_BROKER_TO_RESET_OFFSET (222): "server-side" (default; 5.1+ with
   * useServerSideResetOffset=true) or "legacy" (Broker2Client.resetOffset: every queue by timestamp,
   * pushed to online push consumers with 220, CONSUMER_NOT_ONLINE when none). GET_BROKER_CONFIG (26)
   * reports it as useServerSideResetOffset (absent before V5_1_0).
   */
  resetPath?: ResetPathMode;
  /**
   * What the brokers claim to be (default "V5_3_3"): brokerVersionDesc / brokerVersion in 28, the keys
   * of 26, reply headers. One of BROKER_VERSIONS (V4_9_4, V4_9_7, V4_9_8, V5_0_0, V5_1_0, V5_1_4,
   * V5_2_0, V5_3_1, V5_3_3); versions before V5_1_0 need resetPath "legacy". Behaviour otherwise
   * stays 5.3.3's.
   */
  brokerVersion?: string;
}

export interface BrokerInfo {
  name: string;
  addr: string;
}

export interface ScenarioGroupInfo {
  name: string;
  kind: GroupSpec["kind"];
  topics: string[];
  clients: number;
  description: string;
  intended: IntendedStatus;
  /** Absolute offsets of the scripted slow messages. */
  stuck: StuckMessage[];
  lockTakeover?: { topic: string; brokerName: string; queueId: number; holder: string; atMs: number };
}

export interface QueueState {
  mq: MessageQueue;
  brokerOffset: number;
  minOffset: number;
  /** The committed offset, -1 when none. */
  committed: number;
  /** What GET_CONSUME_STATS reports (consumerOffset -1 as 0; pending reset offset first). */
  consumerOffset: number;
  pullOffset: number;
  lastTimestamp: number;
  resetPending: boolean;
}

export interface ClientState {
  group: string;
  clientId: string;
  kind: ConsumerKind;
  queues: ReturnType<SimConsumer["inspect"]>;
}

export interface PopClientState {
  group: string;
  clientId: string;
  kind: "grpc-simple" | "grpc-push";
  /** Delivered to the client and not acknowledged yet (what no admin request reports). */
  inflight: number;
  delivered: number;
}

export interface Sandbox {
  readonly namesrvAddr: string;
  /** The 5.x proxy's remoting address (gRPC clients connect there; it is not in the NameServer). */
  readonly proxyAddr: string;
  readonly brokers: readonly BrokerInfo[];
  readonly scenario: ScenarioSpec;
  readonly seed: number;
  /** Wall time as message store times see it (ms). */
  now(): number;
  /** Simulated time (ms). */
  simNow(): number;
  /** Manual mode: runs the simulation forward by `ms` of simulated time. */
  advance(ms: number): Promise<void>;
  /** "refuse" closes the listener (ECONNREFUSED); "blackhole" accepts and never answers. */
  setBrokerReachable(name: string, reachable: boolean, mode?: Exclude<Reachability, "up">): Promise<void>;
  pauseProducers(): void;
  resumeProducers(): void;
  readonly producersPaused: boolean;
  /** Starts or stops every client of a group. */
  setGroupOnline(group: string, online: boolean): void;
  /** What the simulated consumers processed (newest last), optionally filtered. */
  consumed(filter?: Partial<Pick<ConsumedRecord, "group" | "topic" | "brokerName" | "queueId" | "clientId">>): ConsumedRecord[];
  clearConsumed(): void;
  /** The scenario's groups and what each is meant to show. */
  scenarioGroups(): ScenarioGroupInfo[];
  /** The brokers' own view of a group's queues (every topic it has offsets for). */
  queueStates(group: string): QueueState[];
  /** Online simulated clients and the queues they hold. */
  clientStates(group?: string): ClientState[];
  /** Online gRPC (POP) clients and what they hold unacknowledged. */
  popClientStates(group?: string): PopClientState[];
  /** Popped and not acknowledged per the brokers' checkpoints (buffered in clients, being consumed, or left unacked). */
  popCheckpoints(group: string): number;
  /** Internal access for tests. */
  broker(name: string): Broker;
  /** Writes consumerOffset.json of every broker now. */
  persistNow(): void;
  stop(): Promise<void>;
}

const DEFAULT_BROKERS = ["broker-a", "broker-b"] as const;
const PERSIST_EVERY_SIM = 5_000;
const PERSIST_MIN_REAL = 1_000;
const STORE_CHECKPOINT_EVERY_SIM = 60_000;
const MANUAL_STEP = 50;

interface Producer {
  spec: TopicSpec;
  acc: number;
  rr: number;
}

/** A group's simulated clients (remoting or gRPC) with their scripted join and leave times. */
interface Lifecycle {
  clients: ReadonlyArray<{ readonly isStarted: boolean; start(): void; shutdown(): void }>;
  joinAt: number[];
  leaveAt: number | undefined;
}

/** Starts the clients whose join time has come (unless the group has left) and stops all at the leave time. */
function stepLifecycle(g: Lifecycle, now: number): void {
  g.clients.forEach((c, i) => {
    if (!c.isStarted && (g.joinAt[i] as number) <= now && (g.leaveAt === undefined || now < g.leaveAt)) {
      c.start();
      g.joinAt[i] = Infinity;
    }
  });
  if (g.leaveAt !== undefined && now >= g.leaveAt) {
    for (const c of g.clients) c.shutdown();
    g.leaveAt = undefined;
    g.joinAt = g.joinAt.map(() => Infinity);
  }
}

/** setGroupOnline: every client up (no scripted leave any more) or down (no scripted joins any more). */
function setLifecycleOnline(g: Lifecycle, online: boolean): void {
  if (online) {
    g.leaveAt = undefined;
    for (const c of g.clients) c.start();
  } else {
    g.joinAt = g.joinAt.map(() => Infinity);
    for (const c of g.clients) c.shutdown();
  }
}

interface PopGroupRuntime {
  spec: GroupSpec;
  clients: SimPopConsumer[];
  joinAt: number[];
  leaveAt: number | undefined;
}

interface GroupRuntime {
  spec: GroupSpec;
  clients: SimConsumer[];
  joinAt: number[];
  leaveAt: number | undefined;
  takeoverAt: number | undefined;
  stuck: StuckMessage[];
}

class SandboxCluster implements Sandbox {
  readonly clock: Clock;
  readonly scenario: ScenarioSpec;
  readonly seed: number;
  private readonly brokerList: Broker[];
  private readonly brokerMap = new Map<string, Broker>();
  private readonly namesrv: NameServer;
  private readonly groups = new Map<string, GroupRuntime>();
  private readonly popGroups = new Map<string, PopGroupRuntime>();
  private readonly proxy: Proxy;
  private readonly popEnv: PopClientEnv;
  private readonly topicMeta = new Map<string, TopicMeta>();
  private producers: Producer[] = [];
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private lastSim: number;
  private lastWall: number;
  private readonly startSim: number;
  private nextPersistSim: number;
  private lastPersistReal = 0;
  private nextCheckpointSim: number;
  private nextExpireSim: number;
  private nextStaticMoveSim: number;
  private readonly records: ConsumedRecord[] = [];
  private recordHead = 0;
  private readonly recordMax: number;
  private readonly rng: Rng;
  private stopped = false;
  private stepping = false;
  private readonly env: ClientEnv;
  private readonly staticGroups: GroupSpec[] = [];

  constructor(
    private readonly options: SandboxOptions,
    clock: Clock,
  ) {
    this.clock = clock;
    this.seed = options.seed ?? 1;
    this.rng = new Rng(this.seed);
    const names = options.brokerNames ?? DEFAULT_BROKERS;
    const scenario =
      typeof options.scenario === "object"
        ? options.scenario
        : buildScenario(options.scenario ?? "demo", { seed: this.seed, groups: options.groups, queues: options.queues, brokerNames: names });
    this.scenario = scenario;
    this.recordMax = options.recordConsumed ?? 50_000;
    const ports = options.brokerPorts ?? [];
    this.brokerList = names.map(
      (name, i) =>
        new Broker({
          brokerName: name,
          clusterName: options.clusterName ?? "DefaultCluster",
          port: ports[i] ?? 0,
          clock,
          capacity: options.capacity ?? scenario.capacity ?? 65_536,
          retainMs: options.retainMs ?? scenario.retainMs,
          storeDir: options.dataDir ? path.join(options.dataDir, name) : undefined,
          namesrvAddr: () => this.namesrvAddr,
          topicMeta: (t) => this.topicMeta.get(t) ?? { keyPrefix: "msg", tags: [] },
          resetPath: options.resetPath,
          brokerVersion: options.brokerVersion,
        }),
    );
    for (const b of this.brokerList) this.brokerMap.set(b.brokerName, b);
    this.namesrv = new NameServer(() => this.brokerList, options.namesrvPort ?? 0);
    this.proxy = new Proxy();
    this.startSim = clock.simNow();
    this.lastSim = this.startSim;
    this.lastWall = clock.wallNow();
    this.nextPersistSim = this.startSim + PERSIST_EVERY_SIM;
    this.nextCheckpointSim = this.startSim + STORE_CHECKPOINT_EVERY_SIM;
    this.nextExpireSim = this.startSim + 1_000;
    this.nextStaticMoveSim = this.startSim + (scenario.staticMoves?.everyMs ?? Infinity);
    this.env = {
      clock,
      namesrvAddr: () => this.namesrvAddr,
      broker: (name) => this.brokerMap.get(name),
      route: (topic) => this.route(topic),
      record: (r) => this.record(r),
      notifyGroupChanged: (group) => {
        for (const c of this.groups.get(group)?.clients ?? []) c.requestRebalance();
      },
    };
    this.popEnv = {
      clock,
      broker: (name) => this.brokerMap.get(name),
      route: (topic) => this.route(topic),
      record: (r) => this.record(r),
      proxy: () => this.proxy,
    };
  }

  get proxyAddr(): string {
    return this.proxy.address;
  }

  get namesrvAddr(): string {
    return this.namesrv.address;
  }

  get brokers(): BrokerInfo[] {
    return this.brokerList.map((b) => ({ name: b.brokerName, addr: b.address }));
  }

  get producersPaused(): boolean {
    return this.paused;
  }

  now(): number {
    return this.clock.wallNow();
  }

  simNow(): number {
    return this.clock.simNow();
  }

  private route(topic: string): QueueRoute[] {
    return this.namesrv.route(topic);
  }

  broker(name: string): Broker {
    const b = this.brokerMap.get(name);
    if (!b) throw new Error(`no broker ${name} (have ${[...this.brokerMap.keys()].join(", ")})`);
    return b;
  }

  private brokersOf(t: TopicSpec): Broker[] {
    return t.brokers ? t.brokers.map((n) => this.broker(n)) : this.brokerList;
  }

  // ---- setup -----------------------------------------------------------------------------------

  async start(): Promise<void> {
    for (const b of this.brokerList) await b.server.start();
    await this.namesrv.server.start();
    await this.proxy.server.start();
    this.applyScenario();
    if (!this.clock.manual) {
      const tickMs = this.options.tickMs ?? 50;
      this.timer = setInterval(() => this.step(), tickMs);
      this.timer.unref();
    }
  }

  private applyScenario(): void {
    const s = this.scenario;
    const wall = this.clock.wallNow();
    for (const t of s.topics) {
      this.topicMeta.set(t.name, { keyPrefix: t.keyPrefix ?? t.name, tags: t.tags ?? [] });
      for (const b of this.brokersOf(t)) {
        b.createTopic({ topicName: t.name, readQueueNums: t.queuesPerBroker, writeQueueNums: t.queuesPerBroker, order: t.order ?? false });
        if (!t.history || t.history.messages <= 0) continue;
        for (let q = 0; q < t.queuesPerBroker; q++) {
          const h = hash32(this.seed, t.name, b.brokerName, q);
          const count = Math.max(1, Math.round(t.history.messages * (0.9 + 0.2 * ((h % 1000) / 1000))));
          const start = t.history.startOffset === undefined ? 0 : t.history.startOffset + (h % 97);
          b.store.queue(t.name, q).seedHistory(start + count, count, wall - t.history.spanMs, wall - 1_000 - (h % 500));
        }
      }
      if (t.rate > 0) this.producers.push({ spec: t, acc: 0, rr: hash32(this.seed, t.name) % 64 });
    }
    const restoredQueues = this.brokerList.reduce((n, b) => n + b.loadStore(), 0);
    for (const g of s.groups) {
      const orderly = g.kind === "orderly";
      for (const b of this.brokerList) {
        b.createGroup(defaultGroupConfig(g.name, { consumeMessageOrderly: orderly }));
        // a gRPC client never heartbeats a broker: no %RETRY%<group> (its retries go to %RETRY%<group>_<topic>)
        if (!isPopKind(g.kind)) b.ensureRetryTopic(g.name);
      }
    }
    // Starting offsets, then whatever consumerOffset.json holds on top.
    for (const g of s.groups) {
      if (g.startLag === undefined || g.kind === "broadcast") continue;
      const lag = g.startLag;
      for (const topicName of g.topics) {
        const t = s.topics.find((x) => x.name === topicName);
        if (!t) continue;
        for (const b of this.brokersOf(t)) {
          for (let q = 0; q < t.queuesPerBroker; q++) {
            const log = b.store.queue(t.name, q);
            const jitter = 0.75 + 0.5 * ((hash32(this.seed, g.name, t.name, b.brokerName, q) % 1000) / 1000);
            const behind = Math.round(lag * jitter);
            b.offsets.commit(g.name, t.name, q, Math.max(log.minOffset, log.maxOffset - behind));
          }
        }
      }
      if (g.kind !== "litepull" && !isPopKind(g.kind)) for (const b of this.brokerList) b.offsets.commit(g.name, retryTopicOf(g.name), 0, 0);
    }
    const loaded = this.brokerList.reduce((n, b) => n + b.loadOffsets(), 0);
    if (loaded > 0) this.raiseQueuesToOffsets(restoredQueues > 0);
    // Runtime groups: clients, join/leave times, absolute stuck offsets.
    for (const g of s.groups) {
      if (g.kind === "static") {
        this.staticGroups.push(g);
        continue;
      }
      if (isPopKind(g.kind)) {
        const kind = g.kind;
        const brokers = this.brokerList.map((b) => b.brokerName);
        const clients = Array.from(
          { length: g.clients },
          (_, i) =>
            new SimPopConsumer(
              {
                group: g.name,
                kind,
                topics: g.topics,
                threads: g.threads ?? 8,
                consumeMs: { median: g.consumeMs?.median ?? 5, sigma: g.consumeMs?.sigma ?? 0.3 },
                skipRate: g.skipRate ?? 0,
                failureRate: g.failureRate ?? 0,
                invisibleMs: g.invisibleMs ?? 30_000,
                clientIndex: i,
                // a gRPC push consumer is assigned whole brokers (queueId -1 in its views)
                brokers: kind === "grpc-push" && g.clients > 1 ? brokers.filter((_, j) => j % g.clients === i % brokers.length) : undefined,
                clientIp: `10.0.${1 + (hash32(this.seed, g.name) % 200)}.${10 + i}`,
                seed: this.seed,
              },
              this.popEnv,
            ),
        );
        this.popGroups.set(g.name, {
          spec: g,
          clients,
          joinAt: clients.map((_, i) => this.startSim + (g.joinAtMs?.[i] ?? 0)),
          leaveAt: g.leaveAtMs === undefined ? undefined : this.startSim + g.leaveAtMs,
        });
        continue;
      }
      const stuck: StuckMessage[] = (g.stuck ?? []).map((st) => {
        const topic = st.topic ?? g.topics[0] ?? "";
        const b = this.brokerMap.get(st.brokerName);
        const base = b ? this.startingOffset(b, g, topic, st.queueId) : 0;
        return { topic, brokerName: st.brokerName, queueId: st.queueId, offset: base + (st.afterMessages ?? 0), durationMs: st.durationMs ?? Infinity, clientIndex: st.clientIndex };
      });
      const clients: SimConsumer[] = [];
      for (let i = 0; i < g.clients; i++) {
        const h = hash32(this.seed, g.name, i);
        // Client ids of a group sort by index (same prefix, two-digit last octet), so scenarios can
        // say which half of the queues client 0 gets.
        const ip = `10.0.${1 + (hash32(this.seed, g.name) % 200)}.${10 + i}`;
        const pid = 1000 + (h % 60000);
        const nanos = 100_000_000_000 + (hash32(h, "nanos") % 900_000_000) * 1000;
        const kind: ConsumerKind = g.kind === "orderly" ? "orderly" : g.kind === "litepull" ? "litepull" : "push";
        clients.push(
          new SimConsumer(
            {
              group: g.name,
              kind,
              messageModel: g.kind === "broadcast" ? "BROADCASTING" : "CLUSTERING",
              topics: g.topics,
              consumeFromWhere: g.consumeFromWhere ?? ("CONSUME_FROM_LAST_OFFSET" as ConsumeFromWhere),
              threads: g.threads ?? 20,
              consumeMs: { median: g.consumeMs?.median ?? 5, sigma: g.consumeMs?.sigma ?? 0.3 },
              failureRate: g.failureRate ?? 0,
              stuck,
              clientIndex: i,
              instanceName: `${pid}#${nanos}`,
              clientIp: ip,
              avgMsgBytes: 180,
              seed: this.seed,
            },
            this.env,
          ),
        );
      }
      const takeover = g.lockTakeover;
      this.groups.set(g.name, {
        spec: g,
        clients,
        joinAt: clients.map((_, i) => this.startSim + (g.joinAtMs?.[i] ?? 0)),
        leaveAt: g.leaveAtMs === undefined ? undefined : this.startSim + g.leaveAtMs,
        takeoverAt: takeover ? this.startSim + takeover.atMs : undefined,
        stuck,
      });
    }
  }

  /** Where a group's consumers will start on a queue (its committed offset, else ConsumeFromWhere as the client computes it). */
  private startingOffset(b: Broker, g: GroupSpec, topic: string, queueId: number): number {
    const committed = b.offsets.committed(g.name, topic, queueId);
    if (committed >= 0) return committed;
    const log = b.store.queue(topic, queueId);
    if (log.minOffset <= 0 && log.maxOffset > 0) return 0; // QUERY_CONSUMER_OFFSET's "young queue" answer
    switch (g.consumeFromWhere) {
      case "CONSUME_FROM_FIRST_OFFSET":
        return log.minOffset;
      case "CONSUME_FROM_TIMESTAMP":
        return log.searchOffset(this.clock.wallNow() - 30 * 60_000);
      default:
        return log.maxOffset;
    }
  }

  /**
   * Offsets loaded from consumerOffset.json may lie beyond a queue (no store checkpoint, or an older
   * one): the queue is extended so that no committed offset is past its max offset.
   */
  private raiseQueuesToOffsets(checkpointed: boolean): void {
    const wall = this.clock.wallNow();
    for (const t of this.scenario.topics) {
      for (const b of this.brokersOf(t)) {
        for (let q = 0; q < t.queuesPerBroker; q++) {
          let top = -1;
          for (const g of b.offsets.groupsByTopic(t.name)) top = Math.max(top, b.offsets.committed(g, t.name, q));
          const log = b.store.queue(t.name, q);
          if (top <= log.maxOffset) continue;
          const gap = top - log.maxOffset;
          if (checkpointed && gap <= 100_000) {
            const from = log.lastTimestamp || wall - 60_000;
            for (let i = 1; i <= gap; i++) log.append(from + ((wall - from) * i) / gap);
          } else {
            log.seedHistory(top, Math.max(1, Math.min(top, log.count || (t.history?.messages ?? 1))), wall - (t.history?.spanMs ?? 3_600_000), wall - 1_000);
          }
        }
      }
    }
  }

  // ---- the simulation loop ---------------------------------------------------------------------

  private step(): void {
    if (this.stopped || this.stepping) return;
    this.stepping = true;
    try {
      this.tick(this.clock.simNow(), this.clock.wallNow());
    } finally {
      this.stepping = false;
    }
  }

  private tick(now: number, wall: number): void {
    const dt = Math.max(0, now - this.lastSim);
    // Scripted events and client lifecycles.
    for (const g of this.groups.values()) {
      stepLifecycle(g, now);
      if (g.takeoverAt !== undefined && now >= g.takeoverAt && g.spec.lockTakeover) {
        const t = g.spec.lockTakeover;
        const topic = t.topic ?? g.spec.topics[0] ?? "";
        this.brokerMap.get(t.brokerName)?.pinLock(g.spec.name, { topic, brokerName: t.brokerName, queueId: t.queueId }, t.holder);
        g.takeoverAt = undefined;
      }
    }
    for (const g of this.popGroups.values()) stepLifecycle(g, now);
    if (!this.paused) this.produce(now, dt, wall);
    for (const b of this.brokerList) b.tick(now);
    for (const g of this.groups.values()) for (const c of g.clients) c.tick(now);
    for (const g of this.popGroups.values()) for (const c of g.clients) c.tick(now);
    if (now >= this.nextExpireSim) {
      for (const b of this.brokerList) b.expire();
      this.nextExpireSim = now + 1_000;
    }
    if (now >= this.nextStaticMoveSim) {
      this.moveStaticGroups();
      this.nextStaticMoveSim = now + (this.scenario.staticMoves?.everyMs ?? Infinity);
    }
    if (now >= this.nextPersistSim && (this.clock.manual || Date.now() - this.lastPersistReal >= PERSIST_MIN_REAL)) {
      this.lastPersistReal = Date.now();
      for (const b of this.brokerList) b.persistOffsets();
      this.nextPersistSim = now + PERSIST_EVERY_SIM;
    }
    if (now >= this.nextCheckpointSim) {
      for (const b of this.brokerList) b.persistStore();
      this.nextCheckpointSim = now + STORE_CHECKPOINT_EVERY_SIM;
    }
    this.lastSim = now;
    this.lastWall = wall;
  }

  private produce(now: number, dt: number, wall: number): void {
    const from = this.lastWall;
    for (const p of this.producers) {
      const t = p.spec;
      const factor = t.wave ? 1 + t.wave.amplitude * Math.sin((2 * Math.PI * (now - this.startSim)) / t.wave.periodMs) : 1;
      p.acc += (t.rate * Math.max(0, factor) * dt) / 1000;
      const n = Math.floor(p.acc);
      if (n <= 0) continue;
      p.acc -= n;
      const targets: Array<[Broker, number]> = [];
      for (const b of this.brokersOf(t)) {
        if (b.reachability !== "up") continue;
        const conf = b.topics.get(t.name);
        if (conf) for (let q = 0; q < conf.writeQueueNums; q++) targets.push([b, q]);
      }
      if (targets.length === 0) continue;
      for (let i = 0; i < n; i++) {
        const [b, q] = targets[p.rr++ % targets.length] as [Broker, number];
        b.putMessage(t.name, q, from + ((i + 1) * (wall - from)) / n);
      }
    }
  }

  private moveStaticGroups(): void {
    const share = this.scenario.staticMoves?.share ?? 0;
    const n = Math.ceil(this.staticGroups.length * share);
    const rng = this.rng;
    for (let i = 0; i < n; i++) {
      const g = this.staticGroups[rng.int(0, this.staticGroups.length - 1)];
      if (!g) continue;
      for (const topic of g.topics) {
        for (const b of this.brokerList) {
          const conf = b.topics.get(topic);
          if (!conf) continue;
          for (let q = 0; q < conf.readQueueNums; q++) {
            const cur = b.offsets.committed(g.name, topic, q);
            const max = b.store.maxOffset(topic, q);
            if (cur >= 0 && cur < max) b.offsets.commit(g.name, topic, q, Math.min(max, cur + rng.int(1, 500)));
          }
        }
      }
    }
  }

  private record(r: ConsumedRecord): void {
    if (this.recordMax <= 0) return;
    if (this.records.length < this.recordMax) this.records.push(r);
    else {
      this.records[this.recordHead] = r;
      this.recordHead = (this.recordHead + 1) % this.recordMax;
    }
  }

  // ---- controls --------------------------------------------------------------------------------

  async advance(ms: number): Promise<void> {
    if (!this.clock.manual || !(this.clock instanceof ManualClock)) throw new Error("advance() needs a sandbox started with clock: 'manual'");
    const end = this.clock.simNow() + ms;
    let steps = 0;
    while (this.clock.simNow() < end && !this.stopped) {
      const next = Math.min(end, this.clock.simNow() + MANUAL_STEP);
      this.clock.set(next);
      this.tick(next, this.clock.wallNow());
      if (++steps % 40 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
  }

  async setBrokerReachable(name: string, reachable: boolean, mode: Exclude<Reachability, "up"> = "refuse"): Promise<void> {
    await this.broker(name).server.setReachability(reachable ? "up" : mode);
    if (reachable) for (const g of this.groups.values()) for (const c of g.clients) if (c.isStarted) c.heartbeat();
  }

  pauseProducers(): void {
    this.paused = true;
  }

  resumeProducers(): void {
    this.paused = false;
  }

  setGroupOnline(group: string, online: boolean): void {
    const g = this.popGroups.get(group) ?? this.groups.get(group);
    if (!g) throw new Error(`no simulated clients for group ${group}`);
    setLifecycleOnline(g, online);
  }


  consumed(filter: Partial<Pick<ConsumedRecord, "group" | "topic" | "brokerName" | "queueId" | "clientId">> = {}): ConsumedRecord[] {
    const ordered = this.records.length < this.recordMax ? this.records : [...this.records.slice(this.recordHead), ...this.records.slice(0, this.recordHead)];
    return ordered.filter(
      (r) =>
        (filter.group === undefined || r.group === filter.group) &&
        (filter.topic === undefined || r.topic === filter.topic) &&
        (filter.brokerName === undefined || r.brokerName === filter.brokerName) &&
        (filter.queueId === undefined || r.queueId === filter.queueId) &&
        (filter.clientId === undefined || r.clientId === filter.clientId),
    );
  }

  clearConsumed(): void {
    this.records.length = 0;
    this.recordHead = 0;
  }

  scenarioGroups(): ScenarioGroupInfo[] {
    return this.scenario.groups.map((g) => {
      const rt = this.groups.get(g.name);
      const t = g.lockTakeover;
      return {
        name: g.name,
        kind: g.kind,
        topics: [...g.topics],
        clients: g.clients,
        description: g.description,
        intended: g.intended,
        stuck: rt?.stuck ?? [],
        lockTakeover: t ? { topic: t.topic ?? g.topics[0] ?? "", brokerName: t.brokerName, queueId: t.queueId, holder: t.holder, atMs: t.atMs } : undefined,
      };
    });
  }

  queueStates(group: string): QueueState[] {
    const out: QueueState[] = [];
    for (const b of this.brokerList) {
      for (const topic of b.offsets.topicsByGroup(group)) {
        const conf = b.topics.get(topic);
        if (!conf) continue;
        for (let q = 0; q < conf.readQueueNums; q++) {
          const committed = b.offsets.committed(group, topic, q);
          const consumerOffset = Math.max(0, b.offsets.query(group, topic, q));
          const brokerOffset = b.store.maxOffset(topic, q);
          const lt = consumerOffset > 0 ? b.store.timestampAt(topic, q, consumerOffset - 1) : 0;
          out.push({
            mq: { topic, brokerName: b.brokerName, queueId: q },
            brokerOffset,
            minOffset: b.store.minOffset(topic, q),
            committed,
            consumerOffset,
            pullOffset: Math.max(consumerOffset, b.offsets.queryPull(group, topic, q)),
            lastTimestamp: lt > 0 ? lt : 0,
            resetPending: b.offsets.hasReset(group, topic, q),
          });
        }
      }
    }
    return out.sort((a, b) => compareMq(a.mq, b.mq));
  }

  clientStates(group?: string): ClientState[] {
    const out: ClientState[] = [];
    for (const g of this.groups.values()) {
      if (group !== undefined && g.spec.name !== group) continue;
      for (const c of g.clients) if (c.isStarted) out.push({ group: g.spec.name, clientId: c.clientId, kind: c.config.kind, queues: c.inspect() });
    }
    return out.sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  }

  popClientStates(group?: string): PopClientState[] {
    const out: PopClientState[] = [];
    for (const g of this.popGroups.values()) {
      if (group !== undefined && g.spec.name !== group) continue;
      for (const c of g.clients) if (c.isStarted) out.push({ group: g.spec.name, clientId: c.clientId, kind: c.config.kind, inflight: c.inflight(), delivered: c.delivered });
    }
    return out.sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  }

  popCheckpoints(group: string): number {
    return this.brokerList.reduce((n, b) => n + b.popInflight(group), 0);
  }

  persistNow(): void {
    for (const b of this.brokerList) b.persistOffsets(true);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const g of this.groups.values()) for (const c of g.clients) c.shutdown();
    for (const g of this.popGroups.values()) for (const c of g.clients) c.shutdown();
    for (const b of this.brokerList) {
      b.persistOffsets(true);
      b.persistStore();
    }
    await this.namesrv.server.stop();
    await this.proxy.server.stop();
    for (const b of this.brokerList) await b.server.stop();
  }
}

/** Starts a sandbox cluster; resolves once the NameServer and brokers listen. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if (typeof options.scenario === "string" && !(SCENARIO_NAMES as readonly string[]).includes(options.scenario)) {
    throw new Error(`unknown scenario "${options.scenario}" (known: ${SCENARIO_NAMES.join(", ")})`);
  }
  const clock = options.clock === "manual" ? new ManualClock(options.startTime ?? Date.now()) : new RealClock(options.timeScale ?? 1);
  const cluster = new SandboxCluster(options, clock);
  try {
    await cluster.start();
  } catch (err) {
    await cluster.stop().catch(() => undefined);
    throw err;
  }
  return cluster;
}

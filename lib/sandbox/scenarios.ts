/**
 * Named, seeded scenarios. A scenario is plain data (`ScenarioSpec`): topics with production rates
 * and pre-existing history, and groups with their kind of client, consume speed, starting lag and
 * scripted trouble. The cluster (sandbox.ts) turns it into brokers, offsets and simulated clients.
 * All randomness comes from the seed, so a scenario is the same every run (up to tick timing).
 */
import { Rng } from "./rng";
import type { ConsumeFromWhere } from "./types";

export type GroupKind = "push" | "orderly" | "broadcast" | "litepull" | "offline" | "static" | "grpc-simple" | "grpc-push";

/** gRPC consumers through the proxy, consuming by POP (clients/popConsumer.ts). */
export const isPopKind = (kind: GroupKind): kind is "grpc-simple" | "grpc-push" => kind === "grpc-simple" || kind === "grpc-push";

/** The status the console should derive (design.md "Domain definitions"). */
export type IntendedStatus = "OK" | "WARN" | "STALL" | "STOP" | "REWIND" | "UNKNOWN";

export interface TopicSpec {
  name: string;
  /** Queues on each broker (read = write). */
  queuesPerBroker: number;
  /** Brokers hosting the topic (default: all). */
  brokers?: string[];
  /** Messages per simulated second, over the whole topic. */
  rate: number;
  /** Production varies as rate * (1 + amplitude * sin(2 pi t / period)). */
  wave?: { amplitude: number; periodMs: number };
  /** Messages already stored in each queue at start (offsets [startOffset, startOffset + messages)), spread over `spanMs` before now. */
  history?: { messages: number; spanMs: number; startOffset?: number };
  keyPrefix?: string;
  tags?: string[];
  order?: boolean;
}

export interface StuckSpec {
  topic?: string;
  brokerName: string;
  queueId: number;
  /** The stuck message is this many messages after the group's starting offset of the queue. */
  afterMessages?: number;
  /** How long its consume takes (sim ms); default forever. */
  durationMs?: number;
  /** Only this client (index) is affected. */
  clientIndex?: number;
}

export interface GroupSpec {
  name: string;
  topics: string[];
  kind: GroupKind;
  /** Simulated client instances (push/orderly/broadcast/litepull; offline groups run them until leaveAtMs). */
  clients: number;
  /** Consume threads per client (push). */
  threads?: number;
  /** Per-message consume time, sim ms (log-normal: median, sigma). */
  consumeMs?: { median: number; sigma?: number };
  /** Share of messages whose first consume fails (RECONSUME_LATER -> %RETRY%group; gRPC push: nack -> %RETRY%group_topic). */
  failureRate?: number;
  /** gRPC Simple: share of first deliveries never acked (back after the invisible time via %RETRY%group_topic). */
  skipRate?: number;
  /** gRPC Simple: receive()'s invisible duration (sim ms, default 30 s). */
  invisibleMs?: number;
  consumeFromWhere?: ConsumeFromWhere;
  /** Committed offsets at start: this many messages behind each queue's max offset; undefined = a new group (ConsumeFromWhere applies). */
  startLag?: number;
  /** Slow messages that pin a queue. */
  stuck?: StuckSpec[];
  /** Client i joins at joinAtMs[i] (sim ms after start; default 0). */
  joinAtMs?: number[];
  /** Every client shuts down at this time (the group goes offline). */
  leaveAtMs?: number;
  /** Orderly: at `atMs` another instance (`holder`) takes the broker lock of a queue for good. */
  lockTakeover?: { atMs: number; topic?: string; brokerName: string; queueId: number; holder: string };
  description: string;
  intended: IntendedStatus;
}

export interface ScenarioSpec {
  name: string;
  description: string;
  topics: TopicSpec[];
  groups: GroupSpec[];
  /** Exact timestamps kept per queue (older messages are deleted: min offset advances). */
  capacity?: number;
  /** Time-based retention of messages (store time). */
  retainMs?: number;
  /** `static` groups: every `everyMs`, this share of them commits forward (occasional offset moves). */
  staticMoves?: { everyMs: number; share: number };
}

export const SCENARIO_NAMES = ["healthy", "draining", "growing", "pinned", "offline", "broadcasting", "orderly-lost-lock", "pop", "large", "demo"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioParams {
  seed: number;
  /** large: number of groups (default 5000). */
  groups?: number;
  /** large: queues per topic over the whole cluster (default 16, split evenly over the brokers). */
  queues?: number;
  brokerNames: readonly string[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The topic of the single-purpose scenarios (4 queues on each broker, as the real integration suite uses). */
export const SCENARIO_TOPIC = "SandboxTopic";

function single(name: string, description: string, group: Omit<GroupSpec, "topics">, topic: Partial<TopicSpec> = {}): ScenarioSpec {
  return {
    name,
    description,
    topics: [{ name: SCENARIO_TOPIC, queuesPerBroker: 4, rate: 40, history: { messages: 2_000, spanMs: HOUR }, keyPrefix: "evt", tags: ["TagA", "TagB"], ...topic }],
    groups: [{ ...group, topics: [SCENARIO_TOPIC] }],
  };
}

export function buildScenario(name: ScenarioName, p: ScenarioParams): ScenarioSpec {
  switch (name) {
    case "healthy":
      return single("healthy", "A group that keeps up: lag stays near zero.", {
        name: "healthy-group",
        kind: "push",
        clients: 2,
        threads: 8,
        consumeMs: { median: 5, sigma: 0.5 },
        failureRate: 0.01,
        startLag: 5,
        description: "Two push consumers with spare capacity; a few failures go to %RETRY%.",
        intended: "OK",
      });
    case "draining":
      return single("draining", "A group that is behind and catching up.", {
        name: "draining-group",
        kind: "push",
        clients: 2,
        threads: 2,
        consumeMs: { median: 40, sigma: 0.3 },
        startLag: 1_500,
        description: "Starts 1,500 messages behind per queue; consumes ~2.5x the production rate, so lag falls.",
        intended: "OK",
      });
    case "growing":
      return single("growing", "A group slower than its producers: backlog grows, flow control kicks in.", {
        name: "growing-group",
        kind: "push",
        clients: 1,
        threads: 2,
        consumeMs: { median: 100, sigma: 0.3 },
        startLag: 2_000,
        description: "Consumes ~20 msg/s of 40 produced; each ProcessQueue holds ~1,000 messages (pull threshold).",
        intended: "WARN",
      });
    case "pinned":
      return single("pinned", "One slow message pins one queue's committed offset.", {
        name: "pinned-group",
        kind: "push",
        clients: 1,
        threads: 4,
        consumeMs: { median: 3, sigma: 0.4 },
        startLag: 10,
        stuck: [{ brokerName: p.brokerNames[0] ?? "broker-a", queueId: 0, afterMessages: 2 }],
        description: "The message 2 after the start of broker-a/0 never finishes: commitOffset stays at cachedMsgMinOffset while the other queues advance.",
        intended: "STALL",
      });
    case "offline":
      return single("offline", "A group that consumed, then went offline; its backlog grows.", {
        name: "offline-group",
        kind: "offline",
        clients: 1,
        threads: 4,
        consumeMs: { median: 3, sigma: 0.3 },
        startLag: 50,
        leaveAtMs: 15_000,
        description: "Consumes for 15 s, then its only client shuts down: 203 says CONSUMER_NOT_ONLINE, lag grows.",
        intended: "STOP",
      });
    case "broadcasting":
      return single("broadcasting", "A BROADCASTING group: every client consumes every queue, offsets stay local.", {
        name: "broadcast-group",
        kind: "broadcast",
        clients: 2,
        threads: 4,
        consumeMs: { median: 3, sigma: 0.3 },
        consumeFromWhere: "CONSUME_FROM_LAST_OFFSET",
        description: "Two clients, each with all 8 queues; 208 is empty, offsets only through 307 / 223.",
        intended: "UNKNOWN",
      });
    case "orderly-lost-lock": {
      const b = p.brokerNames;
      return single(
        "orderly-lost-lock",
        "An orderly group in lock trouble.",
        {
          name: "orderly-group",
          kind: "orderly",
          clients: 2,
          consumeMs: { median: 5, sigma: 0.3 },
          startLag: 20,
          joinAtMs: [0, 8_000],
          stuck: [{ brokerName: b[1] ?? "broker-b", queueId: 3, afterMessages: 3, clientIndex: 0 }],
          lockTakeover: { atMs: 4_000, brokerName: b[0] ?? "broker-a", queueId: 1, holder: "10.0.9.9@31337#orderly-old" },
          description:
            "Client 1 loses the broker lock of broker-a/1 to a zombie instance (locked=false, the queue stops, lag grows there); when client 2 joins, " +
            "client 1 cannot release broker-b/3 because a consume is hung on it (droped=true, tryUnlockTimes grows until the 20 s unlock delay forces it).",
          intended: "STALL",
        },
        { order: true },
      );
    }
    case "pop":
      return {
        name: "pop",
        description: "gRPC consumers through the 5.x proxy, consuming by POP: a Simple consumer that leaves some messages unacknowledged, and a Push consumer whose failures are nacked.",
        topics: [{ name: SCENARIO_TOPIC, queuesPerBroker: 4, rate: 40, history: { messages: 2_000, spanMs: HOUR }, keyPrefix: "evt", tags: ["TagA", "TagB"] }],
        groups: [
          {
            name: "pop-simple-group",
            topics: [SCENARIO_TOPIC],
            kind: "grpc-simple",
            clients: 2,
            threads: 4,
            consumeMs: { median: 8, sigma: 0.3 },
            skipRate: 0.05,
            invisibleMs: 10_000,
            startLag: 200,
            description: "gRPC SimpleConsumer via the proxy: receive + ack; 5% of first deliveries are never acked and come back from %RETRY%pop-simple-group_SandboxTopic after 10 s.",
            intended: "OK",
          },
          {
            name: "pop-push-group",
            topics: [SCENARIO_TOPIC],
            kind: "grpc-push",
            clients: 1,
            threads: 8,
            consumeMs: { median: 5, sigma: 0.3 },
            failureRate: 0.04,
            startLag: 50,
            description: "gRPC PushConsumer via the proxy: 4% of first consumes fail and are nacked; they come back from %RETRY%pop-push-group_SandboxTopic.",
            intended: "OK",
          },
        ],
      };
    case "large":
      return largeScenario(p);
    case "demo":
      return demoScenario(p);
  }
}

function largeScenario(p: ScenarioParams): ScenarioSpec {
  const rng = new Rng(p.seed).fork("large");
  const groups = p.groups ?? 5_000;
  const queues = p.queues ?? 16;
  const nBrokers = Math.max(1, p.brokerNames.length);
  const perBroker = Math.max(1, Math.ceil(queues / nBrokers));
  const groupsPerTopic = 10;
  const nTopics = Math.max(1, Math.ceil(groups / groupsPerTopic));
  const topics: TopicSpec[] = [];
  for (let t = 0; t < nTopics; t++) {
    const active = t % 20 === 0;
    topics.push({
      name: `large-topic-${String(t).padStart(4, "0")}`,
      queuesPerBroker: perBroker,
      rate: active ? 20 : 0,
      history: { messages: rng.int(100, 200_000), spanMs: 24 * HOUR, startOffset: rng.int(0, 5_000_000) },
      keyPrefix: `k${t}`,
      tags: ["A", "B"],
    });
  }
  const specs: GroupSpec[] = [];
  for (let g = 0; g < groups; g++) {
    const topic = topics[g % nTopics] as TopicSpec;
    const live = g < 8 && topic.rate > 0;
    specs.push({
      name: `large-group-${String(g).padStart(5, "0")}`,
      topics: [topic.name],
      kind: live ? "push" : "static",
      clients: live ? 1 : 0,
      threads: 4,
      consumeMs: { median: 2, sigma: 0.3 },
      startLag: rng.next() < 0.8 ? rng.int(0, 50) : rng.int(50, 20_000),
      description: live ? "A live push consumer." : "Offline group with committed offsets; now and then its offsets move forward.",
      intended: live ? "OK" : "STOP",
    });
  }
  return {
    name: "large",
    description: `${groups} groups x ${perBroker * nBrokers} queues on ${nTopics} topics; most groups static with occasional offset moves.`,
    topics,
    groups: specs,
    capacity: 4_096,
    staticMoves: { everyMs: 5_000, share: 0.01 },
  };
}

function demoScenario(p: ScenarioParams): ScenarioSpec {
  const [a = "broker-a", b = "broker-b"] = p.brokerNames;
  return {
    name: "demo",
    description: "A small e-commerce platform: order, payment, inventory and signup events with a realistic mix of healthy and troubled consumers.",
    topics: [
      {
        name: "order-events",
        queuesPerBroker: 4,
        rate: 40,
        wave: { amplitude: 0.35, periodMs: 10 * MIN },
        history: { messages: 12_000, spanMs: 6 * HOUR, startOffset: 180_000 },
        keyPrefix: "order",
        tags: ["created", "paid", "shipped", "cancelled"],
      },
      {
        name: "payment-results",
        queuesPerBroker: 4,
        rate: 15,
        wave: { amplitude: 0.25, periodMs: 7 * MIN },
        history: { messages: 6_000, spanMs: 6 * HOUR, startOffset: 64_000 },
        keyPrefix: "pay",
        tags: ["success", "failed", "refunded"],
      },
      {
        name: "inventory-updates",
        queuesPerBroker: 2,
        rate: 8,
        history: { messages: 3_000, spanMs: 3 * HOUR, startOffset: 20_000 },
        keyPrefix: "sku",
        tags: ["reserve", "release", "restock"],
      },
      {
        name: "ledger-entries",
        queuesPerBroker: 2,
        rate: 6,
        history: { messages: 2_000, spanMs: 3 * HOUR, startOffset: 9_000 },
        keyPrefix: "ledger",
        tags: ["debit", "credit"],
        order: true,
      },
      { name: "user-signups", queuesPerBroker: 2, rate: 2, history: { messages: 800, spanMs: 6 * HOUR }, keyPrefix: "user", tags: ["web", "mobile"] },
    ],
    groups: [
      {
        name: "billing-service",
        topics: ["payment-results"],
        kind: "push",
        clients: 2,
        threads: 8,
        consumeMs: { median: 8, sigma: 0.5 },
        failureRate: 0.02,
        startLag: 3,
        description: "Healthy: keeps up with payment results; ~2% of messages fail once and are retried through %RETRY%billing-service.",
        intended: "OK",
      },
      {
        name: "risk-audit",
        topics: ["payment-results"],
        kind: "push",
        clients: 2,
        threads: 1,
        consumeMs: { median: 60, sigma: 0.3 },
        startLag: 1_500,
        description: "Draining: started 1,500 messages behind per queue after a deploy and is catching up.",
        intended: "OK",
      },
      {
        name: "search-indexer",
        topics: ["order-events"],
        kind: "push",
        clients: 2,
        threads: 2,
        consumeMs: { median: 150, sigma: 0.4 },
        startLag: 800,
        description: "Growing backlog: indexes slower than orders arrive; its ProcessQueues sit at the 1,000-message pull threshold.",
        intended: "WARN",
      },
      {
        name: "notification-sender",
        topics: ["order-events"],
        kind: "push",
        clients: 2,
        threads: 8,
        consumeMs: { median: 4, sigma: 0.5 },
        startLag: 5,
        stuck: [{ brokerName: a, queueId: 0, afterMessages: 4 }],
        description: `Pinned: one message on ${a}/0 hangs (a stuck SMTP call), so that queue's committed offset stays at cachedMsgMinOffset while the others advance.`,
        intended: "STALL",
      },
      {
        name: "analytics-etl",
        topics: ["order-events", "inventory-updates"],
        kind: "offline",
        clients: 1,
        threads: 4,
        consumeMs: { median: 3, sigma: 0.3 },
        startLag: 200,
        leaveAtMs: 30_000,
        description: "Offline: a nightly job that consumed for 30 s and stopped; its backlog keeps growing.",
        intended: "STOP",
      },
      {
        name: "cache-invalidator",
        topics: ["inventory-updates"],
        kind: "broadcast",
        clients: 3,
        threads: 4,
        consumeMs: { median: 2, sigma: 0.3 },
        description: "Broadcasting: every instance consumes every queue; offsets are local to each client (see running info / consumer status).",
        intended: "UNKNOWN",
      },
      {
        name: "ledger-writer",
        topics: ["ledger-entries"],
        kind: "orderly",
        clients: 2,
        consumeMs: { median: 6, sigma: 0.3 },
        startLag: 10,
        joinAtMs: [0, 8_000],
        stuck: [{ topic: "ledger-entries", brokerName: b, queueId: 1, afterMessages: 3, clientIndex: 0 }],
        lockTakeover: { atMs: 4_000, topic: "ledger-entries", brokerName: a, queueId: 1, holder: "10.0.7.21@4711#ledger-writer-old" },
        description: `Orderly, in lock trouble: a zombie instance holds the lock of ${a}/1 (locked=false, that queue stops); a hung consume on ${b}/1 delays its hand-over (tryUnlockTimes).`,
        intended: "STALL",
      },
      {
        name: "report-exporter",
        topics: ["user-signups"],
        kind: "litepull",
        clients: 1,
        consumeMs: { median: 15, sigma: 0.3 },
        startLag: 40,
        description: "A lite pull consumer (CONSUME_ACTIVELY) that polls in batches and commits explicitly.",
        intended: "OK",
      },
      {
        name: "refund-worker",
        topics: ["payment-results"],
        kind: "grpc-simple",
        clients: 2,
        threads: 4,
        consumeMs: { median: 20, sigma: 0.4 },
        skipRate: 0.03,
        invisibleMs: 15_000,
        startLag: 60,
        description: "gRPC SimpleConsumer through the 5.x proxy (POP): the brokers do not know its clients, the proxy does; ~3% of messages are never acked and come back after 15 s from %RETRY%refund-worker_payment-results.",
        intended: "OK",
      },
    ],
  };
}

/**
 * A simulated RocketMQ 5.3.3 master broker: topic and subscription-group configs, the message store,
 * consumer offsets (with 5.1+ server-side reset), the consumer manager (clients' channels), queue
 * locks for orderly consumers, and the remoting request handlers the console uses. Replies mirror
 * the 5.3.3 processors (AdminBrokerProcessor, ConsumerManageProcessor, PullMessageProcessor,
 * Broker2Client): same codes, remarks, body shapes and quirks. Unknown codes get
 * REQUEST_CODE_NOT_SUPPORTED.
 *
 * Reset path: "server-side" (default; useServerSideResetOffset=true, resetOffsetInner) or "legacy"
 * (4.x, 5.0, or the flag off: Broker2Client.resetOffset pushes RESET_CONSUMER_CLIENT_OFFSET (220) to
 * the group's channels and writes nothing itself). `brokerVersion` (default "V5_3_3") is what 28
 * (brokerVersionDesc / brokerVersion), 26 (which keys exist) and the reply headers report.
 *
 * Simulated clients call the same logic in-process (`pull`, `queryConsumerOffset`, ...), as a Java
 * client would over the wire; those calls fail with BrokerUnavailableError while the broker is
 * unreachable.
 */
import { asBigInt, getField, parseFastjson, readMessageQueueMap } from "../rocketmq/protocol/fastjson";
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import { createRequest, createResponse, DEFAULT_VERSION, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import { RequestCode } from "../rocketmq/protocol/requestCode";
import { ResponseCode } from "../rocketmq/protocol/responseCode";
import type { Clock } from "./clock";
import * as J from "./json";
import { describeMessage, encodeMessage } from "./messageCodec";
import { ConsumerOffsets, readConfigFile, writeConfigFile } from "./offsets";
import { notSupported, RemotingServer, type PeerInfo, type Reachability } from "./remotingServer";
import { RateMeter } from "./stats";
import { MessageStore, type BoundaryType, type QueueSnapshot } from "./store";
import {
  BrokerUnavailableError,
  isRetryTopic,
  PERM_INHERIT,
  PERM_READ,
  PERM_WRITE,
  retryTopicOf,
  type ConsumeFromWhere,
  type ConsumeType,
  type ConsumerChannel,
  type ConsumerRegistration,
  type MessageModel,
  type SubscriptionData,
  type TopicConfig,
} from "./types";

const FAQ = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";
/**
 * GET_TOPIC_CONFIG: not a console request, but mqadmin 5.3.3's consumerProgress sends it for every
 * topic (examineTopicConfigFromRoute), so answering it lets the real mqadmin run against the sandbox.
 */
const GET_TOPIC_CONFIG = 351;
/** Versions a sandbox broker can claim, with their MQVersion.Version ordinals (the header `version`). */
export const BROKER_VERSIONS: Readonly<Record<string, number>> = {
  V4_9_4: 401,
  V4_9_7: 407,
  V4_9_8: 409,
  V5_0_0: 413,
  V5_1_0: 433,
  V5_1_4: 441,
  V5_2_0: 453,
  V5_3_1: 475,
  V5_3_3: 479,
};
export const DEFAULT_BROKER_VERSION = "V5_3_3";
/** 5.1.0: the first release with useServerSideResetOffset (default false until 5.1.4, true from 5.2.0). */
const SERVER_SIDE_RESET_SINCE = BROKER_VERSIONS.V5_1_0 as number;
/** 5.0.0: controller mode, lite pull processor, slave acting master (keys of 26). */
const V5_0_0 = BROKER_VERSIONS.V5_0_0 as number;

/** Which INVOKE_BROKER_TO_RESET_OFFSET (222) implementation the broker runs. */
export type ResetPathMode = "server-side" | "legacy";

/** PullSysFlag bits. */
const FLAG_COMMIT_OFFSET = 0x1;
const FLAG_SUBSCRIPTION = 0x1 << 2;
/** DefaultMessageStore's per-pull message cap (maxTransferCountOnMessageInMemory). */
const MAX_TRANSFER_COUNT = 32;
/** Broker-side lock lease (REBALANCE_LOCK_MAX_LIVE_TIME, rocketmq.broker.rebalance.lockMaxLiveTime). */
const BROKER_LOCK_TTL_MS = 60_000;
/** Retry delays by level (messageDelayLevel); a failed message goes back with level 3 + reconsumeTimes. */
const DELAY_LEVELS_MS = [1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200].map((s) => s * 1000);

export const SYSTEM_GROUPS = [
  "SELF_TEST_C_GROUP",
  "CID_ONSAPI_OWNER",
  "CID_ONSAPI_PERMISSION",
  "CID_RMQ_SYS_TRANS",
  "TOOLS_CONSUMER",
  "CID_ONS-HTTP-PROXY",
  "FILTERSRV_CONSUMER",
  "CID_ONSAPI_PULL",
] as const;

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  consumeMessageOrderly: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
  groupSysFlag: number;
  consumeTimeoutMinute: number;
}

export function defaultGroupConfig(groupName: string, overrides: Partial<SubscriptionGroupConfig> = {}): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    consumeMessageOrderly: false,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
    groupSysFlag: 0,
    consumeTimeoutMinute: 15,
    ...overrides,
  };
}

interface ConsumerGroupInfo {
  group: string;
  consumeType: ConsumeType;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  subscriptions: Map<string, SubscriptionData>;
  channels: Map<string, ConsumerChannel>;
}

interface LockEntry {
  clientId: string;
  lastUpdateSim: number;
  /** A scripted holder whose lease never lapses (sandbox scenarios). */
  pinned: boolean;
}

/** A popped, not yet acknowledged message (PopCheckPoint, one per message here). */
interface PopCheckpoint {
  group: string;
  /** The queue it was popped from (a business topic or the group's POP retry topic). */
  topic: string;
  queueId: number;
  offset: number;
  reviveAtSim: number;
  /** The business message it stands for. */
  origin: { topic: string; queueId: number; offset: number };
  reconsumeTimes: number;
}

/** What a pop hands out per message. */
export interface PoppedMessage {
  topic: string;
  queueId: number;
  offset: number;
  storeTimestamp: number;
  origin: { topic: string; queueId: number; offset: number };
  /** 0 on first delivery (deliveryAttempt - 1). */
  reconsumeTimes: number;
}

/** The POP retry topic of a group and topic (5.3.3 default, enableRetryTopicV2=false): %RETRY%<group>_<topic>. */
export const popRetryTopicOf = (group: string, topic: string) => `%RETRY%${group}_${topic}`;

interface PendingRetry {
  dueSim: number;
  group: string;
  origin: { topic: string; queueId: number; offset: number };
  reconsumeTimes: number;
}

export interface RetryOrigin {
  topic: string;
  queueId: number;
  offset: number;
  reconsumeTimes: number;
}

export interface PullCall {
  group: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums: number;
  sysFlag: number;
  commitOffset: number;
  /** The client's address (for logs; Java records it with commits). */
  clientAddr: string;
}

export interface PullOutcome {
  code: number;
  /** The store's GetMessageStatus name (the reply's remark). */
  status: string;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Messages found: offsets [from, from + count). */
  from: number;
  count: number;
}

export interface TopicMeta {
  keyPrefix: string;
  tags: readonly string[];
}

export interface BrokerOptions {
  brokerName: string;
  clusterName: string;
  port: number;
  clock: Clock;
  capacity: number;
  retainMs?: number;
  /** config/consumerOffset.json lives under this directory; undefined = no persistence. */
  storeDir?: string;
  /** NameServer address list, for runtime info. */
  namesrvAddr: () => string;
  topicMeta: (topic: string) => TopicMeta;
  /** 222's implementation (default "server-side"). */
  resetPath?: ResetPathMode;
  /** A key of BROKER_VERSIONS (default "V5_3_3"); "server-side" needs V5_1_0 or later. */
  brokerVersion?: string;
}

function ext(cmd: RemotingCommand, name: string): string | undefined {
  const v = cmd.extFields[name];
  return v === undefined || v === "" ? undefined : v;
}

class HeaderError extends Error {}

function need(cmd: RemotingCommand, name: string): string {
  const v = cmd.extFields[name];
  if (v === undefined) throw new HeaderError(`org.apache.rocketmq.remoting.exception.RemotingCommandException: the custom field <${name}> is null`);
  return v;
}

function toInt(v: string, name: string): number {
  if (!/^-?\d{1,19}$/.test(v.trim())) throw new HeaderError(`java.lang.NumberFormatException: For input string: "${v}" (${name})`);
  return Number(v.trim());
}

const needInt = (cmd: RemotingCommand, name: string) => toInt(need(cmd, name), name);
const optInt = (cmd: RemotingCommand, name: string, fallback: number) => {
  const v = ext(cmd, name);
  return v === undefined ? fallback : toInt(v, name);
};

function subscriptionJson(s: SubscriptionData): J.Encoded {
  return J.obj({
    classFilterMode: J.bool(false),
    codeSet: J.arr(s.tags.map((t) => J.long(javaStringHash(t)))),
    expressionType: J.str("TAG"),
    subString: J.str(s.subString),
    subVersion: J.long(s.subVersion),
    tagsSet: J.arr(s.tags.map(J.str)),
    topic: J.str(s.topic),
  });
}

/** Java's String.hashCode (SubscriptionData.codeSet holds the tags' hash codes). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export { subscriptionJson };

export class Broker {
  readonly brokerName: string;
  readonly clusterName: string;
  readonly server: RemotingServer;
  readonly store: MessageStore;
  readonly offsets = new ConsumerOffsets();
  readonly topics = new Map<string, TopicConfig>();
  readonly groups = new Map<string, SubscriptionGroupConfig>();
  private readonly consumers = new Map<string, ConsumerGroupInfo>();
  private readonly locks = new Map<string, LockEntry>();
  private pendingRetries: PendingRetry[] = [];
  private popCheckpoints = new Map<string, PopCheckpoint>();
  private readonly retryOrigins = new Map<string, Map<number, RetryOrigin>>();
  private readonly clock: Clock;
  private readonly options: BrokerOptions;
  readonly bootTimestamp: number;
  private groupsVersion = 0;
  private groupsBody: { version: number; body: Buffer } | undefined;
  private groupsDataVersion = { counter: 1, timestamp: Date.now() };
  /** Stats (wall-time rates). */
  readonly putMeter = new RateMeter();
  readonly getMeter = new RateMeter();
  readonly getFoundMeter = new RateMeter();
  readonly getMissMeter = new RateMeter();
  private readonly groupGetMeters = new Map<string, RateMeter>();
  private readonly topicPutMeters = new Map<string, RateMeter>();
  /** Request counts by code, for tests and the bench. */
  readonly requestCounts = new Map<number, number>();
  private lastOffsetsChanges = -1;
  /** Opaque of the broker's own requests to clients (Java's broker-side counter). */
  private nextOpaque = 1;
  readonly resetPath: ResetPathMode;
  /** e.g. "V5_3_3" (brokerVersionDesc). */
  readonly brokerVersion: string;
  /** MQVersion ordinal of brokerVersion, e.g. 479. */
  readonly versionOrdinal: number;

  constructor(options: BrokerOptions) {
    this.resetPath = options.resetPath ?? "server-side";
    this.brokerVersion = options.brokerVersion ?? DEFAULT_BROKER_VERSION;
    const ordinal = BROKER_VERSIONS[this.brokerVersion];
    if (ordinal === undefined) throw new Error(`unknown broker version "${this.brokerVersion}" (known: ${Object.keys(BROKER_VERSIONS).join(", ")})`);
    if (this.resetPath !== "server-side" && this.resetPath !== "legacy") throw new Error(`unknown reset path "${String(this.resetPath)}"`);
    if (this.resetPath === "server-side" && ordinal < SERVER_SIDE_RESET_SINCE) {
      throw new Error(`${this.brokerVersion} has no server-side reset (useServerSideResetOffset exists from V5_1_0); use resetPath "legacy"`);
    }
    this.versionOrdinal = ordinal;
    this.options = options;
    this.brokerName = options.brokerName;
    this.clusterName = options.clusterName;
    this.clock = options.clock;
    this.bootTimestamp = options.clock.wallNow();
    this.store = new MessageStore({ capacity: options.capacity, retainMs: options.retainMs });
    this.server = new RemotingServer({
      name: options.brokerName,
      port: options.port,
      handler: (cmd, peer) => this.handle(cmd, peer),
      onRequest: (code) => this.requestCounts.set(code, (this.requestCounts.get(code) ?? 0) + 1),
    });
    this.createSystemTopics();
    for (const g of SYSTEM_GROUPS) this.groups.set(g, defaultGroupConfig(g));
  }

  get address(): string {
    return this.server.address;
  }

  get reachability(): Reachability {
    return this.server.reachability;
  }

  private ensureReachable(): void {
    if (this.server.reachability !== "up") throw new BrokerUnavailableError(this.brokerName);
  }

  // ---- configuration ---------------------------------------------------------------------------

  private createSystemTopics(): void {
    const sys = (name: string, queues: number, perm = PERM_READ | PERM_WRITE) =>
      this.topics.set(name, { topicName: name, readQueueNums: queues, writeQueueNums: queues, perm, topicSysFlag: 0, order: false });
    sys("SELF_TEST_TOPIC", 1);
    sys("TBW102", 8, PERM_READ | PERM_WRITE | PERM_INHERIT);
    sys("BenchmarkTest", 1024);
    sys(this.clusterName, 16, PERM_READ | PERM_WRITE);
    sys(this.brokerName, 1, PERM_READ | PERM_WRITE);
    sys("OFFSET_MOVED_EVENT", 1);
    sys("SCHEDULE_TOPIC_XXXX", 18);
    sys(`${this.clusterName}_REPLY_TOPIC`, 1);
    sys(`rmq_sys_REVIVE_LOG_${this.clusterName}`, 8);
    sys(`rmq_sys_SYNC_BROKER_MEMBER_${this.brokerName}`, 1, PERM_INHERIT);
    sys("RMQ_SYS_TRANS_HALF_TOPIC", 1);
    sys("RMQ_SYS_TRANS_OP_HALF_TOPIC", 1);
  }

  createTopic(config: Omit<TopicConfig, "perm" | "topicSysFlag"> & Partial<Pick<TopicConfig, "perm" | "topicSysFlag">>): void {
    this.topics.set(config.topicName, { perm: PERM_READ | PERM_WRITE, topicSysFlag: 0, ...config });
  }

  createGroup(config: SubscriptionGroupConfig): void {
    this.groups.set(config.groupName, config);
    this.groupsVersion++;
  }

  /** createTopicInSendMessageBackMethod: the group's retry topic (retryQueueNums queues). */
  ensureRetryTopic(group: string): void {
    const topic = retryTopicOf(group);
    if (this.topics.has(topic)) return;
    const conf = this.groups.get(group);
    const n = conf?.retryQueueNums ?? 1;
    this.topics.set(topic, { topicName: topic, readQueueNums: n, writeQueueNums: n, perm: PERM_READ | PERM_WRITE, topicSysFlag: 0, order: false });
  }

  // ---- consumer manager ------------------------------------------------------------------------

  /** A heartbeat: registers (or refreshes) the client's channel and the group's subscriptions. */
  registerConsumer(reg: ConsumerRegistration): void {
    if (!this.groups.has(reg.group)) this.createGroup(defaultGroupConfig(reg.group));
    // ClientManageProcessor.heartBeat creates the retry topic for every consumer group, broadcasting too.
    this.ensureRetryTopic(reg.group);
    let info = this.consumers.get(reg.group);
    if (!info) {
      info = {
        group: reg.group,
        consumeType: reg.consumeType,
        messageModel: reg.messageModel,
        consumeFromWhere: reg.consumeFromWhere,
        subscriptions: new Map(),
        channels: new Map(),
      };
      this.consumers.set(reg.group, info);
    }
    info.consumeType = reg.consumeType;
    info.messageModel = reg.messageModel;
    info.consumeFromWhere = reg.consumeFromWhere;
    for (const s of reg.subscriptions) {
      const known = info.subscriptions.get(s.topic);
      if (!known || known.subVersion < s.subVersion) info.subscriptions.set(s.topic, s);
    }
    info.channels.set(reg.channel.clientId, reg.channel);
  }

  /** Channel closed / UNREGISTER_CLIENT: the group disappears with its last channel. */
  unregisterConsumer(group: string, clientId: string): void {
    const info = this.consumers.get(group);
    if (!info) return;
    info.channels.delete(clientId);
    if (info.channels.size === 0) this.consumers.delete(group);
  }

  /** GET_CONSUMER_LIST_BY_GROUP for in-process clients (sorted as the rebalance sorts them anyway). */
  consumerIds(group: string): string[] {
    this.ensureReachable();
    return [...(this.consumers.get(group)?.channels.keys() ?? [])];
  }

  onlineGroups(): string[] {
    return [...this.consumers.keys()].sort();
  }

  // ---- in-process client API -------------------------------------------------------------------

  queryConsumerOffset(group: string, topic: string, queueId: number, setZeroIfNotFound = true): number {
    this.ensureReachable();
    const off = this.offsets.query(group, topic, queueId);
    if (off >= 0) return off;
    if (!setZeroIfNotFound) return -1;
    const q = this.store.peek(topic, queueId);
    if (q && q.minOffset <= 0 && q.maxOffset > 0) return 0;
    return -1;
  }

  /** UPDATE_CONSUMER_OFFSET from a client (oneway): returns false when ignored (reset pending). */
  updateConsumerOffset(group: string, topic: string, queueId: number, offset: number): boolean {
    this.ensureReachable();
    if (!this.groups.has(group) || !this.topics.has(topic)) return false;
    if (this.offsets.hasReset(group, topic, queueId)) return false;
    this.offsets.commit(group, topic, queueId, offset);
    return true;
  }

  maxOffset(topic: string, queueId: number): number {
    this.ensureReachable();
    return this.store.maxOffset(topic, queueId);
  }

  minOffset(topic: string, queueId: number): number {
    this.ensureReachable();
    return this.store.minOffset(topic, queueId);
  }

  searchOffset(topic: string, queueId: number, ts: number): number {
    this.ensureReachable();
    return this.store.searchOffset(topic, queueId, ts);
  }

  /** LOCK_BATCH_MQ: the queues now locked by `clientId`. */
  lockBatch(group: string, clientId: string, mqs: readonly MessageQueue[]): Set<string> {
    this.ensureReachable();
    const now = this.clock.simNow();
    const ok = new Set<string>();
    for (const mq of mqs) {
      const key = `${group}|${mq.topic}|${mq.queueId}`;
      const cur = this.locks.get(key);
      if (!cur || cur.clientId === clientId || (!cur.pinned && now - cur.lastUpdateSim > BROKER_LOCK_TTL_MS)) {
        this.locks.set(key, { clientId, lastUpdateSim: now, pinned: false });
        ok.add(`${mq.topic}|${mq.queueId}`);
      }
    }
    return ok;
  }

  unlock(group: string, clientId: string, mq: MessageQueue): void {
    this.ensureReachable();
    const key = `${group}|${mq.topic}|${mq.queueId}`;
    if (this.locks.get(key)?.clientId === clientId) this.locks.delete(key);
  }

  /** Scenario hook: gives a queue's lock to `holder` for good (a zombie instance that keeps renewing it). */
  pinLock(group: string, mq: MessageQueue, holder: string): void {
    this.locks.set(`${group}|${mq.topic}|${mq.queueId}`, { clientId: holder, lastUpdateSim: this.clock.simNow(), pinned: true });
  }

  lockHolder(group: string, mq: MessageQueue): string | undefined {
    return this.locks.get(`${group}|${mq.topic}|${mq.queueId}`)?.clientId;
  }

  /** CONSUMER_SEND_MSG_BACK: the message goes to %RETRY%group after the level's delay. */
  sendMessageBack(group: string, origin: { topic: string; queueId: number; offset: number }, reconsumeTimes: number): void {
    this.ensureReachable();
    const level = Math.min(DELAY_LEVELS_MS.length, 3 + reconsumeTimes);
    this.pendingRetries.push({ dueSim: this.clock.simNow() + (DELAY_LEVELS_MS[level - 1] as number), group, origin, reconsumeTimes: reconsumeTimes + 1 });
  }

  retryOrigin(topic: string, offset: number): RetryOrigin | undefined {
    return this.retryOrigins.get(topic)?.get(offset);
  }

  /**
   * POP (PopMessageProcessor, 5.3.3): takes up to `max` messages of one queue for `group` and commits
   * the group's offset past them at once (offset and pull offset: inflight is 0 in 208). Each message
   * gets a checkpoint: unless acknowledged within `invisibleMs` it is revived into the POP retry
   * topic %RETRY%<group>_<topic> on this broker. A pending server-side reset is taken first
   * (resetPopOffset), so a reset reaches POP consumers at their next pop. A group with no offset
   * starts at max - 1 on business topics and at the min offset on retry topics (getInitOffset).
   */
  pop(group: string, topic: string, queueId: number, max: number, invisibleMs: number): PoppedMessage[] {
    this.ensureReachable();
    if (!this.groups.has(group)) this.createGroup(defaultGroupConfig(group));
    const conf = this.topics.get(topic);
    if (!conf || queueId < 0 || queueId >= conf.readQueueNums) return [];
    const maxOffset = this.store.maxOffset(topic, queueId);
    const minOffset = this.store.minOffset(topic, queueId);
    const reset = this.offsets.takeReset(group, topic, queueId);
    let offset = reset ?? this.offsets.query(group, topic, queueId);
    if (offset < 0) offset = topic.startsWith("%RETRY%") ? minOffset : Math.max(0, maxOffset - 1);
    if (offset < minOffset) offset = minOffset;
    const n = Math.max(0, Math.min(max, MAX_TRANSFER_COUNT, maxOffset - offset));
    const next = offset + n;
    if (reset !== undefined || n > 0 || this.offsets.query(group, topic, queueId) < 0) {
      this.offsets.commit(group, topic, queueId, next);
      this.offsets.commitPull(group, topic, queueId, next);
    }
    const now = this.clock.wallNow();
    this.getMeter.add(now, Math.max(1, n));
    if (n === 0) {
      this.getMissMeter.add(now);
      return [];
    }
    this.getFoundMeter.add(now, n);
    const k = `${group}@${topic}`;
    let m = this.groupGetMeters.get(k);
    if (!m) this.groupGetMeters.set(k, (m = new RateMeter()));
    m.add(now, n);
    const reviveAtSim = this.clock.simNow() + invisibleMs;
    const out: PoppedMessage[] = [];
    for (let off = offset; off < next; off++) {
      const retried = this.retryOrigins.get(topic)?.get(off);
      const origin = retried ? { topic: retried.topic, queueId: retried.queueId, offset: retried.offset } : { topic, queueId, offset: off };
      const reconsumeTimes = retried?.reconsumeTimes ?? 0;
      this.popCheckpoints.set(`${group}|${topic}|${queueId}|${off}`, { group, topic, queueId, offset: off, reviveAtSim, origin, reconsumeTimes });
      out.push({ topic, queueId, offset: off, storeTimestamp: this.store.timestampAt(topic, queueId, off), origin, reconsumeTimes });
    }
    return out;
  }

  /** ACK_MESSAGE: the checkpoint is done; false when it already expired (revived) or never existed. */
  ack(group: string, topic: string, queueId: number, offset: number): boolean {
    this.ensureReachable();
    return this.popCheckpoints.delete(`${group}|${topic}|${queueId}|${offset}`);
  }

  /** CHANGE_MESSAGE_INVISIBLETIME (a push consumer's nack): the message comes back `ms` from now. */
  changeInvisible(group: string, topic: string, queueId: number, offset: number, ms: number): boolean {
    this.ensureReachable();
    const ck = this.popCheckpoints.get(`${group}|${topic}|${queueId}|${offset}`);
    if (!ck) return false;
    ck.reviveAtSim = this.clock.simNow() + ms;
    return true;
  }

  /** Popped and not yet acknowledged on this broker (what only the broker's metrics expose). */
  popInflight(group: string): number {
    let n = 0;
    for (const ck of this.popCheckpoints.values()) if (ck.group === group) n++;
    return n;
  }

  /** PopReviveService: expired checkpoints become messages of the POP retry topic. */
  private revive(simNow: number): void {
    for (const [key, ck] of this.popCheckpoints) {
      if (ck.reviveAtSim > simNow) continue;
      this.popCheckpoints.delete(key);
      const topic = popRetryTopicOf(ck.group, ck.origin.topic);
      if (!this.topics.has(topic)) this.createTopic({ topicName: topic, readQueueNums: 1, writeQueueNums: 1, order: false });
      const off = this.putMessage(topic, 0, this.clock.wallNow());
      let origins = this.retryOrigins.get(topic);
      if (!origins) this.retryOrigins.set(topic, (origins = new Map()));
      origins.set(off, { ...ck.origin, reconsumeTimes: ck.reconsumeTimes + 1 });
    }
  }

  /** Appends a message to a queue (the producer path). */
  putMessage(topic: string, queueId: number, storeTs: number): number {
    const q = this.store.queue(topic, queueId);
    const off = q.append(storeTs);
    this.putMeter.add(storeTs);
    let m = this.topicPutMeters.get(topic);
    if (!m) this.topicPutMeters.set(topic, (m = new RateMeter()));
    m.add(storeTs);
    return off;
  }

  /** The pull logic shared by PULL_MESSAGE and in-process consumers. */
  pull(call: PullCall, viaWire = false): PullOutcome | { error: RemotingCommand } {
    if (!viaWire) this.ensureReachable();
    const errorReply = (code: number, remark: string) => ({ error: createResponse({ opaque: 0 }, code, { remark }) });
    if (!this.groups.has(call.group)) {
      // autoCreateSubscriptionGroup=true (the default)
      this.createGroup(defaultGroupConfig(call.group));
    }
    const topicConfig = this.topics.get(call.topic);
    if (!topicConfig) return errorReply(ResponseCode.TOPIC_NOT_EXIST, `topic[${call.topic}] not exist, apply first please! ${FAQ}`);
    if ((topicConfig.perm & PERM_READ) === 0) return errorReply(ResponseCode.NO_PERMISSION, `the topic[${call.topic}] pulling message is forbidden`);
    if (call.queueId < 0 || call.queueId >= topicConfig.readQueueNums) {
      return errorReply(
        ResponseCode.INVALID_PARAMETER,
        `queueId[${call.queueId}] is illegal, topic:[${call.topic}] topicConfig.readQueueNums:[${topicConfig.readQueueNums}] consumer:[/${call.clientAddr}]`,
      );
    }
    if ((call.sysFlag & FLAG_SUBSCRIPTION) === 0) {
      const info = this.consumers.get(call.group);
      if (!info) return errorReply(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's group info not exist${FAQ}`);
      if (!info.subscriptions.has(call.topic)) return errorReply(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's subscription not exist${FAQ}`);
    }
    const q = this.store.peek(call.topic, call.queueId);
    const min = q?.minOffset ?? 0;
    const max = q?.maxOffset ?? 0;
    const out: PullOutcome = { code: ResponseCode.SUCCESS, status: "FOUND", nextBeginOffset: call.queueOffset, minOffset: min, maxOffset: max, from: call.queueOffset, count: 0 };
    const reset = this.offsets.takeReset(call.group, call.topic, call.queueId);
    if (reset !== undefined) {
      out.code = ResponseCode.PULL_OFFSET_MOVED;
      out.status = "OFFSET_RESET";
      out.nextBeginOffset = reset;
    } else if (max === 0 || min === max) {
      out.status = "NO_MESSAGE_IN_QUEUE";
      out.nextBeginOffset = 0;
      out.code = call.queueOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
    } else if (call.queueOffset < min) {
      out.status = "OFFSET_TOO_SMALL";
      out.code = ResponseCode.PULL_OFFSET_MOVED;
      out.nextBeginOffset = min;
    } else if (call.queueOffset === max) {
      out.status = "OFFSET_OVERFLOW_ONE";
      out.code = ResponseCode.PULL_NOT_FOUND;
      out.nextBeginOffset = call.queueOffset;
    } else if (call.queueOffset > max) {
      out.status = "OFFSET_OVERFLOW_BADLY";
      out.code = ResponseCode.PULL_OFFSET_MOVED;
      out.nextBeginOffset = max;
    } else {
      const n = Math.max(0, Math.min(call.maxMsgNums, MAX_TRANSFER_COUNT, max - call.queueOffset));
      out.count = n;
      out.nextBeginOffset = call.queueOffset + n;
    }
    // tryCommitOffset runs for every outcome (5.3.3 DefaultPullMessageResultHandler), the reset one
    // included: a commit flag carries the client's old offset over the one the reset just wrote.
    this.offsets.commitPull(call.group, call.topic, call.queueId, out.nextBeginOffset);
    if ((call.sysFlag & FLAG_COMMIT_OFFSET) !== 0) this.offsets.commit(call.group, call.topic, call.queueId, call.commitOffset);
    const now = this.clock.wallNow();
    this.getMeter.add(now, Math.max(1, out.count));
    if (out.code === ResponseCode.SUCCESS) {
      this.getFoundMeter.add(now, out.count);
      const k = `${call.group}@${call.topic}`;
      let m = this.groupGetMeters.get(k);
      if (!m) this.groupGetMeters.set(k, (m = new RateMeter()));
      m.add(now, out.count);
    } else this.getMissMeter.add(now);
    return out;
  }

  // ---- periodic work ---------------------------------------------------------------------------

  /** Delivers due retry messages and applies time retention. */
  tick(simNow: number): void {
    if (this.popCheckpoints.size > 0) this.revive(simNow);
    if (this.pendingRetries.length > 0) {
      const due = this.pendingRetries.filter((r) => r.dueSim <= simNow);
      if (due.length > 0) {
        this.pendingRetries = this.pendingRetries.filter((r) => r.dueSim > simNow);
        for (const r of due) {
          const topic = retryTopicOf(r.group);
          this.ensureRetryTopic(r.group);
          const off = this.putMessage(topic, 0, this.clock.wallNow());
          let origins = this.retryOrigins.get(topic);
          if (!origins) this.retryOrigins.set(topic, (origins = new Map()));
          origins.set(off, { ...r.origin, reconsumeTimes: r.reconsumeTimes });
          if (origins.size > 50_000) {
            const min = this.store.minOffset(topic, 0);
            for (const k of origins.keys()) if (k < min || origins.size > 50_000) origins.delete(k);
          }
        }
      }
    }
  }

  expire(): void {
    this.store.expire(this.clock.wallNow());
  }

  private offsetFile(): string | undefined {
    return this.options.storeDir ? `${this.options.storeDir}/config/consumerOffset.json` : undefined;
  }

  private storeFile(): string | undefined {
    return this.options.storeDir ? `${this.options.storeDir}/sandbox-store.json` : undefined;
  }

  /** Writes consumerOffset.json when offsets changed (flushConsumerOffsetInterval). */
  persistOffsets(force = false): boolean {
    const file = this.offsetFile();
    if (!file) return false;
    if (!force && this.offsets.changes === this.lastOffsetsChanges) return false;
    this.lastOffsetsChanges = this.offsets.changes;
    writeConfigFile(file, this.offsets.encode(this.clock.wallNow()));
    return true;
  }

  loadOffsets(): number {
    const file = this.offsetFile();
    if (!file) return 0;
    let n = 0;
    readConfigFile(file, (text) => {
      n = this.offsets.decode(text);
    });
    this.lastOffsetsChanges = this.offsets.changes;
    return n;
  }

  /** The sandbox's own checkpoint of queue offsets and timestamps (not a RocketMQ file). */
  persistStore(): void {
    const file = this.storeFile();
    if (!file) return;
    const queues: Array<{ topic: string; queueId: number } & QueueSnapshot> = [];
    for (const [topic, queueId, q] of this.store.entries()) queues.push({ topic, queueId, ...q.snapshot() });
    writeConfigFile(file, JSON.stringify({ brokerName: this.brokerName, savedAt: this.clock.wallNow(), queues }));
  }

  loadStore(): number {
    const file = this.storeFile();
    if (!file) return 0;
    let n = 0;
    readConfigFile(file, (text) => {
      const doc = JSON.parse(text) as { queues?: Array<{ topic: string; queueId: number } & QueueSnapshot> };
      for (const s of doc.queues ?? []) {
        this.store.queue(s.topic, s.queueId).restore(s);
        n++;
      }
    });
    return n;
  }

  // ---- remoting --------------------------------------------------------------------------------

  handle(cmd: RemotingCommand, peer: PeerInfo): RemotingCommand | undefined {
    let reply: RemotingCommand | undefined;
    try {
      reply = this.dispatch(cmd, peer);
    } catch (err) {
      if (err instanceof HeaderError) reply = createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: err.message });
      else throw err;
    }
    // The broker's own replies carry its version; a relayed client reply (307) keeps the client's.
    if (reply && this.versionOrdinal !== DEFAULT_VERSION && cmd.code !== RequestCode.GET_CONSUMER_RUNNING_INFO) reply.version = this.versionOrdinal;
    return reply;
  }

  private dispatch(cmd: RemotingCommand, peer: PeerInfo): RemotingCommand | undefined {
    switch (cmd.code) {
      case RequestCode.PULL_MESSAGE:
        return this.onPull(cmd, peer);
      case RequestCode.QUERY_CONSUMER_OFFSET:
        return this.onQueryConsumerOffset(cmd);
      case RequestCode.UPDATE_CONSUMER_OFFSET:
        return this.onUpdateConsumerOffset(cmd);
      case RequestCode.GET_BROKER_RUNTIME_INFO:
        return this.onRuntimeInfo(cmd);
      case RequestCode.GET_BROKER_CONFIG:
        return this.onBrokerConfig(cmd);
      case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP: {
        const b = (ext(cmd, "boundaryType") ?? "lower").toLowerCase() === "upper" ? "upper" : "lower";
        const offset = this.store.searchOffset(need(cmd, "topic"), needInt(cmd, "queueId"), needInt(cmd, "timestamp"), b as BoundaryType);
        return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { offset } });
      }
      case RequestCode.GET_MAX_OFFSET:
        return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { offset: this.store.maxOffset(need(cmd, "topic"), needInt(cmd, "queueId")) } });
      case RequestCode.GET_MIN_OFFSET:
        // 5.3.3 answers through its RPC path, which sets an empty remark.
        return createResponse(cmd, ResponseCode.SUCCESS, { remark: "", extFields: { offset: this.store.minOffset(need(cmd, "topic"), needInt(cmd, "queueId")) } });
      case RequestCode.GET_EARLIEST_MSG_STORETIME:
        return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { timestamp: this.store.earliestTime(need(cmd, "topic"), needInt(cmd, "queueId")) } });
      case RequestCode.HEART_BEAT:
        return createResponse(cmd, ResponseCode.SUCCESS);
      case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
        return this.onConsumerList(cmd);
      case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG:
        return createResponse(cmd, ResponseCode.SUCCESS, { body: this.subscriptionGroupsBody() });
      case RequestCode.GET_TOPIC_STATS_INFO:
        return this.onTopicStats(cmd);
      case RequestCode.GET_CONSUMER_CONNECTION_LIST:
        return this.onConnectionList(cmd);
      case RequestCode.GET_CONSUME_STATS:
        return this.onConsumeStats(cmd);
      case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET:
        return this.onResetOffset(cmd);
      case RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS:
        return this.onConsumerStatus(cmd);
      case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO:
        return this.onConsumeByWho(cmd);
      case RequestCode.GET_CONSUMER_RUNNING_INFO:
        return this.onRunningInfo(cmd);
      case RequestCode.QUERY_TOPICS_BY_CONSUMER: {
        const topics = this.offsets.topicsByGroup(need(cmd, "group"));
        return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ brokerAddr: J.str(this.address), topicList: J.arr(topics.map(J.str)) })) });
      }
      case GET_TOPIC_CONFIG: {
        const topic = need(cmd, "topic");
        const t = this.topics.get(topic);
        if (!t) return createResponse(cmd, ResponseCode.TOPIC_NOT_EXIST, { remark: `No topic in this broker. topic: ${topic}` });
        const body = J.obj({
          attributes: "{}",
          order: J.bool(t.order),
          perm: J.long(t.perm),
          readQueueNums: J.long(t.readQueueNums),
          topicFilterType: J.str("SINGLE_TAG"),
          topicName: J.str(t.topicName),
          topicSysFlag: J.long(t.topicSysFlag),
          writeQueueNums: J.long(t.writeQueueNums),
        });
        return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
      }
      default:
        return notSupported(cmd);
    }
  }

  private onPull(cmd: RemotingCommand, peer: PeerInfo): RemotingCommand {
    const call: PullCall = {
      group: need(cmd, "consumerGroup"),
      topic: need(cmd, "topic"),
      queueId: needInt(cmd, "queueId"),
      queueOffset: needInt(cmd, "queueOffset"),
      maxMsgNums: needInt(cmd, "maxMsgNums"),
      sysFlag: needInt(cmd, "sysFlag"),
      commitOffset: needInt(cmd, "commitOffset"),
      clientAddr: peer.remoteAddress,
    };
    const r = this.pull(call, true);
    if ("error" in r) return { ...r.error, opaque: cmd.opaque };
    const extFields = {
      nextBeginOffset: r.nextBeginOffset,
      minOffset: r.minOffset,
      maxOffset: r.maxOffset,
      suggestWhichBrokerId: 0,
      topicSysFlag: this.topics.get(call.topic)?.topicSysFlag ?? 0,
      groupSysFlag: this.groups.get(call.group)?.groupSysFlag ?? 0,
    };
    let body: Buffer | undefined;
    if (r.code === ResponseCode.SUCCESS) {
      const parts: Buffer[] = [];
      for (let i = 0; i < r.count; i++) parts.push(this.encodeStored(call.topic, call.queueId, r.from + i));
      body = Buffer.concat(parts);
    }
    return createResponse(cmd, r.code, { remark: r.status, extFields, body });
  }

  /** The stored bytes of one message (derived content, real store timestamp). */
  encodeStored(topic: string, queueId: number, offset: number): Buffer {
    const storeTs = this.store.timestampAt(topic, queueId, offset);
    const retry = isRetryTopic(topic) ? this.retryOrigin(topic, offset) : undefined;
    const meta = this.options.topicMeta(retry?.topic ?? topic);
    const facts = describeMessage(retry?.topic ?? topic, retry?.queueId ?? queueId, retry?.offset ?? offset, storeTs, meta.keyPrefix, meta.tags);
    const props: Array<[string, string]> = [["MSG_REGION", "DefaultRegion"], ["UNIQ_KEY", facts.uniqKey], ["CLUSTER", this.clusterName]];
    if (facts.tag) props.push(["TAGS", facts.tag]);
    props.push(["KEYS", facts.key], ["WAIT", "true"]);
    if (retry) props.push(["RETRY_TOPIC", retry.topic], ["ORIGIN_MESSAGE_ID", facts.uniqKey], ["REAL_TOPIC", topic], ["REAL_QID", String(queueId)]);
    props.push(["TRACE_ON", "true"]);
    const [host, port] = this.address.split(":");
    return encodeMessage({
      topic,
      queueId,
      queueOffset: offset,
      physicalOffset: (BigInt(this.topicIndex(topic)) << 40n) | BigInt(offset),
      bornTimestamp: storeTs - facts.bornDelayMs,
      bornHost: facts.producerHost,
      storeTimestamp: storeTs,
      storeHost: [host ?? "127.0.0.1", Number(port)],
      reconsumeTimes: retry?.reconsumeTimes ?? 0,
      body: facts.body,
      properties: props,
    });
  }

  private readonly topicIndexes = new Map<string, number>();
  private topicIndex(topic: string): number {
    let i = this.topicIndexes.get(topic);
    if (i === undefined) this.topicIndexes.set(topic, (i = this.topicIndexes.size + 1));
    return i;
  }

  private onQueryConsumerOffset(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const topic = need(cmd, "topic");
    const queueId = needInt(cmd, "queueId");
    const offset = this.offsets.query(group, topic, queueId);
    if (offset >= 0) return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { offset } });
    const setZero = ext(cmd, "setZeroIfNotFound");
    if (setZero !== undefined && setZero.toLowerCase() === "false") {
      return createResponse(cmd, ResponseCode.QUERY_NOT_FOUND, { remark: "Not found, do not set to zero, maybe this group boot first" });
    }
    const q = this.store.peek(topic, queueId);
    if (q && q.minOffset <= 0 && q.maxOffset > 0) return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { offset: 0 } });
    return createResponse(cmd, ResponseCode.QUERY_NOT_FOUND, { remark: "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first" });
  }

  private onUpdateConsumerOffset(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const topic = need(cmd, "topic");
    if (!this.groups.has(group)) return createResponse(cmd, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, { remark: `Group ${group} not exist!` });
    if (!this.topics.has(topic)) return createResponse(cmd, ResponseCode.TOPIC_NOT_EXIST, { remark: `Topic ${topic} not exist!` });
    const queueIdRaw = ext(cmd, "queueId");
    if (queueIdRaw === undefined) return createResponse(cmd, ResponseCode.INVALID_PARAMETER, { remark: `QueueId is null, topic is ${topic}` });
    const offsetRaw = ext(cmd, "commitOffset");
    if (offsetRaw === undefined) return createResponse(cmd, ResponseCode.INVALID_PARAMETER, { remark: `Offset is null, topic is ${topic}` });
    const queueId = toInt(queueIdRaw, "queueId");
    if (this.offsets.hasReset(group, topic, queueId)) {
      return createResponse(cmd, ResponseCode.SUCCESS, { remark: "Offset has been previously reset" });
    }
    this.offsets.commit(group, topic, queueId, toInt(offsetRaw, "commitOffset"));
    return createResponse(cmd, ResponseCode.SUCCESS);
  }

  private onConsumerList(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const ids = [...(this.consumers.get(group)?.channels.keys() ?? [])];
    if (ids.length === 0) return createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: `no consumer for this group, ${group}` });
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ consumerIdList: J.arr(ids.map(J.str)) })) });
  }

  private subscriptionGroupsBody(): Buffer {
    if (this.groupsBody?.version === this.groupsVersion) return this.groupsBody.body;
    this.groupsDataVersion = { counter: this.groupsDataVersion.counter + 1, timestamp: this.clock.wallNow() };
    const table = [...this.groups.values()].map(
      (g) =>
        [
          g.groupName,
          J.obj({
            attributes: "{}",
            brokerId: J.long(g.brokerId),
            consumeBroadcastEnable: J.bool(g.consumeBroadcastEnable),
            consumeEnable: J.bool(g.consumeEnable),
            consumeFromMinEnable: J.bool(g.consumeFromMinEnable),
            consumeMessageOrderly: J.bool(g.consumeMessageOrderly),
            consumeTimeoutMinute: J.long(g.consumeTimeoutMinute),
            groupName: J.str(g.groupName),
            groupRetryPolicy: J.obj({ type: J.str("CUSTOMIZED") }),
            groupSysFlag: J.long(g.groupSysFlag),
            notifyConsumerIdsChangedEnable: J.bool(g.notifyConsumerIdsChangedEnable),
            retryMaxTimes: J.long(g.retryMaxTimes),
            retryQueueNums: J.long(g.retryQueueNums),
            whichBrokerWhenConsumeSlowly: J.long(g.whichBrokerWhenConsumeSlowly),
          }),
        ] as const,
    );
    const body = J.utf8(
      J.obj({
        dataVersion: J.obj({ counter: J.long(this.groupsDataVersion.counter), stateVersion: "0", timestamp: J.long(this.groupsDataVersion.timestamp) }),
        forbiddenTable: "{}",
        subscriptionGroupTable: J.strMap(table),
      }),
    );
    this.groupsBody = { version: this.groupsVersion, body };
    return body;
  }

  private onTopicStats(cmd: RemotingCommand): RemotingCommand {
    const topic = need(cmd, "topic");
    const conf = this.topics.get(topic);
    if (!conf) return createResponse(cmd, ResponseCode.TOPIC_NOT_EXIST, { remark: `topic[${topic}] not exist` });
    const n = Math.max(conf.readQueueNums, conf.writeQueueNums);
    const entries: Array<[MessageQueue, J.Encoded]> = [];
    for (let i = 0; i < n; i++) {
      const min = Math.max(0, this.store.minOffset(topic, i));
      const max = Math.max(0, this.store.maxOffset(topic, i));
      const ts = max > 0 ? this.store.timestampAt(topic, i, max - 1) : 0;
      entries.push([{ topic, brokerName: this.brokerName, queueId: i }, J.obj({ lastUpdateTimestamp: J.long(ts), maxOffset: J.long(max), minOffset: J.long(min) })]);
    }
    const tps = this.topicPutMeters.get(topic)?.rate(this.clock.wallNow(), 60_000) ?? 0;
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ offsetTable: J.mqMap(entries), topicPutTps: J.double(tps) })) });
  }

  private onConnectionList(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const info = this.consumers.get(group);
    if (!info) return createResponse(cmd, ResponseCode.CONSUMER_NOT_ONLINE, { remark: `the consumer group[${group}] not online` });
    const connections = [...info.channels.values()].map((c) =>
      J.obj({ clientAddr: J.str(c.clientAddr), clientId: J.str(c.clientId), language: J.str(c.language), version: J.long(c.version) }),
    );
    const body = J.obj({
      connectionSet: J.arr(connections),
      consumeFromWhere: J.str(info.consumeFromWhere),
      consumeType: J.str(info.consumeType),
      messageModel: J.str(info.messageModel),
      subscriptionTable: J.strMap([...info.subscriptions.values()].map((s) => [s.topic, subscriptionJson(s)] as const)),
    });
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
  }

  /** The consume stats rows of a group on this broker, as GET_CONSUME_STATS computes them. */
  consumeStats(group: string, topic?: string, topicList?: string[]): { rows: Array<{ mq: MessageQueue; brokerOffset: number; consumerOffset: number; pullOffset: number; lastTimestamp: number }>; consumeTps: number } {
    let topics: string[];
    if (topicList && topicList.length > 0) topics = topicList;
    else {
      topics = topic ? [topic] : this.offsets.topicsByGroup(group);
      const info = this.consumers.get(group);
      const subCount = info?.subscriptions.size ?? 0;
      if (subCount > 0) topics = topics.filter((t) => info?.subscriptions.has(t));
    }
    const rows: Array<{ mq: MessageQueue; brokerOffset: number; consumerOffset: number; pullOffset: number; lastTimestamp: number }> = [];
    let consumeTps = 0;
    const now = this.clock.wallNow();
    for (const t of topics) {
      const conf = this.topics.get(t);
      if (!conf) continue;
      for (let i = 0; i < conf.readQueueNums; i++) {
        const brokerOffset = Math.max(0, this.store.maxOffset(t, i));
        const consumerOffset = Math.max(0, this.offsets.query(group, t, i));
        const pullOffset = Math.max(consumerOffset, this.offsets.queryPull(group, t, i));
        let lastTimestamp = 0;
        if (consumerOffset - 1 >= 0) {
          const ts = this.store.timestampAt(t, i, consumerOffset - 1);
          if (ts > 0) lastTimestamp = ts;
        }
        rows.push({ mq: { topic: t, brokerName: this.brokerName, queueId: i }, brokerOffset, consumerOffset, pullOffset, lastTimestamp });
      }
      consumeTps += this.groupGetMeters.get(`${group}@${t}`)?.rate(now, 60_000) ?? 0;
    }
    return { rows, consumeTps };
  }

  private onConsumeStats(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const topicList = ext(cmd, "topicList")
      ?.split(";")
      .map((s) => s.trim())
      .filter(Boolean);
    const { rows, consumeTps } = this.consumeStats(group, ext(cmd, "topic"), topicList);
    const table = J.mqMap(
      rows.map((r) => [
        r.mq,
        J.obj({ brokerOffset: J.long(r.brokerOffset), consumerOffset: J.long(r.consumerOffset), lastTimestamp: J.long(r.lastTimestamp), pullOffset: J.long(r.pullOffset) }),
      ]),
    );
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ consumeTps: J.double(consumeTps), offsetTable: table })) });
  }

  /** resetOffsetInner (5.1+ server-side reset); returns the reply. Exposed for scenario scripts. */
  resetOffset(group: string, topic: string, timestamp: number, queueId = -1, offset?: number): { code: number; remark?: string; table?: Array<[number, number]> } {
    const conf = this.topics.get(topic);
    if (!conf) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `Topic ${topic} does not exist` };
    if (!this.groups.has(group)) return { code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, remark: `Group ${group} does not exist` };
    const targets: Array<[number, number]> = [];
    const byTime = (qid: number) => (timestamp < 0 ? this.store.maxOffset(topic, qid) : this.store.searchOffset(topic, qid, timestamp));
    if (queueId >= 0) {
      let target: number;
      if (offset !== undefined && offset !== -1) {
        const min = this.store.minOffset(topic, queueId);
        const max = this.store.maxOffset(topic, queueId);
        if ((min >= 0 && offset < min) || offset > max + 1) {
          return { code: ResponseCode.SYSTEM_ERROR, remark: `Target offset ${offset} not in consume queue range [${min}-${max}]` };
        }
        target = offset;
      } else target = byTime(queueId);
      targets.push([queueId, target]);
    } else {
      for (let i = 0; i < conf.readQueueNums; i++) targets.push([i, byTime(i)]);
    }
    if (targets.length === 0) return { code: ResponseCode.SYSTEM_ERROR, remark: "No queues to reset." };
    for (const [qid, off] of targets) this.offsets.assignReset(group, topic, qid, off);
    return { code: ResponseCode.SUCCESS, table: targets };
  }

  private onResetOffset(cmd: RemotingCommand): RemotingCommand {
    const topic = need(cmd, "topic");
    const group = need(cmd, "group");
    const timestamp = needInt(cmd, "timestamp");
    need(cmd, "isForce");
    const queueId = optInt(cmd, "queueId", -1);
    const offRaw = ext(cmd, "offset");
    const offset = offRaw === undefined ? undefined : toInt(offRaw, "offset");
    if (this.resetPath === "legacy") {
      // Broker2Client.resetOffset: queueId and offset are not read; a CPP request gets the C body in 220.
      const isForce = need(cmd, "isForce").trim().toLowerCase() === "true";
      const legacy = this.legacyResetOffset(group, topic, timestamp, isForce, cmd.language === "CPP");
      if (legacy.code !== ResponseCode.SUCCESS || !legacy.table) return createResponse(cmd, legacy.code, { remark: legacy.remark });
      const body = J.obj({ offsetTable: J.mqMap(legacy.table.map(([qid, off]) => [{ topic, brokerName: this.brokerName, queueId: qid }, J.long(off)] as const)) });
      // createResponseCommand(null) starts as SYSTEM_ERROR "not set any response code"; only the code is changed.
      return createResponse(cmd, ResponseCode.SUCCESS, { remark: "not set any response code", body: J.utf8(body) });
    }
    const r = this.resetOffset(group, topic, timestamp, queueId, offset);
    if (r.code !== ResponseCode.SUCCESS || !r.table) return createResponse(cmd, r.code, { remark: r.remark });
    const body = J.obj({ offsetTable: J.mqMap(r.table.map(([qid, off]) => [{ topic, brokerName: this.brokerName, queueId: qid }, J.long(off)] as const)) });
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
  }

  /**
   * Broker2Client.resetOffset (the legacy push path; 4.x, 5.0, or useServerSideResetOffset=false).
   * Per queue 0..writeQueueNums-1: no committed offset -> SYSTEM_ERROR "THe consumer group <g> not
   * exist" (sic); target = max offset for timestamp -1, else the time search, negative -> 0; the
   * target if isForce or it rewinds, else the committed offset. The table goes oneway as
   * RESET_CONSUMER_CLIENT_OFFSET (220) to every channel of the group (the clients apply and commit
   * it); the broker writes nothing. No channel: CONSUMER_NOT_ONLINE. Exposed for scenario scripts.
   */
  legacyResetOffset(group: string, topic: string, timestamp: number, isForce: boolean, isC = false): { code: number; remark?: string; table?: Array<[number, number]> } {
    const conf = this.topics.get(topic);
    if (!conf) {
      // 4.9 answers SYSTEM_ERROR, 5.x TOPIC_NOT_EXIST, with the same remark.
      const code = this.versionOrdinal < V5_0_0 ? ResponseCode.SYSTEM_ERROR : ResponseCode.TOPIC_NOT_EXIST;
      return { code, remark: `[reset-offset] reset offset failed, no topic in this broker. topic=${topic}` };
    }
    const table: Array<[number, number]> = [];
    for (let i = 0; i < conf.writeQueueNums; i++) {
      const committed = this.offsets.query(group, topic, i);
      if (committed === -1) return { code: ResponseCode.SYSTEM_ERROR, remark: `THe consumer group <${group}> not exist` };
      let target = timestamp === -1 ? this.store.maxOffset(topic, i) : this.store.searchOffset(topic, i, timestamp);
      if (target < 0) target = 0;
      table.push([i, isForce || target < committed ? target : committed]);
    }
    const channels = [...(this.consumers.get(group)?.channels.values() ?? [])];
    if (channels.length === 0) {
      return { code: ResponseCode.CONSUMER_NOT_ONLINE, remark: `Consumer not online, so can not reset offset, Group: ${group} Topic: ${topic} Timestamp: ${timestamp}` };
    }
    const entries = table.map(([qid, off]) => [{ topic, brokerName: this.brokerName, queueId: qid }, off] as const);
    const body = isC
      ? J.obj({ offsetTable: J.arr(entries.map(([mq, off]) => J.obj({ brokerName: J.str(mq.brokerName), offset: J.long(off), queueId: J.long(mq.queueId), topic: J.str(mq.topic) }))) })
      : J.obj({ offsetTable: J.mqMap(entries.map(([mq, off]) => [mq, J.long(off)] as const)) });
    for (const channel of channels) {
      // ResetOffsetRequestHeader: isForce left false, offset (null) omitted; 5.x adds queueId (default -1).
      const header = this.versionOrdinal >= V5_0_0 ? { topic, group, queueId: -1, timestamp, isForce: false } : { topic, group, timestamp, isForce: false };
      const request = {
        ...createRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, header, J.utf8(body), { oneway: true }),
        version: this.versionOrdinal,
        opaque: this.nextOpaque++,
      };
      try {
        channel.call(request); // oneway: whatever the client returns is dropped
      } catch {
        // Java logs the failed invokeOneway and carries on with the next channel.
      }
    }
    return { code: ResponseCode.SUCCESS, table };
  }

  private onConsumeByWho(cmd: RemotingCommand): RemotingCommand {
    const topic = need(cmd, "topic");
    const groups = new Set<string>();
    for (const info of this.consumers.values()) if (info.subscriptions.has(topic)) groups.add(info.group);
    for (const g of this.offsets.groupsByTopic(topic)) groups.add(g);
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ groupList: J.arr([...groups].sort().map(J.str)) })) });
  }

  /** callConsumer: forwards the request to the client's channel and relays its reply verbatim. */
  private onRunningInfo(cmd: RemotingCommand): RemotingCommand {
    const group = need(cmd, "consumerGroup");
    const clientId = need(cmd, "clientId");
    const channel = this.consumers.get(group)?.channels.get(clientId);
    if (!channel) return createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: `The Consumer <${group}> <${clientId}> not online` });
    const forwarded = { ...createRequest(RequestCode.GET_CONSUMER_RUNNING_INFO, { ...cmd.extFields }, cmd.body), opaque: this.nextOpaque++ };
    try {
      const reply = channel.call(forwarded);
      return { ...reply, opaque: cmd.opaque, flag: 1, version: DEFAULT_VERSION };
    } catch (err) {
      return createResponse(cmd, ResponseCode.SYSTEM_ERROR, {
        remark: `invoke consumer <${group}> <${clientId}> Exception: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  /** Broker2Client.getConsumeStatus: asks every client of the group (221) for its offsets of `topic`. */
  private onConsumerStatus(cmd: RemotingCommand): RemotingCommand {
    const topic = need(cmd, "topic");
    const group = need(cmd, "group");
    const origin = ext(cmd, "clientAddr");
    const info = this.consumers.get(group);
    if (!info) {
      return createResponse(cmd, ResponseCode.SYSTEM_ERROR, {
        remark: `java.lang.NullPointerException: Cannot invoke "org.apache.rocketmq.broker.client.ConsumerGroupInfo.getChannelInfoTable()" because the return value of "org.apache.rocketmq.broker.client.ConsumerManager.getConsumerGroupInfo(String)" is null`,
      });
    }
    if (info.channels.size === 0) return createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: `No Any Consumer online in the consumer group: [${group}]` });
    const table: Array<[string, J.Encoded]> = [];
    for (const channel of info.channels.values()) {
      if (origin !== undefined && origin !== channel.clientId) continue;
      const request = { ...createRequest(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, { topic, group }), opaque: this.nextOpaque++ };
      try {
        const reply = channel.call(request);
        if (reply.code === ResponseCode.SUCCESS && reply.body) {
          // The client's GetConsumerStatusBody, decoded and re-encoded as Java does.
          const entries = readMessageQueueMap(getField(parseFastjson(reply.body), "messageQueueTable") ?? {}, (v) => asBigInt(v, "offset"));
          table.push([channel.clientId, J.mqMap(entries.map((e) => [e.mq, J.long(e.value)] as const))]);
        }
      } catch {
        // Java logs and carries on with the next client.
      }
      if (origin !== undefined) break;
    }
    const body = J.obj({ consumerTable: J.strMap(table), messageQueueTable: "{}" });
    return createResponse(cmd, ResponseCode.SUCCESS, { remark: "not set any response code", body: J.utf8(body) });
  }

  /**
   * GET_BROKER_CONFIG (26): Configuration.getAllConfigsFormatString, i.e. MixAll.properties2String of
   * the broker's config objects (`key=value\n`, sorted by key in 5.x), with ext `version` = the
   * configuration's DataVersion JSON. A subset of the real ~400 keys, with the real defaults; keys that
   * the claimed version does not have are left out (useServerSideResetOffset before 5.1.0).
   */
  brokerConfig(): Map<string, string> {
    const root = this.options.storeDir ?? `/sandbox/${this.brokerName}/store`;
    const [host, port] = this.address.split(":");
    const v5 = this.versionOrdinal >= V5_0_0;
    const config: Record<string, string | undefined> = {
      autoCreateSubscriptionGroup: "true",
      autoCreateTopicEnable: "true",
      brokerClusterName: this.clusterName,
      brokerIP1: host ?? "127.0.0.1",
      brokerId: "0",
      brokerName: this.brokerName,
      brokerPermission: String(PERM_READ | PERM_WRITE),
      brokerRole: "ASYNC_MASTER",
      brokerTopicEnable: "true",
      clusterTopicEnable: "true",
      defaultTopicQueueNums: "8",
      deleteWhen: "04",
      enableControllerMode: v5 ? "false" : undefined,
      enableSlaveActingMaster: v5 ? "false" : undefined,
      fileReservedTime: "72",
      flushConsumerOffsetInterval: "5000",
      flushDiskType: "ASYNC_FLUSH",
      listenPort: port ?? String(this.options.port),
      litePullMessageEnable: v5 ? "true" : undefined,
      longPollingEnable: "true",
      maxMessageSize: "4194304",
      maxTransferCountOnMessageInMemory: String(MAX_TRANSFER_COUNT),
      messageDelayLevel: "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h",
      msgTraceTopicName: "RMQ_SYS_TRACE_TOPIC",
      namesrvAddr: this.options.namesrvAddr(),
      notifyConsumerIdsChangedEnable: "true",
      regionId: "DefaultRegion",
      registerNameServerPeriod: "30000",
      rocketmqHome: `/sandbox/${this.brokerName}`,
      serverChannelMaxIdleTimeSeconds: "120",
      slaveReadEnable: "false",
      storePathCommitLog: `${root}/commitlog`,
      storePathRootDir: root,
      traceTopicEnable: "false",
      useServerSideResetOffset: this.versionOrdinal >= SERVER_SIDE_RESET_SINCE ? String(this.resetPath === "server-side") : undefined,
    };
    const out = new Map<string, string>();
    for (const k of Object.keys(config).sort()) {
      const v = config[k];
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  private onBrokerConfig(cmd: RemotingCommand): RemotingCommand {
    let text = "";
    for (const [k, v] of this.brokerConfig()) text += `${k}=${v}\n`;
    // DataVersion.toJson: 5.x has stateVersion, 4.9 does not. Nothing updates the config, so counter 0.
    const version = this.versionOrdinal >= V5_0_0 ? J.obj({ counter: "0", stateVersion: "0", timestamp: J.long(this.bootTimestamp) }) : J.obj({ counter: "0", timestamp: J.long(this.bootTimestamp) });
    return createResponse(cmd, ResponseCode.SUCCESS, { extFields: { version }, body: Buffer.from(text, "utf8") });
  }

  private onRuntimeInfo(cmd: RemotingCommand): RemotingCommand {
    const now = this.clock.wallNow();
    const tps = (m: RateMeter) => `${J.double(m.rate(now, 10_000))} ${J.double(m.rate(now, 60_000))} ${J.double(m.rate(now, 600_000))}`;
    let storeMsgs = 0;
    let earliest = Number.MAX_SAFE_INTEGER;
    for (const [, , q] of this.store.entries()) {
      storeMsgs += q.count;
      if (q.count > 0) earliest = Math.min(earliest, q.timestampAt(q.minOffset));
    }
    const avgSize = 335;
    const uptime = Math.max(0, now - this.bootTimestamp);
    const d = Math.floor(uptime / 86_400_000);
    const h = Math.floor((uptime % 86_400_000) / 3_600_000);
    const mi = Math.floor((uptime % 3_600_000) / 60_000);
    const s = Math.floor((uptime % 60_000) / 1000);
    const table: Record<string, string> = {
      msgPutTotalTodayNow: String(this.putMeter.total),
      brokerActive: "true",
      sendThreadPoolQueueHeadWaitTimeMills: "0",
      putMessageDistributeTime: "null",
      queryThreadPoolQueueHeadWaitTimeMills: "0",
      remainHowManyDataToFlush: "0 B",
      msgGetTotalTodayNow: String(this.getFoundMeter.total),
      timerEnqueueTps: "0.0",
      queryThreadPoolQueueSize: "0",
      timerOffsetBehind: "0",
      bootTimestamp: String(this.bootTimestamp),
      msgPutTotalYesterdayMorning: "0",
      msgGetTotalYesterdayMorning: "0",
      pullThreadPoolQueueSize: "0",
      commitLogMinOffset: "0",
      pullThreadPoolQueueHeadWaitTimeMills: "0",
      runtime: `[ ${d} days, ${h} hours, ${mi} minutes, ${s} seconds ]`,
      dispatchMaxBuffer: "0",
      brokerVersion: String(this.versionOrdinal),
      putTps: tps(this.putMeter),
      getTransferredTps: tps(this.getFoundMeter),
      getMissTps: tps(this.getMissMeter),
      litePullThreadPoolQueueHeadWaitTimeMills: "0",
      EndTransactionQueueSize: "0",
      getTotalTps: tps(this.getMeter),
      consumeQueueDiskRatio: "0.15",
      litePullThreadPoolQueueSize: "0",
      pageCacheLockTimeMills: "0",
      ackThreadPoolQueueSize: "0",
      commitLogDiskRatio: "0.15",
      getFoundTps: tps(this.getFoundMeter),
      EndTransactionThreadPoolQueueCapacity: "100000",
      ackThreadPoolQueueHeadWaitTimeMills: "0",
      putMessageFailedTimes: "0",
      putLatency999: "0.00",
      timerReadBehind: "0",
      commitLogMaxOffset: String(storeMsgs * avgSize),
      getMessageEntireTimeMax: "1",
      msgPutTotalTodayMorning: "0",
      putMessageTimesTotal: String(this.putMeter.total),
      putLatency99: "0.00",
      msgGetTotalTodayMorning: "0",
      brokerVersionDesc: this.brokerVersion,
      startAcceptSendRequestTimeStamp: "0",
      sendThreadPoolQueueSize: "0",
      putMessageEntireTimeMax: "1",
      earliestMessageTimeStamp: String(earliest === Number.MAX_SAFE_INTEGER ? 0 : earliest),
      commitLogDirCapacity: "Total : 252.0 GiB, Free : 214.2 GiB.",
      [`commitLogDiskRatio_/sandbox/${this.brokerName}/store/commitlog`]: "0.15",
      timerCongestNum: "0",
      remainTransientStoreBufferNumbs: "2147483647",
      ackThreadPoolQueueCapacity: "100000",
      queryThreadPoolQueueCapacity: "20000",
      putMessageAverageSize: String(avgSize),
      dispatchBehindBytes: "0",
      putMessageSizeTotal: String(this.putMeter.total * avgSize),
      sendThreadPoolQueueCapacity: "10000",
      timerDequeueTps: "0.0",
      pullThreadPoolQueueCapacity: "100000",
      litePullThreadPoolQueueCapacity: "100000",
    };
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ table: J.properties(table) })) });
  }
}

export { PERM_READ, PERM_WRITE };

import { TtlCache, NameServerClient } from "./cluster/nameserver";
import { mapSettled } from "./concurrency";
import { ResponseError, UnexpectedResponseError } from "./errors";
import type { OutboundCommand } from "./network/connection";
import { ConnectionPool } from "./network/pool";
import type { MessageQueue } from "./protocol/messageQueue";
import type { RemotingCommand } from "./protocol/remotingCommand";
import { ResponseCode } from "./protocol/responseCode";
import * as getAllSubscriptionGroupConfig from "./protocol/requests/getAllSubscriptionGroupConfig/request";
import * as getAllSubscriptionGroupConfigResponse from "./protocol/requests/getAllSubscriptionGroupConfig/response";
import * as getAllTopicList from "./protocol/requests/getAllTopicList/request";
import * as getAllTopicListResponse from "./protocol/requests/getAllTopicList/response";
import * as getBrokerClusterInfo from "./protocol/requests/getBrokerClusterInfo/request";
import * as getBrokerClusterInfoResponse from "./protocol/requests/getBrokerClusterInfo/response";
import * as getBrokerRuntimeInfo from "./protocol/requests/getBrokerRuntimeInfo/request";
import * as getBrokerRuntimeInfoResponse from "./protocol/requests/getBrokerRuntimeInfo/response";
import * as getBrokerConfig from "./protocol/requests/getBrokerConfig/request";
import * as getBrokerConfigResponse from "./protocol/requests/getBrokerConfig/response";
import * as getConsumeStats from "./protocol/requests/getConsumeStats/request";
import * as getConsumeStatsResponse from "./protocol/requests/getConsumeStats/response";
import * as getConsumerConnectionList from "./protocol/requests/getConsumerConnectionList/request";
import * as getConsumerConnectionListResponse from "./protocol/requests/getConsumerConnectionList/response";
import * as getConsumerRunningInfo from "./protocol/requests/getConsumerRunningInfo/request";
import * as getConsumerRunningInfoResponse from "./protocol/requests/getConsumerRunningInfo/response";
import * as getConsumerStatus from "./protocol/requests/getConsumerStatus/request";
import * as getConsumerStatusResponse from "./protocol/requests/getConsumerStatus/response";
import * as getRouteInfoByTopic from "./protocol/requests/getRouteInfoByTopic/request";
import * as getRouteInfoByTopicResponse from "./protocol/requests/getRouteInfoByTopic/response";
import * as getTopicStatsInfo from "./protocol/requests/getTopicStatsInfo/request";
import * as getTopicStatsInfoResponse from "./protocol/requests/getTopicStatsInfo/response";
import * as queryTopicConsumeByWho from "./protocol/requests/queryTopicConsumeByWho/request";
import * as queryTopicConsumeByWhoResponse from "./protocol/requests/queryTopicConsumeByWho/response";
import * as queryTopicsByConsumer from "./protocol/requests/queryTopicsByConsumer/request";
import * as queryTopicsByConsumerResponse from "./protocol/requests/queryTopicsByConsumer/response";
import * as queryConsumerOffset from "./protocol/requests/queryConsumerOffset/request";
import * as queryConsumerOffsetResponse from "./protocol/requests/queryConsumerOffset/response";
import * as updateConsumerOffset from "./protocol/requests/updateConsumerOffset/request";
import * as updateConsumerOffsetResponse from "./protocol/requests/updateConsumerOffset/response";
import * as getMaxOffset from "./protocol/requests/getMaxOffset/request";
import * as getMaxOffsetResponse from "./protocol/requests/getMaxOffset/response";
import * as getMinOffset from "./protocol/requests/getMinOffset/request";
import * as getMinOffsetResponse from "./protocol/requests/getMinOffset/response";
import * as searchOffsetByTimestamp from "./protocol/requests/searchOffsetByTimestamp/request";
import * as searchOffsetByTimestampResponse from "./protocol/requests/searchOffsetByTimestamp/response";
import * as getEarliestMsgStoreTime from "./protocol/requests/getEarliestMsgStoreTime/request";
import * as getEarliestMsgStoreTimeResponse from "./protocol/requests/getEarliestMsgStoreTime/response";
import * as resetOffset from "./protocol/requests/resetOffset/request";
import * as resetOffsetResponse from "./protocol/requests/resetOffset/response";
import * as pullMessage from "./protocol/requests/pullMessage/request";
import * as pullMessageResponse from "./protocol/requests/pullMessage/response";
import * as getConsumerListByGroup from "./protocol/requests/getConsumerListByGroup/request";
import * as getConsumerListByGroupResponse from "./protocol/requests/getConsumerListByGroup/response";
import { retry, type RetryOptions } from "./retry";

import type { ClusterInfo } from "./protocol/requests/getBrokerClusterInfo/response";
import type { ConsumeStats, QueueConsumeStats } from "./protocol/requests/getConsumeStats/response";
import type { ClientConnection, ConsumerConnection, SubscriptionData } from "./protocol/requests/getConsumerConnectionList/response";
import type { ConsumerRunningInfo } from "./protocol/requests/getConsumerRunningInfo/response";
import type { TopicRoute } from "./protocol/requests/getRouteInfoByTopic/response";

/** A broker as the admin addresses it: its name (for messages and MessageQueues) and master address. */
export interface BrokerRef {
  brokerName: string;
  address: string;
  cluster?: string;
}

/** One broker's failure inside a merged answer; the rest of the answer is still good. */
export interface BrokerFailure {
  brokerName: string;
  address: string;
  message: string;
  retriable: boolean;
}

export interface AdminOptions {
  nameServers: readonly string[];
  /** Deadline of most requests (default 3 s). */
  requestTimeoutMs?: number;
  /** Deadline of GET_CONSUMER_RUNNING_INFO (default and minimum 12 s: the broker waits 10 s for the client). */
  runningInfoTimeoutMs?: number;
  /** Deadline of big bodies (subscription groups, consumer status; default 12 s). */
  largeTimeoutMs?: number;
  /** Bound on parallel requests of one merged call (default 16). */
  concurrency?: number;
  /** TTL of topic routes and cluster info (default 10 s). */
  routeTtlMs?: number;
  retry?: Partial<RetryOptions>;
  pool?: ConnectionPool;
  /**
   * Remoting addresses of the cluster's 5.x proxies (host:port of the proxy's remoting listener).
   * Proxies do not register with the NameServer, and gRPC clients (Simple and Push consumers of
   * rocketmq-client-java & co.) hold channels only to a proxy: the brokers answer 203 with
   * CONSUMER_NOT_ONLINE for their groups. getGroupClients then asks the proxies.
   */
  proxies?: readonly string[];
}

export interface ConsumeProgress {
  group: string;
  /** Every queue of every master that has offsets for the group, %RETRY% included; sorted. */
  queues: QueueConsumeStats[];
  /** Sum over brokers of the broker-side pull TPS (not a consume rate). */
  consumeTps: number;
  brokers: BrokerRef[];
  failures: BrokerFailure[];
}

export interface GroupClients {
  group: string;
  online: boolean;
  /**
   * `brokers`: brokers holding the client's channel (remoting clients). `proxy`: the proxy the
   * client is connected to (gRPC clients); its language/version are then the proxy's, not the client's.
   */
  connections: Array<ClientConnection & { brokers: string[]; proxy?: string }>;
  /** True when the clients were found through a proxy (gRPC clients; they consume by POP). */
  viaProxy: boolean;
  subscriptions: SubscriptionData[];
  consumeType: string | undefined;
  messageModel: string | undefined;
  consumeFromWhere: string | undefined;
  failures: BrokerFailure[];
}

export type ClientProcessQueues =
  | { clientId: string; ok: true; info: ConsumerRunningInfo; via: BrokerRef }
  | { clientId: string; ok: false; message: string; via?: BrokerRef; grpc?: true };

export interface GroupList {
  groups: Array<getAllSubscriptionGroupConfigResponse.SubscriptionGroupConfig & { brokers: string[] }>;
  failures: BrokerFailure[];
}

const RETRY_PREFIX = "%RETRY%";

export function brokerLabel(b: BrokerRef): string {
  return `${b.brokerName} ${b.address}`;
}

function failureOf(broker: BrokerRef, err: unknown): BrokerFailure {
  return {
    brokerName: broker.brokerName,
    address: broker.address,
    message: err instanceof Error ? err.message : String(err),
    retriable: typeof err === "object" && err !== null && "retriable" in err && (err as { retriable: unknown }).retriable === true,
  };
}

/**
 * The typed admin API over one cluster's NameServers. Per-broker calls take a BrokerRef; merged
 * calls ask every master concurrently (bounded) and report the brokers that failed beside the
 * data of the ones that answered, so a dead broker degrades one part of a page, not all of it.
 */
export class RocketMQAdmin {
  readonly pool: ConnectionPool;
  readonly nameServer: NameServerClient;
  private readonly timeoutMs: number;
  private readonly runningInfoTimeoutMs: number;
  private readonly largeTimeoutMs: number;
  private readonly concurrency: number;
  readonly proxies: readonly string[];
  private readonly retryOptions: Partial<RetryOptions>;
  private readonly routes: TtlCache<TopicRoute>;
  private readonly clusterInfo: TtlCache<ClusterInfo>;
  private readonly ownsPool: boolean;

  constructor(options: AdminOptions) {
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new ConnectionPool();
    this.timeoutMs = options.requestTimeoutMs ?? 3_000;
    this.runningInfoTimeoutMs = Math.max(getConsumerRunningInfo.MIN_TIMEOUT_MS, options.runningInfoTimeoutMs ?? 0);
    this.largeTimeoutMs = options.largeTimeoutMs ?? 12_000;
    this.concurrency = options.concurrency ?? 16;
    this.proxies = [...new Set(options.proxies ?? [])];
    this.retryOptions = options.retry ?? {};
    this.nameServer = new NameServerClient(options.nameServers, this.pool, { timeoutMs: this.timeoutMs });
    const ttl = options.routeTtlMs ?? 10_000;
    this.routes = new TtlCache(ttl);
    this.clusterInfo = new TtlCache(ttl);
  }

  close(): void {
    if (this.ownsPool) this.pool.closeAll();
  }

  /** Sends one request to a broker, retrying retriable failures; returns the raw reply. */
  async invoke(broker: BrokerRef, cmd: OutboundCommand, timeoutMs = this.timeoutMs): Promise<RemotingCommand> {
    const conn = this.pool.get(broker.address, brokerLabel(broker));
    return retry(() => conn.request(cmd, { timeoutMs }), this.retryOptions);
  }

  private async invokeNameServer(cmd: OutboundCommand): Promise<RemotingCommand> {
    return retry(() => this.nameServer.request(cmd, this.timeoutMs), this.retryOptions);
  }

  private nsLabel(): string {
    return `NameServer ${this.nameServer.addresses.join(";")}`;
  }

  // ---- NameServer -------------------------------------------------------------------------------

  getClusterInfo(fresh = false): Promise<ClusterInfo> {
    if (fresh) this.clusterInfo.invalidate();
    return this.clusterInfo.get("cluster", async () => getBrokerClusterInfoResponse.parse(await this.invokeNameServer(getBrokerClusterInfo.encode()), this.nsLabel()));
  }

  async getTopicList(): Promise<string[]> {
    return getAllTopicListResponse.parse(await this.invokeNameServer(getAllTopicList.encode()), this.nsLabel());
  }

  getTopicRoute(topic: string, fresh = false): Promise<TopicRoute> {
    if (fresh) this.routes.invalidate(topic);
    return this.routes.get(topic, async () => getRouteInfoByTopicResponse.parse(await this.invokeNameServer(getRouteInfoByTopic.encode({ topic })), this.nsLabel()));
  }

  /** Master (brokerId 0) of every broker the NameServer knows, sorted by name. Brokers without a live master are left out. */
  async getMasterBrokers(): Promise<BrokerRef[]> {
    const info = await this.getClusterInfo();
    return info.brokers.flatMap((b) => {
      const master = b.addresses.find((a) => a.brokerId === 0);
      return master ? [{ brokerName: b.brokerName, address: master.address, cluster: b.cluster }] : [];
    });
  }

  /** Masters that host `topic`, from its route. */
  async getTopicMasters(topic: string): Promise<BrokerRef[]> {
    const route = await this.getTopicRoute(topic);
    return route.brokerDatas.flatMap((b) => {
      const master = b.addresses.find((a) => a.brokerId === 0);
      return master ? [{ brokerName: b.brokerName, address: master.address, cluster: b.cluster }] : [];
    });
  }

  /** The master of one broker name, by route of `topic`. */
  async getBrokerOfQueue(mq: MessageQueue): Promise<BrokerRef> {
    const broker = (await this.getTopicMasters(mq.topic)).find((b) => b.brokerName === mq.brokerName);
    if (!broker) throw new UnexpectedResponseError(`no master of ${mq.brokerName} is in the route of ${mq.topic}`);
    return broker;
  }

  // ---- One broker -------------------------------------------------------------------------------

  async getConsumeStats(broker: BrokerRef, group: string, topic?: string): Promise<ConsumeStats> {
    return getConsumeStatsResponse.parse(await this.invoke(broker, getConsumeStats.encode({ consumerGroup: group, topic })), brokerLabel(broker));
  }

  async getTopicStats(broker: BrokerRef, topic: string) {
    return getTopicStatsInfoResponse.parse(await this.invoke(broker, getTopicStatsInfo.encode({ topic })), brokerLabel(broker));
  }

  async getConsumerConnectionList(broker: BrokerRef, group: string): Promise<ConsumerConnection> {
    return getConsumerConnectionListResponse.parse(await this.invoke(broker, getConsumerConnectionList.encode({ consumerGroup: group })), brokerLabel(broker));
  }

  async getConsumerRunningInfo(broker: BrokerRef, group: string, clientId: string, jstack = false): Promise<ConsumerRunningInfo> {
    const reply = await this.invoke(broker, getConsumerRunningInfo.encode({ consumerGroup: group, clientId, jstack }), this.runningInfoTimeoutMs);
    return getConsumerRunningInfoResponse.parse(reply, brokerLabel(broker));
  }

  async getSubscriptionGroups(broker: BrokerRef) {
    return getAllSubscriptionGroupConfigResponse.parse(await this.invoke(broker, getAllSubscriptionGroupConfig.encode(), this.largeTimeoutMs), brokerLabel(broker));
  }

  async queryTopicsByConsumer(broker: BrokerRef, group: string): Promise<string[]> {
    return queryTopicsByConsumerResponse.parse(await this.invoke(broker, queryTopicsByConsumer.encode({ group })), brokerLabel(broker));
  }

  async queryTopicConsumeByWho(broker: BrokerRef, topic: string): Promise<string[]> {
    return queryTopicConsumeByWhoResponse.parse(await this.invoke(broker, queryTopicConsumeByWho.encode({ topic })), brokerLabel(broker));
  }

  async getBrokerRuntimeInfo(broker: BrokerRef) {
    return getBrokerRuntimeInfoResponse.parse(await this.invoke(broker, getBrokerRuntimeInfo.encode()), brokerLabel(broker));
  }

  /**
   * The broker's configuration (GET_BROKER_CONFIG), key -> value as the broker writes it. Feed it to
   * resetPathOf (resetPath.ts) to choose the offset-reset path for this broker.
   */
  async getBrokerConfig(broker: BrokerRef): Promise<Map<string, string>> {
    return getBrokerConfigResponse.parse(await this.invoke(broker, getBrokerConfig.encode()), brokerLabel(broker));
  }

  async getConsumerStatus(broker: BrokerRef, group: string, topic: string, clientAddr?: string) {
    const reply = await this.invoke(broker, getConsumerStatus.encode({ group, topic, clientAddr }), this.largeTimeoutMs);
    return getConsumerStatusResponse.parse(reply, brokerLabel(broker));
  }

  async getConsumerIdList(broker: BrokerRef, group: string): Promise<string[]> {
    return getConsumerListByGroupResponse.parse(await this.invoke(broker, getConsumerListByGroup.encode({ consumerGroup: group })), brokerLabel(broker));
  }

  /** The committed offset of one queue, or null when the group has none there. */
  async queryConsumerOffset(broker: BrokerRef, group: string, mq: MessageQueue): Promise<bigint | null> {
    const reply = await this.invoke(broker, queryConsumerOffset.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId }));
    return queryConsumerOffsetResponse.parse(reply, brokerLabel(broker));
  }

  /** Writes a committed offset (sync). Online consumers overwrite it within ~5 s unless a server-side reset is pending. */
  async updateConsumerOffset(broker: BrokerRef, group: string, mq: MessageQueue, offset: bigint) {
    const reply = await this.invoke(
      broker,
      updateConsumerOffset.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId, commitOffset: offset, brokerName: mq.brokerName }),
    );
    return updateConsumerOffsetResponse.parse(reply, brokerLabel(broker));
  }

  async getMaxOffset(broker: BrokerRef, mq: MessageQueue): Promise<bigint> {
    return getMaxOffsetResponse.parse(await this.invoke(broker, getMaxOffset.encode({ topic: mq.topic, queueId: mq.queueId })), brokerLabel(broker));
  }

  async getMinOffset(broker: BrokerRef, mq: MessageQueue): Promise<bigint> {
    return getMinOffsetResponse.parse(await this.invoke(broker, getMinOffset.encode({ topic: mq.topic, queueId: mq.queueId })), brokerLabel(broker));
  }

  /** The offset of the first message stored at or after `timestamp` (the max offset when none is). */
  async searchOffset(broker: BrokerRef, mq: MessageQueue, timestamp: bigint): Promise<bigint> {
    const reply = await this.invoke(broker, searchOffsetByTimestamp.encode({ topic: mq.topic, queueId: mq.queueId, timestamp }));
    return searchOffsetByTimestampResponse.parse(reply, brokerLabel(broker));
  }

  async getEarliestMsgStoreTime(broker: BrokerRef, mq: MessageQueue): Promise<bigint | null> {
    const reply = await this.invoke(broker, getEarliestMsgStoreTime.encode({ topic: mq.topic, queueId: mq.queueId }));
    return getEarliestMsgStoreTimeResponse.parse(reply, brokerLabel(broker));
  }

  /** INVOKE_BROKER_TO_RESET_OFFSET on one broker; the caller picks the path for its version (see protocol §4). */
  async resetOffset(broker: BrokerRef, req: resetOffset.ResetOffsetRequest) {
    return resetOffsetResponse.parse(await this.invoke(broker, resetOffset.encode(req), this.largeTimeoutMs), brokerLabel(broker));
  }

  /** Reads messages at an offset as TOOLS_CONSUMER (never the real group: a pull would clear its pending reset). */
  async pullMessage(broker: BrokerRef, mq: MessageQueue, offset: bigint, maxMessages = 1) {
    const reply = await this.invoke(broker, pullMessage.encode({ topic: mq.topic, queueId: mq.queueId, queueOffset: offset, maxMsgNums: maxMessages }));
    return pullMessageResponse.parse(reply, brokerLabel(broker));
  }

  /**
   * Store time (ms) of the message at `offset` of a queue: for lag in time, the first unconsumed
   * message's age. Null when there is no message there (offset at the end, or already expired).
   */
  async getStoreTimeAt(mq: MessageQueue, offset: bigint): Promise<bigint | null> {
    const broker = await this.getBrokerOfQueue(mq);
    const result = await this.pullMessage(broker, mq, offset);
    if (result.status !== "found") return null;
    const message = result.messages.find((m) => m.queueOffset === offset) ?? result.messages[0];
    return message ? message.storeTimestamp : null;
  }

  // ---- Merged over all masters ------------------------------------------------------------------

  /**
   * Consume progress of a group on every master (GET_CONSUME_STATS without topic), merged; includes
   * the group's %RETRY% queues. Brokers that do not know the group contribute nothing.
   */
  async getConsumeProgress(group: string): Promise<ConsumeProgress> {
    const brokers = await this.getMasterBrokers();
    const results = await mapSettled(brokers, this.concurrency, async (broker) => {
      try {
        return await this.getConsumeStats(broker, group);
      } catch (err) {
        if (err instanceof ResponseError && err.code === ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST) return { queues: [], consumeTps: 0 };
        throw err;
      }
    });
    const queues: QueueConsumeStats[] = [];
    const failures: BrokerFailure[] = [];
    let consumeTps = 0;
    results.forEach((r, i) => {
      if (r.status === "fulfilled") {
        queues.push(...r.value.queues);
        consumeTps += r.value.consumeTps;
      } else failures.push(failureOf(brokers[i]!, r.reason));
    });
    return { group, queues, consumeTps, brokers, failures };
  }

  /** Every subscription group on every master (system groups included), with the brokers that hold it. */
  async listGroups(): Promise<GroupList> {
    const brokers = await this.getMasterBrokers();
    const results = await mapSettled(brokers, this.concurrency, (broker) => this.getSubscriptionGroups(broker));
    const byName = new Map<string, GroupList["groups"][number]>();
    const failures: BrokerFailure[] = [];
    results.forEach((r, i) => {
      const broker = brokers[i]!;
      if (r.status === "rejected") {
        failures.push(failureOf(broker, r.reason));
        return;
      }
      for (const g of r.value) {
        const known = byName.get(g.groupName);
        if (known) known.brokers.push(broker.brokerName);
        else byName.set(g.groupName, { ...g, brokers: [broker.brokerName] });
      }
    });
    return { groups: [...byName.values()].sort((a, b) => a.groupName.localeCompare(b.groupName)), failures };
  }

  /**
   * The group's online clients as every master sees them, merged by clientId (a client connects to
   * each broker it consumes from). `online` is false when no broker has a channel of the group.
   */
  async getGroupClients(group: string): Promise<GroupClients> {
    const brokers = await this.getMasterBrokers();
    const fromBrokers = await this.connectionsVia(brokers, group);
    // gRPC clients are known only to the proxy they connect to; a proxy knows only its own clients.
    const viaProxy = fromBrokers.clients.size === 0 && this.proxies.length > 0;
    const fromProxies = viaProxy ? await this.connectionsVia(this.proxies.map((address) => ({ brokerName: `proxy ${address}`, address })), group) : undefined;
    const used = fromProxies && fromProxies.clients.size > 0 ? fromProxies : fromBrokers;
    const connections = [...used.clients.values()].map(({ via, ...c }) =>
      used === fromProxies ? { ...c, brokers: [], proxy: via[0]!.address } : { ...c, brokers: via.map((e) => e.brokerName) },
    );
    return {
      group,
      online: connections.length > 0,
      connections: connections.sort((a, b) => a.clientId.localeCompare(b.clientId)),
      viaProxy: used === fromProxies,
      subscriptions: [...used.subscriptions.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
      consumeType: used.first?.consumeType,
      messageModel: used.first?.messageModel,
      consumeFromWhere: used.first?.consumeFromWhere,
      failures: [...fromBrokers.failures, ...(fromProxies?.failures ?? [])],
    };
  }

  /** 203 on each endpoint (brokers or proxies), merged by client id; "not online" is no failure. */
  private async connectionsVia(endpoints: readonly BrokerRef[], group: string) {
    const results = await mapSettled(endpoints, this.concurrency, async (endpoint) => {
      try {
        return await this.getConsumerConnectionList(endpoint, group);
      } catch (err) {
        if (err instanceof ResponseError && (err.code === ResponseCode.CONSUMER_NOT_ONLINE || err.code === ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST)) return undefined;
        throw err;
      }
    });
    // per client, the endpoints holding its channel
    const clients = new Map<string, ClientConnection & { via: BrokerRef[] }>();
    const subscriptions = new Map<string, SubscriptionData>();
    const failures: BrokerFailure[] = [];
    let first: ConsumerConnection | undefined;
    results.forEach((r, i) => {
      const endpoint = endpoints[i]!;
      if (r.status === "rejected") {
        failures.push(failureOf(endpoint, r.reason));
        return;
      }
      if (!r.value) return;
      first ??= r.value;
      for (const c of r.value.connections) {
        const known = clients.get(c.clientId);
        if (known) known.via.push(endpoint);
        else clients.set(c.clientId, { ...c, via: [endpoint] });
      }
      for (const s of r.value.subscriptions) if (!subscriptions.has(s.topic)) subscriptions.set(s.topic, s);
    });
    return { clients, subscriptions, failures, first };
  }

  /**
   * Each online client's running info (ProcessQueue per queue, RT/TPS) through a broker that holds
   * the client's channel. A client that does not answer is reported, not fatal.
   */
  async getProcessQueues(group: string, clients?: GroupClients): Promise<ClientProcessQueues[]> {
    const known = clients ?? (await this.getGroupClients(group));
    const masters = await this.getMasterBrokers();
    const results = await mapSettled(known.connections, this.concurrency, async (client): Promise<ClientProcessQueues> => {
      if (client.proxy !== undefined) {
        // The proxy answers 307 with REQUEST_CODE_NOT_SUPPORTED and no broker holds a gRPC client's channel.
        return { clientId: client.clientId, ok: false, grpc: true, message: `gRPC client connected through proxy ${client.proxy}: it consumes by POP and has no ProcessQueue, and the proxy does not relay GET_CONSUMER_RUNNING_INFO` };
      }
      const candidates = masters.filter((m) => client.brokers.includes(m.brokerName));
      let lastError = "no broker holds a channel of this client";
      for (const via of candidates) {
        try {
          return { clientId: client.clientId, ok: true, info: await this.getConsumerRunningInfo(via, group, client.clientId), via };
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          if (!(err instanceof ResponseError) && !(typeof err === "object" && err !== null && "retriable" in err)) throw err;
        }
      }
      return { clientId: client.clientId, ok: false, message: lastError, via: candidates[0] };
    });
    return results.map((r, i) =>
      r.status === "fulfilled" ? r.value : { clientId: known.connections[i]!.clientId, ok: false, message: r.reason instanceof Error ? r.reason.message : String(r.reason) },
    );
  }
}

export const isRetryTopic = (topic: string) => topic.startsWith(RETRY_PREFIX);
export const retryTopicOf = (group: string) => `${RETRY_PREFIX}${group}`;

/**
 * The bodies a Java 5.3.3 client returns to broker-initiated requests:
 * - 307 GET_CONSUMER_RUNNING_INFO: ConsumerRunningInfo {jstack?, mqPopTable, mqTable, properties,
 *   statusTable, subscriptionSet, userConsumerInfo} with ProcessQueueInfo's misspelled `droped`;
 * - 221 GET_CONSUMER_STATUS_FROM_CLIENT: GetConsumerStatusBody {consumerTable:{}, messageQueueTable}.
 * Properties are what MixAll.object2Properties dumps for the consumer object and its ClientConfig,
 * plus the PROP_* keys MQClientInstance adds.
 */
import type { MessageQueue } from "../../rocketmq/protocol/messageQueue";
import { subscriptionJson } from "../broker";
import * as J from "../json";
import type { ConsumeFromWhere, MessageModel, SubscriptionData } from "../types";
import type { ProcessQueueInfo } from "./processQueue";

export interface ConsumeStatus {
  pullRT: number;
  pullTPS: number;
  consumeRT: number;
  consumeOKTPS: number;
  consumeFailedTPS: number;
  consumeFailedMsgs: number;
}

export function processQueueInfoJson(i: ProcessQueueInfo): J.Encoded {
  return J.obj({
    cachedMsgCount: J.long(i.cachedMsgCount),
    cachedMsgMaxOffset: J.long(i.cachedMsgMaxOffset),
    cachedMsgMinOffset: J.long(i.cachedMsgMinOffset),
    cachedMsgSizeInMiB: J.long(i.cachedMsgSizeInMiB),
    commitOffset: J.long(i.commitOffset),
    droped: J.bool(i.droped),
    lastConsumeTimestamp: J.long(i.lastConsumeTimestamp),
    lastLockTimestamp: J.long(i.lastLockTimestamp),
    lastPullTimestamp: J.long(i.lastPullTimestamp),
    locked: J.bool(i.locked),
    transactionMsgCount: J.long(i.transactionMsgCount),
    transactionMsgMaxOffset: J.long(i.transactionMsgMaxOffset),
    transactionMsgMinOffset: J.long(i.transactionMsgMinOffset),
    tryUnlockTimes: J.long(i.tryUnlockTimes),
  });
}

export function consumeStatusJson(s: ConsumeStatus): J.Encoded {
  return J.obj({
    consumeFailedMsgs: J.long(Math.round(s.consumeFailedMsgs)),
    consumeFailedTPS: J.double(s.consumeFailedTPS),
    consumeOKTPS: J.double(s.consumeOKTPS),
    consumeRT: J.double(s.consumeRT),
    pullRT: J.double(s.pullRT),
    pullTPS: J.double(s.pullTPS),
  });
}

export function runningInfoBody(info: {
  properties: Record<string, string>;
  subscriptions: SubscriptionData[];
  mqTable: Array<[MessageQueue, ProcessQueueInfo]>;
  statusTable: Array<[string, ConsumeStatus]>;
  jstack?: string;
}): Buffer {
  return J.utf8(
    J.obj({
      jstack: info.jstack === undefined ? undefined : J.str(info.jstack),
      mqPopTable: "{}",
      mqTable: J.mqMap(info.mqTable.map(([mq, pq]) => [mq, processQueueInfoJson(pq)] as const)),
      properties: J.properties(info.properties),
      statusTable: J.strMap(info.statusTable.map(([t, s]) => [t, consumeStatusJson(s)] as const)),
      subscriptionSet: J.arr([...info.subscriptions].sort((a, b) => (a.topic < b.topic ? -1 : 1)).map(subscriptionJson)),
      userConsumerInfo: "{}",
    }),
  );
}

export function consumerStatusBody(offsets: Array<[MessageQueue, number]>): Buffer {
  return J.utf8(J.obj({ consumerTable: "{}", messageQueueTable: J.mqMap(offsets.map(([mq, o]) => [mq, J.long(o)] as const)) }));
}

/** yyyyMMddHHmmss in local time (ClientConfig / consumeTimestamp format). */
export function humanTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export interface PropertyFacts {
  group: string;
  instanceName: string;
  clientIp: string;
  namesrvAddr: string;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  consumeTimestamp: number;
  startTimestamp: number;
  hash: (label: string) => string;
}

/** ClientConfig's non-null fields (5.3.3). */
function clientConfigProps(f: PropertyFacts, persistIntervalMs: number): Record<string, string> {
  return {
    namesrvAddr: f.namesrvAddr,
    clientIP: f.clientIp,
    instanceName: f.instanceName,
    clientCallbackExecutorThreads: "2",
    pollNameServerInterval: "30000",
    heartbeatBrokerInterval: "30000",
    persistConsumerOffsetInterval: String(persistIntervalMs),
    pullTimeDelayMillsWhenException: "3000",
    unitMode: "false",
    vipChannelEnabled: "false",
    useTLS: "false",
    socksProxyConfig: "{}",
    mqClientApiTimeout: "3000",
    detectTimeout: "200",
    detectInterval: "2000",
    language: "JAVA",
    accessChannel: "LOCAL",
    enableStreamRequestType: "false",
    sendLatencyEnable: "false",
    startDetectorEnable: "false",
    enableHeartbeatChannelEventListener: "true",
    enableTrace: "false",
    useHeartbeatV2: "false",
    namespaceInitialized: "true",
    decodeReadBody: "true",
    decodeDecompressBody: "true",
    traceMsgBatchNum: "10",
  };
}

/** DefaultMQPushConsumer.object2Properties + the PROP_* keys of a push consumer. */
export function pushConsumerProperties(
  f: PropertyFacts,
  o: { orderly: boolean; threads: number; pullBatchSize: number; pullThresholdForQueue: number; persistIntervalMs: number; broadcasting: boolean },
): Record<string, string> {
  return {
    ...clientConfigProps(f, o.persistIntervalMs),
    consumerGroup: f.group,
    messageModel: f.messageModel,
    consumeFromWhere: f.consumeFromWhere,
    consumeTimestamp: humanTimestamp(f.consumeTimestamp),
    allocateMessageQueueStrategy: `org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely@${f.hash("allocate")}`,
    subscription: "{}",
    messageListener: `io.tidemark.sandbox.${o.orderly ? "OrderlyListener" : "ConcurrentlyListener"}@${f.hash("listener")}`,
    offsetStore: o.broadcasting
      ? `org.apache.rocketmq.client.consumer.store.LocalFileOffsetStore@${f.hash("store")}`
      : `org.apache.rocketmq.client.consumer.store.RemoteBrokerOffsetStore@${f.hash("store")}`,
    consumeThreadMin: String(o.threads),
    consumeThreadMax: String(o.threads),
    adjustThreadPoolNumsThreshold: "100000",
    consumeConcurrentlyMaxSpan: "2000",
    pullThresholdForQueue: String(o.pullThresholdForQueue),
    popThresholdForQueue: "96",
    pullThresholdSizeForQueue: "100",
    pullThresholdForTopic: "-1",
    pullThresholdSizeForTopic: "-1",
    pullInterval: "0",
    consumeMessageBatchMaxSize: "1",
    pullBatchSize: String(o.pullBatchSize),
    pullBatchSizeInBytes: "262144",
    postSubscriptionWhenPull: "false",
    maxReconsumeTimes: "-1",
    suspendCurrentQueueTimeMillis: "1000",
    consumeTimeout: "15",
    popInvisibleTime: "60000",
    popBatchNums: "32",
    awaitTerminationMillisWhenShutdown: "0",
    clientRebalance: "true",
    log: "Logger[org.apache.rocketmq.client.consumer.DefaultMQPushConsumer]",
    defaultMQPushConsumerImpl: `org.apache.rocketmq.client.impl.consumer.DefaultMQPushConsumerImpl@${f.hash("impl")}`,
    PROP_CONSUMEORDERLY: String(o.orderly),
    PROP_THREADPOOL_CORE_SIZE: String(o.threads),
    PROP_CONSUMER_START_TIMESTAMP: String(f.startTimestamp),
    PROP_NAMESERVER_ADDR: `${f.namesrvAddr};`,
    PROP_CONSUME_TYPE: "CONSUME_PASSIVELY",
    PROP_CLIENT_VERSION: "V5_3_3",
  };
}

/** DefaultLitePullConsumer.object2Properties + PROP_* (no PROP_CONSUMEORDERLY / THREADPOOL for lite pull). */
export function litePullConsumerProperties(f: PropertyFacts, o: { pullBatchSize: number; pullThresholdForQueue: number }): Record<string, string> {
  return {
    ...clientConfigProps(f, 5000),
    consumerGroup: f.group,
    brokerSuspendMaxTimeMillis: "20000",
    consumerTimeoutMillisWhenSuspend: "30000",
    consumerPullTimeoutMillis: "10000",
    messageModel: f.messageModel,
    allocateMessageQueueStrategy: `org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely@${f.hash("allocate")}`,
    autoCommit: "false",
    pullThreadNums: "20",
    autoCommitIntervalMillis: "5000",
    pullBatchSize: String(o.pullBatchSize),
    pullThresholdForAll: "10000",
    consumeMaxSpan: "2000",
    pullThresholdForQueue: String(o.pullThresholdForQueue),
    pullThresholdSizeForQueue: "100",
    pollTimeoutMillis: "5000",
    topicMetadataCheckIntervalMillis: "30000",
    consumeFromWhere: f.consumeFromWhere,
    consumeTimestamp: humanTimestamp(f.consumeTimestamp),
    offsetStore: `org.apache.rocketmq.client.consumer.store.RemoteBrokerOffsetStore@${f.hash("store")}`,
    log: "Logger[org.apache.rocketmq.client.consumer.DefaultLitePullConsumer]",
    defaultLitePullConsumerImpl: `org.apache.rocketmq.client.impl.consumer.DefaultLitePullConsumerImpl@${f.hash("impl")}`,
    PROP_CONSUMER_START_TIMESTAMP: String(f.startTimestamp),
    PROP_NAMESERVER_ADDR: `${f.namesrvAddr};`,
    PROP_CONSUME_TYPE: "CONSUME_ACTIVELY",
    PROP_CLIENT_VERSION: "V5_3_3",
  };
}

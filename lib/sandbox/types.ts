/** Types shared by the sandbox's brokers, NameServer and simulated clients. */
import type { MessageQueue } from "../rocketmq/protocol/messageQueue";
import type { RemotingCommand } from "../rocketmq/protocol/remotingCommand";

export type MessageModel = "CLUSTERING" | "BROADCASTING";
export type ConsumeType = "CONSUME_PASSIVELY" | "CONSUME_ACTIVELY";
export type ConsumeFromWhere = "CONSUME_FROM_LAST_OFFSET" | "CONSUME_FROM_FIRST_OFFSET" | "CONSUME_FROM_TIMESTAMP";

export const RETRY_PREFIX = "%RETRY%";
export const retryTopicOf = (group: string) => `${RETRY_PREFIX}${group}`;
export const isRetryTopic = (topic: string) => topic.startsWith(RETRY_PREFIX);

export const PERM_READ = 4;
export const PERM_WRITE = 2;
export const PERM_INHERIT = 1;

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
  order: boolean;
}

/** SubscriptionData as clients send it in heartbeats (tag filter "*" only in the sandbox). */
export interface SubscriptionData {
  topic: string;
  subString: string;
  tags: string[];
  /** When the client subscribed (ms), as Java sets it. */
  subVersion: number;
}

/** The broker's side of a consumer's connection: what 203 lists and where 307 / 221 are sent. */
export interface ConsumerChannel {
  clientId: string;
  /** "ip:port" of the (simulated) TCP connection. */
  clientAddr: string;
  language: string;
  version: number;
  /** Handles a broker-to-client request like the Java client's ClientRemotingProcessor. */
  call(request: RemotingCommand): RemotingCommand;
}

/** A heartbeat's consumer data. */
export interface ConsumerRegistration {
  group: string;
  consumeType: ConsumeType;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  subscriptions: SubscriptionData[];
  channel: ConsumerChannel;
}

/** A record of one message a simulated consumer processed. */
export interface ConsumedRecord {
  group: string;
  clientId: string;
  topic: string;
  brokerName: string;
  queueId: number;
  offset: number;
  /** Store time of the message (ms), as the consumer saw it. */
  storeTimestamp: number;
  reconsumeTimes: number;
  /** Wall time the consume finished (ms). */
  consumedAt: number;
  ok: boolean;
}

export interface QueueRoute {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
}

export type { MessageQueue };

/** Thrown by in-process broker calls while the broker is unreachable. */
export class BrokerUnavailableError extends Error {
  constructor(readonly brokerName: string) {
    super(`broker ${brokerName} is unreachable`);
    this.name = "BrokerUnavailableError";
  }
}

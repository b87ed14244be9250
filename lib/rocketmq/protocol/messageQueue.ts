/** A queue of a topic on one broker, as RocketMQ's `MessageQueue` (JSON fields in this order). */
export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

/** A stable string key for maps: `topic|brokerName|queueId` (`|` cannot occur in names). */
export function mqKey(mq: MessageQueue): string {
  return `${mq.topic}|${mq.brokerName}|${mq.queueId}`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders by topic, then broker name (UTF-16 code unit order, as Java), then queue id. */
export function compareMq(a: MessageQueue, b: MessageQueue): number {
  return cmpStr(a.topic, b.topic) || cmpStr(a.brokerName, b.brokerName) || a.queueId - b.queueId;
}

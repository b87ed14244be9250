import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * UPDATE_CONSUMER_OFFSET (15), to a broker (the master of the queue's broker).
 *   ext: consumerGroup, topic, queueId:int, commitOffset:long, bname? (brokerName, for static topics)
 *   reply: SUCCESS (no ext, no body); remark "Offset has been previously reset" (5.1+) when the
 *          broker IGNORED the update because a server-side reset is pending for the queue.
 *   errors (5.3.0+): SUBSCRIPTION_GROUP_NOT_EXIST (26), TOPIC_NOT_EXIST (17), INVALID_PARAMETER (29)
 * Consumers send it oneway; the admin sends it as a normal (sync) request to see the outcome.
 */
export interface UpdateConsumerOffsetRequest {
  consumerGroup: string;
  topic: string;
  queueId: number;
  commitOffset: bigint;
  /** The queue's broker name (`bname`), as Java's admin sends it. */
  brokerName?: string;
}

export const code = RequestCode.UPDATE_CONSUMER_OFFSET;

export function encode(req: UpdateConsumerOffsetRequest) {
  return createRequest(code, {
    consumerGroup: req.consumerGroup,
    topic: req.topic,
    queueId: req.queueId,
    commitOffset: req.commitOffset,
    bname: req.brokerName,
  });
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * QUERY_CONSUMER_OFFSET (14), to a broker.
 *   ext: consumerGroup, topic, queueId:int, setZeroIfNotFound:bool (5.0+; always "false" here)
 *   reply: SUCCESS, ext offset:long (the committed offset)
 *          QUERY_NOT_FOUND (22) when nothing is committed for the queue
 * Without setZeroIfNotFound=false a broker answers SUCCESS 0 for a never-committed queue whose min
 * offset is <= 0 and whose first message is still in page cache; "false" keeps "nothing committed"
 * distinguishable for display. Older brokers ignore the unknown key.
 */
export interface QueryConsumerOffsetRequest {
  consumerGroup: string;
  topic: string;
  queueId: number;
}

export const code = RequestCode.QUERY_CONSUMER_OFFSET;

export function encode(req: QueryConsumerOffsetRequest) {
  return createRequest(code, {
    consumerGroup: req.consumerGroup,
    topic: req.topic,
    queueId: req.queueId,
    setZeroIfNotFound: false,
  });
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_CONSUME_STATS (208), to a broker.
 *   ext: consumerGroup, topic?   (no topic: every topic the group has offsets for, %RETRY% included;
 *        an online group's unsubscribed topics are dropped even when `topic` is given)
 *   reply body: ConsumeStats{offsetTable:{MQ:OffsetWrapper}, consumeTps:double}
 */
export interface GetConsumeStatsRequest {
  consumerGroup: string;
  topic?: string;
}

export const code = RequestCode.GET_CONSUME_STATS;

export function encode(req: GetConsumeStatsRequest) {
  return createRequest(code, { consumerGroup: req.consumerGroup, topic: req.topic });
}

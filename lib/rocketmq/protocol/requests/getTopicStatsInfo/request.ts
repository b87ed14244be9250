import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_TOPIC_STATS_INFO (202), to a broker.
 *   ext: topic
 *   reply body: TopicStatsTable{offsetTable:{MQ:{minOffset,maxOffset,lastUpdateTimestamp}}, topicPutTps? (5.3.3+)}
 *   TOPIC_NOT_EXIST (17) when the broker does not host the topic.
 */
export const code = RequestCode.GET_TOPIC_STATS_INFO;

export function encode(req: { topic: string }) {
  return createRequest(code, { topic: req.topic });
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * QUERY_TOPICS_BY_CONSUMER (343), to a broker.
 *   ext: group
 *   reply body: TopicList{topicList:[s], brokerAddr}: topics the group has offsets for on this broker.
 */
export const code = RequestCode.QUERY_TOPICS_BY_CONSUMER;

export function encode(req: { group: string }) {
  return createRequest(code, { group: req.group });
}

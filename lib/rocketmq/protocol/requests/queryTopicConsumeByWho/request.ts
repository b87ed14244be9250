import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * QUERY_TOPIC_CONSUME_BY_WHO (300), to a broker.
 *   ext: topic
 *   reply body: GroupList{groupList:[s]}: online subscribers plus groups with offsets on this broker.
 */
export const code = RequestCode.QUERY_TOPIC_CONSUME_BY_WHO;

export function encode(req: { topic: string }) {
  return createRequest(code, { topic: req.topic });
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206), to a NameServer. No ext.
 *   reply body: TopicList{topicList:[s]} (includes %RETRY%, %DLQ% and system topics)
 *   SYSTEM_ERROR "disable" when the NameServer runs with enableAllTopicList=false.
 */
export const code = RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER;

export function encode() {
  return createRequest(code);
}

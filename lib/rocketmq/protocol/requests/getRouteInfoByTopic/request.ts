import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_ROUTEINFO_BY_TOPIC (105), to a NameServer.
 *   ext: topic, acceptStandardJsonOnly=true (4.9.4+; with our version 479 the reply is standard JSON anyway)
 *   reply body: TopicRouteData{queueDatas:[{brokerName,readQueueNums,writeQueueNums,perm,topicSysFlag}],
 *               brokerDatas:[{cluster,brokerName,brokerAddrs:{brokerId:addr}}], ...}
 *   TOPIC_NOT_EXIST (17) for an unknown topic.
 */
export const code = RequestCode.GET_ROUTEINFO_BY_TOPIC;

export function encode(req: { topic: string }) {
  return createRequest(code, { topic: req.topic, acceptStandardJsonOnly: true });
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_CONSUMER_CONNECTION_LIST (203), to a broker.
 *   ext: consumerGroup
 *   reply body: ConsumerConnection{connectionSet:[{clientId,clientAddr,language,version}],
 *     subscriptionTable:{topic:SubscriptionData}, consumeType, messageModel, consumeFromWhere}
 *   CONSUMER_NOT_ONLINE (206) when the group has no channel on this broker.
 */
export const code = RequestCode.GET_CONSUMER_CONNECTION_LIST;

export function encode(req: { consumerGroup: string }) {
  return createRequest(code, { consumerGroup: req.consumerGroup });
}

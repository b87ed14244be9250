import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_CONSUMER_LIST_BY_GROUP (38), to a broker.
 *   ext: consumerGroup
 *   reply: SUCCESS, body GetConsumerListByGroupResponseBody {"consumerIdList":["clientId",...]}
 *          SYSTEM_ERROR "no consumer for this group, <g>" when no client of the group is connected
 *          to this broker
 */
export interface GetConsumerListByGroupRequest {
  consumerGroup: string;
}

export const code = RequestCode.GET_CONSUMER_LIST_BY_GROUP;

export function encode(req: GetConsumerListByGroupRequest) {
  return createRequest(code, { consumerGroup: req.consumerGroup });
}

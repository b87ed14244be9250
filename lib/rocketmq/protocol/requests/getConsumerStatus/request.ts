import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223), to a broker, which asks each client (221) in turn.
 *   ext: topic, group, clientAddr?
 *   reply body: {consumerTable:{clientId:{MQ:offset}}}: each client's own offsets (useful for
 *   BROADCASTING groups, whose offsets never reach the broker).
 */
export const code = RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS;

export function encode(req: { topic: string; group: string; clientAddr?: string }) {
  return createRequest(code, { topic: req.topic, group: req.group, clientAddr: req.clientAddr });
}

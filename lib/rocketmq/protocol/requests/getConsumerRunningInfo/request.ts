import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_CONSUMER_RUNNING_INFO (307), to a broker, which forwards it to the client and relays the reply.
 *   ext: consumerGroup, clientId, jstackEnable
 *   reply body: ConsumerRunningInfo{properties, subscriptionSet, mqTable:{MQ:ProcessQueueInfo},
 *     mqPopTable?, statusTable:{topic:ConsumeStatus}, userConsumerInfo?, jstack?}
 *   SYSTEM_ERROR "... not online"; CONSUME_MSG_TIMEOUT (207) when the client takes over 10 s: use a
 *   timeout of at least 12 s.
 */
export const code = RequestCode.GET_CONSUMER_RUNNING_INFO;

/** The broker waits up to 10 s for the client; ours must outlast it. */
export const MIN_TIMEOUT_MS = 12_000;

export function encode(req: { consumerGroup: string; clientId: string; jstack?: boolean }) {
  return createRequest(code, { consumerGroup: req.consumerGroup, clientId: req.clientId, jstackEnable: req.jstack ?? false });
}

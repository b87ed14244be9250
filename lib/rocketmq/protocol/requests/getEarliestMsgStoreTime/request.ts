import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_EARLIEST_MSG_STORETIME (32), to a broker.
 *   ext: topic, queueId:int
 *   reply: SUCCESS, ext timestamp:long = store time (ms) of the queue's first message, -1 if unknown
 *          (empty queue, or the message could not be read)
 */
export interface GetEarliestMsgStoreTimeRequest {
  topic: string;
  queueId: number;
}

export const code = RequestCode.GET_EARLIEST_MSG_STORETIME;

export function encode(req: GetEarliestMsgStoreTimeRequest) {
  return createRequest(code, { topic: req.topic, queueId: req.queueId });
}

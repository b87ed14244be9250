import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_MIN_OFFSET (31), to a broker.
 *   ext: topic, queueId:int
 *   reply: SUCCESS, ext offset:long = the smallest offset still in the consume queue
 */
export interface GetMinOffsetRequest {
  topic: string;
  queueId: number;
}

export const code = RequestCode.GET_MIN_OFFSET;

export function encode(req: GetMinOffsetRequest) {
  return createRequest(code, { topic: req.topic, queueId: req.queueId });
}

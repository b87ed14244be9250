import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_MAX_OFFSET (30), to a broker.
 *   ext: topic, queueId:int, committed?:bool (5.1+, broker default true: only offsets already
 *        committed to the store; false includes messages not yet dispatched/replicated)
 *   reply: SUCCESS, ext offset:long = the next offset to be written
 */
export interface GetMaxOffsetRequest {
  topic: string;
  queueId: number;
  committed?: boolean;
}

export const code = RequestCode.GET_MAX_OFFSET;

export function encode(req: GetMaxOffsetRequest) {
  return createRequest(code, { topic: req.topic, queueId: req.queueId, committed: req.committed });
}
